// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/pipe.c and user/lib/toy_pipe.c: the toy pipe and the named
 * FIFOs, differential against pipe(2) and mkfifo(3).
 *
 * Each scenario is written once, over a struct impl (pipe2 and fcntl, and
 * where FIFOs live), and run twice: over the real kernel and over the toy.
 * It records every observable result - return values, errno, bytes read,
 * poll bits, exit statuses - in a trace; the test fails if the two traces
 * differ.  A scenario also states what it is about with WANT(): the result
 * that defines the behaviour, checked on both runs, so a scenario that
 * stopped exercising its behaviour fails instead of passing vacuously.
 *
 * Where the toy deliberately differs from Linux, the test says so by name
 * (..._unlike_linux) and checks both sides of the difference.
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <time.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "tt.h"

#define KIB		1024
#define DEFAULT_SIZE	(64 * KIB)	/* pipe(7): the default capacity */
#define REAL_FIFO	"/tmp/pipe_test.fifo"
#define TOY_FIFO	"/dev/toyfifo0"
#define MODULE_PATH	"/lib/toyipc.ko"
#define MODULE_PARAMS	"/etc/toyipc/modparams"

/* ---- the two implementations ---- */

struct impl {
	const char *name;
	int (*pipe)(int fd[2]);
	int (*pipe2)(int fd[2], int flags);
	int (*fcntl)(int fd, int cmd, ...);
	const char *fifo;		/* a FIFO's path */
	bool fifo_is_real;		/* made with mkfifo() for each scenario */
};

static const struct impl real = { "real", pipe, pipe2, fcntl, REAL_FIFO, true };
static const struct impl toy = { "toy", toy_pipe, toy_pipe2, toy_fcntl, TOY_FIFO, false };

/* A fresh, empty FIFO at im->fifo. */
static const char *make_fifo(const struct impl *im)
{
	if (im->fifo_is_real) {
		unlink(im->fifo);
		TT_ASSERT(mkfifo(im->fifo, 0666) == 0);
	}
	return im->fifo;
}

/* ---- traces ---- */

#define MAX_EVENTS 64

struct event {
	const char *what;
	long ret;
	int err;		/* errno if ret was -1, else 0 */
};

struct trace {
	int n;
	struct event ev[MAX_EVENTS];
	char unexpected[256];	/* the first WANT() that failed */
};

static long record(struct trace *t, const char *what, long ret, int err)
{
	if (t->n == MAX_EVENTS)
		TT_FAIL("trace full at '%s'", what);
	t->ev[t->n++] = (struct event){ what, ret, ret == -1 ? err : 0 };
	return ret;
}

/* Record what CALL returned, and errno if it failed. */
#define REC(t, what, call) ({ errno = 0; long r_ = (long)(call); record(t, what, r_, errno); })

/* Record CALL and check it returned RET (and errno ERR if RET is -1). */
#define WANT(t, what, call, ret, err) ({				\
	long w_ = REC(t, what, call);					\
	if ((w_ != (ret) || (w_ == -1 && errno != (err))) &&		\
	    !(t)->unexpected[0])					\
		snprintf((t)->unexpected, sizeof((t)->unexpected),	\
			 "%s: got %ld errno %d (%s), want %ld errno %d",\
			 what, w_, w_ == -1 ? errno : 0,		\
			 w_ == -1 ? strerror(errno) : "-", (long)(ret),	\
			 (int)(err));					\
	w_; })

typedef void scenario_fn(const struct impl *im, struct trace *t);

static void print_traces(const struct trace *a, const struct trace *b)
{
	int n = a->n > b->n ? a->n : b->n;

	printf("# %-34s %20s %20s\n", "", "real", "toy");
	for (int i = 0; i < n; i++) {
		const struct event *x = i < a->n ? &a->ev[i] : NULL;
		const struct event *y = i < b->n ? &b->ev[i] : NULL;
		bool same = x && y && x->ret == y->ret && x->err == y->err &&
			    !strcmp(x->what, y->what);

		printf("# %s %-32s %12ld %-7s %12ld %-7s\n", same ? " " : "!",
		       x ? x->what : y->what, x ? x->ret : 0,
		       x && x->err ? strerrorname_np(x->err) : "",
		       y ? y->ret : 0, y && y->err ? strerrorname_np(y->err) : "");
	}
}

/*
 * differ - run SCENARIO over the real kernel and over the toy; fail unless
 * both did what the scenario WANTs and their traces are the same.
 */
static void differ(scenario_fn *scenario)
{
	static struct trace a, b;

	scenario(&real, &a);
	/* Open /dev/toyipc now: descriptors counted by a scenario stay put. */
	TT_ASSERT(toyipc_abi_version() == TOYIPC_ABI_VERSION);
	scenario(&toy, &b);

	if (a.unexpected[0] || b.unexpected[0]) {
		print_traces(&a, &b);
		TT_FAIL("%s%s%s%s", a.unexpected[0] ? "real: " : "", a.unexpected,
			b.unexpected[0] ? " toy: " : "", b.unexpected);
	}
	for (int i = 0; i < (a.n > b.n ? a.n : b.n); i++) {
		if (i >= a.n || i >= b.n || a.ev[i].ret != b.ev[i].ret ||
		    a.ev[i].err != b.ev[i].err) {
			print_traces(&a, &b);
			TT_FAIL("the toy differs from the real kernel at step %d", i + 1);
		}
	}
}

/* ---- helpers ---- */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* A child that sleeps MS, writes LEN bytes of 'x' to FD and exits. */
static pid_t write_later(int fd, long ms, size_t len)
{
	static char buf[256 * KIB];
	pid_t pid = fork();

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		memset(buf, 'x', len);
		sleep_ms(ms);
		_exit(write(fd, buf, len) == (ssize_t)len ? 0 : 1);
	}
	return pid;
}

/* A child that sleeps MS, opens PATH with FLAGS, holds it 200 ms, exits. */
static pid_t open_later(const char *path, int flags, long ms)
{
	pid_t pid = fork();
	int fd;

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		sleep_ms(ms);
		fd = open(path, flags);
		sleep_ms(200);
		_exit(fd >= 0 ? 0 : 1);
	}
	return pid;
}

/* The wait status of child PID. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		TT_ASSERT(errno == EINTR);
	return status;
}

static volatile sig_atomic_t signals_seen;

static void count_signal(int sig)
{
	(void)sig;
	signals_seen++;
}

/* Catch SIG with count_signal(), with or without SA_RESTART. */
static void catch_signal(int sig, int sa_flags)
{
	struct sigaction sa = { .sa_handler = count_signal, .sa_flags = sa_flags };

	sigemptyset(&sa.sa_mask);
	TT_ASSERT(sigaction(sig, &sa, NULL) == 0);
	signals_seen = 0;
}

/*
 * A child that sends SIG to this process every MS milliseconds until
 * stop_child(): however slow the machine, one of them arrives while the
 * call under test sleeps.  (tt.h's alarm() is the test's timeout, so the
 * tests leave SIGALRM alone.)
 */
static pid_t signal_every(int sig, long ms)
{
	pid_t parent = getpid(), pid = fork();

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		for (;;) {
			sleep_ms(ms);
			kill(parent, sig);
		}
	}
	return pid;
}

static void stop_child(pid_t pid)
{
	kill(pid, SIGKILL);
	reap(pid);
}

static short poll_bits(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM };

	TT_ASSERT(poll(&p, 1, 0) >= 0);
	return p.revents;
}

static void close_both(int fd[2])
{
	close(fd[0]);
	close(fd[1]);
}

/* An address no process has mapped; volatile so the compiler cannot see it. */
static void *volatile bad_address = (void *)16;

/* A pipe made by IM; the scenario cannot go on without one. */
static void make_pipe(const struct impl *im, int fd[2], int flags)
{
	TT_ASSERT(im->pipe2(fd, flags) == 0);
}

/* Write LEN bytes of BYTE in one write(2) call; record what it returned. */
static long write_n(struct trace *t, const char *what, int fd, size_t len, char byte)
{
	static char buf[1024 * KIB];

	TT_ASSERT(len <= sizeof(buf));
	memset(buf, byte, len);
	return REC(t, what, write(fd, buf, len));
}

/* Read up to LEN bytes and record how many, and a checksum of them. */
static long read_n(struct trace *t, const char *what, int fd, size_t len)
{
	static unsigned char buf[1024 * KIB];
	unsigned long sum = 0;
	long n;

	TT_ASSERT(len <= sizeof(buf));
	n = REC(t, what, read(fd, buf, len));
	for (long i = 0; i < n; i++)
		sum = sum * 31 + buf[i];
	record(t, "  checksum of those bytes", (long)sum, 0);
	return n;
}

/* ---- creating a pipe ---- */

static void sc_pipe_connects_write_end_to_read_end(const struct impl *im, struct trace *t)
{
	int fd[2];
	char buf[16] = "";

	make_pipe(im, fd, 0);
	WANT(t, "read end is O_RDONLY", im->fcntl(fd[0], F_GETFL) & O_ACCMODE, O_RDONLY, 0);
	WANT(t, "write end is O_WRONLY", im->fcntl(fd[1], F_GETFL) & O_ACCMODE, O_WRONLY, 0);
	WANT(t, "write hello", write(fd[1], "hello", 5), 5, 0);
	WANT(t, "read it", read(fd[0], buf, sizeof(buf)), 5, 0);
	WANT(t, "bytes are hello", memcmp(buf, "hello", 5), 0, 0);
	close_both(fd);
}

static void pipe_connects_its_write_end_to_its_read_end(void)
{
	differ(sc_pipe_connects_write_end_to_read_end);
}

static void sc_toy_pipe_is_pipe2_without_flags(const struct impl *im, struct trace *t)
{
	int fd[2];

	WANT(t, "pipe", im->pipe(fd), 0, 0);
	WANT(t, "no O_NONBLOCK", im->fcntl(fd[0], F_GETFL) & O_NONBLOCK, 0, 0);
	WANT(t, "no FD_CLOEXEC", im->fcntl(fd[1], F_GETFD) & FD_CLOEXEC, 0, 0);
	close_both(fd);
}

static void pipe_without_flags_is_blocking_and_inherited(void)
{
	differ(sc_toy_pipe_is_pipe2_without_flags);
}

static void sc_pipe2_unknown_flags(const struct impl *im, struct trace *t)
{
	int fd[2];

	WANT(t, "pipe2(O_APPEND)", im->pipe2(fd, O_APPEND), -1, EINVAL);
	WANT(t, "pipe2(O_RDWR)", im->pipe2(fd, O_RDWR), -1, EINVAL);
}

static void pipe2_with_unknown_flags_fails_with_einval(void)
{
	differ(sc_pipe2_unknown_flags);
}

static void sc_pipe2_bad_pointer(const struct impl *im, struct trace *t)
{
	int probe = open("/dev/null", O_RDONLY);

	TT_ASSERT(probe >= 0);
	close(probe);
	WANT(t, "pipe2(bad pointer)", im->pipe2(bad_address, 0), -1, EFAULT);
	/* No descriptor was left behind: the lowest free one is the same. */
	WANT(t, "lowest free fd unchanged", open("/dev/null", O_RDONLY) == probe, 1, 0);
	close(probe);
}

static void pipe2_with_a_bad_pointer_fails_with_efault_and_leaks_no_descriptor(void)
{
	differ(sc_pipe2_bad_pointer);
}

static void sc_pipe2_nonblock(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	WANT(t, "read end O_NONBLOCK", im->fcntl(fd[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK, 0);
	WANT(t, "write end O_NONBLOCK", im->fcntl(fd[1], F_GETFL) & O_NONBLOCK, O_NONBLOCK, 0);
	close_both(fd);
}

static void pipe2_o_nonblock_makes_both_ends_nonblocking(void)
{
	differ(sc_pipe2_nonblock);
}

static void sc_pipe2_cloexec(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, O_CLOEXEC);
	WANT(t, "read end FD_CLOEXEC", im->fcntl(fd[0], F_GETFD), FD_CLOEXEC, 0);
	WANT(t, "write end FD_CLOEXEC", im->fcntl(fd[1], F_GETFD), FD_CLOEXEC, 0);
	close_both(fd);
}

static void pipe2_o_cloexec_sets_fd_cloexec_on_both_ends(void)
{
	differ(sc_pipe2_cloexec);
}

static void sc_pipe_emfile(const struct impl *im, struct trace *t)
{
	struct rlimit old, lim;
	int fd[2], probe = open("/dev/null", O_RDONLY);

	TT_ASSERT(probe >= 0);
	close(probe);
	TT_ASSERT(getrlimit(RLIMIT_NOFILE, &old) == 0);
	lim = old;
	lim.rlim_cur = probe + 1;	/* room for one descriptor, not two */
	TT_ASSERT(setrlimit(RLIMIT_NOFILE, &lim) == 0);
	WANT(t, "pipe2 with one free slot", im->pipe2(fd, 0), -1, EMFILE);
	TT_ASSERT(setrlimit(RLIMIT_NOFILE, &old) == 0);
	WANT(t, "lowest free fd unchanged", open("/dev/null", O_RDONLY) == probe, 1, 0);
	close(probe);
}

static void pipe_with_one_free_descriptor_fails_with_emfile(void)
{
	differ(sc_pipe_emfile);
}

/* ---- fork and exec ---- */

static void sc_pipe_survives_fork(const struct impl *im, struct trace *t)
{
	char buf[16] = "";
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		_exit(write(fd[1], "child", 5) == 5 ? 0 : 1);
	}
	close(fd[1]);
	WANT(t, "parent reads child's bytes", read(fd[0], buf, sizeof(buf)), 5, 0);
	WANT(t, "then EOF", read(fd[0], buf, sizeof(buf)), 0, 0);
	WANT(t, "child exit status", reap(pid), 0, 0);
	close(fd[0]);
}

static void pipe_ends_are_shared_with_a_forked_child(void)
{
	differ(sc_pipe_survives_fork);
}

/*
 * Run this program again as "pipe_test --exec-write FD": it writes "exec"
 * to FD and exits 0, or exits 3 if FD is not open (see main()).
 */
static pid_t exec_writer(int fd)
{
	char arg[16];
	pid_t pid = fork();

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		snprintf(arg, sizeof(arg), "%d", fd);
		execl("/proc/self/exe", "pipe_test", "--exec-write", arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void sc_pipe_survives_exec(const struct impl *im, struct trace *t)
{
	char buf[16] = "";
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	pid = exec_writer(fd[1]);
	close(fd[1]);
	WANT(t, "exec'd program's exit status", reap(pid), 0, 0);
	WANT(t, "its bytes arrive", read(fd[0], buf, sizeof(buf)), 4, 0);
	WANT(t, "bytes are exec", memcmp(buf, "exec", 4), 0, 0);
	close(fd[0]);
}

static void pipe_ends_survive_exec(void)
{
	differ(sc_pipe_survives_exec);
}

static void sc_cloexec_closed_by_exec(const struct impl *im, struct trace *t)
{
	char buf[16];
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, O_CLOEXEC);
	pid = exec_writer(fd[1]);
	close(fd[1]);
	WANT(t, "exec'd program finds fd closed", reap(pid), 3 << 8, 0);
	WANT(t, "so the reader sees EOF", read(fd[0], buf, sizeof(buf)), 0, 0);
	close(fd[0]);
}

static void o_cloexec_ends_are_closed_by_exec(void)
{
	differ(sc_cloexec_closed_by_exec);
}

/* ---- read ---- */

static void sc_read_in_order(const struct impl *im, struct trace *t)
{
	char buf[16] = "";
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write abc", write(fd[1], "abc", 3), 3, 0);
	WANT(t, "write def", write(fd[1], "def", 3), 3, 0);
	WANT(t, "read all", read(fd[0], buf, sizeof(buf)), 6, 0);
	WANT(t, "bytes are abcdef", memcmp(buf, "abcdef", 6), 0, 0);
	close_both(fd);
}

static void read_returns_the_bytes_written_in_order(void)
{
	differ(sc_read_in_order);
}

static void sc_short_read(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	write_n(t, "write 10", fd[1], 10, 'a');
	WANT(t, "read 100 gets 10", read_n(t, "read 100", fd[0], 100), 10, 0);
	write_n(t, "write 10", fd[1], 10, 'b');
	WANT(t, "read 4 gets 4", read_n(t, "read 4", fd[0], 4), 4, 0);
	WANT(t, "FIONREAD", ({ int n = -1; ioctl(fd[0], FIONREAD, &n) ? -1 : n; }), 6, 0);
	close_both(fd);
}

static void read_returns_what_is_there_up_to_the_request(void)
{
	differ(sc_short_read);
}

static void sc_read_blocks(const struct impl *im, struct trace *t)
{
	char buf[16];
	long t0 = now_ms();
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	pid = write_later(fd[1], 300, 5);
	WANT(t, "read waits for the write", read(fd[0], buf, sizeof(buf)), 5, 0);
	WANT(t, "read took >= 200 ms", now_ms() - t0 >= 200, 1, 0);
	WANT(t, "writer exit status", reap(pid), 0, 0);
	close_both(fd);
}

static void read_on_an_empty_pipe_blocks_until_data_arrives(void)
{
	differ(sc_read_blocks);
}

static void sc_read_eof(const struct impl *im, struct trace *t)
{
	char buf[16];
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write abc", write(fd[1], "abc", 3), 3, 0);
	close(fd[1]);
	WANT(t, "buffered bytes first", read(fd[0], buf, sizeof(buf)), 3, 0);
	WANT(t, "then EOF", read(fd[0], buf, sizeof(buf)), 0, 0);
	WANT(t, "and EOF again", read(fd[0], buf, sizeof(buf)), 0, 0);
	close(fd[0]);
}

static void read_returns_eof_once_the_writers_are_gone_and_the_pipe_is_empty(void)
{
	differ(sc_read_eof);
}

static void sc_read_eagain(const struct impl *im, struct trace *t)
{
	char buf[16];
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	WANT(t, "read empty", read(fd[0], buf, sizeof(buf)), -1, EAGAIN);
	close_both(fd);
}

static void read_on_an_empty_nonblocking_pipe_fails_with_eagain(void)
{
	differ(sc_read_eagain);
}

static void sc_read_zero(const struct impl *im, struct trace *t)
{
	char buf[1];
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "read 0 bytes of an empty pipe", read(fd[0], buf, 0), 0, 0);
	close_both(fd);
}

static void read_of_zero_bytes_returns_zero_without_blocking(void)
{
	differ(sc_read_zero);
}

static void sc_wrong_end(const struct impl *im, struct trace *t)
{
	char buf[4] = "abc";
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "read the write end", read(fd[1], buf, 1), -1, EBADF);
	WANT(t, "write the read end", write(fd[0], buf, 1), -1, EBADF);
	close_both(fd);
}

static void read_on_the_write_end_and_write_on_the_read_end_fail_with_ebadf(void)
{
	differ(sc_wrong_end);
}

static void sc_read_eintr(const struct impl *im, struct trace *t)
{
	pid_t sig;
	char buf[16] = "";
	int fd[2];

	make_pipe(im, fd, 0);
	catch_signal(SIGUSR1, 0);
	sig = signal_every(SIGUSR1, 100);
	WANT(t, "blocked read", read(fd[0], buf, sizeof(buf)), -1, EINTR);
	stop_child(sig);
	WANT(t, "handler ran", signals_seen > 0, 1, 0);
	/* Nothing was lost: what is written next is read whole. */
	WANT(t, "write", write(fd[1], "after", 5), 5, 0);
	WANT(t, "read", read(fd[0], buf, sizeof(buf)), 5, 0);
	close_both(fd);
}

static void blocked_read_interrupted_by_a_signal_fails_with_eintr(void)
{
	differ(sc_read_eintr);
}

static void sc_read_restart(const struct impl *im, struct trace *t)
{
	char buf[16] = "";
	pid_t pid, sig;
	int fd[2];

	make_pipe(im, fd, 0);
	catch_signal(SIGUSR1, SA_RESTART);
	pid = write_later(fd[1], 400, 5);
	sig = signal_every(SIGUSR1, 100);
	WANT(t, "read restarted, gets the data", read(fd[0], buf, sizeof(buf)), 5, 0);
	stop_child(sig);
	WANT(t, "handler ran", signals_seen > 0, 1, 0);
	WANT(t, "writer exit status", reap(pid), 0, 0);
	close_both(fd);
}

static void blocked_read_is_restarted_after_an_sa_restart_signal(void)
{
	differ(sc_read_restart);
}

static void sc_read_efault(const struct impl *im, struct trace *t)
{
	char buf[16];
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write", write(fd[1], "keep", 4), 4, 0);
	WANT(t, "read to a bad buffer", read(fd[0], bad_address, 4), -1, EFAULT);
	WANT(t, "the data is still there", read(fd[0], buf, sizeof(buf)), 4, 0);
	close_both(fd);
}

static void read_into_a_bad_buffer_fails_with_efault_and_keeps_the_data(void)
{
	differ(sc_read_efault);
}

/* ---- write ---- */

static void sc_write_epipe(const struct impl *im, struct trace *t)
{
	int fd[2];

	signal(SIGPIPE, SIG_IGN);
	make_pipe(im, fd, 0);
	close(fd[0]);
	WANT(t, "write without readers", write(fd[1], "x", 1), -1, EPIPE);
	close(fd[1]);
}

static void write_without_readers_fails_with_epipe(void)
{
	differ(sc_write_epipe);
}

static void sc_write_sigpipe_caught(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	catch_signal(SIGPIPE, 0);
	close(fd[0]);
	WANT(t, "write without readers", write(fd[1], "x", 1), -1, EPIPE);
	WANT(t, "SIGPIPE caught", signals_seen, 1, 0);
	close(fd[1]);
}

static void write_without_readers_raises_sigpipe(void)
{
	differ(sc_write_sigpipe_caught);
}

static void sc_write_sigpipe_kills(const struct impl *im, struct trace *t)
{
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	close(fd[0]);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		(void)!write(fd[1], "x", 1);
		_exit(0);
	}
	close(fd[1]);
	WANT(t, "writer killed by SIGPIPE", ({ int s = reap(pid);
		WIFSIGNALED(s) ? WTERMSIG(s) : -2; }), SIGPIPE, 0);
}

static void write_without_readers_kills_a_writer_with_default_sigpipe(void)
{
	differ(sc_write_sigpipe_kills);
}

static void sc_default_capacity(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	WANT(t, "F_GETPIPE_SZ", im->fcntl(fd[1], F_GETPIPE_SZ), DEFAULT_SIZE, 0);
	WANT(t, "write 1 MiB", write_n(t, "write", fd[1], 1024 * KIB, 'a'), DEFAULT_SIZE, 0);
	WANT(t, "write 1 more", write(fd[1], "b", 1), -1, EAGAIN);
	close_both(fd);
}

static void pipe_holds_64_kib_by_default(void)
{
	differ(sc_default_capacity);
}

static void sc_atomic_nonblocking(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	/* Leave 100 bytes of room. */
	write_n(t, "fill to size - 100", fd[1], DEFAULT_SIZE - 100, 'a');
	WANT(t, "PIPE_BUF bytes", write_n(t, "w", fd[1], PIPE_BUF, 'b'), -1, EAGAIN);
	WANT(t, "101 bytes", write_n(t, "w", fd[1], 101, 'b'), -1, EAGAIN);
	WANT(t, "100 bytes", write_n(t, "w", fd[1], 100, 'c'), 100, 0);
	close_both(fd);
}

static void nonblocking_write_of_up_to_pipe_buf_bytes_is_all_or_nothing(void)
{
	differ(sc_atomic_nonblocking);
}

static void sc_partial_nonblocking(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	write_n(t, "fill to size - 8 KiB", fd[1], DEFAULT_SIZE - 8 * KIB, 'a');
	WANT(t, "100000 bytes: partial", write_n(t, "w", fd[1], 100000, 'b'), 8 * KIB, 0);
	WANT(t, "now full", write_n(t, "w", fd[1], 100000, 'c'), -1, EAGAIN);
	close_both(fd);
}

static void nonblocking_large_write_copies_what_fits_then_fails_with_eagain(void)
{
	differ(sc_partial_nonblocking);
}

/*
 * A child reading the pipe FD to EOF in pieces of 1000 bytes; it exits 0
 * if it got LEN bytes.  It closes its copy of the write end FD[1], or it
 * would never see EOF.
 */
static pid_t drain(int fd[2], size_t len)
{
	static char buf[1000];
	pid_t pid = fork();
	size_t got = 0;
	ssize_t n;

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		close(fd[1]);
		while ((n = read(fd[0], buf, sizeof(buf))) > 0)
			got += n;
		_exit(got == len ? 0 : 1);
	}
	return pid;
}

static void sc_large_blocking_write(const struct impl *im, struct trace *t)
{
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	pid = drain(fd, 1024 * KIB);
	close(fd[0]);
	WANT(t, "write 1 MiB", write_n(t, "w", fd[1], 1024 * KIB, 'a'), 1024 * KIB, 0);
	close(fd[1]);
	WANT(t, "reader got it all", reap(pid), 0, 0);
}

static void blocking_write_larger_than_the_pipe_completes_as_a_reader_drains(void)
{
	differ(sc_large_blocking_write);
}

static void sc_write_zero(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write 0 bytes", write(fd[1], "", 0), 0, 0);
	WANT(t, "FIONREAD", ({ int n = -1; ioctl(fd[0], FIONREAD, &n) ? -1 : n; }), 0, 0);
	close_both(fd);
}

static void write_of_zero_bytes_returns_zero(void)
{
	differ(sc_write_zero);
}

static void sc_write_efault(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write from a bad buffer", write(fd[1], bad_address, 4), -1, EFAULT);
	WANT(t, "nothing was buffered",
	     ({ int n = -1; ioctl(fd[0], FIONREAD, &n) ? -1 : n; }), 0, 0);
	close_both(fd);
}

static void write_from_a_bad_buffer_fails_with_efault(void)
{
	differ(sc_write_efault);
}

static void sc_write_eintr(const struct impl *im, struct trace *t)
{
	pid_t sig;
	int fd[2];

	make_pipe(im, fd, 0);
	write_n(t, "fill", fd[1], DEFAULT_SIZE, 'a');
	catch_signal(SIGUSR1, 0);
	sig = signal_every(SIGUSR1, 100);
	WANT(t, "blocked write", write(fd[1], "b", 1), -1, EINTR);
	stop_child(sig);
	WANT(t, "handler ran", signals_seen > 0, 1, 0);
	close_both(fd);
}

static void blocked_write_interrupted_by_a_signal_fails_with_eintr(void)
{
	differ(sc_write_eintr);
}

static void sc_write_partial_on_signal(const struct impl *im, struct trace *t)
{
	pid_t sig;
	int fd[2];

	make_pipe(im, fd, 0);
	catch_signal(SIGUSR1, SA_RESTART);
	sig = signal_every(SIGUSR1, 100);
	/* Even with SA_RESTART, a write that copied something returns. */
	WANT(t, "write 100000", write_n(t, "w", fd[1], 100000, 'a'), DEFAULT_SIZE, 0);
	stop_child(sig);
	WANT(t, "handler ran", signals_seen > 0, 1, 0);
	close_both(fd);
}

static void blocked_write_interrupted_after_copying_returns_the_partial_count(void)
{
	differ(sc_write_partial_on_signal);
}

/* ---- poll, select, epoll ---- */

static void sc_poll_empty(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "read end", poll_bits(fd[0]), 0, 0);
	WANT(t, "write end", poll_bits(fd[1]), POLLOUT | POLLWRNORM, 0);
	close_both(fd);
}

static void poll_on_an_empty_pipe_reports_pollout_on_the_write_end_only(void)
{
	differ(sc_poll_empty);
}

static void sc_poll_data(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write", write(fd[1], "x", 1), 1, 0);
	WANT(t, "read end", poll_bits(fd[0]), POLLIN | POLLRDNORM, 0);
	close_both(fd);
}

static void poll_reports_pollin_when_there_is_data(void)
{
	differ(sc_poll_data);
}

static void sc_poll_full(const struct impl *im, struct trace *t)
{
	int fd[2];
	char buf[PIPE_BUF];

	make_pipe(im, fd, O_NONBLOCK);
	write_n(t, "fill", fd[1], DEFAULT_SIZE, 'a');
	WANT(t, "full: write end", poll_bits(fd[1]), 0, 0);
	WANT(t, "read 1", read(fd[0], buf, 1), 1, 0);
	WANT(t, "1 byte of room: write end", poll_bits(fd[1]), 0, 0);
	WANT(t, "read PIPE_BUF", read(fd[0], buf, PIPE_BUF), PIPE_BUF, 0);
	WANT(t, "PIPE_BUF of room: write end", poll_bits(fd[1]), POLLOUT | POLLWRNORM, 0);
	close_both(fd);
}

static void poll_reports_pollout_only_with_room_for_pipe_buf_bytes(void)
{
	differ(sc_poll_full);
}

static void sc_poll_hup(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write", write(fd[1], "x", 1), 1, 0);
	close(fd[1]);
	WANT(t, "read end, data, no writer", poll_bits(fd[0]), POLLIN | POLLRDNORM | POLLHUP, 0);
	close(fd[0]);
}

static void poll_reports_pollhup_on_the_read_end_without_writers(void)
{
	differ(sc_poll_hup);
}

static void sc_poll_err(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	close(fd[0]);
	WANT(t, "write end, no reader", poll_bits(fd[1]), POLLOUT | POLLWRNORM | POLLERR, 0);
	close(fd[1]);
}

static void poll_reports_pollerr_on_the_write_end_without_readers(void)
{
	differ(sc_poll_err);
}

static void sc_poll_wakes(const struct impl *im, struct trace *t)
{
	struct pollfd p;
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	p = (struct pollfd){ .fd = fd[0], .events = POLLIN };
	pid = write_later(fd[1], 200, 1);
	WANT(t, "poll waits for the write", poll(&p, 1, 5000), 1, 0);
	WANT(t, "revents", p.revents, POLLIN, 0);
	WANT(t, "writer exit status", reap(pid), 0, 0);
	close_both(fd);
}

static void poll_wakes_up_when_data_arrives(void)
{
	differ(sc_poll_wakes);
}

static void sc_select(const struct impl *im, struct trace *t)
{
	struct timeval tv = { 0, 0 };
	fd_set rd, wr;
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write", write(fd[1], "x", 1), 1, 0);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fd[0], &rd);
	FD_SET(fd[1], &wr);
	WANT(t, "select", select(fd[1] + 1, &rd, &wr, NULL, &tv), 2, 0);
	WANT(t, "read end readable", !!FD_ISSET(fd[0], &rd), 1, 0);
	WANT(t, "write end writable", !!FD_ISSET(fd[1], &wr), 1, 0);
	close_both(fd);
}

static void select_reports_both_ends_ready(void)
{
	differ(sc_select);
}

static void sc_epoll_edge(const struct impl *im, struct trace *t)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET }, out;
	int fd[2], ep = epoll_create1(0);

	TT_ASSERT(ep >= 0);
	make_pipe(im, fd, 0);
	TT_ASSERT(epoll_ctl(ep, EPOLL_CTL_ADD, fd[0], &ev) == 0);
	WANT(t, "empty: no event", epoll_wait(ep, &out, 1, 0), 0, 0);
	WANT(t, "write", write(fd[1], "x", 1), 1, 0);
	WANT(t, "one event", epoll_wait(ep, &out, 1, 0), 1, 0);
	WANT(t, "EPOLLIN", out.events, EPOLLIN, 0);
	WANT(t, "consumed: no event", epoll_wait(ep, &out, 1, 0), 0, 0);
	/* The pipe was not empty, yet the new write is a new edge. */
	WANT(t, "write again", write(fd[1], "y", 1), 1, 0);
	WANT(t, "another event", epoll_wait(ep, &out, 1, 0), 1, 0);
	close_both(fd);
	close(ep);
}

static void edge_triggered_epoll_reports_every_write(void)
{
	differ(sc_epoll_edge);
}

/* ---- ioctl, lseek, fcntl ---- */

static void sc_fionread(const struct impl *im, struct trace *t)
{
	int fd[2], n = -1;

	make_pipe(im, fd, 0);
	write_n(t, "write 5000", fd[1], 5000, 'a');
	WANT(t, "FIONREAD read end", ioctl(fd[0], FIONREAD, &n) ? -1 : n, 5000, 0);
	WANT(t, "FIONREAD write end", ioctl(fd[1], FIONREAD, &n) ? -1 : n, 5000, 0);
	close_both(fd);
}

static void fionread_reports_the_buffered_bytes_on_either_end(void)
{
	differ(sc_fionread);
}

static void sc_espipe(const struct impl *im, struct trace *t)
{
	char buf[4];
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "lseek read end", lseek(fd[0], 0, SEEK_CUR), -1, ESPIPE);
	WANT(t, "lseek write end", lseek(fd[1], 0, SEEK_SET), -1, ESPIPE);
	WANT(t, "pwrite", pwrite(fd[1], "x", 1, 0), -1, ESPIPE);
	WANT(t, "pread", pread(fd[0], buf, 1, 0), -1, ESPIPE);
	close_both(fd);
}

static void lseek_pread_and_pwrite_fail_with_espipe(void)
{
	differ(sc_espipe);
}

static void sc_setpipe_sz_rounds(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "set 0", im->fcntl(fd[0], F_SETPIPE_SZ, 0), 4096, 0);
	WANT(t, "set 1", im->fcntl(fd[0], F_SETPIPE_SZ, 1), 4096, 0);
	WANT(t, "set 5000", im->fcntl(fd[1], F_SETPIPE_SZ, 5000), 8192, 0);
	WANT(t, "get", im->fcntl(fd[0], F_GETPIPE_SZ), 8192, 0);
	WANT(t, "set 65537", im->fcntl(fd[0], F_SETPIPE_SZ, 65537), 131072, 0);
	close_both(fd);
}

static void f_setpipe_sz_rounds_up_to_a_power_of_two_of_at_least_a_page(void)
{
	differ(sc_setpipe_sz_rounds);
}

static void sc_setpipe_sz_einval(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "set 2^31 + 1", im->fcntl(fd[0], F_SETPIPE_SZ, (1U << 31) + 1), -1, EINVAL);
	WANT(t, "set -1", im->fcntl(fd[0], F_SETPIPE_SZ, -1), -1, EINVAL);
	WANT(t, "unchanged", im->fcntl(fd[0], F_GETPIPE_SZ), DEFAULT_SIZE, 0);
	close_both(fd);
}

static void f_setpipe_sz_beyond_2_gib_fails_with_einval(void)
{
	differ(sc_setpipe_sz_einval);
}

static void sc_setpipe_sz_ebusy(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	write_n(t, "write 8193", fd[1], 8193, 'a');
	WANT(t, "set 8192", im->fcntl(fd[0], F_SETPIPE_SZ, 8192), -1, EBUSY);
	WANT(t, "set 16384", im->fcntl(fd[0], F_SETPIPE_SZ, 16384), 16384, 0);
	WANT(t, "data kept", read_n(t, "read", fd[0], 10000), 8193, 0);
	close_both(fd);
}

static void f_setpipe_sz_smaller_than_the_buffered_data_fails_with_ebusy(void)
{
	differ(sc_setpipe_sz_ebusy);
}

static void sc_setpipe_sz_keeps_data(const struct impl *im, struct trace *t)
{
	static char src[120000], dst[120000];
	unsigned int i, bad = 0;
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	/* Distinct bytes, and a ring that has wrapped around its end. */
	for (i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7 + i / 251);
	WANT(t, "write 60000", write(fd[1], src, 60000), 60000, 0);
	WANT(t, "read 50000", read(fd[0], dst, 50000), 50000, 0);
	WANT(t, "write 20000", write(fd[1], src + 60000, 20000), 20000, 0);
	WANT(t, "grow to 128 KiB", im->fcntl(fd[0], F_SETPIPE_SZ, 128 * KIB), 128 * KIB, 0);
	WANT(t, "write 40000 more", write(fd[1], src + 80000, 40000), 40000, 0);
	WANT(t, "read the rest", read(fd[0], dst + 50000, 70000), 70000, 0);
	for (i = 0; i < sizeof(src); i++)
		bad += src[i] != dst[i];
	WANT(t, "bytes out of place", bad, 0, 0);
	WANT(t, "then empty", read(fd[0], dst, 1), -1, EAGAIN);
	close_both(fd);
}

static void f_setpipe_sz_keeps_the_buffered_data_in_order(void)
{
	differ(sc_setpipe_sz_keeps_data);
}

static void sc_setpipe_sz_grows(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, O_NONBLOCK);
	WANT(t, "set 256 KiB", im->fcntl(fd[1], F_SETPIPE_SZ, 256 * KIB), 256 * KIB, 0);
	WANT(t, "write 1 MiB", write_n(t, "w", fd[1], 1024 * KIB, 'a'), 256 * KIB, 0);
	close_both(fd);
}

static void f_setpipe_sz_larger_lets_more_be_written(void)
{
	differ(sc_setpipe_sz_grows);
}

static void sc_setpipe_sz_eperm(const struct impl *im, struct trace *t)
{
	int fd[2];
	pid_t pid;

	make_pipe(im, fd, 0);
	WANT(t, "root: 2 MiB", im->fcntl(fd[0], F_SETPIPE_SZ, 2048 * KIB), 2048 * KIB, 0);
	close_both(fd);
	make_pipe(im, fd, 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		/* Become nobody: no CAP_SYS_RESOURCE. */
		if (setgid(65534) || setuid(65534))
			_exit(100);
		if (im->fcntl(fd[0], F_SETPIPE_SZ, 2048 * KIB) != -1)
			_exit(101);
		if (errno != EPERM)
			_exit(102);
		/* At pipe_max_size (1 MiB) it is allowed. */
		_exit(im->fcntl(fd[0], F_SETPIPE_SZ, 1024 * KIB) == 1024 * KIB ? 0 : 103);
	}
	WANT(t, "nobody: EPERM above pipe_max_size", reap(pid), 0, 0);
	close_both(fd);
}

static void f_setpipe_sz_above_pipe_max_size_needs_cap_sys_resource(void)
{
	differ(sc_setpipe_sz_eperm);
}

static void sc_pipe_sz_on_a_non_pipe(const struct impl *im, struct trace *t)
{
	int fd = open("/dev/null", O_RDWR);

	TT_ASSERT(fd >= 0);
	WANT(t, "F_GETPIPE_SZ /dev/null", im->fcntl(fd, F_GETPIPE_SZ), -1, EBADF);
	WANT(t, "F_SETPIPE_SZ /dev/null", im->fcntl(fd, F_SETPIPE_SZ, 4096), -1, EBADF);
	close(fd);
}

static void f_getpipe_sz_on_a_non_pipe_fails_with_ebadf(void)
{
	differ(sc_pipe_sz_on_a_non_pipe);
}

/* fcntl(2) only knows its own pipes; toy_fcntl() only knows the toy's. */
static void f_getpipe_sz_needs_toy_fcntl_on_a_toy_pipe_unlike_linux(void)
{
	int r[2], t[2];

	TT_ASSERT(pipe(r) == 0 && toy_pipe(t) == 0);
	TT_ASSERT(fcntl(r[0], F_GETPIPE_SZ) == DEFAULT_SIZE);
	TT_ASSERT(toy_fcntl(t[0], F_GETPIPE_SZ) == DEFAULT_SIZE);
	TT_ASSERT_ERRNO(fcntl(t[0], F_GETPIPE_SZ), EBADF);
	TT_ASSERT_ERRNO(toy_fcntl(r[0], F_GETPIPE_SZ), EBADF);
}

/* Linux allocates a pipe's pages as data arrives; the toy's ring at once. */
static void f_setpipe_sz_above_64_mib_fails_with_enomem_unlike_linux(void)
{
	int r[2], t[2];

	TT_ASSERT(pipe(r) == 0 && toy_pipe(t) == 0);
	TT_ASSERT(fcntl(r[0], F_SETPIPE_SZ, 128 << 20) == 128 << 20);
	TT_ASSERT(toy_fcntl(t[0], F_SETPIPE_SZ, 64 << 20) == 64 << 20);
	TT_ASSERT_ERRNO(toy_fcntl(t[0], F_SETPIPE_SZ, 128 << 20), ENOMEM);
	TT_ASSERT(toy_fcntl(t[0], F_GETPIPE_SZ) == 64 << 20);
}

/* Bytes written 100 at a time until EAGAIN, over MAKE. */
static long fill_with_100_byte_writes(int (*make)(int fd[2], int flags))
{
	char buf[100] = "";
	long total = 0;
	ssize_t n;
	int fd[2];

	TT_ASSERT(make(fd, O_NONBLOCK) == 0);
	while ((n = write(fd[1], buf, sizeof(buf))) > 0)
		total += n;
	TT_ASSERT(n == -1 && errno == EAGAIN);
	close_both(fd);
	return total;
}

/*
 * Linux merges small writes into a page while they fit, 40 of 100 bytes
 * per page: 16 pages hold 64000 bytes.  The toy's byte ring holds 655 of
 * them; the 656th, atomic, does not fit in the 36 bytes left.
 */
static void pipe_of_100_byte_writes_holds_65500_bytes_unlike_linux(void)
{
	long real_bytes = fill_with_100_byte_writes(pipe2);
	long toy_bytes = fill_with_100_byte_writes(toy_pipe2);

	if (real_bytes != 64000 || toy_bytes != 65500)
		TT_FAIL("real %ld toy %ld, want 64000 65500", real_bytes, toy_bytes);
}

/*
 * A read whose buffer faults after 50 of the 100 bytes in the pipe:
 * Linux's pipe_read() takes a page slot only when all of it reached the
 * reader, so it fails with EFAULT and keeps all 100; the toy's ring has no
 * slots and consumes the 50 bytes that were copied, returning 50.
 */
static void read_that_faults(int (*mk)(int[2], int), long *ret, int *err, int *left)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[100];
	int fd[2];

	TT_ASSERT(p != MAP_FAILED);
	TT_ASSERT(mprotect(p + page, page, PROT_NONE) == 0);
	TT_ASSERT(mk(fd, O_NONBLOCK) == 0);
	memset(buf, 'r', sizeof(buf));
	TT_ASSERT(write(fd[1], buf, sizeof(buf)) == 100);
	errno = 0;
	*ret = read(fd[0], p + page - 50, 100);
	*err = errno;
	*left = -1;
	TT_ASSERT(ioctl(fd[0], FIONREAD, left) == 0);
	close_both(fd);
	munmap(p, 2 * page);
}

static void a_read_that_faults_halfway_consumes_what_was_copied_unlike_linux(void)
{
	long real_ret, toy_ret;
	int real_err, toy_err, real_left, toy_left;

	read_that_faults(pipe2, &real_ret, &real_err, &real_left);
	read_that_faults(toy_pipe2, &toy_ret, &toy_err, &toy_left);
	if (real_ret != -1 || real_err != EFAULT || real_left != 100 || toy_ret != 50 ||
	    toy_left != 50)
		TT_FAIL("real %ld (%s) left %d, toy %ld (%s) left %d; want -1 EFAULT 100, 50 50",
			real_ret, strerror(real_err), real_left, toy_ret, strerror(toy_err),
			toy_left);
}

/*
 * Two readers asleep on an empty pipe, one byte written: how many times
 * the reader that did not get it was switched out since.  Linux's readers
 * wait exclusively (wait_event_interruptible_exclusive()), so the write
 * wakes one and the other sleeps on: 0.  The toy wakes both and the loser
 * sleeps again: at least 1 (waited for up to a second).
 */
static long loser_switches(int (*mk)(int[2], int))
{
	pid_t r[2], loser = -1;
	long before[2], d = 0;
	int fd[2], i, j, status;
	char c;

	TT_ASSERT(mk(fd, 0) == 0);
	for (i = 0; i < 2; i++) {
		r[i] = fork();
		TT_ASSERT(r[i] >= 0);
		if (r[i] == 0) {
			close(fd[1]);
			_exit(read(fd[0], &c, 1) == 1 ? 0 : 1);
		}
	}
	tt_wait_asleep(r[0]);
	tt_wait_asleep(r[1]);
	for (i = 0; i < 2; i++)
		before[i] = tt_voluntary_switches(r[i]);
	TT_ASSERT(write(fd[1], "x", 1) == 1);
	for (j = 0; j < 500 && loser < 0; j++) {
		for (i = 0; i < 2; i++)
			if (waitpid(r[i], &status, WNOHANG) == r[i]) {
				TT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
				loser = 1 - i;
			}
		usleep(10000);
	}
	TT_ASSERT(loser >= 0);
	for (j = 0; j < 100 && !(d = tt_voluntary_switches(r[loser]) - before[loser]); j++)
		usleep(10000);
	TT_ASSERT(write(fd[1], "y", 1) == 1);
	TT_ASSERT(waitpid(r[loser], &status, 0) == r[loser]);
	close_both(fd);
	return d;
}

static void a_write_wakes_every_blocked_reader_unlike_linux(void)
{
	long real = loser_switches(pipe2), toy = loser_switches(toy_pipe2);

	if (real != 0 || toy < 1)
		TT_FAIL("the other reader was switched out real %ld toy %ld times, want 0 and >= 1",
			real, toy);
}

/*
 * An ordinary write, then two O_DIRECT ones shorter than a page: Linux's
 * pipe_write() merges the short tail of any write into the last page slot
 * if that slot may be merged into (PIPE_BUF_FLAG_CAN_MERGE, set by the
 * ordinary write), without asking whether this write is a packet, so both
 * land in the ordinary write's page and one read returns all six bytes.
 * The toy has no pages to merge into and keeps each O_DIRECT write a
 * packet: a read takes the plain bytes and the packet after them (as
 * pipe_read() does with a packet slot after plain ones), then the other.
 */
static void ordinary_then_o_direct_write(int (*mk)(int[2], int), char *out, size_t size)
{
	char buf[16];
	int fd[2];
	ssize_t n;

	TT_ASSERT(mk(fd, O_NONBLOCK) == 0);
	TT_ASSERT(write(fd[1], "ab", 2) == 2);
	TT_ASSERT(fcntl(fd[1], F_SETFL, O_DIRECT | O_NONBLOCK) == 0);
	TT_ASSERT(write(fd[1], "cd", 2) == 2);
	TT_ASSERT(write(fd[1], "ef", 2) == 2);
	out[0] = 0;
	while ((n = read(fd[0], buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		snprintf(out + strlen(out), size - strlen(out), "[%s]", buf);
	}
	close_both(fd);
}

static void o_direct_writes_after_an_ordinary_one_stay_packets_unlike_linux(void)
{
	char real[64], toy[64];

	ordinary_then_o_direct_write(pipe2, real, sizeof(real));
	ordinary_then_o_direct_write(toy_pipe2, toy, sizeof(toy));
	if (strcmp(real, "[abcdef]") || strcmp(toy, "[abcd][ef]"))
		TT_FAIL("reads real %s toy %s, want [abcdef] and [abcd][ef]", real, toy);
}

/* ---- O_ASYNC ---- */

static void sc_sigio_data(const struct impl *im, struct trace *t)
{
	int fd[2];

	make_pipe(im, fd, 0);
	catch_signal(SIGIO, 0);
	WANT(t, "F_SETOWN", im->fcntl(fd[0], F_SETOWN, getpid()), 0, 0);
	WANT(t, "F_SETFL O_ASYNC", im->fcntl(fd[0], F_SETFL, O_ASYNC), 0, 0);
	WANT(t, "no SIGIO yet", signals_seen, 0, 0);
	WANT(t, "write", write(fd[1], "x", 1), 1, 0);
	WANT(t, "SIGIO arrived", signals_seen > 0, 1, 0);
	close_both(fd);
}

static void o_async_read_end_gets_sigio_when_data_arrives(void)
{
	differ(sc_sigio_data);
}

static void sc_sigio_room(const struct impl *im, struct trace *t)
{
	char c;
	int fd[2];

	make_pipe(im, fd, 0);
	WANT(t, "write", write(fd[1], "x", 1), 1, 0);
	catch_signal(SIGIO, 0);
	WANT(t, "F_SETOWN", im->fcntl(fd[1], F_SETOWN, getpid()), 0, 0);
	WANT(t, "F_SETFL O_ASYNC", im->fcntl(fd[1], F_SETFL, O_ASYNC), 0, 0);
	WANT(t, "read", read(fd[0], &c, 1), 1, 0);
	WANT(t, "SIGIO arrived", signals_seen > 0, 1, 0);
	close_both(fd);
}

static void o_async_write_end_gets_sigio_when_data_is_read(void)
{
	differ(sc_sigio_room);
}

/* ---- named FIFOs ---- */

static void sc_fifo_rdonly_blocks(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	long t0 = now_ms();
	pid_t pid = open_later(path, O_WRONLY, 300);
	int fd = open(path, O_RDONLY);

	WANT(t, "open O_RDONLY succeeds", fd >= 0, 1, 0);
	WANT(t, "once the writer came", now_ms() - t0 >= 200, 1, 0);
	WANT(t, "writer exit status", reap(pid), 0, 0);
	close(fd);
}

static void fifo_open_for_reading_blocks_until_a_writer_opens(void)
{
	differ(sc_fifo_rdonly_blocks);
}

static void sc_fifo_rdonly_nonblock(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	char c;
	int fd = open(path, O_RDONLY | O_NONBLOCK);

	WANT(t, "open O_RDONLY|O_NONBLOCK", fd >= 0, 1, 0);
	/* No writer has ever opened: that is not EOF, and not EAGAIN either. */
	WANT(t, "read", read(fd, &c, 1), 0, 0);
	close(fd);
}

static void fifo_nonblocking_open_for_reading_succeeds_without_a_writer(void)
{
	differ(sc_fifo_rdonly_nonblock);
}

static void sc_fifo_wronly_blocks(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	long t0 = now_ms();
	pid_t pid = open_later(path, O_RDONLY, 300);
	int fd = open(path, O_WRONLY);

	WANT(t, "open O_WRONLY succeeds", fd >= 0, 1, 0);
	WANT(t, "once the reader came", now_ms() - t0 >= 200, 1, 0);
	WANT(t, "reader exit status", reap(pid), 0, 0);
	close(fd);
}

static void fifo_open_for_writing_blocks_until_a_reader_opens(void)
{
	differ(sc_fifo_wronly_blocks);
}

static void sc_fifo_wronly_enxio(const struct impl *im, struct trace *t)
{
	WANT(t, "open O_WRONLY|O_NONBLOCK", open(make_fifo(im), O_WRONLY | O_NONBLOCK), -1, ENXIO);
}

static void fifo_nonblocking_open_for_writing_without_a_reader_fails_with_enxio(void)
{
	differ(sc_fifo_wronly_enxio);
}

static void sc_fifo_wronly_nonblock_reader(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	int wr = open(path, O_WRONLY | O_NONBLOCK);

	WANT(t, "reader opened", rd >= 0, 1, 0);
	WANT(t, "writer opened", wr >= 0, 1, 0);
	WANT(t, "write", write(wr, "abc", 3), 3, 0);
	WANT(t, "read", read_n(t, "read", rd, 10), 3, 0);
	close(wr);
	close(rd);
}

static void fifo_nonblocking_open_for_writing_with_a_reader_succeeds(void)
{
	differ(sc_fifo_wronly_nonblock_reader);
}

static void sc_fifo_rdwr(const struct impl *im, struct trace *t)
{
	char buf[8];
	int fd = open(make_fifo(im), O_RDWR);

	WANT(t, "open O_RDWR alone", fd >= 0, 1, 0);
	WANT(t, "write to itself", write(fd, "me", 2), 2, 0);
	WANT(t, "read it back", read(fd, buf, sizeof(buf)), 2, 0);
	WANT(t, "poll", poll_bits(fd), POLLOUT | POLLWRNORM, 0);
	close(fd);
}

static void fifo_open_for_reading_and_writing_never_blocks(void)
{
	differ(sc_fifo_rdwr);
}

static void sc_fifo_open_eintr(const struct impl *im, struct trace *t)
{
	pid_t sig;
	const char *path = make_fifo(im);

	catch_signal(SIGUSR1, 0);
	sig = signal_every(SIGUSR1, 100);
	WANT(t, "blocked open O_RDONLY", open(path, O_RDONLY), -1, EINTR);
	stop_child(sig);
	WANT(t, "handler ran", signals_seen > 0, 1, 0);
	/* The interrupted reader is not counted any more. */
	WANT(t, "open O_WRONLY|O_NONBLOCK", open(path, O_WRONLY | O_NONBLOCK), -1, ENXIO);
}

static void fifo_open_interrupted_by_a_signal_fails_with_eintr(void)
{
	differ(sc_fifo_open_eintr);
}

static void sc_fifo_pollhup(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	int rd = open(path, O_RDONLY | O_NONBLOCK), wr;

	TT_ASSERT(rd >= 0);
	WANT(t, "no writer yet: no POLLHUP", poll_bits(rd), 0, 0);
	wr = open(path, O_WRONLY | O_NONBLOCK);
	WANT(t, "writer opened", wr >= 0, 1, 0);
	WANT(t, "with a writer", poll_bits(rd), 0, 0);
	close(wr);
	WANT(t, "writer gone: POLLHUP", poll_bits(rd), POLLHUP, 0);
	close(rd);
}

static void fifo_reader_sees_pollhup_only_after_a_writer_came_and_went(void)
{
	differ(sc_fifo_pollhup);
}

static void sc_fifo_counts_writers(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	char c;
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	int w1 = open(path, O_WRONLY), w2 = open(path, O_WRONLY);

	TT_ASSERT(rd >= 0 && w1 >= 0 && w2 >= 0);
	close(w1);
	WANT(t, "one writer left: no EOF", read(rd, &c, 1), -1, EAGAIN);
	WANT(t, "write by the other", write(w2, "z", 1), 1, 0);
	close(w2);
	WANT(t, "its byte", read(rd, &c, 1), 1, 0);
	WANT(t, "then EOF", read(rd, &c, 1), 0, 0);
	close(rd);
}

static void fifo_reader_gets_eof_only_when_every_writer_has_closed(void)
{
	differ(sc_fifo_counts_writers);
}

static void sc_fifo_epipe(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	int wr = open(path, O_WRONLY);

	TT_ASSERT(rd >= 0 && wr >= 0);
	signal(SIGPIPE, SIG_IGN);
	close(rd);
	WANT(t, "poll write end", poll_bits(wr), POLLOUT | POLLWRNORM | POLLERR, 0);
	WANT(t, "write", write(wr, "x", 1), -1, EPIPE);
	close(wr);
}

static void fifo_writer_gets_epipe_when_the_last_reader_closes(void)
{
	differ(sc_fifo_epipe);
}

static void sc_fifo_discards(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	char c;
	int fd = open(path, O_RDWR);

	WANT(t, "write", write(fd, "lost", 4), 4, 0);
	WANT(t, "F_SETPIPE_SZ 8192", im->fcntl(fd, F_SETPIPE_SZ, 8192), 8192, 0);
	close(fd);
	fd = open(path, O_RDWR | O_NONBLOCK);
	WANT(t, "reopened: empty", read(fd, &c, 1), -1, EAGAIN);
	WANT(t, "default capacity again", im->fcntl(fd, F_GETPIPE_SZ), DEFAULT_SIZE, 0);
	close(fd);
}

static void fifo_forgets_data_and_capacity_when_the_last_opener_closes(void)
{
	differ(sc_fifo_discards);
}

static void sc_fifo_between_processes(const struct impl *im, struct trace *t)
{
	const char *path = make_fifo(im);
	pid_t pid = fork();
	int fd;

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		static char buf[100000];

		fd = open(path, O_WRONLY);
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (char)(i % 253);
		_exit(fd >= 0 && write(fd, buf, sizeof(buf)) == sizeof(buf) ? 0 : 1);
	}
	fd = open(path, O_RDONLY);
	TT_ASSERT(fd >= 0);
	/* 100000 bytes in 4 reads of at most 64 KiB: the shape may differ. */
	{
		static unsigned char buf[100000];
		unsigned long sum = 0;
		size_t got = 0;
		ssize_t n;

		while ((n = read(fd, buf + got, sizeof(buf) - got)) > 0)
			got += n;
		for (size_t i = 0; i < got; i++)
			sum = sum * 31 + buf[i];
		WANT(t, "bytes read", got, 100000, 0);
		REC(t, "checksum", sum);
	}
	WANT(t, "writer exit status", reap(pid), 0, 0);
	close(fd);
}

static void fifo_carries_data_from_one_process_to_another(void)
{
	differ(sc_fifo_between_processes);
}

/* ---- the toy's own: devices, module lifetime, counters ---- */

static unsigned int nr_fifos(void)
{
	char buf[16] = "";
	int fd = open("/sys/module/toyipc/parameters/nr_fifos", O_RDONLY);

	TT_ASSERT(fd >= 0);
	TT_ASSERT(read(fd, buf, sizeof(buf) - 1) > 0);
	close(fd);
	return (unsigned int)atoi(buf);
}

static void fifo_devices_are_char_devices_open_to_all(void)
{
	unsigned int i, n = nr_fifos();
	char path[32];
	struct stat st;

	TT_ASSERT(n > 0);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/dev/toyfifo%u", i);
		if (stat(path, &st) || !S_ISCHR(st.st_mode) || (st.st_mode & 07777) != 0666)
			TT_FAIL("%s: not a char device with mode 0666", path);
	}
	snprintf(path, sizeof(path), "/dev/toyfifo%u", n);
	TT_ASSERT_ERRNO(stat(path, &st), ENOENT);
}

static void fifos_are_separate_pipes(void)
{
	int a = open("/dev/toyfifo0", O_RDWR | O_NONBLOCK);
	int b = open("/dev/toyfifo1", O_RDWR | O_NONBLOCK);
	char c;

	TT_ASSERT(a >= 0 && b >= 0);
	TT_ASSERT(write(a, "a", 1) == 1);
	TT_ASSERT_ERRNO(read(b, &c, 1), EAGAIN);
	TT_ASSERT(read(a, &c, 1) == 1 && c == 'a');
}

static int delete_module(void)
{
	return (int)syscall(SYS_delete_module, "toyipc", O_NONBLOCK);
}

/* If a test unloaded the module, load it again for the tests after it. */
static void reload_module(void)
{
	char params[256] = "";
	int fd = open(MODULE_PARAMS, O_RDONLY);
	int ko = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	TT_ASSERT(fd >= 0 && ko >= 0);
	n = read(fd, params, sizeof(params) - 1);
	TT_ASSERT(n >= 0);
	params[strcspn(params, "\n")] = '\0';
	TT_ASSERT(syscall(SYS_finit_module, ko, params, 0) == 0);
	close(fd);
	close(ko);
}

/* A toy pipe made through a /dev/toyipc descriptor that is closed again. */
static void toy_pipe_without_control_device(int fd[2])
{
	int ctl = open("/dev/toyipc", O_RDWR);
	struct toyipc_pipe2 req = { .fds = (uintptr_t)fd };

	TT_ASSERT(ctl >= 0);
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_PIPE2, &req) == 0);
	close(ctl);
}

static void rmmod_is_refused_while_a_pipe_end_is_open(void)
{
	int fd[2];

	toy_pipe_without_control_device(fd);
	close(fd[1]);
	errno = 0;
	if (delete_module() == 0) {
		reload_module();
		TT_FAIL("the module unloaded under an open pipe end");
	}
	TT_ASSERT(errno == EWOULDBLOCK);
	close(fd[0]);
}

static void rmmod_is_refused_while_a_fifo_is_open(void)
{
	int fd = open(TOY_FIFO, O_RDWR);

	TT_ASSERT(fd >= 0);
	errno = 0;
	if (delete_module() == 0) {
		reload_module();
		TT_FAIL("the module unloaded under an open FIFO");
	}
	TT_ASSERT(errno == EWOULDBLOCK);
	close(fd);
}

static struct toyipc_pipe_stats stats_of(int fd)
{
	struct toyipc_pipe_stats st;

	memset(&st, 0xff, sizeof(st));
	TT_ASSERT(ioctl(fd, TOYIPC_IOC_PIPE_STATS, &st) == 0);
	return st;
}

static void stats_count_bytes_calls_and_the_high_water_mark(void)
{
	struct toyipc_pipe_stats st;
	char buf[100];
	int fd[2];

	TT_ASSERT(toy_pipe(fd) == 0);
	TT_ASSERT(write(fd[1], buf, 60) == 60);
	TT_ASSERT(write(fd[1], buf, 40) == 40);
	TT_ASSERT(read(fd[0], buf, 30) == 30);
	st = stats_of(fd[0]);
	if (st.bytes_in != 100 || st.bytes_out != 30 || st.writes != 2 || st.reads != 1 ||
	    st.high_water != 100 || st.fill != 70 || st.size != DEFAULT_SIZE ||
	    st.readers != 1 || st.writers != 1 || st.fifo_nr != -1 || st.reserved != 0 ||
	    st.read_waits != 0 || st.write_waits != 0)
		TT_FAIL("in %llu out %llu writes %llu reads %llu high %u fill %u size %u "
			"r %u w %u fifo %d reserved %u waits %llu/%llu",
			st.bytes_in, st.bytes_out, st.writes, st.reads, st.high_water,
			st.fill, st.size, st.readers, st.writers, st.fifo_nr, st.reserved,
			st.read_waits, st.write_waits);
}

static void stats_count_the_times_a_reader_slept(void)
{
	struct toyipc_pipe_stats st;
	char buf[16];
	int fd[2];
	pid_t pid;

	TT_ASSERT(toy_pipe(fd) == 0);
	pid = write_later(fd[1], 200, 1);
	TT_ASSERT(read(fd[0], buf, sizeof(buf)) == 1);
	TT_ASSERT(reap(pid) == 0);
	st = stats_of(fd[1]);
	if (st.read_waits != 1 || st.write_waits != 0)
		TT_FAIL("read_waits %llu write_waits %llu, want 1 0", st.read_waits, st.write_waits);
}

static void stats_count_the_times_a_writer_slept(void)
{
	static char buf[DEFAULT_SIZE + 1];
	struct toyipc_pipe_stats st;
	int fd[2];
	pid_t pid;

	TT_ASSERT(toy_pipe(fd) == 0);
	pid = drain(fd, sizeof(buf));
	close(fd[0]);
	/* The first 64 KiB fill the pipe; the last byte must wait for room. */
	TT_ASSERT(write(fd[1], buf, sizeof(buf)) == sizeof(buf));
	st = stats_of(fd[1]);
	if (st.write_waits < 1 || st.bytes_in != sizeof(buf) || st.high_water != DEFAULT_SIZE)
		TT_FAIL("write_waits %llu bytes_in %llu high_water %u",
			st.write_waits, st.bytes_in, st.high_water);
	close(fd[1]);
	TT_ASSERT(reap(pid) == 0);
}

static void stats_of_a_fifo_name_it(void)
{
	int fd = open("/dev/toyfifo1", O_RDWR);

	TT_ASSERT(fd >= 0);
	TT_ASSERT(stats_of(fd).fifo_nr == 1);
	TT_ASSERT(stats_of(fd).readers == 1 && stats_of(fd).writers == 1);
	close(fd);
}

/* Unloads and reloads the module: keep it last. */
static void without_the_module_toy_pipe_fails_with_enoent(void)
{
	int fd[2] = { -1, -1 }, ret, err;

	TT_ASSERT(delete_module() == 0);
	errno = 0;
	ret = toy_pipe(fd);
	err = errno;
	reload_module();
	if (ret != -1 || err != ENOENT)
		TT_FAIL("returned %d errno %d (%s), want -1 ENOENT", ret, err, strerror(err));
}

/*
 * ---- O_DIRECT: packet mode (pipe(7)).  Each write is one packet per page
 * of it, a read returns at most one packet and discards what did not fit,
 * and a packet takes a whole page slot however short it is.
 */

/* Read up to N bytes (nonblocking) and record the count and whether they are WANT. */
static void read_packet(struct trace *t, const char *what, int fd, size_t n, const char *want)
{
	char buf[16384];
	long got = REC(t, what, read(fd, buf, n));

	if (want)
		WANT(t, "  the bytes", got >= 0 && !memcmp(buf, want, got), 1, 0);
}

static void sc_o_direct_each_write_is_one_packet(const struct impl *im, struct trace *t)
{
	int fd[2];

	WANT(t, "pipe2(O_DIRECT | O_NONBLOCK)", im->pipe2(fd, O_DIRECT | O_NONBLOCK), 0, 0);
	WANT(t, "F_GETFL has O_DIRECT", (fcntl(fd[1], F_GETFL) & O_DIRECT) != 0, 1, 0);
	WANT(t, "write 3", write(fd[1], "abc", 3), 3, 0);
	WANT(t, "write 0", write(fd[1], "", 0), 0, 0);
	WANT(t, "write 5", write(fd[1], "defgh", 5), 5, 0);
	WANT(t, "FIONREAD", ({ int n = -1; ioctl(fd[0], FIONREAD, &n); n; }), 8, 0);
	read_packet(t, "read 100", fd[0], 100, "abc");
	read_packet(t, "read 100", fd[0], 100, "defgh");
	WANT(t, "read empty", read(fd[0], (char[4]){ 0 }, 4), -1, EAGAIN);
	close_both(fd);
}

static void o_direct_each_write_is_one_packet_and_each_read_takes_one(void)
{
	differ(sc_o_direct_each_write_is_one_packet);
}

static void sc_o_direct_short_read(const struct impl *im, struct trace *t)
{
	int fd[2];

	WANT(t, "pipe2(O_DIRECT | O_NONBLOCK)", im->pipe2(fd, O_DIRECT | O_NONBLOCK), 0, 0);
	WANT(t, "write 10", write(fd[1], "0123456789", 10), 10, 0);
	WANT(t, "write 2", write(fd[1], "xy", 2), 2, 0);
	read_packet(t, "read 4", fd[0], 4, "0123");
	read_packet(t, "read 100", fd[0], 100, "xy");
	WANT(t, "read empty", read(fd[0], (char[4]){ 0 }, 4), -1, EAGAIN);
	close_both(fd);
}

static void o_direct_a_short_read_discards_the_rest_of_the_packet(void)
{
	differ(sc_o_direct_short_read);
}

static void sc_o_direct_large_write(const struct impl *im, struct trace *t)
{
	static char big[10000];
	int fd[2];

	memset(big, 'p', sizeof(big));
	WANT(t, "pipe2(O_DIRECT | O_NONBLOCK)", im->pipe2(fd, O_DIRECT | O_NONBLOCK), 0, 0);
	WANT(t, "write 10000", write(fd[1], big, sizeof(big)), 10000, 0);
	read_packet(t, "read 16384", fd[0], 16384, big);
	read_packet(t, "read 16384", fd[0], 16384, big);
	read_packet(t, "read 16384", fd[0], 16384, big);
	WANT(t, "read empty", read(fd[0], (char[4]){ 0 }, 4), -1, EAGAIN);
	close_both(fd);
}

static void o_direct_a_write_longer_than_a_page_becomes_a_packet_per_page(void)
{
	differ(sc_o_direct_large_write);
}

static void sc_o_direct_slots(const struct impl *im, struct trace *t)
{
	int fd[2], n = 0;

	WANT(t, "pipe2(O_DIRECT | O_NONBLOCK)", im->pipe2(fd, O_DIRECT | O_NONBLOCK), 0, 0);
	while (n < 100 && write(fd[1], "x", 1) == 1)
		n++;
	WANT(t, "one-byte packets that fit", n, DEFAULT_SIZE / 4096, 0);
	WANT(t, "the next write", write(fd[1], "x", 1), -1, EAGAIN);
	WANT(t, "POLLOUT when full", !!(poll_bits(fd[1]) & POLLOUT), 0, 0);
	read_packet(t, "read 10", fd[0], 10, "x");
	WANT(t, "POLLOUT after a read", !!(poll_bits(fd[1]) & POLLOUT), 1, 0);
	WANT(t, "write again", write(fd[1], "x", 1), 1, 0);
	close_both(fd);
}

static void o_direct_packets_fill_the_pipe_a_page_slot_each(void)
{
	differ(sc_o_direct_slots);
}

static void sc_o_direct_fcntl(const struct impl *im, struct trace *t)
{
	int fd[2];

	WANT(t, "pipe2(O_NONBLOCK)", im->pipe2(fd, O_NONBLOCK), 0, 0);
	WANT(t, "F_SETFL O_DIRECT", fcntl(fd[1], F_SETFL, O_DIRECT | O_NONBLOCK), 0, 0);
	WANT(t, "write 2", write(fd[1], "ab", 2), 2, 0);
	WANT(t, "write 2", write(fd[1], "cd", 2), 2, 0);
	read_packet(t, "read 10", fd[0], 10, "ab");
	read_packet(t, "read 10", fd[0], 10, "cd");
	WANT(t, "F_SETFL without O_DIRECT", fcntl(fd[1], F_SETFL, O_NONBLOCK), 0, 0);
	WANT(t, "write 2", write(fd[1], "ef", 2), 2, 0);
	WANT(t, "write 2", write(fd[1], "gh", 2), 2, 0);
	read_packet(t, "read 10", fd[0], 10, "efgh");
	close_both(fd);
}

static void o_direct_is_switched_by_fcntl_f_setfl(void)
{
	differ(sc_o_direct_fcntl);
}

static void sc_o_direct_resize(const struct impl *im, struct trace *t)
{
	int fd[2];

	WANT(t, "pipe2(O_DIRECT | O_NONBLOCK)", im->pipe2(fd, O_DIRECT | O_NONBLOCK), 0, 0);
	WANT(t, "write 1", write(fd[1], "a", 1), 1, 0);
	WANT(t, "write 2", write(fd[1], "bc", 2), 2, 0);
	WANT(t, "write 3", write(fd[1], "def", 3), 3, 0);
	WANT(t, "F_SETPIPE_SZ 4096: 3 packets, 1 slot", im->fcntl(fd[0], F_SETPIPE_SZ, 4096), -1,
	     EBUSY);
	read_packet(t, "read 10", fd[0], 10, "a");
	WANT(t, "F_SETPIPE_SZ 8192", im->fcntl(fd[0], F_SETPIPE_SZ, 8192), 8192, 0);
	WANT(t, "write 1", write(fd[1], "g", 1), -1, EAGAIN);
	read_packet(t, "read 10", fd[0], 10, "bc");
	read_packet(t, "read 10", fd[0], 10, "def");
	WANT(t, "write 1", write(fd[1], "g", 1), 1, 0);
	read_packet(t, "read 10", fd[0], 10, "g");
	close_both(fd);
}

static void o_direct_f_setpipe_sz_keeps_the_packets_and_counts_them_as_slots(void)
{
	differ(sc_o_direct_resize);
}

int main(int argc, char **argv)
{
	static const struct tt_case cases[] = {
		TT_CASE(pipe_connects_its_write_end_to_its_read_end),
		TT_CASE(pipe_without_flags_is_blocking_and_inherited),
		TT_CASE(pipe2_with_unknown_flags_fails_with_einval),
		TT_CASE(o_direct_each_write_is_one_packet_and_each_read_takes_one),
		TT_CASE(o_direct_a_short_read_discards_the_rest_of_the_packet),
		TT_CASE(o_direct_a_write_longer_than_a_page_becomes_a_packet_per_page),
		TT_CASE(o_direct_packets_fill_the_pipe_a_page_slot_each),
		TT_CASE(o_direct_is_switched_by_fcntl_f_setfl),
		TT_CASE(o_direct_f_setpipe_sz_keeps_the_packets_and_counts_them_as_slots),
		TT_CASE(pipe2_with_a_bad_pointer_fails_with_efault_and_leaks_no_descriptor),
		TT_CASE(pipe2_o_nonblock_makes_both_ends_nonblocking),
		TT_CASE(pipe2_o_cloexec_sets_fd_cloexec_on_both_ends),
		TT_CASE(pipe_with_one_free_descriptor_fails_with_emfile),
		TT_CASE(pipe_ends_are_shared_with_a_forked_child),
		TT_CASE(pipe_ends_survive_exec),
		TT_CASE(o_cloexec_ends_are_closed_by_exec),
		TT_CASE(read_returns_the_bytes_written_in_order),
		TT_CASE(read_returns_what_is_there_up_to_the_request),
		TT_CASE(read_on_an_empty_pipe_blocks_until_data_arrives),
		TT_CASE(read_returns_eof_once_the_writers_are_gone_and_the_pipe_is_empty),
		TT_CASE(read_on_an_empty_nonblocking_pipe_fails_with_eagain),
		TT_CASE(read_of_zero_bytes_returns_zero_without_blocking),
		TT_CASE(read_on_the_write_end_and_write_on_the_read_end_fail_with_ebadf),
		TT_CASE(blocked_read_interrupted_by_a_signal_fails_with_eintr),
		TT_CASE(blocked_read_is_restarted_after_an_sa_restart_signal),
		TT_CASE(read_into_a_bad_buffer_fails_with_efault_and_keeps_the_data),
		TT_CASE(write_without_readers_fails_with_epipe),
		TT_CASE(write_without_readers_raises_sigpipe),
		TT_CASE(write_without_readers_kills_a_writer_with_default_sigpipe),
		TT_CASE(pipe_holds_64_kib_by_default),
		TT_CASE(nonblocking_write_of_up_to_pipe_buf_bytes_is_all_or_nothing),
		TT_CASE(nonblocking_large_write_copies_what_fits_then_fails_with_eagain),
		TT_CASE(blocking_write_larger_than_the_pipe_completes_as_a_reader_drains),
		TT_CASE(write_of_zero_bytes_returns_zero),
		TT_CASE(write_from_a_bad_buffer_fails_with_efault),
		TT_CASE(blocked_write_interrupted_by_a_signal_fails_with_eintr),
		TT_CASE(blocked_write_interrupted_after_copying_returns_the_partial_count),
		TT_CASE(poll_on_an_empty_pipe_reports_pollout_on_the_write_end_only),
		TT_CASE(poll_reports_pollin_when_there_is_data),
		TT_CASE(poll_reports_pollout_only_with_room_for_pipe_buf_bytes),
		TT_CASE(poll_reports_pollhup_on_the_read_end_without_writers),
		TT_CASE(poll_reports_pollerr_on_the_write_end_without_readers),
		TT_CASE(poll_wakes_up_when_data_arrives),
		TT_CASE(select_reports_both_ends_ready),
		TT_CASE(edge_triggered_epoll_reports_every_write),
		TT_CASE(fionread_reports_the_buffered_bytes_on_either_end),
		TT_CASE(lseek_pread_and_pwrite_fail_with_espipe),
		TT_CASE(f_setpipe_sz_rounds_up_to_a_power_of_two_of_at_least_a_page),
		TT_CASE(f_setpipe_sz_beyond_2_gib_fails_with_einval),
		TT_CASE(f_setpipe_sz_smaller_than_the_buffered_data_fails_with_ebusy),
		TT_CASE(f_setpipe_sz_keeps_the_buffered_data_in_order),
		TT_CASE(f_setpipe_sz_larger_lets_more_be_written),
		TT_CASE(f_setpipe_sz_above_pipe_max_size_needs_cap_sys_resource),
		TT_CASE(f_getpipe_sz_on_a_non_pipe_fails_with_ebadf),
		TT_CASE(f_getpipe_sz_needs_toy_fcntl_on_a_toy_pipe_unlike_linux),
		TT_CASE(f_setpipe_sz_above_64_mib_fails_with_enomem_unlike_linux),
		TT_CASE(pipe_of_100_byte_writes_holds_65500_bytes_unlike_linux),
		TT_CASE(a_read_that_faults_halfway_consumes_what_was_copied_unlike_linux),
		TT_CASE(a_write_wakes_every_blocked_reader_unlike_linux),
		TT_CASE(o_direct_writes_after_an_ordinary_one_stay_packets_unlike_linux),
		TT_CASE(o_async_read_end_gets_sigio_when_data_arrives),
		TT_CASE(o_async_write_end_gets_sigio_when_data_is_read),
		TT_CASE(fifo_open_for_reading_blocks_until_a_writer_opens),
		TT_CASE(fifo_nonblocking_open_for_reading_succeeds_without_a_writer),
		TT_CASE(fifo_open_for_writing_blocks_until_a_reader_opens),
		TT_CASE(fifo_nonblocking_open_for_writing_without_a_reader_fails_with_enxio),
		TT_CASE(fifo_nonblocking_open_for_writing_with_a_reader_succeeds),
		TT_CASE(fifo_open_for_reading_and_writing_never_blocks),
		TT_CASE(fifo_open_interrupted_by_a_signal_fails_with_eintr),
		TT_CASE(fifo_reader_sees_pollhup_only_after_a_writer_came_and_went),
		TT_CASE(fifo_reader_gets_eof_only_when_every_writer_has_closed),
		TT_CASE(fifo_writer_gets_epipe_when_the_last_reader_closes),
		TT_CASE(fifo_forgets_data_and_capacity_when_the_last_opener_closes),
		TT_CASE(fifo_carries_data_from_one_process_to_another),
		TT_CASE(fifo_devices_are_char_devices_open_to_all),
		TT_CASE(fifos_are_separate_pipes),
		TT_CASE(rmmod_is_refused_while_a_pipe_end_is_open),
		TT_CASE(rmmod_is_refused_while_a_fifo_is_open),
		TT_CASE(stats_count_bytes_calls_and_the_high_water_mark),
		TT_CASE(stats_count_the_times_a_reader_slept),
		TT_CASE(stats_count_the_times_a_writer_slept),
		TT_CASE(stats_of_a_fifo_name_it),
		TT_CASE(without_the_module_toy_pipe_fails_with_enoent),
		{ NULL, NULL },
	};

	if (argc == 3 && !strcmp(argv[1], "--exec-write")) {
		int fd = atoi(argv[2]);

		if (fcntl(fd, F_GETFD) < 0)
			return 3;
		return write(fd, "exec", 4) == 4 ? 0 : 1;
	}
	return tt_main_time32("pipe", cases);
}
