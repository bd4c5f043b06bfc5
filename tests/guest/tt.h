/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tt.h: the guest tests' small test framework.
 *
 * A test is a function named after the behaviour it checks.  tt_main() runs
 * each one in its own child process, so a crash or a hang (TT_TIMEOUT
 * seconds) fails that test alone, and prints one line per test:
 *	ok - SUITE: NAME
 *	not ok - SUITE: NAME: WHY
 * The host (tests/check) counts those lines.
 *
 * Two environment variables narrow a run (tests/grade/ uses them):
 *	TT_ONLY="NAME ..."	run only these tests, in the order of the
 *				suite; a NAME the suite lacks is a "not ok"
 *	TT_TIMEOUT=SEC		the time a test may take (default TT_TIMEOUT)
 */
#ifndef TT_H
#define TT_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __i386__
#include <sys/syscall.h>
#endif

#define TT_TIMEOUT 60

/*
 * TT_DS_EFAULT: whether a bad struct msqid_ds/shmid_ds/semid_ds pointer
 * (and a bad semtimedop/mq_timed* timeout) is EFAULT.  Not in the 32-bit
 * builds (msg_test32, ...): i386 glibc reads and writes those structs
 * itself around the system call, to widen their times to 64 bits, so a bad
 * pointer is a SIGSEGV in libc there, and libtoyipc32.a does the same
 * (user/lib/toy_msg.c); tt_killed_by_sigsegv() checks that instead.
 */
#ifdef __i386__
#define TT_DS_EFAULT 0
#else
#define TT_DS_EFAULT 1
#endif

/* Whether FN(ARG) run in a child process dies of SIGSEGV. */
static inline int tt_killed_by_sigsegv(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

struct tt_case {
	const char *name;
	void (*fn)(void);
};

#define TT_CASE(fn) { #fn, fn }

/* Fail the running test: print why and end its process. */
__attribute__((format(printf, 3, 4), noreturn))
static inline void tt_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	_exit(1);
}

#define TT_FAIL(...) tt_fail(__FILE__, __LINE__, __VA_ARGS__)

#define TT_ASSERT(cond)							\
	do {								\
		if (!(cond))						\
			TT_FAIL("expected %s (errno %d: %s)", #cond,	\
				errno, strerror(errno));		\
	} while (0)

/* Assert that a call returned -1 with errno ERR. */
#define TT_ASSERT_ERRNO(call, err)					\
	do {								\
		long tt_ret_;						\
		errno = 0;						\
		tt_ret_ = (long)(call);					\
		if (tt_ret_ != -1 || errno != (err))			\
			TT_FAIL("%s returned %ld errno %d (%s), "	\
				"expected -1 errno %d (%s)", #call,	\
				tt_ret_, errno, strerror(errno),	\
				(err), strerror(err));			\
	} while (0)

/*
 * Read the whole file PATH (up to SIZE - 1 bytes; a longer one is cut short)
 * into BUF, NUL-terminated; return its length.  Fail the test, naming PATH,
 * if it cannot be opened or read.
 */
static inline size_t tt_read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		TT_FAIL("open %s: %s", path, strerror(errno));
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	if (n < 0)
		TT_FAIL("read %s: %s", path, strerror(errno));
	buf[len] = '\0';
	close(fd);
	return len;
}

/*
 * tt_read_line - the first line of the file at @path (a sysctl, a module
 * parameter), without its newline, into @buf.  Return: 0, or -1 if the file
 * cannot be opened or read (a sysctl this kernel lacks), for the caller
 * to decide.
 */
static inline int tt_read_line(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* The state letter of process @pid in /proc/PID/stat ('R', 'S', ...), or '?'. */
static inline char tt_proc_state(pid_t pid)
{
	char path[64], buf[256], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (tt_read_line(path, buf, sizeof(buf)) < 0)
		return '?';
	p = strrchr(buf, ')');	/* the command name may hold anything */
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Write @text to @path (a sysctl, a cgroup file); fail the test if it cannot. */
static inline void tt_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		TT_FAIL("write '%s' to %s: %s", text, path, strerror(errno));
	close(fd);
}

/* Process @pid's voluntary context switches (its sleeps), from /proc/PID/status. */
static inline long tt_voluntary_switches(pid_t pid)
{
	char path[64], line[256];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	TT_ASSERT(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* fork() for a test: stdout flushed first, so that the child does not print it again. */
static inline pid_t tt_fork(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	TT_ASSERT(pid >= 0);
	return pid;
}

/* Wait for child @pid; fail the test unless it exited with 0 (its TT_ASSERTs held). */
static inline void tt_wait_ok(pid_t pid)
{
	int status;

	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		TT_FAIL("child %d failed (status %#x)", (int)pid, status);
}

static inline void tt_pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * tt_wait_asleep - wait (up to about 10 s, then fail) until process @pid
 * sleeps, and still sleeps 50 ms later: for a child whose only sleeping
 * call is the blocking one under test, that is "blocked in it", without
 * guessing a delay.
 */
static inline void tt_wait_asleep(pid_t pid)
{
	for (int i = 0; i < 2000; i++) {
		if (tt_proc_state(pid) == 'S') {
			tt_pause_ms(50);
			if (tt_proc_state(pid) == 'S')
				return;
		}
		tt_pause_ms(5);
	}
	TT_FAIL("pid %d never went to sleep (state %c)", (int)pid, tt_proc_state(pid));
}

static inline int tt_run(const char *suite, const struct tt_case *c)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("not ok - %s: %s: fork: %s\n", suite, c->name, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		const char *secs = getenv("TT_TIMEOUT");

		alarm(secs && atoi(secs) > 0 ? (unsigned int)atoi(secs) : TT_TIMEOUT);
		c->fn();
		fflush(stdout);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok - %s: %s\n", suite, c->name);
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("not ok - %s: %s: killed by signal %d%s\n", suite, c->name,
		       WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
	else
		printf("not ok - %s: %s: failed\n", suite, c->name);
	return 1;
}

/* Is NAME one of the space-separated words of LIST? */
static inline int tt_listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
			return 1;
	return 0;
}

/*
 * Run every case of a NULL-terminated array, or those TT_ONLY names; exit
 * status 1 if any failed.
 */
static inline int tt_main(const char *suite, const struct tt_case *cases)
{
	const char *only = getenv("TT_ONLY");
	const struct tt_case *c;
	char word[256];
	int failed = 0, n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (c = cases; c->name; c++)
		if (!only || tt_listed(only, c->name))
			failed |= tt_run(suite, c);
	for (; only && sscanf(only, " %255s%n", word, &n) == 1; only += n) {
		for (c = cases; c->name && strcmp(c->name, word); c++)
			;
		if (!c->name) {
			printf("not ok - %s: %s: no such test\n", suite, word);
			failed = 1;
		}
	}
	return failed;
}

/*
 * tt_main_time32 - tt_main() for a suite whose 32-bit build needs the
 * kernel's 32-bit time_t system calls (CONFIG_COMPAT_32BIT_TIME): i386
 * glibc's semop and semtimedop (ipc(SEMTIMEDOP) with a 32-bit timespec),
 * select, nanosleep and mq_timed* make them.  A kernel without them
 * answers ENOSYS to the real calls, so the suite cannot compare; it then
 * fails in one line and runs nothing.  Distro kernels and the debug kernel
 * (tests/vm/debug.config) have them.
 */
static inline int tt_main_time32(const char *suite, const struct tt_case *cases)
{
#ifdef __i386__
	struct timespec zero = { 0, 0 };

	if (syscall(SYS_nanosleep, &zero, NULL) < 0 && errno == ENOSYS) {
		printf("not ok - %s: not run: this kernel has no 32-bit time_t system calls"
		       " (CONFIG_COMPAT_32BIT_TIME), which i386 glibc needs\n", suite);
		return 1;
	}
#endif
	return tt_main(suite, cases);
}

#endif /* TT_H */
