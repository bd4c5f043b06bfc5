// SPDX-License-Identifier: GPL-2.0
/*
 * lab-shm: System V shared memory, over Linux (shmget/shmat) and over
 * toyipc (toy_shmget/toy_shmat), side by side.
 *
 * 1. A writer and a reader: the child writes into the segment, the parent
 *    reads the same bytes - no copy, no system call per access.
 *    IPC_STAT's shm_nattch counts the child's inherited attach until it
 *    exits.
 * 2. IPC_RMID while attached: the segment loses its key (a new shmget()
 *    of the key finds nothing) and is marked SHM_DEST, but its memory
 *    stays until the last shmdt(); then the id is dead.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

#define KEY 0x5e6	/* the same key on each side: they are separate worlds */

struct shm_api {
	int (*get)(key_t key, size_t size, int shmflg);
	void *(*at)(int shmid, const void *shmaddr, int shmflg);
	int (*dt)(const void *shmaddr);
	int (*ctl)(int shmid, int cmd, struct shmid_ds *buf);
	int toy;	/* show its row of /proc/toyipc/shm */
};

static const struct shm_api apis[2] = {
	{ shmget, shmat, shmdt, shmctl, 0 },
	{ toy_shmget, toy_shmat, toy_shmdt, toy_shmctl, 1 },
};

/* IPC_STAT of ID as a cell: key, SHM_DEST, nattch. */
static void stat_cell(const struct shm_api *api, int id, char *out)
{
	struct shmid_ds ds;

	if (api->ctl(id, IPC_STAT, &ds)) {
		lab_ret(out, -1, "");
		return;
	}
	snprintf(out, LAB_CELL, "key %#x nattch %lu%s", ds.shm_perm.__key,
		 (unsigned long)ds.shm_nattch, ds.shm_perm.mode & SHM_DEST ? " SHM_DEST" : "");
}

/*
 * Part 1: the child writes, then waits for a byte on GO; the parent reads.
 * OUT: what the parent read, IPC_STAT with the child, and after it.
 * Returns the id, the parent's attach left in *PP; or -1.
 */
static int writer_reader(const struct shm_api *api, char **pp, char out[3][LAB_CELL])
{
	int id = api->get(KEY, 4096, IPC_CREAT | 0600);
	int written[2], go[2];
	char *p, c;
	pid_t pid;

	if (id < 0 || pipe(written) || pipe(go))
		return -1;
	p = api->at(id, NULL, 0);
	if (p == (void *)-1)
		return -1;
	pid = fork();
	if (pid == 0) {
		strcpy(p, "hello from the child");
		if (write(written[1], "w", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(written[0], &c, 1) != 1)
		return -1;
	snprintf(out[0], LAB_CELL, "\"%s\"", p);
	stat_cell(api, id, out[1]);
	if (api->toy) {
		lab_proc_id("/proc/toyipc/shm", 1, id, 7);
	}
	if (write(go[1], "g", 1) != 1 || waitpid(pid, NULL, 0) != pid)
		return -1;
	stat_cell(api, id, out[2]);
	for (int i = 0; i < 2; i++) {
		close(written[i]);
		close(go[i]);
	}
	*pp = p;
	return id;
}

/* Part 2: IPC_RMID on ID with our attach at P left; OUT: what follows. */
static void remove_attached(const struct shm_api *api, int id, char *p, char out[5][LAB_CELL])
{
	struct shmid_ds ds;

	lab_ret(out[0], api->ctl(id, IPC_RMID, NULL), "");
	stat_cell(api, id, out[1]);
	lab_ret(out[2], api->get(KEY, 4096, 0), "");
	snprintf(out[3], LAB_CELL, "\"%.20s\"", p);
	api->dt(p);
	lab_ret(out[4], api->ctl(id, IPC_STAT, &ds), "");
}

int main(void)
{
	static const char *const steps[8] = {
		"parent reads", "IPC_STAT, child attached", "IPC_STAT, child exited",
		"shmctl(IPC_RMID), still attached", "IPC_STAT", "shmget(the key, no IPC_CREAT)",
		"the memory, read through our attach", "shmdt(); IPC_STAT",
	};
	char out[2][8][LAB_CELL], *p[2];
	int id[2];

	if (lab_need_toyipc("lab-shm"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-shm: one segment, shmget(2)/shmat(2) vs toy_shmget()/toy_shmat()\n");

	lab_part("1. the child writes, the parent reads the same page");
	for (int i = 0; i < 2; i++) {
		id[i] = writer_reader(&apis[i], &p[i], out[i]);
		if (id[i] < 0) {
			perror(i ? "toy" : "real");
			return 1;
		}
	}
	lab_header();
	for (int s = 0; s < 3; s++)
		lab_row(steps[s], out[0][s], out[1][s]);
	printf("=> nattch counts attaches: the child inherited the parent's by fork().\n");

	lab_part("2. IPC_RMID while the parent is still attached");
	for (int i = 0; i < 2; i++)
		remove_attached(&apis[i], id[i], p[i], out[i] + 3);
	lab_header();
	for (int s = 3; s < 8; s++)
		lab_row(steps[s], out[0][s], out[1][s]);
	printf("=> IPC_RMID frees the key at once; the memory goes at the last detach.\n");
	return 0;
}
