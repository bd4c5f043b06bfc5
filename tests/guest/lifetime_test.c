// SPDX-License-Identifier: GPL-2.0
/*
 * Module lifetime: while anything of toyipc is in use (an open /dev/toyipc,
 * a pipe end, a FIFO, a shared memory mapping) rmmod is refused; once it is
 * gone rmmod succeeds.  Each test that unloads the module loads it again,
 * with the parameters tests/vm/init loaded it with, so the suites after it
 * find it as they expect.
 *
 * rmmod is delete_module(2) with O_NONBLOCK, as rmmod(8) calls it: a module
 * in use is refused with EWOULDBLOCK at once instead of being waited for.
 */
#include <fcntl.h>
#include <stdint.h>
#include <linux/toyipc.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "tt.h"

#define MODULE_FILE	"/lib/toyipc.ko"
#define MODPARAMS	"/etc/toyipc/modparams"

static int unload(void)
{
	return (int)syscall(SYS_delete_module, "toyipc", O_NONBLOCK);
}

static void load(void)
{
	char params[512] = "";
	int fd;
	FILE *f = fopen(MODPARAMS, "r");

	if (f) {
		if (!fgets(params, sizeof(params), f))
			params[0] = '\0';
		fclose(f);
	}
	params[strcspn(params, "\n")] = '\0';
	fd = open(MODULE_FILE, O_RDONLY | O_CLOEXEC);
	TT_ASSERT(fd >= 0);
	TT_ASSERT(syscall(SYS_finit_module, fd, params, 0) == 0);
	close(fd);
}

/* Unload (it must work now) and load again. */
static void unload_succeeds_then_reload(void)
{
	if (unload() != 0)
		TT_FAIL("rmmod refused with nothing of toyipc in use (errno %d)", errno);
	load();
	TT_ASSERT(access("/dev/toyipc", R_OK | W_OK) == 0);
}

static void refused_while(const char *what)
{
	errno = 0;
	if (unload() == 0) {
		load();		/* for the suites that follow */
		TT_FAIL("rmmod succeeded while %s", what);
	}
	if (errno != EWOULDBLOCK)
		TT_FAIL("rmmod while %s: errno %d, expected EWOULDBLOCK", what, errno);
}

static int ctl_open(void)
{
	int fd = open("/dev/toyipc", O_RDWR | O_CLOEXEC);

	TT_ASSERT(fd >= 0);
	return fd;
}

static void rmmod_is_refused_while_the_control_device_is_open(void)
{
	int fd = ctl_open();

	refused_while("/dev/toyipc is open");
	close(fd);
	unload_succeeds_then_reload();
}

static void rmmod_is_refused_while_a_pipe_end_is_open(void)
{
	struct toyipc_pipe2 req = { 0 };
	int ctl = ctl_open(), fds[2];

	req.fds = (uintptr_t)fds;
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_PIPE2, &req) == 0);
	close(ctl);
	close(fds[1]);
	refused_while("the read end of a pipe is open");
	close(fds[0]);
	unload_succeeds_then_reload();
}

static void rmmod_is_refused_while_a_fifo_is_open(void)
{
	int fd = open("/dev/toyfifo0", O_RDWR | O_CLOEXEC);

	TT_ASSERT(fd >= 0);
	refused_while("/dev/toyfifo0 is open");
	close(fd);
	unload_succeeds_then_reload();
}

/* The attach's file is gone from the file table; its mapping still holds it. */
static void rmmod_is_refused_while_a_segment_is_mapped(void)
{
	struct toyipc_shmget get = { IPC_PRIVATE, 0600, 8192 };
	struct toyipc_shmat at = { 0 };
	struct toyipc_shmctl rm = { 0 };
	int ctl = ctl_open(), id;

	id = ioctl(ctl, TOYIPC_IOC_SHMGET, &get);
	TT_ASSERT(id >= 0);
	at.shmid = id;
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_SHMAT, &at) == 0);
	rm.shmid = id;
	rm.cmd = IPC_RMID;
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_SHMCTL, &rm) == 0);
	close(ctl);
	memset((void *)(uintptr_t)at.addr, 1, 8192);

	refused_while("a segment is mapped");
	TT_ASSERT(munmap((void *)(uintptr_t)at.addr, 8192) == 0);
	unload_succeeds_then_reload();
}

/* Objects that nobody has open do not pin the module: unload frees them. */
static void objects_nobody_uses_do_not_pin_the_module(void)
{
	struct toyipc_shmget get = { IPC_PRIVATE, 0600, 4096 };
	struct toyipc_msgget msg = { IPC_PRIVATE, 0600 };
	int ctl = ctl_open();

	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_SHMGET, &get) >= 0);
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_MSGGET, &msg) >= 0);
	close(ctl);
	unload_succeeds_then_reload();
}

/*
 * SEM_UNDO state of a live process that closed the device (as execve()
 * does) does not pin the module either: unload frees it, and the process's
 * later exit finds nothing to undo.
 */
static void sem_undo_state_of_a_live_process_does_not_pin_the_module(void)
{
	struct toyipc_semget get = { .key = IPC_PRIVATE, .nsems = 1, .semflg = 0600 };
	struct sembuf up = { 0, 1, SEM_UNDO };
	struct toyipc_semop op = { .nsops = 1, .sops = (uintptr_t)&up };
	int ready[2], status;
	char c;
	pid_t pid;

	TT_ASSERT(pipe(ready) == 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		int ctl = ctl_open();

		op.semid = ioctl(ctl, TOYIPC_IOC_SEMGET, &get);
		if (op.semid < 0 || ioctl(ctl, TOYIPC_IOC_SEMOP, &op))
			_exit(1);
		close(ctl);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	TT_ASSERT(read(ready[0], &c, 1) == 1);
	unload_succeeds_then_reload();
	TT_ASSERT(kill(pid, SIGKILL) == 0);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
}

/* Write @text to the tracefs file @name (appending if @name ends in '+'). */
static bool trace_write(const char *name, const char *text)
{
	size_t len = strlen(name);
	bool append = len && name[len - 1] == '+';
	char path[128];
	int fd;
	bool ok;

	snprintf(path, sizeof(path), "/sys/kernel/tracing/%.*s", (int)(len - append), name);
	fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC));
	if (fd < 0)
		return false;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

/*
 * rmmod with objects left (issue 16, item 7): module exit removes them,
 * and each removal used to call toyipc_event() after
 * genl_unregister_family() had already run, sending into multicast group
 * ids the family no longer owned.  The function tracer records the order
 * of the two at rmmod: no toyipc_event() may follow the unregistration.
 */
static void rmmod_sends_no_event_after_the_family_is_gone(void)
{
	struct toyipc_msgget msg = { .key = IPC_PRIVATE, .msgflg = IPC_CREAT | 0600 };
	struct toyipc_semget sem = { .key = IPC_PRIVATE, .nsems = 1, .semflg = IPC_CREAT | 0600 };
	static char trace[1 << 16];
	const char *gone;
	int ctl = ctl_open();

	mkdir("/sys/kernel/tracing", 0755);
	mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	if (!trace_write("set_ftrace_filter", "toyipc_event\n") ||
	    !trace_write("set_ftrace_filter+", "genl_unregister_family\n"))
		TT_FAIL("no function tracer (tracefs set_ftrace_filter, errno %d): this test "
			"needs FTRACE", errno);
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_MSGGET, &msg) >= 0);
	TT_ASSERT(ioctl(ctl, TOYIPC_IOC_SEMGET, &sem) >= 0);
	close(ctl);
	TT_ASSERT(trace_write("trace", ""));
	TT_ASSERT(trace_write("current_tracer", "function"));
	TT_ASSERT(trace_write("tracing_on", "1"));
	if (unload() != 0)
		TT_FAIL("rmmod refused with nothing of toyipc in use (errno %d)", errno);
	trace_write("tracing_on", "0");
	tt_read_file("/sys/kernel/tracing/trace", trace, sizeof(trace));
	trace_write("current_tracer", "nop");
	trace_write("set_ftrace_filter", "");
	load();
	gone = strstr(trace, "genl_unregister_family");
	if (!gone)
		TT_FAIL("the trace has no genl_unregister_family:\n%s", trace);
	/*
	 * The trace is read after the module is gone, so its functions show
	 * as bare addresses: any entry after the unregistration is a call of
	 * toyipc_event(), the only other function traced.
	 */
	gone = strchr(gone, '\n');
	if (gone && gone[1])
		TT_FAIL("toyipc_event() ran after genl_unregister_family() at rmmod:\n%s", trace);
}

static const struct tt_case cases[] = {
	TT_CASE(rmmod_is_refused_while_the_control_device_is_open),
	TT_CASE(rmmod_is_refused_while_a_pipe_end_is_open),
	TT_CASE(rmmod_is_refused_while_a_fifo_is_open),
	TT_CASE(rmmod_is_refused_while_a_segment_is_mapped),
	TT_CASE(objects_nobody_uses_do_not_pin_the_module),
	TT_CASE(sem_undo_state_of_a_live_process_does_not_pin_the_module),
	TT_CASE(rmmod_sends_no_event_after_the_family_is_gone),
	{ NULL, NULL }
};

int main(void)
{
	return tt_main("lifetime", cases);
}
