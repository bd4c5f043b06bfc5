// SPDX-License-Identifier: GPL-2.0
/*
 * lab-race: two processes add 1 to one shared counter, with no lock and
 * inside semaphore P/V, over Linux and over toyipc.
 *
 * "counter = counter + 1" is three steps: load, add, store.  An increment
 * is lost when the other process loads the same value before this one
 * stores.  Left to the scheduler that happens now and then, so a run may
 * show no loss at all; this lab makes the window certain instead.  Each
 * round starts both processes together at a barrier, and between its load
 * and its store a process waits, yielding the CPU, until the other has
 * loaded too, or until the other cannot: it has finished its round, or it
 * is stopped at P while this one holds the semaphore.  Without the lock
 * both load before either stores, in every round, so every round loses
 * one increment; with P/V the other is always stopped at P, so none is
 * lost.  The same loop, the same waiting; only the lock differs.  Both
 * processes run on one CPU, so that a wait hands the CPU straight to the
 * other process instead of spinning until another CPU gets to it.
 *
 *	lab-race [ROUNDS]	ROUNDS defaults to 200
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

struct ipc_api {
	const char *name;
	int (*shmget)(key_t key, size_t size, int shmflg);
	void *(*shmat)(int shmid, const void *shmaddr, int shmflg);
	int (*shmctl)(int shmid, int cmd, struct shmid_ds *buf);
	int (*semget)(key_t key, int nsems, int semflg);
	int (*semop)(int semid, struct sembuf *sops, size_t nsops);
	int (*semctl)(int semid, int semnum, int cmd, ...);
};

static const struct ipc_api apis[] = {
	{ "real", shmget, shmat, shmctl, semget, semop, semctl },
	{ "toy", toy_shmget, toy_shmat, toy_shmctl, toy_semget, toy_semop, toy_semctl },
};

/* In the shared segment.  A round's marks hold its number (from 1). */
struct shared {
	int arrived;		/* the barrier: processes at it this round */
	int round;		/* the barrier: the round it lets through */
	int ready[2];		/* before P (or the load, without a lock) */
	int loaded[2];		/* after the load */
	int stored[2];		/* after the store */
	int counter;
};

#define LOAD(p) __atomic_load_n(p, __ATOMIC_SEQ_CST)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_SEQ_CST)

/* Both processes meet here before round R. */
static void barrier(struct shared *s, int r)
{
	if (__atomic_add_fetch(&s->arrived, 1, __ATOMIC_SEQ_CST) == 2) {
		STORE(&s->arrived, 0);
		STORE(&s->round, r);
	}
	while (LOAD(&s->round) != r)
		sched_yield();
}

/*
 * Between my load and my store in round R: wait until the other process
 * has loaded and not stored (the loss is certain), has stored (it went
 * first), or is stopped at P behind the semaphore I hold (LOCKED).
 */
static void wait_for_other(struct shared *s, int me, int r, int locked)
{
	int other = !me;

	for (;;) {
		if (LOAD(&s->stored[other]) == r)
			return;
		if (LOAD(&s->loaded[other]) == r)
			return;
		if (locked && LOAD(&s->ready[other]) == r)
			return;
		sched_yield();
	}
}

/* Two processes, ROUNDS rounds each, inside P/V on SEMID when it is >= 0. */
static int race(const struct ipc_api *api, int rounds, int semid)
{
	struct sembuf p = { 0, -1, 0 }, v = { 0, 1, 0 };
	int shmid = api->shmget(IPC_PRIVATE, sizeof(struct shared), 0600);
	struct shared *s = api->shmat(shmid, NULL, 0);
	int counter, status, failed = 0;
	cpu_set_t cpu;

	CPU_ZERO(&cpu);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &cpu);
	if (shmid < 0 || s == (void *)-1) {
		perror(api->name);
		exit(1);
	}
	for (int me = 0; me < 2; me++) {
		if (fork() != 0)
			continue;
		sched_setaffinity(0, sizeof(cpu), &cpu);
		for (int r = 1; r <= rounds; r++) {
			int val;

			barrier(s, r);
			STORE(&s->ready[me], r);
			if (semid >= 0 && api->semop(semid, &p, 1))
				_exit(1);
			val = LOAD(&s->counter);		/* load */
			STORE(&s->loaded[me], r);
			wait_for_other(s, me, r, semid >= 0);
			STORE(&s->counter, val + 1);		/* add, store */
			STORE(&s->stored[me], r);
			if (semid >= 0 && api->semop(semid, &v, 1))
				_exit(1);
		}
		_exit(0);
	}
	while (wait(&status) > 0)
		failed |= !WIFEXITED(status) || WEXITSTATUS(status);
	counter = s->counter;
	api->shmctl(shmid, IPC_RMID, NULL);
	if (failed) {
		fprintf(stderr, "lab-race: %s: semop failed in a child\n", api->name);
		exit(1);
	}
	return counter;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	int unlocked[2], locked[2];
	char out[2][2][LAB_CELL];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (lab_need_toyipc("lab-race"))
		return 1;
	if (rounds < 1) {
		fprintf(stderr, "usage: lab-race [ROUNDS]\n");
		return 2;
	}
	printf("lab-race: 2 processes add 1 to one shared counter, shm + sem, real vs toy\n");
	printf("    %d rounds; each starts both at a barrier; between its load and its store\n"
	       "    a process waits until the other has loaded or cannot\n", rounds);
	for (int i = 0; i < 2; i++) {
		const struct ipc_api *api = &apis[i];
		int semid = api->semget(IPC_PRIVATE, 1, 0600);
		struct sembuf v = { 0, 1, 0 };

		if (semid < 0 || api->semop(semid, &v, 1)) {	/* the lock starts free */
			perror(api->name);
			return 1;
		}
		unlocked[i] = race(api, rounds, -1);
		locked[i] = race(api, rounds, semid);
		api->semctl(semid, 0, IPC_RMID);
		snprintf(out[0][i], LAB_CELL, "%d of %d", unlocked[i], 2 * rounds);
		snprintf(out[1][i], LAB_CELL, "%d of %d", locked[i], 2 * rounds);
	}
	lab_part("counter = counter + 1, in both processes at once");
	lab_header();
	lab_row("no lock", out[0][0], out[0][1]);
	lab_row("semaphore P/V around it", out[1][0], out[1][1]);
	for (int i = 0; i < 2; i++) {
		if (unlocked[i] == 2 * rounds)
			printf("=> this run lost no increment without the lock in the %s column:\n"
			       "   the two processes never overlapped, so it shows nothing.\n",
			       apis[i].name);
		if (locked[i] != 2 * rounds)
			printf("=> the %s column lost increments inside P/V: that is a bug.\n",
			       apis[i].name);
	}
	if (unlocked[0] < 2 * rounds && unlocked[1] < 2 * rounds &&
	    locked[0] == 2 * rounds && locked[1] == 2 * rounds)
		printf("=> without the lock, increments are lost: both processes loaded the\n"
		       "   same value before either stored it.  Inside P/V the other process\n"
		       "   waits at P, and the counter is exact.\n");
	return 0;
}
