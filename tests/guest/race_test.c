// SPDX-License-Identifier: GPL-2.0
/*
 * The race lab, on toyipc's own mechanisms: two processes each add 1 to a
 * counter in one toy shared page, N times.
 *
 * Without a lock, "counter = counter + 1" is a load, an add and a store;
 * when both processes load the same value, one increment is lost.  How many
 * are lost depends on the scheduler and the CPUs, so the test prints the
 * number and does not judge it.  With a toy semaphore as a lock around each
 * increment (P before, V after), the counter must end at exactly 2N.
 */
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "toyipc.h"
#include "tt.h"

#define N_UNLOCKED	1000000
#define N_LOCKED	20000	/* each increment costs two semops: keep it short */

struct shared {
	volatile int start;	/* set by the parent: both children go */
	volatile int counter;
};

static struct sembuf p_op = { 0, -1, 0 };
static struct sembuf v_op = { 0, 1, 0 };

/* One child: N increments, each inside P/V on SEMID if it is >= 0. */
static void add(struct shared *s, int n, int semid)
{
	while (!s->start)
		;
	for (int i = 0; i < n; i++) {
		if (semid >= 0 && toy_semop(semid, &p_op, 1))
			_exit(1);
		s->counter = s->counter + 1;
		if (semid >= 0 && toy_semop(semid, &v_op, 1))
			_exit(1);
	}
	_exit(0);
}

/* Two children add N each; return the final counter. */
static int race(int n, int semid)
{
	int shmid = toy_shmget(IPC_PRIVATE, sizeof(struct shared), 0600);
	struct shared *s;
	pid_t pid[2];
	int status, counter;

	TT_ASSERT(shmid >= 0);
	s = toy_shmat(shmid, NULL, 0);
	TT_ASSERT(s != (void *)-1);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		TT_ASSERT(pid[i] >= 0);
		if (pid[i] == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			add(s, n, semid);
		}
	}
	s->start = 1;
	for (int i = 0; i < 2; i++) {
		TT_ASSERT(waitpid(pid[i], &status, 0) == pid[i]);
		TT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	counter = s->counter;
	TT_ASSERT(toy_shmdt(s) == 0);
	TT_ASSERT(toy_shmctl(shmid, IPC_RMID, NULL) == 0);
	return counter;
}

static void without_a_lock_increments_may_be_lost(void)
{
	int counter = race(N_UNLOCKED, -1);

	printf("# no lock: 2 x %d increments, counter %d, %d lost\n",
	       N_UNLOCKED, counter, 2 * N_UNLOCKED - counter);
	TT_ASSERT(counter > 0 && counter <= 2 * N_UNLOCKED);
}

static void with_semaphore_p_v_no_increment_is_lost(void)
{
	int semid = toy_semget(IPC_PRIVATE, 1, 0600);
	int counter;

	TT_ASSERT(semid >= 0);
	TT_ASSERT(toy_semop(semid, &v_op, 1) == 0);	/* the lock starts free */
	counter = race(N_LOCKED, semid);
	printf("# P/V: 2 x %d increments, counter %d\n", N_LOCKED, counter);
	if (counter != 2 * N_LOCKED)
		TT_FAIL("counter %d, expected %d", counter, 2 * N_LOCKED);
	TT_ASSERT(toy_semctl(semid, 0, GETVAL) == 1);
	TT_ASSERT(toy_semctl(semid, 0, IPC_RMID) == 0);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(without_a_lock_increments_may_be_lost),
		TT_CASE(with_semaphore_p_v_no_increment_is_lost),
		{ NULL, NULL },
	};

	return tt_main("race", cases);
}
