// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lab-msg: System V message queues, over the real system calls and over
 * libtoyipc, side by side.
 *
 * 1. Ping-pong: a parent and its child talk through one queue, told apart
 *    by the message type (1 to the child, 2 to the parent).
 * 2. One session of calls: the rules of msgrcv's msgtyp (0 the first,
 *    > 0 that type, < 0 the lowest type up to |msgtyp|: a priority
 *    receive), E2BIG and MSG_NOERROR, ENOMSG with IPC_NOWAIT, and the
 *    queue's struct msqid_ds from msgctl(IPC_STAT).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

struct msg_api {
	int (*get)(key_t key, int msgflg);
	int (*snd)(int msqid, const void *msgp, size_t msgsz, int msgflg);
	ssize_t (*rcv)(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);
	int (*ctl)(int msqid, int cmd, struct msqid_ds *buf);
};

static const struct msg_api apis[2] = {
	{ msgget, msgsnd, msgrcv, msgctl },
	{ toy_msgget, toy_msgsnd, toy_msgrcv, toy_msgctl },
};

struct msg {
	long mtype;
	char mtext[64];
};

static int ids[2];

#define TO_CHILD	1	/* the message types of the ping-pong */
#define TO_PARENT	2
#define ROUNDS		3

/*
 * Part 1: ROUNDS of "ping N" (type TO_CHILD) answered by "pong N" (type
 * TO_PARENT) over the queue ID; OUT gets what the parent received.
 */
static void ping_pong(const struct msg_api *api, int id, char *out)
{
	struct msg m;
	size_t len = 0;
	pid_t pid = fork();

	if (pid == 0) {
		for (int i = 0; i < ROUNDS; i++) {
			if (api->rcv(id, &m, sizeof(m.mtext), TO_CHILD, 0) < 0)
				_exit(1);
			m.mtype = TO_PARENT;
			memcpy(m.mtext, "pong", 4);
			if (api->snd(id, &m, strlen(m.mtext) + 1, 0))
				_exit(1);
		}
		_exit(0);
	}
	out[0] = '\0';
	for (int i = 1; i <= ROUNDS; i++) {
		m.mtype = TO_CHILD;
		snprintf(m.mtext, sizeof(m.mtext), "ping %d", i);
		if (api->snd(id, &m, strlen(m.mtext) + 1, 0) ||
		    api->rcv(id, &m, sizeof(m.mtext), TO_PARENT, 0) < 0) {
			lab_ret(out, -1, "");
			break;
		}
		len += snprintf(out + len, LAB_CELL - len, "%s%s", i > 1 ? ", " : "", m.mtext);
	}
	waitpid(pid, NULL, 0);
}

static void send(long type, const char *text)
{
	char what[64], out[2][LAB_CELL];

	for (int i = 0; i < 2; i++) {
		struct msg m = { .mtype = type };

		memcpy(m.mtext, text, strlen(text));
		lab_ret(out[i], apis[i].snd(ids[i], &m, strlen(text), IPC_NOWAIT), "");
	}
	snprintf(what, sizeof(what), "msgsnd(type %ld, \"%s\")", type, text);
	lab_row(what, out[0], out[1]);
}

static void receive(long msgtyp, size_t size, int flg, const char *flags)
{
	char what[64], out[2][LAB_CELL];

	for (int i = 0; i < 2; i++) {
		struct msg m = { 0 };
		ssize_t n = apis[i].rcv(ids[i], &m, size, msgtyp, flg | IPC_NOWAIT);

		if (n >= 0)
			snprintf(out[i], sizeof(out[i]), "type %ld \"%.*s\"", m.mtype, (int)n, m.mtext);
		else
			lab_ret(out[i], n, "");
	}
	snprintf(what, sizeof(what), "msgrcv(msgtyp %ld, size %zu%s)", msgtyp, size, flags);
	lab_row(what, out[0], out[1]);
}

static const char *whose(pid_t pid)
{
	return pid == 0 ? "none" : pid == getpid() ? "me" : "other";
}

static void stat_queue(void)
{
	char out[2][LAB_CELL], who[2][LAB_CELL];

	for (int i = 0; i < 2; i++) {
		struct msqid_ds ds;

		if (apis[i].ctl(ids[i], IPC_STAT, &ds)) {
			lab_ret(out[i], -1, "");
			who[i][0] = '\0';
			continue;
		}
		snprintf(out[i], sizeof(out[i]), "qnum %lu cbytes %lu", ds.msg_qnum, ds.__msg_cbytes);
		snprintf(who[i], sizeof(who[i]), "lspid %s lrpid %s",
			 whose(ds.msg_lspid), whose(ds.msg_lrpid));
	}
	lab_row("msgctl(IPC_STAT)", out[0], out[1]);
	lab_row("", who[0], who[1]);
}

int main(void)
{
	char out[2][LAB_CELL];

	if (lab_need_toyipc("lab-msg"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-msg: a System V message queue, msgget(2) and friends vs toy_msgget()\n");
	for (int i = 0; i < 2; i++) {
		ids[i] = apis[i].get(IPC_PRIVATE, IPC_CREAT | 0600);
		if (ids[i] < 0) {
			perror(i ? "toy_msgget" : "msgget");
			return 1;
		}
	}

	lab_part("1. ping-pong between a parent and its child, one queue, two types");
	for (int i = 0; i < 2; i++)
		ping_pong(&apis[i], ids[i], out[i]);
	lab_header();
	lab_row("parent received (type 2)", out[0], out[1]);
	printf("=> the type is an address: each side receives only its own type.\n");

	lab_part("2. one session of calls (IPC_NOWAIT everywhere)");
	lab_header();
	lab_row("msgget(IPC_PRIVATE) = id", lab_ret(out[0], ids[0], ""), lab_ret(out[1], ids[1], ""));

	send(3, "three");
	send(1, "one");
	send(2, "two");
	send(1, "uno");
	send(0, "zero");
	stat_queue();
	lab_proc_id("/proc/toyipc/msg", 1, ids[1], 6);
	receive(2, 64, 0, "");
	receive(-3, 64, 0, "");
	receive(1, 64, MSG_EXCEPT, ", MSG_EXCEPT");
	receive(0, 2, 0, "");
	receive(0, 2, MSG_NOERROR, ", MSG_NOERROR");
	receive(0, 64, 0, "");
	stat_queue();

	for (int i = 0; i < 2; i++)
		lab_ret(out[i], apis[i].ctl(ids[i], IPC_RMID, NULL), "");
	lab_row("msgctl(IPC_RMID)", out[0], out[1]);
	printf("=> msgtyp -3 takes the lowest type <= 3 first: a priority receive.\n");
	return 0;
}
