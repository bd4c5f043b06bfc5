/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sem_api.h: what the semaphore tests (sem_test.c, sem_undo_test.c) share:
 * the calls of a scenario as Linux's or the toy's, the differential runner,
 * and helpers for sets, operations and children blocked in semop().
 */
#ifndef SEM_API_H
#define SEM_API_H

#include <grp.h>
#include <stdint.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"
#include "transcript.h"

/* What semctl(2) tells the caller to define. */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* The calls a scenario uses: Linux's or the toy's. */
struct sem_api {
	const char *name;
	int (*get)(key_t key, int nsems, int semflg);
	int (*op)(int semid, struct sembuf *sops, size_t nsops);
	int (*ctl)(int semid, int semnum, int cmd, ...);
	int (*timedop)(int semid, struct sembuf *sops, size_t nsops,
		       const struct timespec *timeout);
};

static const struct sem_api real_api = { "real", semget, semop, semctl, semtimedop };
static const struct sem_api toy_api = {
	"toy", toy_semget, toy_semop, toy_semctl, toy_semtimedop
};

/* Run SCENARIO over Linux, then over the toy; the transcripts must match. */
static inline void same_on_real_and_toy(void (*scenario)(const struct sem_api *, struct log *))
{
	struct log *real = new_log("real"), *toy = new_log("toy");

	scenario(&real_api, real);
	scenario(&toy_api, toy);
	if (strcmp(real->text, toy->text)) {
		print_log(real);
		print_log(toy);
		TT_FAIL("the toy's transcript differs from Linux's");
	}
}

/* A differential test: NAME is the behaviour, the body the scenario. */
#define DIFFERENTIAL_TEST(name)						\
	static void name##_on(const struct sem_api *api, struct log *l); \
	static void name(void) { same_on_real_and_toy(name##_on); }	\
	static void name##_on(const struct sem_api *api, struct log *l)

/* --- helpers */

static inline int new_set(const struct sem_api *api, struct log *l, int nsems)
{
	int id = api->get(IPC_PRIVATE, nsems, 0600);

	EXPECT(l, id >= 0);
	return id;
}

static inline void remove_set(const struct sem_api *api, int id)
{
	if (api->ctl(id, 0, IPC_RMID))
		TT_FAIL("%s: IPC_RMID of %d: %s", api->name, id, strerror(errno));
}

static inline void set_values(const struct sem_api *api, struct log *l, int id,
		       unsigned short *vals)
{
	EXPECT(l, api->ctl(id, 0, SETALL, (union semun){ .array = vals }) == 0);
}

static inline void note_values(const struct sem_api *api, struct log *l, int id, int nsems)
{
	unsigned short vals[8] = { 0 };
	char text[128] = "values";

	EXPECT(l, nsems <= 8 && api->ctl(id, 0, GETALL, (union semun){ .array = vals }) == 0);
	for (int i = 0; i < nsems; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " %u", vals[i]);
	note(l, "%s", text);
}

static inline void note_stat(const struct sem_api *api, struct log *l, int id)
{
	struct semid_ds ds;

	memset(&ds, 0xa5, sizeof(ds));
	if (outcome(l, "IPC_STAT", api->ctl(id, 0, IPC_STAT, (union semun){ .buf = &ds })) < 0)
		return;
	note(l, "  key %#x uid %u gid %u cuid %u cgid %u mode %#o seq-ok %d",
	     ds.sem_perm.__key, ds.sem_perm.uid, ds.sem_perm.gid,
	     ds.sem_perm.cuid, ds.sem_perm.cgid, ds.sem_perm.mode,
	     ds.sem_perm.__seq == (id >> 15));
	note(l, "  nsems %lu otime %s ctime %s", (unsigned long)ds.sem_nsems,
	     when(l, ds.sem_otime), when(l, ds.sem_ctime));
}

/* One semop() of the operations given as (num, op, flg) triples. */
#define SOPS(...)	((struct sembuf[]){ __VA_ARGS__ })
#define NSOPS(...)	(sizeof(SOPS(__VA_ARGS__)) / sizeof(struct sembuf))
#define SEMOP(api, id, ...)	(api)->op(id, SOPS(__VA_ARGS__), NSOPS(__VA_ARGS__))

/*
 * Fork a child that runs one semop() of SOPS and exits with 0 or errno;
 * it becomes l->child.
 */
static inline pid_t start_semop(const struct sem_api *api, struct log *l, int id,
			 struct sembuf *sops, size_t nsops)
{
	pid_t pid = fork();

	if (pid < 0)
		TT_FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		/* A failed test must not leave it asleep, holding the module. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(api->op(id, sops, nsops) == 0 ? 0 : errno);
	}
	l->child = pid;
	return pid;
}

#define START_SEMOP(api, l, id, ...) \
	start_semop(api, l, id, SOPS(__VA_ARGS__), NSOPS(__VA_ARGS__))

/* Wait until semctl(CMD) on SEMNUM says N sleep there; fail after 10 s. */
static inline void wait_for_sleepers(const struct sem_api *api, struct log *l, int id,
			      int semnum, int cmd, int n)
{
	for (int i = 0; i < 10000; i++) {
		if (api->ctl(id, semnum, cmd) == n)
			return;
		usleep(1000);
	}
	TT_FAIL("%s: %s of semaphore %d never reached %d", l->api,
		cmd == GETNCNT ? "GETNCNT" : "GETZCNT", semnum, n);
}

/* How a child that ran start_semop() ended: "0" or the errno's name. */
static inline void note_child_end(struct log *l, const char *what, pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		TT_FAIL("%s: waitpid: %s", l->api, strerror(errno));
	if (WIFSIGNALED(status))
		note(l, "%s: killed by %s", what, sigabbrev_np(WTERMSIG(status)));
	else if (WEXITSTATUS(status))
		note(l, "%s: -1 %s", what, err_name(WEXITSTATUS(status)));
	else
		note(l, "%s: 0", what);
}

/* Become an unprivileged user: no capability overrides the ipc_perm bits. */
static inline void become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(2000, 2000, 2000) ||
	    setresuid(2000, 2000, 2000))
		TT_FAIL("dropping privileges: %s", strerror(errno));
}

#endif /* SEM_API_H */
