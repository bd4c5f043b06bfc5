// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/stats.c: /proc/toyipc/stats, and that every ioctl of a
 * mechanism is counted exactly once, with its errno when it fails.
 * The mechanisms' own suites check their bytes, blocks and wake-ups.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <linux/toyipc.h>

#include "tt.h"

#define STATS "/proc/toyipc/stats"

static const char *const kinds[] = { "pipe", "msg", "shm", "sem" };

/* Reads the whole stats file into buf; NUL-terminated. */
static void read_stats(char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd = open(STATS, O_RDONLY);

	TT_ASSERT(fd >= 0);
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	TT_ASSERT(n == 0);
	buf[len] = '\0';
	close(fd);
}

/* The counters of one mechanism's row: ops, bytes, blocks, wakeups, errors. */
static void row(const char *kind, unsigned long long c[5])
{
	char buf[8192], name[16], *line;

	read_stats(buf, sizeof(buf));
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%15s %llu %llu %llu %llu %llu", name,
			   &c[0], &c[1], &c[2], &c[3], &c[4]) == 6 && !strcmp(name, kind))
			return;
	TT_FAIL("no row for %s in " STATS, kind);
}

/* The count of errno NAME for mechanism KIND in the "errors:" part, or 0. */
static unsigned long long errors(const char *kind, const char *errname)
{
	char buf[8192], k[16], e[16], *line, *tail;
	unsigned long long n;

	read_stats(buf, sizeof(buf));
	tail = strstr(buf, "\nerrors:\n");
	TT_ASSERT(tail != NULL);
	for (line = strtok(tail + 9, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "%15s %15s %llu", k, e, &n) == 3 &&
		    !strcmp(k, kind) && !strcmp(e, errname))
			return n;
	return 0;
}

static void stats_file_has_a_header_and_a_row_per_mechanism(void)
{
	unsigned long long c[5];
	char buf[8192];

	read_stats(buf, sizeof(buf));
	if (strncmp(buf, "kind ", 5) || !strstr(buf, " ops ") || !strstr(buf, " errors\n"))
		TT_FAIL("unexpected header: %.80s", buf);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		row(kinds[i], c);
	TT_ASSERT(strstr(buf, "\nerrors:\n") != NULL);
}

static void failed_ioctl_counts_one_op_and_its_errno(void)
{
	unsigned long long before[5], after[5], enotty;
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	row("msg", before);
	enotty = errors("msg", "ENOTTY");
	/* An unused number in the message queues' range 0x20-0x2f. */
	TT_ASSERT_ERRNO(ioctl(fd, _IO(TOYIPC_IOC_MAGIC, 0x2f)), ENOTTY);
	row("msg", after);
	if (after[0] != before[0] + 1 || after[4] != before[4] + 1)
		TT_FAIL("ops %llu -> %llu, errors %llu -> %llu; expected +1 each",
			before[0], after[0], before[4], after[4]);
	TT_ASSERT(errors("msg", "ENOTTY") == enotty + 1);
}

static void version_ioctl_is_not_a_mechanisms_call(void)
{
	unsigned long long before[4][5], after[5];
	struct toyipc_version v;
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	for (int k = 0; k < 4; k++)
		row(kinds[k], before[k]);
	TT_ASSERT(ioctl(fd, TOYIPC_IOC_VERSION, &v) == 0);
	for (int k = 0; k < 4; k++) {
		row(kinds[k], after);
		if (memcmp(before[k], after, sizeof(after)))
			TT_FAIL("the %s row changed", kinds[k]);
	}
}

static void stats_file_is_readable_by_all_and_writable_by_none(void)
{
	struct stat st;

	TT_ASSERT(stat(STATS, &st) == 0);
	if ((st.st_mode & 07777) != 0444)
		TT_FAIL("mode %04o, expected 0444", st.st_mode & 07777);
	/* Root ignores mode bits: try as an ordinary user. */
	TT_ASSERT(setgid(65534) == 0 && setuid(65534) == 0);
	TT_ASSERT_ERRNO(open(STATS, O_WRONLY), EACCES);
	TT_ASSERT(open(STATS, O_RDONLY) >= 0);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(stats_file_has_a_header_and_a_row_per_mechanism),
		TT_CASE(failed_ioctl_counts_one_op_and_its_errno),
		TT_CASE(version_ioctl_is_not_a_mechanisms_call),
		TT_CASE(stats_file_is_readable_by_all_and_writable_by_none),
		{ NULL, NULL },
	};

	return tt_main("stats", cases);
}
