// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for compat32.c: the 32-bit IPC_STAT structs that
 * toyipc_compat_fill_ds() makes from the native ones, field by field as
 * Linux's copy_compat_*id_to_user() make them.
 */
#include <kunit/test.h>
#include <linux/compat.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <uapi/linux/shm.h>

#include <linux/toyipc.h>
#include "toyipc.h"

/* A time past 2038 and past 2^32 seconds: both halves matter. */
#define LATE_TIME	0x123456789LL

static void perm_fields_are_copied_and_the_padding_zeroed(struct kunit *test)
{
	union toyipc_compat_ds v;
	struct msqid64_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.msg_perm.key = 42;
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 1001;
	ds.msg_perm.cuid = 1002;
	ds.msg_perm.cgid = 1003;
	ds.msg_perm.mode = 0640;
	ds.msg_perm.seq = 7;
	memset(&v, 0x5a, sizeof(v));
	KUNIT_EXPECT_EQ(test, toyipc_compat_fill_ds(TOYIPC_KIND_MSG, &v, &ds),
			sizeof(struct compat_msqid64_ds));
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.key, 42);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.uid, 1000U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.gid, 1001U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.cuid, 1002U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.cgid, 1003U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.mode, 0640);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.seq, 7);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.__pad1[0], 0);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.__pad2, 0);
	KUNIT_EXPECT_EQ(test, v.msg.msg_perm.unused1, 0U);
	KUNIT_EXPECT_EQ(test, v.msg.__unused4, 0U);
}

static void msg_times_are_split_into_low_and_high_halves(struct kunit *test)
{
	union toyipc_compat_ds v;
	struct msqid64_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.msg_stime = LATE_TIME;
	ds.msg_rtime = 5;
	ds.msg_qbytes = 16384;
	ds.msg_lspid = 99;
	toyipc_compat_fill_ds(TOYIPC_KIND_MSG, &v, &ds);
	KUNIT_EXPECT_EQ(test, v.msg.msg_stime, 0x23456789U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_stime_high, 1U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_rtime, 5U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_rtime_high, 0U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_qbytes, 16384U);
	KUNIT_EXPECT_EQ(test, v.msg.msg_lspid, 99);
}

/* compat_size_t: a 32-bit caller sees the low half of a larger segment's size. */
static void shm_segsz_and_nattch_are_cut_to_32_bits(struct kunit *test)
{
	union toyipc_compat_ds v;
	struct shmid64_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.shm_segsz = 0x100001000UL;
	ds.shm_nattch = 3;
	ds.shm_ctime = LATE_TIME;
	KUNIT_EXPECT_EQ(test, toyipc_compat_fill_ds(TOYIPC_KIND_SHM, &v, &ds),
			sizeof(struct compat_shmid64_ds));
	KUNIT_EXPECT_EQ(test, v.shm.shm_segsz, 0x1000U);
	KUNIT_EXPECT_EQ(test, v.shm.shm_nattch, 3U);
	KUNIT_EXPECT_EQ(test, v.shm.shm_ctime_high, 1U);
}

static void sem_nsems_and_times_are_copied(struct kunit *test)
{
	union toyipc_compat_ds v;
	struct semid64_ds ds;

	memset(&ds, 0, sizeof(ds));
	ds.sem_nsems = 4;
	ds.sem_otime = LATE_TIME;
	KUNIT_EXPECT_EQ(test, toyipc_compat_fill_ds(TOYIPC_KIND_SEM, &v, &ds),
			sizeof(struct compat_semid64_ds));
	KUNIT_EXPECT_EQ(test, v.sem.sem_nsems, 4U);
	KUNIT_EXPECT_EQ(test, v.sem.sem_otime, 0x23456789U);
	KUNIT_EXPECT_EQ(test, v.sem.sem_otime_high, 1U);
	KUNIT_EXPECT_EQ(test, v.sem.sem_ctime, 0U);
}

static void an_unknown_kind_fills_nothing(struct kunit *test)
{
	union toyipc_compat_ds v;
	struct semid64_ds ds = { 0 };

	KUNIT_EXPECT_EQ(test, toyipc_compat_fill_ds(TOYIPC_KIND_PIPE, &v, &ds), 0UL);
}

static struct kunit_case toyipc_compat32_cases[] = {
	KUNIT_CASE(perm_fields_are_copied_and_the_padding_zeroed),
	KUNIT_CASE(msg_times_are_split_into_low_and_high_halves),
	KUNIT_CASE(shm_segsz_and_nattch_are_cut_to_32_bits),
	KUNIT_CASE(sem_nsems_and_times_are_copied),
	KUNIT_CASE(an_unknown_kind_fills_nothing),
	{}
};

static struct kunit_suite toyipc_compat32_suite = {
	.name = "toyipc_compat32",
	.test_cases = toyipc_compat32_cases,
};

kunit_test_suite(toyipc_compat32_suite);
