// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for msg.c: which message msgrcv() picks, by msgtyp and
 * MSG_EXCEPT (toyipc_msg_mode() and toyipc_msg_find()); what IPC_INFO and
 * MSG_INFO report (toyipc_msg_fill_info()); how a message's text is
 * stored (toyipc_msg_alloc()).
 */
#include <kunit/test.h>
#include <linux/msg.h>
#include <linux/slab.h>

#include "toyipc.h"

/*
 * A queue holding messages of these types, oldest first, each with one
 * byte of text that says where it stands (0, 1, 2...), so a test can tell
 * two messages of the same type apart.
 */
static void fill(struct kunit *test, struct list_head *queue,
		 const long *types, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct toy_msg *msg = kunit_kzalloc(test, sizeof(*msg) + 1, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, msg);
		msg->type = types[i];
		msg->size = 1;
		msg->text[0] = i;
		list_add_tail(&msg->list, queue);
	}
}

/* Where the message msgrcv(msgtyp, msgflg) takes stands in the queue, or -1. */
static int pick(struct list_head *queue, long msgtyp, int msgflg)
{
	enum toy_msg_search mode = toyipc_msg_mode(&msgtyp, msgflg);
	struct toy_msg *msg = toyipc_msg_find(queue, msgtyp, mode);

	return msg ? msg->text[0] : -1;
}

static const long types[] = { 3, 1, 2, 1, 5 };

static void type_zero_picks_the_oldest(struct kunit *test)
{
	LIST_HEAD(queue);

	fill(test, &queue, types, ARRAY_SIZE(types));
	KUNIT_EXPECT_EQ(test, pick(&queue, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, pick(&queue, 0, MSG_EXCEPT), 0);
}

static void positive_type_picks_the_oldest_of_that_type(struct kunit *test)
{
	LIST_HEAD(queue);

	fill(test, &queue, types, ARRAY_SIZE(types));
	KUNIT_EXPECT_EQ(test, pick(&queue, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, pick(&queue, 5, 0), 4);
	KUNIT_EXPECT_EQ(test, pick(&queue, 4, 0), -1);
}

static void msg_except_picks_the_oldest_of_another_type(struct kunit *test)
{
	LIST_HEAD(queue);

	fill(test, &queue, types, ARRAY_SIZE(types));
	KUNIT_EXPECT_EQ(test, pick(&queue, 3, MSG_EXCEPT), 1);
	KUNIT_EXPECT_EQ(test, pick(&queue, 1, MSG_EXCEPT), 0);
}

static void negative_type_picks_the_oldest_of_the_lowest_type(struct kunit *test)
{
	LIST_HEAD(queue);

	fill(test, &queue, types, ARRAY_SIZE(types));
	KUNIT_EXPECT_EQ(test, pick(&queue, -5, 0), 1);
	KUNIT_EXPECT_EQ(test, pick(&queue, -1, 0), 1);
	/* MSG_EXCEPT does not apply to a negative msgtyp. */
	KUNIT_EXPECT_EQ(test, pick(&queue, -5, MSG_EXCEPT), 1);
}

static void negative_type_ignores_types_above_its_absolute_value(struct kunit *test)
{
	static const long high[] = { 5, 3, 4 };
	LIST_HEAD(queue);

	fill(test, &queue, high, ARRAY_SIZE(high));
	KUNIT_EXPECT_EQ(test, pick(&queue, -2, 0), -1);
	KUNIT_EXPECT_EQ(test, pick(&queue, -4, 0), 1);
}

static void long_min_means_every_type(struct kunit *test)
{
	long msgtyp = LONG_MIN;

	KUNIT_EXPECT_EQ(test, toyipc_msg_mode(&msgtyp, 0), TOY_MSG_LESSEQUAL);
	KUNIT_EXPECT_EQ(test, msgtyp, LONG_MAX);
}

static void an_empty_queue_has_nothing_to_pick(struct kunit *test)
{
	LIST_HEAD(queue);

	KUNIT_EXPECT_EQ(test, pick(&queue, 0, 0), -1);
	KUNIT_EXPECT_EQ(test, pick(&queue, -LONG_MAX, 0), -1);
}

/* IPC_INFO: the limits and <linux/msg.h>'s constants, as msgctl_info(). */
static void ipc_info_reports_the_limits_and_the_constants(struct kunit *test)
{
	struct msginfo info;

	memset(&info, 0x5a, sizeof(info));
	toyipc_msg_fill_info(&info, IPC_INFO, 3, 7, 70);
	KUNIT_EXPECT_EQ(test, info.msgmni, (int)toyipc_limit(TOYIPC_LIM_MSGMNI));
	KUNIT_EXPECT_EQ(test, info.msgmax, (int)toyipc_limit(TOYIPC_LIM_MSGMAX));
	KUNIT_EXPECT_EQ(test, info.msgmnb, (int)toyipc_limit(TOYIPC_LIM_MSGMNB));
	KUNIT_EXPECT_EQ(test, info.msgssz, 16);
	KUNIT_EXPECT_EQ(test, info.msgseg, 0xffff);
	KUNIT_EXPECT_EQ(test, info.msgmap, MSGMNB);
	KUNIT_EXPECT_EQ(test, info.msgpool, MSGMNI * MSGMNB / 1024);
	KUNIT_EXPECT_EQ(test, info.msgtql, MSGMNB);
}

/* MSG_INFO: queues in msgpool, messages in msgmap, bytes in msgtql. */
static void msg_info_reports_queues_messages_and_bytes(struct kunit *test)
{
	struct msginfo info;

	toyipc_msg_fill_info(&info, MSG_INFO, 3, 7, 70);
	KUNIT_EXPECT_EQ(test, info.msgpool, 3);
	KUNIT_EXPECT_EQ(test, info.msgmap, 7);
	KUNIT_EXPECT_EQ(test, info.msgtql, 70);
	KUNIT_EXPECT_EQ(test, info.msgssz, 16);
}

/* Usage past INT_MAX is capped, as the percpu counters' sums are. */
static void msg_info_caps_its_sums_at_int_max(struct kunit *test)
{
	struct msginfo info;

	toyipc_msg_fill_info(&info, MSG_INFO, 1, ULONG_MAX, (unsigned long)INT_MAX + 1);
	KUNIT_EXPECT_EQ(test, info.msgmap, INT_MAX);
	KUNIT_EXPECT_EQ(test, info.msgtql, INT_MAX);
}

/*
 * A message of @size bytes: its pieces hold exactly @size bytes between
 * them, all but the last full, and no piece is a high-order allocation.
 */
static void check_pieces(struct kunit *test, size_t size)
{
	struct toy_msg *msg = toyipc_msg_alloc(size);
	size_t alen = min_t(size_t, size, TOY_MSG_DATALEN), left = size;
	struct toy_msgseg *seg;

	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, msg->size, size);
	KUNIT_EXPECT_LE(test, ksize(msg), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, !!msg->next, size > TOY_MSG_DATALEN);
	for (seg = msg->next; seg; seg = seg->next) {
		left -= alen;
		alen = min_t(size_t, left, TOY_MSGSEG_DATALEN);
		KUNIT_EXPECT_LE(test, ksize(seg), PAGE_SIZE);
		KUNIT_EXPECT_GT(test, alen, 0);
	}
	KUNIT_EXPECT_EQ(test, left, alen);
	toyipc_msg_free(msg);
}

/* Around the first piece's end, Linux's 8160 B step, msgmax and well past it. */
static void a_long_message_is_stored_in_pieces_of_at_most_a_page(struct kunit *test)
{
	static const size_t sizes[] = { 0, 1, TOY_MSG_DATALEN, TOY_MSG_DATALEN + 1,
		TOY_MSG_DATALEN + TOY_MSGSEG_DATALEN, TOY_MSG_DATALEN + TOY_MSGSEG_DATALEN + 1,
		8160, 8161, 8192, 65536, 1 << 20 };
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		check_pieces(test, sizes[i]);
}

static struct kunit_case toyipc_msg_cases[] = {
	KUNIT_CASE(type_zero_picks_the_oldest),
	KUNIT_CASE(positive_type_picks_the_oldest_of_that_type),
	KUNIT_CASE(msg_except_picks_the_oldest_of_another_type),
	KUNIT_CASE(negative_type_picks_the_oldest_of_the_lowest_type),
	KUNIT_CASE(negative_type_ignores_types_above_its_absolute_value),
	KUNIT_CASE(long_min_means_every_type),
	KUNIT_CASE(an_empty_queue_has_nothing_to_pick),
	KUNIT_CASE(ipc_info_reports_the_limits_and_the_constants),
	KUNIT_CASE(msg_info_reports_queues_messages_and_bytes),
	KUNIT_CASE(msg_info_caps_its_sums_at_int_max),
	KUNIT_CASE(a_long_message_is_stored_in_pieces_of_at_most_a_page),
	{}
};

static struct kunit_suite toyipc_msg_suite = {
	.name = "toyipc_msg",
	.test_cases = toyipc_msg_cases,
};

kunit_test_suite(toyipc_msg_suite);
