/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats_file.h: reading /proc/toyipc/stats in the guest tests
 * (stats_test checks the file itself, ctl_test compares toyipcctl with it).
 */
#ifndef STATS_FILE_H
#define STATS_FILE_H

#include "tt.h"

#define STATS "/proc/toyipc/stats"

/* One mechanism's row: ops, bytes, blocks, wakeups, errors. */
static inline void stats_row(const char *kind, unsigned long long c[5])
{
	char buf[8192], name[16], *line;

	tt_read_file(STATS, buf, sizeof(buf));
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%15s %llu %llu %llu %llu %llu", name,
			   &c[0], &c[1], &c[2], &c[3], &c[4]) == 6 && !strcmp(name, kind))
			return;
	TT_FAIL("no row for %s in " STATS, kind);
}

#endif /* STATS_FILE_H */
