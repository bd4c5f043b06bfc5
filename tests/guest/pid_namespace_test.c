// SPDX-License-Identifier: GPL-2.0
/*
 * Pid namespaces: the pids an object records (msg_lspid, msg_lrpid,
 * shm_cpid, shm_lpid, a semaphore's sempid) are shown as the reader sees
 * them, over Linux and over the toy alike.
 *
 * Linux keeps them as struct pid references (ipc_update_pid()) and turns
 * them into numbers when they are read, in the reader's pid namespace
 * (pid_vnr()): a task the reader cannot see is 0.  So each test runs one
 * scenario over both:
 *
 *  - the parent (in the first pid namespace) makes an object and uses it;
 *  - a child enters a new pid namespace (unshare(CLONE_NEWPID)) and forks
 *    a grandchild, pid 1 there, which reads the object (the parent's pid
 *    is 0 to it: the parent is outside its namespace), uses it and reads
 *    it again (1: itself), then exits;
 *  - the parent reads the object: the grandchild's pid as the parent sees
 *    it, even though it has exited.
 *
 * Every number is compared between Linux and the toy, and with the value
 * it must have, so the test fails if either side changes.  Root is needed
 * for unshare(CLONE_NEWPID); the suites run as root.
 */
#include <sched.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "toyipc.h"
#include "tt.h"

/* What the grandchild saw, per side (0 Linux, 1 toy), and its pid outside. */
struct seen {
	pid_t before[2][2];	/* the pids it read before using the object */
	pid_t after[2][2];	/* ... and after */
	pid_t self;		/* getpid() inside: 1 */
	pid_t outside;		/* its pid in the parent's namespace */
};

struct scenario {
	int id[2];		/* Linux's object, the toy's */
	struct seen *seen;	/* shared with the grandchild */
	void (*inside)(struct scenario *s);
};

/*
 * Run s->inside(s) in a grandchild that is pid 1 of a new pid namespace;
 * s->seen->outside is its pid as this process sees it.  Fail the test if
 * unshare() fails or the grandchild fails.
 */
static void in_new_pid_namespace(struct scenario *s)
{
	pid_t pid = tt_fork();

	if (pid == 0) {
		pid_t gc;

		if (unshare(CLONE_NEWPID))
			TT_FAIL("unshare(CLONE_NEWPID): %s (root and CONFIG_PID_NS needed)",
				strerror(errno));
		gc = tt_fork();
		if (gc == 0) {
			s->seen->self = getpid();
			s->inside(s);
			fflush(stdout);
			_exit(0);
		}
		s->seen->outside = gc;	/* this child is still in the first namespace */
		tt_wait_ok(gc);
		_exit(0);
	}
	tt_wait_ok(pid);	/* the processes in the new pid namespace */
	TT_ASSERT(s->seen->self == 1);
	TT_ASSERT(s->seen->outside > 1 && s->seen->outside != getpid());
}

static struct seen *shared_seen(void)
{
	struct seen *seen = mmap(NULL, sizeof(*seen), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	TT_ASSERT(seen != MAP_FAILED);
	memset(seen, 0xff, sizeof(*seen));
	return seen;
}

/* Both sides saw @want for pid @k of @pids ("before" or "after"). */
static void expect_pids(const char *what, pid_t pids[2][2], int k, const char *name, pid_t want)
{
	if (pids[0][k] != want || pids[1][k] != want)
		TT_FAIL("%s %s: Linux %d, toy %d, expected %d", what, name,
			(int)pids[0][k], (int)pids[1][k], (int)want);
}

/* ---- System V message queues: msg_lspid, msg_lrpid */

struct text {
	long mtype;
	char mtext[8];
};

static void msg_pids(int side, int id, pid_t out[2])
{
	struct msqid_ds ds;

	TT_ASSERT((side ? toy_msgctl(id, IPC_STAT, &ds) : msgctl(id, IPC_STAT, &ds)) == 0);
	out[0] = ds.msg_lspid;
	out[1] = ds.msg_lrpid;
}

static void msg_inside(struct scenario *s)
{
	struct text m = { 1, "inside" };

	for (int side = 0; side < 2; side++) {
		int id = s->id[side];

		msg_pids(side, id, s->seen->before[side]);
		TT_ASSERT((side ? toy_msgsnd(id, &m, sizeof(m.mtext), 0) :
			   msgsnd(id, &m, sizeof(m.mtext), 0)) == 0);
		TT_ASSERT((side ? toy_msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT) :
			   msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT)) == sizeof(m.mtext));
		msg_pids(side, id, s->seen->after[side]);
	}
}

static void msg_pids_are_shown_in_the_readers_pid_namespace(void)
{
	struct scenario s = { .seen = shared_seen(), .inside = msg_inside };
	struct text m = { 1, "outside" };
	pid_t now[2][2] = { { 0 } };

	s.id[0] = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	s.id[1] = toy_msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	TT_ASSERT(s.id[0] >= 0 && s.id[1] >= 0);
	TT_ASSERT(msgsnd(s.id[0], &m, sizeof(m.mtext), 0) == 0);
	TT_ASSERT(toy_msgsnd(s.id[1], &m, sizeof(m.mtext), 0) == 0);
	TT_ASSERT(msgrcv(s.id[0], &m, sizeof(m.mtext), 0, 0) == sizeof(m.mtext));
	TT_ASSERT(toy_msgrcv(s.id[1], &m, sizeof(m.mtext), 0, 0) == sizeof(m.mtext));

	in_new_pid_namespace(&s);
	for (int side = 0; side < 2; side++)
		msg_pids(side, s.id[side], now[side]);

	expect_pids("inside, before", s.seen->before, 0, "msg_lspid (the parent)", 0);
	expect_pids("inside, before", s.seen->before, 1, "msg_lrpid (the parent)", 0);
	expect_pids("inside, after", s.seen->after, 0, "msg_lspid (itself)", 1);
	expect_pids("inside, after", s.seen->after, 1, "msg_lrpid (itself)", 1);
	expect_pids("outside", now, 0, "msg_lspid (the grandchild)", s.seen->outside);
	expect_pids("outside", now, 1, "msg_lrpid (the grandchild)", s.seen->outside);
	TT_ASSERT(msgctl(s.id[0], IPC_RMID, NULL) == 0 && toy_msgctl(s.id[1], IPC_RMID, NULL) == 0);
}

/*
 * A message handed straight to a waiting receiver (pipelined_send()):
 * Linux records the receiver's thread's pid, taken from its task by the
 * sender, so the number depends on who reads it, not on who sent.
 */
static void msg_rcv_pipelined_inside(struct scenario *s)
{
	struct text m = { 1, "" };

	for (int side = 0; side < 2; side++) {
		int id = s->id[side];

		/* The parent sends once it sees this process asleep in here. */
		TT_ASSERT((side ? toy_msgrcv(id, &m, sizeof(m.mtext), 0, 0) :
			   msgrcv(id, &m, sizeof(m.mtext), 0, 0)) == sizeof(m.mtext));
		msg_pids(side, id, s->seen->after[side]);
	}
}

static void a_receiver_handed_a_message_is_shown_in_the_readers_pid_namespace(void)
{
	struct scenario s = { .seen = shared_seen(), .inside = msg_rcv_pipelined_inside };
	struct text m = { 1, "outside" };
	pid_t now[2][2] = { { 0 } };
	pid_t pid;

	s.id[0] = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	s.id[1] = toy_msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	TT_ASSERT(s.id[0] >= 0 && s.id[1] >= 0);

	/* The grandchild receives on Linux's queue first, then on the toy's. */
	pid = tt_fork();
	if (pid == 0) {
		in_new_pid_namespace(&s);
		_exit(0);
	}
	for (int i = 0; i < 2000 && s.seen->outside == -1; i++)
		tt_pause_ms(5);
	TT_ASSERT(s.seen->outside > 1);
	for (int side = 0; side < 2; side++) {
		/* Asleep in msgrcv(): the send hands the message straight over. */
		tt_wait_asleep(s.seen->outside);
		TT_ASSERT((side ? toy_msgsnd(s.id[1], &m, sizeof(m.mtext), 0) :
			   msgsnd(s.id[0], &m, sizeof(m.mtext), 0)) == 0);
	}
	tt_wait_ok(pid);
	for (int side = 0; side < 2; side++)
		msg_pids(side, s.id[side], now[side]);
	expect_pids("inside, after", s.seen->after, 0, "msg_lspid (the parent)", 0);
	expect_pids("inside, after", s.seen->after, 1, "msg_lrpid (itself)", 1);
	expect_pids("outside", now, 0, "msg_lspid (itself)", getpid());
	expect_pids("outside", now, 1, "msg_lrpid (the grandchild)", s.seen->outside);
	TT_ASSERT(msgctl(s.id[0], IPC_RMID, NULL) == 0 && toy_msgctl(s.id[1], IPC_RMID, NULL) == 0);
}

/* ---- System V shared memory: shm_cpid, shm_lpid */

static void shm_pids(int side, int id, pid_t out[2])
{
	struct shmid_ds ds;

	TT_ASSERT((side ? toy_shmctl(id, IPC_STAT, &ds) : shmctl(id, IPC_STAT, &ds)) == 0);
	out[0] = ds.shm_cpid;
	out[1] = ds.shm_lpid;
}

static void shm_inside(struct scenario *s)
{
	for (int side = 0; side < 2; side++) {
		int id = s->id[side];
		void *p;

		shm_pids(side, id, s->seen->before[side]);
		p = side ? toy_shmat(id, NULL, 0) : shmat(id, NULL, 0);
		TT_ASSERT(p != (void *)-1);
		TT_ASSERT((side ? toy_shmdt(p) : shmdt(p)) == 0);
		shm_pids(side, id, s->seen->after[side]);
	}
}

static void shm_pids_are_shown_in_the_readers_pid_namespace(void)
{
	struct scenario s = { .seen = shared_seen(), .inside = shm_inside };
	pid_t now[2][2] = { { 0 } };

	s.id[0] = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	s.id[1] = toy_shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	TT_ASSERT(s.id[0] >= 0 && s.id[1] >= 0);

	in_new_pid_namespace(&s);
	for (int side = 0; side < 2; side++)
		shm_pids(side, s.id[side], now[side]);

	expect_pids("inside, before", s.seen->before, 0, "shm_cpid (the parent)", 0);
	expect_pids("inside, before", s.seen->before, 1, "shm_lpid (none yet)", 0);
	expect_pids("inside, after", s.seen->after, 0, "shm_cpid (the parent)", 0);
	expect_pids("inside, after", s.seen->after, 1, "shm_lpid (itself)", 1);
	expect_pids("outside", now, 0, "shm_cpid (itself)", getpid());
	expect_pids("outside", now, 1, "shm_lpid (the grandchild)", s.seen->outside);
	TT_ASSERT(shmctl(s.id[0], IPC_RMID, NULL) == 0 && toy_shmctl(s.id[1], IPC_RMID, NULL) == 0);
}

/* ---- System V semaphores: GETPID of semop, SETVAL and SETALL */

static pid_t sem_getpid(int side, int id, int semnum)
{
	return side ? toy_semctl(id, semnum, GETPID) : semctl(id, semnum, GETPID);
}

static void sem_inside(struct scenario *s)
{
	struct sembuf op = { .sem_num = 0, .sem_op = 1 };

	for (int side = 0; side < 2; side++) {
		int id = s->id[side];

		s->seen->before[side][0] = sem_getpid(side, id, 0);
		s->seen->before[side][1] = sem_getpid(side, id, 1);
		TT_ASSERT((side ? toy_semop(id, &op, 1) : semop(id, &op, 1)) == 0);
		s->seen->after[side][0] = sem_getpid(side, id, 0);
		s->seen->after[side][1] = sem_getpid(side, id, 1);
	}
}

static void sem_pids_are_shown_in_the_readers_pid_namespace(void)
{
	struct scenario s = { .seen = shared_seen(), .inside = sem_inside };
	union semun {
		int val;
	} one = { .val = 1 };
	pid_t now[2][2] = { { 0 } };

	s.id[0] = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	s.id[1] = toy_semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	TT_ASSERT(s.id[0] >= 0 && s.id[1] >= 0);
	/* Semaphore 1 is set by the parent, semaphore 0 changed by the grandchild. */
	TT_ASSERT(semctl(s.id[0], 1, SETVAL, one) == 0 && toy_semctl(s.id[1], 1, SETVAL, one) == 0);

	in_new_pid_namespace(&s);
	for (int side = 0; side < 2; side++) {
		now[side][0] = sem_getpid(side, s.id[side], 0);
		now[side][1] = sem_getpid(side, s.id[side], 1);
	}

	expect_pids("inside, before", s.seen->before, 0, "sempid of 0 (none yet)", 0);
	expect_pids("inside, before", s.seen->before, 1, "sempid of 1 (the parent)", 0);
	expect_pids("inside, after", s.seen->after, 0, "sempid of 0 (itself)", 1);
	expect_pids("inside, after", s.seen->after, 1, "sempid of 1 (the parent)", 0);
	expect_pids("outside", now, 0, "sempid of 0 (the grandchild)", s.seen->outside);
	expect_pids("outside", now, 1, "sempid of 1 (itself)", getpid());
	TT_ASSERT(semctl(s.id[0], 0, IPC_RMID) == 0 && toy_semctl(s.id[1], 0, IPC_RMID) == 0);
}

static const struct tt_case cases[] = {
	TT_CASE(msg_pids_are_shown_in_the_readers_pid_namespace),
	TT_CASE(a_receiver_handed_a_message_is_shown_in_the_readers_pid_namespace),
	TT_CASE(shm_pids_are_shown_in_the_readers_pid_namespace),
	TT_CASE(sem_pids_are_shown_in_the_readers_pid_namespace),
	{ NULL, NULL },
};

int main(void)
{
	return tt_main("pid_namespace", cases);
}
