// SPDX-License-Identifier: GPL-2.0
/*
 * lab-race: two processes add 1 to one shared counter N times each, first
 * with no lock, then inside semaphore P/V, over Linux and over toyipc.
 * Without the lock, "counter = counter + 1" (load, add, store) loses the
 * increments of the other process that land between the load and the
 * store; with P/V exactly 2M remain.  Each locked increment costs two
 * semop() calls, so M is smaller; the unlocked loop needs a long run for
 * the two processes to overlap at all, and on a busy machine may need a
 * second try (the row says which try lost increments).
 *
 * Last, SEM_UNDO (killed_holder()): a process killed between its P and its
 * V keeps the lock forever, unless its P had SEM_UNDO, which the kernel
 * reverses when the process exits, however it exits.
 *
 *	lab-race [N [M]]	N defaults to 1000000, M to 20000
 */
#include <signal.h>
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

#define MAX_TRIES 5	/* unlocked runs until one loses an increment */

struct shared {
	volatile int start;	/* both children begin together */
	volatile int counter;
};

/* Two children add N each, inside P/V on SEMID when it is >= 0. */
static int race(const struct ipc_api *api, int n, int semid)
{
	struct sembuf p = { 0, -1, 0 }, v = { 0, 1, 0 };
	int shmid = api->shmget(IPC_PRIVATE, sizeof(struct shared), 0600);
	struct shared *s = api->shmat(shmid, NULL, 0);
	int counter;

	if (shmid < 0 || s == (void *)-1) {
		perror(api->name);
		exit(1);
	}
	for (int c = 0; c < 2; c++) {
		if (fork() == 0) {
			while (!s->start)
				;
			for (int i = 0; i < n; i++) {
				if (semid >= 0)
					api->semop(semid, &p, 1);
				s->counter = s->counter + 1;
				if (semid >= 0)
					api->semop(semid, &v, 1);
			}
			_exit(0);
		}
	}
	s->start = 1;
	while (wait(NULL) > 0)
		;
	counter = s->counter;
	api->shmctl(shmid, IPC_RMID, NULL);
	return counter;
}

/*
 * killed_holder - the lock (a semaphore at 1) is taken by a child that is
 * then killed inside its critical section; what is the value afterwards?
 * Without SEM_UNDO 0: nobody can ever take the lock again.  With SEM_UNDO
 * 1: the kernel put back the child's -1 when it died (exit_sem()).
 */
static void killed_holder(void)
{
	char out[2][2][LAB_CELL];

	for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++) {
		const struct ipc_api *api = &apis[i];

		for (int undo = 0; undo < 2; undo++) {
			struct sembuf p = { 0, -1, undo ? SEM_UNDO : 0 }, v = { 0, 1, 0 };
			int semid = api->semget(IPC_PRIVATE, 1, 0600);
			int val;
			pid_t pid;

			if (semid < 0 || api->semop(semid, &v, 1)) {
				perror(api->name);
				exit(1);
			}
			pid = fork();
			if (pid == 0) {
				api->semop(semid, &p, 1);
				for (;;)
					pause();	/* in the critical section */
			}
			while (api->semctl(semid, 0, GETVAL) != 0)
				usleep(1000);	/* until the child holds the lock */
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			val = api->semctl(semid, 0, GETVAL);
			snprintf(out[undo][i], LAB_CELL, "%d (%s)", val,
				 val ? "free again" : "held by nobody");
			api->semctl(semid, 0, IPC_RMID);
		}
	}
	lab_part("the lock holder is killed between P and V: GETVAL afterwards");
	lab_header();
	lab_row("P without SEM_UNDO", out[0][0], out[0][1]);
	lab_row("P with SEM_UNDO", out[1][0], out[1][1]);
	printf("=> without SEM_UNDO a killed holder keeps the lock forever; with it the\n"
	       "   kernel undoes the holder's P when the holder exits, however it exits.\n");
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000000;
	int m = argc > 2 ? atoi(argv[2]) : 20000;
	char out[2][2][LAB_CELL];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-race: 2 processes add 1 to one shared counter, shm + sem, real vs toy\n");
	for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++) {
		const struct ipc_api *api = &apis[i];
		int semid = api->semget(IPC_PRIVATE, 1, 0600);
		struct sembuf v = { 0, 1, 0 };
		int unlocked, locked, tries;

		if (semid < 0 || api->semop(semid, &v, 1)) {	/* the lock starts free */
			perror(api->name);
			return 1;
		}
		/* Losses need both children on a CPU at once: try a few times. */
		for (tries = 1; (unlocked = race(api, n, -1)) == 2 * n && tries < MAX_TRIES; tries++)
			;
		locked = race(api, m, semid);
		api->semctl(semid, 0, IPC_RMID);
		snprintf(out[0][i], LAB_CELL, "%d of %d, try %d", unlocked, 2 * n, tries);
		snprintf(out[1][i], LAB_CELL, "%d of %d", locked, 2 * m);
	}
	lab_part("counter = counter + 1, in both processes at once");
	lab_header();
	lab_row("no lock", out[0][0], out[0][1]);
	lab_row("semaphore P/V around it", out[1][0], out[1][1]);
	printf("=> without the lock, increments are lost (load, add, store race);\n"
	       "   with P/V the counter is exact.  Run it again: the losses change.\n");
	killed_holder();
	return 0;
}
