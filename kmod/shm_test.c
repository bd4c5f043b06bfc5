// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for shm.c: what IPC_INFO reports (toyipc_shm_fill_ipc_info()),
 * field by field as shmctl_ipc_info() fills struct shminfo64.
 */
#include <kunit/test.h>
#include <linux/shm.h>
#include <uapi/linux/shm.h>

#include "toyipc.h"

static void ipc_info_reports_the_limits_and_shmmin(struct kunit *test)
{
	struct shminfo64 info;

	memset(&info, 0x5a, sizeof(info));
	toyipc_shm_fill_ipc_info(&info);
	KUNIT_EXPECT_EQ(test, info.shmmax, toyipc_limit(TOYIPC_LIM_SHMMAX));
	KUNIT_EXPECT_EQ(test, info.shmall, toyipc_limit(TOYIPC_LIM_SHMALL));
	KUNIT_EXPECT_EQ(test, info.shmmni, toyipc_limit(TOYIPC_LIM_SHMMNI));
	KUNIT_EXPECT_EQ(test, info.shmmin, 1UL);
}

/* Linux reports shmmni as the per-process limit too, which it never enforces. */
static void ipc_info_reports_shmmni_as_shmseg(struct kunit *test)
{
	struct shminfo64 info;

	toyipc_shm_fill_ipc_info(&info);
	KUNIT_EXPECT_EQ(test, info.shmseg, info.shmmni);
}

/* No stale bytes: the unused fields are zero, as memset() makes them in Linux. */
static void ipc_info_zeroes_the_unused_fields(struct kunit *test)
{
	struct shminfo64 info;

	memset(&info, 0x5a, sizeof(info));
	toyipc_shm_fill_ipc_info(&info);
	KUNIT_EXPECT_EQ(test, info.__unused1, 0UL);
	KUNIT_EXPECT_EQ(test, info.__unused2, 0UL);
	KUNIT_EXPECT_EQ(test, info.__unused3, 0UL);
	KUNIT_EXPECT_EQ(test, info.__unused4, 0UL);
}

static struct kunit_case toyipc_shm_cases[] = {
	KUNIT_CASE(ipc_info_reports_the_limits_and_shmmin),
	KUNIT_CASE(ipc_info_reports_shmmni_as_shmseg),
	KUNIT_CASE(ipc_info_zeroes_the_unused_fields),
	{}
};

static struct kunit_suite toyipc_shm_suite = {
	.name = "toyipc_shm",
	.test_cases = toyipc_shm_cases,
};

kunit_test_suite(toyipc_shm_suite);
