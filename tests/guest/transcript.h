/* SPDX-License-Identifier: GPL-2.0 */
/*
 * transcript.h: the transcript recorder of the differential tests
 * (shm_test.c, sem_test.c).
 *
 * A scenario is written once and run over Linux's calls, then over the
 * toy's, each run noting what it sees in its own struct log: return values,
 * errno names, stat fields, how children ended.  Values that differ between
 * runs (ids, pids, times) are noted by what they mean ("self", "child",
 * "now"), so the two transcripts of a correct toy are equal, and a test
 * compares them with strcmp() and prints both with print_log() if not.
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tt.h"

/*
 * What a scenario saw, a line per observation.  It lives in a shared
 * mapping so that a scenario's child processes can add to it.
 */
struct log {
	const char *api;
	pid_t child;		/* the scenario's child, shown as "child" */
	time_t start;		/* when the scenario began: times after are "now" */
	size_t len;
	char text[16384];
};

static inline const char *err_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "?";
}

__attribute__((format(printf, 2, 3)))
static inline void note(struct log *l, const char *fmt, ...)
{
	size_t room = sizeof(l->text) - l->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(l->text + l->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n + 1 >= room)
		TT_FAIL("%s: transcript full", l->api);
	l->len += n;
	l->text[l->len++] = '\n';
	l->text[l->len] = '\0';
}

/* Note a call's result: its value, or -1 and errno's name.  errno is kept. */
static inline long outcome(struct log *l, const char *what, long ret)
{
	int err = errno;

	if (ret == -1)
		note(l, "%s = -1 %s", what, err_name(err));
	else
		note(l, "%s = %ld", what, ret);
	errno = err;
	return ret;
}

/* The same for a call whose value differs run to run (an id): only "ok". */
static inline long outcome_ok(struct log *l, const char *what, long ret)
{
	int err = errno;

	if (ret == -1)
		note(l, "%s = -1 %s", what, err_name(err));
	else
		note(l, "%s = ok", what);
	errno = err;
	return ret;
}

/* A rule the scenario is about: fail the test, naming the API, if broken. */
#define EXPECT(l, cond)							\
	do {								\
		if (!(cond))						\
			TT_FAIL("%s: expected %s (errno %s)", (l)->api,	\
				#cond, err_name(errno));		\
	} while (0)

static inline const char *when(struct log *l, time_t t)
{
	static char buf[32];

	if (t == 0)
		return "0";
	if (t >= l->start && t <= time(NULL))
		return "now";
	snprintf(buf, sizeof(buf), "%lld", (long long)t);
	return buf;
}

static inline const char *who(struct log *l, pid_t pid)
{
	if (pid == 0)
		return "none";
	if (pid == getpid())
		return "self";
	if (pid == l->child)
		return "child";
	return "other";
}

static inline struct log *new_log(const char *api)
{
	struct log *l = mmap(NULL, sizeof(*l), PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (l == MAP_FAILED)
		TT_FAIL("mmap: %s", strerror(errno));
	l->api = api;
	l->start = time(NULL);
	return l;
}

static inline void print_log(const struct log *l)
{
	const char *line = l->text;

	while (*line) {
		int n = strcspn(line, "\n");

		printf("# %-4s| %.*s\n", l->api, n, line);
		line += n + (line[n] == '\n');
	}
}

/*
 * fork(); the parent records the child as l->child.  Only the parent: the
 * log is shared, and the child's fork() result, 0, would overwrite it.
 */
static inline pid_t fork_child(struct log *l)
{
	pid_t pid = fork();

	if (pid < 0)
		TT_FAIL("fork: %s", strerror(errno));
	if (pid > 0)
		l->child = pid;
	else	/* a failed test must not leave it behind, holding the module */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	return pid;
}

#ifdef TT_API
/*
 * The harness of a differential test file (mq_test.c, posix_shm_test.c):
 * the file defines TT_API as its struct of calls before including this
 * header, and real_api, toy_api of that type, then writes each scenario as
 *	DIFFERENTIAL_TEST(behaviour) { ... api->call(...); note(l, ...); }
 * which runs it over Linux, then over the toy, and fails unless the two
 * transcripts are equal (printing both).
 */
#define DIFFERENTIAL_HARNESS()						\
	static void same_on_real_and_toy(void (*scenario)(const TT_API *, struct log *)) \
	{								\
		struct log *real = new_log("real"), *toy = new_log("toy");	\
									\
		scenario(&real_api, real);				\
		scenario(&toy_api, toy);				\
		if (strcmp(real->text, toy->text)) {			\
			print_log(real);				\
			print_log(toy);					\
			TT_FAIL("the toy's transcript differs from Linux's"); \
		}							\
	}

#define DIFFERENTIAL_TEST(name)						\
	static void name##_on(const TT_API *api, struct log *l);	\
	static void name(void) { same_on_real_and_toy(name##_on); }	\
	static void name##_on(const TT_API *api, struct log *l)

/* Become an unprivileged user (2000:2000): no capability overrides the mode bits. */
static inline void become_user_2000(void)
{
	if (setgroups(0, NULL) || setresgid(2000, 2000, 2000) ||
	    setresuid(2000, 2000, 2000))
		TT_FAIL("dropping privileges: %s", strerror(errno));
}

/* Wait for child PID and note how it ended. */
static inline void note_child_end(struct log *l, pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		TT_FAIL("%s: waitpid: %s", l->api, strerror(errno));
	if (WIFSIGNALED(status))
		note(l, "child killed by %s", sigabbrev_np(WTERMSIG(status)));
	else
		note(l, "child exit %d", WEXITSTATUS(status));
}
#endif /* TT_API */

#endif /* TRANSCRIPT_H */
