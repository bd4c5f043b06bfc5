// SPDX-License-Identifier: GPL-2.0
/*
 * lab-unix: Unix domain sockets, a byte stream (SOCK_STREAM) and messages
 * (SOCK_DGRAM), next to the toy mechanisms with the same rules: a toy pipe
 * (a byte stream) and a toy message queue (messages).
 *
 * The socket column is real only: toyipc has no sockets (net/unix/
 * af_unix.c: unix_stream_sendmsg(), unix_dgram_sendmsg()), so the toy
 * column is the toy mechanism that keeps, or loses, the boundaries the
 * same way.  The writer sends three pieces of 2 bytes before the reader
 * reads anything, so what one read returns shows the boundaries.
 */
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

static const char *const pieces[3] = { "ab", "cd", "ef" };

struct msg {
	long mtype;
	char mtext[64];
};

/* A read's result as a cell: N "TEXT", or 0 (EOF). */
static void got(char *out, long n, const char *buf)
{
	lab_ret(out, n, n ? "" : " (EOF)");
	if (n > 0)
		snprintf(out + strlen(out), LAB_CELL - strlen(out), " \"%.*s\"", (int)n, buf);
}

int main(void)
{
	char out[6][2][LAB_CELL], buf[64];
	struct msg m;
	int sv[2], fd[2], q;

	if (lab_need_toyipc("lab-unix"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-unix: Unix domain sockets (real column only: toyipc has no sockets)\n"
	       "    next to the toy mechanism with the same boundaries\n");

	/* 1. the byte streams: a stream socket and a toy pipe. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) || toy_pipe(fd))
		return 1;
	for (int i = 0; i < 3; i++) {
		if (write(sv[0], pieces[i], 2) != 2 || write(fd[1], pieces[i], 2) != 2)
			return 1;
	}
	got(out[0][0], read(sv[1], buf, sizeof(buf)), buf);
	got(out[0][1], read(fd[0], buf, sizeof(buf)), buf);
	close(sv[0]);
	close(fd[1]);
	got(out[1][0], read(sv[1], buf, sizeof(buf)), buf);
	got(out[1][1], read(fd[0], buf, sizeof(buf)), buf);
	close(sv[1]);
	close(fd[0]);

	/* 2. the messages: a datagram socket and a toy message queue. */
	q = toy_msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) || q < 0)
		return 1;
	m.mtype = 1;
	for (int i = 0; i < 3; i++) {
		memcpy(m.mtext, pieces[i], 2);
		if (send(sv[0], pieces[i], 2, 0) != 2 || toy_msgsnd(q, &m, 2, 0))
			return 1;
	}
	got(out[2][0], recv(sv[1], buf, sizeof(buf), 0), buf);
	got(out[2][1], toy_msgrcv(q, &m, sizeof(m.mtext), 0, 0), m.mtext);
	/* 3. a message longer than the buffer: 1 byte of "cd". */
	got(out[3][0], recv(sv[1], buf, 1, 0), buf);
	got(out[3][1], toy_msgrcv(q, &m, 1, 0, IPC_NOWAIT), m.mtext);
	got(out[4][1], toy_msgrcv(q, &m, 1, 0, MSG_NOERROR), m.mtext);
	snprintf(out[4][0], LAB_CELL, "(the rest was dropped)");
	got(out[5][0], recv(sv[1], buf, sizeof(buf), 0), buf);
	got(out[5][1], toy_msgrcv(q, &m, sizeof(m.mtext), 0, 0), m.mtext);
	close(sv[0]);
	close(sv[1]);
	toy_msgctl(q, IPC_RMID, NULL);

	lab_part("1. a byte stream: three writes of 2 bytes, then reads of 64");
	lab_row("", "SOCK_STREAM socket", "toy pipe");
	lab_row("first read", out[0][0], out[0][1]);
	lab_row("writer closed; read", out[1][0], out[1][1]);
	printf("=> a stream keeps the bytes and their order, not the writes: one read\n"
	       "   takes all three, and the writer's close is EOF.\n");

	lab_part("2. messages: three sends of 2 bytes, then receives");
	lab_row("", "SOCK_DGRAM socket", "toy message queue");
	lab_row("receive into 64 bytes", out[2][0], out[2][1]);
	lab_row("receive into 1 byte", out[3][0], out[3][1]);
	lab_row("  the same, MSG_NOERROR (toy)", out[4][0], out[4][1]);
	lab_row("receive into 64 bytes", out[5][0], out[5][1]);
	printf("=> a message comes out whole, one per receive.  Too long for the buffer:\n"
	       "   the socket cuts it and drops the rest; msgrcv refuses (E2BIG) and keeps\n"
	       "   it, unless MSG_NOERROR asks it to cut.\n");
	return 0;
}
