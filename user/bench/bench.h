/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc-bench: what its files share.
 *
 * A benchmark measures one figure (a latency, a rate) of several
 * implementations of one mechanism - the toy, the real kernel's, and a
 * reference - in rounds.  Each round measures every implementation once, in
 * a rotating order, inside the same pair of processes, and adds one value
 * to each implementation's series.  A row of the report then pairs a toy
 * series with a real one: both medians, their spread, and their ratio.
 *
 *	bench.c		the helpers below, the series and the rows (calls no
 *			benchmark: the others call it)
 *	toyipc-bench.c	options, rounds, the memcpy reference, the report
 *	bench_pipe.c	toy pipe and FIFO vs pipe(2), mkfifo(3), Unix socket
 *	bench_msg.c	toy msg vs SysV msg vs POSIX mq; toy mq vs POSIX mq
 *	bench_shm.c	toy shm and sem vs SysV shm and sem vs POSIX shm;
 *			toy POSIX shm vs POSIX shm
 */
#ifndef BENCH_H
#define BENCH_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define BENCH_MAX_ROUNDS 32

/* The values of one figure of one implementation, one per round. */
struct bench_series {
	char key[96];			/* "mech/test/size/metric/impl" */
	double v[BENCH_MAX_ROUNDS];
	int n;
};

/* What a run was asked for. */
struct bench_opts {
	int rounds;
	int scale;		/* iteration counts are divided by this (--quick) */
};

extern struct bench_opts bench_opts;

/* Record VALUE for round ROUND of the series named by the other arguments. */
void bench_record(const char *mech, const char *test, size_t size,
		  const char *metric, const char *impl, double value);

/* The series, or NULL if nothing was recorded under that name. */
const struct bench_series *bench_find(const char *mech, const char *test, size_t size,
				      const char *metric, const char *impl);

/* Iterations for a test that does FULL of them in a full run; at least 1. */
long bench_iters(long full);

/* CLOCK_MONOTONIC in nanoseconds. */
double bench_now_ns(void);

/* The Q-quantile (0.5: the median) of N samples, sorted in place. */
double bench_quantile(double *v, int n, double q);

/* Give up: print what failed (with errno) and exit 1. */
__attribute__((noreturn, format(printf, 1, 2)))
void bench_die(const char *fmt, ...);

/*
 * Start a child that runs FN(ARG) and exits; it dies with the parent.
 * Returns its pid.  bench_wait() reaps it and fails the run if it failed.
 */
pid_t bench_fork(void (*fn)(void *arg), void *arg);
void bench_wait(pid_t pid);

/*
 * A CPU hog beside a benchmark: one process per online CPU spinning at the
 * benchmark's own priority, as a busy host would be, until
 * bench_hog_stop() kills them.
 */
void bench_hog_start(void);
void bench_hog_stop(void);

/*
 * Calls that do nothing, to measure a way in: an ioctl of /dev/toyipc (FD)
 * that the module refuses at once with ENOTTY, the toy's way in, and
 * getppid(2) made directly, a system call's.  Used by the "entry" rows.
 */
void bench_empty_ioctl(int fd);
void bench_empty_syscall(void);

/*
 * Run the calling process on CPU 0 only, saving its CPUs in *WAS (unless
 * NULL); bench_unpin() gives them back.  Children forked meanwhile stay on
 * CPU 0: the rows "pinned" measure hand-offs without a second CPU.
 */
void bench_pin_cpu0(cpu_set_t *was);
void bench_unpin(const cpu_set_t *was);

/* Write or read exactly N bytes (retrying short transfers); die on error. */
void bench_write_all(int fd, const void *buf, size_t n);
void bench_read_all(int fd, void *buf, size_t n);

/* The rotation of N implementations in round ROUND: the I-th to run. */
static inline int bench_order(int round, int i, int n)
{
	return (round + i) % n;
}

/*
 * A row of the report: the series TOY against the series REAL (and REF, a
 * reference, or NULL) of one figure.  LOWER_BETTER: a time, not a rate.
 */
void bench_row(const char *mech, const char *test, size_t size, const char *metric,
	       const char *unit, bool lower_better, const char *toy, const char *real,
	       const char *ref);

/* Median and spread of a series, or of the per-round ratios of two. */
struct bench_summary {
	double median, p25, p75, min, max;
	int n;
};

/* The summary of N values (not changed). */
struct bench_summary bench_summarize(const double *values, int n);

/* A row of the report, summarized by bench_report(). */
struct bench_report_row {
	const char *mech, *test, *metric, *unit;
	size_t size;
	bool lower_better;
	const char *name[3];		/* toy, real, reference (or NULL) */
	struct bench_summary fig[3];
	struct bench_summary ratio;	/* of the per-round toy/real ratios */
};

/* Summarize every row from its series; the rows, *NR of them. */
const struct bench_report_row *bench_report(int *nr);

/* Each mechanism's benchmarks, one round at a time, and its rows. */
void bench_pipe_round(int round);
void bench_msg_round(int round);
void bench_shm_round(int round);
void bench_pipe_rows(void);
void bench_msg_rows(void);
void bench_shm_rows(void);

#endif /* BENCH_H */
