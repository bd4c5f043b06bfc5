// SPDX-License-Identifier: GPL-2.0
/*
 * IPC namespaces: one of the differences from Linux kept on purpose
 * (docs/en/parity.md, "One table for the system, not one per IPC
 * namespace").
 *
 * Linux keeps System V objects and POSIX message queues per IPC namespace:
 * unshare(CLONE_NEWIPC) (unshare -i) gives a process a fresh, empty one.
 * The toy keeps one table per kind for the whole system, because a module
 * cannot learn when an IPC namespace dies (parity.md says why).
 *
 * Each test makes one object under the same key (or name) over Linux and
 * over the toy, then a child enters a new IPC namespace and looks for
 * both: Linux's is not there (ENOENT by key, EINVAL by the old id), the
 * toy's is, and it is the same object (what the child does to it, the
 * parent sees).  Both sides are asserted, so the test fails if the toy
 * ever becomes per-namespace without the docs changing, and if the guest
 * cannot make a namespace (the suites run as root; the kernels have
 * CONFIG_IPC_NS).
 */
#include <mqueue.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "toyipc.h"
#include "tt.h"

/* A key nobody else uses: this suite's, and this process's. */
static key_t test_key(void)
{
	return (key_t)(0x6e500000 | (getpid() & 0xfffff));
}

/*
 * Run FN(ARG) in a child that has first entered a new IPC namespace; fail
 * the test if unshare() fails or FN fails (its TT_ASSERT says why).
 */
static void in_new_ipc_namespace(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		if (unshare(CLONE_NEWIPC))
			TT_FAIL("unshare(CLONE_NEWIPC): %s (root and CONFIG_IPC_NS needed)",
				strerror(errno));
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		TT_FAIL("the child in the new IPC namespace failed (status %#x)", status);
}

struct ids {
	key_t key;
	int real, toy;
};

/* ---- System V message queues */

struct text {
	long mtype;
	char mtext[8];
};

static void msg_inside(void *arg)
{
	const struct ids *q = arg;
	struct text m = { 1, "inside" };

	TT_ASSERT_ERRNO(msgget(q->key, 0), ENOENT);
	TT_ASSERT_ERRNO(msgctl(q->real, IPC_STAT, &(struct msqid_ds){ 0 }), EINVAL);
	TT_ASSERT(toy_msgget(q->key, 0) == q->toy);
	TT_ASSERT(toy_msgsnd(q->toy, &m, sizeof(m.mtext), IPC_NOWAIT) == 0);
}

static void a_queue_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only(void)
{
	struct ids q = { .key = test_key() };
	struct text m;

	q.real = msgget(q.key, IPC_CREAT | IPC_EXCL | 0600);
	q.toy = toy_msgget(q.key, IPC_CREAT | IPC_EXCL | 0600);
	TT_ASSERT(q.real >= 0 && q.toy >= 0);
	in_new_ipc_namespace(msg_inside, &q);
	TT_ASSERT(toy_msgrcv(q.toy, &m, sizeof(m.mtext), 0, IPC_NOWAIT) == sizeof(m.mtext));
	TT_ASSERT(strcmp(m.mtext, "inside") == 0);
	TT_ASSERT(msgget(q.key, 0) == q.real);
	TT_ASSERT(msgctl(q.real, IPC_RMID, NULL) == 0 && toy_msgctl(q.toy, IPC_RMID, NULL) == 0);
}

/* ---- System V shared memory */

static void shm_inside(void *arg)
{
	const struct ids *s = arg;
	char *p;

	TT_ASSERT_ERRNO(shmget(s->key, 0, 0), ENOENT);
	TT_ASSERT_ERRNO(shmat(s->real, NULL, 0), EINVAL);
	TT_ASSERT(toy_shmget(s->key, 0, 0) == s->toy);
	p = toy_shmat(s->toy, NULL, 0);
	TT_ASSERT(p != (void *)-1);
	strcpy(p, "inside");
	TT_ASSERT(toy_shmdt(p) == 0);
}

static void a_segment_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only(void)
{
	struct ids s = { .key = test_key() };
	char *p;

	s.real = shmget(s.key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	s.toy = toy_shmget(s.key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	TT_ASSERT(s.real >= 0 && s.toy >= 0);
	in_new_ipc_namespace(shm_inside, &s);
	p = toy_shmat(s.toy, NULL, SHM_RDONLY);
	TT_ASSERT(p != (void *)-1 && strcmp(p, "inside") == 0);
	TT_ASSERT(toy_shmdt(p) == 0);
	TT_ASSERT(shmget(s.key, 0, 0) == s.real);
	TT_ASSERT(shmctl(s.real, IPC_RMID, NULL) == 0 && toy_shmctl(s.toy, IPC_RMID, NULL) == 0);
}

/* ---- System V semaphores */

static void sem_inside(void *arg)
{
	const struct ids *s = arg;
	struct sembuf up = { 0, 1, 0 };

	TT_ASSERT_ERRNO(semget(s->key, 0, 0), ENOENT);
	TT_ASSERT_ERRNO(semctl(s->real, 0, GETVAL), EINVAL);
	TT_ASSERT(toy_semget(s->key, 0, 0) == s->toy);
	TT_ASSERT(toy_semop(s->toy, &up, 1) == 0);
}

static void a_semaphore_set_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only(void)
{
	struct ids s = { .key = test_key() };

	s.real = semget(s.key, 1, IPC_CREAT | IPC_EXCL | 0600);
	s.toy = toy_semget(s.key, 1, IPC_CREAT | IPC_EXCL | 0600);
	TT_ASSERT(s.real >= 0 && s.toy >= 0);
	in_new_ipc_namespace(sem_inside, &s);
	TT_ASSERT(toy_semctl(s.toy, 0, GETVAL) == 1);
	TT_ASSERT(semget(s.key, 0, 0) == s.real);
	TT_ASSERT(semctl(s.real, 0, IPC_RMID) == 0 && toy_semctl(s.toy, 0, IPC_RMID) == 0);
}

/* ---- POSIX message queues (each IPC namespace has its own mqueue mount) */

static char mq_name[32];

static void mq_inside(void *arg)
{
	mqd_t q;

	(void)arg;
	TT_ASSERT_ERRNO(mq_open(mq_name, O_WRONLY), ENOENT);
	q = toy_mq_open(mq_name, O_WRONLY);
	TT_ASSERT(q >= 0);
	TT_ASSERT(toy_mq_send(q, "inside", 7, 0) == 0);
	TT_ASSERT(toy_mq_close(q) == 0);
}

static void a_posix_queue_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only(void)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	char buf[16];
	mqd_t real, toy;

	snprintf(mq_name, sizeof(mq_name), "/tt-ipcns-%d", (int)getpid());
	real = mq_open(mq_name, O_RDONLY | O_CREAT | O_EXCL, 0600, &a);
	toy = toy_mq_open(mq_name, O_RDONLY | O_CREAT | O_EXCL | O_NONBLOCK, 0600, &a);
	TT_ASSERT(real >= 0 && toy >= 0);
	in_new_ipc_namespace(mq_inside, NULL);
	TT_ASSERT(toy_mq_receive(toy, buf, sizeof(buf), NULL) == 7 && strcmp(buf, "inside") == 0);
	TT_ASSERT(mq_close(real) == 0 && mq_unlink(mq_name) == 0);
	TT_ASSERT(toy_mq_close(toy) == 0 && toy_mq_unlink(mq_name) == 0);
}

static const struct tt_case cases[] = {
	TT_CASE(a_queue_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only),
	TT_CASE(a_segment_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only),
	TT_CASE(a_semaphore_set_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only),
	TT_CASE(a_posix_queue_made_outside_is_gone_in_a_new_ipc_namespace_on_linux_only),
	{ NULL, NULL },
};

int main(void)
{
	return tt_main("ipc_namespace", cases);
}
