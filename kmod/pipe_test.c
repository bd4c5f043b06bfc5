// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for pipe.c's ring arithmetic: fill, room and the split of a
 * copy at the end of the buffer, across the wrap of the 32-bit counters;
 * when a write may copy; how F_SETPIPE_SZ rounds.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/mm.h>

#include "toyipc.h"

#define SIZE	65536U

static void empty_ring_has_no_fill_and_full_room(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_ring_fill(0, 0), 0U);
	KUNIT_EXPECT_EQ(test, toyipc_ring_room(0, 0, SIZE), SIZE);
	KUNIT_EXPECT_EQ(test, toyipc_ring_fill(12345, 12345), 0U);
}

static void full_ring_has_no_room(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_ring_fill(SIZE + 7, 7), SIZE);
	KUNIT_EXPECT_EQ(test, toyipc_ring_room(SIZE + 7, 7, SIZE), 0U);
}

static void fill_is_right_after_head_wraps(struct kunit *test)
{
	unsigned int tail = UINT_MAX - 9;	/* 10 bytes before the wrap */
	unsigned int head = tail + 100;		/* wrapped: head == 90 */

	KUNIT_EXPECT_EQ(test, head, 90U);
	KUNIT_EXPECT_EQ(test, toyipc_ring_fill(head, tail), 100U);
	KUNIT_EXPECT_EQ(test, toyipc_ring_room(head, tail, SIZE), SIZE - 100);
}

static void span_is_whole_copy_when_it_fits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_ring_span(0, SIZE, 100), 100U);
	KUNIT_EXPECT_EQ(test, toyipc_ring_span(SIZE - 100, SIZE, 100), 100U);
}

static void span_stops_at_end_of_buffer(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_ring_span(SIZE - 10, SIZE, 100), 10U);
	/* The same position one lap later. */
	KUNIT_EXPECT_EQ(test, toyipc_ring_span(2 * SIZE - 10, SIZE, 100), 10U);
}

static void span_is_right_across_counter_wrap(struct kunit *test)
{
	/* UINT_MAX - 9 is 10 bytes before the end of the buffer too. */
	KUNIT_EXPECT_EQ(test, toyipc_ring_span(UINT_MAX - 9, SIZE, 100), 10U);
	KUNIT_EXPECT_EQ(test, toyipc_ring_span(0, SIZE, SIZE), SIZE);
}

static void small_write_needs_room_for_all_of_it(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, toyipc_pipe_can_write(100, 100));
	KUNIT_EXPECT_FALSE(test, toyipc_pipe_can_write(99, 100));
	KUNIT_EXPECT_TRUE(test, toyipc_pipe_can_write(PIPE_BUF, PIPE_BUF));
	KUNIT_EXPECT_FALSE(test, toyipc_pipe_can_write(PIPE_BUF - 1, PIPE_BUF));
}

static void large_write_needs_room_for_pipe_buf(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, toyipc_pipe_can_write(PIPE_BUF, PIPE_BUF + 1));
	KUNIT_EXPECT_FALSE(test, toyipc_pipe_can_write(PIPE_BUF - 1, 1 << 20));
}

static void round_size_gives_at_least_a_page(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size(0), (unsigned int)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size(1), (unsigned int)PAGE_SIZE);
}

static void round_size_rounds_up_to_power_of_two(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size(PAGE_SIZE + 1), (unsigned int)(2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size(65536), 65536U);
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size(1U << 31), 1U << 31);
}

static void round_size_refuses_above_2_gib(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size((1U << 31) + 1), 0U);
	KUNIT_EXPECT_EQ(test, toyipc_pipe_round_size(UINT_MAX), 0U);
}

static struct kunit_case toyipc_pipe_cases[] = {
	KUNIT_CASE(empty_ring_has_no_fill_and_full_room),
	KUNIT_CASE(full_ring_has_no_room),
	KUNIT_CASE(fill_is_right_after_head_wraps),
	KUNIT_CASE(span_is_whole_copy_when_it_fits),
	KUNIT_CASE(span_stops_at_end_of_buffer),
	KUNIT_CASE(span_is_right_across_counter_wrap),
	KUNIT_CASE(small_write_needs_room_for_all_of_it),
	KUNIT_CASE(large_write_needs_room_for_pipe_buf),
	KUNIT_CASE(round_size_gives_at_least_a_page),
	KUNIT_CASE(round_size_rounds_up_to_power_of_two),
	KUNIT_CASE(round_size_refuses_above_2_gib),
	{}
};

static struct kunit_suite toyipc_pipe_suite = {
	.name = "toyipc_pipe",
	.test_cases = toyipc_pipe_cases,
};

kunit_test_suite(toyipc_pipe_suite);
