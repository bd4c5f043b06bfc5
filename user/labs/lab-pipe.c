// SPDX-License-Identifier: GPL-2.0
/*
 * lab-pipe: an anonymous pipe, over pipe(2) and over toy_pipe(), side by
 * side.
 *
 * 1. One process makes each call once: the table shows that the toy
 *    answers every call as Linux does (FIONREAD, F_GETPIPE_SZ, poll, EOF,
 *    EPIPE).
 * 2. A parent writes three lines to its child.  A child that closed its
 *    own copy of the write end sees EOF once the parent closes; a child
 *    that kept it never does - it is a writer itself.  Close the ends you
 *    do not use.
 * 3. A child writes into a pipe nobody can read: SIGPIPE kills it.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "lab.h"
#include "toyipc.h"

struct pipe_api {
	int (*pipe)(int fd[2]);
	int (*fcntl)(int fd, int cmd, ...);
	int toy;	/* show its row of /proc/toyipc/pipe */
};

static const struct pipe_api apis[2] = {
	{ pipe, fcntl, 0 },
	{ toy_pipe, toy_fcntl, 1 },
};

#define NR_CALLS 8

/* Part 1: each call once; OUT gets one cell per call. */
static void calls(const struct pipe_api *api, char out[NR_CALLS][LAB_CELL])
{
	struct pollfd p;
	char buf[16] = "";
	int fd[2], n = 0;
	long ret;

	lab_ret(out[0], api->pipe(fd), "");
	lab_ret(out[1], write(fd[1], "hello", 5), "");
	lab_ret(out[2], ioctl(fd[0], FIONREAD, &n) ? -1 : n, " bytes");
	if (api->toy) {
		struct toyipc_pipe_stats st = { 0 };

		/* Which row is ours: the pipe's id, from its counters. */
		printf("    the toy pipe after the write:\n");
		if (!ioctl(fd[0], TOYIPC_IOC_PIPE_STATS, &st))
			lab_proc_id("/proc/toyipc/pipe", 0, st.id, 6);
	}
	lab_ret(out[3], api->fcntl(fd[1], F_GETPIPE_SZ), " bytes");
	p = (struct pollfd){ .fd = fd[0], .events = POLLIN };
	ret = poll(&p, 1, 0);
	lab_ret(out[4], ret, p.revents & POLLIN ? " POLLIN" : "");
	ret = read(fd[0], buf, sizeof(buf) - 1);
	lab_ret(out[5], ret, ret == 5 ? " \"hello\"" : "");
	close(fd[1]);
	lab_ret(out[6], read(fd[0], buf, sizeof(buf)), " (EOF)");
	close(fd[0]);

	/* A second pipe whose reader is gone; SIGPIPE is ignored here. */
	api->pipe(fd);
	close(fd[0]);
	lab_ret(out[7], write(fd[1], "x", 1), "");
	close(fd[1]);
}

/*
 * The child of part 2: read lines until EOF, closing its copy of the write
 * end first if CLOSE_WRITE.  Exit status: the lines read, plus 100 if no
 * EOF came within a second of the last data.
 */
static void reader(int fd[2], int close_write)
{
	struct pollfd p = { .fd = fd[0], .events = POLLIN };
	char buf[64];
	int lines = 0;
	ssize_t n;

	if (close_write)
		close(fd[1]);
	for (;;) {
		if (poll(&p, 1, 1000) == 0)
			_exit(100 + lines);
		n = read(fd[0], buf, sizeof(buf));
		if (n <= 0)
			_exit(lines);
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	}
}

/* Part 2: the parent writes three lines and closes; what did the child see? */
static void parent_to_child(const struct pipe_api *api, int close_write, char *out)
{
	int fd[2], status;
	pid_t pid;

	if (api->pipe(fd)) {
		lab_ret(out, -1, "");
		return;
	}
	pid = fork();
	if (pid == 0)
		reader(fd, close_write);
	close(fd[0]);		/* the parent only writes */
	for (int i = 1; i <= 3; i++)
		dprintf(fd[1], "line %d\n", i);
	close(fd[1]);
	waitpid(pid, &status, 0);
	status = WEXITSTATUS(status);
	if (status >= 100)
		snprintf(out, LAB_CELL, "%d lines, no EOF", status - 100);
	else
		snprintf(out, LAB_CELL, "%d lines, then EOF", status);
}

/* Part 3: a child writes with SIGPIPE at its default action; how did it end? */
static void broken_pipe(const struct pipe_api *api, char *out)
{
	int fd[2], status;
	pid_t pid;

	if (api->pipe(fd)) {
		lab_ret(out, -1, "");
		return;
	}
	close(fd[0]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		_exit(write(fd[1], "x", 1) == 1 ? 0 : 1);
	}
	close(fd[1]);
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		snprintf(out, LAB_CELL, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)));
	else
		snprintf(out, LAB_CELL, "exited %d", WEXITSTATUS(status));
}

int main(void)
{
	static const char *const steps[NR_CALLS] = {
		"pipe(fd)", "write(fd[1], \"hello\", 5)", "ioctl(fd[0], FIONREAD)",
		"fcntl(fd[1], F_GETPIPE_SZ)", "poll(fd[0], POLLIN)", "read(fd[0])",
		"close(fd[1]); read(fd[0])", "no reader: write(fd[1])",
	};
	char out[2][NR_CALLS][LAB_CELL], eof[2][2][LAB_CELL], sig[2][LAB_CELL];

	if (lab_need_toyipc("lab-pipe"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	printf("lab-pipe: the same program over pipe(2) and over toy_pipe()\n");

	lab_part("1. every call once, in one process");
	for (int i = 0; i < 2; i++)
		calls(&apis[i], out[i]);
	lab_header();
	for (int i = 0; i < NR_CALLS; i++)
		lab_row(steps[i], out[0][i], out[1][i]);

	lab_part("2. parent writes 3 lines and closes fd[1]; the child reads until EOF");
	for (int i = 0; i < 2; i++) {
		parent_to_child(&apis[i], 1, eof[i][0]);
		parent_to_child(&apis[i], 0, eof[i][1]);
	}
	lab_header();
	lab_row("child closed its fd[1]", eof[0][0], eof[1][0]);
	lab_row("child kept its fd[1] open", eof[0][1], eof[1][1]);
	printf("=> EOF comes when the last write end closes, the child's own included:\n"
	       "   close the ends you do not use.\n");

	lab_part("3. a child writes into a pipe whose read ends are all closed");
	for (int i = 0; i < 2; i++)
		broken_pipe(&apis[i], sig[i]);
	lab_header();
	lab_row("write() with SIGPIPE's default", sig[0], sig[1]);
	printf("=> the writer gets SIGPIPE (and EPIPE if it ignores it, part 1):\n"
	       "   that is how `yes | head -1` ends.\n");
	return 0;
}
