// SPDX-License-Identifier: GPL-2.0
/*
 * toyipcctl: look at and steer toyipc.ko over generic netlink.
 *
 *	toyipcctl ipcs [-q] [-m] [-s] [-p] [-Q] [-M] [--json]
 *	toyipcctl rm {-q|-m|-s ID | -Q|-M|-S KEY}...
 *	toyipcctl stats [--json] | reset | limits [--json] | set NAME=VALUE...
 *	toyipcctl watch [--json]
 *
 * Each command builds one request (toyipcctl_nl.c sends it and collects
 * the answer) and prints the reply through the attribute tables of
 * toyipcctl_fmt.c, as a table like util-linux ipcs or as JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <time.h>

#include "toyipcctl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What one kind of object is called in messages. */
static const char *const kind_what[TOYIPC_NR_KINDS] = {
	[TOYIPC_KIND_PIPE] = "pipe",
	[TOYIPC_KIND_MSG] = "message queue",
	[TOYIPC_KIND_SHM] = "shared memory segment",
	[TOYIPC_KIND_SEM] = "semaphore set",
	[TOYIPC_KIND_MQ] = "POSIX message queue",
	[TOYIPC_KIND_POSIX_SHM] = "POSIX shared memory segment",
};

static void print_usage(FILE *out)
{
	fputs("usage: toyipcctl COMMAND [OPTIONS]\n"
	      "\n"
	      "  ipcs [-q] [-m] [-s] [-p] [-Q] [-M] [--json]\n"
	      "        list message queues, shared memory, semaphore sets, pipes and\n"
	      "        FIFOs (all of them without an option), like ipcs(1)\n"
	      "  rm {-q|-m|-s ID | -Q|-M|-S KEY}...\n"
	      "        remove queues, segments, semaphore sets by id or key, like ipcrm(1)\n"
	      "  stats [--json]   the counters of each mechanism, errors by errno\n"
	      "  reset            set every counter to zero (needs CAP_NET_ADMIN)\n"
	      "  limits [--json]  the limits in force\n"
	      "  set NAME=VALUE...\n"
	      "        change limits (needs CAP_NET_ADMIN); NAME is one of\n"
	      "       ", out);
	for (size_t i = 0; i < limit_table.n; i++) {
		const struct field *f = &limit_table.fields[i];

		if (f->type != FT_PAD && !f->read_only)
			fprintf(out, " %s", f->name);
	}
	fputs("\n"
	      "  watch [--json]   print events (objects created and removed, full, empty,\n"
	      "                   blocked, woken) as they happen, until interrupted\n"
	      "\n"
	      "Exit status: 0 done, 1 the kernel refused (the message says why),\n"
	      "2 bad arguments, 3 toyipc.ko is not loaded.\n", out);
}

/* Says what is wrong with the arguments, then how to use the tool. */
__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("toyipcctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(stderr);
	return EXIT_USAGE;
}

/*
 * The options every command has: -h/--help and, with @json non-NULL,
 * --json.  @shorts adds the command's own; getopt_long() returns each of
 * those to the caller through *@opt.  Return: -1 when the options end,
 * 0 for an own option in *@opt, else the exit status to leave with.
 */
static int next_option(int argc, char **argv, const char *shorts, bool *json, int *opt)
{
	static const struct option with_json[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char optstring[32];

	snprintf(optstring, sizeof(optstring), "h%s", shorts);
	*opt = getopt_long(argc, argv, optstring, json ? with_json : with_json + 1, NULL);
	switch (*opt) {
	case -1:
		return -1;
	case 'h':
		print_usage(stdout);
		exit(EXIT_OK);
	case 'j':
		*json = true;
		return next_option(argc, argv, shorts, json, opt);
	case '?':
		/* getopt_long() has said what is wrong. */
		print_usage(stderr);
		return EXIT_USAGE;
	default:
		return 0;
	}
}

/* For commands with no options but --json (and -h): the usual loop. */
static int parse_plain(int argc, char **argv, bool *json)
{
	int opt, ret;

	while ((ret = next_option(argc, argv, "", json, &opt)) == 0)
		;
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("%s: too many arguments", argv[0]);
	return 0;
}

/* ---- ipcs */

enum cell { CELL_VALUE, CELL_OWNER, CELL_PERMS, CELL_STATUS, CELL_NAME };

struct column {
	const char *header;
	int width;
	int attr;		/* enum toyipc_obj_attr */
	enum cell cell;
};

struct section {
	enum toyipc_kind kind;
	char option;
	const char *title;
	const struct column *columns;
	size_t ncolumns;
};

/* The columns and widths of util-linux ipcs's default listing. */
static const struct column shm_columns[] = {
	{ "key", 10, TOYIPC_OBJ_KEY, CELL_VALUE },
	{ "shmid", 10, TOYIPC_OBJ_ID, CELL_VALUE },
	{ "owner", 10, TOYIPC_OBJ_UID, CELL_OWNER },
	{ "perms", 10, TOYIPC_OBJ_MODE, CELL_PERMS },
	{ "bytes", 10, TOYIPC_OBJ_SEGSZ, CELL_VALUE },
	{ "nattch", 10, TOYIPC_OBJ_NATTCH, CELL_VALUE },
	{ "status", 6, TOYIPC_OBJ_MODE, CELL_STATUS },
};

static const struct column sem_columns[] = {
	{ "key", 10, TOYIPC_OBJ_KEY, CELL_VALUE },
	{ "semid", 10, TOYIPC_OBJ_ID, CELL_VALUE },
	{ "owner", 10, TOYIPC_OBJ_UID, CELL_OWNER },
	{ "perms", 10, TOYIPC_OBJ_MODE, CELL_PERMS },
	{ "nsems", 10, TOYIPC_OBJ_NSEMS, CELL_VALUE },
};

static const struct column msg_columns[] = {
	{ "key", 10, TOYIPC_OBJ_KEY, CELL_VALUE },
	{ "msqid", 10, TOYIPC_OBJ_ID, CELL_VALUE },
	{ "owner", 10, TOYIPC_OBJ_UID, CELL_OWNER },
	{ "perms", 10, TOYIPC_OBJ_MODE, CELL_PERMS },
	{ "used-bytes", 12, TOYIPC_OBJ_CBYTES, CELL_VALUE },
	{ "messages", 12, TOYIPC_OBJ_QNUM, CELL_VALUE },
};

/* ipcs has no pipes: the same look, the columns of /proc/toyipc/pipe. */
static const struct column pipe_columns[] = {
	{ "id", 10, TOYIPC_OBJ_ID, CELL_VALUE },
	{ "name", 10, TOYIPC_OBJ_FIFO, CELL_NAME },
	{ "capacity", 10, TOYIPC_OBJ_CAPACITY, CELL_VALUE },
	{ "queued", 10, TOYIPC_OBJ_QUEUED, CELL_VALUE },
	{ "readers", 8, TOYIPC_OBJ_READERS, CELL_VALUE },
	{ "writers", 8, TOYIPC_OBJ_WRITERS, CELL_VALUE },
	{ "bytes-in", 12, TOYIPC_OBJ_BYTES_IN, CELL_VALUE },
	{ "bytes-out", 12, TOYIPC_OBJ_BYTES_OUT, CELL_VALUE },
	{ "w-blocks", 10, TOYIPC_OBJ_SEND_BLOCKS, CELL_VALUE },
	{ "r-blocks", 10, TOYIPC_OBJ_RECV_BLOCKS, CELL_VALUE },
};

/* POSIX objects: lsipc has no such listing; the columns of /proc/toyipc/{mqueue,posix_shm}. */
static const struct column mq_columns[] = {
	{ "id", 10, TOYIPC_OBJ_ID, CELL_VALUE },
	{ "owner", 10, TOYIPC_OBJ_UID, CELL_OWNER },
	{ "perms", 10, TOYIPC_OBJ_MODE, CELL_PERMS },
	{ "maxmsg", 8, TOYIPC_OBJ_MAXMSG, CELL_VALUE },
	{ "msgsize", 8, TOYIPC_OBJ_MSGSIZE, CELL_VALUE },
	{ "messages", 10, TOYIPC_OBJ_QNUM, CELL_VALUE },
	{ "used-bytes", 12, TOYIPC_OBJ_CBYTES, CELL_VALUE },
	{ "notify", 7, TOYIPC_OBJ_NOTIFY, CELL_VALUE },
	{ "notify-pid", 10, TOYIPC_OBJ_NOTIFY_PID, CELL_VALUE },
};

static const struct column posix_shm_columns[] = {
	{ "id", 10, TOYIPC_OBJ_ID, CELL_VALUE },
	{ "owner", 10, TOYIPC_OBJ_UID, CELL_OWNER },
	{ "perms", 10, TOYIPC_OBJ_MODE, CELL_PERMS },
	{ "bytes", 12, TOYIPC_OBJ_SEGSZ, CELL_VALUE },
	{ "rss", 12, TOYIPC_OBJ_RSS, CELL_VALUE },
	{ "cpid", 8, TOYIPC_OBJ_CPID, CELL_VALUE },
};

/* In ipcs's order, pipes last. */
static const struct section sections[] = {
	{ TOYIPC_KIND_SHM, 'm', "Shared Memory Segments", shm_columns, ARRAY_SIZE(shm_columns) },
	{ TOYIPC_KIND_SEM, 's', "Semaphore Arrays", sem_columns, ARRAY_SIZE(sem_columns) },
	{ TOYIPC_KIND_MSG, 'q', "Message Queues", msg_columns, ARRAY_SIZE(msg_columns) },
	{ TOYIPC_KIND_PIPE, 'p', "Pipes and FIFOs", pipe_columns, ARRAY_SIZE(pipe_columns) },
	{ TOYIPC_KIND_MQ, 'Q', "POSIX Message Queues", mq_columns, ARRAY_SIZE(mq_columns) },
	{ TOYIPC_KIND_POSIX_SHM, 'M', "POSIX Shared Memory", posix_shm_columns,
	  ARRAY_SIZE(posix_shm_columns) },
};

/* User @uid's name from /etc/passwd, else the number; as ipcs, at most 10 characters. */
static void format_owner(unsigned int uid, char *buf, size_t size)
{
	FILE *passwd = fopen("/etc/passwd", "re");
	char line[512], *p, *name, *id, *end;

	snprintf(buf, size, "%u", uid);
	if (!passwd)
		return;
	while (fgets(line, sizeof(line), passwd)) {
		p = line;
		name = strsep(&p, ":");
		strsep(&p, ":");
		id = strsep(&p, ":");
		if (id && *id && strtoul(id, &end, 10) == uid && *end == '\0') {
			snprintf(buf, size < 11 ? size : 11, "%s", name);
			break;
		}
	}
	fclose(passwd);
}

static void format_cell(const struct column *col, struct nlattr **tb, char *buf, size_t size)
{
	struct value v;

	if (!field_get(&obj_table, tb, col->attr, &v)) {
		snprintf(buf, size, "%s", col->cell == CELL_NAME ? "pipe" : "-");
		return;
	}
	switch (col->cell) {
	case CELL_VALUE:
		field_format(field_find(&obj_table, col->attr), &v, buf, size);
		break;
	case CELL_OWNER:
		format_owner(v.u, buf, size);
		break;
	case CELL_PERMS:
		snprintf(buf, size, "%llo", v.u & 0777);
		break;
	case CELL_STATUS:
		snprintf(buf, size, "%s", v.u & SHM_DEST ? "dest" : " ");
		break;
	case CELL_NAME:
		snprintf(buf, size, "toyfifo%llu", v.u);
		break;
	}
}

/* A header or a row: each cell left-aligned in its width, as ipcs does. */
static void print_cells(const struct section *s, struct nlattr **tb)
{
	char cell[64];

	for (size_t i = 0; i < s->ncolumns; i++) {
		if (tb)
			format_cell(&s->columns[i], tb, cell, sizeof(cell));
		else
			snprintf(cell, sizeof(cell), "%s", s->columns[i].header);
		printf("%s%-*s", i ? " " : "", s->columns[i].width, cell);
	}
	putchar('\n');
}

struct listing {
	const struct section *s;
	struct json *j;		/* NULL: a table */
	bool malformed;
};

static void on_object(const struct reply *r, void *arg)
{
	struct nlattr *tb[TOYIPC_OBJ_MAX + 1];
	struct listing *l = arg;
	struct nlattr *obj = r->tb[TOYIPC_A_OBJ];
	struct value kind;

	if (!obj || !field_parse(&obj_table, tb, obj)) {
		l->malformed = true;
		return;
	}
	if (!field_get(&obj_table, tb, TOYIPC_OBJ_KIND, &kind) || kind.u != l->s->kind)
		return;
	if (!l->j) {
		print_cells(l->s, tb);
		return;
	}
	json_open(l->j, NULL, '{');
	json_attrs(l->j, &obj_table, nla_data(obj), nla_len(obj));
	json_close(l->j, '}');
}

/* Dumps the objects of one section.  Return: the exit status. */
static int list_section(struct ctl *c, const struct section *s, struct json *j)
{
	struct listing l = { s, j, false };
	struct nl_msg *msg = ctl_request(c, TOYIPC_CMD_GET_OBJECTS, NLM_F_DUMP);

	put_u32(msg, TOYIPC_A_KIND, s->kind);
	if (j) {
		json_open(j, kind_name(s->kind), '[');
	} else {
		printf("------ %s --------\n", s->title);
		print_cells(s, NULL);
	}
	if (ctl_send(c, msg, on_object, &l)) {
		fflush(stdout);
		ctl_report(c, "ipcs", NULL);
		return EXIT_REFUSED;
	}
	if (l.malformed) {
		fflush(stdout);
		fprintf(stderr, "toyipcctl: ipcs: the kernel sent a malformed object\n");
		return EXIT_REFUSED;
	}
	if (j)
		json_close(j, ']');
	else
		putchar('\n');
	return EXIT_OK;
}

static int cmd_ipcs(struct ctl *c, int argc, char **argv)
{
	bool json = false, chosen[ARRAY_SIZE(sections)] = { false }, any = false;
	struct json j = { 0 };
	int opt, ret;

	while ((ret = next_option(argc, argv, "qmspQM", &json, &opt)) == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
			if (sections[i].option == opt)
				chosen[i] = any = true;
	}
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("ipcs: unexpected argument '%s'", argv[optind]);
	ret = ctl_open(c);
	if (ret)
		return ret;

	if (json)
		json_open(&j, NULL, '{');
	else
		putchar('\n');
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (any && !chosen[i])
			continue;
		ret = list_section(c, &sections[i], json ? &j : NULL);
		if (ret)
			return ret;
	}
	if (json)
		json_close(&j, '}');
	return EXIT_OK;
}

/* ---- rm */

struct removal {
	enum toyipc_kind kind;
	bool by_key;
	int value;		/* the id or the key */
	char what[32];		/* "-q 5", for messages */
};

static const struct {
	char option;
	enum toyipc_kind kind;
	bool by_key;
} rm_options[] = {
	{ 'q', TOYIPC_KIND_MSG, false }, { 'Q', TOYIPC_KIND_MSG, true },
	{ 'm', TOYIPC_KIND_SHM, false }, { 'M', TOYIPC_KIND_SHM, true },
	{ 's', TOYIPC_KIND_SEM, false }, { 'S', TOYIPC_KIND_SEM, true },
};

/*
 * @text as a whole number in [@min, @max] (base 10, or with @any_base
 * also 0x... and 0...).  Return: false if it is not one.
 */
static bool parse_number(const char *text, bool any_base, long long min, long long max,
			 long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(text, &end, any_base ? 0 : 10);
	return *text && !*end && !errno && *out >= min && *out <= max;
}

/* @text as a whole number in [0, @max], base 10.  Return: false if it is not one. */
static bool parse_unsigned(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(text, &end, 10);
	return *text >= '0' && *text <= '9' && !*end && !errno && *out <= max;
}

/* An id is an int >= 0; a key any 32-bit value but IPC_PRIVATE, as ipcrm takes them. */
static int parse_removal(int opt, const char *arg, struct removal *r)
{
	long long n;
	size_t i;

	for (i = 0; rm_options[i].option != opt; i++)
		;
	r->kind = rm_options[i].kind;
	r->by_key = rm_options[i].by_key;
	snprintf(r->what, sizeof(r->what), "-%c %s", opt, arg);
	if (r->by_key ? !parse_number(arg, true, INT_MIN, UINT_MAX, &n)
		      : !parse_number(arg, false, 0, INT_MAX, &n))
		return usage_error(r->by_key ? "rm: bad key '%s'" : "rm: bad id '%s'", arg);
	if (r->by_key && n == 0)
		return usage_error("rm: key %s is IPC_PRIVATE: remove such objects by id", arg);
	r->value = (int)(unsigned int)n;
	return 0;
}

/* Removes one object.  Return: the exit status. */
static int remove_object(struct ctl *c, const struct removal *r)
{
	struct nl_msg *msg = ctl_request(c, TOYIPC_CMD_RMID, 0);
	const char *what = kind_what[r->kind];
	char context[48], why[96];

	put_u32(msg, TOYIPC_A_KIND, r->kind);
	put_u32(msg, r->by_key ? TOYIPC_A_KEY : TOYIPC_A_ID, (unsigned int)r->value);
	if (!ctl_send(c, msg, NULL, NULL))
		return EXIT_OK;

	snprintf(context, sizeof(context), "rm %s", r->what);
	switch (c->err) {
	case EPERM:
	case EACCES:
		/* The kernel's message that follows says who may. */
		snprintf(why, sizeof(why), "permission denied");
		break;
	case EINVAL:
		snprintf(why, sizeof(why), "no such %s id", what);
		break;
	case ENOENT:
		snprintf(why, sizeof(why), "no such %s key", what);
		break;
	case EIDRM:
		snprintf(why, sizeof(why), "%s already removed", what);
		break;
	default:
		snprintf(why, sizeof(why), "%s", strerror(c->err));
	}
	ctl_report(c, context, why);
	return EXIT_REFUSED;
}

/* Every removal is attempted, in order, as ipcrm does; status 1 if any failed. */
static int cmd_rm(struct ctl *c, int argc, char **argv)
{
	struct removal *list = calloc(argc, sizeof(*list));
	int n = 0, opt, ret, status = EXIT_OK;

	if (!list)
		die("out of memory");
	while ((ret = next_option(argc, argv, "q:Q:m:M:s:S:", NULL, &opt)) == 0) {
		ret = parse_removal(opt, optarg, &list[n++]);
		if (ret)
			goto out;
	}
	if (ret > 0)
		goto out;
	if (optind < argc)
		ret = usage_error("rm: unexpected argument '%s'", argv[optind]);
	else if (!n)
		ret = usage_error("rm: nothing to remove");
	else
		ret = ctl_open(c);
	if (ret)
		goto out;
	for (int i = 0; i < n; i++)
		if (remove_object(c, &list[i]))
			status = EXIT_REFUSED;
	ret = status;
out:
	free(list);
	return ret;
}

/* ---- stats, reset */

/* The counters in order: every u64 of stats_table, as /proc/toyipc/stats shows them. */
static bool is_counter(const struct field *f)
{
	return f->type == FT_U64;
}

static void print_stats_header(void)
{
	printf("%-6s", "kind");
	for (size_t i = 0; i < stats_table.n; i++)
		if (is_counter(&stats_table.fields[i]))
			printf(" %12s", stats_table.fields[i].name);
	putchar('\n');
}

/*
 * Calls @fn on each errno nest of mechanism nest @mech: its number and
 * count.  The nests repeat, so they are walked rather than parsed.
 */
static void for_each_errno(struct nlattr *mech, const char *kind,
			   void (*fn)(const char *kind, unsigned int nr,
				      unsigned long long count, void *arg), void *arg)
{
	struct nlattr *a, *tb[TOYIPC_STATS_A_MAX + 1];
	struct value nr, count;
	int rem;

	nla_for_each_nested(a, mech, rem) {
		if (nla_type(a) != TOYIPC_STATS_A_ERRNO || !field_parse(&errno_table, tb, a))
			continue;
		if (field_get(&errno_table, tb, TOYIPC_STATS_A_ERRNO_NR, &nr) &&
		    field_get(&errno_table, tb, TOYIPC_STATS_A_ERRNO_COUNT, &count))
			fn(kind, nr.u, count.u, arg);
	}
}

static void print_errno(const char *kind, unsigned int nr, unsigned long long count, void *arg)
{
	char buf[16];

	(void)arg;
	printf("%-6s %-10s %12llu\n", kind, errno_name(nr, buf, sizeof(buf)), count);
}

static void json_errno(const char *kind, unsigned int nr, unsigned long long count, void *arg)
{
	char buf[16];

	(void)kind;
	json_uint(arg, errno_name(nr, buf, sizeof(buf)), count);
}

/*
 * Calls @fn on each mechanism's nest of a GET_STATS reply, with it parsed
 * into @tb and the mechanism's name.
 */
static void for_each_mech(const struct reply *r,
			  void (*fn)(struct nlattr *mech, struct nlattr **tb, const char *kind,
				     void *arg), void *arg)
{
	struct nlattr *a, *tb[TOYIPC_STATS_A_MAX + 1];
	struct value v;
	char kind[16];
	int rem;

	if (!r->tb[TOYIPC_A_STATS])
		return;
	nla_for_each_nested(a, r->tb[TOYIPC_A_STATS], rem) {
		if (nla_type(a) != TOYIPC_STATS_A_KIND || !field_parse(&stats_table, tb, a) ||
		    !field_get(&stats_table, tb, TOYIPC_STATS_A_MECH, &v))
			continue;
		field_format(field_find(&stats_table, TOYIPC_STATS_A_MECH), &v, kind, sizeof(kind));
		fn(a, tb, kind, arg);
	}
}

/* One mechanism's row; @tb parsed with stats_table. */
static void print_mech_row(struct nlattr *mech, struct nlattr **tb, const char *kind, void *arg)
{
	struct value v;

	(void)mech, (void)arg;
	printf("%-6s", kind);
	for (size_t i = 0; i < stats_table.n; i++) {
		const struct field *f = &stats_table.fields[i];

		if (is_counter(f))
			printf(" %12llu", field_get(&stats_table, tb, f->attr, &v) ? v.u : 0ULL);
	}
	putchar('\n');
}

static void print_mech_errors(struct nlattr *mech, struct nlattr **tb, const char *kind, void *arg)
{
	(void)tb, (void)arg;
	for_each_errno(mech, kind, print_errno, NULL);
}

/* "msg": {"kind": "msg", "ops": 3, ..., "errno": {"ENOMSG": 2}} */
static void json_mech(struct nlattr *mech, struct nlattr **tb, const char *kind, void *arg)
{
	struct json *j = arg;

	(void)tb;
	json_open(j, kind, '{');
	json_attrs(j, &stats_table, nla_data(mech), nla_len(mech));
	json_open(j, "errno", '{');
	for_each_errno(mech, kind, json_errno, j);
	json_close(j, '}');
	json_close(j, '}');
}

/* The text is /proc/toyipc/stats's, line for line, so the two can be diffed. */
static void on_stats(const struct reply *r, void *arg)
{
	struct json *j = arg;

	if (j) {
		json_open(j, NULL, '{');
		for_each_mech(r, json_mech, j);
		json_close(j, '}');
		return;
	}
	print_stats_header();
	for_each_mech(r, print_mech_row, NULL);
	puts("errors:");
	for_each_mech(r, print_mech_errors, NULL);
}

static int cmd_stats(struct ctl *c, int argc, char **argv)
{
	struct json j = { 0 };
	bool json = false;
	int ret = parse_plain(argc, argv, &json);

	if (ret || (ret = ctl_open(c)))
		return ret;
	if (ctl_send(c, ctl_request(c, TOYIPC_CMD_GET_STATS, 0), on_stats, json ? &j : NULL)) {
		ctl_report(c, "stats", NULL);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

/* The words for a refused change: EPERM is the usual one. */
static const char *change_refused(int err)
{
	switch (err) {
	case EPERM:
		return "permission denied (needs CAP_NET_ADMIN: run it as root)";
	case EINVAL:
		return "bad value";
	default:
		return NULL;
	}
}

static int cmd_reset(struct ctl *c, int argc, char **argv)
{
	int ret = parse_plain(argc, argv, NULL);

	if (ret || (ret = ctl_open(c)))
		return ret;
	if (ctl_send(c, ctl_request(c, TOYIPC_CMD_RESET_STATS, 0), NULL, NULL)) {
		ctl_report(c, "reset", change_refused(c->err));
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

/* ---- limits, set */

static void on_limits(const struct reply *r, void *arg)
{
	struct nlattr *tb[TOYIPC_LIMIT_MAX + 1], *nest = r->tb[TOYIPC_A_LIMITS];
	struct json *j = arg;
	struct value v;
	char text[32];

	if (!nest || !field_parse(&limit_table, tb, nest))
		return;
	if (j) {
		json_open(j, NULL, '{');
		json_attrs(j, &limit_table, nla_data(nest), nla_len(nest));
		json_close(j, '}');
		return;
	}
	for (size_t i = 0; i < limit_table.n; i++) {
		const struct field *f = &limit_table.fields[i];

		if (f->type == FT_PAD || !field_get(&limit_table, tb, f->attr, &v))
			continue;
		field_format(f, &v, text, sizeof(text));
		printf("%-14s %s%s\n", f->name, text, f->read_only ? "  (read-only)" : "");
	}
}

static int cmd_limits(struct ctl *c, int argc, char **argv)
{
	struct json j = { 0 };
	bool json = false;
	int ret = parse_plain(argc, argv, &json);

	if (ret || (ret = ctl_open(c)))
		return ret;
	if (ctl_send(c, ctl_request(c, TOYIPC_CMD_GET_LIMITS, 0), on_limits, json ? &j : NULL)) {
		ctl_report(c, "limits", NULL);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

struct assignment {
	const struct field *f;	/* of limit_table */
	unsigned long long value;
};

/* Reads NAME=VALUE into @a.  Return: 0 or EXIT_USAGE. */
static int parse_assignment(char *text, struct assignment *a)
{
	char *eq = strchr(text, '=');

	if (!eq)
		return usage_error("set: '%s' is not NAME=VALUE", text);
	*eq = '\0';
	a->f = field_by_name(&limit_table, text);
	if (!a->f)
		return usage_error("set: no limit named '%s'", text);
	if (a->f->read_only)
		return usage_error("set: %s is read-only (a module parameter fixed at load time)",
				   text);
	if (!parse_unsigned(eq + 1, a->f->type == FT_U32 ? UINT_MAX : ULLONG_MAX, &a->value))
		return usage_error("set: bad value '%s' (a whole number of the limit's size)",
				   eq + 1);
	return 0;
}

/*
 * Every argument is checked before anything is sent, and all go in one
 * request, so the kernel takes all of them or none.
 */
static int cmd_set(struct ctl *c, int argc, char **argv)
{
	struct assignment *list = calloc(argc, sizeof(*list));
	struct nlattr *nest;
	struct nl_msg *msg;
	int n = 0, opt, ret;

	if (!list)
		die("out of memory");
	while ((ret = next_option(argc, argv, "", NULL, &opt)) == 0)
		;
	if (ret < 0)
		ret = optind == argc ? usage_error("set: nothing to set") : 0;
	for (int i = optind; !ret && i < argc; i++)
		ret = parse_assignment(argv[i], &list[n++]);
	if (ret || (ret = ctl_open(c)))
		goto out;

	msg = ctl_request(c, TOYIPC_CMD_SET_LIMITS, 0);
	nest = nla_nest_start(msg, TOYIPC_A_LIMITS);
	if (!nest)
		die("netlink message too large");
	for (int i = 0; i < n; i++) {
		if (list[i].f->type == FT_U32)
			put_u32(msg, list[i].f->attr, list[i].value);
		else
			put_u64(msg, list[i].f->attr, list[i].value);
	}
	nla_nest_end(msg, nest);
	ret = EXIT_OK;
	if (ctl_send(c, msg, NULL, NULL)) {
		ctl_report(c, "set", change_refused(c->err));
		ret = EXIT_REFUSED;
	}
out:
	free(list);
	return ret;
}

/* ---- watch */

/* "12:00:01 created msg id=3 key=0x00001234 pid=77": names bare, numbers named. */
static void print_event(const struct reply *r)
{
	char clock[16], text[32];
	time_t now = time(NULL);
	struct nlattr *a;
	struct value v;
	int rem;

	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
	fputs(clock, stdout);
	nla_for_each_attr(a, r->head, r->len, rem) {
		const struct field *f = field_find(&attr_table, nla_type(a));

		if (!f || !field_read(f, a, &v))
			continue;
		field_format(f, &v, text, sizeof(text));
		if (f->show == FS_KIND || f->show == FS_EVENT)
			printf(" %s", text);
		else
			printf(" %s=%s", f->name, text);
	}
	putchar('\n');
}

/* {"time": 1712345678.123, "event": "created", "kind": "msg", "id": 3, ...} */
static void on_event(const struct reply *r, void *arg)
{
	struct json *j = arg;
	struct timespec now;
	char number[32];

	if (r->cmd != TOYIPC_CMD_EVENT)
		return;
	if (!j) {
		print_event(r);
	} else {
		clock_gettime(CLOCK_REALTIME, &now);
		snprintf(number, sizeof(number), "%lld.%03ld", (long long)now.tv_sec,
			 now.tv_nsec / 1000000);
		json_open(j, NULL, '{');
		json_raw_number(j, "time", number);
		json_attrs(j, &attr_table, r->head, r->len);
		json_close(j, '}');
	}
	fflush(stdout);
}

static int cmd_watch(struct ctl *c, int argc, char **argv)
{
	struct json j = { 0 };
	bool json = false;
	int ret = parse_plain(argc, argv, &json);

	if (ret || (ret = ctl_open(c)))
		return ret;
	return ctl_watch(c, on_event, json ? &j : NULL);
}

/* ---- main */

static const struct command {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);
} commands[] = {
	{ "ipcs", cmd_ipcs },
	{ "rm", cmd_rm },
	{ "stats", cmd_stats },
	{ "reset", cmd_reset },
	{ "limits", cmd_limits },
	{ "set", cmd_set },
	{ "watch", cmd_watch },
};

int main(int argc, char **argv)
{
	struct ctl c = { 0 };
	int ret;

	if (argc < 2)
		return usage_error("no command given");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		ret = commands[i].run(&c, argc - 1, argv + 1);
		if (c.sk)
			ctl_close(&c);
		return ret;
	}
	return usage_error("unknown command '%s'", argv[1]);
}
