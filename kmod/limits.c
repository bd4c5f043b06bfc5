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

static int check_range(const char *name, unsigned long val,
		       unsigned long min, unsigned long max)
{
	if (val >= min && val <= max)
		return 0;
	pr_err("%s=%lu is outside %lu..%lu\n", name, val, min, max);
	return -EINVAL;
}

static int check_pipe_size(const char *name, unsigned int val, unsigned int max)
{
	if (check_range(name, val, PAGE_SIZE, max))
		return -EINVAL;
	if (!is_power_of_2(val)) {
		pr_err("%s=%u is not a power of two\n", name, val);
		return -EINVAL;
	}
	return 0;
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
	if (check_range("nr_fifos", l->nr_fifos, 0, TOYIPC_MAX_FIFOS) ||
	    check_pipe_size("pipe_max_size", l->pipe_max_size, TOYIPC_PIPE_SIZE_CEIL) ||
	    check_pipe_size("pipe_size", l->pipe_size, l->pipe_max_size) ||
	    check_range("msgmax", l->msgmax, 1, INT_MAX) ||
	    check_range("msgmnb", l->msgmnb, 0, INT_MAX) ||
	    check_range("msgmni", l->msgmni, 0, TOYIPC_IPCMNI) ||
	    check_range("shmmax", l->shmmax, 1, ULONG_MAX) ||
	    check_range("shmall", l->shmall, 1, ULONG_MAX) ||
	    check_range("shmmni", l->shmmni, 0, TOYIPC_IPCMNI) ||
	    check_range("semmsl", l->semmsl, 1, 32000) ||
	    check_range("semmns", l->semmns, 0, INT_MAX) ||
	    check_range("semopm", l->semopm, 1, 1000) ||
	    check_range("semmni", l->semmni, 0, TOYIPC_IPCMNI))
		return -EINVAL;
	return 0;
}
