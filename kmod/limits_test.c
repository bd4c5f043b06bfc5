// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for limits.c: which module parameters toyipc accepts, and
 * which value is in force: the IPC namespace's sysctl or an override.
 */
#include <kunit/test.h>
#include <linux/ipc_namespace.h>
#include <linux/slab.h>

#include "toyipc.h"

/* Each test starts from the defaults, whatever the module was loaded with. */
static struct toyipc_limits defaults(void)
{
	return (struct toyipc_limits)TOYIPC_LIMITS_DEFAULT;
}

static void defaults_are_accepted(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), 0);
}

static void too_many_fifos_is_rejected(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	l.nr_fifos = TOYIPC_MAX_FIFOS;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), 0);
	l.nr_fifos = TOYIPC_MAX_FIFOS + 1;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
}

static void pipe_size_must_be_power_of_two(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	l.pipe_size = 3 * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
	l.pipe_size = 4 * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), 0);
}

static void pipe_size_below_a_page_is_rejected(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	l.pipe_size = PAGE_SIZE / 2;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
}

static void pipe_size_above_max_is_rejected(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	l.pipe_size = l.pipe_max_size * 2;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
	l.pipe_max_size = TOYIPC_PIPE_SIZE_CEIL * 2;
	l.pipe_size = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
}

static void zero_msgmax_is_rejected(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	l.msgmax = 0;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
}

static void object_counts_are_capped_at_ipcmni(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	l.msgmni = TOYIPC_IPCMNI;
	l.shmmni = TOYIPC_IPCMNI;
	l.semmni = TOYIPC_IPCMNI;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), 0);
	l.semmni = TOYIPC_IPCMNI + 1;
	KUNIT_EXPECT_EQ(test, toyipc_limits_check(&l), -EINVAL);
}

/* A namespace whose sysctls differ from every default. */
static struct ipc_namespace *fake_ns(struct kunit *test)
{
	struct ipc_namespace *ns = kunit_kzalloc(test, sizeof(*ns), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ns);
	ns->msg_ctlmax = 100;
	ns->msg_ctlmnb = 200;
	ns->msg_ctlmni = 3;
	ns->shm_ctlmax = 4096;
	ns->shm_ctlall = 5;
	ns->shm_ctlmni = 6;
	ns->sem_ctls[0] = 7;
	ns->sem_ctls[1] = 8;
	ns->sem_ctls[2] = 9;
	ns->sem_ctls[3] = 10;
	return ns;
}

static unsigned long in_force(enum toyipc_limit_id id, const struct toyipc_limits *l,
			      const struct ipc_namespace *ns)
{
	return toyipc_limit_in(id, l, TOYIPC_LIMIT_SRC_DEFAULT, ns);
}

static void sysv_limits_are_the_namespace_sysctls(struct kunit *test)
{
	struct toyipc_limits l = defaults();
	struct ipc_namespace *ns = fake_ns(test);

	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_MSGMAX, &l, ns), 100);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_MSGMNB, &l, ns), 200);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_MSGMNI, &l, ns), 3);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SHMMAX, &l, ns), 4096);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SHMALL, &l, ns), 5);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SHMMNI, &l, ns), 6);
	/* kernel.sem is "semmsl semmns semopm semmni" */
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SEMMSL, &l, ns), 7);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SEMMNS, &l, ns), 8);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SEMOPM, &l, ns), 9);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SEMMNI, &l, ns), 10);
}

static void an_override_wins_over_the_sysctl(struct kunit *test)
{
	struct toyipc_limits l = defaults();
	struct ipc_namespace *ns = fake_ns(test);

	l.msgmax = 4000;
	l.shmall = 77;
	KUNIT_EXPECT_EQ(test, toyipc_limit_in(TOYIPC_LIM_MSGMAX, &l, TOYIPC_LIMIT_SRC_PARAM, ns),
			4000);
	KUNIT_EXPECT_EQ(test, toyipc_limit_in(TOYIPC_LIM_SHMALL, &l, TOYIPC_LIMIT_SRC_NETLINK, ns),
			77);
}

static void pipe_limits_have_no_sysctl(struct kunit *test)
{
	struct toyipc_limits l = defaults();
	struct ipc_namespace *ns = fake_ns(test);

	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_PIPE_SIZE, &l, ns), l.pipe_size);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_NR_FIFOS, &l, ns), l.nr_fifos);
}

static void without_a_namespace_the_field_is_in_force(struct kunit *test)
{
	struct toyipc_limits l = defaults();

	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_MSGMAX, &l, NULL), l.msgmax);
}

/*
 * ipc/sem.c compares semmsl and semmns as signed ints and semopm with an
 * unsigned nsops: toyipc_sem_limit_in() keeps a negative kernel.sem field
 * negative, so sem.c can compare the same way; the reported limit
 * (toyipc_limit_in(), an unsigned value) reads as 0.
 */
static void negative_sem_sysctls_stay_negative_for_sem(struct kunit *test)
{
	struct toyipc_limits l = defaults();
	struct ipc_namespace *ns = fake_ns(test);

	ns->sem_ctls[0] = -1;
	ns->sem_ctls[2] = -5;
	KUNIT_EXPECT_EQ(test, toyipc_sem_limit_in(TOYIPC_LIM_SEMMSL, &l,
						  TOYIPC_LIMIT_SRC_DEFAULT, ns), -1);
	KUNIT_EXPECT_EQ(test, toyipc_sem_limit_in(TOYIPC_LIM_SEMOPM, &l,
						  TOYIPC_LIMIT_SRC_DEFAULT, ns), -5);
	KUNIT_EXPECT_EQ(test, in_force(TOYIPC_LIM_SEMMSL, &l, ns), 0);
	/* An override is a validated positive number, whatever the sysctl. */
	KUNIT_EXPECT_EQ(test, toyipc_sem_limit_in(TOYIPC_LIM_SEMOPM, &l,
						  TOYIPC_LIMIT_SRC_PARAM, ns), (int)l.semopm);
}

static struct kunit_case toyipc_limits_cases[] = {
	KUNIT_CASE(defaults_are_accepted),
	KUNIT_CASE(too_many_fifos_is_rejected),
	KUNIT_CASE(pipe_size_must_be_power_of_two),
	KUNIT_CASE(pipe_size_below_a_page_is_rejected),
	KUNIT_CASE(pipe_size_above_max_is_rejected),
	KUNIT_CASE(zero_msgmax_is_rejected),
	KUNIT_CASE(object_counts_are_capped_at_ipcmni),
	KUNIT_CASE(sysv_limits_are_the_namespace_sysctls),
	KUNIT_CASE(an_override_wins_over_the_sysctl),
	KUNIT_CASE(pipe_limits_have_no_sysctl),
	KUNIT_CASE(without_a_namespace_the_field_is_in_force),
	KUNIT_CASE(negative_sem_sysctls_stay_negative_for_sem),
	{}
};

static struct kunit_suite toyipc_limits_suite = {
	.name = "toyipc_limits",
	.test_cases = toyipc_limits_cases,
};

kunit_test_suite(toyipc_limits_suite);
