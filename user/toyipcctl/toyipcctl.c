// SPDX-License-Identifier: GPL-2.0
/*
 * toyipcctl: look at and steer toyipc.ko over generic netlink.
 *
 *	toyipcctl ipcs [-q] [-m] [-s] [-Q] [-M] [-f] [-a] [-t|-p|-c|-l|-u] [-b|--human] [-i ID] [--json]
 *	toyipcctl lsipc [-q|-m|-s|-Q|-M] [-g] [-i ID] [-o [+]LIST] [-c] [-t] [-b] [-P] [-J|-e|-n|-r|-l]
 *	toyipcctl mk {-Q | -M SIZE | -S NSEMS}... [-p MODE] [--json]
 *	toyipcctl rm {-q|-m|-s ID | -Q|-M|-S KEY}... | rm -a [msg|shm|sem] [--json]
 *	toyipcctl stats | reset | limits | set NAME=VALUE... | unset NAME... [--json]
 *	toyipcctl watch [--json]
 *
 * Each command builds one request (toyipcctl_nl.c sends it and collects
 * the answer) and prints the reply through the attribute tables of
 * toyipcctl_fmt.c, as text like util-linux's tools or as JSON; ipcs and
 * lsipc have their own files (toyipcctl_ipcs.c, toyipcctl_lsipc.c).  mk creates objects with libtoyipc,
 * as ipcmk does with the real calls.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#include "toyipc.h"
#include "toyipcctl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TOYIPCCTL_VERSION "0.1"

const char *kind_what(enum toyipc_kind kind)
{
	static const char *const what[TOYIPC_NR_KINDS] = {
		[TOYIPC_KIND_PIPE] = "pipe",
		[TOYIPC_KIND_MSG] = "message queue",
		[TOYIPC_KIND_SHM] = "shared memory segment",
		[TOYIPC_KIND_SEM] = "semaphore set",
		[TOYIPC_KIND_MQ] = "POSIX message queue",
		[TOYIPC_KIND_POSIX_SHM] = "POSIX shared memory segment",
	};

	return kind < TOYIPC_NR_KINDS ? what[kind] : "object";
}

void print_usage(FILE *out)
{
	fputs("usage: toyipcctl COMMAND [OPTIONS]\n"
	      "\n"
	      "  ipcs [-q] [-m] [-s] [-Q] [-M] [-f] [-a] [-t|-p|-c|-l|-u] [-b|--human] [--json]\n"
	      "  ipcs -q|-m|-s -i ID [-b|--human] [--json]\n"
	      "        list message queues (-q), shared memory (-m), semaphore sets (-s),\n"
	      "        POSIX queues (-Q) and shared memory (-M), pipes and FIFOs (-f), all\n"
	      "        of them without an option or with -a, in ipcs(1)'s layouts: -t times,\n"
	      "        -p pids, -c creators, -l limits, -u summary, -i one object in detail;\n"
	      "        -b bytes, --human K/M/G\n"
	      "  lsipc [-q|-m|-s|-Q|-M] [-g] [-i ID] [-o [+]LIST] [-c] [-t] [-b] [-P]\n"
	      "        [-J|-e|-n|-r|-l] [--noheadings] [--time-format=short|full|iso]\n"
	      "        the same in lsipc(1)'s columns and layouts (JSON: -J, --json);\n"
	      "        'toyipcctl lsipc -h' lists the columns\n"
	      "  mk {-Q | -M SIZE | -S NSEMS}... [-p MODE] [--json]\n"
	      "        create a queue, a segment of SIZE bytes (K, M, G suffixes), a set of\n"
	      "        NSEMS semaphores with a random key and MODE (octal, 0644), like ipcmk(1)\n"
	      "  rm {-q|-m|-s ID | -Q|-M|-S KEY}... [--json]\n"
	      "  rm -a [msg|shm|sem] [--json]\n"
	      "        remove queues, segments, semaphore sets by id or key, or all of them\n"
	      "        (of one kind), like ipcrm(1)\n"
	      "  stats [--json]   the counters of each mechanism, errors by errno\n"
	      "  reset [--json]   set every counter to zero (needs CAP_NET_ADMIN)\n"
	      "  limits [--json]  the limits in force and where each comes from: sysctl\n"
	      "                   (the caller's IPC namespace), parameter, netlink, default\n"
	      "  set NAME=VALUE... [--json]\n"
	      "  unset NAME... [--json]\n"
	      "        override limits, or follow the sysctl (or default) again (needs\n"
	      "        CAP_NET_ADMIN); NAME is one of\n"
	      "       ", out);
	for (size_t i = 0; i < limit_table.n; i++) {
		const struct field *f = &limit_table.fields[i];

		if (f->type != FT_PAD && !f->read_only)
			fprintf(out, " %s", f->name);
	}
	fputs("\n"
	      "  watch [--json]   print events (objects created and removed, full, empty,\n"
	      "                   blocked, woken) as they happen, until interrupted\n"
	      "  --version        toyipcctl's version\n"
	      "\n"
	      "Exit status: 0 done, 1 the kernel refused (the message says why),\n"
	      "2 bad arguments, 3 toyipc.ko is not loaded.\n", out);
}

/* Says what is wrong with the arguments, and where the usage is. */
int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("toyipcctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'toyipcctl --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/*
 * After getopt_long() returned @ret, '?' or ':' (opterr is 0 and every
 * optstring starts with ':'): what was wrong, in toyipcctl's words.
 */
int bad_option(const char *command, char **argv, int ret)
{
	const char *arg = argv[optind - 1];
	bool is_long = !strncmp(arg, "--", 2);

	if (ret == ':' && is_long)
		return usage_error("%s: option '%s' requires an argument", command, arg);
	if (ret == ':')
		return usage_error("%s: option requires an argument -- '%c'", command, optopt);
	if (is_long)
		return usage_error("%s: unrecognized option '%s'", command, arg);
	return usage_error("%s: invalid option -- '%c'", command, optopt);
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

	snprintf(optstring, sizeof(optstring), ":h%s", shorts);
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
	case ':':
		return bad_option(argv[0], argv, *opt);
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
bool parse_number(const char *text, bool any_base, long long min, long long max,
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

/* {"kind": "msg", "id": 5, "error": "EPERM"}: one removal in rm --json. */
static void json_removal(struct json *j, const struct removal *r, int err)
{
	char buf[16];

	json_open(j, NULL, '{');
	json_string(j, "kind", kind_name(r->kind));
	if (r->by_key) {
		snprintf(buf, sizeof(buf), "0x%08x", (unsigned int)r->value);
		json_string(j, "key", buf);
	} else {
		json_int(j, "id", r->value);
	}
	if (err)
		json_string(j, "error", errno_name(err, buf, sizeof(buf)));
	else
		json_raw_number(j, "error", "null");
	json_close(j, '}');
}

/* Removes one object.  Return: 0, or the positive errno it failed with. */
static int remove_object(struct ctl *c, const struct removal *r)
{
	struct nl_msg *msg = ctl_request(c, TOYIPC_CMD_RMID, 0);
	const char *what = kind_what(r->kind);
	char context[48], why[96];

	put_u32(msg, TOYIPC_A_KIND, r->kind);
	put_u32(msg, r->by_key ? TOYIPC_A_KEY : TOYIPC_A_ID, (unsigned int)r->value);
	if (!ctl_send(c, msg, NULL, NULL))
		return 0;

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
	return c->err;
}

/*
 * rm -a [KIND]: every queue, segment and semaphore set (of KIND), by id,
 * as ipcrm -a does; what was there when the listing was made.
 */
static int list_all(struct ctl *c, const char *only, struct removal **list, int *n)
{
	static const enum toyipc_kind kinds[] = {
		TOYIPC_KIND_MSG, TOYIPC_KIND_SHM, TOYIPC_KIND_SEM,
	};
	struct objects l;
	int ret;

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		if (only && strcmp(only, kind_name(kinds[k])))
			continue;
		ret = objects_get(c, kinds[k], &l, "rm -a");
		if (ret)
			return ret;
		*list = realloc(*list, (*n + l.n + 1) * sizeof(**list));
		if (!*list)
			die("out of memory");
		for (size_t i = 0; i < l.n; i++) {
			struct removal *r = &(*list)[(*n)++];

			r->kind = kinds[k];
			r->by_key = false;
			r->value = obj_u(&l.v[i], TOYIPC_OBJ_ID);
			snprintf(r->what, sizeof(r->what), "-a: %s id %d", kind_name(r->kind),
				 r->value);
		}
		objects_free(&l);
	}
	return 0;
}

/* Every removal is attempted, in order, as ipcrm does; status 1 if any failed. */
static int cmd_rm(struct ctl *c, int argc, char **argv)
{
	struct removal *list = calloc(argc + 1, sizeof(*list));
	int n = 0, opt, ret, status = EXIT_OK;
	bool json = false, all = false;
	const char *only = NULL;
	struct json j = { 0 };

	if (!list)
		die("out of memory");
	while ((ret = next_option(argc, argv, "aq:Q:m:M:s:S:", &json, &opt)) == 0) {
		if (opt == 'a') {
			all = true;
			continue;
		}
		ret = parse_removal(opt, optarg, &list[n++]);
		if (ret)
			goto out;
	}
	if (ret > 0)
		goto out;
	ret = 0;
	if (all && optind < argc) {
		only = argv[optind++];
		if (strcmp(only, "msg") && strcmp(only, "shm") && strcmp(only, "sem"))
			ret = usage_error("rm: -a takes msg, shm or sem, not '%s'", only);
	}
	if (!ret && optind < argc)
		ret = usage_error("rm: unexpected argument '%s'", argv[optind]);
	else if (!ret && all && n)
		ret = usage_error("rm: -a removes everything: no ids or keys with it");
	else if (!ret && !n && !all)
		ret = usage_error("rm: nothing to remove");
	if (ret || (ret = ctl_open(c)))
		goto out;
	if (all && (ret = list_all(c, only, &list, &n)))
		goto out;
	if (json) {
		json_open(&j, NULL, '{');
		json_open(&j, "removed", '[');
	}
	for (int i = 0; i < n; i++) {
		int err = remove_object(c, &list[i]);

		if (err)
			status = EXIT_REFUSED;
		if (json)
			json_removal(&j, &list[i], err);
	}
	if (json) {
		json_close(&j, ']');
		json_close(&j, '}');
	}
	ret = status;
out:
	free(list);
	return ret;
}

/* ---- mk */

/* A size as ipcmk takes it: a number with an optional K, M, G (KiB, MiB, GiB). */
static bool parse_size(const char *text, unsigned long long *out)
{
	static const char suffixes[] = "KMGTPE";
	unsigned long long n;
	const char *s;
	char *end;

	errno = 0;
	n = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || errno)
		return false;
	if (*end) {
		s = strchr(suffixes, *end);
		if (!s || !*s || (end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B")))
			return false;
		for (int i = 0; i <= s - suffixes; i++)
			if (__builtin_mul_overflow(n, 1024, &n))
				return false;
	}
	*out = n;
	return true;
}

struct creation {
	enum toyipc_kind kind;
	unsigned long long arg;	/* shm: the size, sem: the number of semaphores */
};

/* A key as ipcmk makes one: random, and not IPC_PRIVATE. */
static key_t random_key(void)
{
	key_t key = 0;

	while (key == IPC_PRIVATE)
		if (getrandom(&key, sizeof(key), 0) != sizeof(key))
			die("getrandom: %s", strerror(errno));
	return key;
}

/* Creates one object with libtoyipc; a random key that is taken is drawn again. */
static int create_object(const struct creation *w, int mode, key_t *key)
{
	int id;

	do {
		*key = random_key();
		switch (w->kind) {
		case TOYIPC_KIND_MSG:
			id = toy_msgget(*key, mode | IPC_CREAT | IPC_EXCL);
			break;
		case TOYIPC_KIND_SHM:
			id = toy_shmget(*key, w->arg, mode | IPC_CREAT | IPC_EXCL);
			break;
		default:
			id = toy_semget(*key, w->arg, mode | IPC_CREAT | IPC_EXCL);
			break;
		}
	} while (id < 0 && errno == EEXIST);
	return id;
}

/* ipcmk's words for what it made. */
static const char *const made[TOYIPC_NR_KINDS] = {
	[TOYIPC_KIND_MSG] = "Message queue id",
	[TOYIPC_KIND_SHM] = "Shared memory id",
	[TOYIPC_KIND_SEM] = "Semaphore id",
};

static const char *const create_what[TOYIPC_NR_KINDS] = {
	[TOYIPC_KIND_MSG] = "create message queue",
	[TOYIPC_KIND_SHM] = "create shared memory",
	[TOYIPC_KIND_SEM] = "create semaphore",
};

/* Each object in ipcmk's order (shm, msg, sem), whatever the options' order. */
static int cmd_mk(struct ctl *c, int argc, char **argv)
{
	static const enum toyipc_kind order[] = {
		TOYIPC_KIND_SHM, TOYIPC_KIND_MSG, TOYIPC_KIND_SEM,
	};
	struct creation want[TOYIPC_NR_KINDS] = { 0 };
	bool asked[TOYIPC_NR_KINDS] = { false }, json = false, any = false;
	int opt, ret, mode = 0644, status = EXIT_OK;
	struct json j = { 0 };
	long long n;
	key_t key;
	char buf[16];

	(void)c;
	while ((ret = next_option(argc, argv, "QM:S:p:", &json, &opt)) == 0) {
		switch (opt) {
		case 'Q':
			asked[TOYIPC_KIND_MSG] = any = true;
			break;
		case 'M':
			if (!parse_size(optarg, &want[TOYIPC_KIND_SHM].arg))
				return usage_error("mk: bad size '%s'", optarg);
			asked[TOYIPC_KIND_SHM] = any = true;
			break;
		case 'S':
			if (!parse_number(optarg, false, 1, INT_MAX, &n))
				return usage_error("mk: bad number of semaphores '%s'", optarg);
			want[TOYIPC_KIND_SEM].arg = n;
			asked[TOYIPC_KIND_SEM] = any = true;
			break;
		case 'p': {
			char *end;

			errno = 0;
			n = strtol(optarg, &end, 8);
			if (!*optarg || *end || errno || n < 0 || n > 0777)
				return usage_error("mk: bad mode '%s' (octal, at most 0777)", optarg);
			mode = n;
			break;
		}
		}
	}
	if (ret > 0)
		return ret;
	if (optind < argc)
		return usage_error("mk: unexpected argument '%s'", argv[optind]);
	if (!any)
		return usage_error("mk: nothing to create (-Q, -M SIZE or -S NSEMS)");
	if (json) {
		json_open(&j, NULL, '{');
		json_open(&j, "created", '[');
	}
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		enum toyipc_kind k = order[i];
		int id;

		if (!asked[k])
			continue;
		want[k].kind = k;
		id = create_object(&want[k], mode, &key);
		if (id < 0) {
			fflush(stdout);
			fprintf(stderr, "toyipcctl: mk: %s failed: %s\n", create_what[k],
				errno == ENOENT ? "toyipc module not loaded" : strerror(errno));
			status = errno == ENOENT ? EXIT_NOMODULE : EXIT_REFUSED;
			continue;
		}
		if (!json) {
			printf("%s: %d\n", made[k], id);
			continue;
		}
		json_open(&j, NULL, '{');
		json_string(&j, "kind", kind_name(k));
		json_int(&j, "id", id);
		snprintf(buf, sizeof(buf), "0x%08x", (unsigned int)key);
		json_string(&j, "key", buf);
		json_close(&j, '}');
	}
	if (json) {
		json_close(&j, ']');
		json_close(&j, '}');
	}
	return status;
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

/* --json: {"reset": true} once done; a refusal prints nothing on stdout. */
static int cmd_reset(struct ctl *c, int argc, char **argv)
{
	bool json = false;
	int ret = parse_plain(argc, argv, &json);

	if (ret || (ret = ctl_open(c)))
		return ret;
	if (ctl_send(c, ctl_request(c, TOYIPC_CMD_RESET_STATS, 0), NULL, NULL)) {
		ctl_report(c, "reset", change_refused(c->err));
		return EXIT_REFUSED;
	}
	if (json)
		puts("{\"reset\":true}");
	return EXIT_OK;
}

/* ---- limits, set */

/*
 * GET_LIMITS: each limit's value in force and where it comes from (a
 * kernel without TOYIPC_A_LIMIT_SOURCES shows no source).  JSON: the
 * limits by name, then "sources" with a name per limit.
 */
static void on_limits(const struct reply *r, void *arg)
{
	struct nlattr *tb[TOYIPC_LIMIT_MAX + 1], *nest = r->tb[TOYIPC_A_LIMITS];
	struct nlattr *sb[TOYIPC_LIMIT_MAX + 1] = { NULL };
	struct nlattr *src = r->tb[TOYIPC_A_LIMIT_SOURCES];
	struct json *j = arg;
	struct value v, s;
	char text[32], from[32];

	if (!nest || !field_parse(&limit_table, tb, nest))
		return;
	if (src && !field_parse(&limit_source_table, sb, src))
		src = NULL;
	if (j) {
		json_open(j, NULL, '{');
		json_attrs(j, &limit_table, nla_data(nest), nla_len(nest));
		if (src) {
			json_open(j, "sources", '{');
			json_attrs(j, &limit_source_table, nla_data(src), nla_len(src));
			json_close(j, '}');
		}
		json_close(j, '}');
		return;
	}
	for (size_t i = 0; i < limit_table.n; i++) {
		const struct field *f = &limit_table.fields[i];

		if (f->type == FT_PAD || !field_get(&limit_table, tb, f->attr, &v))
			continue;
		field_format(f, &v, text, sizeof(text));
		from[0] = '\0';
		if (field_get(&limit_source_table, sb, f->attr, &s))
			field_format(field_find(&limit_source_table, f->attr), &s, from, sizeof(from));
		printf("%-14s %-20s %s%s\n", f->name, text, from,
		       f->read_only ? "  (read-only)" : "");
	}
}

/* The limits in force, as a table or (@json) as one JSON object. */
static int show_limits(struct ctl *c, bool json, const char *context)
{
	struct json j = { 0 };

	if (ctl_send(c, ctl_request(c, TOYIPC_CMD_GET_LIMITS, 0), on_limits, json ? &j : NULL)) {
		ctl_report(c, context, NULL);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

int print_limits_json(struct ctl *c)
{
	return show_limits(c, true, "ipcs");
}

static int cmd_limits(struct ctl *c, int argc, char **argv)
{
	bool json = false;
	int ret = parse_plain(argc, argv, &json);

	if (ret || (ret = ctl_open(c)))
		return ret;
	return show_limits(c, json, "limits");
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
	bool json = false;

	if (!list)
		die("out of memory");
	while ((ret = next_option(argc, argv, "", &json, &opt)) == 0)
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
	} else if (json) {
		/* --json: the limits in force after the change. */
		ret = show_limits(c, true, "set");
	}
out:
	free(list);
	return ret;
}

/*
 * unset NAME...: the limits follow their sysctl (or default) again.  All
 * names are checked first; one request, all or none.
 */
static int cmd_unset(struct ctl *c, int argc, char **argv)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	bool json = false;
	int opt, ret;

	while ((ret = next_option(argc, argv, "", &json, &opt)) == 0)
		;
	if (ret < 0)
		ret = optind == argc ? usage_error("unset: nothing to unset") : 0;
	for (int i = optind; !ret && i < argc; i++) {
		const struct field *f = field_by_name(&limit_table, argv[i]);

		if (!f)
			ret = usage_error("unset: no limit named '%s'", argv[i]);
		else if (f->read_only)
			ret = usage_error("unset: %s is read-only (a module parameter fixed at load time)",
					  argv[i]);
	}
	if (ret || (ret = ctl_open(c)))
		return ret;
	msg = ctl_request(c, TOYIPC_CMD_SET_LIMITS, 0);
	nest = nla_nest_start(msg, TOYIPC_A_LIMITS_UNSET);
	if (!nest)
		die("netlink message too large");
	for (int i = optind; i < argc; i++)
		if (nla_put_flag(msg, field_by_name(&limit_table, argv[i])->attr))
			die("netlink message too large");
	nla_nest_end(msg, nest);
	if (ctl_send(c, msg, NULL, NULL)) {
		ctl_report(c, "unset", change_refused(c->err));
		return EXIT_REFUSED;
	}
	return json ? show_limits(c, true, "unset") : EXIT_OK;
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
	{ "lsipc", cmd_lsipc },
	{ "mk", cmd_mk },
	{ "rm", cmd_rm },
	{ "stats", cmd_stats },
	{ "reset", cmd_reset },
	{ "limits", cmd_limits },
	{ "unset", cmd_unset },
	{ "set", cmd_set },
	{ "watch", cmd_watch },
};

int main(int argc, char **argv)
{
	struct ctl c = { 0 };
	int ret;

	if (argc < 2)
		return usage_error("no command given");
	opterr = 0;
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		puts("toyipcctl from toyipc " TOYIPCCTL_VERSION);
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
