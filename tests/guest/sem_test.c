// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/sem.c: toy_semget, toy_semop, toy_semctl.
 *
 * As in shm_test.c, most tests are differential: a scenario written once
 * runs over Linux's semget/semop/semctl and over the toy's, notes what it
 * sees, and the two transcripts must be equal; EXPECT checks the rule the
 * scenario is about on both.  A scenario that needs a process blocked in
 * semop() forks it and waits until GETNCNT or GETZCNT shows it asleep.
 */
#include <grp.h>
#include <stdint.h>
#include <sys/sem.h>
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
};

static const struct sem_api real_api = { "real", semget, semop, semctl };
static const struct sem_api toy_api = { "toy", toy_semget, toy_semop, toy_semctl };

/* Run SCENARIO over Linux, then over the toy; the transcripts must match. */
static void same_on_real_and_toy(void (*scenario)(const struct sem_api *, struct log *))
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

/* Keys for the tests that need one; each test removes what it made. */
#define KEY(n)	((key_t)(0x5e3e0000 + (n)))

/* --- helpers */

static int new_set(const struct sem_api *api, struct log *l, int nsems)
{
	int id = api->get(IPC_PRIVATE, nsems, 0600);

	EXPECT(l, id >= 0);
	return id;
}

static void remove_set(const struct sem_api *api, int id)
{
	if (api->ctl(id, 0, IPC_RMID))
		TT_FAIL("%s: IPC_RMID of %d: %s", api->name, id, strerror(errno));
}

static void set_values(const struct sem_api *api, struct log *l, int id,
		       unsigned short *vals)
{
	EXPECT(l, api->ctl(id, 0, SETALL, (union semun){ .array = vals }) == 0);
}

static void note_values(const struct sem_api *api, struct log *l, int id, int nsems)
{
	unsigned short vals[8] = { 0 };
	char text[128] = "values";

	EXPECT(l, nsems <= 8 && api->ctl(id, 0, GETALL, (union semun){ .array = vals }) == 0);
	for (int i = 0; i < nsems; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " %u", vals[i]);
	note(l, "%s", text);
}

static void note_stat(const struct sem_api *api, struct log *l, int id)
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
static pid_t start_semop(const struct sem_api *api, struct log *l, int id,
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
static void wait_for_sleepers(const struct sem_api *api, struct log *l, int id,
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
static void note_child_end(struct log *l, const char *what, pid_t pid)
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
static void become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(2000, 2000, 2000) ||
	    setresuid(2000, 2000, 2000))
		TT_FAIL("dropping privileges: %s", strerror(errno));
}

/* --- semget */

DIFFERENTIAL_TEST(nsems_must_fit_semmsl)
{
	outcome(l, "semget(0 sems)", api->get(IPC_PRIVATE, 0, 0600));
	EXPECT(l, errno == EINVAL);
	outcome(l, "semget(-1 sems)", api->get(IPC_PRIVATE, -1, 0600));
	EXPECT(l, errno == EINVAL);
	outcome(l, "semget(32001 sems)", api->get(IPC_PRIVATE, 32001, 0600));
	EXPECT(l, errno == EINVAL);
}

DIFFERENTIAL_TEST(existing_key_with_more_semaphores_is_einval)
{
	int id = api->get(KEY(1), 3, IPC_CREAT | 0600);

	EXPECT(l, id >= 0);
	outcome(l, "get with 4", api->get(KEY(1), 4, 0600));
	EXPECT(l, errno == EINVAL);
	note(l, "get with 3 is the same id: %d", api->get(KEY(1), 3, 0600) == id);
	note(l, "get with 0 is the same id: %d", api->get(KEY(1), 0, 0600) == id);
	outcome(l, "get missing key", api->get(KEY(2), 1, 0600));
	outcome(l, "create again, exclusive", api->get(KEY(1), 3, IPC_CREAT | IPC_EXCL | 0600));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(a_new_set_is_all_zero_and_reports_its_creation)
{
	int id = api->get(KEY(3), 4, IPC_CREAT | 0640);

	EXPECT(l, id >= 0);
	note_stat(api, l, id);
	note_values(api, l, id, 4);
	outcome(l, "GETPID", api->ctl(id, 2, GETPID));
	remove_set(api, id);
}

/* --- semop without waiting */

DIFFERENTIAL_TEST(semop_adds_and_subtracts)
{
	int id = new_set(api, l, 2);

	outcome(l, "+2 on 0", SEMOP(api, id, { 0, 2, 0 }));
	outcome(l, "-1 on 0, +5 on 1", SEMOP(api, id, { 0, -1, 0 }, { 1, 5, 0 }));
	note_values(api, l, id, 2);
	note(l, "GETPID %s", who(l, api->ctl(id, 1, GETPID)));
	note_stat(api, l, id);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(a_semop_that_must_wait_with_ipc_nowait_is_eagain)
{
	int id = new_set(api, l, 1);

	outcome(l, "-1 on 0, IPC_NOWAIT", SEMOP(api, id, { 0, -1, IPC_NOWAIT }));
	EXPECT(l, errno == EAGAIN);
	outcome(l, "SETVAL 1", api->ctl(id, 0, SETVAL, (union semun){ .val = 1 }));
	outcome(l, "wait for 0 on 1, IPC_NOWAIT", SEMOP(api, id, { 0, 0, IPC_NOWAIT }));
	EXPECT(l, errno == EAGAIN);
	note_stat(api, l, id);
	remove_set(api, id);
}

/* All the operations of one call, or none: a late failure undoes the early ones. */
DIFFERENTIAL_TEST(a_semop_is_applied_all_or_nothing)
{
	int id = new_set(api, l, 2);

	set_values(api, l, id, (unsigned short[]){ 0, 32767 });
	outcome(l, "+1 on 0, -1 on 1 ... +1 on 1", SEMOP(api, id, { 0, 1, 0 }, { 1, -1, 0 }, { 1, 2, 0 }));
	EXPECT(l, errno == ERANGE);
	note_values(api, l, id, 2);
	set_values(api, l, id, (unsigned short[]){ 0, 0 });
	outcome(l, "+1 on 0, -1 on 1 (IPC_NOWAIT)", SEMOP(api, id, { 0, 1, 0 }, { 1, -1, IPC_NOWAIT }));
	EXPECT(l, errno == EAGAIN);
	note_values(api, l, id, 2);
	EXPECT(l, api->ctl(id, 0, GETVAL) == 0);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(operations_on_one_semaphore_apply_in_order)
{
	int id = new_set(api, l, 1);

	EXPECT(l, api->ctl(id, 0, SETVAL, (union semun){ .val = 1 }) == 0);
	outcome(l, "-1, -1 on 1", SEMOP(api, id, { 0, -1, IPC_NOWAIT }, { 0, -1, IPC_NOWAIT }));
	EXPECT(l, errno == EAGAIN);
	outcome(l, "+1, -2 on 1", SEMOP(api, id, { 0, 1, 0 }, { 0, -2, 0 }));
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(values_above_semvmx_are_erange)
{
	int id = new_set(api, l, 2);

	outcome(l, "SETVAL 32767", api->ctl(id, 0, SETVAL, (union semun){ .val = 32767 }));
	outcome(l, "+1 on 32767", SEMOP(api, id, { 0, 1, 0 }));
	EXPECT(l, errno == ERANGE);
	outcome(l, "SETVAL 32768", api->ctl(id, 0, SETVAL, (union semun){ .val = 32768 }));
	EXPECT(l, errno == ERANGE);
	outcome(l, "SETVAL -1", api->ctl(id, 0, SETVAL, (union semun){ .val = -1 }));
	EXPECT(l, errno == ERANGE);
	outcome(l, "SETALL 1 40000", api->ctl(id, 0, SETALL, (union semun){ .array = (unsigned short[]){ 1, 40000 } }));
	EXPECT(l, errno == ERANGE);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(a_sem_num_past_the_set_is_efbig)
{
	int id = new_set(api, l, 2);

	outcome(l, "+1 on 2", SEMOP(api, id, { 2, 1, 0 }));
	EXPECT(l, errno == EFBIG);
	outcome(l, "+1 on 0, +1 on 9", SEMOP(api, id, { 0, 1, 0 }, { 9, 1, 0 }));
	EXPECT(l, errno == EFBIG);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(more_operations_than_semopm_is_e2big)
{
	static struct sembuf sops[501];
	int id = new_set(api, l, 1);

	/* Waiting for zero on a zero value: each one succeeds at once. */
	outcome(l, "500 operations", api->op(id, sops, 500));
	outcome(l, "501 operations", api->op(id, sops, 501));
	EXPECT(l, errno == E2BIG);
	outcome(l, "0 operations", api->op(id, sops, 0));
	EXPECT(l, errno == EINVAL);
	outcome(l, "bad pointer", api->op(id, (struct sembuf *)16, 1));
	EXPECT(l, errno == EFAULT);
	remove_set(api, id);
}

/* --- semop that waits */

DIFFERENTIAL_TEST(p_waits_until_v)
{
	int id = new_set(api, l, 1);
	pid_t pid = START_SEMOP(api, l, id, { 0, -1, 0 });

	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "GETNCNT while it waits", api->ctl(id, 0, GETNCNT));
	outcome(l, "V", SEMOP(api, id, { 0, 1, 0 }));
	note_child_end(l, "P", pid);
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	/* The waker applied the sleeper's operation on its behalf. */
	note(l, "GETPID %s", who(l, api->ctl(id, 0, GETPID)));
	outcome(l, "GETNCNT", api->ctl(id, 0, GETNCNT));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(wait_for_zero_waits_until_the_value_is_zero)
{
	int id = new_set(api, l, 1);
	pid_t pid;

	EXPECT(l, api->ctl(id, 0, SETVAL, (union semun){ .val = 2 }) == 0);
	pid = START_SEMOP(api, l, id, { 0, 0, 0 });
	wait_for_sleepers(api, l, id, 0, GETZCNT, 1);
	outcome(l, "GETZCNT while it waits", api->ctl(id, 0, GETZCNT));
	outcome(l, "-1", SEMOP(api, id, { 0, -1, 0 }));
	outcome(l, "GETZCNT still", api->ctl(id, 0, GETZCNT));
	outcome(l, "-1", SEMOP(api, id, { 0, -1, 0 }));
	note_child_end(l, "wait for zero", pid);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(one_change_wakes_every_sleeper_it_lets_through)
{
	int id = new_set(api, l, 1);
	pid_t a = START_SEMOP(api, l, id, { 0, -1, 0 });
	pid_t b;

	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	b = START_SEMOP(api, l, id, { 0, -1, 0 });
	wait_for_sleepers(api, l, id, 0, GETNCNT, 2);
	outcome(l, "+2", SEMOP(api, id, { 0, 2, 0 }));
	note_child_end(l, "first P", a);
	note_child_end(l, "second P", b);
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(setval_and_setall_wake_sleepers)
{
	int id = new_set(api, l, 2);
	pid_t pid = START_SEMOP(api, l, id, { 0, -1, 0 });

	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "SETVAL 1", api->ctl(id, 0, SETVAL, (union semun){ .val = 1 }));
	note_child_end(l, "P on 0", pid);
	pid = START_SEMOP(api, l, id, { 1, -3, 0 });
	wait_for_sleepers(api, l, id, 1, GETNCNT, 1);
	outcome(l, "SETALL 5 3", api->ctl(id, 0, SETALL, (union semun){ .array = (unsigned short[]){ 5, 3 } }));
	note_child_end(l, "P(3) on 1", pid);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

/* A sleeper finished by a waker changes values too: that may finish another. */
DIFFERENTIAL_TEST(a_finished_sleeper_can_release_another)
{
	int id = new_set(api, l, 2);
	pid_t b = START_SEMOP(api, l, id, { 1, -1, 0 });
	pid_t a;

	wait_for_sleepers(api, l, id, 1, GETNCNT, 1);
	a = START_SEMOP(api, l, id, { 0, -1, 0 }, { 1, 1, 0 });
	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "V on 0", SEMOP(api, id, { 0, 1, 0 }));
	note_child_end(l, "A: P on 0, V on 1", a);
	note_child_end(l, "B: P on 1", b);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

/* POSIX: a sleeper counts only on the semaphore of the operation it waits on. */
DIFFERENTIAL_TEST(getncnt_counts_only_the_semaphore_waited_on)
{
	int id = new_set(api, l, 3);
	pid_t pid = START_SEMOP(api, l, id, { 0, -1, 0 }, { 1, -1, 0 }, { 2, 0, 0 });

	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "GETNCNT 0", api->ctl(id, 0, GETNCNT));
	outcome(l, "GETNCNT 1", api->ctl(id, 1, GETNCNT));
	outcome(l, "GETZCNT 2", api->ctl(id, 2, GETZCNT));
	outcome(l, "V on 0", SEMOP(api, id, { 0, 1, 0 }));
	wait_for_sleepers(api, l, id, 1, GETNCNT, 1);
	outcome(l, "GETNCNT 0", api->ctl(id, 0, GETNCNT));
	outcome(l, "GETNCNT 1", api->ctl(id, 1, GETNCNT));
	outcome(l, "V on 1", SEMOP(api, id, { 1, 1, 0 }));
	note_child_end(l, "P on 0 and 1, zero on 2", pid);
	note_values(api, l, id, 3);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(removing_the_set_wakes_sleepers_with_eidrm)
{
	int id = new_set(api, l, 1);
	pid_t pid = START_SEMOP(api, l, id, { 0, -1, 0 });

	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "IPC_RMID", api->ctl(id, 0, IPC_RMID));
	note_child_end(l, "P", pid);
	outcome(l, "semop on the removed id", SEMOP(api, id, { 0, 1, 0 }));
	EXPECT(l, errno == EINVAL);
	outcome(l, "GETVAL on the removed id", api->ctl(id, 0, GETVAL));
}

static void on_signal(int sig)
{
	(void)sig;
}

/* signal(7): semop() is never restarted after a handler, SA_RESTART or not. */
DIFFERENTIAL_TEST(a_signal_interrupts_semop_with_eintr_even_with_sa_restart)
{
	int id = new_set(api, l, 1);
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	pid_t pid;

	EXPECT(l, sigaction(SIGUSR1, &sa, NULL) == 0);
	pid = START_SEMOP(api, l, id, { 0, -1, 0 });
	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	EXPECT(l, kill(pid, SIGUSR1) == 0);
	note_child_end(l, "P", pid);
	outcome(l, "GETNCNT after", api->ctl(id, 0, GETNCNT));
	outcome(l, "V", SEMOP(api, id, { 0, 1, 0 }));
	outcome(l, "GETVAL: the interrupted P took nothing", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

/* --- semctl */

DIFFERENTIAL_TEST(getall_and_setall_cover_the_whole_set)
{
	int id = new_set(api, l, 3);

	outcome(l, "SETALL 3 0 7", api->ctl(id, 0, SETALL, (union semun){ .array = (unsigned short[]){ 3, 0, 7 } }));
	note_values(api, l, id, 3);
	note(l, "GETPID of 1 %s", who(l, api->ctl(id, 1, GETPID)));
	note_stat(api, l, id);
	outcome(l, "GETALL(bad pointer)", api->ctl(id, 0, GETALL, (union semun){ .array = (void *)16 }));
	outcome(l, "SETALL(bad pointer)", api->ctl(id, 0, SETALL, (union semun){ .array = (void *)16 }));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(a_semnum_outside_the_set_is_einval)
{
	int id = new_set(api, l, 2);

	outcome(l, "GETVAL 2", api->ctl(id, 2, GETVAL));
	EXPECT(l, errno == EINVAL);
	outcome(l, "GETVAL -1", api->ctl(id, -1, GETVAL));
	outcome(l, "GETPID 2", api->ctl(id, 2, GETPID));
	outcome(l, "GETNCNT 2", api->ctl(id, 2, GETNCNT));
	outcome(l, "GETZCNT -1", api->ctl(id, -1, GETZCNT));
	outcome(l, "SETVAL 2", api->ctl(id, 2, SETVAL, (union semun){ .val = 1 }));
	EXPECT(l, errno == EINVAL);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(unknown_commands_and_bad_ids_are_einval)
{
	int id = new_set(api, l, 1);

	outcome(l, "semctl(999)", api->ctl(id, 0, 999));
	EXPECT(l, errno == EINVAL);
	outcome(l, "GETVAL of id -1", api->ctl(-1, 0, GETVAL));
	EXPECT(l, errno == EINVAL);
	outcome(l, "semop on id -1", SEMOP(api, -1, { 0, 1, 0 }));
	EXPECT(l, errno == EINVAL);
	outcome(l, "IPC_STAT(bad pointer)", api->ctl(id, 0, IPC_STAT, (union semun){ .buf = (void *)16 }));
	EXPECT(l, errno == EFAULT);
	remove_set(api, id);
	outcome(l, "IPC_RMID again", api->ctl(id, 0, IPC_RMID));
	EXPECT(l, errno == EINVAL);
}

DIFFERENTIAL_TEST(ipc_set_changes_owner_and_mode_and_ctime)
{
	int id = new_set(api, l, 1);
	struct semid_ds ds;

	EXPECT(l, api->ctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0);
	ds.sem_perm.uid = 1000;
	ds.sem_perm.gid = 1001;
	ds.sem_perm.mode = 0644 | 070000;	/* only rwxrwxrwx count */
	ds.sem_nsems = 9;			/* ignored */
	outcome(l, "IPC_SET", api->ctl(id, 0, IPC_SET, (union semun){ .buf = &ds }));
	note_stat(api, l, id);
	if (fork_child(l) == 0) {
		become_nobody();
		outcome(l, "IPC_SET by another user", api->ctl(id, 0, IPC_SET, (union semun){ .buf = &ds }));
		outcome(l, "IPC_RMID by another user", api->ctl(id, 0, IPC_RMID));
		_exit(0);
	}
	note_child_end(l, "other user", l->child);
	remove_set(api, id);
}

/* Changing a value needs write permission; reading or waiting for zero, read. */
DIFFERENTIAL_TEST(access_follows_the_permission_bits)
{
	int id = api->get(KEY(4), 1, IPC_CREAT | 0644);

	EXPECT(l, id >= 0);
	if (fork_child(l) == 0) {
		become_nobody();
		outcome(l, "wait for zero", SEMOP(api, id, { 0, 0, IPC_NOWAIT }));
		outcome(l, "+1", SEMOP(api, id, { 0, 1, 0 }));
		outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
		outcome(l, "GETALL", api->ctl(id, 0, GETALL, (union semun){ .array = (unsigned short[1]){ 0 } }));
		outcome(l, "SETVAL", api->ctl(id, 0, SETVAL, (union semun){ .val = 1 }));
		outcome(l, "SETALL", api->ctl(id, 0, SETALL, (union semun){ .array = (unsigned short[]){ 1 } }));
		outcome(l, "semget(key, 0, 0600)", api->get(KEY(4), 0, 0600));
		note(l, "semget(key, 0, 0400) finds it: %d", api->get(KEY(4), 0, 0400) == id);
		_exit(0);
	}
	note_child_end(l, "other user", l->child);
	remove_set(api, id);
}

/*
 * A deliberate difference: Linux applies SEM_UNDO adjustments when the
 * process exits (exit_sem()); a module has no hook there, so the toy
 * refuses SEM_UNDO rather than pretend (docs/en/sem.md).
 */
static void sem_undo_is_refused_by_the_toy_only(void)
{
	struct sembuf up = { 0, 1, SEM_UNDO };
	int real = semget(IPC_PRIVATE, 1, 0600);
	int toy = toy_semget(IPC_PRIVATE, 1, 0600);
	pid_t pid;
	int status;

	TT_ASSERT(real >= 0 && toy >= 0);
	TT_ASSERT_ERRNO(toy_semop(toy, &up, 1), EINVAL);
	TT_ASSERT(toy_semctl(toy, 0, GETVAL) == 0);
	/* Linux: the child's +1 is undone when it exits. */
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0)
		_exit(semop(real, &up, 1) == 0 && semctl(real, 0, GETVAL) == 1 ? 0 : 1);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	TT_ASSERT(WEXITSTATUS(status) == 0);
	TT_ASSERT(semctl(real, 0, GETVAL) == 0);
	TT_ASSERT(semctl(real, 0, IPC_RMID) == 0);
	TT_ASSERT(toy_semctl(toy, 0, IPC_RMID) == 0);
}

/* The toy never falls back to Linux: its sets are not Linux's. */
static void toy_sets_are_not_linux_sets(void)
{
	int id = toy_semget(KEY(5), 1, IPC_CREAT | IPC_EXCL | 0600);

	TT_ASSERT(id >= 0);
	TT_ASSERT_ERRNO(semget(KEY(5), 0, 0600), ENOENT);
	TT_ASSERT(toy_semctl(id, 0, IPC_RMID) == 0);
}

/*
 * --- helper msgshm's block: IPC_INFO, SEM_INFO, SEM_STAT, SEM_STAT_ANY
 * (what ipcs and lsipc use).  The real table may hold other sets, so the
 * *_INFO return values are checked against what they were before plus the
 * test's own set, and SEM_INFO's counts as differences.
 */

#define IDX(id)	((id) & 0x7fff)	/* the index part of an id */

static int sem_info(const struct sem_api *api, int cmd, struct seminfo *info)
{
	memset(info, 0x5a, sizeof(*info));
	return api->ctl(0, 0, cmd, (union semun){ .buf = (void *)info });
}

DIFFERENTIAL_TEST(ipc_info_reports_the_limits_and_returns_the_highest_index)
{
	struct seminfo info;
	int before = sem_info(api, IPC_INFO, &info), id, ret;

	EXPECT(l, before >= 0);
	id = new_set(api, l, 2);
	ret = outcome_ok(l, "IPC_INFO", sem_info(api, IPC_INFO, &info));
	note(l, "  returns the highest index: %d", ret == (before > IDX(id) ? before : IDX(id)));
	note(l, "  semmap %d semmni %d semmns %d semmnu %d semmsl %d", info.semmap,
	     info.semmni, info.semmns, info.semmnu, info.semmsl);
	note(l, "  semopm %d semume %d semusz %d semvmx %d semaem %d", info.semopm,
	     info.semume, info.semusz, info.semvmx, info.semaem);
	outcome(l, "semctl(-1, IPC_INFO)", api->ctl(-1, 0, IPC_INFO, (union semun){ .buf = (void *)&info }));
	outcome(l, "IPC_INFO(bad)", api->ctl(0, 0, IPC_INFO, (union semun){ .buf = (void *)16 }));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(sem_info_counts_sets_and_semaphores)
{
	struct seminfo before, info;
	int max = sem_info(api, SEM_INFO, &before), id, ret;

	EXPECT(l, max >= 0);
	id = new_set(api, l, 3);
	ret = outcome_ok(l, "SEM_INFO", sem_info(api, SEM_INFO, &info));
	note(l, "  returns the highest index: %d", ret == (max > IDX(id) ? max : IDX(id)));
	note(l, "  semusz +%d semaem +%d semmsl %d semvmx %d", info.semusz - before.semusz,
	     info.semaem - before.semaem, info.semmsl, info.semvmx);
	remove_set(api, id);
	EXPECT(l, sem_info(api, SEM_INFO, &info) >= 0);
	note(l, "after IPC_RMID: semusz +%d", info.semusz - before.semusz);
}

/* SEM_STAT or SEM_STAT_ANY of @id's index: must return @id. */
static void note_stat_by_index(const struct sem_api *api, struct log *l, int id, int cmd,
			       const char *what)
{
	struct semid_ds ds;
	int ret;

	memset(&ds, 0xa5, sizeof(ds));
	ret = api->ctl(IDX(id), 0, cmd, (union semun){ .buf = &ds });
	if (ret < 0) {
		outcome(l, what, ret);
		return;
	}
	note(l, "%s returns the id: %d", what, ret == id);
	note(l, "  key %#x mode %#o nsems %lu otime %s ctime %s", ds.sem_perm.__key,
	     ds.sem_perm.mode, (unsigned long)ds.sem_nsems, when(l, ds.sem_otime),
	     when(l, ds.sem_ctime));
}

DIFFERENTIAL_TEST(sem_stat_takes_an_index_and_returns_the_full_id)
{
	int id = new_set(api, l, 2);
	struct semid_ds ds;

	note_stat_by_index(api, l, id, SEM_STAT, "SEM_STAT");
	note_stat_by_index(api, l, id, SEM_STAT_ANY, "SEM_STAT_ANY");
	note(l, "SEM_STAT(index + 3 * 32768) returns the id: %d",
	     api->ctl(IDX(id) + 3 * 0x8000, 0, SEM_STAT, (union semun){ .buf = &ds }) == id);
	outcome(l, "SEM_STAT(bad)", api->ctl(IDX(id), 0, SEM_STAT, (union semun){ .buf = (void *)16 }));
	remove_set(api, id);
	outcome(l, "SEM_STAT(free index)", api->ctl(IDX(id), 0, SEM_STAT, (union semun){ .buf = &ds }));
	outcome(l, "SEM_STAT_ANY(free index)",
		api->ctl(IDX(id), 0, SEM_STAT_ANY, (union semun){ .buf = &ds }));
}

DIFFERENTIAL_TEST(sem_stat_needs_read_permission_and_sem_stat_any_does_not)
{
	int id = new_set(api, l, 1);
	int status;

	if (fork_child(l) == 0) {
		become_nobody();
		note_stat_by_index(api, l, id, SEM_STAT, "  SEM_STAT");
		note_stat_by_index(api, l, id, SEM_STAT_ANY, "  SEM_STAT_ANY");
		_exit(0);
	}
	EXPECT(l, waitpid(l->child, &status, 0) == l->child);
	EXPECT(l, WIFEXITED(status) && WEXITSTATUS(status) == 0);
	remove_set(api, id);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(nsems_must_fit_semmsl),
		TT_CASE(existing_key_with_more_semaphores_is_einval),
		TT_CASE(a_new_set_is_all_zero_and_reports_its_creation),
		TT_CASE(semop_adds_and_subtracts),
		TT_CASE(a_semop_that_must_wait_with_ipc_nowait_is_eagain),
		TT_CASE(a_semop_is_applied_all_or_nothing),
		TT_CASE(operations_on_one_semaphore_apply_in_order),
		TT_CASE(values_above_semvmx_are_erange),
		TT_CASE(a_sem_num_past_the_set_is_efbig),
		TT_CASE(more_operations_than_semopm_is_e2big),
		TT_CASE(p_waits_until_v),
		TT_CASE(wait_for_zero_waits_until_the_value_is_zero),
		TT_CASE(one_change_wakes_every_sleeper_it_lets_through),
		TT_CASE(setval_and_setall_wake_sleepers),
		TT_CASE(a_finished_sleeper_can_release_another),
		TT_CASE(getncnt_counts_only_the_semaphore_waited_on),
		TT_CASE(removing_the_set_wakes_sleepers_with_eidrm),
		TT_CASE(a_signal_interrupts_semop_with_eintr_even_with_sa_restart),
		TT_CASE(getall_and_setall_cover_the_whole_set),
		TT_CASE(a_semnum_outside_the_set_is_einval),
		TT_CASE(unknown_commands_and_bad_ids_are_einval),
		TT_CASE(ipc_set_changes_owner_and_mode_and_ctime),
		TT_CASE(access_follows_the_permission_bits),
		TT_CASE(sem_undo_is_refused_by_the_toy_only),
		TT_CASE(toy_sets_are_not_linux_sets),
		/* helper msgshm's block */
		TT_CASE(ipc_info_reports_the_limits_and_returns_the_highest_index),
		TT_CASE(sem_info_counts_sets_and_semaphores),
		TT_CASE(sem_stat_takes_an_index_and_returns_the_full_id),
		TT_CASE(sem_stat_needs_read_permission_and_sem_stat_any_does_not),
		{ NULL, NULL },
	};

	return tt_main("sem", cases);
}
