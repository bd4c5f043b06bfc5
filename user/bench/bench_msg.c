// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc-bench, message queues: toy msg against SysV msg, with POSIX mq
 * as reference, and toy POSIX mq against POSIX mq (rows of mechanism
 * "mq").  The toy and SysV run the same code through a table of function
 * pointers (struct msg_api), the two POSIX queues through struct mq_api.
 *
 *	pingpong	a message of SIZE bytes there and back on two
 *			queues; microseconds per round trip (p50 of a round)
 *	stream		the parent sends N messages of SIZE bytes, the
 *			child receives them all and answers; messages/s
 *	typed		one process, DEPTH messages of other types queued
 *			(DEPTH = 1 to 10000): send a message of type 1 and
 *			receive it by type, so every receive walks past all
 *			of them; microseconds per pair
 *	getkey		N queues with keys (N = 1, 100, 1000): msgget() of
 *			each key in turn, without IPC_CREAT; ns per call, so
 *			a lookup that walks the table grows with N
 *	pair		one process sends a message of SIZE bytes and
 *			receives it: no sleep, no wake-up, no other CPU, only
 *			the two calls' own cost; ns per pair
 *	entry		what a call costs before it does anything; ns per
 *			call: an ioctl that /dev/toyipc refuses at once (the
 *			toy's way in) against getppid(2) (a system call's way
 *			in), with write(2) of 100 bytes to /dev/null (a file
 *			descriptor's way in) as reference
 *	pairs-pinned	N sender-receiver pairs (N = 1, 2, 4, 8), each on
 *	pairs-spread	its own queue, streaming 100 B messages at once, all
 *			2N processes on CPU 0 or left to the scheduler;
 *			messages/s of all pairs together
 *	pingpong-hog	pingpong at 100 B with a CPU hog beside it: one
 *			spinning process per CPU (bench_hog_start())
 *
 * Sizes above 8 KiB and depths above 255 need more than a Linux default
 * allows (kernel.msgmax 8192, kernel.msgmnb 16384): as root the bench
 * raises kernel.msgmax for the run and puts it back at exit, and raises
 * msg_qbytes of its own queues with IPC_SET; otherwise it leaves those
 * rows out and says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "bench.h"
#include "toyipc.h"

struct msg_api {
	int (*msgget)(key_t key, int msgflg);
	int (*msgsnd)(int msqid, const void *msgp, size_t msgsz, int msgflg);
	ssize_t (*msgrcv)(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);
	int (*msgctl)(int msqid, int cmd, struct msqid_ds *buf);
};

static const struct msg_api toy_api = { toy_msgget, toy_msgsnd, toy_msgrcv, toy_msgctl };
static const struct msg_api sysv_api = { msgget, msgsnd, msgrcv, msgctl };

struct mq_api {
	mqd_t (*open)(const char *name, int oflag, ...);
	int (*unlink)(const char *name);
	int (*send)(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned int msg_prio);
	ssize_t (*receive)(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned int *msg_prio);
};

static const struct mq_api posix_api = { mq_open, mq_unlink, mq_send, mq_receive };
static const struct mq_api toy_mq_api = { toy_mq_open, toy_mq_unlink, toy_mq_send,
					  toy_mq_receive };

struct msg_impl {
	const char *name;
	const struct msg_api *api;	/* NULL: a POSIX queue, through mq */
	const struct mq_api *mq;
};

static const struct msg_impl impls[] = {
	{ "toy msg", &toy_api, NULL },
	{ "SysV msg", &sysv_api, NULL },
	{ "POSIX mq", NULL, &posix_api },
	{ "toy mq", NULL, &toy_mq_api },
};

#define NR_IMPLS (int)(sizeof(impls) / sizeof(impls[0]))
#define MQ_SIZE 1024	/* the size of the toy mq against POSIX mq rows */
#define STD_MAX 8192		/* Linux's default kernel.msgmax */
#define MAX_SIZE 65536

/* ---- the limits the long messages and deep queues need ---- */

#define MSGMAX_PATH "/proc/sys/kernel/msgmax"

static bool limits_raised;	/* kernel.msgmax >= MAX_SIZE, and root to raise qbytes */
static long saved_msgmax = -1;
static pid_t limits_owner;

static long read_sysctl(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static bool write_sysctl(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok;
}

/* At exit, kernel.msgmax as it was; children (bench_fork()) leave it alone. */
static void restore_msgmax(void)
{
	if (getpid() == limits_owner && saved_msgmax >= 0)
		write_sysctl(MSGMAX_PATH, saved_msgmax);
}

static void raise_limits(void)
{
	long msgmax = read_sysctl(MSGMAX_PATH);

	if (geteuid() == 0 && msgmax >= 0 && msgmax < MAX_SIZE) {
		limits_owner = getpid();
		saved_msgmax = msgmax;
		atexit(restore_msgmax);
		if (write_sysctl(MSGMAX_PATH, MAX_SIZE))
			msgmax = MAX_SIZE;
	}
	limits_raised = geteuid() == 0 && msgmax >= MAX_SIZE;
	if (!limits_raised)
		fprintf(stderr, "toyipc-bench: kernel.msgmax is %ld and this is not root: "
			"msg sizes above %d B and typed depths above 255 left out\n",
			msgmax, STD_MAX);
}

/* msg_qbytes of queue @id at least @want: IPC_SET, which needs root above msgmnb. */
static void raise_qbytes(const struct msg_impl *impl, int id, unsigned long want)
{
	struct msqid_ds ds;

	if (impl->api->msgctl(id, IPC_STAT, &ds) < 0)
		bench_die("%s: msgctl IPC_STAT", impl->name);
	if (ds.msg_qbytes >= want)
		return;
	ds.msg_qbytes = want;
	if (impl->api->msgctl(id, IPC_SET, &ds) < 0)
		bench_die("%s: msgctl IPC_SET msg_qbytes %lu", impl->name, want);
}

/* Two queues: [0] from parent to child, [1] back. */
struct qlink {
	const struct msg_impl *impl;
	int id[2];		/* SysV-style queue ids */
	mqd_t mq[2];		/* POSIX queues, already unlinked */
	size_t size;
};

struct sysv_msg {
	long mtype;
	char mtext[MAX_SIZE];
};

static void qlink_open(struct qlink *l, const struct msg_impl *impl, size_t size)
{
	struct mq_attr attr = { .mq_maxmsg = 10, .mq_msgsize = (long)size };
	char name[64];

	l->impl = impl;
	l->size = size;
	for (int d = 0; d < 2; d++) {
		if (impl->api) {
			l->id[d] = impl->api->msgget(IPC_PRIVATE, IPC_CREAT | 0600);
			if (l->id[d] < 0)
				bench_die("%s: msgget", impl->name);
			/* Two messages in flight at most, as 8 KiB has by default. */
			if (size > STD_MAX)
				raise_qbytes(impl, l->id[d], 2 * size);
			continue;
		}
		snprintf(name, sizeof(name), "/toyipc-bench.%d.%d", (int)getpid(), d);
		l->mq[d] = impl->mq->open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
		if (l->mq[d] == (mqd_t)-1)
			bench_die("%s: mq_open %s", impl->name, name);
		impl->mq->unlink(name);
	}
}

static void qlink_close(struct qlink *l)
{
	for (int d = 0; d < 2; d++) {
		if (l->impl->api)
			l->impl->api->msgctl(l->id[d], IPC_RMID, NULL);
		else
			close(l->mq[d]);	/* mq_close is close, for both */
	}
}

static void qlink_send(struct qlink *l, int d, struct sysv_msg *m)
{
	int ret;

	if (l->impl->api)
		ret = l->impl->api->msgsnd(l->id[d], m, l->size, 0);
	else
		ret = l->impl->mq->send(l->mq[d], m->mtext, l->size, 0);
	if (ret < 0)
		bench_die("%s: send", l->impl->name);
}

static void qlink_receive(struct qlink *l, int d, struct sysv_msg *m)
{
	ssize_t ret;

	if (l->impl->api)
		ret = l->impl->api->msgrcv(l->id[d], m, l->size, 0, 0);
	else
		ret = l->impl->mq->receive(l->mq[d], m->mtext, l->size, NULL);
	if (ret != (ssize_t)l->size)
		bench_die("%s: receive returned %zd", l->impl->name, ret);
}

/* One test of one round: every implementation's queues, in run order. */
struct cell {
	struct qlink links[NR_IMPLS];
	int n;			/* implementations in this cell */
	long iters;
};

static void open_cell(struct cell *c, int round, size_t size)
{
	/*
	 * The toy POSIX queue (the last of impls) at one size only, to keep
	 * --quick quick; no POSIX mq above 8 KiB, where two queues of ten
	 * messages would pass the default RLIMIT_MSGQUEUE (800 KiB).
	 */
	c->n = size == MQ_SIZE ? NR_IMPLS : size > STD_MAX ? 2 : NR_IMPLS - 1;
	for (int i = 0; i < c->n; i++)
		qlink_open(&c->links[i], &impls[bench_order(round, i, c->n)], size);
}

static void close_cell(struct cell *c)
{
	for (int i = 0; i < c->n; i++)
		qlink_close(&c->links[i]);
}

#define WARMUP 8

/* A figure: SysV and POSIX mq in the "msg" rows, the POSIX queues in the "mq" rows. */
static void record(const char *test, size_t size, const char *metric,
		   const struct msg_impl *impl, double value)
{
	if (impl->api || impl->mq == &posix_api)
		bench_record("msg", test, size, metric, impl->name, value);
	if (impl->mq)
		bench_record("mq", test, size, metric, impl->name, value);
}

static void pingpong_child(void *arg)
{
	struct cell *c = arg;
	static struct sysv_msg m;

	for (int i = 0; i < c->n; i++) {
		for (long n = 0; n < c->iters + WARMUP; n++) {
			qlink_receive(&c->links[i], 0, &m);
			qlink_send(&c->links[i], 1, &m);
		}
	}
}

static void pingpong(int round, const char *test, size_t size, long iters)
{
	static struct cell c;
	static double rtt[100000];
	static struct sysv_msg m = { .mtype = 1 };
	pid_t pid;

	c.iters = iters;
	open_cell(&c, round, size);
	pid = bench_fork(pingpong_child, &c);
	for (int i = 0; i < c.n; i++) {
		for (long n = 0; n < c.iters + WARMUP; n++) {
			double t0 = bench_now_ns();

			qlink_send(&c.links[i], 0, &m);
			qlink_receive(&c.links[i], 1, &m);
			if (n >= WARMUP)
				rtt[n - WARMUP] = (bench_now_ns() - t0) / 1e3;
		}
		record(test, size, "p50", c.links[i].impl,
		       bench_quantile(rtt, (int)c.iters, 0.5));
	}
	bench_wait(pid);
	close_cell(&c);
}

static void stream_child(void *arg)
{
	struct cell *c = arg;
	static struct sysv_msg m = { .mtype = 1 };

	for (int i = 0; i < c->n; i++) {
		for (long n = 0; n < c->iters; n++)
			qlink_receive(&c->links[i], 0, &m);
		qlink_send(&c->links[i], 1, &m);
	}
}

static void stream(int round, size_t size)
{
	static struct cell c;
	static struct sysv_msg m = { .mtype = 1 };
	pid_t pid;

	/* The same bytes above 8 KiB as at 8 KiB: 1000 messages of 64 KiB. */
	c.iters = bench_iters(size > STD_MAX ? 8000 * STD_MAX / (long)size : 8000);
	open_cell(&c, round, size);
	pid = bench_fork(stream_child, &c);
	for (int i = 0; i < c.n; i++) {
		double t0 = bench_now_ns();

		for (long n = 0; n < c.iters; n++)
			qlink_send(&c.links[i], 0, &m);
		qlink_receive(&c.links[i], 1, &m);
		record("stream", size, "rate", c.links[i].impl,
		       (double)c.iters * 1e9 / (bench_now_ns() - t0));
	}
	bench_wait(pid);
	close_cell(&c);
}

#define TYPED_SIZE 64

/* One queue, @depth messages of types 2.. waiting; type 1 goes in and out; us per pair. */
static double typed_time(const struct msg_impl *impl, long depth, long iters)
{
	static struct sysv_msg m;
	const struct msg_api *api = impl->api;
	double t0, t;
	int id;

	id = api->msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (id < 0)
		bench_die("%s: msgget", impl->name);
	/* @depth and the one sent: their bytes, and their number, within qbytes. */
	raise_qbytes(impl, id, (unsigned long)(depth + 1) * TYPED_SIZE);
	for (long type = 2; type < 2 + depth; type++) {
		m.mtype = type;
		if (api->msgsnd(id, &m, TYPED_SIZE, IPC_NOWAIT) < 0)
			bench_die("%s: msgsnd of type %ld", impl->name, type);
	}
	t0 = bench_now_ns();
	for (long n = 0; n < iters; n++) {
		m.mtype = 1;
		if (api->msgsnd(id, &m, TYPED_SIZE, 0) < 0 ||
		    api->msgrcv(id, &m, TYPED_SIZE, 1, 0) != TYPED_SIZE)
			bench_die("%s: typed send and receive", impl->name);
	}
	t = bench_now_ns() - t0;
	api->msgctl(id, IPC_RMID, NULL);
	return t / 1e3 / (double)iters;
}

static const long typed_depths[] = { 1, 10, 100, 1000, 10000 };
#define NR_TYPED (int)(sizeof(typed_depths) / sizeof(typed_depths[0]))
#define TYPED_STD_DEPTH 255	/* what fits in kernel.msgmnb's default 16384 */

static bool typed_depth_runs(long depth)
{
	return depth <= TYPED_STD_DEPTH || limits_raised;
}

static void typed(int round)
{
	for (int d = 0; d < NR_TYPED; d++) {
		long depth = typed_depths[d];
		/* About as many messages walked past at every depth. */
		long iters = bench_iters(200000 / (depth > 100 ? depth : 100));

		if (!typed_depth_runs(depth))
			continue;
		/* POSIX mq has priorities, not types: toy and SysV only. */
		for (int i = 0; i < 2; i++) {
			const struct msg_impl *impl = &impls[bench_order(round, i, 2)];

			bench_record("msg", "typed", (size_t)depth, "time", impl->name,
				     typed_time(impl, depth, iters));
		}
	}
}

#define GETKEY_MAX 1000

/* This process's keys: a block of GETKEY_MAX no other run of the bench uses at once. */
static key_t getkey_base(void)
{
	return (key_t)(0x40000000 | (getpid() & 0xffff) << 12);
}

/* N queues with keys, then msgget() of each in turn; ns per call. */
static double getkey_time(const struct msg_impl *impl, int nqueues, long iters)
{
	static int ids[GETKEY_MAX];
	const struct msg_api *api = impl->api;
	key_t base = getkey_base();
	double t0, t;

	for (int i = 0; i < nqueues; i++) {
		ids[i] = api->msgget(base + i, IPC_CREAT | IPC_EXCL | 0600);
		if (ids[i] < 0)
			bench_die("%s: msgget of key %#x", impl->name, base + i);
	}
	t0 = bench_now_ns();
	for (long n = 0; n < iters; n++) {
		int i = (int)(n % nqueues);

		if (api->msgget(base + i, 0600) != ids[i])
			bench_die("%s: msgget found another queue", impl->name);
	}
	t = bench_now_ns() - t0;
	for (int i = 0; i < nqueues; i++)
		api->msgctl(ids[i], IPC_RMID, NULL);
	return t / (double)iters;
}

#define PAIR_SIZE 100

/* One process, one queue: send PAIR_SIZE bytes, receive them; ns per pair. */
static double pair_time(const struct msg_impl *impl, long iters)
{
	static struct sysv_msg m = { .mtype = 1 };
	const struct msg_api *api = impl->api;
	double t0, t;
	int id;

	id = api->msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (id < 0)
		bench_die("%s: msgget", impl->name);
	t0 = bench_now_ns();
	for (long n = 0; n < iters; n++)
		if (api->msgsnd(id, &m, PAIR_SIZE, 0) < 0 ||
		    api->msgrcv(id, &m, PAIR_SIZE, 0, 0) != PAIR_SIZE)
			bench_die("%s: send and receive", impl->name);
	t = bench_now_ns() - t0;
	api->msgctl(id, IPC_RMID, NULL);
	return t / (double)iters;
}

static void pair(int round)
{
	long iters = bench_iters(10000);

	for (int i = 0; i < 2; i++) {
		const struct msg_impl *impl = &impls[bench_order(round, i, 2)];

		bench_record("msg", "pair", PAIR_SIZE, "time", impl->name, pair_time(impl, iters));
	}
}

enum entry_way { ENTRY_IOCTL, ENTRY_SYSCALL, ENTRY_WRITE, NR_ENTRY_WAYS };

static const char *const entry_names[NR_ENTRY_WAYS] = {
	"ioctl(/dev/toyipc)", "getppid(2)", "write(/dev/null)",
};

static double entry_time(enum entry_way way, int fd, long iters)
{
	static char buf[100];
	double t0 = bench_now_ns();

	for (long n = 0; n < iters; n++) {
		switch (way) {
		case ENTRY_IOCTL:
			bench_empty_ioctl(fd);
			break;
		case ENTRY_SYSCALL:
			bench_empty_syscall();
			break;
		default:
			if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
				bench_die("write /dev/null");
			break;
		}
	}
	return (bench_now_ns() - t0) / (double)iters;
}

static void entry(int round)
{
	long iters = bench_iters(20000);
	int fd[NR_ENTRY_WAYS] = {
		open("/dev/" TOYIPC_DEV_NAME, O_RDWR | O_CLOEXEC), -1,
		open("/dev/null", O_WRONLY | O_CLOEXEC),
	};

	if (fd[ENTRY_IOCTL] < 0 || fd[ENTRY_WRITE] < 0)
		bench_die("open /dev/%s and /dev/null", TOYIPC_DEV_NAME);
	for (int i = 0; i < NR_ENTRY_WAYS; i++) {
		enum entry_way way = (enum entry_way)bench_order(round, i, NR_ENTRY_WAYS);

		bench_record("msg", "entry", 0, "time", entry_names[way],
			     entry_time(way, fd[way], iters));
	}
	close(fd[ENTRY_IOCTL]);
	close(fd[ENTRY_WRITE]);
}

#define PAIRS_MAX 8
#define PAIRS_SIZE 100

/* N pairs streaming at once; each child is one end of one pair. */
struct pairs_run {
	const struct msg_impl *impl;
	int id[PAIRS_MAX];
	long iters;		/* messages per pair */
	bool pinned;		/* every child on CPU 0 */
	int start[2];		/* a pipe: its end of file is the start */
	int done[2];		/* a pipe: a byte from each receiver at its end */
};

struct pairs_child {
	struct pairs_run *run;
	int pair;
	bool sender;
};

static void pairs_child(void *arg)
{
	const struct pairs_child *pc = arg;
	struct pairs_run *r = pc->run;
	const struct msg_api *api = r->impl->api;
	static struct sysv_msg m = { .mtype = 1 };
	char byte = 0;

	close(r->start[1]);
	close(r->done[0]);
	if (r->pinned)
		bench_pin_cpu0(NULL);
	if (read(r->start[0], &byte, 1) != 0)
		bench_die("pairs: the start pipe did not end");
	for (long n = 0; n < r->iters; n++) {
		if (pc->sender ? api->msgsnd(r->id[pc->pair], &m, PAIRS_SIZE, 0) < 0 :
		    api->msgrcv(r->id[pc->pair], &m, PAIRS_SIZE, 0, 0) != PAIRS_SIZE)
			bench_die("%s: pair %d", r->impl->name, pc->pair);
	}
	if (!pc->sender)
		bench_write_all(r->done[1], &byte, 1);
}

/* @npairs pairs of @impl streaming at once; messages/s of them all. */
static double pairs_rate(const struct msg_impl *impl, int npairs, bool pinned)
{
	static struct pairs_run r;
	static struct pairs_child pc[2 * PAIRS_MAX];
	pid_t pids[2 * PAIRS_MAX];
	char bytes[PAIRS_MAX];
	double t0, t;

	r = (struct pairs_run){ .impl = impl, .pinned = pinned,
				.iters = bench_iters(8000) / npairs + 1 };
	if (pipe(r.start) < 0 || pipe(r.done) < 0)
		bench_die("pipe");
	for (int p = 0; p < npairs; p++) {
		r.id[p] = impl->api->msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (r.id[p] < 0)
			bench_die("%s: msgget", impl->name);
	}
	for (int c = 0; c < 2 * npairs; c++) {
		pc[c] = (struct pairs_child){ .run = &r, .pair = c / 2, .sender = c % 2 };
		pids[c] = bench_fork(pairs_child, &pc[c]);
	}
	close(r.start[0]);
	close(r.done[1]);
	t0 = bench_now_ns();
	close(r.start[1]);	/* go */
	bench_read_all(r.done[0], bytes, (size_t)npairs);
	t = bench_now_ns() - t0;
	close(r.done[0]);
	for (int c = 0; c < 2 * npairs; c++)
		bench_wait(pids[c]);
	for (int p = 0; p < npairs; p++)
		impl->api->msgctl(r.id[p], IPC_RMID, NULL);
	return (double)npairs * (double)r.iters * 1e9 / t;
}

static const int pairs_counts[] = { 1, 2, 4, PAIRS_MAX };
#define NR_PAIRS (int)(sizeof(pairs_counts) / sizeof(pairs_counts[0]))

static void pairs(int round)
{
	for (int pinned = 1; pinned >= 0; pinned--) {
		for (int c = 0; c < NR_PAIRS; c++) {
			for (int i = 0; i < 2; i++) {
				const struct msg_impl *impl = &impls[bench_order(round, i, 2)];

				bench_record("msg", pinned ? "pairs-pinned" : "pairs-spread",
					     (size_t)pairs_counts[c], "rate", impl->name,
					     pairs_rate(impl, pairs_counts[c], pinned));
			}
		}
	}
}

#define HOG_SIZE 100

static void pingpong_hog(int round)
{
	bench_hog_start();
	pingpong(round, "pingpong-hog", HOG_SIZE, bench_iters(2000));
	bench_hog_stop();
}

static const int getkey_counts[] = { 1, 100, GETKEY_MAX };
#define NR_GETKEY (int)(sizeof(getkey_counts) / sizeof(getkey_counts[0]))

static void getkey(int round)
{
	long iters = bench_iters(20000);

	for (int c = 0; c < NR_GETKEY; c++) {
		for (int i = 0; i < 2; i++) {
			const struct msg_impl *impl = &impls[bench_order(round, i, 2)];

			bench_record("msg", "getkey", (size_t)getkey_counts[c], "time",
				     impl->name, getkey_time(impl, getkey_counts[c], iters));
		}
	}
}

/*
 * 100 B and 8 KiB are issue 17's sizes; 64 B is the old one.  8160 and
 * 8161 B are either side of where a message in one allocation would pass
 * 8 KiB (a high-order page allocation): Linux's segments, and the toy's
 * since issue 17, make no step there.
 */
static const size_t pingpong_sizes[] = { 100, 1024, 8192 };
static const size_t stream_sizes[] = { 64, 100, 1024, 4096, 8160, 8161, 8192, 16384, MAX_SIZE };
#define NR_PINGPONG (int)(sizeof(pingpong_sizes) / sizeof(pingpong_sizes[0]))
#define NR_STREAM (int)(sizeof(stream_sizes) / sizeof(stream_sizes[0]))

static bool stream_size_runs(size_t size)
{
	return size <= STD_MAX || limits_raised;
}

void bench_msg_round(int round)
{
	if (round == 0)
		raise_limits();
	for (int s = 0; s < NR_PINGPONG; s++)
		pingpong(round, "pingpong", pingpong_sizes[s], bench_iters(2000));
	for (int s = 0; s < NR_STREAM; s++)
		if (stream_size_runs(stream_sizes[s]))
			stream(round, stream_sizes[s]);
	typed(round);
	getkey(round);
	pair(round);
	entry(round);
	pairs(round);
	pingpong_hog(round);
}

void bench_msg_rows(void)
{
	for (int s = 0; s < NR_PINGPONG; s++)
		bench_row("msg", "pingpong", pingpong_sizes[s], "p50", "us", true,
			  "toy msg", "SysV msg", "POSIX mq");
	for (int s = 0; s < NR_STREAM; s++)
		if (stream_size_runs(stream_sizes[s]))
			bench_row("msg", "stream", stream_sizes[s], "rate", "msg/s", false,
				  "toy msg", "SysV msg",
				  stream_sizes[s] > STD_MAX ? NULL : "POSIX mq");
	for (int d = 0; d < NR_TYPED; d++)
		if (typed_depth_runs(typed_depths[d]))
			bench_row("msg", "typed", (size_t)typed_depths[d], "time", "us", true,
				  "toy msg", "SysV msg", NULL);
	for (int c = 0; c < NR_GETKEY; c++)
		bench_row("msg", "getkey", (size_t)getkey_counts[c], "time", "ns", true,
			  "toy msg", "SysV msg", NULL);
	bench_row("msg", "pair", PAIR_SIZE, "time", "ns", true, "toy msg", "SysV msg", NULL);
	bench_row("msg", "entry", 0, "time", "ns", true, entry_names[ENTRY_IOCTL],
		  entry_names[ENTRY_SYSCALL], entry_names[ENTRY_WRITE]);
	for (int pinned = 1; pinned >= 0; pinned--)
		for (int c = 0; c < NR_PAIRS; c++)
			bench_row("msg", pinned ? "pairs-pinned" : "pairs-spread",
				  (size_t)pairs_counts[c], "rate", "msg/s", false,
				  "toy msg", "SysV msg", NULL);
	bench_row("msg", "pingpong-hog", HOG_SIZE, "p50", "us", true,
		  "toy msg", "SysV msg", "POSIX mq");
	bench_row("mq", "pingpong", MQ_SIZE, "p50", "us", true, "toy mq", "POSIX mq", NULL);
	bench_row("mq", "stream", MQ_SIZE, "rate", "msg/s", false, "toy mq", "POSIX mq", NULL);
}
