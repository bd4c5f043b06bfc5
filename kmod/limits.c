// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc limits: the module parameters and their validation.
 *
 * Every limit a mechanism enforces lives in struct toyipc_limits.  The
 * parameters are read-only once the module is loaded, so the struct needs
 * no lock: it is written by the module loader before toyipc_init() runs and
 * only read afterwards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/stddef.h>
#include <linux/toyipc.h>

#include "toyipc.h"

struct toyipc_limits toyipc_limits = TOYIPC_LIMITS_DEFAULT;

module_param_named(nr_fifos, toyipc_limits.nr_fifos, uint, 0444);
MODULE_PARM_DESC(nr_fifos, "number of named FIFOs /dev/toyfifoN (0-64)");
module_param_named(pipe_size, toyipc_limits.pipe_size, uint, 0444);
MODULE_PARM_DESC(pipe_size, "capacity of a new pipe in bytes (power of two, >= PAGE_SIZE)");
module_param_named(pipe_max_size, toyipc_limits.pipe_max_size, uint, 0444);
MODULE_PARM_DESC(pipe_max_size, "largest pipe capacity for unprivileged callers, like fs.pipe-max-size");
module_param_named(msgmax, toyipc_limits.msgmax, uint, 0444);
MODULE_PARM_DESC(msgmax, "largest message in bytes, like kernel.msgmax");
module_param_named(msgmnb, toyipc_limits.msgmnb, uint, 0444);
MODULE_PARM_DESC(msgmnb, "default bytes per queue, like kernel.msgmnb");
module_param_named(msgmni, toyipc_limits.msgmni, uint, 0444);
MODULE_PARM_DESC(msgmni, "most message queues, like kernel.msgmni");
module_param_named(shmmax, toyipc_limits.shmmax, ulong, 0444);
MODULE_PARM_DESC(shmmax, "largest segment in bytes, like kernel.shmmax");
module_param_named(shmall, toyipc_limits.shmall, ulong, 0444);
MODULE_PARM_DESC(shmall, "all segments together in pages, like kernel.shmall");
module_param_named(shmmni, toyipc_limits.shmmni, uint, 0444);
MODULE_PARM_DESC(shmmni, "most segments, like kernel.shmmni");
module_param_named(semmsl, toyipc_limits.semmsl, uint, 0444);
MODULE_PARM_DESC(semmsl, "most semaphores per set, like kernel.sem[0]");
module_param_named(semmns, toyipc_limits.semmns, uint, 0444);
MODULE_PARM_DESC(semmns, "most semaphores in all sets, like kernel.sem[1]");
module_param_named(semopm, toyipc_limits.semopm, uint, 0444);
MODULE_PARM_DESC(semopm, "most operations per semop call, like kernel.sem[2]");
module_param_named(semmni, toyipc_limits.semmni, uint, 0444);
MODULE_PARM_DESC(semmni, "most semaphore sets, like kernel.sem[3]");

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

#define LIMIT(field, nl_attr, is_fixed) {				\
	.name = #field,							\
	.attr = nl_attr,						\
	.offset = offsetof(struct toyipc_limits, field),		\
	.is_ulong = sizeof_field(struct toyipc_limits, field) == sizeof(long), \
	.fixed = is_fixed,						\
}

/* Every limit, in the order toyipcctl shows them. */
const struct toyipc_limit_desc toyipc_limit_descs[] = {
	LIMIT(nr_fifos, TOYIPC_LIMIT_NR_FIFOS, true),
	LIMIT(pipe_size, TOYIPC_LIMIT_PIPE_SIZE, false),
	LIMIT(pipe_max_size, TOYIPC_LIMIT_PIPE_MAX_SIZE, false),
	LIMIT(msgmax, TOYIPC_LIMIT_MSGMAX, false),
	LIMIT(msgmnb, TOYIPC_LIMIT_MSGMNB, false),
	LIMIT(msgmni, TOYIPC_LIMIT_MSGMNI, false),
	LIMIT(shmmax, TOYIPC_LIMIT_SHMMAX, false),
	LIMIT(shmall, TOYIPC_LIMIT_SHMALL, false),
	LIMIT(shmmni, TOYIPC_LIMIT_SHMMNI, false),
	LIMIT(semmsl, TOYIPC_LIMIT_SEMMSL, false),
	LIMIT(semmns, TOYIPC_LIMIT_SEMMNS, false),
	LIMIT(semopm, TOYIPC_LIMIT_SEMOPM, false),
	LIMIT(semmni, TOYIPC_LIMIT_SEMMNI, false),
	{ }
};
static_assert(ARRAY_SIZE(toyipc_limit_descs) == TOYIPC_NR_LIMITS + 1);

/* Serialises toyipc_limits_set(); readers take no lock (see toyipc.h). */
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
 * @given: which of them to change
 * @why: set to a message when the result would be invalid
 *
 * The new set is checked as a whole, then stored limit by limit: an
 * operation running meanwhile reads each limit once, old or new.
 *
 * Return: 0, -EINVAL (invalid, or a value that does not fit its limit),
 * or -EPERM for a limit fixed at load time.
 */
int toyipc_limits_set(const u64 *values, const bool *given, const char **why)
{
	const struct toyipc_limit_desc *d;
	struct toyipc_limits new;
	int i, err = 0;

	mutex_lock(&limits_mutex);
	new = toyipc_limits;
	for (i = 0, d = toyipc_limit_descs; d->name; i++, d++) {
		if (!given[i])
			continue;
		if (d->fixed) {
			*why = "this limit is fixed when the module is loaded";
			err = -EPERM;
			goto out_unlock;
		}
		if (!d->is_ulong && values[i] > UINT_MAX) {
			*why = "value too large";
			err = -EINVAL;
			goto out_unlock;
		}
		limit_store(d, &new, values[i]);
	}
	*why = toyipc_limits_invalid(&new);
	if (*why) {
		err = -EINVAL;
		goto out_unlock;
	}
	for (d = toyipc_limit_descs; d->name; d++)
		limit_store(d, &toyipc_limits, toyipc_limit_get(d, &new));
out_unlock:
	mutex_unlock(&limits_mutex);
	return err;
}
