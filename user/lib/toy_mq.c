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
 * sigev_notify_function.  libtoyipc asks the module for a descriptor per
 * registration, which becomes readable when the registration ends, and
 * runs the same helper over an epoll set of them (see notify_reg below).
 * The caller sees what glibc's caller sees: one helper thread from the
 * first request on, and the function run once, in a new detached thread
 * with every signal unblocked, after the queue goes from empty to
 * non-empty with no receiver waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/epoll.h>

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

/*
 * SIGEV_THREAD, as glibc 2.36's sysdeps/unix/sysv/linux/mq_notify.c does it:
 * one helper thread per process, made by the first SIGEV_THREAD request
 * (with every signal blocked, detached, a small stack), and made again in
 * a child after fork().  Each registration is a struct notify_reg, its
 * descriptor in the helper's epoll set.  When the descriptor says FIRED,
 * the helper starts a detached thread with a copy of the request's
 * sigev_notify_attributes; that thread unblocks every signal and calls the
 * function.  REMOVED just frees the registration.
 *
 * regs is the list of live registrations, for the fork child, which drops
 * them (they are the parent's).  reg_lock guards it, and is held from the
 * ioctl that makes a descriptor to its insertion, from its removal to its
 * close, and across fork() (helper_atfork_*), so that a child's list and
 * descriptor table agree.
 */
struct notify_reg {
	struct notify_reg *next;	/* in regs; under reg_lock */
	int fd;				/* the module's registration file */
	void (*fn)(union sigval);
	union sigval value;
	pthread_attr_t *attr;		/* a copy of sigev_notify_attributes, or NULL */
};

/* What the function's thread needs: copied, since the helper frees the rest. */
struct notify_call {
	void (*fn)(union sigval);
	union sigval value;
};

static pthread_once_t helper_once = PTHREAD_ONCE_INIT;
static int helper_epoll = -1;	/* -1: no helper */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct notify_reg *regs;

static void reg_free(struct notify_reg *r)
{
	if (r->attr) {
		pthread_attr_destroy(r->attr);
		free(r->attr);
	}
	free(r);
}

/* reg_lock held. */
static void reg_unlink(struct notify_reg *r)
{
	struct notify_reg **p;

	for (p = &regs; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
}

static void *notify_call(void *arg)
{
	struct notify_call c = *(struct notify_call *)arg;
	sigset_t all;

	free(arg);
	pthread_detach(pthread_self());
	/* Born with the helper's mask, every signal blocked: glibc unblocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_UNBLOCK, &all, NULL);
	c.fn(c.value);
	return NULL;
}

/* A registration has ended: start the function's thread if it fired. */
static void reg_ended(int ep, struct notify_reg *r)
{
	struct notify_call *c;
	char state = 0;
	ssize_t n;
	pthread_t th;

	do
		n = read(r->fd, &state, 1);
	while (n < 0 && errno == EINTR);
	pthread_mutex_lock(&reg_lock);
	reg_unlink(r);
	/*
	 * Out of the set first: close() alone leaves it there while a copy
	 * of the descriptor lives on (a child made by clone() without
	 * fork()'s handlers), and it would be reported again, freed.
	 */
	epoll_ctl(ep, EPOLL_CTL_DEL, r->fd, NULL);
	close(r->fd);
	pthread_mutex_unlock(&reg_lock);
	if (n == 1 && state == TOYIPC_MQ_NOTE_FIRED) {
		/* As in glibc, there is nobody to tell if this fails. */
		c = malloc(sizeof(*c));
		if (c) {
			c->fn = r->fn;
			c->value = r->value;
			if (pthread_create(&th, r->attr, notify_call, c))
				free(c);
		}
	}
	reg_free(r);
}

static void *helper_thread(void *arg)
{
	int ep = (int)(intptr_t)arg;
	struct epoll_event ev[16];
	int i, n;

	for (;;) {
		n = epoll_wait(ep, ev, 16, -1);
		for (i = 0; i < n; i++)
			reg_ended(ep, ev[i].data.ptr);
	}
	return NULL;
}

static void helper_atfork_prepare(void)
{
	pthread_mutex_lock(&reg_lock);
}

static void helper_atfork_parent(void)
{
	pthread_mutex_unlock(&reg_lock);
}

/* fork() child: the registrations and the helper were the parent's. */
static void helper_atfork_child(void)
{
	struct notify_reg *r, *next;

	pthread_mutex_unlock(&reg_lock);	/* this thread took it in the parent */
	for (r = regs; r; r = next) {
		next = r->next;
		close(r->fd);
		reg_free(r);
	}
	regs = NULL;
	if (helper_epoll >= 0)
		close(helper_epoll);
	helper_epoll = -1;
	helper_once = (pthread_once_t)PTHREAD_ONCE_INIT;
}

/* helper_once: the fork handlers (once per process image), then the helper. */
static void helper_start(void)
{
	static int atfork_added;
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t th;
	int ep, err;

	if (!atfork_added) {
		if (pthread_atfork(helper_atfork_prepare, helper_atfork_parent,
				   helper_atfork_child))
			return;
		atfork_added = 1;
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN > 65536 ? PTHREAD_STACK_MIN : 65536);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);	/* the helper inherits it */
	err = pthread_create(&th, &attr, helper_thread, (void *)(intptr_t)ep);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (err) {
		close(ep);
		return;
	}
	helper_epoll = ep;
}

/*
 * A deep copy of a thread attribute object, as glibc's __pthread_attr_copy()
 * makes, so that the caller may destroy its own after toy_mq_notify().
 */
static int attr_copy(pthread_attr_t *dst, const pthread_attr_t *src)
{
	struct sched_param param;
	cpu_set_t cpus;
	sigset_t mask;
	size_t size;
	void *stack;
	int v, err;

	err = pthread_attr_init(dst);
	if (err)
		return err;
	pthread_attr_getdetachstate(src, &v);
	pthread_attr_setdetachstate(dst, v);
	pthread_attr_getscope(src, &v);
	pthread_attr_setscope(dst, v);
	pthread_attr_getinheritsched(src, &v);
	pthread_attr_setinheritsched(dst, v);
	pthread_attr_getschedpolicy(src, &v);
	pthread_attr_setschedpolicy(dst, v);
	pthread_attr_getschedparam(src, &param);
	pthread_attr_setschedparam(dst, &param);
	pthread_attr_getguardsize(src, &size);
	pthread_attr_setguardsize(dst, size);
	/* glibc gives back stackaddr - stacksize: a stack was set iff their sum is not 0. */
	pthread_attr_getstack(src, &stack, &size);
	if ((uintptr_t)stack + size)
		err = pthread_attr_setstack(dst, stack, size);
	else if (size)		/* 0: never set, the default */
		err = pthread_attr_setstacksize(dst, size);
	/* Every CPU is what glibc reports for an object without a CPU set. */
	if (!err && pthread_attr_getaffinity_np(src, sizeof(cpus), &cpus) == 0 &&
	    CPU_COUNT(&cpus) < CPU_SETSIZE)
		err = pthread_attr_setaffinity_np(dst, sizeof(cpus), &cpus);
	if (!err && pthread_attr_getsigmask_np(src, &mask) == 0)
		err = pthread_attr_setsigmask_np(dst, &mask);
	if (err)
		pthread_attr_destroy(dst);
	return err;
}

/* SIGEV_THREAD: the helper first (also if the request then fails), then the module. */
static int notify_by_thread(mqd_t mqdes, const struct sigevent *sevp)
{
	struct sigevent ksev = { .sigev_notify = SIGEV_THREAD };
	struct toyipc_mq_notify req = { .mqdes = mqdes, .sevp = (uintptr_t)&ksev };
	struct epoll_event ev = { .events = EPOLLIN };
	struct notify_reg *r;
	int err;

	pthread_once(&helper_once, helper_start);
	if (helper_epoll < 0) {
		errno = ENOSYS;		/* glibc's answer when it has no helper */
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->fn = sevp->sigev_notify_function;
	r->value = sevp->sigev_value;
	if (sevp->sigev_notify_attributes) {
		r->attr = malloc(sizeof(*r->attr));
		if (!r->attr) {
			free(r);
			return -1;
		}
		err = attr_copy(r->attr, sevp->sigev_notify_attributes);
		if (err) {
			free(r->attr);
			free(r);
			errno = err;
			return -1;
		}
	}
	pthread_mutex_lock(&reg_lock);
	r->fd = toy_ioctl(TOYIPC_IOC_MQ_NOTIFY, &req);
	if (r->fd < 0) {
		err = errno;
		goto out_unlock;
	}
	ev.data.ptr = r;
	if (epoll_ctl(helper_epoll, EPOLL_CTL_ADD, r->fd, &ev)) {
		err = errno;
		/* Closing the descriptor does not deregister: do it. */
		req.sevp = 0;
		toy_ioctl(TOYIPC_IOC_MQ_NOTIFY, &req);
		close(r->fd);
		goto out_unlock;
	}
	/* The helper may end it at once, but needs reg_lock to do so. */
	r->next = regs;
	regs = r;
	pthread_mutex_unlock(&reg_lock);
	return 0;

out_unlock:
	pthread_mutex_unlock(&reg_lock);
	reg_free(r);
	errno = err;
	return -1;
}

int toy_mq_notify(mqd_t mqdes, const struct sigevent *sevp)
{
	struct toyipc_mq_notify req = { .mqdes = mqdes, .sevp = (uintptr_t)sevp };

	if (sevp && sevp->sigev_notify == SIGEV_THREAD)
		return notify_by_thread(mqdes, sevp);
	return toy_ioctl(TOYIPC_IOC_MQ_NOTIFY, &req);
}
