// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for limits.c: which module parameters toyipc accepts.
 */
#include <kunit/test.h>

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

static struct kunit_case toyipc_limits_cases[] = {
	KUNIT_CASE(defaults_are_accepted),
	KUNIT_CASE(too_many_fifos_is_rejected),
	KUNIT_CASE(pipe_size_must_be_power_of_two),
	KUNIT_CASE(pipe_size_below_a_page_is_rejected),
	KUNIT_CASE(pipe_size_above_max_is_rejected),
	KUNIT_CASE(zero_msgmax_is_rejected),
	KUNIT_CASE(object_counts_are_capped_at_ipcmni),
	{}
};

static struct kunit_suite toyipc_limits_suite = {
	.name = "toyipc_limits",
	.test_cases = toyipc_limits_cases,
};

kunit_test_suite(toyipc_limits_suite);
