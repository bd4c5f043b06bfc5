// SPDX-License-Identifier: GPL-2.0
/*
 * lab-signals: signals as notifications from a pipe, over pipe(2) and
 * over toy_pipe().
 *
 * 1. SIGIO on data arrival: with O_ASYNC and F_SETOWN on the read end,
 *    the kernel signals the owner when data arrives (fs/pipe.c:
 *    kill_fasync() in pipe_write(); kmod/pipe.c: the same call in
 *    toy_pipe_write()).  F_SETSIG makes the signal carry a siginfo:
 *    si_code POLL_IN and the descriptor in si_fd.
 * 2. SIGPIPE on a broken pipe: a write with no reader left fails with
 *    EPIPE and sends SIGPIPE to the writer.
 * The lab blocks both signals and takes them with sigtimedwait(), so the
 * program sees each one as a value, without a handler.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

struct pipe_api {
	int (*pipe)(int fd[2]);
	int (*fcntl)(int fd, int cmd, ...);
};

static const struct pipe_api apis[2] = {
	{ pipe, fcntl },
	{ toy_pipe, toy_fcntl },
};

/* The signal SIG (called NAME) if it comes within MS milliseconds, into OUT. */
static void take(int sig, const char *name, long ms, char *out)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };
	siginfo_t info;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigtimedwait(&set, &info, &t) < 0)
		snprintf(out, LAB_CELL, "none");
	else if (info.si_code == POLL_IN)
		snprintf(out, LAB_CELL, "%s POLL_IN fd %d", name, info.si_fd);
	else
		snprintf(out, LAB_CELL, "%s", name);
}

/*
 * Part 1: O_ASYNC on a read end; a child writes after a pause.  OUT gets
 * what was pending before the write, the signal after it, and the read.
 */
static void sigio(const struct pipe_api *api, char out[3][LAB_CELL])
{
	char buf[16] = "";
	int fd[2];
	pid_t pid;

	if (api->pipe(fd)) {
		lab_ret(out[0], -1, "");
		return;
	}
	api->fcntl(fd[0], F_SETOWN, getpid());
	api->fcntl(fd[0], F_SETSIG, SIGIO);
	api->fcntl(fd[0], F_SETFL, api->fcntl(fd[0], F_GETFL) | O_ASYNC);
	take(SIGIO, "SIGIO", 0, out[0]);
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		_exit(write(fd[1], "ping", 4) == 4 ? 0 : 1);
	}
	take(SIGIO, "SIGIO", 5000, out[1]);
	lab_ret(out[2], read(fd[0], buf, sizeof(buf) - 1), "");
	if (buf[0])
		snprintf(out[2] + strlen(out[2]), LAB_CELL - strlen(out[2]), " \"%s\"", buf);
	waitpid(pid, NULL, 0);
	close(fd[0]);
	close(fd[1]);
}

/* Part 2: a write with every read end closed; OUT gets it and the signal. */
static void sigpipe(const struct pipe_api *api, char out[2][LAB_CELL])
{
	int fd[2];

	if (api->pipe(fd)) {
		lab_ret(out[0], -1, "");
		return;
	}
	close(fd[0]);
	lab_ret(out[0], write(fd[1], "x", 1), "");
	take(SIGPIPE, "SIGPIPE", 0, out[1]);
	close(fd[1]);
}

int main(void)
{
	char io[2][3][LAB_CELL], pp[2][2][LAB_CELL];
	sigset_t set;

	if (lab_need_toyipc("lab-signals"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);	/* taken by sigtimedwait() */
	printf("lab-signals: a pipe notifies with SIGIO and SIGPIPE, pipe(2) vs toy_pipe()\n");

	lab_part("1. O_ASYNC + F_SETOWN(me) + F_SETSIG(SIGIO) on fd[0]; a child writes");
	for (int i = 0; i < 2; i++)
		sigio(&apis[i], io[i]);
	lab_header();
	lab_row("signal before any data", io[0][0], io[1][0]);
	lab_row("signal after the child's write", io[0][1], io[1][1]);
	lab_row("read(fd[0])", io[0][2], io[1][2]);
	printf("=> no polling: the kernel tells the owner when data arrives.\n"
	       "   (si_fd differs: in the toy's process fd 3 is libtoyipc's /dev/toyipc.)\n");

	lab_part("2. write() into a pipe whose read end is closed");
	for (int i = 0; i < 2; i++)
		sigpipe(&apis[i], pp[i]);
	lab_header();
	lab_row("write(fd[1], \"x\", 1)", pp[0][0], pp[1][0]);
	lab_row("signal sent to the writer", pp[0][1], pp[1][1]);
	printf("=> EPIPE and SIGPIPE together: a writer that does not check the\n"
	       "   return value is still stopped (SIGPIPE's default action kills).\n");
	return 0;
}
