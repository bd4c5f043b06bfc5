// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc statistics: the counters of stats.h and /proc/toyipc/stats.
 *
 * Every call into a mechanism is counted once, where it enters: ioctls on
 * /dev/toyipc by toyipc_ctl_ioctl() (the high nibble of the ioctl number names
 * the mechanism), reads and writes of pipes by pipe.c.  Bytes, blocks and
 * wake-ups are counted by the mechanisms where they happen.
 *
 * Locking: none.  Each CPU adds to its own copy (this_cpu_add() is safe
 * against preemption); readers sum the copies and may see a sum that is a
 * few increments old, which for counters is fine.
 */
#include <linux/errno.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "stats.h"

DEFINE_PER_CPU(struct toyipc_stats, toyipc_stats);

static const char *const kind_names[TOYIPC_NR_KINDS] = {
	[TOYIPC_KIND_PIPE]	= "pipe",
	[TOYIPC_KIND_MSG]	= "msg",
	[TOYIPC_KIND_SHM]	= "shm",
	[TOYIPC_KIND_SEM]	= "sem",
	[TOYIPC_KIND_MQ]	= "mq",
	[TOYIPC_KIND_POSIX_SHM]	= "pshm",
};

/* The errno values the toy mechanisms return, by name. */
static const char *const errno_names[TOYIPC_STATS_NR_ERRNO] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [EINTR] = "EINTR",
	[ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [EBADF] = "EBADF",
	[EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM", [EACCES] = "EACCES",
	[EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
	[EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE",
	[ENOTTY] = "ENOTTY", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC",
	[ESPIPE] = "ESPIPE", [EPIPE] = "EPIPE", [ERANGE] = "ERANGE",
	[ENOMSG] = "ENOMSG", [EIDRM] = "EIDRM", [EOVERFLOW] = "EOVERFLOW",
	[EPROTO] = "EPROTO", [EMSGSIZE] = "EMSGSIZE", [ETIMEDOUT] = "ETIMEDOUT",
	[ENAMETOOLONG] = "ENAMETOOLONG", [EISDIR] = "EISDIR",
};

/**
 * toyipc_errno_name - "EAGAIN" for EAGAIN, NULL for a number without a name here
 * @err: a positive errno value
 */
const char *toyipc_errno_name(int err)
{
	return err > 0 && err < TOYIPC_STATS_NR_ERRNO ? errno_names[err] : NULL;
}

/*
 * The errno a caller sees.  -ERESTARTSYS and friends never reach
 * userspace: the call is restarted or fails with EINTR; both are counted
 * as EINTR, an interrupted wait.
 */
static long user_error(long ret)
{
	switch (ret) {
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		return -EINTR;
	default:
		return ret;
	}
}

/**
 * toyipc_count_call - count one call into a mechanism and its result
 * @kind: the mechanism
 * @ret: what the call returns: >= 0 success, -errno failure
 *
 * Return: @ret, so that an entry point can end with
 * "return toyipc_count_call(kind, do_something());".
 */
long toyipc_count_call(enum toyipc_kind kind, long ret)
{
	long err;

	toyipc_count(kind, TOYIPC_STAT_OPS, 1);
	if (ret >= 0)
		return ret;
	toyipc_count(kind, TOYIPC_STAT_ERRORS, 1);
	err = -user_error(ret);
	this_cpu_inc(toyipc_stats.err[kind][min_t(long, err, TOYIPC_STATS_NR_ERRNO)]);
	return ret;
}

/**
 * toyipc_stats_sum - add up every CPU's counters
 * @sum: filled with the totals
 */
void toyipc_stats_sum(struct toyipc_stats *sum)
{
	int cpu, k, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct toyipc_stats *s = per_cpu_ptr(&toyipc_stats, cpu);

		for (k = 0; k < TOYIPC_NR_KINDS; k++) {
			for (i = 0; i < TOYIPC_NR_COUNTERS; i++)
				sum->c[k][i] += READ_ONCE(s->c[k][i]);
			for (i = 0; i <= TOYIPC_STATS_NR_ERRNO; i++)
				sum->err[k][i] += READ_ONCE(s->err[k][i]);
		}
	}
}

/** toyipc_stats_reset - set every counter to zero */
void toyipc_stats_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&toyipc_stats, cpu), 0, sizeof(struct toyipc_stats));
}

/*
 * /proc/toyipc/stats: a table of the counters, then one line per
 * mechanism and errno that occurred:
 *
 *	kind          ops        bytes       blocks      wakeups       errors
 *	pipe           12         4096            1            1            0
 *	...
 *	errors:
 *	msg    ENOMSG           2
 */
static int stats_show(struct seq_file *m, void *v)
{
	struct toyipc_stats *sum;
	const char *name;
	int k, i;

	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	toyipc_stats_sum(sum);
	seq_printf(m, "%-6s %12s %12s %12s %12s %12s\n",
		   "kind", "ops", "bytes", "blocks", "wakeups", "errors");
	for (k = TOYIPC_KIND_PIPE; k < TOYIPC_NR_KINDS; k++) {
		seq_printf(m, "%-6s", kind_names[k]);
		for (i = 0; i < TOYIPC_NR_COUNTERS; i++)
			seq_printf(m, " %12llu", sum->c[k][i]);
		seq_putc(m, '\n');
	}
	seq_puts(m, "errors:\n");
	for (k = TOYIPC_KIND_PIPE; k < TOYIPC_NR_KINDS; k++) {
		for (i = 1; i <= TOYIPC_STATS_NR_ERRNO; i++) {
			if (!sum->err[k][i])
				continue;
			name = toyipc_errno_name(i);
			if (name)
				seq_printf(m, "%-6s %-10s %12llu\n", kind_names[k], name,
					   sum->err[k][i]);
			else if (i < TOYIPC_STATS_NR_ERRNO)
				seq_printf(m, "%-6s errno%-5d %12llu\n", kind_names[k], i,
					   sum->err[k][i]);
			else
				seq_printf(m, "%-6s %-10s %12llu\n", kind_names[k], "other",
					   sum->err[k][i]);
		}
	}
	kfree(sum);
	return 0;
}

/**
 * toyipc_stats_init - create /proc/toyipc/stats
 * @dir: /proc/toyipc
 *
 * Return: 0 or -ENOMEM.  The file goes with the directory.
 */
int toyipc_stats_init(struct proc_dir_entry *dir)
{
	return proc_create_single("stats", 0444, dir, stats_show) ? 0 : -ENOMEM;
}
