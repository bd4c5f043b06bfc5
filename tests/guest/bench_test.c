// SPDX-License-Identifier: GPL-2.0
/*
 * bench_test: toyipc-bench --quick --json runs and reports what it
 * promises.  A smoke test of the tool, not of performance: no figure is
 * compared with a time, since a benchmark is a tool, and timings on a
 * loaded machine would make the test flaky.
 *
 * The run happens once, before the tests; each test then checks one
 * promise of its JSON: every mechanism and size has a row, every figure is
 * positive, every ratio is the median of its per-round ratios, every spread brackets its median.
 */
#include <ctype.h>
#include <stdbool.h>
#include <sys/utsname.h>

#include "tt.h"

/*
 * toyipc-bench --quick took 30-70 s on the debug kernel (KASAN, lockdep)
 * under TCG with every mechanism's rows; issue 17's rows (more msg sizes,
 * msgget over 1000 queues, 64 MiB attaches) made it pass 300 s there on a
 * loaded host (two rounds of three in 300 s).  A smoke test, not a timing,
 * so it gets far more than that.
 */
#define BENCH_TIMEOUT 900

/* ---- a small JSON reader: enough for toyipc-bench's output ---- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	double num;			/* J_NUM, J_BOOL */
	char *str;			/* J_STR */
	int n;				/* J_ARR, J_OBJ: items */
	char **keys;			/* J_OBJ */
	struct jval **items;		/* J_ARR, J_OBJ */
};

static const char *jp;			/* where the reader is */

static void skip_space(void)
{
	while (isspace((unsigned char)*jp))
		jp++;
}

static struct jval *jnew(enum jtype type)
{
	struct jval *v = calloc(1, sizeof(*v));

	if (!v)
		TT_FAIL("out of memory");
	v->type = type;
	return v;
}

static char *jstring(void)
{
	const char *start = ++jp;	/* past the quote */
	char *s;

	while (*jp && *jp != '"') {
		if (*jp == '\\')
			TT_FAIL("unexpected escape in a JSON string near '%.20s'", jp);
		jp++;
	}
	if (*jp != '"')
		TT_FAIL("unterminated JSON string");
	s = strndup(start, (size_t)(jp - start));
	jp++;
	return s;
}

static struct jval *jparse(void);

static void jadd(struct jval *v, char *key, struct jval *item)
{
	v->items = realloc(v->items, sizeof(*v->items) * (size_t)(v->n + 1));
	v->keys = realloc(v->keys, sizeof(*v->keys) * (size_t)(v->n + 1));
	if (!v->items || !v->keys)
		TT_FAIL("out of memory");
	v->keys[v->n] = key;
	v->items[v->n++] = item;
}

static struct jval *jcontainer(char close, enum jtype type)
{
	struct jval *v = jnew(type);
	char *key = NULL;

	jp++;
	skip_space();
	if (*jp == close) {
		jp++;
		return v;
	}
	for (;;) {
		skip_space();
		if (type == J_OBJ) {
			if (*jp != '"')
				TT_FAIL("expected a key near '%.20s'", jp);
			key = jstring();
			skip_space();
			if (*jp++ != ':')
				TT_FAIL("expected ':' after \"%s\"", key);
		}
		jadd(v, key, jparse());
		skip_space();
		if (*jp == ',') {
			jp++;
			continue;
		}
		if (*jp++ != close)
			TT_FAIL("expected ',' or '%c' near '%.20s'", close, jp - 1);
		return v;
	}
}

static struct jval *jparse(void)
{
	struct jval *v;
	char *end;

	skip_space();
	switch (*jp) {
	case '{':
		return jcontainer('}', J_OBJ);
	case '[':
		return jcontainer(']', J_ARR);
	case '"':
		v = jnew(J_STR);
		v->str = jstring();
		return v;
	}
	if (!strncmp(jp, "null", 4)) {
		jp += 4;
		return jnew(J_NULL);
	}
	if (!strncmp(jp, "true", 4) || !strncmp(jp, "false", 5)) {
		v = jnew(J_BOOL);
		v->num = *jp == 't';
		jp += *jp == 't' ? 4 : 5;
		return v;
	}
	v = jnew(J_NUM);
	v->num = strtod(jp, &end);
	if (end == jp)
		TT_FAIL("not JSON near '%.20s'", jp);
	jp = end;
	return v;
}

static struct jval *jget(const struct jval *obj, const char *key)
{
	for (int i = 0; obj->type == J_OBJ && i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

static const char *jstr(const struct jval *obj, const char *key)
{
	const struct jval *v = jget(obj, key);

	return v && v->type == J_STR ? v->str : NULL;
}

/* A number that must be there. */
static double jnum(const struct jval *obj, const char *key)
{
	const struct jval *v = jget(obj, key);

	if (!v || v->type != J_NUM)
		TT_FAIL("\"%s\" is not a number", key);
	return v->num;
}

/* ---- the run ---- */

static char output[1 << 20];		/* toyipc-bench's stdout */
static int run_status = -1;		/* its wait status */

/* kernel.msgmax before and after the run: the bench raises it and must put it back. */
#define MSGMAX_PATH "/proc/sys/kernel/msgmax"
static long msgmax_before = -1, msgmax_after = -1;

static long read_msgmax(void)
{
	char line[32];

	return tt_read_line(MSGMAX_PATH, line, sizeof(line)) ? -1 : strtol(line, NULL, 10);
}

static void run_bench(void)
{
	size_t len = 0;
	ssize_t n;
	int fd[2];
	pid_t pid;

	msgmax_before = read_msgmax();
	if (pipe(fd) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		alarm(BENCH_TIMEOUT);	/* kept across exec: a hung run fails, not hangs */
		execlp("toyipc-bench", "toyipc-bench", "--quick", "--json", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while (len < sizeof(output) - 1 &&
	       (n = read(fd[0], output + len, sizeof(output) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd[0]);
	waitpid(pid, &run_status, 0);
	msgmax_after = read_msgmax();
}

/* The JSON of the run, or fail the test. */
static struct jval *report(void)
{
	struct jval *v;

	if (!WIFEXITED(run_status) || WEXITSTATUS(run_status))
		TT_FAIL("toyipc-bench --quick --json: wait status %#x", run_status);
	jp = output;
	v = jparse();
	skip_space();
	if (v->type != J_OBJ || *jp)
		TT_FAIL("the output is not one JSON object");
	return v;
}

static struct jval *rows(void)
{
	struct jval *r = jget(report(), "rows");

	if (!r || r->type != J_ARR || !r->n)
		TT_FAIL("no \"rows\" array");
	return r;
}

/* ---- the tests ---- */

static void the_quick_run_prints_one_json_object(void)
{
	report();
}

static void the_report_states_kernel_machine_and_rounds(void)
{
	struct jval *r = report();
	struct utsname uts;

	TT_ASSERT(uname(&uts) == 0);
	TT_ASSERT(jstr(r, "kernel") && !strcmp(jstr(r, "kernel"), uts.release));
	TT_ASSERT(jstr(r, "machine") && !strcmp(jstr(r, "machine"), uts.machine));
	TT_ASSERT(jstr(r, "cpu") && jstr(r, "date") && jstr(r, "command"));
	TT_ASSERT(jnum(r, "nproc") >= 1);
	TT_ASSERT(jnum(r, "rounds") >= 1);
	TT_ASSERT(jget(r, "quick") && jget(r, "quick")->num == 1);
}

/* Every figure the issue asks for: mechanism, test, size, metric. */
static const struct {
	const char *mech, *test;
	double size;
	const char *metric, *toy, *real;
} expected[] = {
	{ "pipe", "pingpong", 1, "p50", "toy pipe", "pipe(2)" },
	{ "pipe", "pingpong", 1, "p99", "toy pipe", "pipe(2)" },
	{ "pipe", "pingpong", 1, "p50", "toy FIFO", "mkfifo FIFO" },
	{ "pipe", "pingpong", 1, "p99", "toy FIFO", "mkfifo FIFO" },
	{ "pipe", "stream", 64, "rate", "toy pipe", "pipe(2)" },
	{ "pipe", "stream", 4096, "rate", "toy pipe", "pipe(2)" },
	{ "pipe", "stream", 65536, "rate", "toy pipe", "pipe(2)" },
	{ "pipe", "stream", 1048576, "rate", "toy pipe", "pipe(2)" },
	{ "pipe", "stream", 64, "rate", "toy FIFO", "mkfifo FIFO" },
	{ "pipe", "stream", 4096, "rate", "toy FIFO", "mkfifo FIFO" },
	{ "pipe", "stream", 65536, "rate", "toy FIFO", "mkfifo FIFO" },
	{ "pipe", "stream", 1048576, "rate", "toy FIFO", "mkfifo FIFO" },
	{ "pipe", "stream-pinned", 65536, "rate", "toy pipe", "pipe(2)" },
	{ "pipe", "stream-pinned", 65536, "rate", "toy FIFO", "mkfifo FIFO" },
	{ "msg", "pingpong", 100, "p50", "toy msg", "SysV msg" },
	{ "msg", "pingpong", 1024, "p50", "toy msg", "SysV msg" },
	{ "msg", "pingpong", 8192, "p50", "toy msg", "SysV msg" },
	{ "msg", "stream", 64, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 100, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 1024, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 4096, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 8160, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 8161, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 8192, "rate", "toy msg", "SysV msg" },
	{ "msg", "stream", 16384, "rate", "toy msg", "SysV msg" },	/* root: msgmax raised */
	{ "msg", "stream", 65536, "rate", "toy msg", "SysV msg" },
	{ "msg", "typed", 1, "time", "toy msg", "SysV msg" },
	{ "msg", "typed", 10, "time", "toy msg", "SysV msg" },
	{ "msg", "typed", 100, "time", "toy msg", "SysV msg" },
	{ "msg", "typed", 1000, "time", "toy msg", "SysV msg" },	/* root: qbytes raised */
	{ "msg", "typed", 10000, "time", "toy msg", "SysV msg" },
	{ "msg", "getkey", 1, "time", "toy msg", "SysV msg" },
	{ "msg", "getkey", 100, "time", "toy msg", "SysV msg" },
	{ "msg", "getkey", 1000, "time", "toy msg", "SysV msg" },
	{ "msg", "pair", 100, "time", "toy msg", "SysV msg" },
	{ "msg", "entry", 0, "time", "ioctl(/dev/toyipc)", "getppid(2)" },
	{ "msg", "pairs-pinned", 1, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-pinned", 2, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-pinned", 4, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-pinned", 8, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-spread", 1, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-spread", 2, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-spread", 4, "rate", "toy msg", "SysV msg" },
	{ "msg", "pairs-spread", 8, "rate", "toy msg", "SysV msg" },
	{ "msg", "pingpong-hog", 100, "p50", "toy msg", "SysV msg" },
	{ "shm", "attach", 4096, "mean", "toy shm", "SysV shm" },
	{ "shm", "attach", 65536, "mean", "toy shm", "SysV shm" },
	{ "shm", "attach", 1048576, "mean", "toy shm", "SysV shm" },
	{ "shm", "attach", 4194304, "mean", "toy shm", "SysV shm" },
	{ "shm", "attach", 16777216, "mean", "toy shm", "SysV shm" },
	{ "shm", "attach", 67108864, "mean", "toy shm", "SysV shm" },
	{ "shm", "attach-entry", 16777216, "mean", "SysV shm + 2 ioctl(/dev/toyipc)",
	  "SysV shm + 2 getppid(2)" },
	{ "shm", "first-touch", -1, "mean", "toy shm", "SysV shm" },	/* any size */
	{ "shm", "sem-pingpong", 4096, "mean", "toy shm", "SysV shm" },
	{ "shm", "sem-pingpong-hog", 4096, "mean", "toy shm", "SysV shm" },
	{ "shm", "sem-pingpong-pinned", 4096, "mean", "toy shm", "SysV shm" },
	{ "shm", "entry-pinned", 4096, "mean", "SysV sem + 2 ioctl(/dev/toyipc)",
	  "SysV sem + 2 getppid(2)" },
	{ "mq", "pingpong", 1024, "p50", "toy mq", "POSIX mq" },
	{ "mq", "stream", 1024, "rate", "toy mq", "POSIX mq" },
	{ "pshm", "first-touch", -1, "mean", "toy POSIX shm", "POSIX shm" },	/* any size */
};

#define NR_EXPECTED (int)(sizeof(expected) / sizeof(expected[0]))

static void every_mechanism_and_size_has_a_row(void)
{
	struct jval *r = rows();

	for (int e = 0; e < NR_EXPECTED; e++) {
		int found = 0;

		for (int i = 0; i < r->n; i++) {
			struct jval *row = r->items[i];

			if (!strcmp(jstr(row, "mech"), expected[e].mech) &&
			    !strcmp(jstr(row, "test"), expected[e].test) &&
			    (expected[e].size < 0 || jnum(row, "size") == expected[e].size) &&
			    !strcmp(jstr(row, "metric"), expected[e].metric) &&
			    !strcmp(jstr(row, "toy"), expected[e].toy) &&
			    !strcmp(jstr(row, "real"), expected[e].real))
				found++;
		}
		if (found != 1)
			TT_FAIL("%d rows for %s %s %g %s %s vs %s, expected 1", found,
				expected[e].mech, expected[e].test, expected[e].size,
				expected[e].metric, expected[e].toy, expected[e].real);
	}
	if (r->n != NR_EXPECTED)
		TT_FAIL("%d rows, expected %d", r->n, NR_EXPECTED);
}

static void toy_real_and_reference_figures_are_positive(void)
{
	struct jval *r = rows();

	for (int i = 0; i < r->n; i++) {
		struct jval *row = r->items[i];

		if (!(jnum(row, "toy_median") > 0) || !(jnum(row, "real_median") > 0))
			TT_FAIL("row %d (%s %s): a figure is not positive", i,
				jstr(row, "mech"), jstr(row, "test"));
		if (jstr(row, "ref") && !(jnum(row, "ref_median") > 0))
			TT_FAIL("row %d: the reference %s is not positive", i, jstr(row, "ref"));
		if (!jstr(row, "unit") || !jstr(row, "better"))
			TT_FAIL("row %d: no unit or direction", i);
	}
	TT_ASSERT(jnum(jget(report(), "memcpy"), "median") > 0);
	TT_ASSERT(jnum(jget(report(), "memcpy_chunk"), "median") > 0);
	TT_ASSERT(jnum(jget(report(), "memcpy_chunk"), "size") == 65536);
}

/*
 * The ratio is the median of the per-round toy/real ratios (paired: toy
 * and real of a round ran at the same moment), so it lies within their
 * p25-p75, and it is positive.
 */
static void every_ratio_is_the_median_of_per_round_ratios(void)
{
	struct jval *r = rows();

	for (int i = 0; i < r->n; i++) {
		struct jval *row = r->items[i];
		double ratio = jnum(row, "ratio");
		double p25 = jnum(row, "ratio_p25"), p75 = jnum(row, "ratio_p75");

		if (!(ratio > 0))
			TT_FAIL("row %d: ratio %g is not positive", i, ratio);
		/* Printed with 6 significant digits. */
		if (!(p25 <= ratio * (1 + 1e-5) && ratio <= p75 * (1 + 1e-5)))
			TT_FAIL("row %d: ratio %g outside its spread [%g, %g]", i, ratio, p25, p75);
	}
}

static void every_spread_brackets_its_median(void)
{
	static const char *const who[] = { "toy", "real" };
	struct jval *r = rows();
	char key[5][32];

	for (int i = 0; i < r->n; i++) {
		for (int w = 0; w < 2; w++) {
			double v[5];

			snprintf(key[0], sizeof(key[0]), "%s_min", who[w]);
			snprintf(key[1], sizeof(key[1]), "%s_p25", who[w]);
			snprintf(key[2], sizeof(key[2]), "%s_median", who[w]);
			snprintf(key[3], sizeof(key[3]), "%s_p75", who[w]);
			snprintf(key[4], sizeof(key[4]), "%s_max", who[w]);
			for (int k = 0; k < 5; k++)
				v[k] = jnum(r->items[i], key[k]);
			for (int k = 0; k < 4; k++)
				if (!(v[k] <= v[k + 1] * (1 + 1e-5)))
					TT_FAIL("row %d: %s %g > %s %g", i, key[k], v[k],
						key[k + 1], v[k + 1]);
		}
	}
}

/*
 * The run raised kernel.msgmax to 65536 for its 16 and 64 KiB messages (the
 * rows above say it ran them) and put back what was there before.
 */
static void the_run_puts_kernel_msgmax_back(void)
{
	report();
	if (msgmax_before < 0)
		TT_FAIL("cannot read " MSGMAX_PATH);
	TT_ASSERT(msgmax_before < 65536);	/* or the test would prove nothing */
	if (msgmax_after != msgmax_before)
		TT_FAIL("kernel.msgmax was %ld before the run and is %ld after",
			msgmax_before, msgmax_after);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(the_quick_run_prints_one_json_object),
		TT_CASE(the_report_states_kernel_machine_and_rounds),
		TT_CASE(every_mechanism_and_size_has_a_row),
		TT_CASE(toy_real_and_reference_figures_are_positive),
		TT_CASE(every_ratio_is_the_median_of_per_round_ratios),
		TT_CASE(every_spread_brackets_its_median),
		TT_CASE(the_run_puts_kernel_msgmax_back),
		{ NULL, NULL },
	};

	run_bench();
	setenv("TT_TIMEOUT", "300", 0);	/* BENCH_TIMEOUT, for tt_run() */
	return tt_main("bench", cases);
}
