// SPDX-License-Identifier: GPL-2.0
/*
 * lab-mq: POSIX message queues, over Linux (mq_open: a file of the mqueue
 * filesystem) and over toyipc (toy_mq_open: a file of toymqueue).
 *
 * 1. Priorities: the highest first, first-in first-out within one.
 * 2. O_NONBLOCK: EAGAIN on an empty and on a full queue.
 * 3. mq_notify: a signal when the queue goes from empty to non-empty, once.
 * 4. System V against POSIX queues: what differs between the two families.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

struct mq_api {
	mqd_t (*open)(const char *name, int oflag, ...);
	int (*unlink)(const char *name);
	int (*send)(mqd_t, const char *, size_t, unsigned int);
	ssize_t (*receive)(mqd_t, char *, size_t, unsigned int *);
	int (*notify)(mqd_t, const struct sigevent *);
};

static const struct mq_api apis[2] = {
	{ mq_open, mq_unlink, mq_send, mq_receive, mq_notify },
	{ toy_mq_open, toy_mq_unlink, toy_mq_send, toy_mq_receive, toy_mq_notify },
};

#define NAME "/lab-mq"

static mqd_t new_queue(const struct mq_api *api, int oflag)
{
	struct mq_attr a = { .mq_maxmsg = 2, .mq_msgsize = 16 };

	api->unlink(NAME);
	return api->open(NAME, oflag | O_CREAT, 0600, &a);
}

/* Part 1: send prio 1, 5, 1, 5; what comes out, in order. */
static void priorities(const struct mq_api *api, char *out)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	static const char *const msgs[] = { "a1", "b5", "c1", "d5" };
	static const unsigned int prios[] = { 1, 5, 1, 5 };
	char buf[16];
	mqd_t q;
	int i;

	api->unlink(NAME);
	q = api->open(NAME, O_RDWR | O_CREAT, 0600, &a);
	if (q < 0) {
		lab_ret(out, -1, "");
		return;
	}
	for (i = 0; i < 4; i++)
		api->send(q, msgs[i], 3, prios[i]);
	out[0] = '\0';
	for (i = 0; i < 4; i++) {
		if (api->receive(q, buf, sizeof(buf), NULL) > 0) {
			strcat(out, buf);
			strcat(out, " ");
		}
	}
	close(q);
	api->unlink(NAME);
}

/* Part 2: receive on empty, then fill the queue of 2 and send a third. */
static void nonblock(const struct mq_api *api, char out[2][LAB_CELL])
{
	mqd_t q = new_queue(api, O_RDWR | O_NONBLOCK);
	char buf[16];

	lab_ret(out[0], api->receive(q, buf, sizeof(buf), NULL), "");
	api->send(q, "1", 1, 0);
	api->send(q, "2", 1, 0);
	lab_ret(out[1], api->send(q, "3", 1, 0), "");
	close(q);
	api->unlink(NAME);
}

/* Part 3: register SIGUSR1, send two messages; which signals came. */
static void notify(const struct mq_api *api, char out[2][LAB_CELL])
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct timespec ts = { .tv_nsec = 100000000 };
	mqd_t q = new_queue(api, O_RDWR);
	siginfo_t si;
	sigset_t s;
	int i;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	api->notify(q, &sev);
	for (i = 0; i < 2; i++) {
		api->send(q, "m", 1, 0);
		if (sigtimedwait(&s, &si, &ts) > 0)
			snprintf(out[i], LAB_CELL, "SIGUSR1 %s",
				 si.si_code == SI_MESGQ ? "SI_MESGQ" : "?");
		else
			snprintf(out[i], LAB_CELL, "no signal");
	}
	close(q);
	api->unlink(NAME);
}

int main(void)
{
	char cell[2][LAB_CELL], rows[2][2][LAB_CELL];
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	lab_part("1. priorities: send a/1 b/5 c/1 d/5");
	lab_header();
	for (i = 0; i < 2; i++)
		priorities(&apis[i], cell[i]);
	lab_row("received in order", cell[0], cell[1]);
	printf("=> highest priority first, FIFO within one priority\n");

	lab_part("2. O_NONBLOCK on a queue of 2 messages");
	lab_header();
	for (i = 0; i < 2; i++)
		nonblock(&apis[i], rows[i]);
	lab_row("receive from empty", rows[0][0], rows[1][0]);
	lab_row("third send to a full queue", rows[0][1], rows[1][1]);
	printf("=> EAGAIN instead of sleeping, both ways\n");

	lab_part("3. mq_notify(SIGEV_SIGNAL), then two sends");
	lab_header();
	for (i = 0; i < 2; i++)
		notify(&apis[i], rows[i]);
	lab_row("first send (empty -> 1)", rows[0][0], rows[1][0]);
	lab_row("second send (1 -> 2)", rows[0][1], rows[1][1]);
	printf("=> one signal, on empty -> non-empty; then the registration is gone\n");

	lab_part("4. System V msgget/msgsnd against POSIX mq_open/mq_send");
	lab_row("", "System V", "POSIX");
	lab_row("name", "key_t number (ftok)", "\"/name\" in a filesystem");
	lab_row("handle", "id, system-wide", "mqd_t: a file descriptor");
	lab_row("which message is received", "by mtype (0, >0, <0)", "highest priority");
	lab_row("poll/select/epoll", "no", "yes: it is a file");
	lab_row("notification", "none", "mq_notify: signal/thread");
	lab_row("timeouts", "none (IPC_NOWAIT)", "mq_timed*: absolute time");
	lab_row("lifetime", "until IPC_RMID", "until unlink + last close");
	lab_row("limits", "msgmax, msgmnb, msgmni", "/proc/sys/fs/mqueue/*");
	printf("=> the same idea; POSIX makes a queue a file, System V a table entry\n");
	printf("=> the toy's queues: cat /proc/toyipc/mqueue, or mount -t toymqueue none DIR\n");
	return 0;
}
