// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc-bench, pipes: a toy pipe and a toy FIFO (/dev/toyfifoN) against
 * pipe(2) and a mkfifo(3) FIFO, with a Unix domain socket as reference.
 *
 * Each implementation opens a link: a channel from parent to child and one
 * back.  One child serves every implementation of a test in turn, in the
 * order the parent drives them, so real and toy run in the same process
 * pair, one right after the other.
 *
 *	pingpong	one byte there and back; each round trip is timed,
 *			and a round gives its p50 and p99 in microseconds
 *	stream		the parent writes N chunks of SIZE bytes, the child
 *			reads them all and answers one byte; MB/s
 *	stream-pinned	the same at 64 KiB with parent and child on CPU 0:
 *			every hand-off is a switch on one CPU, not a wake-up
 *			of another (under TCG, of a halted vCPU)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "toyipc.h"

/* Two directions between parent and child; the same fd twice for a socket. */
struct link {
	int p_rd, p_wr;		/* the parent's ends */
	int c_rd, c_wr;		/* the child's ends */
};

struct pipe_impl {
	const char *name;
	int (*open)(struct link *l);
};

/* Both ends of a FIFO from one process: reader first, so the writer need not wait. */
static int open_fifo(const char *path, int *rd, int *wr)
{
	*rd = open(path, O_RDONLY | O_NONBLOCK);
	if (*rd < 0)
		return -1;
	*wr = open(path, O_WRONLY);
	if (*wr < 0 || fcntl(*rd, F_SETFL, 0) < 0)
		return -1;
	return 0;
}

static int link_fifos(struct link *l, const char *there, const char *back)
{
	if (open_fifo(there, &l->c_rd, &l->p_wr) < 0 ||
	    open_fifo(back, &l->p_rd, &l->c_wr) < 0)
		return -1;
	return 0;
}

static int link_pipes(struct link *l, int (*make)(int fd[2]))
{
	int there[2], back[2];

	if (make(there) < 0 || make(back) < 0)
		return -1;
	l->c_rd = there[0];
	l->p_wr = there[1];
	l->p_rd = back[0];
	l->c_wr = back[1];
	return 0;
}

static int open_toy_pipe(struct link *l)
{
	return link_pipes(l, toy_pipe);
}

static int open_real_pipe(struct link *l)
{
	return link_pipes(l, pipe);
}

static int open_toy_fifo(struct link *l)
{
	return link_fifos(l, "/dev/toyfifo0", "/dev/toyfifo1");
}

#define REAL_FIFO0 "/tmp/toyipc-bench.fifo0"
#define REAL_FIFO1 "/tmp/toyipc-bench.fifo1"

static int open_real_fifo(struct link *l)
{
	unlink(REAL_FIFO0);
	unlink(REAL_FIFO1);
	if (mkfifo(REAL_FIFO0, 0600) < 0 || mkfifo(REAL_FIFO1, 0600) < 0)
		return -1;
	return link_fifos(l, REAL_FIFO0, REAL_FIFO1);
}

static int open_socket(struct link *l)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return -1;
	l->p_rd = l->p_wr = sv[0];
	l->c_rd = l->c_wr = sv[1];
	return 0;
}

static const struct pipe_impl impls[] = {
	{ "toy pipe", open_toy_pipe },
	{ "pipe(2)", open_real_pipe },
	{ "toy FIFO", open_toy_fifo },
	{ "mkfifo FIFO", open_real_fifo },
	{ "unix socket", open_socket },
};

#define NR_IMPLS (int)(sizeof(impls) / sizeof(impls[0]))

/* Close a pair of ends that may be one descriptor. */
static void close_ends(int a, int b)
{
	close(a);
	if (b != a)
		close(b);
}

/* One test of one round: every implementation's link, in run order. */
struct cell {
	struct link links[NR_IMPLS];
	const struct pipe_impl *impl[NR_IMPLS];
	size_t size;		/* stream: chunk size */
	long iters;		/* round trips, or chunks */
};

static char buf[1 << 20];	/* 1 MiB: the largest chunk */

static void open_cell(struct cell *c, int round)
{
	int i;

	for (i = 0; i < NR_IMPLS; i++) {
		c->impl[i] = &impls[bench_order(round, i, NR_IMPLS)];
		if (c->impl[i]->open(&c->links[i]) < 0)
			bench_die("%s: open", c->impl[i]->name);
	}
}

/* After fork: each side closes the other's ends. */
static void keep_parent_ends(struct cell *c)
{
	for (int i = 0; i < NR_IMPLS; i++)
		close_ends(c->links[i].c_rd, c->links[i].c_wr);
}

static void keep_child_ends(struct cell *c)
{
	for (int i = 0; i < NR_IMPLS; i++)
		close_ends(c->links[i].p_rd, c->links[i].p_wr);
}

static void close_cell(struct cell *c)
{
	for (int i = 0; i < NR_IMPLS; i++)
		close_ends(c->links[i].p_rd, c->links[i].p_wr);
	unlink(REAL_FIFO0);
	unlink(REAL_FIFO1);
}

#define WARMUP 16

static void pingpong_child(void *arg)
{
	struct cell *c = arg;
	char b;

	keep_child_ends(c);
	for (int i = 0; i < NR_IMPLS; i++) {
		for (long n = 0; n < c->iters + WARMUP; n++) {
			bench_read_all(c->links[i].c_rd, &b, 1);
			bench_write_all(c->links[i].c_wr, &b, 1);
		}
	}
}

static void pingpong(int round)
{
	static struct cell c;
	static double rtt[100000];
	pid_t pid;
	char b = 'x';

	c.iters = bench_iters(4000);
	open_cell(&c, round);
	pid = bench_fork(pingpong_child, &c);
	keep_parent_ends(&c);
	for (int i = 0; i < NR_IMPLS; i++) {
		struct link *l = &c.links[i];

		for (long n = 0; n < c.iters + WARMUP; n++) {
			double t0 = bench_now_ns();

			bench_write_all(l->p_wr, &b, 1);
			bench_read_all(l->p_rd, &b, 1);
			if (n >= WARMUP)
				rtt[n - WARMUP] = (bench_now_ns() - t0) / 1e3;
		}
		bench_record("pipe", "pingpong", 1, "p50", c.impl[i]->name,
			     bench_quantile(rtt, (int)c.iters, 0.5));
		bench_record("pipe", "pingpong", 1, "p99", c.impl[i]->name,
			     bench_quantile(rtt, (int)c.iters, 0.99));
	}
	bench_wait(pid);
	close_cell(&c);
}

static void stream_child(void *arg)
{
	struct cell *c = arg;
	static char in[1 << 20];

	keep_child_ends(c);
	for (int i = 0; i < NR_IMPLS; i++) {
		size_t left = c->size * (size_t)c->iters;

		while (left) {
			ssize_t n = read(c->links[i].c_rd, in, c->size);

			if (n <= 0)
				bench_die("%s: stream read", c->impl[i]->name);
			left -= (size_t)n;
		}
		bench_write_all(c->links[i].c_wr, in, 1);
	}
}

static void stream(int round, const char *test, size_t size, long full_iters)
{
	static struct cell c;
	pid_t pid;

	c.size = size;
	c.iters = bench_iters(full_iters);
	open_cell(&c, round);
	pid = bench_fork(stream_child, &c);
	keep_parent_ends(&c);
	for (int i = 0; i < NR_IMPLS; i++) {
		struct link *l = &c.links[i];
		double t0 = bench_now_ns();
		char ack;

		for (long n = 0; n < c.iters; n++)
			bench_write_all(l->p_wr, buf, size);
		bench_read_all(l->p_rd, &ack, 1);
		bench_record("pipe", test, size, "rate", c.impl[i]->name,
			     (double)size * (double)c.iters * 1e3 / (bench_now_ns() - t0));
	}
	bench_wait(pid);
	close_cell(&c);
}

/* Chunk sizes, and how many of each a full run streams per implementation. */
static const size_t stream_sizes[] = { 64, 4096, 65536, 1 << 20 };
static const long stream_iters[] = { 16384, 4096, 512, 32 };
#define NR_SIZES (int)(sizeof(stream_sizes) / sizeof(stream_sizes[0]))

#define PINNED_SIZE 65536
#define PINNED_ITERS 512

void bench_pipe_round(int round)
{
	cpu_set_t was;

	memset(buf, 'p', sizeof(buf));
	pingpong(round);
	for (int s = 0; s < NR_SIZES; s++)
		stream(round, "stream", stream_sizes[s], stream_iters[s]);
	bench_pin_cpu0(&was);
	stream(round, "stream-pinned", PINNED_SIZE, PINNED_ITERS);
	bench_unpin(&was);
}

/* Each figure twice: toy pipe vs pipe(2), toy FIFO vs a mkfifo FIFO. */
void bench_pipe_rows(void)
{
	static const char *const pair[2][2] = {
		{ "toy pipe", "pipe(2)" }, { "toy FIFO", "mkfifo FIFO" },
	};

	for (int p = 0; p < 2; p++) {
		bench_row("pipe", "pingpong", 1, "p50", "us", true,
			  pair[p][0], pair[p][1], "unix socket");
		bench_row("pipe", "pingpong", 1, "p99", "us", true,
			  pair[p][0], pair[p][1], "unix socket");
	}
	for (int s = 0; s < NR_SIZES; s++)
		for (int p = 0; p < 2; p++)
			bench_row("pipe", "stream", stream_sizes[s], "rate", "MB/s", false,
				  pair[p][0], pair[p][1], "unix socket");
	for (int p = 0; p < 2; p++)
		bench_row("pipe", "stream-pinned", PINNED_SIZE, "rate", "MB/s", false,
			  pair[p][0], pair[p][1], "unix socket");
}
