// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_mq_open ... toy_mq_notify over kmod/mqueue.c.
 *
 * glibc's mq_* are thin wrappers of the mq system calls; these are the same
 * wrappers over ioctls of /dev/toyipc, doing what glibc does around the
 * call: the leading slash is checked and stripped (EINVAL without it),
 * mq_send is mq_timedsend without a timeout, mq_getattr is mq_setattr
 * without a new value, mq_unlink's EPERM becomes EACCES.  A mqd_t is the
 * descriptor of a toymqueue file, so close, poll, select and epoll work
 * on it and toy_mq_close is close.
 *
 * SIGEV_THREAD: glibc registers a netlink socket with the kernel and runs
 * a helper thread that, for each notification, starts a thread calling
 * sigev_notify_function.  libtoyipc asks the module for a descriptor that
 * becomes readable when the registration ends, and starts one thread per
 * registration, with sigev_notify_attributes, that waits on it with every
 * signal blocked, then calls the function (or ends if the registration was
 * removed).  The caller sees what glibc's caller sees: the function runs
 * once, in a new detached thread, after the queue goes from empty to
 * non-empty with no receiver waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

mqd_t toy_mq_open(const char *name, int oflag, ...)
{
	struct toyipc_mq_open req = { .oflag = oflag };
	va_list ap;

	if (name[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	req.name = (uintptr_t)(name + 1);
	if (oflag & O_CREAT) {
		va_start(ap, oflag);
		req.mode = va_arg(ap, mode_t);
		req.attr = (uintptr_t)va_arg(ap, struct mq_attr *);
		va_end(ap);
	}
	return toy_ioctl(TOYIPC_IOC_MQ_OPEN, &req);
}

int toy_mq_close(mqd_t mqdes)
{
	return close(mqdes);
}

int toy_mq_unlink(const char *name)
{
	struct toyipc_mq_unlink req = { .name = (uintptr_t)(name + 1) };
	int ret;

	if (name[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	ret = toy_ioctl(TOYIPC_IOC_MQ_UNLINK, &req);
	if (ret < 0 && errno == EPERM)
		errno = EACCES;
	return ret;
}

int toy_mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len,
		     unsigned int msg_prio, const struct timespec *abs_timeout)
{
	struct timespec copy;
	struct toyipc_mq_send req = {
		.mqdes = mqdes,
		.msg_prio = msg_prio,
		.msg_ptr = (uintptr_t)msg_ptr,
		.msg_len = msg_len,
		.abs_timeout = toy_timeout(abs_timeout, &copy),
	};

	return toy_ioctl(TOYIPC_IOC_MQ_TIMEDSEND, &req);
}

int toy_mq_send(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned int msg_prio)
{
	return toy_mq_timedsend(mqdes, msg_ptr, msg_len, msg_prio, NULL);
}

ssize_t toy_mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len,
			    unsigned int *msg_prio, const struct timespec *abs_timeout)
{
	struct timespec copy;
	struct toyipc_mq_receive req = {
		.mqdes = mqdes,
		.msg_ptr = (uintptr_t)msg_ptr,
		.msg_len = msg_len,
		.msg_prio = (uintptr_t)msg_prio,
		.abs_timeout = toy_timeout(abs_timeout, &copy),
	};

	return toy_ioctl(TOYIPC_IOC_MQ_TIMEDRECEIVE, &req);
}

ssize_t toy_mq_receive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned int *msg_prio)
{
	return toy_mq_timedreceive(mqdes, msg_ptr, msg_len, msg_prio, NULL);
}

int toy_mq_setattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr)
{
	struct toyipc_mq_getsetattr req = {
		.mqdes = mqdes,
		.newattr = (uintptr_t)newattr,
		.oldattr = (uintptr_t)oldattr,
	};

	return toy_ioctl(TOYIPC_IOC_MQ_GETSETATTR, &req);
}

int toy_mq_getattr(mqd_t mqdes, struct mq_attr *attr)
{
	return toy_mq_setattr(mqdes, NULL, attr);
}

/* What a SIGEV_THREAD helper needs: its descriptor and the function. */
struct notify_thread {
	int fd;
	void (*fn)(union sigval);
	union sigval value;
	sigset_t mask;		/* the registering thread's, for the function */
};

static void *notify_thread(void *arg)
{
	struct notify_thread *nt = arg;
	sigset_t all;
	ssize_t n;
	char state = 0;

	pthread_detach(pthread_self());
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	do
		n = read(nt->fd, &state, 1);
	while (n < 0 && errno == EINTR);
	close(nt->fd);
	pthread_sigmask(SIG_SETMASK, &nt->mask, NULL);
	if (n == 1 && state == TOYIPC_MQ_NOTE_FIRED)
		nt->fn(nt->value);
	free(nt);
	return NULL;
}

/* SIGEV_THREAD: register for a descriptor, start the thread that waits on it. */
static int notify_by_thread(mqd_t mqdes, const struct sigevent *sevp)
{
	struct sigevent ksev = { .sigev_notify = SIGEV_THREAD };
	struct toyipc_mq_notify req = { .mqdes = mqdes, .sevp = (uintptr_t)&ksev };
	struct notify_thread *nt = malloc(sizeof(*nt));
	pthread_t thread;
	int err;

	if (!nt) {
		errno = ENOMEM;
		return -1;
	}
	nt->fd = toy_ioctl(TOYIPC_IOC_MQ_NOTIFY, &req);
	if (nt->fd < 0) {
		free(nt);
		return -1;
	}
	nt->fn = sevp->sigev_notify_function;
	nt->value = sevp->sigev_value;
	pthread_sigmask(SIG_SETMASK, NULL, &nt->mask);
	err = pthread_create(&thread, sevp->sigev_notify_attributes, notify_thread, nt);
	if (err) {
		/* Closing the descriptor does not deregister: do it. */
		req.sevp = 0;
		toy_ioctl(TOYIPC_IOC_MQ_NOTIFY, &req);
		close(nt->fd);
		free(nt);
		errno = err;
		return -1;
	}
	return 0;
}

int toy_mq_notify(mqd_t mqdes, const struct sigevent *sevp)
{
	struct toyipc_mq_notify req = { .mqdes = mqdes, .sevp = (uintptr_t)sevp };

	if (sevp && sevp->sigev_notify == SIGEV_THREAD)
		return notify_by_thread(mqdes, sevp);
	return toy_ioctl(TOYIPC_IOC_MQ_NOTIFY, &req);
}
