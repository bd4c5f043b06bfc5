// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c: what every benchmark of toyipc-bench uses (bench.h): dying with
 * a message, the clock, processes and whole reads and writes, the series of
 * values a round records, and the rows of the report with their medians
 * and paired ratios.  It calls no benchmark: bench_pipe.c, bench_msg.c,
 * bench_shm.c and toyipc-bench.c call it, never the other way round.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "bench.h"

struct bench_opts bench_opts = { .rounds = 11, .scale = 1 };

/* ---- helpers ---- */

void bench_die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "toyipc-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err));
	exit(1);
}

double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

long bench_iters(long full)
{
	long n = full / bench_opts.scale;

	return n > 0 ? n : 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_quantile(double *v, int n, double q)
{
	double pos, frac;
	int i;

	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	pos = q * (n - 1);
	i = (int)pos;
	frac = pos - i;
	return i + 1 < n ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

pid_t bench_fork(void (*fn)(void *arg), void *arg)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		bench_die("fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn(arg);
		_exit(0);
	}
	return pid;
}

void bench_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			bench_die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = 0;
		bench_die("a benchmark's child process failed (status %#x)", status);
	}
}

/* ---- the CPU hog ---- */

#define MAX_HOGS 16
static pid_t hogs[MAX_HOGS];
static int nr_hogs;

static void hog(void *arg)
{
	(void)arg;
	for (volatile unsigned long n = 0;; n++)
		;
}

void bench_hog_start(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus < 1)
		cpus = 1;
	while (nr_hogs < cpus && nr_hogs < MAX_HOGS)
		hogs[nr_hogs++] = bench_fork(hog, NULL);
}

void bench_hog_stop(void)
{
	while (nr_hogs) {
		pid_t pid = hogs[--nr_hogs];

		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0)
			if (errno != EINTR)
				bench_die("waitpid of a CPU hog");
	}
}

/* ---- the empty calls ---- */

/*
 * A command of no mechanism (kind 0 is the module's own, and it has no
 * number 15): the module's switch says -ENOTTY and nothing else runs.
 */
#define ENTRY_NOTHING	_IO(TOYIPC_IOC_MAGIC, 0x0f)

void bench_empty_ioctl(int fd)
{
	if (ioctl(fd, ENTRY_NOTHING) != -1 || errno != ENOTTY)
		bench_die("toy: an empty ioctl did not fail with ENOTTY");
}

void bench_empty_syscall(void)
{
	syscall(SYS_getppid);	/* not libc's getppid(): never cached */
}

/* ---- CPU affinity ---- */

void bench_pin_cpu0(cpu_set_t *was)
{
	cpu_set_t set;

	if (was && sched_getaffinity(0, sizeof(*was), was) < 0)
		bench_die("sched_getaffinity");
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		bench_die("sched_setaffinity to CPU 0");
}

void bench_unpin(const cpu_set_t *was)
{
	if (sched_setaffinity(0, sizeof(*was), was) < 0)
		bench_die("sched_setaffinity back");
}

void bench_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			bench_die("write");
		p += w;
		n -= (size_t)w;
	}
}

void bench_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			bench_die("read");
		if (r == 0) {
			errno = EPIPE;
			bench_die("read: early end of file");
		}
		p += r;
		n -= (size_t)r;
	}
}

/* ---- the series ---- */

#define MAX_SERIES 512
static struct bench_series series[MAX_SERIES];
static int nr_series;

static void series_key(char *key, size_t len, const char *mech, const char *test,
		       size_t size, const char *metric, const char *impl)
{
	snprintf(key, len, "%s/%s/%zu/%s/%s", mech, test, size, metric, impl);
}

const struct bench_series *bench_find(const char *mech, const char *test, size_t size,
				      const char *metric, const char *impl)
{
	char key[sizeof(series[0].key)];

	if (!impl)
		return NULL;
	series_key(key, sizeof(key), mech, test, size, metric, impl);
	for (int i = 0; i < nr_series; i++)
		if (!strcmp(series[i].key, key))
			return &series[i];
	return NULL;
}

void bench_record(const char *mech, const char *test, size_t size,
		  const char *metric, const char *impl, double value)
{
	struct bench_series *s = (struct bench_series *)bench_find(mech, test, size,
								    metric, impl);

	if (!s) {
		if (nr_series == MAX_SERIES) {
			errno = ENOSPC;
			bench_die("too many series");
		}
		s = &series[nr_series++];
		series_key(s->key, sizeof(s->key), mech, test, size, metric, impl);
	}
	if (s->n < BENCH_MAX_ROUNDS)
		s->v[s->n++] = value;
}

struct bench_summary bench_summarize(const double *values, int n)
{
	double v[BENCH_MAX_ROUNDS];
	struct bench_summary s = { .n = n };

	if (!n)
		return s;
	memcpy(v, values, sizeof(*v) * (size_t)n);
	s.median = bench_quantile(v, n, 0.5);
	s.p25 = bench_quantile(v, n, 0.25);
	s.p75 = bench_quantile(v, n, 0.75);
	s.min = v[0];
	s.max = v[n - 1];
	return s;
}

/* ---- the rows of the report ---- */

#define MAX_ROWS 128
static struct bench_report_row rows[MAX_ROWS];
static int nr_rows;

void bench_row(const char *mech, const char *test, size_t size, const char *metric,
	       const char *unit, bool lower_better, const char *toy, const char *real,
	       const char *ref)
{
	struct bench_report_row *r = &rows[nr_rows];

	if (nr_rows++ == MAX_ROWS) {
		errno = ENOSPC;
		bench_die("too many rows");
	}
	*r = (struct bench_report_row){
		.mech = mech, .test = test, .metric = metric, .unit = unit, .size = size,
		.lower_better = lower_better, .name = { toy, real, ref },
	};
}

const struct bench_report_row *bench_report(int *nr)
{
	for (int i = 0; i < nr_rows; i++) {
		struct bench_report_row *r = &rows[i];
		const struct bench_series *s[3];
		double ratio[BENCH_MAX_ROUNDS];
		int n;

		for (int k = 0; k < 3; k++) {
			s[k] = bench_find(r->mech, r->test, r->size, r->metric, r->name[k]);
			if (s[k])
				r->fig[k] = bench_summarize(s[k]->v, s[k]->n);
		}
		if (!s[0] || !s[1])
			continue;
		n = s[0]->n < s[1]->n ? s[0]->n : s[1]->n;
		for (int k = 0; k < n; k++)
			ratio[k] = s[0]->v[k] / s[1]->v[k];
		r->ratio = bench_summarize(ratio, n);
	}
	*nr = nr_rows;
	return rows;
}
