// SPDX-License-Identifier: GPL-2.0
/*
 * lab-ipcs: ipcs and ipcrm, for Linux's System V objects and for the
 * toy's.
 *
 * The lab makes one message queue (2 messages), one shared memory segment
 * (attached) and one semaphore set (2 semaphores) with the same key on
 * each side.  util-linux's ipcs reads /proc/sysvipc/{msg,shm,sem}: in the
 * Debian guest (make vm) the lab runs the real `ipcs` and, for the toy,
 * `toyipc-run ipcs`, which reads /proc/toyipc/{msg,shm,sem} (the same
 * columns) instead; the busybox guest has no util-linux, and there the lab
 * shows those files themselves.  `toyipcctl ipcs` lists the toy's objects
 * over generic netlink.  Then everything is removed: with util-linux,
 * `ipcrm` and `toyipc-run ipcrm`; without, msgctl/shmctl/semctl(IPC_RMID)
 * on one side and `toyipcctl rm` on the other.  (What IPC_RMID does to a
 * segment that is still attached is lab-shm's part.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

#define KEY 0x70c1

struct sysv_api {
	const char *proc;	/* where the kernel lists the objects */
	int (*msgget)(key_t key, int msgflg);
	int (*msgsnd)(int msqid, const void *msgp, size_t msgsz, int msgflg);
	int (*msgctl)(int msqid, int cmd, struct msqid_ds *buf);
	int (*shmget)(key_t key, size_t size, int shmflg);
	void *(*shmat)(int shmid, const void *shmaddr, int shmflg);
	int (*shmdt)(const void *shmaddr);
	int (*shmctl)(int shmid, int cmd, struct shmid_ds *buf);
	int (*semget)(key_t key, int nsems, int semflg);
	int (*semctl)(int semid, int semnum, int cmd, ...);
};

static const struct sysv_api apis[2] = {
	{ "/proc/sysvipc", msgget, msgsnd, msgctl, shmget, shmat, shmdt, shmctl,
	  semget, semctl },
	{ "/proc/toyipc", toy_msgget, toy_msgsnd, toy_msgctl, toy_shmget, toy_shmat,
	  toy_shmdt, toy_shmctl, toy_semget, toy_semctl },
};

struct objects {
	int msqid, shmid, semid;
	void *addr;
};

static int make(const struct sysv_api *api, struct objects *o)
{
	struct { long mtype; char mtext[8]; } m = { 1, "hello" };

	o->msqid = api->msgget(KEY, IPC_CREAT | 0600);
	o->shmid = api->shmget(KEY, 4096, IPC_CREAT | 0600);
	o->semid = api->semget(KEY, 2, IPC_CREAT | 0600);
	if (o->msqid < 0 || o->shmid < 0 || o->semid < 0)
		return -1;
	o->addr = api->shmat(o->shmid, NULL, 0);
	if (o->addr == (void *)-1 ||
	    api->msgsnd(o->msqid, &m, 6, 0) || api->msgsnd(o->msqid, &m, 6, 0))
		return -1;
	return 0;
}

/* The three tables of API's /proc directory, our rows only. */
static void show_proc(const struct sysv_api *api, const struct objects *o)
{
	static const char *const files[3] = { "msg", "shm", "sem" };
	const int ids[3] = { o->msqid, o->shmid, o->semid };
	const int ncols[3] = { 6, 7, 4 };
	char path[64];

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", api->proc, files[i]);
		lab_proc_id(path, 1, ids[i], ncols[i]);
	}
}

static int run(const char *command)
{
	printf("# %s\n", command);
	fflush(stdout);
	return system(command);
}

int main(void)
{
	struct objects o[2];
	char cmd[128], out[4][2][LAB_CELL];
	struct msqid_ds mds;
	struct shmid_ds sds;
	int util_linux;

	if (lab_need_toyipc("lab-ipcs"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-ipcs: ipcs and ipcrm, for Linux's objects and the toy's (key 0x%x)\n", KEY);
	for (int i = 0; i < 2; i++) {
		if (make(&apis[i], &o[i])) {
			perror(i ? "toy" : "real");
			return 1;
		}
	}

	util_linux = system("ipcs -V 2>/dev/null | grep -q util-linux") == 0 &&
		     system("command -v toyipc-run >/dev/null") == 0;

	lab_part("1. Linux: util-linux's ipcs, which reads /proc/sysvipc");
	if (util_linux) {
		run("ipcs");
	} else {
		printf("    (no util-linux in this guest: the tables themselves)\n");
		show_proc(&apis[0], &o[0]);
	}

	lab_part("2. the toy: toyipc-run ipcs reads /proc/toyipc; toyipcctl ipcs");
	if (util_linux)
		run("toyipc-run ipcs");
	else
		show_proc(&apis[1], &o[1]);
	run("toyipcctl ipcs -q -m -s");

	lab_part("3. ipcrm: msgctl/shmctl/semctl(IPC_RMID) by id");
	for (int i = 0; i < 2; i++)
		apis[i].shmdt(o[i].addr);
	if (util_linux) {
		for (int i = 0; i < 2; i++) {
			snprintf(cmd, sizeof(cmd), "%sipcrm -q %d -m %d -s %d",
				 i ? "toyipc-run " : "", o[i].msqid, o[i].shmid, o[i].semid);
			snprintf(out[0][i], LAB_CELL, "exit status %d", WEXITSTATUS(run(cmd)));
		}
	} else {
		printf("# ipcrm -q %d -m %d -s %d  (as the calls themselves)\n",
		       o[0].msqid, o[0].shmid, o[0].semid);
		lab_ret(out[0][0], apis[0].msgctl(o[0].msqid, IPC_RMID, NULL) |
			apis[0].shmctl(o[0].shmid, IPC_RMID, NULL) |
			apis[0].semctl(o[0].semid, 0, IPC_RMID), "");
		snprintf(cmd, sizeof(cmd), "toyipcctl rm -q %d -m %d -s %d",
			 o[1].msqid, o[1].shmid, o[1].semid);
		snprintf(out[0][1], LAB_CELL, "exit status %d", WEXITSTATUS(run(cmd)));
	}
	for (int i = 0; i < 2; i++) {
		lab_ret(out[1][i], apis[i].msgctl(o[i].msqid, IPC_STAT, &mds), "");
		lab_ret(out[2][i], apis[i].shmctl(o[i].shmid, IPC_STAT, &sds), "");
		lab_ret(out[3][i], apis[i].semctl(o[i].semid, 0, GETVAL), "");
	}
	lab_header();
	lab_row("remove queue, segment, semaphores", out[0][0], out[0][1]);
	lab_row("then msgctl(IPC_STAT)", out[1][0], out[1][1]);
	lab_row("then shmctl(IPC_STAT)", out[2][0], out[2][1]);
	lab_row("then semctl(GETVAL)", out[3][0], out[3][1]);
	printf("=> removal is by id (or key), by the owner, the creator or root;\n"
	       "   the ids are dead at once.\n");
	run("toyipcctl ipcs -q -m -s");
	return 0;
}
