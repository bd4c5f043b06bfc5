/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prog_run.h: run a program (toyipcctl, util-linux's ipcs) from a test and
 * keep its exit status, stdout and stderr: ctl_test and ipcs_compare_test.
 * Include after tt.h.
 */
#ifndef PROG_RUN_H
#define PROG_RUN_H

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where the running program's output goes; a watching test reads it there. */
#define PROG_OUT "/tmp/ctl.out"
#define PROG_ERR "/tmp/ctl.err"

struct run {
	int status;		/* exit status; 128 + N if killed by signal N */
	char out[16384];	/* stdout */
	char err[4096];		/* stderr */
};

/*
 * Starts @prog (found on PATH) with @argv (NULL-terminated, without the
 * program name), as @uid (0: root), its stdout and stderr going to
 * PROG_OUT and PROG_ERR.
 */
static inline pid_t prog_start(uid_t uid, const char *prog, const char *const *argv)
{
	const char *args[32] = { prog };
	pid_t pid;

	for (int i = 0; argv[i]; i++)
		args[i + 1] = argv[i];
	/* Not a word of the last run may be read as this one's. */
	unlink(PROG_OUT);
	unlink(PROG_ERR);
	fflush(stdout);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid)
		return pid;
	/* A test that fails must not leave the program running (watch would pin the module). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (!freopen(PROG_OUT, "w", stdout) || !freopen(PROG_ERR, "w", stderr))
		_exit(126);
	if (uid && (setgid(uid) || setuid(uid)))
		_exit(126);
	execvp(args[0], (char **)args);
	_exit(127);
}

static inline void prog_finish(pid_t pid, struct run *r)
{
	int status;

	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	tt_read_file(PROG_OUT, r->out, sizeof(r->out));
	tt_read_file(PROG_ERR, r->err, sizeof(r->err));
}

#endif /* PROG_RUN_H */
