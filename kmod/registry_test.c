// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for registry.c: keys, ids and their reuse, removal, limits.
 *
 * Each test has a table of its own with a trivial kind of object, so the
 * module's real tables are never touched.  Permission decisions need other
 * credentials than KUnit's (root); the guest suites test them as an
 * unprivileged user against Linux.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/slab.h>

#include "registry.h"
#include "toyipc.h"

struct thing {
	struct toyipc_obj obj;
	int size;		/* what ->create was given */
};

static unsigned int thing_limit = 8;
static int things_freed;

static struct toyipc_obj *thing_create(void *arg)
{
	struct thing *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->size = *(int *)arg;
	return &t->obj;
}

/* Like shm's size check: an existing thing must be at least as big. */
static int thing_check(struct toyipc_obj *obj, void *arg)
{
	return container_of(obj, struct thing, obj)->size < *(int *)arg ? -EINVAL : 0;
}

static void thing_free(struct toyipc_obj *obj)
{
	things_freed++;
	kfree_rcu(container_of(obj, struct thing, obj), obj.rcu);
}

static unsigned int thing_max(void)
{
	return thing_limit;
}

static const struct toyipc_ops thing_ops = {
	.create	= thing_create,
	.check	= thing_check,
	.free	= thing_free,
	.limit	= thing_max,
};

static int registry_test_init(struct kunit *test)
{
	struct toyipc_ids *ids = kunit_kzalloc(test, sizeof(*ids), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ids);
	toyipc_ids_init(ids, "thing", &thing_ops);
	thing_limit = 8;
	things_freed = 0;
	test->priv = ids;
	return 0;
}

static void registry_test_exit(struct kunit *test)
{
	toyipc_ids_destroy(test->priv);
}

static int get(struct kunit *test, key_t key, int flg, int size)
{
	return toyipc_get(test->priv, key, flg, &size);
}

/* Removes the object with this id, as IPC_RMID does. */
static void rmid(struct kunit *test, int id)
{
	struct toyipc_obj *obj = toyipc_obtain(test->priv, id);

	KUNIT_ASSERT_FALSE(test, IS_ERR(obj));
	toyipc_rmid(obj);
	toyipc_put(obj);
}

static void first_ids_are_0_1_2(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), 0);
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), 1);
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), 2);
}

static void ipc_private_always_creates(struct kunit *test)
{
	int a = get(test, IPC_PRIVATE, IPC_CREAT | 0600, 1);
	int b = get(test, IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600, 1);

	KUNIT_EXPECT_GE(test, a, 0);
	KUNIT_EXPECT_GE(test, b, 0);
	KUNIT_EXPECT_NE(test, a, b);
}

static void missing_key_without_ipc_creat_is_enoent(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, get(test, 42, 0600, 1), -ENOENT);
}

static void existing_key_returns_the_same_id(struct kunit *test)
{
	int id = get(test, 42, IPC_CREAT | 0600, 1);

	KUNIT_EXPECT_GE(test, id, 0);
	KUNIT_EXPECT_EQ(test, get(test, 42, IPC_CREAT | 0600, 1), id);
	KUNIT_EXPECT_EQ(test, get(test, 42, 0, 1), id);
}

static void existing_key_with_ipc_excl_is_eexist(struct kunit *test)
{
	KUNIT_EXPECT_GE(test, get(test, 42, IPC_CREAT | 0600, 1), 0);
	KUNIT_EXPECT_EQ(test, get(test, 42, IPC_CREAT | IPC_EXCL | 0600, 1), -EEXIST);
}

static void check_decides_before_an_existing_key_is_returned(struct kunit *test)
{
	KUNIT_EXPECT_GE(test, get(test, 42, IPC_CREAT | 0600, 4), 0);
	KUNIT_EXPECT_EQ(test, get(test, 42, 0, 8), -EINVAL);
}

static void removed_index_is_not_reused_at_once(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), 0);
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), 1);
	rmid(test, 1);
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), 2);
}

/* After 64 indexes the cycle wraps and the sequence number goes up. */
static void wrapped_index_gets_a_new_sequence(struct kunit *test)
{
	int i, id;

	for (i = 0; i < 64; i++) {
		id = get(test, IPC_PRIVATE, 0600, 1);
		KUNIT_ASSERT_EQ(test, id, i);
		rmid(test, id);
	}
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), TOYIPC_IPCMNI + 0);
}

static void stale_id_is_einval(struct kunit *test)
{
	int i, id, old = get(test, IPC_PRIVATE, 0600, 1);

	rmid(test, old);
	KUNIT_EXPECT_PTR_EQ(test, toyipc_obtain(test->priv, old), ERR_PTR(-EINVAL));
	/* The same index again, with a newer sequence: the old id stays stale. */
	for (i = 1; i < 64; i++)
		rmid(test, get(test, IPC_PRIVATE, 0600, 1));
	id = get(test, IPC_PRIVATE, 0600, 1);
	KUNIT_EXPECT_EQ(test, id & (TOYIPC_IPCMNI - 1), old);
	KUNIT_EXPECT_PTR_EQ(test, toyipc_obtain(test->priv, old), ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, toyipc_obtain(test->priv, -1), ERR_PTR(-EINVAL));
}

static void removed_key_can_be_created_again(struct kunit *test)
{
	int id = get(test, 42, IPC_CREAT | 0600, 1);

	rmid(test, id);
	KUNIT_EXPECT_EQ(test, get(test, 42, 0600, 1), -ENOENT);
	KUNIT_EXPECT_GT(test, get(test, 42, IPC_CREAT | 0600, 1), id);
}

static void forgotten_key_is_free_but_the_object_lives(struct kunit *test)
{
	int id = get(test, 42, IPC_CREAT | 0600, 1);
	struct toyipc_obj *obj = toyipc_obtain(test->priv, id);

	KUNIT_ASSERT_FALSE(test, IS_ERR(obj));
	toyipc_forget_key(obj);
	KUNIT_EXPECT_EQ(test, get(test, 42, 0600, 1), -ENOENT);
	toyipc_put(obj);
	obj = toyipc_obtain(test->priv, id);
	KUNIT_EXPECT_FALSE(test, IS_ERR(obj));
	if (!IS_ERR(obj))
		toyipc_put(obj);
}

/* The old segment's removal must not take the new one's key away. */
static void recreated_key_outlives_the_forgotten_objects_removal(struct kunit *test)
{
	int old = get(test, 42, IPC_CREAT | 0600, 1), id;
	struct toyipc_obj *obj = toyipc_obtain(test->priv, old);

	KUNIT_ASSERT_FALSE(test, IS_ERR(obj));
	toyipc_forget_key(obj);
	id = get(test, 42, IPC_CREAT | IPC_EXCL | 0600, 1);
	KUNIT_EXPECT_GE(test, id, 0);
	toyipc_rmid(obj);
	toyipc_put(obj);
	KUNIT_EXPECT_EQ(test, get(test, 42, 0600, 1), id);
}

/*
 * A thousand keys, as the benchmark's msgget-by-key uses: each is found
 * as its own object, and after every other one is removed the rest still
 * are while the removed ones are -ENOENT (keys share hash buckets).
 */
static void many_keys_are_each_found_and_removed(struct kunit *test)
{
	const int n = 1000;
	int *ids = kunit_kcalloc(test, n, sizeof(*ids), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ids);
	thing_limit = n;
	for (i = 0; i < n; i++) {
		ids[i] = get(test, 1000 + i * 4096, IPC_CREAT | IPC_EXCL | 0600, 1);
		KUNIT_ASSERT_GE(test, ids[i], 0);
	}
	for (i = 0; i < n; i += 2)
		rmid(test, ids[i]);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, get(test, 1000 + i * 4096, 0600, 1),
				i % 2 ? ids[i] : -ENOENT);
}

static void creating_past_the_limit_is_enospc(struct kunit *test)
{
	int i;

	thing_limit = 3;
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_GE(test, get(test, IPC_PRIVATE, 0600, 1), 0);
	KUNIT_EXPECT_EQ(test, get(test, IPC_PRIVATE, 0600, 1), -ENOSPC);
	KUNIT_EXPECT_EQ(test, get(test, 42, IPC_CREAT | 0600, 1), -ENOSPC);
}

static void object_is_freed_after_its_last_user(struct kunit *test)
{
	int id = get(test, IPC_PRIVATE, 0600, 1);
	struct toyipc_obj *obj = toyipc_obtain(test->priv, id);

	KUNIT_ASSERT_FALSE(test, IS_ERR(obj));
	toyipc_rmid(obj);
	toyipc_rmid(obj);	/* a second removal does nothing */
	KUNIT_EXPECT_EQ(test, things_freed, 0);
	toyipc_put(obj);
	KUNIT_EXPECT_EQ(test, things_freed, 1);
}

static void mode_keeps_only_the_permission_bits(struct kunit *test)
{
	int id = get(test, IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0640, 1);
	struct toyipc_obj *obj = toyipc_obtain(test->priv, id);

	KUNIT_ASSERT_FALSE(test, IS_ERR(obj));
	KUNIT_EXPECT_EQ(test, obj->mode, 0640);
	toyipc_put(obj);
}

static struct kunit_case toyipc_registry_cases[] = {
	KUNIT_CASE(first_ids_are_0_1_2),
	KUNIT_CASE(ipc_private_always_creates),
	KUNIT_CASE(missing_key_without_ipc_creat_is_enoent),
	KUNIT_CASE(existing_key_returns_the_same_id),
	KUNIT_CASE(existing_key_with_ipc_excl_is_eexist),
	KUNIT_CASE(check_decides_before_an_existing_key_is_returned),
	KUNIT_CASE(removed_index_is_not_reused_at_once),
	KUNIT_CASE(wrapped_index_gets_a_new_sequence),
	KUNIT_CASE(stale_id_is_einval),
	KUNIT_CASE(removed_key_can_be_created_again),
	KUNIT_CASE(forgotten_key_is_free_but_the_object_lives),
	KUNIT_CASE(recreated_key_outlives_the_forgotten_objects_removal),
	KUNIT_CASE(many_keys_are_each_found_and_removed),
	KUNIT_CASE(creating_past_the_limit_is_enospc),
	KUNIT_CASE(object_is_freed_after_its_last_user),
	KUNIT_CASE(mode_keeps_only_the_permission_bits),
	{}
};

static struct kunit_suite toyipc_registry_suite = {
	.name = "toyipc_registry",
	.init = registry_test_init,
	.exit = registry_test_exit,
	.test_cases = toyipc_registry_cases,
};

kunit_test_suite(toyipc_registry_suite);
