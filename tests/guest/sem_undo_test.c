// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of SEM_UNDO in kmod/sem.c: adjustments recorded by semop() and
 * semtimedop(), applied when the process's last thread exits, clamped at 0
 * and SEMVMX; shared by threads, not passed on by fork(), kept by
 * execve(), cleared by SETVAL and SETALL, dropped by IPC_RMID.
 *
 * Differential, as sem_test.c: each scenario runs over Linux and over the
 * toy and the transcripts must match.  A "worker" is a child process that
 * does what the scenario says and then waits on a pipe, so that the
 * scenario can look at the set while the worker is still alive, then let it
 * exit (or kill it) and look again.
 */
#include <pthread.h>
#include <sched.h>

#include "sem_api.h"

/* Run by execve() in execve_keeps_the_adjustments: "getval real|toy ID". */
#define GETVAL_ARG "getval"

/* A worker: a child that runs FN(api, id), reports, then waits for go or a kill. */
struct worker {
	pid_t pid;
	int go;		/* write end: a byte lets it exit */
};

/*
 * start_worker - fork a child that calls @fn, writes a byte to say it is
 * done and exits when the scenario says so (finish_worker) or is killed.
 */
static struct worker start_worker(const struct sem_api *api, struct log *l, int id,
				  void (*fn)(const struct sem_api *, struct log *, int))
{
	int done[2], go[2];
	struct worker w;
	char c;

	if (pipe(done) || pipe(go))
		TT_FAIL("pipe: %s", strerror(errno));
	w.pid = fork_child(l);
	if (w.pid == 0) {
		close(done[0]);
		close(go[1]);
		fn(api, l, id);
		if (write(done[1], "x", 1) != 1)
			_exit(1);
		_exit(read(go[0], &c, 1) == 1 ? 0 : 2);
	}
	close(done[1]);
	close(go[0]);
	if (read(done[0], &c, 1) != 1)
		TT_FAIL("%s: the worker died before it was done", l->api);
	close(done[0]);
	w.go = go[1];
	return w;
}

/* Let the worker exit and note how it ended. */
static void finish_worker(struct log *l, struct worker *w)
{
	if (write(w->go, "x", 1) != 1)
		TT_FAIL("write: %s", strerror(errno));
	close(w->go);
	note_child_end(l, "worker", w->pid);
}

static void kill_worker(struct log *l, struct worker *w)
{
	if (kill(w->pid, SIGKILL))
		TT_FAIL("kill: %s", strerror(errno));
	close(w->go);
	note_child_end(l, "worker", w->pid);
}

/* --- what workers do */

static void up_with_undo(const struct sem_api *api, struct log *l, int id)
{
	outcome(l, "worker: +1 on 0 with SEM_UNDO", SEMOP(api, id, { 0, 1, SEM_UNDO }));
	outcome(l, "worker: GETVAL", api->ctl(id, 0, GETVAL));
}

static void down_with_undo(const struct sem_api *api, struct log *l, int id)
{
	outcome(l, "worker: P on 0 with SEM_UNDO", SEMOP(api, id, { 0, -1, SEM_UNDO }));
}

static void mixed_ops(const struct sem_api *api, struct log *l, int id)
{
	struct timespec t = { 1, 0 };

	outcome(l, "worker: +3 on 0, -1 on 1, with SEM_UNDO",
		SEMOP(api, id, { 0, 3, SEM_UNDO }, { 1, -1, SEM_UNDO }));
	outcome(l, "worker: +2 on 0 without", SEMOP(api, id, { 0, 2, 0 }));
	outcome(l, "worker: -1 on 0 with, semtimedop",
		api->timedop(id, SOPS({ 0, -1, SEM_UNDO }), 1, &t));
	outcome(l, "worker: zero on 2 with SEM_UNDO", SEMOP(api, id, { 2, 0, SEM_UNDO }));
}

/* --- the scenarios */

/* exit_sem(): every adjustment is added back; sempid and otime change too. */
DIFFERENTIAL_TEST(adjustments_are_applied_when_the_process_exits)
{
	int id = new_set(api, l, 3);
	struct worker w;

	set_values(api, l, id, (unsigned short[]){ 1, 4, 0 });
	w = start_worker(api, l, id, mixed_ops);
	note_values(api, l, id, 3);
	finish_worker(l, &w);
	note_values(api, l, id, 3);
	note(l, "GETPID of 0 %s, of 2 %s", who(l, api->ctl(id, 0, GETPID)),
	     who(l, api->ctl(id, 2, GETPID)));
	note_stat(api, l, id);
	remove_set(api, id);
}

/* The lesson of lab-race: a holder killed inside P/V does not keep the lock. */
DIFFERENTIAL_TEST(a_killed_holder_releases_the_semaphore)
{
	int id = new_set(api, l, 1);
	struct worker w;

	EXPECT(l, api->ctl(id, 0, SETVAL, (union semun){ .val = 1 }) == 0);
	w = start_worker(api, l, id, down_with_undo);
	outcome(l, "P by another, IPC_NOWAIT", SEMOP(api, id, { 0, -1, IPC_NOWAIT }));
	EXPECT(l, errno == EAGAIN);
	kill_worker(l, &w);
	outcome(l, "GETVAL after the kill", api->ctl(id, 0, GETVAL));
	outcome(l, "P by another", SEMOP(api, id, { 0, -1, IPC_NOWAIT }));
	remove_set(api, id);
}

/* The undo of an exit is a change like any other: it lets sleepers through. */
DIFFERENTIAL_TEST(an_exit_wakes_the_sleepers_its_undo_lets_through)
{
	int id = new_set(api, l, 1);
	struct worker w;
	pid_t sleeper;

	EXPECT(l, api->ctl(id, 0, SETVAL, (union semun){ .val = 1 }) == 0);
	w = start_worker(api, l, id, down_with_undo);
	sleeper = START_SEMOP(api, l, id, { 0, -1, 0 });
	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	kill_worker(l, &w);
	note_child_end(l, "sleeper", sleeper);
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

/* A sleeper's operation applied by its waker records the sleeper's adjustment. */
DIFFERENTIAL_TEST(a_woken_sleeper_records_its_adjustment)
{
	int id = new_set(api, l, 1);
	pid_t pid = START_SEMOP(api, l, id, { 0, -2, SEM_UNDO });

	wait_for_sleepers(api, l, id, 0, GETNCNT, 1);
	outcome(l, "+5", SEMOP(api, id, { 0, 5, 0 }));
	note_child_end(l, "P(2) with SEM_UNDO", pid);
	outcome(l, "GETVAL after its exit", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

static void up_then_others_take(const struct sem_api *api, struct log *l, int id)
{
	outcome(l, "worker: +2 on 0 with SEM_UNDO", SEMOP(api, id, { 0, 2, SEM_UNDO }));
	outcome(l, "worker: -1 on 1 with SEM_UNDO", SEMOP(api, id, { 1, -1, SEM_UNDO }));
}

/* Linux clamps: the value cannot go below 0 nor above SEMVMX at exit. */
DIFFERENTIAL_TEST(the_undo_is_clamped_at_zero_and_semvmx)
{
	int id = new_set(api, l, 2);
	struct worker w;

	set_values(api, l, id, (unsigned short[]){ 0, 1 });
	w = start_worker(api, l, id, up_then_others_take);
	outcome(l, "-2 on 0, +32767 on 1, no undo", SEMOP(api, id, { 0, -2, 0 }, { 1, 32767, 0 }));
	note_values(api, l, id, 2);
	finish_worker(l, &w);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

static void fill_the_adjustment(const struct sem_api *api, struct log *l, int id)
{
	outcome(l, "worker: +32767 with SEM_UNDO", SEMOP(api, id, { 0, 32767, SEM_UNDO }));
	outcome(l, "worker: -32767 without", SEMOP(api, id, { 0, -32767, 0 }));
	outcome(l, "worker: +1 with SEM_UNDO (adjustment -32768)", SEMOP(api, id, { 0, 1, SEM_UNDO }));
	outcome(l, "worker: -1 without", SEMOP(api, id, { 0, -1, 0 }));
	outcome(l, "worker: +1 with SEM_UNDO (adjustment -32769)", SEMOP(api, id, { 0, 1, SEM_UNDO }));
	outcome(l, "worker: GETVAL", api->ctl(id, 0, GETVAL));
}

/* The adjustment itself has a range, -(SEMAEM + 1)..SEMAEM: past it, ERANGE. */
DIFFERENTIAL_TEST(an_adjustment_past_its_range_is_erange)
{
	int id = new_set(api, l, 1);
	struct worker w = start_worker(api, l, id, fill_the_adjustment);

	finish_worker(l, &w);
	outcome(l, "GETVAL", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

/* SETVAL clears that semaphore's adjustments in every process, SETALL all of them. */
DIFFERENTIAL_TEST(setval_and_setall_clear_the_adjustments)
{
	int id = new_set(api, l, 2);
	struct worker w;

	set_values(api, l, id, (unsigned short[]){ 0, 1 });
	w = start_worker(api, l, id, up_then_others_take);
	outcome(l, "SETVAL 0 to 5", api->ctl(id, 0, SETVAL, (union semun){ .val = 5 }));
	finish_worker(l, &w);
	note_values(api, l, id, 2);
	w = start_worker(api, l, id, up_then_others_take);
	set_values(api, l, id, (unsigned short[]){ 7, 8 });
	finish_worker(l, &w);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

/* IPC_RMID drops the adjustments with the set; the exit then changes nothing. */
DIFFERENTIAL_TEST(ipc_rmid_drops_the_adjustments)
{
	int id = new_set(api, l, 1), other;
	struct worker w = start_worker(api, l, id, up_with_undo);

	remove_set(api, id);
	other = new_set(api, l, 1);
	EXPECT(l, api->ctl(other, 0, SETVAL, (union semun){ .val = 3 }) == 0);
	finish_worker(l, &w);
	outcome(l, "GETVAL of another set", api->ctl(other, 0, GETVAL));
	outcome(l, "GETVAL of the removed set", api->ctl(id, 0, GETVAL));
	remove_set(api, other);
}

static void up_then_fork(const struct sem_api *api, struct log *l, int id)
{
	pid_t pid;
	int status;

	outcome(l, "worker: +1 with SEM_UNDO", SEMOP(api, id, { 0, 1, SEM_UNDO }));
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		TT_FAIL("fork: %s", strerror(errno));
	outcome(l, "worker: GETVAL after its child exited", api->ctl(id, 0, GETVAL));
}

/* fork(): the child starts with no adjustments; its exit undoes nothing. */
DIFFERENTIAL_TEST(fork_does_not_pass_the_adjustments_on)
{
	int id = new_set(api, l, 1);
	struct worker w = start_worker(api, l, id, up_then_fork);

	finish_worker(l, &w);
	outcome(l, "GETVAL after the worker exited", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

static void up_then_exec(const struct sem_api *api, struct log *l, int id)
{
	char ids[16];

	outcome(l, "worker: +1 with SEM_UNDO", SEMOP(api, id, { 0, 1, SEM_UNDO }));
	snprintf(ids, sizeof(ids), "%d", id);
	fflush(stdout);
	execl("/proc/self/exe", "sem_undo_test", GETVAL_ARG, api->name, ids, (char *)NULL);
	TT_FAIL("execl: %s", strerror(errno));
}

/* execve(): the new program keeps the adjustments; they apply at its exit. */
DIFFERENTIAL_TEST(execve_keeps_the_adjustments)
{
	int id = new_set(api, l, 1);
	pid_t pid = fork_child(l);

	int status;

	if (pid == 0)
		up_then_exec(api, l, id);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		TT_FAIL("%s: the worker did not exit", l->api);
	note(l, "GETVAL in the program execve() started: %d", WEXITSTATUS(status));
	outcome(l, "GETVAL after it exited", api->ctl(id, 0, GETVAL));
	remove_set(api, id);
}

/* The program execve() starts: exit with GETVAL of semaphore 0 (0 if gone). */
static int getval_and_exit(const char *name, const char *ids)
{
	const struct sem_api *api = strcmp(name, "toy") ? &real_api : &toy_api;
	int val = api->ctl(atoi(ids), 0, GETVAL);

	return val < 0 ? 100 : val;
}

struct thread_arg {
	const struct sem_api *api;
	struct log *l;
	int id;
};

static void *thread_up(void *p)
{
	struct thread_arg *a = p;

	outcome(a->l, "thread: +1 on 0 with SEM_UNDO", SEMOP(a->api, a->id, { 0, 1, SEM_UNDO }));
	return NULL;
}

static void threads_share_undo(const struct sem_api *api, struct log *l, int id)
{
	struct thread_arg a = { api, l, id };
	pthread_t t;

	if (pthread_create(&t, NULL, thread_up, &a) || pthread_join(t, NULL))
		TT_FAIL("pthread: %s", strerror(errno));
	outcome(l, "worker: GETVAL after the thread ended", api->ctl(id, 0, GETVAL));
	outcome(l, "worker: -1 on 0 with SEM_UNDO", SEMOP(api, id, { 0, -1, SEM_UNDO }));
	outcome(l, "worker: +1 on 1 with SEM_UNDO", SEMOP(api, id, { 1, 1, SEM_UNDO }));
}

/*
 * Threads share one undo list (CLONE_SYSVSEM, which pthreads use): a
 * thread's exit applies nothing, the process's exit applies the sum.
 */
DIFFERENTIAL_TEST(threads_share_the_adjustments_until_the_last_exits)
{
	int id = new_set(api, l, 2);
	struct worker w = start_worker(api, l, id, threads_share_undo);

	note_values(api, l, id, 2);
	finish_worker(l, &w);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

static void *thread_up_and_exit_group(void *p)
{
	struct thread_arg *a = p;

	outcome(a->l, "thread: +1 on 0 with SEM_UNDO", SEMOP(a->api, a->id, { 0, 1, SEM_UNDO }));
	outcome(a->l, "thread: +1 on 1 with SEM_UNDO", SEMOP(a->api, a->id, { 1, 1, SEM_UNDO }));
	fflush(stdout);
	_exit(0);	/* exit_group(): the main thread goes too */
}

/* A thread that ends the whole process (exit_group) applies the group's undo. */
DIFFERENTIAL_TEST(exit_group_from_a_thread_applies_the_undo)
{
	int id = new_set(api, l, 2);
	pid_t pid = fork_child(l);

	if (pid == 0) {
		struct thread_arg a = { api, l, id };
		pthread_t t;

		outcome(l, "main: +2 on 1 with SEM_UNDO", SEMOP(api, id, { 1, 2, SEM_UNDO }));
		if (pthread_create(&t, NULL, thread_up_and_exit_group, &a))
			_exit(3);
		for (;;)
			pause();
	}
	note_child_end(l, "worker", pid);
	note_values(api, l, id, 2);
	remove_set(api, id);
}

/*
 * The one deliberate difference (docs/en/sem.md): Linux applies a task's
 * undo list at unshare(CLONE_SYSVSEM) ("equivalent to sys_exit()"); the toy,
 * which keys adjustments by thread group, sees no unshare and applies them
 * at the exit.
 */
static void unshare_clone_sysvsem_applies_the_undo_at_once_on_linux_only(void)
{
	struct sembuf up = { 0, 1, SEM_UNDO };
	int real = semget(IPC_PRIVATE, 1, 0600);
	int toy = toy_semget(IPC_PRIVATE, 1, 0600);
	int status;
	pid_t pid;

	TT_ASSERT(real >= 0 && toy >= 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		if (semop(real, &up, 1) || toy_semop(toy, &up, 1) || unshare(CLONE_SYSVSEM))
			_exit(1);
		_exit(semctl(real, 0, GETVAL) == 0 && toy_semctl(toy, 0, GETVAL) == 1 ? 0 : 2);
	}
	TT_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	TT_ASSERT(WEXITSTATUS(status) == 0);
	TT_ASSERT(semctl(real, 0, GETVAL) == 0 && toy_semctl(toy, 0, GETVAL) == 0);
	TT_ASSERT(semctl(real, 0, IPC_RMID) == 0 && toy_semctl(toy, 0, IPC_RMID) == 0);
}

int main(int argc, char **argv)
{
	static const struct tt_case cases[] = {
		TT_CASE(adjustments_are_applied_when_the_process_exits),
		TT_CASE(a_killed_holder_releases_the_semaphore),
		TT_CASE(an_exit_wakes_the_sleepers_its_undo_lets_through),
		TT_CASE(a_woken_sleeper_records_its_adjustment),
		TT_CASE(the_undo_is_clamped_at_zero_and_semvmx),
		TT_CASE(an_adjustment_past_its_range_is_erange),
		TT_CASE(setval_and_setall_clear_the_adjustments),
		TT_CASE(ipc_rmid_drops_the_adjustments),
		TT_CASE(fork_does_not_pass_the_adjustments_on),
		TT_CASE(execve_keeps_the_adjustments),
		TT_CASE(threads_share_the_adjustments_until_the_last_exits),
		TT_CASE(exit_group_from_a_thread_applies_the_undo),
		TT_CASE(unshare_clone_sysvsem_applies_the_undo_at_once_on_linux_only),
		{ NULL, NULL },
	};

	if (argc == 4 && !strcmp(argv[1], GETVAL_ARG))
		return getval_and_exit(argv[2], argv[3]);
	return tt_main_time32("sem_undo", cases);
}
