/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc statistics: global counters per mechanism, shown in
 * /proc/toyipc/stats and sent over netlink.
 *
 * Counters are per-CPU, so counting is one this_cpu_add() with no lock and
 * no shared cache line; reading sums the CPUs.  A reset while traffic runs
 * may miss an increment made on another CPU at that moment; with no
 * traffic, counters are exact.
 */
#ifndef _TOYIPC_STATS_H
#define _TOYIPC_STATS_H

#include <linux/percpu.h>
#include <linux/toyipc.h>
#include <linux/types.h>

/* Errors are counted per errno below this; the rest as "other". */
#define TOYIPC_STATS_NR_ERRNO	134	/* EHWPOISON + 1 */

struct toyipc_stats {
	u64 c[TOYIPC_NR_KINDS][TOYIPC_NR_COUNTERS];
	u64 err[TOYIPC_NR_KINDS][TOYIPC_STATS_NR_ERRNO + 1];
};

DECLARE_PER_CPU(struct toyipc_stats, toyipc_stats);

/* Add @n to counter @c of mechanism @kind. */
static inline void toyipc_count(enum toyipc_kind kind, enum toyipc_counter c, u64 n)
{
	this_cpu_add(toyipc_stats.c[kind][c], n);
}

long toyipc_count_call(enum toyipc_kind kind, long ret);
void toyipc_stats_sum(struct toyipc_stats *sum);
void toyipc_stats_reset(void);
int toyipc_stats_init(struct proc_dir_entry *dir);
const char *toyipc_errno_name(int err);

#endif /* _TOYIPC_STATS_H */
