// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc netlink: the generic netlink family "toyipc".
 *
 * Netlink is IPC too: a socket between userspace and the kernel carrying
 * typed attributes.  toyipcctl uses this family to list objects (like
 * ipcs), remove them (like ipcrm), read and reset the statistics, read and
 * change the limits, and watch events as they happen.  The commands and
 * attributes are defined in uapi/linux/toyipc.h.
 *
 * Every request is validated by the netlink core against the policy of its
 * command before a handler runs (resv_start_op makes the check strict: an
 * attribute a command does not take is an error), so the handlers can
 * trust the types and sizes of what they read.
 *
 * Locking: the handlers take the locks of what they read (the tables'
 * mutexes, the limits' mutex) and nothing else, so the family runs with
 * parallel_ops: no request of ours holds genl_mutex, which every other
 * non-parallel generic netlink family of the system needs.  No handler
 * waits for a lock that is held across a user copy (pipe.c's dump reads
 * without the pipes' mutexes).  Events are sent from any context,
 * including under a mechanism's spinlock, so they allocate with GFP_ATOMIC.
 *
 * Who may listen: the events group is GENL_MCAST_CAP_NET_ADMIN (compat.h),
 * so joining it needs CAP_NET_ADMIN; events tell when and how often other
 * users' objects are used, which ipcs does not show them.  Events carry no
 * pid: one multicast message goes to every listener, and no pid number is
 * right in every listener's pid namespace.  The dump stays open to all,
 * like /proc/sysvipc.
 *
 * The registry does not call into this file: toyipc_netlink_init() hands
 * it toyipc_event() as its event hook, and the dump pulls the objects out
 * of the registry with toyipc_ids_dump().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <net/genetlink.h>

#include <linux/toyipc.h>
#include "compat.h"
#include "netlink.h"
#include "registry.h"
#include "stats.h"
#include "toyipc.h"

static struct genl_family toyipc_genl_family;

enum { TOYIPC_MCGRP_EVENTS };

static const struct genl_multicast_group toyipc_mcgrps[] = {
	[TOYIPC_MCGRP_EVENTS] = {
		.name	= TOYIPC_GENL_MCGRP_EVENTS,
		.flags	= TOYIPC_MCAST_CAP_NET_ADMIN,
	},
};

/* ---- statistics */

static int put_kind_stats(struct sk_buff *skb, const struct toyipc_stats *sum, int kind)
{
	static const int attr[TOYIPC_NR_COUNTERS] = {
		[TOYIPC_STAT_OPS]	= TOYIPC_STATS_A_OPS,
		[TOYIPC_STAT_BYTES]	= TOYIPC_STATS_A_BYTES,
		[TOYIPC_STAT_BLOCKS]	= TOYIPC_STATS_A_BLOCKS,
		[TOYIPC_STAT_WAKEUPS]	= TOYIPC_STATS_A_WAKEUPS,
		[TOYIPC_STAT_ERRORS]	= TOYIPC_STATS_A_ERRORS,
	};
	struct nlattr *nest, *e;
	int i;

	nest = nla_nest_start(skb, TOYIPC_STATS_A_KIND);
	if (!nest || nla_put_u32(skb, TOYIPC_STATS_A_MECH, kind))
		return -EMSGSIZE;
	for (i = 0; i < TOYIPC_NR_COUNTERS; i++)
		if (nla_put_u64_64bit(skb, attr[i], sum->c[kind][i], TOYIPC_STATS_A_PAD))
			return -EMSGSIZE;
	for (i = 1; i <= TOYIPC_STATS_NR_ERRNO; i++) {
		if (!sum->err[kind][i])
			continue;
		e = nla_nest_start(skb, TOYIPC_STATS_A_ERRNO);
		if (!e ||
		    nla_put_u32(skb, TOYIPC_STATS_A_ERRNO_NR, i < TOYIPC_STATS_NR_ERRNO ? i : 0) ||
		    nla_put_u64_64bit(skb, TOYIPC_STATS_A_ERRNO_COUNT, sum->err[kind][i],
				      TOYIPC_STATS_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, e);
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct toyipc_stats *sum;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int kind, err = -ENOMEM;

	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!sum || !msg)
		goto out_free;
	toyipc_stats_sum(sum);
	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &toyipc_genl_family, 0, TOYIPC_CMD_GET_STATS);
	if (!hdr)
		goto out_free;
	nest = nla_nest_start(msg, TOYIPC_A_STATS);
	if (!nest)
		goto out_free;
	for (kind = TOYIPC_KIND_PIPE; kind < TOYIPC_NR_KINDS; kind++)
		if (put_kind_stats(msg, sum, kind))
			goto out_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	kfree(sum);
	return genlmsg_reply(msg, info);

out_free:
	nlmsg_free(msg);
	kfree(sum);
	return err;
}

static int reset_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	toyipc_stats_reset();
	return 0;
}

/* ---- limits */

/*
 * GET_LIMITS: the values in force for the caller (its IPC namespace's
 * sysctls where nothing overrides them: doit runs in the sender's
 * context), and where each comes from.
 */
static int get_limits_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct toyipc_limit_desc *d;
	struct nlattr *nest, *src;
	struct sk_buff *msg;
	void *hdr;
	int i;

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &toyipc_genl_family, 0, TOYIPC_CMD_GET_LIMITS);
	nest = hdr ? nla_nest_start(msg, TOYIPC_A_LIMITS) : NULL;
	if (!nest)
		goto out_full;
	for (d = toyipc_limit_descs, i = 0; d->name; d++, i++) {
		u64 v = toyipc_limit(i);

		if (d->is_ulong ? nla_put_u64_64bit(msg, d->attr, v, TOYIPC_LIMIT_PAD)
				: nla_put_u32(msg, d->attr, v))
			goto out_full;
	}
	nla_nest_end(msg, nest);
	src = nla_nest_start(msg, TOYIPC_A_LIMIT_SOURCES);
	if (!src)
		goto out_full;
	for (d = toyipc_limit_descs, i = 0; d->name; d++, i++)
		if (nla_put_u32(msg, d->attr, toyipc_limit_source(i)))
			goto out_full;
	nla_nest_end(msg, src);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

out_full:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct nla_policy limits_policy[TOYIPC_LIMIT_MAX + 1] = {
	[TOYIPC_LIMIT_NR_FIFOS]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_PIPE_SIZE]	= { .type = NLA_U32 },
	[TOYIPC_LIMIT_PIPE_MAX_SIZE]	= { .type = NLA_U32 },
	[TOYIPC_LIMIT_MSGMAX]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_MSGMNB]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_MSGMNI]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_SHMMAX]		= { .type = NLA_U64 },
	[TOYIPC_LIMIT_SHMALL]		= { .type = NLA_U64 },
	[TOYIPC_LIMIT_SHMMNI]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_SEMMSL]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_SEMMNS]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_SEMOPM]		= { .type = NLA_U32 },
	[TOYIPC_LIMIT_SEMMNI]		= { .type = NLA_U32 },
};

/* TOYIPC_A_LIMITS_UNSET: a flag per limit to hand back to its sysctl. */
static const struct nla_policy limits_unset_policy[TOYIPC_LIMIT_MAX + 1] = {
	[TOYIPC_LIMIT_NR_FIFOS ... TOYIPC_LIMIT_SEMMNI] = { .type = NLA_FLAG },
};

static int set_limits_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[TOYIPC_LIMIT_MAX + 1] = { NULL }, *ub[TOYIPC_LIMIT_MAX + 1] = { NULL };
	struct nlattr **attrs = info->attrs;
	const struct toyipc_limit_desc *d;
	u64 values[TOYIPC_NR_LIMITS] = { 0 };
	bool given[TOYIPC_NR_LIMITS] = { false };
	bool unset[TOYIPC_NR_LIMITS] = { false };
	const char *why = NULL;
	int i, err, n = 0;

	if (!attrs[TOYIPC_A_LIMITS] && !attrs[TOYIPC_A_LIMITS_UNSET]) {
		GENL_SET_ERR_MSG(info, "no limit given");
		return -EINVAL;
	}
	if (attrs[TOYIPC_A_LIMITS]) {
		err = nla_parse_nested(tb, TOYIPC_LIMIT_MAX, attrs[TOYIPC_A_LIMITS],
				       limits_policy, info->extack);
		if (err)
			return err;
	}
	if (attrs[TOYIPC_A_LIMITS_UNSET]) {
		err = nla_parse_nested(ub, TOYIPC_LIMIT_MAX, attrs[TOYIPC_A_LIMITS_UNSET],
				       limits_unset_policy, info->extack);
		if (err)
			return err;
	}
	for (i = 0, d = toyipc_limit_descs; d->name; i++, d++) {
		unset[i] = nla_get_flag(ub[d->attr]);
		n += unset[i];
		if (!tb[d->attr])
			continue;
		given[i] = true;
		values[i] = d->is_ulong ? nla_get_u64(tb[d->attr]) : nla_get_u32(tb[d->attr]);
		n++;
	}
	if (!n) {
		GENL_SET_ERR_MSG(info, "no limit given");
		return -EINVAL;
	}
	err = toyipc_limits_set(values, given, unset, &why);
	/*
	 * GENL_SET_ERR_MSG() takes only a literal; why points to one of the
	 * literals in limits.c, which live as long as the module.
	 */
	if (err && info->extack)
		info->extack->_msg = why;
	return err;
}

/* ---- objects */

/**
 * toyipc_nl_obj_begin - start the message of one object in a dump
 * @skb: the dump's buffer
 * @cb: the dump
 * @m: filled for toyipc_nl_obj_end()
 *
 * The caller then puts TOYIPC_OBJ_* attributes into @skb.
 *
 * Return: 0, or -EMSGSIZE when @skb is full (resume in the next call).
 */
int toyipc_nl_obj_begin(struct sk_buff *skb, struct netlink_callback *cb,
			struct toyipc_nl_msg *m)
{
	m->hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			     &toyipc_genl_family, NLM_F_MULTI, TOYIPC_CMD_GET_OBJECTS);
	if (!m->hdr)
		return -EMSGSIZE;
	m->nest = nla_nest_start(skb, TOYIPC_A_OBJ);
	if (!m->nest) {
		genlmsg_cancel(skb, m->hdr);
		return -EMSGSIZE;
	}
	return 0;
}

/**
 * toyipc_nl_obj_end - finish (@err == 0) or take back (@err < 0) an object's message
 * @skb: the dump's buffer
 * @m: from toyipc_nl_obj_begin()
 * @err: whether putting the attributes failed
 *
 * Return: @err.
 */
int toyipc_nl_obj_end(struct sk_buff *skb, struct toyipc_nl_msg *m, int err)
{
	if (err) {
		genlmsg_cancel(skb, m->hdr);
		return err;
	}
	nla_nest_end(skb, m->nest);
	genlmsg_end(skb, m->hdr);
	return 0;
}

static const struct nla_policy objects_policy[TOYIPC_A_MAX + 1] = {
	[TOYIPC_A_KIND]	= NLA_POLICY_RANGE(NLA_U32, TOYIPC_KIND_PIPE, TOYIPC_NR_KINDS - 1),
};

static const struct nla_policy rmid_policy[TOYIPC_A_MAX + 1] = {
	[TOYIPC_A_KIND]	= NLA_POLICY_RANGE(NLA_U32, TOYIPC_KIND_PIPE, TOYIPC_NR_KINDS - 1),
	[TOYIPC_A_ID]	= NLA_POLICY_MIN(NLA_S32, 0),
	[TOYIPC_A_KEY]	= { .type = NLA_S32 },
};

static const struct nla_policy set_limits_policy[TOYIPC_A_MAX + 1] = {
	[TOYIPC_A_LIMITS] = NLA_POLICY_NESTED(limits_policy),
	[TOYIPC_A_LIMITS_UNSET] = NLA_POLICY_NESTED(limits_unset_policy),
};

/*
 * The dumps of the kinds without a registry table (pipes, POSIX queues and
 * shared memory), set by their files while they are running.
 */
static toyipc_nl_dump_fn kind_dump[TOYIPC_NR_KINDS];

void toyipc_nl_set_dump(enum toyipc_kind kind, toyipc_nl_dump_fn fn)
{
	WRITE_ONCE(kind_dump[kind], fn);
}

void toyipc_nl_set_pipe_dump(toyipc_nl_dump_fn fn)
{
	toyipc_nl_set_dump(TOYIPC_KIND_PIPE, fn);
}

/*
 * A dump of GET_OBJECTS goes kind by kind; it may take several calls when
 * the objects do not fit in one buffer.  cb->args[0] is the kind to go on
 * with, cb->args[1] the position inside it (the kind's dump keeps it), and
 * cb->args[2] the kind asked for (0: all).
 */
static int get_objects_start(struct netlink_callback *cb)
{
	struct nlattr *tb[TOYIPC_A_MAX + 1];
	int err;

	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, TOYIPC_A_MAX,
			  objects_policy, cb->extack);
	if (err)
		return err;
	cb->args[0] = TOYIPC_KIND_PIPE;
	cb->args[1] = 0;
	cb->args[2] = tb[TOYIPC_A_KIND] ? nla_get_u32(tb[TOYIPC_A_KIND]) : 0;
	return 0;
}

struct sysv_dump {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
};

/* One SysV object of a dump; toyipc_ids_dump() holds obj->lock. */
static int put_sysv_obj(struct toyipc_obj *obj, void *arg)
{
	struct sysv_dump *d = arg;
	struct toyipc_nl_msg m;
	int err;

	err = toyipc_nl_obj_begin(d->skb, d->cb, &m);
	if (!err)
		err = toyipc_nl_obj_end(d->skb, &m, toyipc_obj_nl_fill(d->skb, obj));
	return err;
}

static int get_objects_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	toyipc_nl_dump_fn dump;
	struct sysv_dump d = { .skb = skb, .cb = cb };
	int kind, err = 0;

	for (kind = cb->args[0]; kind < TOYIPC_NR_KINDS; kind++, cb->args[1] = 0) {
		if (cb->args[2] && kind != cb->args[2])
			continue;
		dump = READ_ONCE(kind_dump[kind]);
		if (dump)
			err = dump(skb, cb);
		else
			err = toyipc_ids_dump(kind, &cb->args[1], put_sysv_obj, &d);
		if (err)
			break;
	}
	cb->args[0] = kind;
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

static int rmid_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	u32 kind;

	if (GENL_REQ_ATTR_CHECK(info, TOYIPC_A_KIND))
		return -EINVAL;
	if (!a[TOYIPC_A_ID] == !a[TOYIPC_A_KEY]) {
		GENL_SET_ERR_MSG(info, "give an id or a key, not both");
		return -EINVAL;
	}
	kind = nla_get_u32(a[TOYIPC_A_KIND]);
	if (kind == TOYIPC_KIND_PIPE) {
		GENL_SET_ERR_MSG(info, "a pipe goes away when its last descriptor is closed");
		return -EOPNOTSUPP;
	}
	if (a[TOYIPC_A_KEY])
		return toyipc_ids_rm_key(kind, nla_get_s32(a[TOYIPC_A_KEY]), info->extack);
	return toyipc_ids_rm_id(kind, nla_get_s32(a[TOYIPC_A_ID]), info->extack);
}

/* ---- the family */

/* Commands without a policy take no attributes at all. */
static const struct genl_ops toyipc_genl_ops[] = {
	{
		.cmd	= TOYIPC_CMD_GET_STATS,
		.doit	= get_stats_doit,
	},
	{
		.cmd	= TOYIPC_CMD_RESET_STATS,
		.doit	= reset_stats_doit,
		.flags	= GENL_ADMIN_PERM,
	},
	{
		.cmd	= TOYIPC_CMD_GET_LIMITS,
		.doit	= get_limits_doit,
	},
	{
		.cmd	= TOYIPC_CMD_SET_LIMITS,
		.doit	= set_limits_doit,
		.flags	= GENL_ADMIN_PERM,
		.policy	= set_limits_policy,
		.maxattr = TOYIPC_A_MAX,
	},
	{
		.cmd	= TOYIPC_CMD_GET_OBJECTS,
		.start	= get_objects_start,
		.dumpit	= get_objects_dumpit,
		.policy	= objects_policy,
		.maxattr = TOYIPC_A_MAX,
	},
	{
		.cmd	= TOYIPC_CMD_RMID,
		.doit	= rmid_doit,
		.policy	= rmid_policy,
		.maxattr = TOYIPC_A_MAX,
	},
};

static struct genl_family toyipc_genl_family __ro_after_init = {
	.name		= TOYIPC_GENL_NAME,
	.version	= TOYIPC_GENL_VERSION,
	.maxattr	= TOYIPC_A_MAX,
	.module		= THIS_MODULE,
	.ops		= toyipc_genl_ops,
	.n_ops		= ARRAY_SIZE(toyipc_genl_ops),
	.resv_start_op	= TOYIPC_CMD_GET_STATS,	/* strict validation for every command */
	.parallel_ops	= true,		/* no genl_mutex: see the top of this file */
	.mcgrps		= toyipc_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(toyipc_mcgrps),
};

/* ---- events */

/*
 * Busy objects can fill, empty, block and wake thousands of times a
 * second; those events are limited to 50 a second in all, so that watching
 * never floods the listener or slows the mechanisms.  Creation and removal
 * have a budget of their own, 20 a second, so that a burst of busy events
 * never hides them, but a loop creating pipes cannot make the kernel
 * allocate (GFP_ATOMIC) without bound either.  Suppressed events are not
 * reported in the kernel log.
 */
static DEFINE_RATELIMIT_STATE(busy_events, HZ, 50);
static DEFINE_RATELIMIT_STATE(lifecycle_events, HZ, 20);

/*
 * Events are sent only between toyipc_netlink_init() and the start of
 * toyipc_netlink_exit(): the objects module exit removes afterwards must
 * not send to a family that is being unregistered (its multicast group
 * ids may already belong to another family).
 */
static bool events_on;

/**
 * toyipc_event - tell the "events" group that something happened
 * @kind: the mechanism
 * @event: what happened
 * @id: the object
 *
 * Any context (GFP_ATOMIC).  Costs nothing when nobody listens.
 */
void toyipc_event(enum toyipc_kind kind, enum toyipc_event event, int id)
{
	struct sk_buff *msg;
	void *hdr;

	bool lifecycle = event == TOYIPC_EVENT_CREATED || event == TOYIPC_EVENT_REMOVED;

	if (!READ_ONCE(events_on) ||
	    !genl_has_listeners(&toyipc_genl_family, &init_net, TOYIPC_MCGRP_EVENTS))
		return;
	if (!__ratelimit(lifecycle ? &lifecycle_events : &busy_events))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &toyipc_genl_family, 0, TOYIPC_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, TOYIPC_A_EVENT, event) ||
	    nla_put_u32(msg, TOYIPC_A_KIND, kind) ||
	    nla_put_s32(msg, TOYIPC_A_ID, id)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&toyipc_genl_family, msg, 0, TOYIPC_MCGRP_EVENTS, GFP_ATOMIC);
}

int __init toyipc_netlink_init(void)
{
	int err;

	ratelimit_set_flags(&busy_events, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_set_flags(&lifecycle_events, RATELIMIT_MSG_ON_RELEASE);
	err = genl_register_family(&toyipc_genl_family);
	if (err)
		return err;
	WRITE_ONCE(events_on, true);
	toyipc_ids_set_event_hook(toyipc_event);
	return 0;
}

/*
 * Stop the events first, then unregister: main.c calls this before the
 * mechanisms tear their tables down (rmmod order).
 */
void toyipc_netlink_exit(void)
{
	toyipc_ids_set_event_hook(NULL);
	WRITE_ONCE(events_on, false);
	genl_unregister_family(&toyipc_genl_family);
}
