// SPDX-License-Identifier: GPL-2.0
/*
 * toypipe-demo: the same steps over pipe(2) and over toy_pipe(), side by
 * side, for toyipc-demo.  Each row is one call; the columns are what the
 * real kernel and the toy returned.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "toyipc.h"

struct side {
	int (*pipe)(int fd[2]);
	int (*fcntl)(int fd, int cmd, ...);
	int fd[2];
	char out[8][48];	/* one result per step */
};

static void result(struct side *s, int step, long ret, const char *extra)
{
	if (ret < 0)
		snprintf(s->out[step], sizeof(s->out[step]), "-1 %s", strerrorname_np(errno));
	else
		snprintf(s->out[step], sizeof(s->out[step]), "%ld%s", ret, extra);
}

static void run(struct side *s)
{
	struct pollfd p;
	char buf[16] = "";
	long ret;
	int n = 0;

	result(s, 0, s->pipe(s->fd), "");
	result(s, 1, write(s->fd[1], "hello", 5), "");
	ret = ioctl(s->fd[0], FIONREAD, &n) ? -1 : n;
	result(s, 2, ret, " bytes");
	result(s, 3, s->fcntl(s->fd[1], F_GETPIPE_SZ), " bytes");
	p = (struct pollfd){ .fd = s->fd[0], .events = POLLIN };
	ret = poll(&p, 1, 0);
	result(s, 4, ret, p.revents & POLLIN ? " POLLIN" : "");
	ret = read(s->fd[0], buf, sizeof(buf) - 1);
	result(s, 5, ret, ret == 5 ? " \"hello\"" : "");
	close(s->fd[1]);
	result(s, 6, read(s->fd[0], buf, sizeof(buf)), " (EOF)");
	close(s->fd[0]);

	/* A second pipe whose reader is gone. */
	s->pipe(s->fd);
	close(s->fd[0]);
	result(s, 7, write(s->fd[1], "x", 1), "");
	close(s->fd[1]);
}

int main(void)
{
	static const char *steps[] = {
		"pipe(fd)", "write(fd[1], \"hello\", 5)", "ioctl(fd[0], FIONREAD)",
		"fcntl(fd[1], F_GETPIPE_SZ)", "poll(fd[0], POLLIN)", "read(fd[0])",
		"close(fd[1]); read(fd[0])", "no reader: write(fd[1])",
	};
	struct side real = { .pipe = pipe, .fcntl = fcntl };
	struct side toy = { .pipe = toy_pipe, .fcntl = toy_fcntl };

	signal(SIGPIPE, SIG_IGN);
	run(&real);
	run(&toy);
	printf("%-30s %-18s %-18s\n", "call", "pipe(2)", "toy_pipe");
	for (int i = 0; i < 8; i++)
		printf("%-30s %-18s %-18s\n", steps[i], real.out[i], toy.out[i]);
	return 0;
}
