// SPDX-License-Identifier: GPL-2.0
/*
 * shm-lab: one segment shared by a parent and its child, run once over
 * Linux (shmget/shmat) and once over toyipc (toy_shmget/toy_shmat).
 * The child writes, the parent reads the same bytes; IPC_STAT shows the
 * child's inherited mapping in shm_nattch until it exits.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "toyipc.h"

struct shm_api {
	const char *name;
	int (*get)(key_t key, size_t size, int shmflg);
	void *(*at)(int shmid, const void *shmaddr, int shmflg);
	int (*dt)(const void *shmaddr);
	int (*ctl)(int shmid, int cmd, struct shmid_ds *buf);
};

static const struct shm_api apis[] = {
	{ "real", shmget, shmat, shmdt, shmctl },
	{ "toy", toy_shmget, toy_shmat, toy_shmdt, toy_shmctl },
};

static unsigned long nattch(const struct shm_api *api, int id)
{
	struct shmid_ds ds;

	return api->ctl(id, IPC_STAT, &ds) ? 0 : ds.shm_nattch;
}

static int lab(const struct shm_api *api)
{
	int id = api->get(IPC_PRIVATE, 4096, 0600);
	int written[2], go[2];
	unsigned long with_child;
	char *p, c;
	pid_t pid;

	if (id < 0 || pipe(written) || pipe(go)) {
		perror(api->name);
		return 1;
	}
	p = api->at(id, NULL, 0);
	if (p == (void *)-1) {
		perror(api->name);
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		strcpy(p, "hello from the child");
		if (write(written[1], "w", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(written[0], &c, 1) != 1)
		return 1;
	with_child = nattch(api, id);
	if (write(go[1], "g", 1) != 1 || waitpid(pid, NULL, 0) != pid)
		return 1;
	printf("%-4s  parent reads \"%s\"  nattch: %lu with the child, %lu after it exited\n",
	       api->name, p, with_child, nattch(api, id));
	api->dt(p);
	api->ctl(id, IPC_RMID, NULL);
	return 0;
}

int main(void)
{
	int ret = 0;

	for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++)
		ret |= lab(&apis[i]);
	return ret;
}
