// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/stats.c: /proc/toyipc/stats, and that every ioctl of a
 * mechanism is counted exactly once, with its errno when it fails.
 * The mechanisms' own suites check their bytes, blocks and wake-ups.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "stats_file.h"
#include "tt.h"


static const char *const kinds[] = { "pipe", "msg", "shm", "sem" };

/* The count of errno NAME for mechanism KIND in the "errors:" part, or 0. */
static unsigned long long errors(const char *kind, const char *errname)
{
	char buf[8192], k[16], e[16], *line, *tail;
	unsigned long long n;

	tt_read_file(STATS, buf, sizeof(buf));
	tail = strstr(buf, "\nerrors:\n");
	TT_ASSERT(tail != NULL);
	for (line = strtok(tail + 9, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%15s %15s %llu", k, e, &n) == 3 &&
		    !strcmp(k, kind) && !strcmp(e, errname))
			return n;
	return 0;
}

static void stats_file_has_a_header_and_a_row_per_mechanism(void)
{
	unsigned long long c[5];
	char buf[8192];

	tt_read_file(STATS, buf, sizeof(buf));
	if (strncmp(buf, "kind ", 5) || !strstr(buf, " ops ") || !strstr(buf, " errors\n"))
		TT_FAIL("unexpected header: %.80s", buf);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		stats_row(kinds[i], c);
	TT_ASSERT(strstr(buf, "\nerrors:\n") != NULL);
}

static void failed_ioctl_counts_one_op_and_its_errno(void)
{
	unsigned long long before[5], after[5], enotty;
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	stats_row("msg", before);
	enotty = errors("msg", "ENOTTY");
	/* An unused number in the message queues' range 0x20-0x2f. */
	TT_ASSERT_ERRNO(ioctl(fd, _IO(TOYIPC_IOC_MAGIC, 0x2f)), ENOTTY);
	stats_row("msg", after);
	if (after[0] != before[0] + 1 || after[4] != before[4] + 1)
		TT_FAIL("ops %llu -> %llu, errors %llu -> %llu; expected +1 each",
			before[0], after[0], before[4], after[4]);
	TT_ASSERT(errors("msg", "ENOTTY") == enotty + 1);
}

static void version_ioctl_is_not_a_mechanisms_call(void)
{
	unsigned long long before[4][5], after[5];
	struct toyipc_version v;
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	for (int k = 0; k < 4; k++)
		stats_row(kinds[k], before[k]);
	TT_ASSERT(ioctl(fd, TOYIPC_IOC_VERSION, &v) == 0);
	for (int k = 0; k < 4; k++) {
		stats_row(kinds[k], after);
		if (memcmp(before[k], after, sizeof(after)))
			TT_FAIL("the %s row changed", kinds[k]);
	}
}

static void stats_file_is_readable_by_all_and_writable_by_none(void)
{
	struct stat st;

	TT_ASSERT(stat(STATS, &st) == 0);
	if ((st.st_mode & 07777) != 0444)
		TT_FAIL("mode %04o, expected 0444", st.st_mode & 07777);
	/* Root ignores mode bits: try as an ordinary user. */
	TT_ASSERT(setgid(65534) == 0 && setuid(65534) == 0);
	TT_ASSERT_ERRNO(open(STATS, O_WRONLY), EACCES);
	TT_ASSERT(open(STATS, O_RDONLY) >= 0);
}

/* ---- known traffic, exact counters */

enum { OPS, BYTES, BLOCKS, WAKEUPS, ERRORS };

struct expect {
	const char *kind;
	unsigned long long c[5];	/* how much each counter must grow */
	const char *errname;		/* the errno of the errors, if any */
};

static unsigned long long before[5], errors_before;

static void start(const struct expect *e)
{
	stats_row(e->kind, before);
	errors_before = e->errname ? errors(e->kind, e->errname) : 0;
}

static void check(const struct expect *e)
{
	static const char *const names[] = { "ops", "bytes", "blocks", "wakeups", "errors" };
	unsigned long long after[5];

	stats_row(e->kind, after);
	for (int i = 0; i < 5; i++)
		if (after[i] - before[i] != e->c[i])
			TT_FAIL("%s %s grew by %llu, expected %llu", e->kind, names[i],
				after[i] - before[i], e->c[i]);
	if (e->errname && errors(e->kind, e->errname) - errors_before != e->c[ERRORS])
		TT_FAIL("%s %s count did not grow by %llu", e->kind, e->errname, e->c[ERRORS]);
}

struct text { long mtype; char mtext[64]; };

/*
 * msgget, 3 msgsnd of 10 bytes, 2 msgrcv, a msgrcv IPC_NOWAIT of a type
 * not there (ENOMSG) and IPC_RMID: 8 calls, 50 bytes, 1 error.
 */
static void msg_counters_are_exact(void)
{
	static const struct expect e = { "msg", { 8, 50, 0, 0, 1 }, "ENOMSG" };
	struct text m = { 1, "0123456789" };
	int id;

	start(&e);
	id = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(id >= 0);
	for (int i = 0; i < 3; i++)
		TT_ASSERT(toy_msgsnd(id, &m, 10, 0) == 0);
	for (int i = 0; i < 2; i++)
		TT_ASSERT(toy_msgrcv(id, &m, sizeof(m.mtext), 0, 0) == 10);
	TT_ASSERT_ERRNO(toy_msgrcv(id, &m, sizeof(m.mtext), 99, IPC_NOWAIT), ENOMSG);
	TT_ASSERT(toy_msgctl(id, IPC_RMID, NULL) == 0);
	check(&e);
}

/*
 * A receiver sleeps in msgrcv until a sender sends: 1 block, 1 wake-up.
 * Calls: msgget, msgrcv, msgsnd, IPC_RMID; bytes: 4 in, 4 out.
 */
static void msg_sleep_counts_one_block_and_one_wakeup(void)
{
	static const struct expect e = { "msg", { 4, 8, 1, 1, 0 }, NULL };
	struct text m = { 1, "ping" };
	int id, status;
	pid_t pid;

	start(&e);
	id = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(id >= 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (!pid)
		_exit(toy_msgrcv(id, &m, sizeof(m.mtext), 0, 0) == 4 ? 0 : 1);
	tt_wait_asleep(pid);
	TT_ASSERT(toy_msgsnd(id, &m, 4, 0) == 0);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && status == 0);
	TT_ASSERT(toy_msgctl(id, IPC_RMID, NULL) == 0);
	check(&e);
}

/*
 * toy_pipe, a write of 100, a read of 100, a read of the empty pipe with
 * O_NONBLOCK (EAGAIN): 4 calls, 200 bytes, 1 error.  close is not a call.
 */
static void pipe_counters_are_exact(void)
{
	static const struct expect e = { "pipe", { 4, 200, 0, 0, 1 }, "EAGAIN" };
	char buf[100] = { 0 };
	int fd[2];

	start(&e);
	TT_ASSERT(toy_pipe2(fd, O_NONBLOCK) == 0);
	TT_ASSERT(write(fd[1], buf, 100) == 100);
	TT_ASSERT(read(fd[0], buf, 100) == 100);
	TT_ASSERT_ERRNO(read(fd[0], buf, 100), EAGAIN);
	close(fd[0]);
	close(fd[1]);
	check(&e);
}

/* A reader sleeps on an empty pipe until a write: 1 block, 1 wake-up. */
static void pipe_sleep_counts_one_block_and_one_wakeup(void)
{
	static const struct expect e = { "pipe", { 3, 2, 1, 1, 0 }, NULL };
	int fd[2], status;
	char c = 'x';
	pid_t pid;

	start(&e);
	TT_ASSERT(toy_pipe(fd) == 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (!pid)
		_exit(read(fd[0], &c, 1) == 1 ? 0 : 1);
	tt_wait_asleep(pid);
	TT_ASSERT(write(fd[1], &c, 1) == 1);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && status == 0);
	close(fd[0]);
	close(fd[1]);
	check(&e);
}

/* shmget, shmat, shmdt, an unknown shmctl command (EINVAL), IPC_RMID. */
static void shm_counters_are_exact(void)
{
	static const struct expect e = { "shm", { 5, 0, 0, 0, 1 }, "EINVAL" };
	struct shmid_ds ds;
	int id;
	char *p;

	start(&e);
	id = toy_shmget(IPC_PRIVATE, 4096, 0600);
	TT_ASSERT(id >= 0);
	p = toy_shmat(id, NULL, 0);
	TT_ASSERT(p != (void *)-1);
	p[0] = 1;
	TT_ASSERT(toy_shmdt(p) == 0);
	TT_ASSERT_ERRNO(toy_shmctl(id, 12345, &ds), EINVAL);
	TT_ASSERT(toy_shmctl(id, IPC_RMID, NULL) == 0);
	check(&e);
}

/*
 * semget, a P that sleeps in a child, a V that wakes it, a P with
 * IPC_NOWAIT on zero (EAGAIN), IPC_RMID: 5 calls, 1 block, 1 wake-up.
 */
static void sem_counters_are_exact(void)
{
	static const struct expect e = { "sem", { 5, 0, 1, 1, 1 }, "EAGAIN" };
	struct sembuf p = { 0, -1, 0 }, v = { 0, 1, 0 }, pn = { 0, -1, IPC_NOWAIT };
	int id, status;
	pid_t pid;

	start(&e);
	id = toy_semget(IPC_PRIVATE, 1, 0600);
	TT_ASSERT(id >= 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (!pid)
		_exit(toy_semop(id, &p, 1) == 0 ? 0 : 1);
	tt_wait_asleep(pid);
	TT_ASSERT(toy_semop(id, &v, 1) == 0);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && status == 0);
	TT_ASSERT_ERRNO(toy_semop(id, &pn, 1), EAGAIN);
	TT_ASSERT(toy_semctl(id, 0, IPC_RMID) == 0);
	check(&e);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(stats_file_has_a_header_and_a_row_per_mechanism),
		TT_CASE(failed_ioctl_counts_one_op_and_its_errno),
		TT_CASE(version_ioctl_is_not_a_mechanisms_call),
		TT_CASE(stats_file_is_readable_by_all_and_writable_by_none),
		TT_CASE(msg_counters_are_exact),
		TT_CASE(msg_sleep_counts_one_block_and_one_wakeup),
		TT_CASE(pipe_counters_are_exact),
		TT_CASE(pipe_sleep_counts_one_block_and_one_wakeup),
		TT_CASE(shm_counters_are_exact),
		TT_CASE(sem_counters_are_exact),
		{ NULL, NULL },
	};

	return tt_main("stats", cases);
}
