// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of user/toyipcctl: each command run as a program, its output, its
 * messages and its exit status checked against what the module says
 * through its other doors (/proc/toyipc/stats, the module parameters in
 * /sys/module/toyipc/parameters).  JSON output is parsed (a small strict
 * parser below) and checked value by value.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "stats_file.h"
#include "tt.h"
#include "prog_run.h"

#define MODULE_PATH	"/lib/toyipc.ko"		/* where tests/vm/init loads it from */
#define MODULE_PARAMS	"/etc/toyipc/modparams"
#define PARAMS		"/sys/module/toyipc/parameters/"
#define NOBODY		65534

static const char *const kinds[] = { "pipe", "msg", "shm", "sem", "mq", "pshm" };
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))
#define IPCS_KINDS NKINDS	/* ipcs lists every kind */

/* ---- running toyipcctl (prog_run.h) */

static pid_t start_ctl(uid_t uid, const char *const *argv)
{
	return prog_start(uid, "toyipcctl", argv);
}

static void finish_ctl(pid_t pid, struct run *r)
{
	prog_finish(pid, r);
}

static void run_as(uid_t uid, struct run *r, const char *const *argv)
{
	prog_finish(prog_start(uid, "toyipcctl", argv), r);
}

#define CTL(r, ...)	  run_as(0, (r), (const char *const[]){ __VA_ARGS__, NULL })
#define CTL_AS(u, r, ...) run_as((u), (r), (const char *const[]){ __VA_ARGS__, NULL })

/* Fails unless the run ended with @status. */
static void expect_status(const struct run *r, int status, const char *what)
{
	if (r->status != status)
		TT_FAIL("toyipcctl %s: status %d, expected %d; stderr: %s", what, r->status,
			status, r->err);
}

/* Fails unless stderr is exactly @line and a newline. */
static void expect_stderr(const struct run *r, const char *line)
{
	size_t n = strlen(line);

	if (strncmp(r->err, line, n) || strcmp(r->err + n, "\n"))
		TT_FAIL("stderr '%s', expected '%s'", r->err, line);
}

/* Fails unless stderr starts with @prefix. */
static void expect_stderr_prefix(const struct run *r, const char *prefix)
{
	if (strncmp(r->err, prefix, strlen(prefix)))
		TT_FAIL("stderr '%s', expected it to start with '%s'", r->err, prefix);
}

/* ---- a strict JSON parser: values in a tree, numbers kept as text */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	char *key;		/* a member's name */
	char *text;		/* J_NUM, J_STR, J_BOOL */
	struct jval *child;	/* J_ARR, J_OBJ: first element or member */
	struct jval *next;
};

static void skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* A string at *p (after its opening quote); an escaped character stays itself. */
static char *parse_string(const char **p)
{
	char *s = malloc(strlen(*p) + 1), *d = s;

	TT_ASSERT(s);
	while (**p != '"') {
		if (!**p || (unsigned char)**p < 0x20)
			TT_FAIL("JSON: unterminated string");
		if (**p == '\\')
			(*p)++;
		*d++ = *(*p)++;
	}
	(*p)++;
	*d = '\0';
	return s;
}

static struct jval *parse_value(const char **p);

/* Elements of an array or members of an object, up to @close. */
static void parse_children(const char **p, struct jval *v, char close)
{
	struct jval **tail = &v->child;

	skip_space(p);
	if (**p == close) {
		(*p)++;
		return;
	}
	for (;;) {
		char *key = NULL;

		skip_space(p);
		if (close == '}') {
			if (*(*p)++ != '"')
				TT_FAIL("JSON: a member without a name at '%.20s'", *p - 1);
			key = parse_string(p);
			skip_space(p);
			if (*(*p)++ != ':')
				TT_FAIL("JSON: no ':' after \"%s\"", key);
		}
		*tail = parse_value(p);
		(*tail)->key = key;
		tail = &(*tail)->next;
		skip_space(p);
		if (**p == close) {
			(*p)++;
			return;
		}
		if (*(*p)++ != ',')
			TT_FAIL("JSON: expected ',' or '%c' at '%.20s'", close, *p - 1);
	}
}

static struct jval *parse_value(const char **p)
{
	struct jval *v = calloc(1, sizeof(*v));
	const char *start;

	TT_ASSERT(v);
	skip_space(p);
	start = *p;
	if (**p == '{' || **p == '[') {
		v->type = **p == '{' ? J_OBJ : J_ARR;
		(*p)++;
		parse_children(p, v, v->type == J_OBJ ? '}' : ']');
	} else if (**p == '"') {
		(*p)++;
		v->type = J_STR;
		v->text = parse_string(p);
	} else if (**p == '-' || (**p >= '0' && **p <= '9')) {
		v->type = J_NUM;
		strtod(start, (char **)p);
		v->text = strndup(start, *p - start);
	} else if (!strncmp(*p, "true", 4) || !strncmp(*p, "false", 5)) {
		v->type = J_BOOL;
		v->text = strdup(**p == 't' ? "true" : "false");
		*p += strlen(v->text);
	} else if (!strncmp(*p, "null", 4)) {
		*p += 4;
	} else {
		TT_FAIL("JSON: unexpected '%.20s'", *p);
	}
	return v;
}

/* Parses @text, which must be one JSON value (and a newline). */
static struct jval *json_parse(const char *text)
{
	const char *p = text;
	struct jval *v = parse_value(&p);

	skip_space(&p);
	if (*p)
		TT_FAIL("JSON: trailing text '%.20s'", p);
	return v;
}

static struct jval *json_get(const struct jval *obj, const char *key)
{
	TT_ASSERT(obj->type == J_OBJ);
	for (struct jval *m = obj->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return m;
	TT_FAIL("JSON: no member \"%s\"", key);
}

static size_t json_count(const struct jval *v)
{
	size_t n = 0;

	for (struct jval *c = v->child; c; c = c->next)
		n++;
	return n;
}

static unsigned long long json_number(const struct jval *obj, const char *key)
{
	const struct jval *v = json_get(obj, key);

	if (v->type != J_NUM)
		TT_FAIL("JSON: \"%s\" is not a number", key);
	return strtoull(v->text, NULL, 10);
}

/* ---- the module's other doors */

static unsigned long long param(const char *name)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	tt_read_file(path, buf, sizeof(buf));
	return strtoull(buf, NULL, 10);
}

/* Known traffic: @n failed ioctls in the message queues' range, each ENOTTY. */
static void make_failed_msg_calls(int n)
{
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	for (int i = 0; i < n; i++)
		TT_ASSERT_ERRNO(ioctl(fd, _IO(TOYIPC_IOC_MAGIC, 0x2f)), ENOTTY);
	close(fd);
}

static int delete_module(void)
{
	return syscall(SYS_delete_module, "toyipc", O_NONBLOCK);
}

static void load_module(void)
{
	char params[256] = "";
	int ko = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);

	tt_read_file(MODULE_PARAMS, params, sizeof(params));
	params[strcspn(params, "\n")] = '\0';
	TT_ASSERT(ko >= 0);
	TT_ASSERT(syscall(SYS_finit_module, ko, params, 0) == 0);
	close(ko);
}

/* ---- usage */

static void help_prints_usage_on_stdout_with_status_0(void)
{
	struct run r;

	CTL(&r, "--help");
	expect_status(&r, 0, "--help");
	TT_ASSERT(!strncmp(r.out, "usage: toyipcctl COMMAND", 24));
	CTL(&r, "stats", "-h");
	expect_status(&r, 0, "stats -h");
	TT_ASSERT(!strncmp(r.out, "usage: toyipcctl COMMAND", 24));
}

static void version_prints_the_version_on_stdout_with_status_0(void)
{
	struct run r;

	CTL(&r, "--version");
	expect_status(&r, 0, "--version");
	TT_ASSERT(!strcmp(r.out, "toyipcctl from toyipc 0.1\n") && !r.err[0]);
}

/*
 * A mistake is said once, in toyipcctl's words, followed by where the
 * usage is (as util-linux tools do): the usage itself only with -h.
 */
static void bad_arguments_print_why_and_a_help_hint_with_status_2(void)
{
	static const struct {
		const char *argv[6];
		const char *why;	/* the first line of stderr */
	} cases[] = {
		{ { NULL }, "toyipcctl: no command given" },
		{ { "frob" }, "toyipcctl: unknown command 'frob'" },
		{ { "stats", "-x" }, "toyipcctl: stats: invalid option -- 'x'" },
		{ { "ipcs", "--jsn" }, "toyipcctl: ipcs: unrecognized option '--jsn'" },
		{ { "ipcs", "--id" }, "toyipcctl: ipcs: option '--id' requires an argument" },
		{ { "ipcs", "-i", "x" }, "toyipcctl: ipcs: bad id 'x'" },
		{ { "ipcs", "-i", "1" }, "toyipcctl: ipcs: -i ID takes one of -q, -m, -s" },
		{ { "ipcs", "-q", "-m", "-i", "1" },
		  "toyipcctl: ipcs: -i ID takes one of -q, -m, -s" },
		{ { "rm", "-q" }, "toyipcctl: rm: option requires an argument -- 'q'" },
		{ { "rm", "-a", "pipe" }, "toyipcctl: rm: -a takes msg, shm or sem, not 'pipe'" },
		{ { "rm", "-a", "-q", "1" },
		  "toyipcctl: rm: -a removes everything: no ids or keys with it" },
		{ { "mk" }, "toyipcctl: mk: nothing to create (-Q, -M SIZE or -S NSEMS)" },
		{ { "mk", "-M", "10X" }, "toyipcctl: mk: bad size '10X'" },
		{ { "mk", "-S", "0" }, "toyipcctl: mk: bad number of semaphores '0'" },
		{ { "mk", "-Q", "-p", "800" }, "toyipcctl: mk: bad mode '800' (octal, at most 0777)" },
		{ { "ipcs", "extra" }, "toyipcctl: ipcs: unexpected argument 'extra'" },
		{ { "ipcs", "-Q", "-i", "1" }, "toyipcctl: ipcs: -i ID takes one of -q, -m, -s" },
		{ { "lsipc", "-q", "-o", "FOO" }, "toyipcctl: lsipc: unknown column: FOO" },
		{ { "lsipc", "-q", "-o", "KEY,NSEMS" },
		  "toyipcctl: lsipc: column NSEMS does not apply to the specified IPC" },
		{ { "lsipc", "-g", "-o", "KEY" },
		  "toyipcctl: lsipc: column KEY does not apply to the specified IPC" },
		{ { "lsipc", "-q", "-m" }, "toyipcctl: lsipc: one of -q, -m, -s, -Q, -M" },
		{ { "lsipc", "-q", "-J", "-e" },
		  "toyipcctl: lsipc: -J, -e, -n, -r and -l go one at a time" },
		{ { "lsipc", "-i", "1" },
		  "toyipcctl: lsipc: --global goes with neither --creator, --id nor --time" },
		{ { "lsipc", "-Q", "-i", "1" }, "toyipcctl: lsipc: -i ID takes one of -q, -m, -s" },
		{ { "lsipc", "--time-format=long" }, "toyipcctl: lsipc: unknown time format: long" },
		{ { "reset", "now" }, "toyipcctl: reset: too many arguments" },
		{ { "rm" }, "toyipcctl: rm: nothing to remove" },
		{ { "rm", "-q", "x1" }, "toyipcctl: rm: bad id 'x1'" },
		{ { "rm", "-q", "-1" }, "toyipcctl: rm: bad id '-1'" },
		{ { "rm", "-Q", "0x1ffffffff" }, "toyipcctl: rm: bad key '0x1ffffffff'" },
		{ { "rm", "-M", "0" },
		  "toyipcctl: rm: key 0 is IPC_PRIVATE: remove such objects by id" },
		{ { "set" }, "toyipcctl: set: nothing to set" },
		{ { "set", "msgmax" }, "toyipcctl: set: 'msgmax' is not NAME=VALUE" },
		{ { "set", "frob=1" }, "toyipcctl: set: no limit named 'frob'" },
		{ { "set", "nr_fifos=2" },
		  "toyipcctl: set: nr_fifos is read-only (a module parameter fixed at load time)" },
		{ { "set", "msgmax=4294967296" },
		  "toyipcctl: set: bad value '4294967296' (a whole number of the limit's size)" },
		{ { "set", "msgmax=-1" },
		  "toyipcctl: set: bad value '-1' (a whole number of the limit's size)" },
	};
	struct run r;

	char want[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_as(0, &r, cases[i].argv);
		expect_status(&r, 2, cases[i].argv[0] ? cases[i].argv[0] : "(nothing)");
		snprintf(want, sizeof(want), "%s\nTry 'toyipcctl --help' for more information.\n",
			 cases[i].why);
		if (strcmp(r.err, want))
			TT_FAIL("stderr '%s', expected '%s'", r.err, want);
		if (r.out[0])
			TT_FAIL("bad arguments wrote to stdout: %.80s", r.out);
	}
}

/* ---- stats, reset */

/*
 * Differential: with no traffic in between, the text of "toyipcctl stats"
 * is /proc/toyipc/stats byte for byte, errors by name included.
 */
static void stats_text_equals_proc_toyipc_stats(void)
{
	char proc[8192];
	struct run r;

	make_failed_msg_calls(3);
	tt_read_file(STATS, proc, sizeof(proc));
	CTL(&r, "stats");
	expect_status(&r, 0, "stats");
	if (strcmp(r.out, proc))
		TT_FAIL("toyipcctl stats:\n%s\n" STATS ":\n%s", r.out, proc);
	TT_ASSERT(strstr(r.out, "\nmsg    ENOTTY ") != NULL);
}

static void stats_json_has_every_counter_and_errno_of_every_mechanism(void)
{
	static const char *const counters[] = { "ops", "bytes", "blocks", "wakeups", "errors" };
	unsigned long long row[5];
	struct jval *doc, *mech;
	struct run r;

	make_failed_msg_calls(2);
	CTL(&r, "stats", "--json");
	expect_status(&r, 0, "stats --json");
	doc = json_parse(r.out);
	TT_ASSERT(json_count(doc) == NKINDS);
	for (size_t k = 0; k < NKINDS; k++) {
		mech = json_get(doc, kinds[k]);
		TT_ASSERT(!strcmp(json_get(mech, "kind")->text, kinds[k]));
		stats_row(kinds[k], row);
		for (size_t i = 0; i < 5; i++)
			if (json_number(mech, counters[i]) != row[i])
				TT_FAIL("%s.%s is %llu, " STATS " says %llu", kinds[k], counters[i],
					json_number(mech, counters[i]), row[i]);
	}
	mech = json_get(doc, "msg");
	if (json_number(json_get(mech, "errno"), "ENOTTY") < 2)
		TT_FAIL("msg.errno.ENOTTY is %llu after 2 ENOTTY",
			json_number(json_get(mech, "errno"), "ENOTTY"));
}

static void reset_as_root_zeroes_every_counter(void)
{
	unsigned long long row[5];
	struct run r;

	make_failed_msg_calls(1);
	CTL(&r, "reset");
	expect_status(&r, 0, "reset");
	TT_ASSERT(r.out[0] == '\0' && r.err[0] == '\0');
	for (size_t k = 0; k < NKINDS; k++) {
		stats_row(kinds[k], row);
		for (size_t i = 0; i < 5; i++)
			if (row[i])
				TT_FAIL("%s counter %zu is %llu after reset", kinds[k], i, row[i]);
	}
}

static void reset_as_a_user_is_refused_with_permission_denied(void)
{
	unsigned long long before[5], after[5];
	struct run r;

	make_failed_msg_calls(1);
	stats_row("msg", before);
	CTL_AS(NOBODY, &r, "reset");
	expect_status(&r, 1, "reset (as nobody)");
	expect_stderr(&r, "toyipcctl: reset: permission denied (needs CAP_NET_ADMIN: run it as root)");
	stats_row("msg", after);
	TT_ASSERT(after[0] == before[0] && after[4] == before[4]);
}

/* Reading is not a change: anyone may look at the counters. */
static void stats_as_a_user_is_allowed(void)
{
	struct run r;

	CTL_AS(NOBODY, &r, "stats");
	expect_status(&r, 0, "stats (as nobody)");
	TT_ASSERT(!strncmp(r.out, "kind ", 5));
}

/* ---- limits, set */

static void limits_text_shows_every_module_parameter(void)
{
	char name[32], value[32], *line;
	int lines = 0;
	struct run r;

	CTL(&r, "limits");
	expect_status(&r, 0, "limits");
	for (line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n"), lines++) {
		TT_ASSERT(sscanf(line, "%31s %31s", name, value) == 2);
		if (strtoull(value, NULL, 10) != param(name))
			TT_FAIL("%s is %s, " PARAMS "%s is %llu", name, value, name, param(name));
		if (!strcmp(name, "nr_fifos") && !strstr(line, "(read-only)"))
			TT_FAIL("nr_fifos is not marked read-only: '%s'", line);
	}
	TT_ASSERT(lines == 13);
}

static void limits_json_equals_the_module_parameters(void)
{
	struct jval *doc;
	struct run r;

	CTL(&r, "limits", "--json");
	expect_status(&r, 0, "limits --json");
	doc = json_parse(r.out);
	TT_ASSERT(doc->type == J_OBJ && json_count(doc) == 14);
	for (struct jval *m = doc->child; m; m = m->next) {
		if (!strcmp(m->key, "sources")) {
			/* where each comes from, by name: "sysctl", "default"... */
			TT_ASSERT(m->type == J_OBJ && json_count(m) == 13);
			for (struct jval *s = m->child; s; s = s->next)
				TT_ASSERT(s->type == J_STR);
			continue;
		}
		TT_ASSERT(m->type == J_NUM);
		if (strtoull(m->text, NULL, 10) != param(m->key))
			TT_FAIL("%s is %s, " PARAMS "%s is %llu", m->key, m->text, m->key,
				param(m->key));
	}
}

static void set_changes_several_limits_at_once(void)
{
	unsigned long long msgmax = param("msgmax"), semopm = param("semopm");
	char restore[2][64];
	struct run r;

	CTL(&r, "set", "msgmax=4000", "semopm=77");
	expect_status(&r, 0, "set msgmax=4000 semopm=77");
	TT_ASSERT(r.out[0] == '\0' && r.err[0] == '\0');
	TT_ASSERT(param("msgmax") == 4000 && param("semopm") == 77);

	snprintf(restore[0], sizeof(restore[0]), "msgmax=%llu", msgmax);
	snprintf(restore[1], sizeof(restore[1]), "semopm=%llu", semopm);
	CTL(&r, "set", restore[0], restore[1]);
	expect_status(&r, 0, "set (restore)");
	TT_ASSERT(param("msgmax") == msgmax && param("semopm") == semopm);
}

/* The line of @name in "toyipcctl limits", or "" (in a static buffer). */
static const char *limits_line(const char *name)
{
	static char line[256];
	char *p, *end;
	struct run r;

	CTL(&r, "limits");
	expect_status(&r, 0, "limits");
	line[0] = '\0';
	for (p = r.out; *p; p = end + (*end == '\n')) {
		end = p + strcspn(p, "\n");
		if (!strncmp(p, name, strlen(name)) && p[strlen(name)] == ' ') {
			snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
			break;
		}
	}
	return line;
}

/* The third column says where a value comes from; unset hands it back to the sysctl. */
static void limits_show_the_source_and_unset_hands_back_to_the_sysctl(void)
{
	char sysctl[64] = "", want[128];
	struct run r;

	TT_ASSERT(tt_read_file("/proc/sys/kernel/msgmax", sysctl, sizeof(sysctl)) > 0);
	sysctl[strcspn(sysctl, "\n")] = '\0';
	CTL(&r, "set", "msgmax=4000");
	expect_status(&r, 0, "set msgmax=4000");
	if (!strstr(limits_line("msgmax"), " netlink"))
		TT_FAIL("after set: '%s'", limits_line("msgmax"));
	CTL(&r, "unset", "msgmax");
	expect_status(&r, 0, "unset msgmax");
	TT_ASSERT(r.out[0] == '\0' && r.err[0] == '\0');
	snprintf(want, sizeof(want), "%-14s %-20s sysctl", "msgmax", sysctl);
	if (strcmp(limits_line("msgmax"), want))
		TT_FAIL("after unset: '%s', expected '%s'", limits_line("msgmax"), want);
	if (!strstr(limits_line("pipe_size"), " default") &&
	    !strstr(limits_line("pipe_size"), " parameter"))
		TT_FAIL("pipe_size: '%s'", limits_line("pipe_size"));
	CTL(&r, "unset", "nr_fifos");
	expect_status(&r, 2, "unset nr_fifos");
}

/* A 64-bit limit takes a value above 4 GiB (and above LLONG_MAX). */
static void set_takes_64_bit_values_for_the_shm_limits(void)
{
	unsigned long long shmmax = param("shmmax");
	char restore[64];
	struct run r;

	CTL(&r, "set", "shmmax=18446744073709551615");
	expect_status(&r, 0, "set shmmax=2^64-1");
	TT_ASSERT(param("shmmax") == 18446744073709551615ULL);
	snprintf(restore, sizeof(restore), "shmmax=%llu", shmmax);
	CTL(&r, "set", restore);
	expect_status(&r, 0, restore);
	TT_ASSERT(param("shmmax") == shmmax);
}

static void set_as_a_user_is_refused_with_permission_denied(void)
{
	unsigned long long msgmax = param("msgmax");
	struct run r;

	CTL_AS(NOBODY, &r, "set", "msgmax=100");
	expect_status(&r, 1, "set (as nobody)");
	expect_stderr(&r, "toyipcctl: set: permission denied (needs CAP_NET_ADMIN: run it as root)");
	TT_ASSERT(param("msgmax") == msgmax);
}

/* The kernel checks the value and says why; toyipcctl passes that on. */
static void set_bad_value_shows_the_kernels_reason(void)
{
	unsigned long long msgmax = param("msgmax");
	struct run r;

	CTL(&r, "set", "msgmax=0");
	expect_status(&r, 1, "set msgmax=0");
	/* netlink_test checks the kernel's words; they name the limit first. */
	expect_stderr_prefix(&r, "toyipcctl: set: bad value: msgmax");
	TT_ASSERT(param("msgmax") == msgmax);
}

static void set_is_all_or_nothing(void)
{
	unsigned long long msgmax = param("msgmax");
	struct run r;

	CTL(&r, "set", "msgmax=100", "pipe_size=5000");
	expect_status(&r, 1, "set msgmax=100 pipe_size=5000");
	expect_stderr_prefix(&r, "toyipcctl: set: bad value: pipe_size");
	TT_ASSERT(param("msgmax") == msgmax);
}

/* ---- ipcs, rm */

/*
 * The section titles and column headers are util-linux ipcs's, in its
 * order (msg, shm, sem), so a student can put the two listings side by
 * side; the toy's pipes come last.
 */
static void ipcs_prints_the_headers_of_util_linux_ipcs(void)
{
	static const char *const lines[] = {
		"\n------ Message Queues --------\n",
		"key        msqid      owner      perms      used-bytes   messages    \n",
		"------ Shared Memory Segments --------\n",
		"key        shmid      owner      perms      bytes      nattch     status      \n",
		"------ Semaphore Arrays --------\n",
		"key        semid      owner      perms      nsems     \n",
		"------ Pipes and FIFOs --------\n",
	};
	const char *at;
	struct run r;

	CTL(&r, "ipcs");
	expect_status(&r, 0, "ipcs");
	at = r.out;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		at = strstr(at, lines[i]);
		if (!at)
			TT_FAIL("no line '%s' (in order) in:\n%s", lines[i], r.out);
	}
}

static void ipcs_with_options_lists_only_those_kinds(void)
{
	struct run r;

	CTL(&r, "ipcs", "-q", "-f");
	expect_status(&r, 0, "ipcs -q -f");
	TT_ASSERT(strstr(r.out, "------ Message Queues") && strstr(r.out, "------ Pipes"));
	TT_ASSERT(!strstr(r.out, "------ Shared") && !strstr(r.out, "------ Semaphore"));
}

/*
 * --json: one object, an array per kind asked for, each element an object
 * with at least the kind and the id.  (No mechanism may have objects yet:
 * then the arrays are empty and the elements' check has nothing to see.)
 */
static void ipcs_json_has_an_array_per_kind(void)
{
	struct jval *doc, *arr;
	struct run r;

	CTL(&r, "ipcs", "--json");
	expect_status(&r, 0, "ipcs --json");
	doc = json_parse(r.out);
	/* ipcs lists the System V kinds, the POSIX ones (by name) and pipes */
	TT_ASSERT(json_count(doc) == IPCS_KINDS);
	for (size_t k = 0; k < IPCS_KINDS; k++) {
		bool posix = !strcmp(kinds[k], "mq") || !strcmp(kinds[k], "pshm");

		arr = json_get(doc, kinds[k]);
		TT_ASSERT(arr->type == J_ARR);
		for (struct jval *o = arr->child; o; o = o->next) {
			TT_ASSERT(!strcmp(json_get(o, "kind")->text, kinds[k]));
			if (posix)
				TT_ASSERT(json_get(o, "name")->text[0] == '/');
			else
				json_number(o, "id");
		}
	}
	CTL(&r, "ipcs", "-m", "--json");
	expect_status(&r, 0, "ipcs -m --json");
	doc = json_parse(r.out);
	TT_ASSERT(json_count(doc) == 1 && json_get(doc, "shm")->type == J_ARR);
}

/*
 * Each removal is tried, in order, and each failure reported on its own
 * line naming its option; the status is 1 if any failed.
 */
static void rm_reports_each_failure_and_exits_1(void)
{
	const char *line2;
	struct run r;

	CTL(&r, "rm", "-q", "2147483647", "-S", "0x7e57");
	expect_status(&r, 1, "rm -q 2147483647 -S 0x7e57");
	expect_stderr_prefix(&r, "toyipcctl: rm -q 2147483647: ");
	line2 = strchr(r.err, '\n');
	TT_ASSERT(line2 && !strncmp(line2 + 1, "toyipcctl: rm -S 0x7e57: ", 25));
	TT_ASSERT(strchr(line2 + 1, '\n')[1] == '\0');
}

/*
 * No such id is "no such ... id", no such key "no such ... key", as ipcrm
 * says them.
 */
static void rm_of_a_missing_object_says_no_such_id_or_key(void)
{
	struct run r;

	CTL(&r, "rm", "-q", "2147483647");
	expect_status(&r, 1, "rm -q 2147483647");
	expect_stderr_prefix(&r, "toyipcctl: rm -q 2147483647: no such message queue id");
	CTL(&r, "rm", "-Q", "0x7e57");
	expect_status(&r, 1, "rm -Q 0x7e57");
	expect_stderr_prefix(&r, "toyipcctl: rm -Q 0x7e57: no such message queue key");
}

/* ---- watch */

/* Waits (up to 10 s) for watch to say on stderr that it listens. */
static void wait_until_watching(void)
{
	char err[4096];

	for (int i = 0; i < 1000; i++) {
		err[0] = '\0';
		if (!access("/tmp/ctl.err", F_OK))
			tt_read_file("/tmp/ctl.err", err, sizeof(err));
		if (strstr(err, "watching toyipc events"))
			return;
		usleep(10000);
	}
	TT_FAIL("watch did not start: '%s'", err);
}

static void watch_ends_with_status_0_on_sigint_and_sigterm(void)
{
	const int sigs[] = { SIGINT, SIGTERM };
	struct run r;
	pid_t pid;

	for (int i = 0; i < 2; i++) {
		pid = start_ctl(0, (const char *const[]){ "watch", NULL });
		wait_until_watching();
		TT_ASSERT(kill(pid, sigs[i]) == 0);
		finish_ctl(pid, &r);
		expect_status(&r, 0, sigs[i] == SIGINT ? "watch, SIGINT" : "watch, SIGTERM");
	}
}

/* rmmod while watching: nlctrl tells watch, which ends with status 3. */
static void watch_ends_with_status_3_when_the_module_is_unloaded(void)
{
	struct run r;
	pid_t pid;
	int ret;

	pid = start_ctl(0, (const char *const[]){ "watch", "--json", NULL });
	wait_until_watching();
	ret = delete_module();
	if (ret)
		kill(pid, SIGKILL);
	finish_ctl(pid, &r);
	load_module();
	TT_ASSERT(ret == 0);
	expect_status(&r, 3, "watch --json, rmmod");
	if (!strstr(r.err, "\ntoyipcctl: watch: the toyipc module was unloaded\n"))
		TT_FAIL("stderr '%s'", r.err);
	TT_ASSERT(r.out[0] == '\0');
}

/* ---- without the module */

/* Unloads and reloads the module. */
static void without_the_module_every_command_says_so_with_status_3(void)
{
	static const char *const cmds[][4] = {
		{ "ipcs" }, { "rm", "-q", "1" }, { "stats" }, { "reset" }, { "limits" },
		{ "set", "msgmax=100" }, { "watch" }, { "stats", "--json" }, { "lsipc" },
	};
	struct run r[sizeof(cmds) / sizeof(cmds[0])], mk;
	size_t n = sizeof(cmds) / sizeof(cmds[0]);

	TT_ASSERT(delete_module() == 0);
	for (size_t i = 0; i < n; i++)
		run_as(0, &r[i], cmds[i]);
	/* mk goes through libtoyipc, which finds no /dev/toyipc. */
	CTL(&mk, "mk", "-Q");
	/* Reload before judging, so the tests after this one have a module. */
	load_module();
	for (size_t i = 0; i < n; i++) {
		expect_status(&r[i], 3, cmds[i][0]);
		expect_stderr(&r[i], "toyipcctl: toyipc module not loaded "
			      "(no generic netlink family toyipc)");
	}
	expect_status(&mk, 3, "mk -Q");
	expect_stderr(&mk, "toyipcctl: mk: create message queue failed: toyipc module not loaded");
}

/* ---- with objects of every kind */

/* Each test its own keys, so that one failing test cannot fail the next. */
#define KEY_Q	0x7e5c0001
#define KEY_M	0x7e5c0002
#define KEY_S	0x7e5c0003
#define KEY_Q2	0x7e5c0011
#define KEY_Q3	0x7e5c0021
#define KEY_S3	0x7e5c0023
#define KEY_Q4	0x7e5c0031

struct text { long mtype; char mtext[16]; };

/* A toy queue with KEY, mode 0640 and two messages of 10 bytes. */
static int queue_with_two_messages(key_t key)
{
	struct text m = { 1, "0123456789" };
	int id = toy_msgget(key, IPC_CREAT | IPC_EXCL | 0640);

	TT_ASSERT(id >= 0);
	TT_ASSERT(toy_msgsnd(id, &m, 10, 0) == 0);
	TT_ASSERT(toy_msgsnd(id, &m, 10, 0) == 0);
	return id;
}

/*
 * The line of ipcs output whose second column is ID, split in columns;
 * returns how many.
 */
static int ipcs_line(const char *out, int id, char col[][32], int max)
{
	char buf[16384], *line, *save, *tok, *save2;
	int n;

	snprintf(buf, sizeof(buf), "%s", out);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		n = 0;
		for (tok = strtok_r(line, " ", &save2); tok && n < max;
		     tok = strtok_r(NULL, " ", &save2))
			snprintf(col[n++], 32, "%s", tok);
		if (n > 2 && !strncmp(col[0], "0x", 2) && atoi(col[1]) == id)
			return n;
	}
	TT_FAIL("no line for id %d in:\n%s", id, out);
}

static void ipcs_lists_each_kind_of_object_like_ipcs(void)
{
	int q = queue_with_two_messages(KEY_Q);
	int m = toy_shmget(KEY_M, 10000, IPC_CREAT | IPC_EXCL | 0600);
	int s = toy_semget(KEY_S, 3, IPC_CREAT | IPC_EXCL | 0604);
	char col[8][32];
	struct run r;
	char *p;

	TT_ASSERT(m >= 0 && s >= 0);
	p = toy_shmat(m, NULL, 0);
	TT_ASSERT(p != (void *)-1);
	/* Ids are per kind: look at one section at a time. */
	CTL(&r, "ipcs", "-q");
	expect_status(&r, 0, "ipcs -q");
	/* key msqid owner perms used-bytes messages */
	TT_ASSERT(ipcs_line(r.out, q, col, 8) == 6);
	TT_ASSERT(!strcmp(col[0], "0x7e5c0001") && !strcmp(col[3], "640"));
	TT_ASSERT(!strcmp(col[4], "20") && !strcmp(col[5], "2"));
	/* key shmid owner perms bytes nattch */
	CTL(&r, "ipcs", "-m");
	TT_ASSERT(ipcs_line(r.out, m, col, 8) == 6);
	TT_ASSERT(!strcmp(col[3], "600") && !strcmp(col[4], "10000") && !strcmp(col[5], "1"));
	/* key semid owner perms nsems */
	CTL(&r, "ipcs", "-s");
	TT_ASSERT(ipcs_line(r.out, s, col, 8) == 5);
	TT_ASSERT(!strcmp(col[3], "604") && !strcmp(col[4], "3"));
	/* after IPC_RMID with an attach left: key 0, status dest */
	TT_ASSERT(toy_shmctl(m, IPC_RMID, NULL) == 0);
	CTL(&r, "ipcs", "-m");
	TT_ASSERT(ipcs_line(r.out, m, col, 8) == 7);
	TT_ASSERT(!strcmp(col[0], "0x00000000") && !strcmp(col[6], "dest"));
	TT_ASSERT(toy_shmdt(p) == 0);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_semctl(s, 0, IPC_RMID) == 0);
}

/* Every field --json gives of a queue equals what IPC_STAT says. */
static void ipcs_json_of_a_queue_equals_its_ipc_stat(void)
{
	int q = queue_with_two_messages(KEY_Q2);
	struct jval *doc, *o;
	struct msqid_ds ds;
	struct run r;

	TT_ASSERT(toy_msgctl(q, IPC_STAT, &ds) == 0);
	CTL(&r, "ipcs", "-q", "--json");
	expect_status(&r, 0, "ipcs -q --json");
	doc = json_parse(r.out);
	for (o = json_get(doc, "msg")->child; o; o = o->next)
		if ((int)json_number(o, "id") == q)
			break;
	TT_ASSERT(o != NULL);
	TT_ASSERT(json_number(o, "cbytes") == ds.msg_cbytes);
	TT_ASSERT(json_number(o, "qnum") == ds.msg_qnum);
	TT_ASSERT(json_number(o, "qbytes") == ds.msg_qbytes);
	TT_ASSERT(json_number(o, "lspid") == (unsigned long long)ds.msg_lspid);
	TT_ASSERT(json_number(o, "stime") == (unsigned long long)ds.msg_stime);
	TT_ASSERT(json_number(o, "ctime") == (unsigned long long)ds.msg_ctime);
	TT_ASSERT(json_number(o, "uid") == ds.msg_perm.uid);
	TT_ASSERT(json_number(o, "sends") == 2 && json_number(o, "bytes_in") == 20);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

static void ipcs_f_lists_a_toy_pipe(void)
{
	struct toyipc_pipe_stats st;
	char col[12][32];
	struct run r;
	int fd[2];

	TT_ASSERT(toy_pipe(fd) == 0);
	TT_ASSERT(write(fd[1], "hello", 5) == 5);
	TT_ASSERT(ioctl(fd[0], TOYIPC_IOC_PIPE_STATS, &st) == 0);
	CTL(&r, "ipcs", "-f");
	expect_status(&r, 0, "ipcs -f");
	/* id name capacity queued readers writers ... */
	for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n")) {
		if (sscanf(line, "%31s %31s %31s %31s %31s %31s", col[0], col[1], col[2],
			   col[3], col[4], col[5]) == 6 && atoi(col[0]) == (int)st.id &&
		    !strcmp(col[1], "pipe")) {
			TT_ASSERT(!strcmp(col[2], "65536") && !strcmp(col[3], "5"));
			TT_ASSERT(!strcmp(col[4], "1") && !strcmp(col[5], "1"));
			return;
		}
	}
	TT_FAIL("toy pipe %u not listed:\n%s", st.id, r.out);
}

static void rm_by_id_and_by_key_removes_each(void)
{
	int q = queue_with_two_messages(KEY_Q3);
	int s = toy_semget(KEY_S3, 1, IPC_CREAT | IPC_EXCL | 0600);
	struct msqid_ds ds;
	char id[16];
	struct run r;

	TT_ASSERT(s >= 0);
	snprintf(id, sizeof(id), "%d", q);
	CTL(&r, "rm", "-q", id, "-S", "0x7e5c0023");
	expect_status(&r, 0, "rm -q ID -S KEY");
	TT_ASSERT_ERRNO(toy_msgctl(q, IPC_STAT, &ds), EINVAL);
	TT_ASSERT_ERRNO(toy_semget(KEY_S3, 1, 0), ENOENT);
}

static void rm_of_anothers_queue_is_refused_and_it_stays(void)
{
	int q = queue_with_two_messages(KEY_Q4);
	struct msqid_ds ds;
	char id[16];
	struct run r;

	snprintf(id, sizeof(id), "%d", q);
	CTL_AS(65534, &r, "rm", "-q", id);
	expect_status(&r, 1, "rm -q ID as nobody");
	expect_stderr_prefix(&r, "toyipcctl: rm -q ");
	if (!strstr(r.err, ": permission denied: only the owner, the creator or CAP_SYS_ADMIN"))
		TT_FAIL("stderr '%s'", r.err);
	TT_ASSERT(toy_msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 2);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

/* ---- ipcs's other layouts, mk, rm -a, --json everywhere */

#define KEY_T	0x7e5c0041
#define KEY_TS	0x7e5c0043
#define KEY_P	0x7e5c0071
#define KEY_PM	0x7e5c0072
#define KEY_C	0x7e5c0081
#define KEY_U	0x7e5c0091
#define KEY_A	0x7e5c00a1
#define KEY_AM	0x7e5c00a2
#define KEY_AS	0x7e5c00a3
#define KEY_J	0x7e5c00b1
#define KEY_I	0x7e5c0051
#define KEY_IS	0x7e5c0053
#define KEY_H	0x7e5c0062

/*
 * How toyipcctl (like ipcs) names user or group 0: by /etc/passwd's or
 * /etc/group's name if there is one (the Debian guest), else the number
 * (the busybox guest has neither file).
 */
static const char *root_name(const char *file)
{
	return access(file, R_OK) ? "0" : "root";
}

/* The line of @out that starts with @start (after spaces); NULL if none. */
static const char *line_starting(const char *out, const char *start, char *buf, size_t size)
{
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *p = l;

		if (!strncmp(p, start, strlen(start))) {
			snprintf(buf, size, "%.*s", (int)strcspn(p, "\n"), p);
			return buf;
		}
	}
	return NULL;
}

/* The line of @out for object @id in a layout that starts with the id (-t, -p, -c). */
static const char *id_line(const char *out, int id, int width, char *buf, size_t size)
{
	char start[32];
	const char *l;

	snprintf(start, sizeof(start), "%-*d ", width, id);
	l = line_starting(out, start, buf, size);
	if (!l)
		TT_FAIL("no line for id %d in:\n%s", id, out);
	return l;
}

/* ctime(3) of @t without the weekday, cut to 16, as ipcs -t shows it. */
static const char *short_time(time_t t, char *buf)
{
	char full[32];

	ctime_r(&t, full);
	snprintf(buf, 17, "%.16s", full + 4);
	return buf;
}

/* -t: ipcs's titles, widths and words ("Not set"), times of IPC_STAT. */
static void ipcs_t_shows_the_times_like_ipcs_t(void)
{
	int q = queue_with_two_messages(KEY_T);
	int s = toy_semget(KEY_TS, 1, IPC_CREAT | IPC_EXCL | 0600);
	char want[256], buf[256], t1[20], t2[20], full[32];
	struct msqid_ds mds;
	struct semid_ds sds;
	struct run r;

	TT_ASSERT(s >= 0);
	TT_ASSERT(toy_msgctl(q, IPC_STAT, &mds) == 0);
	TT_ASSERT(toy_semctl(s, 0, IPC_STAT, &sds) == 0);
	CTL(&r, "ipcs", "-t");
	expect_status(&r, 0, "ipcs -t");
	TT_ASSERT(strstr(r.out, "------ Message Queues Send/Recv/Change Times --------\n"
			 "msqid    owner      send                 recv                 change              \n"));
	TT_ASSERT(strstr(r.out, "------ Shared Memory Attach/Detach/Change Times --------\n"
			 "shmid      owner      attached             detached             changed             \n"));
	TT_ASSERT(strstr(r.out, "------ Semaphore Operation/Change Times --------\n"
			 "semid    owner      last-op                    last-changed              \n"));
	TT_ASSERT(!strstr(r.out, "Pipes"));
	snprintf(want, sizeof(want), "%-8d %-10.10s %-20.16s %-20.16s %-20.16s", q,
		 root_name("/etc/passwd"),
		 short_time(mds.msg_stime, t1), "Not set", short_time(mds.msg_ctime, t2));
	if (strcmp(id_line(r.out, q, 8, buf, sizeof(buf)), want))
		TT_FAIL("ipcs -t line '%s', expected '%s'", buf, want);
	ctime_r(&sds.sem_ctime, full);
	snprintf(want, sizeof(want), "%-8d %-10.10s  %-26.24s %-26.24s", s,
		 root_name("/etc/passwd"), "Not set", full);
	if (strcmp(id_line(r.out + (strstr(r.out, "Semaphore Op") - r.out), s, 8, buf,
			   sizeof(buf)), want))
		TT_FAIL("ipcs -t line '%s', expected '%s'", buf, want);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_semctl(s, 0, IPC_RMID) == 0);
}

/* -p: last sender and receiver of a queue, creator and last user of a segment. */
static void ipcs_p_shows_the_pids_like_ipcs_p(void)
{
	int q = queue_with_two_messages(KEY_P);
	int m = toy_shmget(KEY_PM, 4096, IPC_CREAT | IPC_EXCL | 0600);
	char want[128], buf[256];
	const char *shm;
	struct run r;

	TT_ASSERT(m >= 0);
	CTL(&r, "ipcs", "-p");
	expect_status(&r, 0, "ipcs -p");
	TT_ASSERT(strstr(r.out, "------ Message Queues PIDs --------\n"
			 "msqid      owner      lspid      lrpid     \n"));
	shm = strstr(r.out, "------ Shared Memory Creator/Last-op PIDs --------\n"
		     "shmid      owner      cpid       lpid      \n");
	TT_ASSERT(shm);
	/* ipcs -p has no semaphore section: its place is an empty line. */
	TT_ASSERT(!strstr(r.out, "Semaphore"));
	snprintf(want, sizeof(want), "%-8d %-10.10s  %5d     %5d", q, root_name("/etc/passwd"),
		 getpid(), 0);
	if (strcmp(id_line(r.out, q, 8, buf, sizeof(buf)), want))
		TT_FAIL("ipcs -p line '%s', expected '%s'", buf, want);
	snprintf(want, sizeof(want), "%-10d %-10.10s %-10u %-10u", m, root_name("/etc/passwd"),
		 getpid(), 0);
	if (strcmp(id_line(shm, m, 10, buf, sizeof(buf)), want))
		TT_FAIL("ipcs -p line '%s', expected '%s'", buf, want);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_shmctl(m, IPC_RMID, NULL) == 0);
}

/* -c: perms, creator and owner by name. */
static void ipcs_c_shows_creators_and_owners_like_ipcs_c(void)
{
	int q = queue_with_two_messages(KEY_C);
	char want[128], buf[256];
	struct run r;

	CTL(&r, "ipcs", "-q", "-c");
	expect_status(&r, 0, "ipcs -q -c");
	TT_ASSERT(!strncmp(r.out, "\n------ Message Queues Creators/Owners --------\n"
			   "msqid      perms      cuid       cgid       uid        gid       \n", 112));
	snprintf(want, sizeof(want), "%-10d %-10o %-10s %-10s %-10s %-10s", q, 0640,
		 root_name("/etc/passwd"), root_name("/etc/group"), root_name("/etc/passwd"),
		 root_name("/etc/group"));
	if (strcmp(id_line(r.out, q, 10, buf, sizeof(buf)), want))
		TT_FAIL("ipcs -c line '%s', expected '%s'", buf, want);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

/* -l: the module's limits in ipcs's words and units (kbytes for shm, as ipcs). */
static void ipcs_l_shows_the_module_limits_like_ipcs_l(void)
{
	char want[2048];
	struct run r;

	snprintf(want, sizeof(want),
		 "\n------ Messages Limits --------\n"
		 "max queues system wide = %llu\n"
		 "max size of message (bytes) = %llu\n"
		 "default max size of queue (bytes) = %llu\n\n"
		 "------ Shared Memory Limits --------\n"
		 "max number of segments = %llu\n"
		 "max seg size (kbytes) = %llu\n",
		 param("msgmni"), param("msgmax"), param("msgmnb"), param("shmmni"),
		 param("shmmax") / 1024);
	CTL(&r, "ipcs", "-l");
	expect_status(&r, 0, "ipcs -l");
	if (strncmp(r.out, want, strlen(want)))
		TT_FAIL("ipcs -l:\n%s\nexpected it to start:\n%s", r.out, want);
	snprintf(want, sizeof(want),
		 "min seg size (bytes) = 1\n\n"
		 "------ Semaphore Limits --------\n"
		 "max number of arrays = %llu\n"
		 "max semaphores per array = %llu\n"
		 "max semaphores system wide = %llu\n"
		 "max ops per semop call = %llu\n"
		 "semaphore max value = 32767\n\n"
		 "------ Pipe Limits --------\n"
		 "number of FIFOs = %llu\n",
		 param("semmni"), param("semmsl"), param("semmns"), param("semopm"),
		 param("nr_fifos"));
	if (!strstr(r.out, want))
		TT_FAIL("ipcs -l:\n%s\nhas no:\n%s", r.out, want);
	CTL(&r, "ipcs", "-m", "-l", "-b");
	snprintf(want, sizeof(want), "max seg size (bytes) = %llu\n", param("shmmax"));
	TT_ASSERT(strstr(r.out, want));
}

/* The numbers of "ipcs -u" for message queues. */
static void msg_summary(unsigned long long v[3])
{
	char buf[128];
	struct run r;

	CTL(&r, "ipcs", "-q", "-u");
	expect_status(&r, 0, "ipcs -q -u");
	TT_ASSERT(sscanf(line_starting(r.out, "allocated queues", buf, sizeof(buf)),
			 "allocated queues = %llu", &v[0]) == 1);
	TT_ASSERT(sscanf(line_starting(r.out, "used headers", buf, sizeof(buf)),
			 "used headers = %llu", &v[1]) == 1);
	TT_ASSERT(sscanf(line_starting(r.out, "used space", buf, sizeof(buf)),
			 "used space = %llu bytes", &v[2]) == 1);
}

/* -u: queues, messages and bytes counted as msgctl(MSG_INFO) counts them. */
static void ipcs_u_counts_what_msg_info_counts(void)
{
	unsigned long long before[3], after[3];
	int q;

	msg_summary(before);
	q = queue_with_two_messages(KEY_U);
	msg_summary(after);
	TT_ASSERT(after[0] == before[0] + 1 && after[1] == before[1] + 2 &&
		  after[2] == before[2] + 20);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

/* -i ID: one queue in ipcs -i's layout, field for field. */
static void ipcs_i_shows_one_queue_like_ipcs_q_i(void)
{
	int q = queue_with_two_messages(KEY_I);
	char want[1024], t[3][32], id[16];
	struct msqid_ds ds;
	struct run r;

	TT_ASSERT(toy_msgctl(q, IPC_STAT, &ds) == 0);
	ctime_r(&ds.msg_stime, t[0]);
	ctime_r(&ds.msg_ctime, t[2]);
	snprintf(want, sizeof(want),
		 "\nMessage Queue msqid=%d\n"
		 "uid=0\tgid=0\tcuid=0\tcgid=0\tmode=0640\n"
		 "cbytes=20\tqbytes=%lu\tqnum=2\tlspid=%d\tlrpid=0\n"
		 "send_time=%-26.24s\nrcv_time=%-26.24s\nchange_time=%-26.24s\n\n",
		 q, (unsigned long)ds.msg_qbytes, getpid(), t[0], "Not set", t[2]);
	snprintf(id, sizeof(id), "%d", q);
	CTL(&r, "ipcs", "-q", "-i", id);
	expect_status(&r, 0, "ipcs -q -i ID");
	if (strcmp(r.out, want))
		TT_FAIL("ipcs -q -i:\n%s\nexpected:\n%s", r.out, want);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

/* -s -i ID lists each semaphore's value, waiters and last pid. */
static void ipcs_i_shows_each_semaphore_like_ipcs_s_i(void)
{
	int s = toy_semget(KEY_IS, 2, IPC_CREAT | IPC_EXCL | 0600);
	struct sembuf up = { 1, 3, 0 };
	char want[256], id[16];
	struct run r;

	TT_ASSERT(s >= 0 && toy_semop(s, &up, 1) == 0);
	snprintf(id, sizeof(id), "%d", s);
	CTL(&r, "ipcs", "-s", "-i", id);
	expect_status(&r, 0, "ipcs -s -i ID");
	snprintf(want, sizeof(want),
		 "semnum     value      ncount     zcount     pid       \n"
		 "0          0          0          0          0         \n"
		 "1          3          0          0          %-10d\n\n", getpid());
	if (!strstr(r.out, want) || !strstr(r.out, "\nnsems = 2\n"))
		TT_FAIL("ipcs -s -i:\n%s\nexpected it to end:\n%s", r.out, want);
	TT_ASSERT(toy_semctl(s, 0, IPC_RMID) == 0);
}

static void ipcs_i_of_a_missing_id_fails_with_status_1(void)
{
	struct run r;

	CTL(&r, "ipcs", "-m", "-i", "2147483647");
	expect_status(&r, 1, "ipcs -m -i 2147483647");
	expect_stderr(&r, "toyipcctl: ipcs: no shared memory segment with id 2147483647");
	TT_ASSERT(!r.out[0]);
}

/* --human: sizes with one-letter suffixes in a column called "size". */
static void ipcs_human_shows_sizes_like_ipcs_human(void)
{
	int m = toy_shmget(KEY_H, 1000000, IPC_CREAT | IPC_EXCL | 0600);
	char want[128], buf[256];
	struct run r;

	TT_ASSERT(m >= 0);
	CTL(&r, "ipcs", "-m", "--human");
	expect_status(&r, 0, "ipcs -m --human");
	TT_ASSERT(strstr(r.out, "key        shmid      owner      perms      size       nattch"));
	snprintf(want, sizeof(want), "0x%08x %-10d %-10.10s %-10o %6s     %-10d %-6s %-6s",
		 KEY_H, m, root_name("/etc/passwd"), 0600, "976.6K", 0, " ", " ");
	if (strcmp(line_starting(r.out, "0x7e5c0062", buf, sizeof(buf)), want))
		TT_FAIL("ipcs --human line '%s', expected '%s'", buf, want);
	CTL(&r, "ipcs", "-q", "-l", "--human");
	TT_ASSERT(strstr(r.out, "\nmax size of message = 8K\ndefault max size of queue = 16K\n"));
	TT_ASSERT(toy_shmctl(m, IPC_RMID, NULL) == 0);
}

/* The id that mk printed after @prefix ("Message queue id: "). */
static int made_id(const char *out, const char *prefix)
{
	const char *p = strstr(out, prefix);

	if (!p)
		TT_FAIL("no '%s' in:\n%s", prefix, out);
	return atoi(p + strlen(prefix));
}

/* mk: ipcmk's options and words; the objects are the toy's, with the mode asked. */
static void mk_creates_each_kind_like_ipcmk(void)
{
	struct msqid_ds mds;
	struct shmid_ds sds;
	struct semid_ds eds;
	int q, m, s;
	struct run r;

	CTL(&r, "mk", "-Q", "-S", "3", "-M", "8K", "-p", "600");
	expect_status(&r, 0, "mk -Q -S 3 -M 8K -p 600");
	/* ipcmk's order, whatever the options' */
	TT_ASSERT(strstr(r.out, "Shared memory id: ") == r.out);
	m = made_id(r.out, "Shared memory id: ");
	q = made_id(r.out, "\nMessage queue id: ");
	s = made_id(r.out, "\nSemaphore id: ");
	TT_ASSERT(toy_msgctl(q, IPC_STAT, &mds) == 0 && (mds.msg_perm.mode & 0777) == 0600);
	TT_ASSERT(toy_shmctl(m, IPC_STAT, &sds) == 0 && sds.shm_segsz == 8192);
	TT_ASSERT((sds.shm_perm.mode & 0777) == 0600 && sds.shm_perm.__key != IPC_PRIVATE);
	TT_ASSERT(toy_semctl(s, 0, IPC_STAT, &eds) == 0 && eds.sem_nsems == 3);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0 && toy_shmctl(m, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_semctl(s, 0, IPC_RMID) == 0);
}

static void mk_json_gives_kind_id_and_key(void)
{
	struct jval *o;
	struct msqid_ds ds;
	struct run r;
	char key[16];
	int q;

	CTL(&r, "mk", "-Q", "--json");
	expect_status(&r, 0, "mk -Q --json");
	o = json_get(json_parse(r.out), "created")->child;
	TT_ASSERT(o && !o->next && !strcmp(json_get(o, "kind")->text, "msg"));
	q = json_number(o, "id");
	TT_ASSERT(toy_msgctl(q, IPC_STAT, &ds) == 0);
	snprintf(key, sizeof(key), "0x%08x", (unsigned int)ds.msg_perm.__key);
	TT_ASSERT(!strcmp(json_get(o, "key")->text, key));
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

/* rm -a removes every queue, segment and set; rm -a KIND only those. */
static void rm_a_removes_every_object_and_rm_a_kind_only_those(void)
{
	int q = queue_with_two_messages(KEY_A);
	int m = toy_shmget(KEY_AM, 4096, IPC_CREAT | IPC_EXCL | 0600);
	int s = toy_semget(KEY_AS, 1, IPC_CREAT | IPC_EXCL | 0600);
	struct msqid_ds mds;
	struct shmid_ds sds;
	struct run r;

	TT_ASSERT(m >= 0 && s >= 0);
	CTL(&r, "rm", "-a", "shm");
	expect_status(&r, 0, "rm -a shm");
	TT_ASSERT_ERRNO(toy_shmctl(m, IPC_STAT, &sds), EINVAL);
	TT_ASSERT(toy_msgctl(q, IPC_STAT, &mds) == 0);
	CTL(&r, "rm", "-a");
	expect_status(&r, 0, "rm -a");
	TT_ASSERT(!r.out[0] && !r.err[0]);
	TT_ASSERT_ERRNO(toy_msgctl(q, IPC_STAT, &mds), EINVAL);
	TT_ASSERT_ERRNO(toy_semget(KEY_AS, 1, 0), ENOENT);
}

/* rm --json: each removal and its error, null when it went through. */
static void rm_json_lists_each_removal_and_its_error(void)
{
	int q = queue_with_two_messages(KEY_J);
	struct jval *a, *b;
	char id[16];
	struct run r;

	snprintf(id, sizeof(id), "%d", q);
	CTL(&r, "rm", "--json", "-q", id, "-Q", "0x7e5c0fff");
	expect_status(&r, 1, "rm --json -q ID -Q KEY");
	a = json_get(json_parse(r.out), "removed")->child;
	TT_ASSERT(a && (b = a->next) && !b->next);
	TT_ASSERT(json_number(a, "id") == (unsigned long long)q &&
		  json_get(a, "error")->type == J_NULL);
	TT_ASSERT(!strcmp(json_get(b, "key")->text, "0x7e5c0fff") &&
		  !strcmp(json_get(b, "error")->text, "ENOENT"));
	expect_stderr_prefix(&r, "toyipcctl: rm -Q 0x7e5c0fff: no such message queue key");
}

/* reset --json and set --json say what they did, in JSON. */
static void reset_and_set_take_json(void)
{
	unsigned long long msgmax = param("msgmax");
	struct jval *doc;
	char arg[32];
	struct run r;

	CTL(&r, "reset", "--json");
	expect_status(&r, 0, "reset --json");
	TT_ASSERT(!strcmp(r.out, "{\"reset\":true}\n"));
	snprintf(arg, sizeof(arg), "msgmax=%llu", msgmax);
	CTL(&r, "set", "--json", arg);
	expect_status(&r, 0, "set --json msgmax=...");
	doc = json_parse(r.out);
	TT_ASSERT(json_number(doc, "msgmax") == msgmax && json_number(doc, "msgmni") == param("msgmni"));
}

/* Waits up to 10 s for @text in watch's output file. */
static bool output_has(const char *text)
{
	char out[16384];

	for (int i = 0; i < 1000; i++) {
		tt_read_file(PROG_OUT, out, sizeof(out));
		if (strstr(out, text))
			return true;
		usleep(10000);
	}
	return false;
}

/* An operation done while watch runs shows up as an event. */
static void watch_prints_objects_created_and_removed_meanwhile(void)
{
	char created[64], removed[64];
	struct run r;
	pid_t pid;
	int q;

	pid = start_ctl(0, (const char *const[]){ "watch", NULL });
	wait_until_watching();
	q = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(q >= 0);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
	/* Events carry no pid (no number is right in every pid namespace). */
	snprintf(created, sizeof(created), " created msg id=%d\n", q);
	snprintf(removed, sizeof(removed), " removed msg id=%d\n", q);
	TT_ASSERT(output_has(created));
	TT_ASSERT(output_has(removed));
	TT_ASSERT(kill(pid, SIGINT) == 0);
	finish_ctl(pid, &r);
	expect_status(&r, 0, "watch");
}

/* Blocking shows up too: a reader sleeping on an empty toy pipe. */
static void watch_json_prints_a_blocked_reader(void)
{
	int fd[2], status;
	struct run r;
	pid_t pid, reader;
	char c = 'x';

	TT_ASSERT(toy_pipe(fd) == 0);
	pid = start_ctl(0, (const char *const[]){ "watch", "--json", NULL });
	wait_until_watching();
	reader = fork();
	TT_ASSERT(reader >= 0);
	if (!reader) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);	/* dies with a failed test */
		_exit(read(fd[0], &c, 1) == 1 ? 0 : 1);
	}
	TT_ASSERT(output_has("\"event\":\"blocked\""));
	TT_ASSERT(write(fd[1], &c, 1) == 1);
	TT_ASSERT(waitpid(reader, &status, 0) == reader && status == 0);
	TT_ASSERT(output_has("\"event\":\"woken\""));
	TT_ASSERT(kill(pid, SIGTERM) == 0);
	finish_ctl(pid, &r);
	expect_status(&r, 0, "watch --json");
}


/* ---- POSIX objects in ipcs and lsipc */

#define MQ_NAME		"/ctl_test_mq"
#define PSHM_NAME	"/ctl_test_shm"

/* A POSIX queue (mode 0640, 5 messages of at most 64 bytes) holding two of 10 bytes. */
static mqd_t posix_queue(void)
{
	struct mq_attr attr = { .mq_maxmsg = 5, .mq_msgsize = 64 };
	mqd_t q = toy_mq_open(MQ_NAME, O_CREAT | O_EXCL | O_RDWR, 0640, &attr);

	TT_ASSERT(q >= 0);
	TT_ASSERT(toy_mq_send(q, "0123456789", 10, 1) == 0);
	TT_ASSERT(toy_mq_send(q, "0123456789", 10, 2) == 0);
	return q;
}

/* A POSIX segment of 8192 bytes, mode 0600, never touched. */
static int posix_segment(void)
{
	int fd = toy_shm_open(PSHM_NAME, O_CREAT | O_EXCL | O_RDWR, 0600);

	TT_ASSERT(fd >= 0);
	TT_ASSERT(ftruncate(fd, 8192) == 0);
	return fd;
}

/* The line of @out that starts with @start; fails if there is none. */
static const char *line_of(const char *out, const char *start, char *buf, size_t size)
{
	const char *l = out;

	while (l && strncmp(l, start, strlen(start)))
		l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL;
	if (!l)
		TT_FAIL("no line starting '%s' in:\n%s", start, out);
	snprintf(buf, size, "%.*s", (int)strcspn(l, "\n"), l);
	return buf;
}

/*
 * ipcs lists POSIX queues and segments after the System V sections, by
 * name, with /proc/toyipc/mqueue's and posix_shm's numbers.
 */
static void ipcs_lists_posix_queues_and_segments_after_system_v(void)
{
	mqd_t q = posix_queue();
	int fd = posix_segment();
	char want[256], buf[256];
	const char *sem, *mq, *pshm, *pipes;
	struct run r;

	CTL(&r, "ipcs");
	expect_status(&r, 0, "ipcs");
	sem = strstr(r.out, "------ Semaphore Arrays --------\n");
	mq = strstr(r.out, "\n------ POSIX Message Queues --------\n"
			   "name                     owner      perms      used-bytes   messages     "
			   "maxmsg     msgsize   \n");
	pshm = strstr(r.out, "\n------ POSIX Shared Memory --------\n"
			     "name                     owner      perms      bytes      resident   "
			     "cpid      \n");
	pipes = strstr(r.out, "------ Pipes and FIFOs --------\n");
	TT_ASSERT(sem && mq && pshm && pipes && sem < mq && mq < pshm && pshm < pipes);
	snprintf(want, sizeof(want), "%-24s %-10.10s %-10o %-12d %-12d %-10d %-10d", MQ_NAME,
		 root_name("/etc/passwd"), 0640, 20, 2, 5, 64);
	if (strcmp(line_of(mq, MQ_NAME " ", buf, sizeof(buf)), want))
		TT_FAIL("ipcs queue line '%s', expected '%s'", buf, want);
	snprintf(want, sizeof(want), "%-24s %-10.10s %-10o %-10d %-10d %-10d", PSHM_NAME,
		 root_name("/etc/passwd"), 0600, 8192, 0, (int)getpid());
	if (strcmp(line_of(pshm, PSHM_NAME " ", buf, sizeof(buf)), want))
		TT_FAIL("ipcs segment line '%s', expected '%s'", buf, want);

	CTL(&r, "ipcs", "-Q");
	expect_status(&r, 0, "ipcs -Q");
	TT_ASSERT(strstr(r.out, MQ_NAME) && !strstr(r.out, PSHM_NAME));
	TT_ASSERT(!strstr(r.out, "------ Message Queues") && !strstr(r.out, "Pipes"));

	/* Unlinked but open, it stays, marked as /proc/toyipc/mqueue marks it. */
	TT_ASSERT(toy_mq_unlink(MQ_NAME) == 0);
	CTL(&r, "ipcs", "-Q");
	line_of(r.out, MQ_NAME " (deleted) ", buf, sizeof(buf));
	TT_ASSERT(toy_mq_close(q) == 0);
	CTL(&r, "ipcs", "-Q");
	TT_ASSERT(!strstr(r.out, MQ_NAME));
	TT_ASSERT(close(fd) == 0 && toy_shm_unlink(PSHM_NAME) == 0);
}

/* ipcs --json: "mq" and "pshm" arrays, each element by name with its numbers. */
static void ipcs_json_of_posix_objects_has_their_numbers(void)
{
	mqd_t q = posix_queue();
	int fd = posix_segment();
	struct jval *doc, *o;
	struct run r;

	CTL(&r, "ipcs", "-Q", "-M", "--json");
	expect_status(&r, 0, "ipcs -Q -M --json");
	doc = json_parse(r.out);
	TT_ASSERT(json_count(doc) == 2);
	for (o = json_get(doc, "mq")->child; o && strcmp(json_get(o, "name")->text, MQ_NAME);)
		o = o->next;
	TT_ASSERT(o);
	TT_ASSERT(json_number(o, "qnum") == 2 && json_number(o, "cbytes") == 20);
	TT_ASSERT(json_number(o, "maxmsg") == 5 && json_number(o, "msgsize") == 64);
	TT_ASSERT(json_number(o, "mode") == 0640 && json_number(o, "uid") == 0);
	TT_ASSERT(!strcmp(json_get(o, "deleted")->text, "false"));
	for (o = json_get(doc, "pshm")->child; o && strcmp(json_get(o, "name")->text, PSHM_NAME);)
		o = o->next;
	TT_ASSERT(o);
	TT_ASSERT(json_number(o, "segsz") == 8192 && json_number(o, "cpid") == (unsigned)getpid());
	TT_ASSERT(json_number(o, "mode") == 0600);
	CTL(&r, "ipcs", "-Q", "-u");
	expect_status(&r, 0, "ipcs -Q -u");
	TT_ASSERT(strstr(r.out, "------ POSIX Message Queues Status --------\nqueues = "));
	TT_ASSERT(toy_mq_close(q) == 0 && toy_mq_unlink(MQ_NAME) == 0);
	TT_ASSERT(close(fd) == 0 && toy_shm_unlink(PSHM_NAME) == 0);
}

/* lsipc -Q and -M: the newer lsipc's NAME columns, in each layout. */
static void lsipc_Q_M_show_posix_objects_by_name(void)
{
	mqd_t q = posix_queue();
	int fd = posix_segment();
	char want[256], buf[256];
	struct run r;

	CTL(&r, "lsipc", "-Q", "-e");
	expect_status(&r, 0, "lsipc -Q -e");
	line_of(r.out, "NAME=\"" MQ_NAME "\"", buf, sizeof(buf));
	snprintf(want, sizeof(want), "NAME=\"%s\" PERMS=\"rw-r-----\" OWNER=\"%s\" "
		 "USEDBYTES=\"20B\" MSGS=\"2\"", MQ_NAME, root_name("/etc/passwd"));
	if (strcmp(buf, want))
		TT_FAIL("lsipc -Q -e line '%s', expected '%s'", buf, want);
	CTL(&r, "lsipc", "-M", "-b", "-o", "NAME,SIZE,CPID,UID", "-r", "--noheadings");
	expect_status(&r, 0, "lsipc -M -r");
	snprintf(want, sizeof(want), "%s 8192 %d 0", PSHM_NAME, (int)getpid());
	if (strcmp(line_of(r.out, PSHM_NAME " ", buf, sizeof(buf)), want))
		TT_FAIL("lsipc -M -r line '%s', expected '%s'", buf, want);
	CTL(&r, "lsipc", "-M", "-J");
	expect_status(&r, 0, "lsipc -M -J");
	TT_ASSERT(strstr(r.out, "{\n   \"posix-sharedmemory\": [\n"));
	TT_ASSERT(strstr(r.out, "         \"name\": \"" PSHM_NAME "\",\n"
				"         \"perms\": \"rw-------\",\n"));
	TT_ASSERT(toy_mq_close(q) == 0 && toy_mq_unlink(MQ_NAME) == 0);
	TT_ASSERT(close(fd) == 0 && toy_shm_unlink(PSHM_NAME) == 0);
}

#define KEY_L	0x7e5c00c1

/* lsipc -q: a queue's values as its IPC_STAT has them (util-linux is in ipcs_compare_test). */
static void lsipc_q_shows_a_queue_as_its_ipc_stat(void)
{
	int id = queue_with_two_messages(KEY_L);
	char want[256], buf[256];
	struct run r;

	CTL(&r, "lsipc", "-q", "-b", "-e", "-o", "KEY,ID,PERMS,USEDBYTES,MSGS,LSPID,LRPID");
	expect_status(&r, 0, "lsipc -q -e");
	snprintf(want, sizeof(want), "KEY=\"0x%08x\" ID=\"%d\" PERMS=\"rw-r-----\" "
		 "USEDBYTES=\"20\" MSGS=\"2\" LSPID=\"%d\" LRPID=\"0\"", KEY_L, id, (int)getpid());
	snprintf(buf, 32, "KEY=\"0x%08x\"", KEY_L);
	if (strcmp(line_of(r.out, buf, buf, sizeof(buf)), want))
		TT_FAIL("lsipc -q -e line '%s', expected '%s'", buf, want);
	CTL(&r, "lsipc", "-q", "-o", "KEY,PERMS,USEDBYTES", "-P");
	snprintf(want, sizeof(want), "0x%08x  0640       20B", KEY_L);
	snprintf(buf, 32, "0x%08x ", KEY_L);
	if (strcmp(line_of(r.out, buf, buf, sizeof(buf)), want))
		TT_FAIL("lsipc -q -P line '%s', expected '%s'", buf, want);
	TT_ASSERT(toy_msgctl(id, IPC_RMID, NULL) == 0);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(help_prints_usage_on_stdout_with_status_0),
		TT_CASE(version_prints_the_version_on_stdout_with_status_0),
		TT_CASE(bad_arguments_print_why_and_a_help_hint_with_status_2),
		TT_CASE(stats_text_equals_proc_toyipc_stats),
		TT_CASE(stats_json_has_every_counter_and_errno_of_every_mechanism),
		TT_CASE(reset_as_root_zeroes_every_counter),
		TT_CASE(reset_as_a_user_is_refused_with_permission_denied),
		TT_CASE(stats_as_a_user_is_allowed),
		TT_CASE(limits_text_shows_every_module_parameter),
		TT_CASE(limits_json_equals_the_module_parameters),
		TT_CASE(set_changes_several_limits_at_once),
		TT_CASE(set_takes_64_bit_values_for_the_shm_limits),
		TT_CASE(limits_show_the_source_and_unset_hands_back_to_the_sysctl),
		TT_CASE(set_as_a_user_is_refused_with_permission_denied),
		TT_CASE(set_bad_value_shows_the_kernels_reason),
		TT_CASE(set_is_all_or_nothing),
		TT_CASE(ipcs_prints_the_headers_of_util_linux_ipcs),
		TT_CASE(ipcs_with_options_lists_only_those_kinds),
		TT_CASE(ipcs_json_has_an_array_per_kind),
		TT_CASE(rm_reports_each_failure_and_exits_1),
		TT_CASE(rm_of_a_missing_object_says_no_such_id_or_key),
		TT_CASE(ipcs_lists_each_kind_of_object_like_ipcs),
		TT_CASE(ipcs_json_of_a_queue_equals_its_ipc_stat),
		TT_CASE(ipcs_f_lists_a_toy_pipe),
		TT_CASE(rm_by_id_and_by_key_removes_each),
		TT_CASE(rm_of_anothers_queue_is_refused_and_it_stays),
		TT_CASE(ipcs_t_shows_the_times_like_ipcs_t),
		TT_CASE(ipcs_p_shows_the_pids_like_ipcs_p),
		TT_CASE(ipcs_c_shows_creators_and_owners_like_ipcs_c),
		TT_CASE(ipcs_l_shows_the_module_limits_like_ipcs_l),
		TT_CASE(ipcs_u_counts_what_msg_info_counts),
		TT_CASE(ipcs_i_shows_one_queue_like_ipcs_q_i),
		TT_CASE(ipcs_i_shows_each_semaphore_like_ipcs_s_i),
		TT_CASE(ipcs_lists_posix_queues_and_segments_after_system_v),
		TT_CASE(ipcs_json_of_posix_objects_has_their_numbers),
		TT_CASE(lsipc_Q_M_show_posix_objects_by_name),
		TT_CASE(lsipc_q_shows_a_queue_as_its_ipc_stat),
		TT_CASE(ipcs_i_of_a_missing_id_fails_with_status_1),
		TT_CASE(ipcs_human_shows_sizes_like_ipcs_human),
		TT_CASE(mk_creates_each_kind_like_ipcmk),
		TT_CASE(mk_json_gives_kind_id_and_key),
		TT_CASE(rm_a_removes_every_object_and_rm_a_kind_only_those),
		TT_CASE(rm_json_lists_each_removal_and_its_error),
		TT_CASE(reset_and_set_take_json),
		TT_CASE(watch_prints_objects_created_and_removed_meanwhile),
		TT_CASE(watch_json_prints_a_blocked_reader),
		TT_CASE(watch_ends_with_status_0_on_sigint_and_sigterm),
		TT_CASE(watch_ends_with_status_3_when_the_module_is_unloaded),
		TT_CASE(without_the_module_every_command_says_so_with_status_3),
		{ NULL, NULL },
	};

	return tt_main("ctl", cases);
}
