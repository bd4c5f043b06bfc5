// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for sem.c's toyipc_sem_apply(): how one semop() changes a
 * set's values, all or nothing, and its SEM_UNDO adjustments; and for
 * toyipc_sem_undo_value(): what exit leaves of a value.
 */
#include <kunit/test.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sem.h>

#include "toyipc.h"

/* Who asks: the test thread's group, which outlives the test. */
#define PID task_tgid(current)

/* One semop() of @n operations @sops on the test's sems[], with @semadj. */
#define APPLY(sops, n, semadj)						\
	toyipc_sem_apply(sems, ARRAY_SIZE(sems), sops, n, semadj, PID, &blocking)

/* Drop the pid references the test's sems[] took, as sem_free() does. */
#define RELEASE()							\
	do {								\
		for (size_t i_ = 0; i_ < ARRAY_SIZE(sems); i_++)	\
			put_pid(sems[i_].sempid);			\
	} while (0)

static void increments_and_decrements_add_up(struct kunit *test)
{
	struct toyipc_sem sems[2] = { { .semval = 1 }, { .semval = 0 } };
	struct sembuf sops[] = { { 0, -1, 0 }, { 1, 3, 0 } };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 2, NULL), 0);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 0);
	KUNIT_EXPECT_EQ(test, sems[1].semval, 3);
	KUNIT_EXPECT_PTR_EQ(test, sems[0].sempid, PID);
	KUNIT_EXPECT_PTR_EQ(test, sems[1].sempid, PID);
	RELEASE();
}

/* sempid holds one reference however often the same process is recorded. */
static void the_pid_is_referenced_once_per_semaphore(struct kunit *test)
{
	struct toyipc_sem sems[1] = { { .semval = 0 } };
	struct sembuf up[] = { { 0, 1, 0 } };
	unsigned int before = refcount_read(&PID->count), blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(up, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, APPLY(up, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&PID->count), before + 1);
	RELEASE();
	KUNIT_EXPECT_EQ(test, refcount_read(&PID->count), before);
}

static void a_blocked_operation_changes_nothing(struct kunit *test)
{
	struct toyipc_sem sems[2] = { { .semval = 5 }, { .semval = 0 } };
	struct sembuf sops[] = { { 0, -2, 0 }, { 1, -1, 0 } };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 2, NULL), 1);
	KUNIT_EXPECT_EQ(test, blocking, 1U);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 5);
	KUNIT_EXPECT_EQ(test, sems[1].semval, 0);
	KUNIT_EXPECT_PTR_EQ(test, sems[0].sempid, NULL);
	RELEASE();
}

static void ipc_nowait_on_the_blocking_operation_is_eagain(struct kunit *test)
{
	struct toyipc_sem sems[1] = { { .semval = 0 } };
	struct sembuf sops[] = { { 0, -1, IPC_NOWAIT } };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 1, NULL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, blocking, 0U);
}

static void wait_for_zero_blocks_on_a_nonzero_value(struct kunit *test)
{
	struct toyipc_sem sems[1] = { { .semval = 1 } };
	struct sembuf sops[] = { { 0, 0, 0 } };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 1, NULL), 1);
	sems[0].semval = 0;
	KUNIT_EXPECT_EQ(test, APPLY(sops, 1, NULL), 0);
	RELEASE();
}

/* Operations on one semaphore apply in order: the second sees the first's result. */
static void repeated_semaphore_sees_earlier_operations(struct kunit *test)
{
	struct toyipc_sem sems[1] = { { .semval = 1 } };
	struct sembuf twice[] = { { 0, -1, 0 }, { 0, -1, 0 } };
	struct sembuf up_then_down[] = { { 0, 1, 0 }, { 0, -2, 0 } };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(twice, 2, NULL), 1);
	KUNIT_EXPECT_EQ(test, blocking, 1U);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 1);
	KUNIT_EXPECT_EQ(test, APPLY(up_then_down, 2, NULL), 0);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 0);
	RELEASE();
}

static void passing_semvmx_is_erange_and_changes_nothing(struct kunit *test)
{
	struct toyipc_sem sems[2] = { { .semval = 0 }, { .semval = SEMVMX } };
	struct sembuf sops[] = { { 0, 1, 0 }, { 1, 1, 0 } };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 2, NULL), -ERANGE);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 0);
	KUNIT_EXPECT_EQ(test, sems[1].semval, SEMVMX);
}

/* SEM_UNDO: the adjustment takes the opposite of each operation that has it. */
static void sem_undo_records_the_opposite(struct kunit *test)
{
	struct toyipc_sem sems[2] = { { .semval = 3 }, { .semval = 0 } };
	struct sembuf sops[] = { { 0, -2, SEM_UNDO }, { 1, 5, SEM_UNDO }, { 1, 1, 0 } };
	short semadj[2] = { 0, 0 };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 3, semadj), 0);
	KUNIT_EXPECT_EQ(test, semadj[0], 2);
	KUNIT_EXPECT_EQ(test, semadj[1], -5);
	KUNIT_EXPECT_EQ(test, sems[1].semval, 6);
	RELEASE();
}

/* A semop that blocks or fails leaves the adjustments as they were. */
static void a_failed_semop_leaves_the_adjustments(struct kunit *test)
{
	struct toyipc_sem sems[2] = { { .semval = 1 }, { .semval = 0 } };
	struct sembuf sops[] = { { 0, -1, SEM_UNDO }, { 1, -1, SEM_UNDO } };
	short semadj[2] = { 7, -7 };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(sops, 2, semadj), 1);
	KUNIT_EXPECT_EQ(test, semadj[0], 7);
	KUNIT_EXPECT_EQ(test, semadj[1], -7);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 1);
}

/* The adjustment must stay within -(SEMAEM + 1)..SEMAEM, else ERANGE. */
static void an_adjustment_past_semaem_is_erange(struct kunit *test)
{
	struct toyipc_sem sems[1] = { { .semval = 0 } };
	struct sembuf up[] = { { 0, 1, SEM_UNDO } };
	struct sembuf down[] = { { 0, -1, SEM_UNDO } };
	short semadj[1] = { -SEMAEM - 1 };
	unsigned int blocking = 99;

	KUNIT_EXPECT_EQ(test, APPLY(up, 1, semadj), -ERANGE);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 0);
	KUNIT_EXPECT_EQ(test, semadj[0], -SEMAEM - 1);
	sems[0].semval = 1;
	semadj[0] = SEMAEM;
	KUNIT_EXPECT_EQ(test, APPLY(down, 1, semadj), -ERANGE);
	KUNIT_EXPECT_EQ(test, sems[0].semval, 1);
	semadj[0] = SEMAEM - 1;
	KUNIT_EXPECT_EQ(test, APPLY(down, 1, semadj), 0);
	KUNIT_EXPECT_EQ(test, semadj[0], SEMAEM);
	RELEASE();
}

/* exit_sem(): value plus adjustment, clamped at 0 and at SEMVMX. */
static void exit_adds_the_adjustment_clamped(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_sem_undo_value(5, -2), 3);
	KUNIT_EXPECT_EQ(test, toyipc_sem_undo_value(1, 1), 2);
	KUNIT_EXPECT_EQ(test, toyipc_sem_undo_value(1, -3), 0);
	KUNIT_EXPECT_EQ(test, toyipc_sem_undo_value(0, -SEMAEM - 1), 0);
	KUNIT_EXPECT_EQ(test, toyipc_sem_undo_value(SEMVMX - 1, 2), SEMVMX);
	KUNIT_EXPECT_EQ(test, toyipc_sem_undo_value(SEMVMX, SEMAEM), SEMVMX);
}

static struct kunit_case toyipc_sem_cases[] = {
	KUNIT_CASE(increments_and_decrements_add_up),
	KUNIT_CASE(the_pid_is_referenced_once_per_semaphore),
	KUNIT_CASE(a_blocked_operation_changes_nothing),
	KUNIT_CASE(ipc_nowait_on_the_blocking_operation_is_eagain),
	KUNIT_CASE(wait_for_zero_blocks_on_a_nonzero_value),
	KUNIT_CASE(repeated_semaphore_sees_earlier_operations),
	KUNIT_CASE(passing_semvmx_is_erange_and_changes_nothing),
	KUNIT_CASE(sem_undo_records_the_opposite),
	KUNIT_CASE(a_failed_semop_leaves_the_adjustments),
	KUNIT_CASE(an_adjustment_past_semaem_is_erange),
	KUNIT_CASE(exit_adds_the_adjustment_clamped),
	{}
};

static struct kunit_suite toyipc_sem_suite = {
	.name = "toyipc_sem",
	.test_cases = toyipc_sem_cases,
};

kunit_test_suite(toyipc_sem_suite);

/*
 * The struct seminfo of IPC_INFO and SEM_INFO (toyipc_sem_fill_info()),
 * as semctl_info() fills it: a suite of its own.
 */
static void ipc_info_reports_the_limits_and_the_constants(struct kunit *test)
{
	struct seminfo info;

	memset(&info, 0x5a, sizeof(info));
	toyipc_sem_fill_info(&info, IPC_INFO, 3, 30);
	KUNIT_EXPECT_EQ(test, info.semmni, (int)toyipc_limit(TOYIPC_LIM_SEMMNI));
	KUNIT_EXPECT_EQ(test, info.semmns, toyipc_sem_limit(TOYIPC_LIM_SEMMNS));
	KUNIT_EXPECT_EQ(test, info.semmsl, toyipc_sem_limit(TOYIPC_LIM_SEMMSL));
	KUNIT_EXPECT_EQ(test, info.semopm, toyipc_sem_limit(TOYIPC_LIM_SEMOPM));
	KUNIT_EXPECT_EQ(test, info.semvmx, SEMVMX);
	KUNIT_EXPECT_EQ(test, info.semmnu, SEMMNU);
	KUNIT_EXPECT_EQ(test, info.semmap, SEMMAP);
	KUNIT_EXPECT_EQ(test, info.semume, SEMUME);
	KUNIT_EXPECT_EQ(test, info.semusz, SEMUSZ);
	KUNIT_EXPECT_EQ(test, info.semaem, SEMAEM);
}

static void sem_info_reports_sets_and_semaphores_in_use(struct kunit *test)
{
	struct seminfo info;

	toyipc_sem_fill_info(&info, SEM_INFO, 3, 30);
	KUNIT_EXPECT_EQ(test, info.semusz, 3);
	KUNIT_EXPECT_EQ(test, info.semaem, 30);
	KUNIT_EXPECT_EQ(test, info.semvmx, SEMVMX);
}

static struct kunit_case toyipc_sem_info_cases[] = {
	KUNIT_CASE(ipc_info_reports_the_limits_and_the_constants),
	KUNIT_CASE(sem_info_reports_sets_and_semaphores_in_use),
	{}
};

static struct kunit_suite toyipc_sem_info_suite = {
	.name = "toyipc_sem_info",
	.test_cases = toyipc_sem_info_cases,
};

kunit_test_suite(toyipc_sem_info_suite);
