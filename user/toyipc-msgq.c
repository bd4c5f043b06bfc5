// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * toyipc-msgq: one System V message queue session, made twice - over the
 * real system calls and over libtoyipc - and printed side by side.  It
 * shows the rules of msgrcv's msgtyp (0, > 0, < 0), E2BIG and
 * MSG_NOERROR, ENOMSG with IPC_NOWAIT, and msgctl(IPC_STAT).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

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

/* What a call returned, as text: "-1 ENOMSG" or the value. */
static void show(char *out, size_t size, long ret)
{
	if (ret == -1)
		snprintf(out, size, "-1 %s", strerrorname_np(errno));
	else
		snprintf(out, size, "%ld", ret);
}

static void row(const char *what, const char *real, const char *toy)
{
	printf("%-38s %-20s %s\n", what, real, toy);
}

static void send(long type, const char *text)
{
	char what[64], out[2][32];

	for (int i = 0; i < 2; i++) {
		struct msg m = { .mtype = type };

		memcpy(m.mtext, text, strlen(text));
		show(out[i], sizeof(out[i]), apis[i].snd(ids[i], &m, strlen(text), IPC_NOWAIT));
	}
	snprintf(what, sizeof(what), "msgsnd(type %ld, \"%s\")", type, text);
	row(what, out[0], out[1]);
}

static void receive(long msgtyp, size_t size, int flg, const char *flags)
{
	char what[64], out[2][32];

	for (int i = 0; i < 2; i++) {
		struct msg m = { 0 };
		ssize_t n = apis[i].rcv(ids[i], &m, size, msgtyp, flg | IPC_NOWAIT);

		if (n >= 0)
			snprintf(out[i], sizeof(out[i]), "type %ld \"%.*s\"", m.mtype, (int)n, m.mtext);
		else
			show(out[i], sizeof(out[i]), n);
	}
	snprintf(what, sizeof(what), "msgrcv(msgtyp %ld, size %zu%s)", msgtyp, size, flags);
	row(what, out[0], out[1]);
}

static const char *whose(pid_t pid)
{
	return pid == 0 ? "none" : pid == getpid() ? "me" : "other";
}

static void stat_queue(void)
{
	char out[2][32], who[2][32];

	for (int i = 0; i < 2; i++) {
		struct msqid_ds ds;

		if (apis[i].ctl(ids[i], IPC_STAT, &ds)) {
			show(out[i], sizeof(out[i]), -1);
			who[i][0] = '\0';
			continue;
		}
		snprintf(out[i], sizeof(out[i]), "qnum %lu cbytes %lu", ds.msg_qnum, ds.__msg_cbytes);
		snprintf(who[i], sizeof(who[i]), "lspid %s lrpid %s",
			 whose(ds.msg_lspid), whose(ds.msg_lrpid));
	}
	row("msgctl(IPC_STAT)", out[0], out[1]);
	row("", who[0], who[1]);
}

int main(void)
{
	char out[2][32];

	for (int i = 0; i < 2; i++) {
		ids[i] = apis[i].get(IPC_PRIVATE, IPC_CREAT | 0600);
		show(out[i], sizeof(out[i]), ids[i]);
	}
	row("", "real", "toy");
	row("msgget(IPC_PRIVATE) = id", out[0], out[1]);
	if (ids[0] < 0 || ids[1] < 0)
		return 1;

	send(3, "three");
	send(1, "one");
	send(2, "two");
	send(1, "uno");
	send(0, "zero");
	stat_queue();
	receive(2, 64, 0, "");
	receive(-3, 64, 0, "");
	receive(1, 64, MSG_EXCEPT, ", MSG_EXCEPT");
	receive(0, 2, 0, "");
	receive(0, 2, MSG_NOERROR, ", MSG_NOERROR");
	receive(0, 64, 0, "");
	stat_queue();

	for (int i = 0; i < 2; i++)
		show(out[i], sizeof(out[i]), apis[i].ctl(ids[i], IPC_RMID, NULL));
	row("msgctl(IPC_RMID)", out[0], out[1]);
	return 0;
}
