// SPDX-License-Identifier: GPL-2.0
/*
 * stall_test: one pipe writer stuck in a copy from user memory must not
 * stall anybody else (issue 16, item 2).
 *
 * A writer's write(2) copies from its buffer with its pipe's mutex held
 * (pipe_write() does the same).  If that buffer never faults in - a page
 * of a userfaultfd region nobody serves, or of a file on a FUSE mount
 * whose daemon does not answer - the writer holds that mutex for as long
 * as the page stays missing.  That is fine for the pipe itself, but a
 * reader of /proc/toyipc/pipe or of the netlink dump used to wait for the
 * mutex while holding the global list mutex (and genl_mutex), so every
 * toy_pipe2(), every last close of any toy pipe and every non-parallel
 * generic netlink family in the system then hung in D state.
 *
 * Each test stalls a writer deterministically: the writer thread writes
 * from a userfaultfd-registered page, and the test reads the fault message
 * from the userfaultfd, which the kernel sends while the writer is inside
 * its copy (with the mutex held).  Then it runs one operation in a child
 * and gives it STALL_BOUND seconds.  Afterwards it serves the fault
 * (UFFDIO_ZEROPAGE), so that whatever did hang on old code completes and
 * the test ends cleanly either way.  Root in the guest may use a
 * userfaultfd for kernel-mode faults (without UFFD_USER_MODE_ONLY); a
 * user could do the same with vm.unprivileged_userfaultfd=1, or with FUSE.
 */
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#include "nl_raw.h"
#include "toyipc.h"

/* Seconds an operation gets while the writer is stalled (ms under TCG). */
#define STALL_BOUND 5

struct stall {
	int uffd;
	char *page;
	long page_size;
	int fds[2];		/* the stalled writer's toy pipe */
	pthread_t writer;
	ssize_t written;
};

static void *stalled_writer(void *arg)
{
	struct stall *s = arg;

	s->written = write(s->fds[1], s->page, 64);
	return NULL;
}

/* A writer of a new toy pipe, stuck in its copy when this returns. */
static void stall_start(struct stall *s)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	struct pollfd pfd;
	struct uffd_msg msg;

	s->page_size = sysconf(_SC_PAGESIZE);
	s->uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (s->uffd < 0)
		TT_FAIL("userfaultfd: %s (the kernel needs CONFIG_USERFAULTFD)", strerror(errno));
	TT_ASSERT(ioctl(s->uffd, UFFDIO_API, &api) == 0);
	s->page = mmap(NULL, s->page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TT_ASSERT(s->page != MAP_FAILED);
	reg.range.start = (unsigned long)s->page;
	reg.range.len = s->page_size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	TT_ASSERT(ioctl(s->uffd, UFFDIO_REGISTER, &reg) == 0);

	TT_ASSERT(toy_pipe2(s->fds, 0) == 0);
	s->written = -2;
	TT_ASSERT(pthread_create(&s->writer, NULL, stalled_writer, s) == 0);

	/* The fault message means: the writer is in its copy, mutex held. */
	pfd.fd = s->uffd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 10000) != 1)
		TT_FAIL("the writer did not fault on its buffer within 10 s");
	TT_ASSERT(read(s->uffd, &msg, sizeof(msg)) == sizeof(msg));
	TT_ASSERT(msg.event == UFFD_EVENT_PAGEFAULT);
}

/* Let the writer's copy finish, and check that its write then succeeded. */
static void stall_end(struct stall *s)
{
	struct uffdio_zeropage zp = { 0 };

	zp.range.start = (unsigned long)s->page;
	zp.range.len = s->page_size;
	TT_ASSERT(ioctl(s->uffd, UFFDIO_ZEROPAGE, &zp) == 0);
	TT_ASSERT(pthread_join(s->writer, NULL) == 0);
	if (s->written != 64)
		TT_FAIL("the stalled write returned %zd once served, expected 64", s->written);
	close(s->fds[0]);
	close(s->fds[1]);
	close(s->uffd);
	munmap(s->page, s->page_size);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The state letter of process @pid in /proc/PID/stat, or 0 if it is gone. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Wait up to @bound seconds for child @pid to exit.  Returns true if it
 * exited with status 0 in time; false if it is still running (it is
 * reaped later by reap()) or failed.
 */
static bool finishes_within(pid_t pid, double bound, int *status)
{
	double end = now() + bound;
	pid_t r;

	*status = -1;
	while (now() < end) {
		r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
		usleep(10000);
	}
	return false;
}

static void reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

/* The operations, each run in a child that exits 0 when it is done. */

static void read_proc_pipe(void)
{
	char buf[65536];

	tt_read_file("/proc/toyipc/pipe", buf, sizeof(buf));
}

static void dump_netlink_objects(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_GET_OBJECTS, NLM_F_DUMP);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == 0);
}

static void make_and_close_a_toy_pipe(void)
{
	int fds[2];

	TT_ASSERT(toy_pipe2(fds, 0) == 0);
	TT_ASSERT(close(fds[0]) == 0 && close(fds[1]) == 0);
}

/* The stalled pipe's row: 0 bytes queued, 1 reader, 1 writer. */
static void read_proc_pipe_and_find_the_stalled_pipe(void)
{
	char buf[65536], want[64];

	tt_read_file("/proc/toyipc/pipe", buf, sizeof(buf));
	snprintf(want, sizeof(want), " %10u %7u %7u ", 0U, 1U, 1U);
	if (!strstr(buf, want))
		TT_FAIL("no row with 0 queued, 1 reader, 1 writer in:\n%s", buf);
}

static pid_t spawn(void (*op)(void))
{
	pid_t pid = fork();

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		op();
		_exit(0);
	}
	return pid;
}

/*
 * A child that holds the only descriptors of a toy pipe made before the
 * stall and closes them when told to (a byte on the returned fd): its
 * close is then that pipe's last.  The descriptors must not be inherited
 * by anybody else, or the close would not be the last.
 */
static pid_t spawn_pipe_holder(int *go)
{
	int ctl[2], ready[2], fds[2];
	pid_t pid;
	char c;

	TT_ASSERT(pipe(ctl) == 0 && pipe(ready) == 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		close(ctl[1]);
		close(ready[0]);
		TT_ASSERT(toy_pipe2(fds, O_CLOEXEC) == 0);
		TT_ASSERT(write(ready[1], "r", 1) == 1);
		TT_ASSERT(read(ctl[0], &c, 1) == 1);
		TT_ASSERT(close(fds[0]) == 0 && close(fds[1]) == 0);
		_exit(0);
	}
	close(ctl[0]);
	close(ready[1]);
	TT_ASSERT(read(ready[0], &c, 1) == 1);
	close(ready[0]);
	*go = ctl[1];
	return pid;
}

/*
 * Runs @op in a child while a writer is stalled.  With @with_reader, a
 * reader of /proc/toyipc/pipe runs first (on old code it then sleeps on
 * the stalled pipe's mutex holding the global one, which is what made
 * toy_pipe2() and last closes hang); the test waits until that reader has
 * either finished or gone to sleep uninterruptibly before starting @op.
 */
static void completes_while_a_writer_is_stalled(void (*op)(void), const char *what,
						bool with_reader)
{
	struct stall s;
	pid_t reader = -1, pid = -1;
	int status, go = -1;
	bool ok;
	double end;
	char st;

	if (!op)
		pid = spawn_pipe_holder(&go);
	stall_start(&s);
	if (with_reader) {
		reader = spawn(read_proc_pipe);
		for (end = now() + STALL_BOUND; now() < end; usleep(10000)) {
			st = proc_state(reader);
			if (st == 'D' || st == 'Z' || st == 0)
				break;
		}
	}
	if (op)
		pid = spawn(op);
	else
		TT_ASSERT(write(go, "c", 1) == 1);	/* the holder closes now */
	ok = finishes_within(pid, STALL_BOUND, &status);
	stall_end(&s);
	if (!ok && status == -1)
		reap(pid);	/* it could go on once the writer was served */
	if (reader > 0)
		reap(reader);
	if (!ok)
		TT_FAIL("%s did not complete within %d s while another pipe's writer was "
			"stuck in a user copy (%s)", what, STALL_BOUND,
			status == -1 ? "it was waiting for that writer" : "it failed");
}

static void proc_toyipc_pipe_does_not_wait_for_a_stalled_writer(void)
{
	completes_while_a_writer_is_stalled(read_proc_pipe, "reading /proc/toyipc/pipe", false);
}

static void netlink_dump_does_not_wait_for_a_stalled_writer(void)
{
	completes_while_a_writer_is_stalled(dump_netlink_objects, "the netlink dump", false);
}

static void toy_pipe2_does_not_wait_for_a_stalled_writer(void)
{
	completes_while_a_writer_is_stalled(make_and_close_a_toy_pipe,
					    "toy_pipe2() and its closes", true);
}

static void last_close_of_another_pipe_does_not_wait_for_a_stalled_writer(void)
{
	/* NULL: the op is spawn_pipe_holder()'s close. */
	completes_while_a_writer_is_stalled(NULL, "the last close of another pipe", true);
}

/* The stalled writer's own pipe still shows in /proc/toyipc/pipe, right. */
static void a_stalled_pipe_is_listed_with_its_reader_and_writer(void)
{
	completes_while_a_writer_is_stalled(read_proc_pipe_and_find_the_stalled_pipe,
					    "reading the stalled pipe's row", false);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(proc_toyipc_pipe_does_not_wait_for_a_stalled_writer),
		TT_CASE(netlink_dump_does_not_wait_for_a_stalled_writer),
		TT_CASE(toy_pipe2_does_not_wait_for_a_stalled_writer),
		TT_CASE(last_close_of_another_pipe_does_not_wait_for_a_stalled_writer),
		TT_CASE(a_stalled_pipe_is_listed_with_its_reader_and_writer),
		{ NULL, NULL }
	};

	return tt_main("stall", cases);
}
