// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/sem.c: toy_semget, toy_semop, toy_semtimedop, toy_semctl;
 * SEM_UNDO has its own program, sem_undo_test.c.
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

#include "sem_api.h"

/* Keys for the tests that need one; each test removes what it made. */
#define KEY(n)	((key_t)(0x5e3e0000 + (n)))

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
	if (TT_DS_EFAULT) {
		outcome(l, "IPC_STAT(bad pointer)",
			api->ctl(id, 0, IPC_STAT, (union semun){ .buf = (void *)16 }));
		EXPECT(l, errno == EFAULT);
	}
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

/* --- errno order: semop(2)'s ERRORS as do_semtimedop() checks them */

/* E2BIG and the operations' copy come before the id is looked at. */
DIFFERENTIAL_TEST(semop_checks_nsops_and_copies_before_the_id)
{
	static struct sembuf sops[501];

	outcome(l, "id -1, 501 operations", api->op(-1, sops, 501));
	EXPECT(l, errno == E2BIG);
	outcome(l, "id -1, 0 operations, bad pointer", api->op(-1, (struct sembuf *)16, 0));
	EXPECT(l, errno == EINVAL);
	outcome(l, "id -1, bad pointer", api->op(-1, (struct sembuf *)16, 1));
	EXPECT(l, errno == EFAULT);
	outcome(l, "id -1", SEMOP(api, -1, { 0, 1, 0 }));
	EXPECT(l, errno == EINVAL);
}

/* EFBIG is checked before the permissions: a stranger learns the set's size. */
DIFFERENTIAL_TEST(semop_checks_efbig_before_eacces)
{
	int id = new_set(api, l, 1);

	if (fork_child(l) == 0) {
		become_nobody();
		outcome(l, "stranger, +1 on 1", SEMOP(api, id, { 1, 1, 0 }));
		outcome(l, "stranger, +1 on 0", SEMOP(api, id, { 0, 1, 0 }));
		outcome(l, "stranger, zero on 0", SEMOP(api, id, { 0, 0, IPC_NOWAIT }));
		_exit(0);
	}
	note_child_end(l, "stranger", l->child);
	remove_set(api, id);
}

/* --- semtimedop */

static struct timespec ms(long n)
{
	return (struct timespec){ .tv_sec = n / 1000, .tv_nsec = n % 1000 * 1000000 };
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

DIFFERENTIAL_TEST(semtimedop_without_waiting_is_semop)
{
	int id = new_set(api, l, 2);
	struct timespec t = ms(100);

	outcome(l, "+2 on 0, +1 on 1", api->timedop(id, SOPS({ 0, 2, 0 }, { 1, 1, 0 }), 2, &t));
	outcome(l, "-1 on 0, no timeout", api->timedop(id, SOPS({ 0, -1, 0 }), 1, NULL));
	outcome(l, "-2 on 0, IPC_NOWAIT", api->timedop(id, SOPS({ 0, -2, IPC_NOWAIT }), 1, &t));
	EXPECT(l, errno == EAGAIN);
	note_values(api, l, id, 2);
	note(l, "GETPID %s", who(l, api->ctl(id, 0, GETPID)));
	note_stat(api, l, id);
	remove_set(api, id);
}

/* The timeout passes: EAGAIN, nothing applied, nobody left waiting. */
DIFFERENTIAL_TEST(semtimedop_times_out_with_eagain)
{
	int id = new_set(api, l, 2);
	struct timespec t = ms(200), zero = ms(0), t0;
	double took;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	outcome(l, "+1 on 1, -1 on 0, 200 ms", api->timedop(id, SOPS({ 1, 1, 0 }, { 0, -1, 0 }), 2, &t));
	EXPECT(l, errno == EAGAIN);
	took = seconds_since(&t0);
	note(l, "waited about 200 ms: %d", took >= 0.19 && took < 30);
	outcome(l, "wait for zero, 0 s", api->timedop(id, SOPS({ 1, 0, 0 }), 1, &zero));
	outcome(l, "-1 on 0, 0 s", api->timedop(id, SOPS({ 0, -1, 0 }), 1, &zero));
	EXPECT(l, errno == EAGAIN);
	outcome(l, "GETNCNT", api->ctl(id, 0, GETNCNT));
	note_values(api, l, id, 2);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(semtimedop_wakes_before_the_timeout)
{
	int id = new_set(api, l, 1);
	struct timespec t = ms(20000);
	pid_t pid = fork_child(l);

	if (pid == 0)
		_exit(api->timedop(id, SOPS({ 0, -1, 0 }), 1, &t) == 0 ? 0 : errno);
	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "V", SEMOP(api, id, { 0, 1, 0 }));
	note_child_end(l, "P with 20 s", pid);
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

/* semop(2): a bad tv_nsec is EINVAL, checked after E2BIG and the copy, before EFBIG. */
DIFFERENTIAL_TEST(semtimedop_with_a_bad_timeout_is_einval)
{
	static struct sembuf many[501];
	int id = new_set(api, l, 1);
	struct timespec big = { 0, 1000000000 }, negative = { 0, -1 }, past = { -1, 0 };

	outcome(l, "tv_nsec 1e9", api->timedop(id, SOPS({ 0, -1, 0 }), 1, &big));
	EXPECT(l, errno == EINVAL);
	outcome(l, "tv_nsec -1", api->timedop(id, SOPS({ 0, -1, 0 }), 1, &negative));
	EXPECT(l, errno == EINVAL);
	outcome(l, "tv_sec -1", api->timedop(id, SOPS({ 0, -1, 0 }), 1, &past));
	outcome(l, "tv_nsec 1e9, sem_num past the set", api->timedop(id, SOPS({ 5, -1, 0 }), 1, &big));
	outcome(l, "tv_nsec 1e9, 501 operations", api->timedop(id, many, 501, &big));
	outcome(l, "tv_nsec 1e9, bad sops", api->timedop(id, (struct sembuf *)16, 1, &big));
	outcome(l, "tv_nsec 1e9, would not wait", api->timedop(id, SOPS({ 0, 1, 0 }), 1, &big));
	note_values(api, l, id, 1);
	remove_set(api, id);
}

/* A bad timeout pointer is EFAULT, and it is read before anything else. */
DIFFERENTIAL_TEST(semtimedop_with_a_bad_timeout_pointer_is_efault)
{
	static struct sembuf many[501];
	int id = new_set(api, l, 1);
	const struct timespec *bad = (const struct timespec *)16;

	if (TT_DS_EFAULT) {
		outcome(l, "bad timeout", api->timedop(id, SOPS({ 0, 1, 0 }), 1, bad));
		EXPECT(l, errno == EFAULT);
		outcome(l, "bad timeout, 501 operations", api->timedop(id, many, 501, bad));
		outcome(l, "bad timeout, id -1", api->timedop(-1, SOPS({ 0, 1, 0 }), 1, bad));
	}
	note_values(api, l, id, 1);
	remove_set(api, id);
}

DIFFERENTIAL_TEST(a_signal_interrupts_semtimedop_with_eintr)
{
	int id = new_set(api, l, 1);
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	struct timespec t = ms(20000);
	pid_t pid;

	EXPECT(l, sigaction(SIGUSR1, &sa, NULL) == 0);
	pid = fork_child(l);
	if (pid == 0)
		_exit(api->timedop(id, SOPS({ 0, -1, 0 }), 1, &t) == 0 ? 0 : errno);
	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	EXPECT(l, kill(pid, SIGUSR1) == 0);
	note_child_end(l, "P with 20 s", pid);
	outcome(l, "GETNCNT after", api->ctl(id, 0, GETNCNT));
	remove_set(api, id);
}

DIFFERENTIAL_TEST(removing_the_set_wakes_a_timed_sleeper_with_eidrm)
{
	int id = new_set(api, l, 1);
	struct timespec t = ms(20000);
	pid_t pid = fork_child(l);

	if (pid == 0)
		_exit(api->timedop(id, SOPS({ 0, 0, 0 }, { 0, -1, 0 }), 2, &t) == 0 ? 0 : errno);
	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "IPC_RMID", api->ctl(id, 0, IPC_RMID));
	note_child_end(l, "P with 20 s", pid);
}

/* --- errno order: semctl(2)'s ERRORS */

/* Read permission for every reading command; IPC_STAT's buffer is not touched. */
DIFFERENTIAL_TEST(reading_commands_without_read_permission_are_eacces)
{
	int id = api->get(IPC_PRIVATE, 2, 0200);

	EXPECT(l, id >= 0);
	if (fork_child(l) == 0) {
		struct semid_ds ds;

		become_nobody();
		memset(&ds, 0x5a, sizeof(ds));
		outcome(l, "IPC_STAT", api->ctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }));
		note(l, "buffer untouched: %d", ((unsigned char *)&ds)[0] == 0x5a);
		outcome(l, "IPC_STAT, bad pointer", api->ctl(id, 0, IPC_STAT, (union semun){ .buf = (void *)16 }));
		outcome(l, "GETPID", api->ctl(id, 0, GETPID));
		outcome(l, "GETNCNT", api->ctl(id, 1, GETNCNT));
		outcome(l, "GETZCNT", api->ctl(id, 0, GETZCNT));
		outcome(l, "GETVAL of semaphore 7", api->ctl(id, 7, GETVAL));
		outcome(l, "GETALL, bad pointer", api->ctl(id, 0, GETALL, (union semun){ .array = (void *)16 }));
		_exit(0);
	}
	note_child_end(l, "other user", l->child);
	remove_set(api, id);
}

/* The union's pointer: EFAULT, and in IPC_SET's case before the id is looked up. */
#ifdef __i386__
/*
 * 32-bit: libc reads a bad struct semid_ds or timeout itself, so both die
 * (TT_DS_EFAULT).
 */
static void real_semctl_into_16(void *arg)
{
	(void)arg;
	semctl(0, 0, IPC_STAT, (union semun){ .buf = (void *)16 });
}

static void toy_semctl_into_16(void *arg)
{
	(void)arg;
	toy_semctl(0, 0, IPC_STAT, (union semun){ .buf = (void *)16 });
}

static void real_semtimedop_bad_timeout(void *arg)
{
	(void)arg;
	semtimedop(0, SOPS({ 0, 1, 0 }), 1, (const struct timespec *)16);
}

static void toy_semtimedop_bad_timeout(void *arg)
{
	(void)arg;
	toy_semtimedop(0, SOPS({ 0, 1, 0 }), 1, (const struct timespec *)16);
}

static void a_bad_semid_ds_or_timeout_pointer_is_sigsegv_in_a_32_bit_libc_and_in_the_toy(void)
{
	TT_ASSERT(tt_killed_by_sigsegv(real_semctl_into_16, NULL) == 1);
	TT_ASSERT(tt_killed_by_sigsegv(toy_semctl_into_16, NULL) == 1);
	TT_ASSERT(tt_killed_by_sigsegv(real_semtimedop_bad_timeout, NULL) == 1);
	TT_ASSERT(tt_killed_by_sigsegv(toy_semtimedop_bad_timeout, NULL) == 1);
}
#endif

DIFFERENTIAL_TEST(a_bad_union_pointer_is_efault)
{
	int id = new_set(api, l, 2);
	int gone = new_set(api, l, 1);

	remove_set(api, gone);
	if (TT_DS_EFAULT) {
		outcome(l, "IPC_SET, bad pointer",
			api->ctl(id, 0, IPC_SET, (union semun){ .buf = (void *)16 }));
		EXPECT(l, errno == EFAULT);
		outcome(l, "IPC_SET, bad pointer, removed id",
			api->ctl(gone, 0, IPC_SET, (union semun){ .buf = (void *)16 }));
		outcome(l, "IPC_STAT, bad pointer, removed id",
			api->ctl(gone, 0, IPC_STAT, (union semun){ .buf = (void *)16 }));
	}
	outcome(l, "SETALL, NULL", api->ctl(id, 0, SETALL, (union semun){ .array = NULL }));
	EXPECT(l, errno == EFAULT);
	outcome(l, "GETALL, NULL", api->ctl(id, 0, GETALL, (union semun){ .array = NULL }));
	outcome(l, "SETALL, NULL, removed id", api->ctl(gone, 0, SETALL, (union semun){ .array = NULL }));
	note_values(api, l, id, 2);
	remove_set(api, id);
}

/* ERANGE of SETVAL comes before the id and the semnum are looked at. */
DIFFERENTIAL_TEST(setval_checks_its_value_first)
{
	int id = new_set(api, l, 1);
	int gone = new_set(api, l, 1);

	remove_set(api, gone);
	outcome(l, "SETVAL 32768 on a removed id", api->ctl(gone, 0, SETVAL, (union semun){ .val = 32768 }));
	EXPECT(l, errno == ERANGE);
	outcome(l, "SETVAL -1 on semaphore 9", api->ctl(id, 9, SETVAL, (union semun){ .val = -1 }));
	outcome(l, "SETVAL 1 on a removed id", api->ctl(gone, 0, SETVAL, (union semun){ .val = 1 }));
	outcome(l, "SETALL 40000, bad id", api->ctl(gone, 0, SETALL, (union semun){ .array = (unsigned short[]){ 40000 } }));
	remove_set(api, id);
}

/* EPERM needs owner, creator or CAP_SYS_ADMIN, even with every mode bit set. */
DIFFERENTIAL_TEST(ipc_set_and_ipc_rmid_by_a_stranger_are_eperm_whatever_the_mode)
{
	int id = api->get(IPC_PRIVATE, 1, 0666);

	EXPECT(l, id >= 0);
	if (fork_child(l) == 0) {
		struct semid_ds ds;

		become_nobody();
		outcome(l, "IPC_STAT", api->ctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }));
		outcome(l, "IPC_SET", api->ctl(id, 0, IPC_SET, (union semun){ .buf = &ds }));
		outcome(l, "IPC_RMID", api->ctl(id, 0, IPC_RMID));
		outcome(l, "SETVAL", api->ctl(id, 0, SETVAL, (union semun){ .val = 3 }));
		_exit(0);
	}
	note_child_end(l, "other user", l->child);
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

/* A sleeper on a semaphore of a set removed meanwhile: EIDRM; afterwards EINVAL. */
DIFFERENTIAL_TEST(a_set_removed_under_a_wait_for_zero_is_eidrm)
{
	int id = new_set(api, l, 2);
	pid_t pid;

	EXPECT(l, api->ctl(id, 1, SETVAL, (union semun){ .val = 1 }) == 0);
	pid = START_SEMOP(api, l, id, { 1, 0, 0 });
	wait_for_sleepers(api, l, id, 1, GETZCNT, 1);
	outcome(l, "IPC_RMID", api->ctl(id, 0, IPC_RMID));
	note_child_end(l, "wait for zero", pid);
	outcome(l, "GETZCNT on the removed id", api->ctl(id, 1, GETZCNT));
	if (TT_DS_EFAULT)
		outcome(l, "IPC_STAT on the removed id",
			api->ctl(id, 0, IPC_STAT, (union semun){ .buf = NULL }));
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
	if (TT_DS_EFAULT)
		outcome(l, "SEM_STAT(bad)",
			api->ctl(IDX(id), 0, SEM_STAT, (union semun){ .buf = (void *)16 }));
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
		TT_CASE(semop_checks_nsops_and_copies_before_the_id),
		TT_CASE(semop_checks_efbig_before_eacces),
		TT_CASE(semtimedop_without_waiting_is_semop),
		TT_CASE(semtimedop_times_out_with_eagain),
		TT_CASE(semtimedop_wakes_before_the_timeout),
		TT_CASE(semtimedop_with_a_bad_timeout_is_einval),
		TT_CASE(semtimedop_with_a_bad_timeout_pointer_is_efault),
#ifdef __i386__
		TT_CASE(a_bad_semid_ds_or_timeout_pointer_is_sigsegv_in_a_32_bit_libc_and_in_the_toy),
#endif
		TT_CASE(a_signal_interrupts_semtimedop_with_eintr),
		TT_CASE(removing_the_set_wakes_a_timed_sleeper_with_eidrm),
		TT_CASE(reading_commands_without_read_permission_are_eacces),
		TT_CASE(a_bad_union_pointer_is_efault),
		TT_CASE(setval_checks_its_value_first),
		TT_CASE(ipc_set_and_ipc_rmid_by_a_stranger_are_eperm_whatever_the_mode),
		TT_CASE(a_set_removed_under_a_wait_for_zero_is_eidrm),
		TT_CASE(toy_sets_are_not_linux_sets),
		/* helper msgshm's block */
		TT_CASE(ipc_info_reports_the_limits_and_returns_the_highest_index),
		TT_CASE(sem_info_counts_sets_and_semaphores),
		TT_CASE(sem_stat_takes_an_index_and_returns_the_full_id),
		TT_CASE(sem_stat_needs_read_permission_and_sem_stat_any_does_not),
		{ NULL, NULL },
	};

	return tt_main_time32("sem", cases);
}
