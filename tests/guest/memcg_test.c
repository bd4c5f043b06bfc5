// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_test: the toy's memory is charged to the memory cgroup of the
 * task that makes it allocate, as the real mechanism's is (issue 16,
 * item 3).  Each test runs one workload twice, over the real calls and
 * over the toy, in a child inside a fresh cgroup v2 group with a small
 * memory.max, and compares how the child ended:
 *	completed	every call succeeded
 *	stopped		killed by the OOM killer (SIGKILL), or a call failed
 *			with ENOMEM
 * The toy must end the same way as the real one: past the budget both
 * are stopped, within it both complete.  Which of "killed" and "ENOMEM"
 * happens depends on where the charge fails (a fault is killed, a
 * syscall may see ENOMEM), and the toy's objects are smaller than the
 * kernel's (a toy semaphore is 8 bytes, a real one a cache line), so the
 * test compares the class, and the workloads are sized so that both are
 * far past the budget, or far within it.
 *
 * The busybox guest does not mount cgroup2: the test mounts it at
 * /sys/fs/cgroup if nothing is mounted there.
 */
#include <stdbool.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include "toyipc.h"
#include "tt.h"

#define CGROOT "/sys/fs/cgroup"
#define BUDGET (16 << 20)	/* memory.max of the test's group */

static bool toy;	/* which side the workload runs on */

/* A new group with memory.max = BUDGET and no swap; returns its path. */
static const char *make_group(void)
{
	static char path[128];
	struct statfs sf;
	char max[32];

	mkdir(CGROOT, 0755);
	if (statfs(CGROOT, &sf) != 0 || sf.f_type != CGROUP2_SUPER_MAGIC)
		TT_ASSERT(mount("cgroup2", CGROOT, "cgroup2", 0, NULL) == 0);
	tt_write_file(CGROOT "/cgroup.subtree_control", "+memory");
	snprintf(path, sizeof(path), CGROOT "/memcg_test.%d", (int)getpid());
	TT_ASSERT(mkdir(path, 0755) == 0 || errno == EEXIST);
	snprintf(max, sizeof(max), "%d", BUDGET);
	{
		char f[160];

		snprintf(f, sizeof(f), "%s/memory.max", path);
		tt_write_file(f, max);
		snprintf(f, sizeof(f), "%s/memory.swap.max", path);
		if (access(f, F_OK) == 0)
			tt_write_file(f, "0");
	}
	return path;
}

enum outcome { COMPLETED, STOPPED, OTHER };

/*
 * Runs @work (toy or real, by the global @toy) in a child inside a new
 * group; @work returns 0 or an errno.  Returns the class and describes
 * the end in @how.
 */
static enum outcome run_in_group(int (*work)(void), bool on_toy, char *how, size_t size)
{
	const char *group = make_group();
	char procs[160], pid_text[16];
	int status, err;
	pid_t pid;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", group);
	fflush(stdout);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		snprintf(pid_text, sizeof(pid_text), "%d", (int)getpid());
		tt_write_file(procs, pid_text);
		toy = on_toy;
		_exit(work());
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rmdir(group);
	if (WIFSIGNALED(status)) {
		snprintf(how, size, "killed by signal %d", WTERMSIG(status));
		return WTERMSIG(status) == SIGKILL ? STOPPED : OTHER;
	}
	err = WEXITSTATUS(status);
	snprintf(how, size, err ? "failed with errno %d (%s)" : "completed", err, strerror(err));
	return !err ? COMPLETED : err == ENOMEM ? STOPPED : OTHER;
}

/* The toy ends like the real one, and that is @expected. */
static void ends_like_the_real_one(int (*work)(void), enum outcome expected)
{
	static const char *const names[] = { "completed", "stopped", "other" };
	char real_how[64], toy_how[64];
	enum outcome real = run_in_group(work, false, real_how, sizeof(real_how));
	enum outcome t = run_in_group(work, true, toy_how, sizeof(toy_how));

	if (real != expected)
		TT_FAIL("the real calls %s (%s), expected %s: the test's sizes do not fit "
			"this kernel", real_how, names[real], names[expected]);
	if (t != real)
		TT_FAIL("in a %d MiB memory cgroup the real calls %s but the toy %s",
			BUDGET >> 20, real_how, toy_how);
}

/* ---- shm: touch every page of a segment */

static size_t shm_bytes;

static int touch_shm(void)
{
	int id = toy ? toy_shmget(IPC_PRIVATE, shm_bytes, 0600)
		     : shmget(IPC_PRIVATE, shm_bytes, 0600);
	char *p;

	if (id < 0)
		return errno;
	p = toy ? toy_shmat(id, NULL, 0) : shmat(id, NULL, 0);
	/* Removed now, freed when this process detaches (or is killed). */
	if (toy)
		toy_shmctl(id, IPC_RMID, NULL);
	else
		shmctl(id, IPC_RMID, NULL);
	if (p == (void *)-1)
		return errno;
	for (size_t off = 0; off < shm_bytes; off += 4096)
		p[off] = 1;
	return 0;
}

static void shm_past_memory_max_is_stopped_like_the_real_one(void)
{
	shm_bytes = 2 * (size_t)BUDGET;
	ends_like_the_real_one(touch_shm, STOPPED);
}

static void shm_within_memory_max_completes_like_the_real_one(void)
{
	shm_bytes = BUDGET / 4;
	ends_like_the_real_one(touch_shm, COMPLETED);
}

/* ---- sem: sets of SEMMSL semaphores, by key (removed by the parent) */

#define SEM_KEY 0x5e3c0000
static int nr_sets;

static int make_sem_sets(void)
{
	for (int i = 0; i < nr_sets; i++) {
		int id = toy ? toy_semget(SEM_KEY + i, 32000, IPC_CREAT | 0600)
			     : semget(SEM_KEY + i, 32000, IPC_CREAT | 0600);

		if (id < 0)
			return errno;
	}
	return 0;
}

static void remove_sem_sets(void)
{
	for (int i = 0; i < 200; i++) {
		int id = toy_semget(SEM_KEY + i, 0, 0);

		if (id >= 0)
			toy_semctl(id, 0, IPC_RMID);
		id = semget(SEM_KEY + i, 0, 0);
		if (id >= 0)
			semctl(id, 0, IPC_RMID);
	}
}

/* 200 sets: 400 MiB of real semaphores, 50 MiB of toy ones (budget 16 MiB). */
static void sem_past_memory_max_is_stopped_like_the_real_one(void)
{
	nr_sets = 200;
	remove_sem_sets();
	ends_like_the_real_one(make_sem_sets, STOPPED);
	remove_sem_sets();
}

/* 2 sets: 4 MiB of real semaphores. */
static void sem_within_memory_max_completes_like_the_real_one(void)
{
	nr_sets = 2;
	remove_sem_sets();
	ends_like_the_real_one(make_sem_sets, COMPLETED);
	remove_sem_sets();
}

/* ---- msg: queues filled to msgmnb (16384 bytes), by key */

#define MSG_KEY 0x3e5c0000
static int nr_queues;

static int fill_queues(void)
{
	static struct { long mtype; char mtext[8192]; } m = { .mtype = 1 };

	for (int i = 0; i < nr_queues; i++) {
		int q = toy ? toy_msgget(MSG_KEY + i, IPC_CREAT | 0600)
			    : msgget(MSG_KEY + i, IPC_CREAT | 0600);

		if (q < 0)
			return errno;
		for (int j = 0; j < 2; j++)
			if ((toy ? toy_msgsnd(q, &m, sizeof(m.mtext), IPC_NOWAIT)
				 : msgsnd(q, &m, sizeof(m.mtext), IPC_NOWAIT)) != 0)
				return errno;
	}
	return 0;
}

static void remove_queues(void)
{
	for (int i = 0; i < nr_queues; i++) {
		int q = toy_msgget(MSG_KEY + i, 0);

		if (q >= 0)
			toy_msgctl(q, IPC_RMID, NULL);
		q = msgget(MSG_KEY + i, 0);
		if (q >= 0)
			msgctl(q, IPC_RMID, NULL);
	}
}

/* 2048 full queues: 32 MiB of messages. */
static void msg_past_memory_max_is_stopped_like_the_real_one(void)
{
	nr_queues = 2048;
	remove_queues();
	ends_like_the_real_one(fill_queues, STOPPED);
	remove_queues();
}

/* 64 full queues: 1 MiB. */
static void msg_within_memory_max_completes_like_the_real_one(void)
{
	nr_queues = 64;
	remove_queues();
	ends_like_the_real_one(fill_queues, COMPLETED);
	remove_queues();
}

/* ---- pipes: pipes filled to their 64 KiB capacity */

static int nr_pipes;

static int fill_pipes(void)
{
	static char buf[65536];
	struct rlimit rl = { 2 * nr_pipes + 64, 2 * nr_pipes + 64 };

	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		return errno;
	for (int i = 0; i < nr_pipes; i++) {
		int fds[2];

		if ((toy ? toy_pipe2(fds, O_NONBLOCK) : pipe2(fds, O_NONBLOCK)) != 0)
			return errno;
		if (write(fds[1], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return errno ? errno : EIO;
	}
	return 0;
}

/* 1024 full pipes: 64 MiB. */
static void pipes_past_memory_max_are_stopped_like_the_real_ones(void)
{
	nr_pipes = 1024;
	ends_like_the_real_one(fill_pipes, STOPPED);
}

/* 32 full pipes: 2 MiB. */
static void pipes_within_memory_max_complete_like_the_real_ones(void)
{
	nr_pipes = 32;
	ends_like_the_real_one(fill_pipes, COMPLETED);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(shm_past_memory_max_is_stopped_like_the_real_one),
		TT_CASE(shm_within_memory_max_completes_like_the_real_one),
		TT_CASE(sem_past_memory_max_is_stopped_like_the_real_one),
		TT_CASE(sem_within_memory_max_completes_like_the_real_one),
		TT_CASE(msg_past_memory_max_is_stopped_like_the_real_one),
		TT_CASE(msg_within_memory_max_completes_like_the_real_one),
		TT_CASE(pipes_past_memory_max_are_stopped_like_the_real_ones),
		TT_CASE(pipes_within_memory_max_complete_like_the_real_ones),
		{ NULL, NULL }
	};

	return tt_main("memcg", cases);
}
