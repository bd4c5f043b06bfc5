// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc-bench: the toy mechanisms next to the real kernel's, measured in
 * one run.
 *
 *	toyipc-bench [--mech pipe|msg|shm|all] [--quick] [--rounds N] [--json]
 *
 * A run is a number of rounds.  Each round runs every benchmark of the
 * chosen mechanisms once, and each benchmark runs the toy, the real and the
 * reference implementation one after the other in the same processes, in
 * an order that rotates from round to round.  A figure is the median of its
 * rounds, with the p25-p75 spread.  toy/real is the median of the
 * per-round ratios, with their p25-p75 spread: toy and real of one round
 * ran side by side on the same host at the same moment, so their ratio
 * cancels what the host was doing then; a ratio of the medians would mix
 * rounds (a quiet round's toy with a busy round's real).  memcpy
 * bandwidth, measured in the same rounds, is the physical reference: a
 * pipe copies every byte twice, so half of it is a pipe's ceiling.
 *
 * The table goes to stdout, or with --json the same data as JSON, one row
 * per line; progress goes to stderr.  Exit status 0, or 1 if a benchmark
 * failed (the message says which call).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "toyipc.h"

/* ---- memcpy: the physical reference ---- */

/*
 * Two sizes: 1 MiB, more than a hardware cache holds, and 64 KiB, the
 * pipe's chunk and capacity; the pipe's share of memcpy is taken against
 * the 64 KiB figure, the copy a pipe does.
 *
 * The destination starts 1 MiB and one page after the source.  Exactly
 * 1 MiB apart (two arrays of 1 MiB, as this bench had them), every source
 * page and its destination page share an entry of QEMU's direct-mapped
 * software TLB while it has 256 entries: in the guest, memcpy then ran at
 * 750-1100 MB/s, against 1490-1870 MB/s one page further apart, and the
 * figure moved with the TLB's size from one boot to the next (issue 17,
 * third pass).  An odd number of pages apart, no power-of-two TLB size
 * folds the two pages onto one entry.
 */
#define MEMCPY_SIZE (1 << 20)
#define MEMCPY_CHUNK (64 << 10)
#define PAGE_BYTES 4096

static void memcpy_round(size_t size)
{
	static char area[2 * MEMCPY_SIZE + PAGE_BYTES] __attribute__((aligned(PAGE_BYTES)));
	char *src = area, *dst = area + MEMCPY_SIZE + PAGE_BYTES;
	/* 64 MiB copied at either size */
	long iters = bench_iters(64 * (long)(MEMCPY_SIZE / size));
	double t0;

	memset(src, 'm', size);
	memcpy(dst, src, size);	/* fault both in first */
	t0 = bench_now_ns();
	for (long n = 0; n < iters; n++) {
		memcpy(dst, src, size);
		/* Keep the compiler from dropping copies nobody reads. */
		__asm__ volatile("" : : "r"(dst) : "memory");
	}
	bench_record("ref", "memcpy", size, "rate", "memcpy",
		     (double)size * (double)iters * 1e3 / (bench_now_ns() - t0));
}

static struct bench_summary memcpy_summary(size_t size)
{
	const struct bench_series *s = bench_find("ref", "memcpy", size, "rate", "memcpy");

	return s ? bench_summarize(s->v, s->n) : (struct bench_summary){ 0 };
}

/* ---- the report ---- */

struct run_info {
	struct utsname uts;
	char cpu[128];
	long nproc;
	char date[32];
	char command[256];
	const char *mech;
	bool quick;
};

static void run_info_fill(struct run_info *ri, int argc, char **argv)
{
	char line[256];
	time_t now = time(NULL);
	FILE *f;
	size_t len = 0;

	uname(&ri->uts);
	ri->nproc = sysconf(_SC_NPROCESSORS_ONLN);
	strftime(ri->date, sizeof(ri->date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	snprintf(ri->cpu, sizeof(ri->cpu), "unknown");
	f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(ri->cpu, sizeof(ri->cpu), "%s", colon + 2);
			ri->cpu[strcspn(ri->cpu, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	ri->command[0] = '\0';
	for (int i = 0; i < argc && len < sizeof(ri->command); i++)
		len += (size_t)snprintf(ri->command + len, sizeof(ri->command) - len,
					"%s%s", i ? " " : "", argv[i]);
}

/* A string for JSON: the report's strings have no quotes or backslashes to escape. */
static void json_str(const char *key, const char *val, const char *sep)
{
	printf("\"%s\": ", key);
	if (val)
		printf("\"%s\"%s", val, sep);
	else
		printf("null%s", sep);
}

/* "PREFIX_median": ..., "PREFIX_p25" ...; just "median" ... with PREFIX "". */
static void json_summary(const char *prefix, const struct bench_summary *s)
{
	static const char *const names[] = { "median", "p25", "p75", "min", "max" };
	const double v[] = { s->median, s->p25, s->p75, s->min, s->max };
	const char *sep = *prefix ? "_" : "";

	for (int i = 0; i < (s->n ? 5 : 1); i++) {
		if (s->n)
			printf(", \"%s%s%s\": %.6g", prefix, sep, names[i], v[i]);
		else
			printf(", \"%s%s%s\": null", prefix, sep, names[i]);
	}
}

static void print_json(const struct run_info *ri, const struct bench_summary mc[2],
		       const struct bench_report_row *rows, int nr_rows)
{
	printf("{\n");
	printf("\"tool\": \"toyipc-bench\",\n");
	json_str("kernel", ri->uts.release, ",\n");
	json_str("machine", ri->uts.machine, ",\n");
	json_str("cpu", ri->cpu, ",\n");
	printf("\"nproc\": %ld,\n", ri->nproc);
	json_str("date", ri->date, ",\n");
	json_str("command", ri->command, ",\n");
	json_str("mech", ri->mech, ",\n");
	printf("\"quick\": %s,\n", ri->quick ? "true" : "false");
	printf("\"rounds\": %d,\n", bench_opts.rounds);
	printf("\"memcpy\": {\"size\": %d, \"unit\": \"MB/s\"", MEMCPY_SIZE);
	json_summary("", &mc[0]);
	printf("},\n");
	printf("\"memcpy_chunk\": {\"size\": %d, \"unit\": \"MB/s\"", MEMCPY_CHUNK);
	json_summary("", &mc[1]);
	printf("},\n");
	printf("\"rows\": [\n");
	for (int i = 0; i < nr_rows; i++) {
		const struct bench_report_row *r = &rows[i];

		printf("{");
		json_str("mech", r->mech, ", ");
		json_str("test", r->test, ", ");
		printf("\"size\": %zu, ", r->size);
		json_str("metric", r->metric, ", ");
		json_str("unit", r->unit, ", ");
		json_str("better", r->lower_better ? "lower" : "higher", ", ");
		json_str("toy", r->name[0], ", ");
		json_str("real", r->name[1], ", ");
		json_str("ref", r->name[2], "");
		json_summary("toy", &r->fig[0]);
		json_summary("real", &r->fig[1]);
		json_summary("ref", &r->fig[2]);
		if (r->ratio.n)
			printf(", \"ratio\": %.6g, \"ratio_p25\": %.6g, \"ratio_p75\": %.6g",
			       r->ratio.median, r->ratio.p25, r->ratio.p75);
		else
			printf(", \"ratio\": null");
		printf("}%s\n", i + 1 < nr_rows ? "," : "");
	}
	printf("]\n}\n");
}

static const char *size_str(size_t size, char *buf, size_t len)
{
	if (size >= (1 << 20) && !(size % (1 << 20)))
		snprintf(buf, len, "%zu MiB", size >> 20);
	else if (size >= 1024 && !(size % 1024))
		snprintf(buf, len, "%zu KiB", size >> 10);
	else
		snprintf(buf, len, "%zu B", size);
	return buf;
}

static void fig_str(const struct bench_summary *s, char *buf, size_t len)
{
	if (s->n)
		snprintf(buf, len, "%.4g [%.4g-%.4g]", s->median, s->p25, s->p75);
	else
		snprintf(buf, len, "-");
}

static void print_table(const struct run_info *ri, const struct bench_summary mc[2],
			const struct bench_report_row *rows, int nr_rows)
{
	char size[32], fig[3][80], test[48];

	printf("toyipc-bench: Linux %s %s, %ld CPUs, %s; %d rounds%s\n",
	       ri->uts.release, ri->uts.machine, ri->nproc, ri->cpu, bench_opts.rounds,
	       ri->quick ? " (--quick)" : "");
	printf("Each figure: median over rounds [p25-p75].  toy/real: median of the per-round\n"
	       "ratios [their p25-p75]; for us, lower is better, for rates higher.\n\n");
	printf("%-5s %-20s %-8s %-8s %-12s %-26s %-12s %-26s %-12s %-22s %s\n",
	       "mech", "test", "size", "unit", "toy", "", "real", "", "reference", "",
	       "toy/real");
	for (int i = 0; i < nr_rows; i++) {
		const struct bench_report_row *r = &rows[i];

		for (int k = 0; k < 3; k++)
			fig_str(&r->fig[k], fig[k], sizeof(fig[k]));
		snprintf(test, sizeof(test), "%s%s%s", r->test,
			 strcmp(r->metric, "p50") && strcmp(r->metric, "p99") ? "" : " ",
			 strcmp(r->metric, "p50") && strcmp(r->metric, "p99") ? "" : r->metric);
		/* Some "sizes" are counts: queues, messages queued, pairs. */
		if (!strcmp(r->test, "getkey"))
			snprintf(size, sizeof(size), "%zu q", r->size);
		else if (!strcmp(r->test, "typed"))
			snprintf(size, sizeof(size), "%zu msgs", r->size);
		else if (!strncmp(r->test, "pairs-", 6))
			snprintf(size, sizeof(size), "%zu pairs", r->size);
		else
			size_str(r->size, size, sizeof(size));
		printf("%-5s %-20s %-8s %-8s %-12s %-26s %-12s %-26s %-12s %-22s",
		       r->mech, test, size, r->unit,
		       r->name[0], fig[0], r->name[1], fig[1], r->name[2] ? r->name[2] : "-",
		       fig[2]);
		if (r->ratio.n)
			printf(" %.3f [%.3f-%.3f]\n", r->ratio.median, r->ratio.p25,
			       r->ratio.p75);
		else
			printf(" -\n");
	}
	printf("\n");
	for (int k = 1; k >= 0; k--)
		if (mc[k].n)
			printf("memcpy of %s: %.4g MB/s [%.4g-%.4g]; a pipe copies each byte twice: "
			       "half is %.4g MB/s\n",
			       size_str(k ? MEMCPY_CHUNK : MEMCPY_SIZE, size, sizeof(size)),
			       mc[k].median, mc[k].p25, mc[k].p75, mc[k].median / 2);
}

/* ---- main ---- */

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: toyipc-bench [--mech pipe|msg|shm|all] [--quick] [--rounds N] [--json]\n"
		"  --mech M     only mechanism M (default all)\n"
		"  --quick      fewer rounds and iterations: a smoke run, not a measurement\n"
		"  --rounds N   rounds (default 11, 3 with --quick, at most %d)\n"
		"  --json       the results as JSON instead of a table\n", BENCH_MAX_ROUNDS);
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mech", required_argument, NULL, 'm' },
		{ "quick", no_argument, NULL, 'q' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_info ri = { .mech = "all" };
	struct bench_summary mc[2];
	const struct bench_report_row *rows;
	int nr_rows;
	bool json = false;
	int rounds = 0, c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			ri.mech = optarg;
			break;
		case 'q':
			ri.quick = true;
			break;
		case 'r':
			rounds = atoi(optarg);
			if (rounds < 1 || rounds > BENCH_MAX_ROUNDS)
				usage(2);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
		}
	}
	if (optind < argc || (strcmp(ri.mech, "all") && strcmp(ri.mech, "pipe") &&
			      strcmp(ri.mech, "msg") && strcmp(ri.mech, "shm")))
		usage(2);
	if (ri.quick) {
		bench_opts.rounds = 3;
		bench_opts.scale = 16;
	}
	if (rounds)
		bench_opts.rounds = rounds;
	run_info_fill(&ri, argc, argv);

	/* Never measure a toy that is not there: fail now, not halfway. */
	if (toyipc_abi_version() < 0)
		bench_die("the toyipc module (/dev/toyipc)");

	for (int round = 0; round < bench_opts.rounds; round++) {
		fprintf(stderr, "toyipc-bench: round %d of %d\n", round + 1, bench_opts.rounds);
		memcpy_round(MEMCPY_SIZE);
		memcpy_round(MEMCPY_CHUNK);
		if (!strcmp(ri.mech, "all") || !strcmp(ri.mech, "pipe"))
			bench_pipe_round(round);
		if (!strcmp(ri.mech, "all") || !strcmp(ri.mech, "msg"))
			bench_msg_round(round);
		if (!strcmp(ri.mech, "all") || !strcmp(ri.mech, "shm"))
			bench_shm_round(round);
	}

	if (!strcmp(ri.mech, "all") || !strcmp(ri.mech, "pipe"))
		bench_pipe_rows();
	if (!strcmp(ri.mech, "all") || !strcmp(ri.mech, "msg"))
		bench_msg_rows();
	if (!strcmp(ri.mech, "all") || !strcmp(ri.mech, "shm"))
		bench_shm_rows();
	rows = bench_report(&nr_rows);
	mc[0] = memcpy_summary(MEMCPY_SIZE);
	mc[1] = memcpy_summary(MEMCPY_CHUNK);

	if (json)
		print_json(&ri, mc, rows, nr_rows);
	else
		print_table(&ri, mc, rows, nr_rows);
	return 0;
}
