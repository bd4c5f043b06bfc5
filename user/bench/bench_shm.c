// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc-bench, shared memory: toy shm (and toy sem) against SysV shm (and
 * SysV sem), with POSIX shm (shm_open + mmap, and a sem_t in the page) as
 * reference.  The toy and SysV run the same code through struct shm_api.
 *
 *	attach		attach and detach a segment of 4 KiB to 64 MiB;
 *			microseconds per pair, nothing touched, so the cost
 *			should not grow with the size
 *	first-touch	attach a fresh segment and write one byte to each
 *			page: every write faults a new zeroed page in;
 *			microseconds per page
 *	sem-pingpong	parent and child take turns incrementing a counter
 *			in a shared page, handing over with two semaphores
 *			(V one, P the other); microseconds per round trip
 *	sem-pingpong-hog  the same with a CPU hog beside it: one spinning
 *			process per CPU (bench_hog_start())
 *	sem-pingpong-pinned  the same with parent and child on CPU 0 and no
 *			hog: every hand-over is a switch between the two on
 *			one CPU, which is what the hog makes of it most of
 *			the time (analysis.md)
 *	attach-entry	SysV's attach + detach of 16 MiB with two calls that do
 *			nothing added to every pair, as in entry-pinned: what
 *			the toy's two ways in cost more than two system calls'
 *			in the place of toy shmat and shmdt
 *	entry-pinned	SysV's sem-pingpong-pinned with two calls that do
 *			nothing added to every hand-over, on both sides:
 *			empty ioctls of /dev/toyipc against empty system
 *			calls (bench_empty_ioctl()), so the difference is
 *			what four of the toy's ways in cost per round trip
 *			more than four system calls' in the same place
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "bench.h"
#include "toyipc.h"

struct shm_api {
	int (*shmget)(key_t key, size_t size, int shmflg);
	void *(*shmat)(int shmid, const void *shmaddr, int shmflg);
	int (*shmdt)(const void *shmaddr);
	int (*shmctl)(int shmid, int cmd, struct shmid_ds *buf);
	int (*semget)(key_t key, int nsems, int semflg);
	int (*semop)(int semid, struct sembuf *sops, size_t nsops);
	int (*semctl)(int semid, int semnum, int cmd, ...);
};

static const struct shm_api toy_api = {
	toy_shmget, toy_shmat, toy_shmdt, toy_shmctl, toy_semget, toy_semop, toy_semctl,
};
static const struct shm_api sysv_api = { shmget, shmat, shmdt, shmctl, semget, semop, semctl };

struct shm_impl {
	const char *name;
	const struct shm_api *api;	/* NULL: POSIX shm, through shm_open */
	int (*shm_open)(const char *name, int oflag, mode_t mode);
	int (*shm_unlink)(const char *name);
};

static const struct shm_impl impls[] = {
	{ "toy shm", &toy_api, NULL, NULL },
	{ "SysV shm", &sysv_api, NULL, NULL },
	{ "POSIX shm", NULL, shm_open, shm_unlink },
	{ "toy POSIX shm", NULL, toy_shm_open, toy_shm_unlink },
};

#define NR_IMPLS (int)(sizeof(impls) / sizeof(impls[0]))
#define PAGE 4096

/* A segment of SIZE bytes: a SysV-style id, or an unlinked POSIX shm fd. */
struct segment {
	const struct shm_impl *impl;
	size_t size;
	int id;
};

static void seg_create(struct segment *s, const struct shm_impl *impl, size_t size)
{
	char name[64];

	s->impl = impl;
	s->size = size;
	if (impl->api) {
		s->id = impl->api->shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
		if (s->id < 0)
			bench_die("%s: shmget", impl->name);
		return;
	}
	snprintf(name, sizeof(name), "/toyipc-bench.%d", (int)getpid());
	s->id = impl->shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
	if (s->id < 0)
		bench_die("%s: shm_open %s (is a tmpfs mounted on /dev/shm?)", impl->name, name);
	impl->shm_unlink(name);
	if (ftruncate(s->id, (off_t)size) < 0)
		bench_die("%s: ftruncate", impl->name);
}

static void *seg_attach(struct segment *s)
{
	void *p;

	if (s->impl->api)
		p = s->impl->api->shmat(s->id, NULL, 0);
	else
		p = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_SHARED, s->id, 0);
	if (p == (void *)-1)
		bench_die("%s: attach", s->impl->name);
	return p;
}

static void seg_detach(struct segment *s, void *p)
{
	int ret;

	if (s->impl->api)
		ret = s->impl->api->shmdt(p);
	else
		ret = munmap(p, s->size);
	if (ret < 0)
		bench_die("%s: detach", s->impl->name);
}

static void seg_remove(struct segment *s)
{
	if (s->impl->api)
		s->impl->api->shmctl(s->id, IPC_RMID, NULL);
	else
		close(s->id);
}

/* A figure: the SysV rows show POSIX shm as reference, the "pshm" rows the two POSIX ones. */
static void record(const char *test, size_t size, const struct shm_impl *impl, double value)
{
	if (impl->api || impl->shm_open == shm_open)
		bench_record("shm", test, size, "mean", impl->name, value);
	if (!impl->api)
		bench_record("pshm", test, size, "mean", impl->name, value);
}

/* What attach-entry and entry-pinned add: nothing, or two empty calls. */
enum pad { PAD_NONE, PAD_IOCTL, PAD_SYSCALL };

/* Two empty calls of kind @pad (an ioctl of @fd, /dev/toyipc, or a system call). */
static void pad_calls(enum pad pad, int fd)
{
	for (int i = 0; i < 2 && pad != PAD_NONE; i++) {
		if (pad == PAD_IOCTL)
			bench_empty_ioctl(fd);
		else
			bench_empty_syscall();
	}
}

static double attach_us(const struct shm_impl *impl, size_t size, long iters,
			enum pad pad, int pad_fd)
{
	struct segment s;
	double t0, t;

	seg_create(&s, impl, size);
	t0 = bench_now_ns();
	for (long n = 0; n < iters; n++) {
		pad_calls(pad, pad_fd);
		seg_detach(&s, seg_attach(&s));
	}
	t = bench_now_ns() - t0;
	seg_remove(&s);
	return t / 1e3 / (double)iters;
}

static double first_touch_us(const struct shm_impl *impl, long pages)
{
	struct segment s;
	volatile char *p;
	double t0, t;

	seg_create(&s, impl, (size_t)pages * PAGE);
	p = seg_attach(&s);
	t0 = bench_now_ns();
	for (long i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	t = bench_now_ns() - t0;
	seg_detach(&s, (void *)p);
	seg_remove(&s);
	return t / 1e3 / (double)pages;
}

/*
 * The shared page of the ping-pong: a counter, and for POSIX the two
 * semaphores themselves.  SysV-style semaphores live in a set of two.
 */
struct turn_page {
	volatile long counter;
	sem_t posix[2];		/* [0]: the child's turn, [1]: the parent's */
};

struct turns {
	struct segment seg;
	struct turn_page *page;
	int semid;
	long iters;
	enum pad pad;
	int pad_fd;		/* /dev/toyipc, for PAD_IOCTL */
	const char *name;	/* the series; NULL: the implementation's */
};

static void turns_open(struct turns *t, const struct shm_impl *impl)
{
	t->pad = PAD_NONE;
	t->name = NULL;
	seg_create(&t->seg, impl, PAGE);
	t->page = seg_attach(&t->seg);	/* fork keeps the attach */
	t->page->counter = 0;
	if (!impl->api) {
		if (sem_init(&t->page->posix[0], 1, 0) < 0 ||
		    sem_init(&t->page->posix[1], 1, 0) < 0)
			bench_die("%s: sem_init", impl->name);
		return;
	}
	/* A new set's values are 0 on Linux and in the toy. */
	t->semid = impl->api->semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	if (t->semid < 0)
		bench_die("%s: semget", impl->name);
}

static void turns_close(struct turns *t)
{
	if (t->seg.impl->api)
		t->seg.impl->api->semctl(t->semid, 0, IPC_RMID);
	seg_detach(&t->seg, t->page);
	seg_remove(&t->seg);
}

/* V(sem @post) then P(sem @wait). */
static void hand_over(struct turns *t, int post, int wait)
{
	const struct shm_api *api = t->seg.impl->api;
	struct sembuf v = { .sem_num = (unsigned short)post, .sem_op = 1 };
	struct sembuf p = { .sem_num = (unsigned short)wait, .sem_op = -1 };

	pad_calls(t->pad, t->pad_fd);
	if (!api) {
		if (sem_post(&t->page->posix[post]) < 0)
			bench_die("sem_post");
		while (sem_wait(&t->page->posix[wait]) < 0)
			if (errno != EINTR)
				bench_die("sem_wait");
		return;
	}
	if (api->semop(t->semid, &v, 1) < 0 || api->semop(t->semid, &p, 1) < 0)
		bench_die("%s: semop", t->seg.impl->name);
}

/* The sem ping-pong leaves out the toy POSIX shm (the last of impls): --quick stays quick. */
#define SEM_IMPLS (NR_IMPLS - 1)

struct turns_cell {
	struct turns t[SEM_IMPLS];
	int n;
};

static void turns_child(void *arg)
{
	struct turns_cell *c = arg;

	for (int i = 0; i < c->n; i++) {
		struct turns *t = &c->t[i];
		struct sembuf p = { .sem_num = 0, .sem_op = -1 };

		/* Wait for the first turn, then: increment, hand back, wait. */
		if (t->seg.impl->api) {
			if (t->seg.impl->api->semop(t->semid, &p, 1) < 0)
				bench_die("%s: semop", t->seg.impl->name);
		} else {
			while (sem_wait(&t->page->posix[0]) < 0)
				if (errno != EINTR)
					bench_die("sem_wait");
		}
		for (long n = 0; n < t->iters; n++) {
			t->page->counter++;
			if (n + 1 < t->iters)
				hand_over(t, 1, 0);
		}
		/* The last turn: hand back without waiting for another. */
		if (t->seg.impl->api) {
			struct sembuf v = { .sem_num = 1, .sem_op = 1 };

			if (t->seg.impl->api->semop(t->semid, &v, 1) < 0)
				bench_die("%s: semop", t->seg.impl->name);
		} else if (sem_post(&t->page->posix[1]) < 0) {
			bench_die("sem_post");
		}
	}
}

/* The ping-pong of each of @c's turns (open), in order; the child plays the other side. */
static void turns_run(struct turns_cell *c, const char *test)
{
	pid_t pid = bench_fork(turns_child, c);

	for (int i = 0; i < c->n; i++) {
		struct turns *t = &c->t[i];
		double t0 = bench_now_ns(), us;

		for (long n = 0; n < t->iters; n++)
			hand_over(t, 0, 1);
		if (t->page->counter != t->iters)
			bench_die("%s: the counter is %ld after %ld turns, not %ld",
				  t->seg.impl->name, t->page->counter, t->iters, t->iters);
		us = (bench_now_ns() - t0) / 1e3 / (double)t->iters;
		if (t->name)
			bench_record("shm", test, PAGE, "mean", t->name, us);
		else
			record(test, PAGE, t->seg.impl, us);
	}
	bench_wait(pid);
	for (int i = 0; i < c->n; i++)
		turns_close(&c->t[i]);
}

static void sem_pingpong(int round, const char *test, long iters)
{
	static struct turns_cell c;

	c.n = SEM_IMPLS;
	for (int i = 0; i < SEM_IMPLS; i++) {
		turns_open(&c.t[i], &impls[bench_order(round, i, SEM_IMPLS)]);
		c.t[i].iters = iters;
	}
	turns_run(&c, test);
}

static const char *const pad_names[] = {
	[PAD_IOCTL] = "SysV sem + 2 ioctl(/dev/toyipc)",
	[PAD_SYSCALL] = "SysV sem + 2 getppid(2)",
};

static const char *const attach_pad_names[] = {
	[PAD_IOCTL] = "SysV shm + 2 ioctl(/dev/toyipc)",
	[PAD_SYSCALL] = "SysV shm + 2 getppid(2)",
};

#define ENTRY_ATTACH_SIZE (16 << 20)

/* attach-entry: SysV's attach + detach padded with empty ioctls, and with empty system calls. */
static void attach_entry(int round, long iters)
{
	int fd = open("/dev/" TOYIPC_DEV_NAME, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		bench_die("open /dev/%s", TOYIPC_DEV_NAME);
	for (int i = 0; i < 2; i++) {
		enum pad pad = bench_order(round, i, 2) ? PAD_SYSCALL : PAD_IOCTL;

		bench_record("shm", "attach-entry", ENTRY_ATTACH_SIZE, "mean", attach_pad_names[pad],
			     attach_us(&impls[1], ENTRY_ATTACH_SIZE, iters, pad, fd));
	}
	close(fd);
}

/* entry-pinned: SysV's ping-pong padded with empty ioctls, and with empty system calls. */
static void entry_pinned(int round, long iters)
{
	static struct turns_cell c;
	int fd = open("/dev/" TOYIPC_DEV_NAME, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		bench_die("open /dev/%s", TOYIPC_DEV_NAME);
	c.n = 2;
	for (int i = 0; i < 2; i++) {
		struct turns *t = &c.t[i];

		turns_open(t, &impls[1]);	/* SysV shm and sem */
		t->iters = iters;
		t->pad = bench_order(round, i, 2) ? PAD_SYSCALL : PAD_IOCTL;
		t->pad_fd = fd;
		t->name = pad_names[t->pad];
	}
	turns_run(&c, "entry-pinned");
	close(fd);
}

#define TOUCH_PAGES 1024

static const size_t attach_sizes[] = { PAGE, 64 << 10, 1 << 20, 4 << 20, 16 << 20, 64 << 20 };
#define NR_ATTACH (int)(sizeof(attach_sizes) / sizeof(attach_sizes[0]))

void bench_shm_round(int round)
{
	long iters = bench_iters(1000), pages = bench_iters(TOUCH_PAGES);
	cpu_set_t was;

	for (int a = 0; a < NR_ATTACH; a++) {
		for (int i = 0; i < NR_IMPLS; i++) {
			const struct shm_impl *impl = &impls[bench_order(round, i, NR_IMPLS)];

			record("attach", attach_sizes[a], impl,
			       attach_us(impl, attach_sizes[a], iters, PAD_NONE, -1));
		}
	}
	attach_entry(round, iters);
	for (int i = 0; i < NR_IMPLS; i++) {
		const struct shm_impl *impl = &impls[bench_order(round, i, NR_IMPLS)];

		record("first-touch", (size_t)pages * PAGE, impl, first_touch_us(impl, pages));
	}
	sem_pingpong(round, "sem-pingpong", bench_iters(2000));
	bench_hog_start();
	sem_pingpong(round, "sem-pingpong-hog", bench_iters(2000));
	bench_hog_stop();
	bench_pin_cpu0(&was);
	sem_pingpong(round, "sem-pingpong-pinned", bench_iters(2000));
	entry_pinned(round, bench_iters(2000));
	bench_unpin(&was);
}

void bench_shm_rows(void)
{
	for (int a = 0; a < NR_ATTACH; a++)
		bench_row("shm", "attach", attach_sizes[a], "mean", "us", true,
			  "toy shm", "SysV shm", "POSIX shm");
	bench_row("shm", "attach-entry", ENTRY_ATTACH_SIZE, "mean", "us", true,
		  attach_pad_names[PAD_IOCTL], attach_pad_names[PAD_SYSCALL], NULL);
	bench_row("shm", "first-touch", (size_t)bench_iters(TOUCH_PAGES) * PAGE, "mean", "us/page", true,
		  "toy shm", "SysV shm", "POSIX shm");
	bench_row("shm", "sem-pingpong", PAGE, "mean", "us", true,
		  "toy shm", "SysV shm", "POSIX shm");
	bench_row("shm", "sem-pingpong-hog", PAGE, "mean", "us", true,
		  "toy shm", "SysV shm", "POSIX shm");
	bench_row("shm", "sem-pingpong-pinned", PAGE, "mean", "us", true,
		  "toy shm", "SysV shm", "POSIX shm");
	bench_row("shm", "entry-pinned", PAGE, "mean", "us", true,
		  pad_names[PAD_IOCTL], pad_names[PAD_SYSCALL], NULL);
	bench_row("pshm", "first-touch", (size_t)bench_iters(TOUCH_PAGES) * PAGE, "mean",
		  "us/page", true, "toy POSIX shm", "POSIX shm", NULL);
}
