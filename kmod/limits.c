// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc limits: where each limit comes from, the module parameters and
 * their validation.
 *
 * The System V limits are those of the caller's IPC namespace, read where
 * Linux reads them (ns->msg_ctlmax in ipc/msg.c's do_msgsnd(), ...):
 * toyipc_limit() is the one accessor every mechanism calls.  A module
 * parameter given at load, or netlink's SET_LIMITS, overrides one limit
 * for every namespace until SET_LIMITS unsets it again; set_by[] says
 * which limits are overridden and by whom.  The pipe limits have no
 * namespace sysctl (fs.pipe-max-size is global and not the toy's):
 * they are the field of struct toyipc_limits, default or set.
 *
 * Locking: limits_mutex serialises writers (toyipc_limits_set()); the
 * module loader writes the parameters before toyipc_init() runs.  Readers
 * take no lock: every field and set_by[] entry is stored with WRITE_ONCE()
 * and read once with READ_ONCE(), so an operation sees each limit old or
 * new.  The namespace's sysctls are read the same way, as Linux reads them
 * (a plain load, no lock): a sysctl write is one int or long store.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ipc_namespace.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/stddef.h>
#include <linux/toyipc.h>

#include "compat.h"
#include "toyipc.h"

struct toyipc_limits toyipc_limits = TOYIPC_LIMITS_DEFAULT;

/*
 * Who set each limit: TOYIPC_LIMIT_SRC_DEFAULT (nobody: the sysctl or
 * the default is in force), _PARAM or _NETLINK.  Indexed by enum
 * toyipc_limit_id; see the locking rules above.
 */
static u8 set_by[TOYIPC_NR_LIMITS];

static const struct toyipc_limit_desc *desc_of_field(const void *field);

/* A parameter given at load: store it like param_set_uint(), mark it set. */
static int limit_param_set(const char *val, const struct kernel_param *kp)
{
	const struct toyipc_limit_desc *d = desc_of_field(kp->arg);
	int err;

	if (!d)
		return -EINVAL;
	err = d->is_ulong ? param_set_ulong(val, kp) : param_set_uint(val, kp);
	if (!err)
		WRITE_ONCE(set_by[d - toyipc_limit_descs], TOYIPC_LIMIT_SRC_PARAM);
	return err;
}

/* Reading /sys/module/toyipc/parameters/NAME: the stored override. */
static int limit_param_get(char *buf, const struct kernel_param *kp)
{
	const struct toyipc_limit_desc *d = desc_of_field(kp->arg);

	if (!d)
		return -EINVAL;
	return d->is_ulong ? param_get_ulong(buf, kp) : param_get_uint(buf, kp);
}

static const struct kernel_param_ops limit_param_ops = {
	.set	= limit_param_set,
	.get	= limit_param_get,
};

#define LIMIT_PARAM(field, desc)					\
	module_param_cb(field, &limit_param_ops, &toyipc_limits.field, 0444); \
	MODULE_PARM_DESC(field, desc)

LIMIT_PARAM(nr_fifos, "number of named FIFOs /dev/toyfifoN (0-64)");
LIMIT_PARAM(pipe_size, "capacity of a new pipe in bytes (power of two, >= PAGE_SIZE)");
LIMIT_PARAM(pipe_max_size, "largest pipe capacity for unprivileged callers, like fs.pipe-max-size");
LIMIT_PARAM(msgmax, "largest message in bytes; overrides kernel.msgmax");
LIMIT_PARAM(msgmnb, "default bytes per queue; overrides kernel.msgmnb");
LIMIT_PARAM(msgmni, "most message queues; overrides kernel.msgmni");
LIMIT_PARAM(shmmax, "largest segment in bytes; overrides kernel.shmmax");
LIMIT_PARAM(shmall, "all segments together in pages; overrides kernel.shmall");
LIMIT_PARAM(shmmni, "most segments; overrides kernel.shmmni");
LIMIT_PARAM(semmsl, "most semaphores per set; overrides kernel.sem[0]");
LIMIT_PARAM(semmns, "most semaphores in all sets; overrides kernel.sem[1]");
LIMIT_PARAM(semopm, "most operations per semop call; overrides kernel.sem[2]");
LIMIT_PARAM(semmni, "most semaphore sets; overrides kernel.sem[3]");

/* A pipe capacity is a power of two from a page up to @max. */
static bool pipe_size_ok(unsigned int val, unsigned int max)
{
	return val >= PAGE_SIZE && val <= max && is_power_of_2(val);
}

/**
 * toyipc_limits_invalid - what is wrong with a set of limits
 * @l: the limits
 *
 * Return: NULL if every limit is valid, else a message naming the first
 * one that is not and its valid range (for the kernel log at load time
 * and the netlink error message at run time).
 */
const char *toyipc_limits_invalid(const struct toyipc_limits *l)
{
	if (l->nr_fifos > TOYIPC_MAX_FIFOS)
		return "nr_fifos: 0 to 64";
	if (!pipe_size_ok(l->pipe_max_size, TOYIPC_PIPE_SIZE_CEIL))
		return "pipe_max_size: a power of two from a page to 64 MiB";
	if (!pipe_size_ok(l->pipe_size, l->pipe_max_size))
		return "pipe_size: a power of two from a page to pipe_max_size";
	if (l->msgmax < 1 || l->msgmax > INT_MAX)
		return "msgmax: 1 to INT_MAX";
	if (l->msgmnb > INT_MAX)
		return "msgmnb: 0 to INT_MAX";
	if (l->msgmni > TOYIPC_IPCMNI)
		return "msgmni: 0 to 32768";
	if (l->shmmax < 1)
		return "shmmax: at least 1";
	if (l->shmall < 1)
		return "shmall: at least 1";
	if (l->shmmni > TOYIPC_IPCMNI)
		return "shmmni: 0 to 32768";
	if (l->semmsl < 1 || l->semmsl > 32000)
		return "semmsl: 1 to 32000";
	if (l->semmns > INT_MAX)
		return "semmns: 0 to INT_MAX";
	if (l->semopm < 1 || l->semopm > 1000)
		return "semopm: 1 to 1000";
	if (l->semmni > TOYIPC_IPCMNI)
		return "semmni: 0 to 32768";
	return NULL;
}

/**
 * toyipc_limits_check - validate a set of limits
 * @l: the limits
 *
 * Return: 0 if every limit is in range, else -EINVAL after logging the
 * first offending parameter by name.
 */
int toyipc_limits_check(const struct toyipc_limits *l)
{
	const char *why = toyipc_limits_invalid(l);

	if (!why)
		return 0;
	pr_err("invalid limit %s\n", why);
	return -EINVAL;
}

#define LIMIT(id, field, nl_attr, is_fixed, has_sysctl)			\
	[id] = {							\
	.name = #field,							\
	.attr = nl_attr,						\
	.offset = offsetof(struct toyipc_limits, field),		\
	.is_ulong = sizeof_field(struct toyipc_limits, field) == sizeof(long), \
	.fixed = is_fixed,						\
	.sysctl = has_sysctl,						\
}

/* Every limit, in the order toyipcctl shows them: enum toyipc_limit_id. */
const struct toyipc_limit_desc toyipc_limit_descs[] = {
	LIMIT(TOYIPC_LIM_NR_FIFOS, nr_fifos, TOYIPC_LIMIT_NR_FIFOS, true, false),
	LIMIT(TOYIPC_LIM_PIPE_SIZE, pipe_size, TOYIPC_LIMIT_PIPE_SIZE, false, false),
	LIMIT(TOYIPC_LIM_PIPE_MAX_SIZE, pipe_max_size, TOYIPC_LIMIT_PIPE_MAX_SIZE, false, false),
	LIMIT(TOYIPC_LIM_MSGMAX, msgmax, TOYIPC_LIMIT_MSGMAX, false, true),
	LIMIT(TOYIPC_LIM_MSGMNB, msgmnb, TOYIPC_LIMIT_MSGMNB, false, true),
	LIMIT(TOYIPC_LIM_MSGMNI, msgmni, TOYIPC_LIMIT_MSGMNI, false, true),
	LIMIT(TOYIPC_LIM_SHMMAX, shmmax, TOYIPC_LIMIT_SHMMAX, false, true),
	LIMIT(TOYIPC_LIM_SHMALL, shmall, TOYIPC_LIMIT_SHMALL, false, true),
	LIMIT(TOYIPC_LIM_SHMMNI, shmmni, TOYIPC_LIMIT_SHMMNI, false, true),
	LIMIT(TOYIPC_LIM_SEMMSL, semmsl, TOYIPC_LIMIT_SEMMSL, false, true),
	LIMIT(TOYIPC_LIM_SEMMNS, semmns, TOYIPC_LIMIT_SEMMNS, false, true),
	LIMIT(TOYIPC_LIM_SEMOPM, semopm, TOYIPC_LIMIT_SEMOPM, false, true),
	LIMIT(TOYIPC_LIM_SEMMNI, semmni, TOYIPC_LIMIT_SEMMNI, false, true),
	[TOYIPC_NR_LIMITS] = { }
};
static_assert(ARRAY_SIZE(toyipc_limit_descs) == TOYIPC_NR_LIMITS + 1);

/* The limit whose module parameter stores into @field, or NULL. */
static const struct toyipc_limit_desc *desc_of_field(const void *field)
{
	const struct toyipc_limit_desc *d;

	for (d = toyipc_limit_descs; d->name; d++)
		if ((const char *)&toyipc_limits + d->offset == field)
			return d;
	return NULL;
}

/* A sysctl int as an unsigned limit: below 0 reads as 0. */
static unsigned long unsigned_limit(int v)
{
	return v < 0 ? 0 : v;
}

/**
 * toyipc_limit_in - the value in force of one limit (pure, for KUnit)
 * @id: which limit
 * @l: the overrides
 * @by: who set @id in @l: TOYIPC_LIMIT_SRC_DEFAULT for nobody
 * @ns: the caller's IPC namespace, or NULL for none
 *
 * An override wins; else a System V limit is the sysctl of @ns of the
 * same name, the field Linux's ipc/ code reads; else the field of @l.
 * A negative sysctl reads as 0 here; kernel.shmmni cannot be negative
 * (its handler has a minimum of 0), nor can kernel.sem's semmni
 * (sem_check_semmni()), but semmsl, semmns and semopm can, and sem.c
 * enforces those with toyipc_sem_limit(), as the ints Linux compares.
 */
unsigned long toyipc_limit_in(enum toyipc_limit_id id, const struct toyipc_limits *l,
			      enum toyipc_limit_source by, const struct ipc_namespace *ns)
{
	const struct toyipc_limit_desc *d = &toyipc_limit_descs[id];

	if (by != TOYIPC_LIMIT_SRC_DEFAULT || !d->sysctl || !ns)
		return toyipc_limit_get(d, l);
	switch (id) {
	case TOYIPC_LIM_MSGMAX:
		return READ_ONCE(ns->msg_ctlmax);
	case TOYIPC_LIM_MSGMNB:
		return READ_ONCE(ns->msg_ctlmnb);
	case TOYIPC_LIM_MSGMNI:
		return READ_ONCE(ns->msg_ctlmni);
	case TOYIPC_LIM_SHMMAX:
		return READ_ONCE(ns->shm_ctlmax);
	case TOYIPC_LIM_SHMALL:
		return READ_ONCE(ns->shm_ctlall);
	case TOYIPC_LIM_SHMMNI:
		return unsigned_limit(READ_ONCE(ns->shm_ctlmni));
	case TOYIPC_LIM_SEMMSL:
	case TOYIPC_LIM_SEMMNS:
	case TOYIPC_LIM_SEMOPM:
	case TOYIPC_LIM_SEMMNI:
		return unsigned_limit(toyipc_sem_limit_in(id, l, by, ns));
	default:
		return toyipc_limit_get(d, l);
	}
}

/**
 * toyipc_sem_limit_in - a field of kernel.sem as the int Linux compares
 * @id: TOYIPC_LIM_SEMMSL, _SEMMNS, _SEMOPM or _SEMMNI
 * @l: the overrides
 * @by: who set @id in @l: TOYIPC_LIMIT_SRC_DEFAULT for nobody
 * @ns: the caller's IPC namespace, or NULL for none
 *
 * As toyipc_limit_in(), but a negative kernel.sem field stays negative:
 * ipc/sem.c compares semmsl and semmns with signed ints (a negative one
 * refuses every semget, even of zero semaphores) and semopm with the
 * unsigned nsops (a negative one refuses nothing).  Overrides are
 * validated to small positive numbers.  Pure, for KUnit.
 */
int toyipc_sem_limit_in(enum toyipc_limit_id id, const struct toyipc_limits *l,
			enum toyipc_limit_source by, const struct ipc_namespace *ns)
{
	if (by != TOYIPC_LIMIT_SRC_DEFAULT || !ns)
		return toyipc_limit_get(&toyipc_limit_descs[id], l);
	/* kernel.sem is "semmsl semmns semopm semmni", in that order */
	return READ_ONCE(ns->sem_ctls[id - TOYIPC_LIM_SEMMSL]);
}

/* The caller's IPC namespace; NULL once it has left them all in do_exit(). */
static const struct ipc_namespace *caller_ipc_ns(void)
{
	struct nsproxy *nsp = current->nsproxy;

	return nsp ? nsp->ipc_ns : NULL;
}

/**
 * toyipc_limit - the value in force of one limit, for the caller
 * @id: which limit
 *
 * Every place a mechanism enforces or reports a limit calls this, once
 * per operation.  Process context (it reads current's namespaces).
 */
unsigned long toyipc_limit(enum toyipc_limit_id id)
{
	return toyipc_limit_in(id, &toyipc_limits, READ_ONCE(set_by[id]), caller_ipc_ns());
}

/**
 * toyipc_sem_limit - kernel.sem's semmsl, semmns or semopm for the caller
 * @id: TOYIPC_LIM_SEMMSL, _SEMMNS or _SEMOPM
 *
 * See toyipc_sem_limit_in().  Process context.
 */
int toyipc_sem_limit(enum toyipc_limit_id id)
{
	return toyipc_sem_limit_in(id, &toyipc_limits, READ_ONCE(set_by[id]),
				   caller_ipc_ns());
}

/**
 * toyipc_limit_source - where toyipc_limit() takes @id from
 * @id: which limit
 */
enum toyipc_limit_source toyipc_limit_source(enum toyipc_limit_id id)
{
	enum toyipc_limit_source by = READ_ONCE(set_by[id]);

	if (by != TOYIPC_LIMIT_SRC_DEFAULT)
		return by;
	return toyipc_limit_descs[id].sysctl ? TOYIPC_LIMIT_SRC_SYSCTL : TOYIPC_LIMIT_SRC_DEFAULT;
}

/**
 * toyipc_sysctl_next_id - the caller's kernel.msg_next_id (shm_, sem_)
 * @kind: TOYIPC_KIND_MSG, _SHM or _SEM
 * @ns_inum: set to the namespace's inode number, which names it
 *
 * Only read: the namespace's field is the real kernel's state, which the
 * toy never writes (the registry remembers what it used, see add_id()).
 *
 * Return: the id asked for, or -1 if none (or no CHECKPOINT_RESTORE).
 */
int toyipc_sysctl_next_id(enum toyipc_kind kind, unsigned int *ns_inum)
{
	const struct ipc_namespace *ns = caller_ipc_ns();

	*ns_inum = 0;
	if (!ns)
		return -1;
	*ns_inum = ns->ns.inum;
	return toyipc_ns_next_id(ns, kind);
}

/* Serialises toyipc_limits_set(); readers take no lock (see the top). */
static DEFINE_MUTEX(limits_mutex);

/**
 * toyipc_limit_get - the value of one limit
 * @d: which limit
 * @l: the limits
 */
u64 toyipc_limit_get(const struct toyipc_limit_desc *d, const struct toyipc_limits *l)
{
	const void *p = (const char *)l + d->offset;

	return d->is_ulong ? READ_ONCE(*(const unsigned long *)p)
			   : READ_ONCE(*(const unsigned int *)p);
}

static void limit_store(const struct toyipc_limit_desc *d, struct toyipc_limits *l, u64 v)
{
	void *p = (char *)l + d->offset;

	if (d->is_ulong)
		WRITE_ONCE(*(unsigned long *)p, v);
	else
		WRITE_ONCE(*(unsigned int *)p, v);
}

/**
 * toyipc_limits_set - change limits at run time (netlink SET_LIMITS)
 * @values: a value per entry of toyipc_limit_descs
 * @given: which of them to set (they then override the sysctl)
 * @unset: which to unset: back to the sysctl, or to the default
 * @why: set to a message when the result would be invalid
 *
 * The new set is checked as a whole, then stored limit by limit: an
 * operation running meanwhile reads each limit once, old or new.
 *
 * Return: 0, -EINVAL (invalid, a value that does not fit its limit, or
 * a limit both set and unset), or -EPERM for a limit fixed at load time.
 */
int toyipc_limits_set(const u64 *values, const bool *given, const bool *unset,
		      const char **why)
{
	static const struct toyipc_limits defaults = TOYIPC_LIMITS_DEFAULT;
	const struct toyipc_limit_desc *d;
	u8 new_by[TOYIPC_NR_LIMITS];
	struct toyipc_limits new;
	int i, err = 0;

	mutex_lock(&limits_mutex);
	new = toyipc_limits;
	memcpy(new_by, set_by, sizeof(new_by));
	for (i = 0, d = toyipc_limit_descs; d->name; i++, d++) {
		if (!given[i] && !unset[i])
			continue;
		if (d->fixed) {
			*why = "this limit is fixed when the module is loaded";
			err = -EPERM;
			goto out_unlock;
		}
		if (given[i] && unset[i]) {
			*why = "a limit both set and unset";
			err = -EINVAL;
			goto out_unlock;
		}
		if (unset[i]) {
			limit_store(d, &new, toyipc_limit_get(d, &defaults));
			new_by[i] = TOYIPC_LIMIT_SRC_DEFAULT;
			continue;
		}
		if (!d->is_ulong && values[i] > UINT_MAX) {
			*why = "value too large";
			err = -EINVAL;
			goto out_unlock;
		}
		limit_store(d, &new, values[i]);
		new_by[i] = TOYIPC_LIMIT_SRC_NETLINK;
	}
	*why = toyipc_limits_invalid(&new);
	if (*why) {
		err = -EINVAL;
		goto out_unlock;
	}
	for (i = 0, d = toyipc_limit_descs; d->name; i++, d++) {
		limit_store(d, &toyipc_limits, toyipc_limit_get(d, &new));
		WRITE_ONCE(set_by[i], new_by[i]);
	}
out_unlock:
	mutex_unlock(&limits_mutex);
	return err;
}
