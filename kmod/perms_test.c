// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for registry.c's permission decisions: toyipc_perms() (what
 * ipcperms() decides for msgsnd, shmat, semop...) and toyipc_ctl_perms()
 * (who may IPC_SET and IPC_RMID), each asked with the credentials of
 * another user.  KUnit runs as root; every check here runs under
 * credentials made with prepare_creds() and put in place for that one call
 * with override_creds(), so the owner, a group member, a stranger and the
 * capabilities can be tried one by one.
 *
 * The object is a bare struct toyipc_obj: the decisions read only its
 * owner, creator and mode, so no table is needed.
 */
#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ipc.h>
#include <linux/uidgid.h>

#include "registry.h"
#include "toyipc.h"

#define OWNER		1000	/* obj->uid, and obj->gid below */
#define CREATOR		1001	/* obj->cuid and obj->cgid */
#define MEMBER		2000	/* in the owner's group only */
#define STRANGER	3000	/* in no group of the object */

#define PERM_READ		0444	/* S_IRUGO: msgrcv, shmat read-only, IPC_STAT */
#define PERM_WRITE		0222	/* S_IWUGO: msgsnd, semop that alters */

/* Who asks: uid, gid, maybe one supplementary group, which capabilities. */
struct who {
	unsigned int uid;
	unsigned int gid;
	unsigned int group;	/* 0: none */
	int cap;		/* -1: none, else the only capability held */
};

static const struct who owner = { OWNER, OWNER, 0, -1 };
static const struct who creator = { CREATOR, CREATOR, 0, -1 };
static const struct who member = { MEMBER, OWNER, 0, -1 };
static const struct who supplementary = { MEMBER, MEMBER, OWNER, -1 };
static const struct who stranger = { STRANGER, STRANGER, 0, -1 };
static const struct who ipc_owner = { STRANGER, STRANGER, 0, CAP_IPC_OWNER };
static const struct who sys_admin = { STRANGER, STRANGER, 0, CAP_SYS_ADMIN };

static void obj_init(struct toyipc_obj *obj, umode_t mode)
{
	memset(obj, 0, sizeof(*obj));
	spin_lock_init(&obj->lock);
	obj->uid = KUIDT_INIT(OWNER);
	obj->gid = KGIDT_INIT(OWNER);
	obj->cuid = KUIDT_INIT(CREATOR);
	obj->cgid = KGIDT_INIT(CREATOR);
	obj->mode = mode;
}

/*
 * make_cred - credentials for @w, or NULL.  Every uid and gid field is
 * set, fsuid and fsgid included: in_group_p() looks at fsgid.
 */
static struct cred *make_cred(struct kunit *test, const struct who *w)
{
	struct group_info *groups;
	struct cred *cred;

	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cred->uid = cred->euid = cred->suid = cred->fsuid = KUIDT_INIT(w->uid);
	cred->gid = cred->egid = cred->sgid = cred->fsgid = KGIDT_INIT(w->gid);
	cred->cap_effective = CAP_EMPTY_SET;
	cred->cap_permitted = CAP_EMPTY_SET;
	if (w->cap >= 0) {
		cap_raise(cred->cap_effective, w->cap);
		cap_raise(cred->cap_permitted, w->cap);
	}
	groups = groups_alloc(w->group ? 1 : 0);
	if (!groups) {
		abort_creds(cred);
		KUNIT_ASSERT_NOT_NULL(test, groups);
	}
	if (w->group)
		groups->gid[0] = KGIDT_INIT(w->group);
	set_groups(cred, groups);
	put_group_info(groups);
	return cred;
}

/* toyipc_perms(@obj, @flag) asked by @w. */
static int perms_as(struct kunit *test, const struct who *w,
		    struct toyipc_obj *obj, short flag)
{
	struct cred *cred = make_cred(test, w);
	const struct cred *old;
	int ret;

	old = override_creds(cred);
	ret = toyipc_perms(obj, flag);
	revert_creds(old);
	put_cred(cred);
	return ret;
}

/* toyipc_ctl_perms(@obj) asked by @w. */
static int ctl_perms_as(struct kunit *test, const struct who *w,
			struct toyipc_obj *obj)
{
	struct cred *cred = make_cred(test, w);
	const struct cred *old;
	int ret;

	old = override_creds(cred);
	ret = toyipc_ctl_perms(obj);
	revert_creds(old);
	put_cred(cred);
	return ret;
}

static void owner_bits_apply_to_the_owner(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0600);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_READ), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_WRITE), 0);
	obj_init(&obj, 0400);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_READ), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_WRITE), -EACCES);
}

static void owner_bits_apply_to_the_creator(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0200);
	KUNIT_EXPECT_EQ(test, perms_as(test, &creator, &obj, PERM_WRITE), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &creator, &obj, PERM_READ), -EACCES);
}

/* Like a file: the owner gets the owner's bits, even if others get more. */
static void owner_is_denied_what_only_others_may(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0066);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_READ), -EACCES);
	KUNIT_EXPECT_EQ(test, perms_as(test, &member, &obj, PERM_READ), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_READ), 0);
}

static void group_bits_apply_to_the_owners_group(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0640);
	KUNIT_EXPECT_EQ(test, perms_as(test, &member, &obj, PERM_READ), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &member, &obj, PERM_WRITE), -EACCES);
}

static void group_bits_apply_to_a_supplementary_group(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0660);
	KUNIT_EXPECT_EQ(test, perms_as(test, &supplementary, &obj, PERM_WRITE), 0);
	obj_init(&obj, 0606);
	KUNIT_EXPECT_EQ(test, perms_as(test, &supplementary, &obj, PERM_WRITE), -EACCES);
}

static void other_bits_apply_to_a_stranger(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0660);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_READ), -EACCES);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_WRITE), -EACCES);
	obj_init(&obj, 0604);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_READ), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_WRITE), -EACCES);
}

/* msgget(key, 0400) and msgget(key, 0004) ask for the same thing: read. */
static void requested_bits_count_in_any_position(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0004);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, 0400), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, 0040), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, 0004), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, 0002), -EACCES);
}

static void asking_for_nothing_is_always_granted(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0000);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, 0), 0);
}

static void cap_ipc_owner_overrides_the_mode(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0000);
	KUNIT_EXPECT_EQ(test, perms_as(test, &ipc_owner, &obj, PERM_READ | PERM_WRITE), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &sys_admin, &obj, PERM_READ), -EACCES);
}

/* The mode's bits above rwxrwxrwx (SHM_DEST) never grant anything. */
static void mechanism_bits_are_not_permissions(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 01000);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_READ), -EACCES);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_WRITE), -EACCES);
}

static void owner_and_creator_may_set_and_remove(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0000);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &owner, &obj), 0);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &creator, &obj), 0);
}

static void group_and_others_may_not_set_or_remove(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0777);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &member, &obj), -EPERM);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &supplementary, &obj), -EPERM);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &stranger, &obj), -EPERM);
}

static void only_cap_sys_admin_overrides_ownership(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0000);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &sys_admin, &obj), 0);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &ipc_owner, &obj), -EPERM);
}

/* After IPC_SET gave the object away, the new owner decides. */
static void a_new_owner_takes_the_owner_bits(struct kunit *test)
{
	struct toyipc_obj obj;

	obj_init(&obj, 0600);
	obj.uid = KUIDT_INIT(STRANGER);
	KUNIT_EXPECT_EQ(test, perms_as(test, &stranger, &obj, PERM_WRITE), 0);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &stranger, &obj), 0);
	KUNIT_EXPECT_EQ(test, perms_as(test, &owner, &obj, PERM_WRITE), -EACCES);
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &owner, &obj), -EPERM);
	/* The creator keeps its rights whoever owns the object. */
	KUNIT_EXPECT_EQ(test, ctl_perms_as(test, &creator, &obj), 0);
}

static struct kunit_case toyipc_perms_cases[] = {
	KUNIT_CASE(owner_bits_apply_to_the_owner),
	KUNIT_CASE(owner_bits_apply_to_the_creator),
	KUNIT_CASE(owner_is_denied_what_only_others_may),
	KUNIT_CASE(group_bits_apply_to_the_owners_group),
	KUNIT_CASE(group_bits_apply_to_a_supplementary_group),
	KUNIT_CASE(other_bits_apply_to_a_stranger),
	KUNIT_CASE(requested_bits_count_in_any_position),
	KUNIT_CASE(asking_for_nothing_is_always_granted),
	KUNIT_CASE(cap_ipc_owner_overrides_the_mode),
	KUNIT_CASE(mechanism_bits_are_not_permissions),
	KUNIT_CASE(owner_and_creator_may_set_and_remove),
	KUNIT_CASE(group_and_others_may_not_set_or_remove),
	KUNIT_CASE(only_cap_sys_admin_overrides_ownership),
	KUNIT_CASE(a_new_owner_takes_the_owner_bits),
	{}
};

static struct kunit_suite toyipc_perms_suite = {
	.name = "toyipc_perms",
	.test_cases = toyipc_perms_cases,
};

kunit_test_suite(toyipc_perms_suite);
