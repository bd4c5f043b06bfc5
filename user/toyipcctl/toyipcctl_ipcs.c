// SPDX-License-Identifier: GPL-2.0
/*
 * toyipcctl_ipcs.c: "toyipcctl ipcs", util-linux ipcs(1)'s options and
 * output layouts over the toy's objects.
 *
 *	toyipcctl ipcs [-q] [-m] [-s] [-Q] [-M] [-f] [-a] [-t|-p|-c|-l|-u] [-b|--human] [--json]
 *	toyipcctl ipcs -q|-m|-s -i ID [-b|--human] [--json]
 *
 * The objects come from one GET_OBJECTS dump per kind (objects_get(), also
 * used by "rm -a"); each layout is a header and one line per object, with
 * the column widths, titles and words of ipcs so that the two can be put
 * side by side (tests/guest/ipcs_compare_test.c does).  Sections come in
 * ipcs's order (message queues, shared memory, semaphores); then the toy's
 * POSIX queues and segments (-Q, -M: rows read from /proc/toyipc, see
 * rows_get()), and its pipes and FIFOs, which ipcs does not have, last,
 * each only in the layouts that have something to say about them.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "toyipc.h"
#include "toyipcctl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the objects of one kind */

static void on_listed(const struct reply *r, void *arg)
{
	struct objects *l = arg;
	struct nlattr *obj = r->tb[TOYIPC_A_OBJ];
	struct object *o;
	struct value kind;

	if (!obj) {
		l->malformed = true;
		return;
	}
	if (l->n == l->size) {
		l->size = l->size ? 2 * l->size : 16;
		l->v = realloc(l->v, l->size * sizeof(*l->v));
		if (!l->v)
			die("out of memory");
	}
	o = &l->v[l->n];
	/* The reply's buffer is gone after this call: keep a copy. */
	o->nest = malloc(nla_total_size(nla_len(obj)));
	if (!o->nest)
		die("out of memory");
	memcpy(o->nest, obj, nla_total_size(nla_len(obj)));
	if (!field_parse(&obj_table, o->tb, o->nest) ||
	    !field_get(&obj_table, o->tb, TOYIPC_OBJ_KIND, &kind)) {
		free(o->nest);
		l->malformed = true;
		return;
	}
	if (kind.u != l->kind) {
		free(o->nest);
		return;
	}
	l->n++;
}

int objects_get(struct ctl *c, enum toyipc_kind kind, struct objects *l, const char *context)
{
	struct nl_msg *msg = ctl_request(c, TOYIPC_CMD_GET_OBJECTS, NLM_F_DUMP);

	memset(l, 0, sizeof(*l));
	l->kind = kind;
	put_u32(msg, TOYIPC_A_KIND, kind);
	if (ctl_send(c, msg, on_listed, l)) {
		fflush(stdout);
		ctl_report(c, context, NULL);
		return EXIT_REFUSED;
	}
	if (l->malformed) {
		fflush(stdout);
		fprintf(stderr, "toyipcctl: %s: the kernel sent a malformed object\n", context);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

void objects_free(struct objects *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].nest);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Attribute @attr of @o as a number; 0 if the kernel did not send it. */
unsigned long long obj_u(const struct object *o, int attr)
{
	struct value v;

	return field_get(&obj_table, (struct nlattr **)o->tb, attr, &v) ? v.u : 0;
}

static long long obj_s(const struct object *o, int attr)
{
	struct value v;

	return field_get(&obj_table, (struct nlattr **)o->tb, attr, &v) ? v.s : 0;
}

/* ---- words and numbers the way ipcs writes them */

/* How sizes read: ipcs's default, -b, kilobytes (its default for shm limits), --human. */
enum unit { UNIT_DEFAULT, UNIT_BYTES, UNIT_KB, UNIT_HUMAN };

/*
 * A size as ipcs prints one: "LABEL (bytes) = N", "LABEL (kbytes) = N",
 * "LABEL = 8K"; a LABEL ending in '=' stands alone; none for a table cell
 * of @width (negative: left-aligned).  Then @end.
 */
static void print_size(enum unit unit, const char *label, unsigned long long size,
		       const char *end, int width)
{
	char human[32];

	if (label && label[strlen(label) - 1] == '=')
		fputs(label, stdout);
	else if (label && unit == UNIT_BYTES)
		printf("%s (bytes) = ", label);
	else if (label && unit == UNIT_KB)
		printf("%s (kbytes) = ", label);
	else if (label)
		printf("%s = ", label);
	if (unit == UNIT_HUMAN) {
		human_size(size, human, sizeof(human));
		printf("%*s", width, human);
	} else {
		printf("%*llu", width, unit == UNIT_KB ? size / 1024 : size);
	}
	if (end)
		fputs(end, stdout);
}

/* " %-10s" with the user's or group's name, or " %-10u" with the number. */
static void print_id_name(const char *file, unsigned int id)
{
	char name[256];

	if (name_in(file, id, name, sizeof(name)))
		printf(" %-10s", name);
	else
		printf(" %-10u", id);
}

/* The id and the owner, "%-*d %-10.10s" (the name cut at 10 like ipcs). */
static void print_id_owner(const struct object *o, int id_width)
{
	unsigned int uid = obj_u(o, TOYIPC_OBJ_UID);
	char name[256];

	if (name_in("/etc/passwd", uid, name, sizeof(name)))
		printf("%-*d %-10.10s", id_width, (int)obj_s(o, TOYIPC_OBJ_ID), name);
	else
		printf("%-*d %-10u", id_width, (int)obj_s(o, TOYIPC_OBJ_ID), uid);
}

/* ctime(3) of @t, or "Not set" for 0; @skip 4 drops the weekday. */
static const char *when(long long t, int skip, char *buf, size_t size)
{
	time_t tt = t;

	if (!t || !ctime_r(&tt, buf) || strlen(buf) < 24 || size < 26)
		return "Not set";
	buf[24] = '\0';
	return buf + skip;
}

/* ---- the layouts */

enum layout { L_LIST, L_TIME, L_PID, L_CREATOR, L_LIMITS, L_SUMMARY };

/* A column header: its name (another with --human, if set) and width. */
struct col {
	const char *name;
	int width;
	const char *human_name;
};

/* What one section prints in one layout: a title, a header, one row per object. */
struct kind_layout {
	const char *title;	/* NULL: the section prints nothing in this layout */
	const struct col *header;	/* ends with a NULL name */
	void (*row)(const struct object *o, enum unit unit);
	void (*posix_row)(const struct row *r, enum unit unit);	/* instead, for POSIX */
};

#define COL(name, width)		{ (name), (width), NULL }
#define COL_H(name, width, human)	{ (name), (width), (human) }
#define COL_END				{ NULL, 0, NULL }

/* Each column's name left-aligned in its width, one space between, as ipcs does. */
static void print_header(const struct col *c, enum unit unit)
{
	for (int i = 0; c[i].name; i++)
		printf("%s%-*s", i ? " " : "", c[i].width,
		       unit == UNIT_HUMAN && c[i].human_name ? c[i].human_name : c[i].name);
	putchar('\n');
}

/* The -c layout, the same for every kind. */
static void creator_row(const struct object *o, enum unit unit)
{
	(void)unit;
	printf("%-10d %-10llo", (int)obj_s(o, TOYIPC_OBJ_ID), obj_u(o, TOYIPC_OBJ_MODE) & 0777);
	print_id_name("/etc/passwd", obj_u(o, TOYIPC_OBJ_CUID));
	print_id_name("/etc/group", obj_u(o, TOYIPC_OBJ_CGID));
	print_id_name("/etc/passwd", obj_u(o, TOYIPC_OBJ_UID));
	print_id_name("/etc/group", obj_u(o, TOYIPC_OBJ_GID));
	putchar('\n');
}

#define CREATOR_HEADER(idname) {						\
	COL(idname, 10), COL("perms", 10), COL("cuid", 10), COL("cgid", 10),	\
	COL("uid", 10), COL("gid", 10), COL_END }

static const struct col msg_creator_header[] = CREATOR_HEADER("msqid");
static const struct col shm_creator_header[] = CREATOR_HEADER("shmid");
static const struct col sem_creator_header[] = CREATOR_HEADER("semid");

/* The key, id, owner and perms every default listing starts with. */
static void list_row_start(const struct object *o)
{
	printf("0x%08x ", (unsigned int)obj_u(o, TOYIPC_OBJ_KEY));
	print_id_owner(o, 10);
	printf(" %-10llo ", obj_u(o, TOYIPC_OBJ_MODE) & 0777);
}

/* The id, the owner and three times as ipcs -t shows them for queues and segments. */
static void three_times_row(const struct object *o, int id_width, const int attr[3])
{
	char b[32];

	print_id_owner(o, id_width);
	for (int i = 0; i < 3; i++)
		printf(" %-20.16s", when(obj_s(o, attr[i]), 4, b, sizeof(b)));
	putchar('\n');
}

/* msg */

static const struct col msg_list_header[] = {
	COL("key", 10), COL("msqid", 10), COL("owner", 10), COL("perms", 10),
	COL_H("used-bytes", 12, "size"), COL("messages", 12), COL_END,
};

static void msg_list_row(const struct object *o, enum unit unit)
{
	list_row_start(o);
	if (unit == UNIT_HUMAN)
		print_size(unit, NULL, obj_u(o, TOYIPC_OBJ_CBYTES), "      ", 6);
	else
		print_size(unit, NULL, obj_u(o, TOYIPC_OBJ_CBYTES), NULL, -12);
	printf(" %-12llu\n", obj_u(o, TOYIPC_OBJ_QNUM));
}

static const struct col msg_time_header[] = {
	COL("msqid", 8), COL("owner", 10), COL("send", 20), COL("recv", 20), COL("change", 20),
	COL_END,
};

static void msg_time_row(const struct object *o, enum unit unit)
{
	static const int times[3] = { TOYIPC_OBJ_STIME, TOYIPC_OBJ_RTIME, TOYIPC_OBJ_CTIME };

	(void)unit;
	three_times_row(o, 8, times);
}

static const struct col msg_pid_header[] = {
	COL("msqid", 10), COL("owner", 10), COL("lspid", 10), COL("lrpid", 10), COL_END,
};

static void msg_pid_row(const struct object *o, enum unit unit)
{
	(void)unit;
	print_id_owner(o, 8);
	printf("  %5d     %5d\n", (int)obj_u(o, TOYIPC_OBJ_LSPID), (int)obj_u(o, TOYIPC_OBJ_LRPID));
}

/* shm */

static const struct col shm_list_header[] = {
	COL("key", 10), COL("shmid", 10), COL("owner", 10), COL("perms", 10),
	COL_H("bytes", 10, "size"), COL("nattch", 10), COL("status", 12), COL_END,
};

static void shm_list_row(const struct object *o, enum unit unit)
{
	list_row_start(o);
	if (unit == UNIT_HUMAN)
		print_size(unit, NULL, obj_u(o, TOYIPC_OBJ_SEGSZ), "    ", 6);
	else
		print_size(unit, NULL, obj_u(o, TOYIPC_OBJ_SEGSZ), NULL, -10);
	printf(" %-10llu %-6s %-6s\n", obj_u(o, TOYIPC_OBJ_NATTCH),
	       obj_u(o, TOYIPC_OBJ_MODE) & SHM_DEST ? "dest" : " ",
	       obj_u(o, TOYIPC_OBJ_MODE) & SHM_LOCKED ? "locked" : " ");
}

static const struct col shm_time_header[] = {
	COL("shmid", 10), COL("owner", 10), COL("attached", 20), COL("detached", 20),
	COL("changed", 20), COL_END,
};

static void shm_time_row(const struct object *o, enum unit unit)
{
	static const int times[3] = { TOYIPC_OBJ_ATIME, TOYIPC_OBJ_DTIME, TOYIPC_OBJ_CTIME };

	(void)unit;
	three_times_row(o, 10, times);
}

static const struct col shm_pid_header[] = {
	COL("shmid", 10), COL("owner", 10), COL("cpid", 10), COL("lpid", 10), COL_END,
};

static void shm_pid_row(const struct object *o, enum unit unit)
{
	(void)unit;
	print_id_owner(o, 10);
	printf(" %-10u %-10u\n", (unsigned int)obj_u(o, TOYIPC_OBJ_CPID),
	       (unsigned int)obj_u(o, TOYIPC_OBJ_LPID));
}

/* sem */

static const struct col sem_list_header[] = {
	COL("key", 10), COL("semid", 10), COL("owner", 10), COL("perms", 10), COL("nsems", 10),
	COL_END,
};

static void sem_list_row(const struct object *o, enum unit unit)
{
	(void)unit;
	list_row_start(o);
	printf("%-10llu\n", obj_u(o, TOYIPC_OBJ_NSEMS));
}

static const struct col sem_time_header[] = {
	COL("semid", 8), COL("owner", 10), COL("last-op", 26), COL("last-changed", 26), COL_END,
};

static void sem_time_row(const struct object *o, enum unit unit)
{
	char b[2][32];

	(void)unit;
	print_id_owner(o, 8);
	printf("  %-26.24s %-26.24s\n", when(obj_s(o, TOYIPC_OBJ_OTIME), 0, b[0], 32),
	       when(obj_s(o, TOYIPC_OBJ_CTIME), 0, b[1], 32));
}

/* pipes: ipcs has none; the same look, the columns of /proc/toyipc/pipe */

static const struct col pipe_list_header[] = {
	COL("id", 10), COL("name", 10), COL("capacity", 10), COL("queued", 10), COL("readers", 8),
	COL("writers", 8), COL("bytes-in", 12), COL("bytes-out", 12), COL("w-blocks", 10),
	COL("r-blocks", 10), COL_END,
};

static void pipe_list_row(const struct object *o, enum unit unit)
{
	char name[16] = "pipe";

	(void)unit;
	if (o->tb[TOYIPC_OBJ_FIFO])
		snprintf(name, sizeof(name), "toyfifo%llu", obj_u(o, TOYIPC_OBJ_FIFO));
	printf("%-10d %-10s %-10llu %-10llu %-8llu %-8llu %-12llu %-12llu %-10llu %-10llu\n",
	       (int)obj_s(o, TOYIPC_OBJ_ID), name, obj_u(o, TOYIPC_OBJ_CAPACITY),
	       obj_u(o, TOYIPC_OBJ_QUEUED), obj_u(o, TOYIPC_OBJ_READERS),
	       obj_u(o, TOYIPC_OBJ_WRITERS), obj_u(o, TOYIPC_OBJ_BYTES_IN),
	       obj_u(o, TOYIPC_OBJ_BYTES_OUT), obj_u(o, TOYIPC_OBJ_SEND_BLOCKS),
	       obj_u(o, TOYIPC_OBJ_RECV_BLOCKS));
}

/*
 * POSIX queues and segments: ipcs has no such sections (their objects have
 * names, not keys and ids); the same look, the columns of
 * /proc/toyipc/mqueue and posix_shm.  An unlinked object that is still
 * open or mapped shows "(deleted)" after its name, as in /proc.
 */
static void print_posix_start(const struct row *r)
{
	char name[256];

	printf("%s%-*s", r->name, r->deleted ? 0 : (int)(24 - strlen(r->name)),
	       r->deleted ? " (deleted)" : "");
	if (name_in("/etc/passwd", r->v[TOYIPC_OBJ_UID], name, sizeof(name)))
		printf(" %-10.10s", name);
	else
		printf(" %-10llu", r->v[TOYIPC_OBJ_UID]);
	printf(" %-10llo ", r->v[TOYIPC_OBJ_MODE] & 0777);
}

static const struct col mq_list_header[] = {
	COL("name", 24), COL("owner", 10), COL("perms", 10), COL_H("used-bytes", 12, "size"),
	COL("messages", 12), COL("maxmsg", 10), COL("msgsize", 10), COL_END,
};

static void mq_list_row(const struct row *r, enum unit unit)
{
	print_posix_start(r);
	print_size(unit, NULL, r->v[TOYIPC_OBJ_CBYTES], NULL, -12);
	printf(" %-12llu %-10llu %-10llu\n", r->v[TOYIPC_OBJ_QNUM], r->v[TOYIPC_OBJ_MAXMSG],
	       r->v[TOYIPC_OBJ_MSGSIZE]);
}

static const struct col pshm_list_header[] = {
	COL("name", 24), COL("owner", 10), COL("perms", 10), COL_H("bytes", 10, "size"),
	COL_H("resident", 10, "rss"), COL("cpid", 10), COL_END,
};

static void pshm_list_row(const struct row *r, enum unit unit)
{
	print_posix_start(r);
	print_size(unit, NULL, r->v[TOYIPC_OBJ_SEGSZ], " ", -10);
	print_size(unit, NULL, r->v[TOYIPC_OBJ_RSS], NULL, -10);
	printf(" %-10llu\n", r->v[TOYIPC_OBJ_CPID]);
}

static bool is_posix(enum toyipc_kind kind)
{
	return kind == TOYIPC_KIND_MQ || kind == TOYIPC_KIND_POSIX_SHM;
}

struct section {
	enum toyipc_kind kind;
	const char *name;		/* in --json */
	struct kind_layout layouts[L_CREATOR + 1];
};

/* In ipcs's order; then the toy's POSIX objects; pipes last. */
static const struct section sections[] = {
	{ TOYIPC_KIND_MSG, "msg", {
		[L_LIST] = { "Message Queues", msg_list_header, msg_list_row },
		[L_TIME] = { "Message Queues Send/Recv/Change Times", msg_time_header,
			     msg_time_row },
		[L_PID] = { "Message Queues PIDs", msg_pid_header, msg_pid_row },
		[L_CREATOR] = { "Message Queues Creators/Owners", msg_creator_header,
				creator_row },
	} },
	{ TOYIPC_KIND_SHM, "shm", {
		[L_LIST] = { "Shared Memory Segments", shm_list_header, shm_list_row },
		[L_TIME] = { "Shared Memory Attach/Detach/Change Times", shm_time_header,
			     shm_time_row },
		[L_PID] = { "Shared Memory Creator/Last-op PIDs", shm_pid_header, shm_pid_row },
		[L_CREATOR] = { "Shared Memory Segment Creators/Owners", shm_creator_header,
				creator_row },
	} },
	{ TOYIPC_KIND_SEM, "sem", {
		[L_LIST] = { "Semaphore Arrays", sem_list_header, sem_list_row },
		[L_TIME] = { "Semaphore Operation/Change Times", sem_time_header, sem_time_row },
		/* ipcs -p has nothing for semaphores: an empty section. */
		[L_PID] = { "", NULL, NULL },
		[L_CREATOR] = { "Semaphore Arrays Creators/Owners", sem_creator_header,
				creator_row },
	} },
	{ TOYIPC_KIND_MQ, "mq", {
		[L_LIST] = { "POSIX Message Queues", mq_list_header, NULL, mq_list_row },
	} },
	{ TOYIPC_KIND_POSIX_SHM, "pshm", {
		[L_LIST] = { "POSIX Shared Memory", pshm_list_header, NULL, pshm_list_row },
	} },
	{ TOYIPC_KIND_PIPE, "pipe", {
		[L_LIST] = { "Pipes and FIFOs", pipe_list_header, pipe_list_row },
	} },
};

/* ---- -l: the limits, from GET_LIMITS */

static void on_limits(const struct reply *r, void *arg)
{
	struct nlattr *tb[TOYIPC_LIMIT_MAX + 1], *nest = r->tb[TOYIPC_A_LIMITS];
	struct limits *l = arg;
	struct value v;

	if (!nest || !field_parse(&limit_table, tb, nest))
		return;
	for (int a = 1; a <= TOYIPC_LIMIT_MAX; a++)
		if (field_get(&limit_table, tb, a, &v))
			l->v[a] = v.u;
	l->ok = true;
}

/* The limits in force (GET_LIMITS) into @l.  Return: the exit status. */
int limits_get(struct ctl *c, struct limits *l, const char *context)
{
	memset(l, 0, sizeof(*l));
	if (ctl_send(c, ctl_request(c, TOYIPC_CMD_GET_LIMITS, 0), on_limits, l) || !l->ok) {
		ctl_report(c, context, c->err ? NULL : "no limits in the kernel's reply");
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}


static void print_limits(enum toyipc_kind kind, const struct limits *l, enum unit unit)
{
	unsigned long long page = sysconf(_SC_PAGESIZE), total;

	switch (kind) {
	case TOYIPC_KIND_MSG:
		puts("------ Messages Limits --------");
		printf("max queues system wide = %llu\n", l->v[TOYIPC_LIMIT_MSGMNI]);
		print_size(unit == UNIT_DEFAULT ? UNIT_BYTES : unit, "max size of message",
			   l->v[TOYIPC_LIMIT_MSGMAX], "\n", 0);
		print_size(unit == UNIT_DEFAULT ? UNIT_BYTES : unit, "default max size of queue",
			   l->v[TOYIPC_LIMIT_MSGMNB], "\n", 0);
		break;
	case TOYIPC_KIND_SHM:
		puts("------ Shared Memory Limits --------");
		printf("max number of segments = %llu\n", l->v[TOYIPC_LIMIT_SHMMNI]);
		print_size(unit == UNIT_DEFAULT ? UNIT_KB : unit, "max seg size",
			   l->v[TOYIPC_LIMIT_SHMMAX], "\n", 0);
		/* shmall is in pages; a product that overflows is shown as the largest. */
		if (unit == UNIT_DEFAULT || unit == UNIT_KB) {
			if (__builtin_mul_overflow(l->v[TOYIPC_LIMIT_SHMALL], page / 1024, &total))
				total = UINT64_MAX - UINT64_MAX % (page / 1024);
			print_size(UNIT_DEFAULT, "max total shared memory (kbytes)", total, "\n", 0);
		} else {
			if (__builtin_mul_overflow(l->v[TOYIPC_LIMIT_SHMALL], page, &total))
				total = UINT64_MAX - UINT64_MAX % page;
			print_size(unit, "max total shared memory", total, "\n", 0);
		}
		print_size(unit == UNIT_DEFAULT ? UNIT_BYTES : unit, "min seg size", TOY_SHMMIN,
			   "\n", 0);
		break;
	case TOYIPC_KIND_SEM:
		puts("------ Semaphore Limits --------");
		printf("max number of arrays = %llu\n", l->v[TOYIPC_LIMIT_SEMMNI]);
		printf("max semaphores per array = %llu\n", l->v[TOYIPC_LIMIT_SEMMSL]);
		printf("max semaphores system wide = %llu\n", l->v[TOYIPC_LIMIT_SEMMNS]);
		printf("max ops per semop call = %llu\n", l->v[TOYIPC_LIMIT_SEMOPM]);
		printf("semaphore max value = %u\n", TOY_SEMVMX);
		break;
	case TOYIPC_KIND_PIPE:
		puts("------ Pipe Limits --------");
		printf("number of FIFOs = %llu\n", l->v[TOYIPC_LIMIT_NR_FIFOS]);
		print_size(unit == UNIT_DEFAULT ? UNIT_BYTES : unit, "default pipe size",
			   l->v[TOYIPC_LIMIT_PIPE_SIZE], "\n", 0);
		print_size(unit == UNIT_DEFAULT ? UNIT_BYTES : unit, "max pipe size",
			   l->v[TOYIPC_LIMIT_PIPE_MAX_SIZE], "\n", 0);
		break;
	default:
		break;
	}
}

/* ---- -u: a summary, counted from the objects as msgctl(MSG_INFO) & co. count */

struct summary {
	unsigned long long n, a, b, c;	/* per kind, see print_summary() */
};

static void summarize(const struct objects *l, struct summary *s)
{
	unsigned long long page = sysconf(_SC_PAGESIZE);

	memset(s, 0, sizeof(*s));
	s->n = l->n;
	for (size_t i = 0; i < l->n; i++) {
		const struct object *o = &l->v[i];

		switch (l->kind) {
		case TOYIPC_KIND_MSG:
			s->a += obj_u(o, TOYIPC_OBJ_QNUM);
			s->b += obj_u(o, TOYIPC_OBJ_CBYTES);
			break;
		case TOYIPC_KIND_SHM:
			s->a += (obj_u(o, TOYIPC_OBJ_SEGSZ) + page - 1) / page;
			s->b += (obj_u(o, TOYIPC_OBJ_RSS) + page - 1) / page;
			break;
		case TOYIPC_KIND_SEM:
			s->a += obj_u(o, TOYIPC_OBJ_NSEMS);
			break;
		case TOYIPC_KIND_PIPE:
			s->a += obj_u(o, TOYIPC_OBJ_QUEUED);
			break;
		default:
			break;
		}
	}
}

static void print_summary(enum toyipc_kind kind, const struct summary *s, enum unit unit)
{
	switch (kind) {
	case TOYIPC_KIND_MSG:
		puts("------ Messages Status --------");
		printf("allocated queues = %llu\n", s->n);
		printf("used headers = %llu\n", s->a);
		print_size(unit, "used space", s->b, unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
		break;
	case TOYIPC_KIND_SHM:
		/* The toy never swaps. */
		puts("------ Shared Memory Status --------");
		printf("segments allocated %llu\npages allocated %llu\npages resident  %llu\n"
		       "pages swapped   0\nSwap performance: 0 attempts\t 0 successes\n",
		       s->n, s->a, s->b);
		break;
	case TOYIPC_KIND_SEM:
		puts("------ Semaphore Status --------");
		printf("used arrays = %llu\n", s->n);
		printf("allocated semaphores = %llu\n", s->a);
		break;
	case TOYIPC_KIND_PIPE:
		puts("------ Pipes Status --------");
		printf("pipes and FIFOs = %llu\n", s->n);
		print_size(unit, "used space", s->a, unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
		break;
	default:
		break;
	}
}

static void json_summary(struct json *j, enum toyipc_kind kind, const struct summary *s)
{
	static const char *const names[][3] = {
		[TOYIPC_KIND_PIPE] = { "pipes", "queued_bytes", NULL },
		[TOYIPC_KIND_MSG] = { "queues", "messages", "queued_bytes" },
		[TOYIPC_KIND_SHM] = { "segments", "pages", "resident_pages" },
		[TOYIPC_KIND_SEM] = { "sets", "semaphores", NULL },
	};
	const unsigned long long v[3] = { s->n, s->a, s->b };

	json_open(j, kind_name(kind), '{');
	for (int i = 0; i < 3; i++)
		if (names[kind][i])
			json_uint(j, names[kind][i], v[i]);
	json_close(j, '}');
}

/* ---- -i ID */

union toy_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* Per semaphore: value, ncount, zcount, pid, as ipcs -s -i shows them. */
static int print_semaphores(int id, unsigned int nsems)
{
	static const int cmds[] = { GETVAL, GETNCNT, GETZCNT, GETPID };
	int v[ARRAY_SIZE(cmds)];

	printf("%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount", "pid");
	for (unsigned int n = 0; n < nsems; n++) {
		for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
			v[i] = toy_semctl(id, n, cmds[i], (union toy_semun){ 0 });
			if (v[i] < 0) {
				fflush(stdout);
				fprintf(stderr, "toyipcctl: ipcs: semctl of semaphore %u of id %d: %s\n",
					n, id, strerror(errno));
				return EXIT_REFUSED;
			}
		}
		printf("%-10u %-10d %-10d %-10d %-10d\n", n, v[0], v[1], v[2], v[3]);
	}
	return EXIT_OK;
}

static int print_one(const struct object *o, enum unit unit)
{
	int id = obj_s(o, TOYIPC_OBJ_ID);
	unsigned int mode = obj_u(o, TOYIPC_OBJ_MODE);
	char b[3][32];

	switch (obj_u(o, TOYIPC_OBJ_KIND)) {
	case TOYIPC_KIND_MSG:
		printf("\nMessage Queue msqid=%d\n", id);
		printf("uid=%llu\tgid=%llu\tcuid=%llu\tcgid=%llu\tmode=%#o\n",
		       obj_u(o, TOYIPC_OBJ_UID), obj_u(o, TOYIPC_OBJ_GID),
		       obj_u(o, TOYIPC_OBJ_CUID), obj_u(o, TOYIPC_OBJ_CGID), mode);
		print_size(unit, unit == UNIT_HUMAN ? "csize=" : "cbytes=",
			   obj_u(o, TOYIPC_OBJ_CBYTES), "\t", 0);
		print_size(unit, unit == UNIT_HUMAN ? "qsize=" : "qbytes=",
			   obj_u(o, TOYIPC_OBJ_QBYTES), "\t", 0);
		printf("qnum=%llu\tlspid=%d\tlrpid=%d\n", obj_u(o, TOYIPC_OBJ_QNUM),
		       (int)obj_u(o, TOYIPC_OBJ_LSPID), (int)obj_u(o, TOYIPC_OBJ_LRPID));
		printf("send_time=%-26.24s\n", when(obj_s(o, TOYIPC_OBJ_STIME), 0, b[0], 32));
		printf("rcv_time=%-26.24s\n", when(obj_s(o, TOYIPC_OBJ_RTIME), 0, b[1], 32));
		printf("change_time=%-26.24s\n\n", when(obj_s(o, TOYIPC_OBJ_CTIME), 0, b[2], 32));
		return EXIT_OK;
	case TOYIPC_KIND_SHM:
		printf("\nShared memory Segment shmid=%d\n", id);
		printf("uid=%llu\tgid=%llu\tcuid=%llu\tcgid=%llu\n", obj_u(o, TOYIPC_OBJ_UID),
		       obj_u(o, TOYIPC_OBJ_GID), obj_u(o, TOYIPC_OBJ_CUID),
		       obj_u(o, TOYIPC_OBJ_CGID));
		printf("mode=%#o\taccess_perms=%#o\n", mode, mode & 0777);
		print_size(unit, unit == UNIT_HUMAN ? "size=" : "bytes=",
			   obj_u(o, TOYIPC_OBJ_SEGSZ), "\t", 0);
		printf("lpid=%u\tcpid=%u\tnattch=%llu\n", (unsigned int)obj_u(o, TOYIPC_OBJ_LPID),
		       (unsigned int)obj_u(o, TOYIPC_OBJ_CPID), obj_u(o, TOYIPC_OBJ_NATTCH));
		printf("att_time=%-26.24s\n", when(obj_s(o, TOYIPC_OBJ_ATIME), 0, b[0], 32));
		printf("det_time=%-26.24s\n", when(obj_s(o, TOYIPC_OBJ_DTIME), 0, b[1], 32));
		printf("change_time=%-26.24s\n\n", when(obj_s(o, TOYIPC_OBJ_CTIME), 0, b[2], 32));
		return EXIT_OK;
	case TOYIPC_KIND_SEM: {
		int ret;

		printf("\nSemaphore Array semid=%d\n", id);
		printf("uid=%llu\t gid=%llu\t cuid=%llu\t cgid=%llu\n", obj_u(o, TOYIPC_OBJ_UID),
		       obj_u(o, TOYIPC_OBJ_GID), obj_u(o, TOYIPC_OBJ_CUID),
		       obj_u(o, TOYIPC_OBJ_CGID));
		printf("mode=%#o, access_perms=%#o\n", mode, mode & 0777);
		printf("nsems = %llu\n", obj_u(o, TOYIPC_OBJ_NSEMS));
		printf("otime = %-26.24s\n", when(obj_s(o, TOYIPC_OBJ_OTIME), 0, b[0], 32));
		printf("ctime = %-26.24s\n", when(obj_s(o, TOYIPC_OBJ_CTIME), 0, b[1], 32));
		ret = print_semaphores(id, obj_u(o, TOYIPC_OBJ_NSEMS));
		if (!ret)
			putchar('\n');
		return ret;
	}
	default:
		return EXIT_OK;
	}
}

/* ---- the command */

struct ipcs_args {
	bool chosen[ARRAY_SIZE(sections)], any, json, by_id;
	enum layout layout;
	enum unit unit;
	int id;
};

enum { OPT_HUMAN = 256 };

static int parse_ipcs(int argc, char **argv, struct ipcs_args *a)
{
	static const struct option longopts[] = {
		{ "queues", no_argument, NULL, 'q' },
		{ "shmems", no_argument, NULL, 'm' },
		{ "semaphores", no_argument, NULL, 's' },
		{ "posix-mqueues", no_argument, NULL, 'Q' },
		{ "posix-shmems", no_argument, NULL, 'M' },
		{ "pipes", no_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "id", required_argument, NULL, 'i' },
		{ "time", no_argument, NULL, 't' },
		{ "pid", no_argument, NULL, 'p' },
		{ "creator", no_argument, NULL, 'c' },
		{ "limits", no_argument, NULL, 'l' },
		{ "summary", no_argument, NULL, 'u' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "human", no_argument, NULL, OPT_HUMAN },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char kinds[] = "qmsQMf";	/* sections[i]'s option */
	long long n;
	int opt;

	while ((opt = getopt_long(argc, argv, ":qmsQMfai:tpclubh", longopts, NULL)) != -1) {
		const char *k = opt > 0 && opt < 256 ? strchr(kinds, opt) : NULL;

		if (k) {
			a->chosen[k - kinds] = a->any = true;
			continue;
		}
		switch (opt) {
		case 'a':
			for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
				a->chosen[i] = true;
			a->any = true;
			break;
		case 'i':
			if (!parse_number(optarg, false, 0, INT_MAX, &n))
				return usage_error("ipcs: bad id '%s'", optarg);
			a->id = n;
			a->by_id = true;
			break;
		case 't': a->layout = L_TIME; break;
		case 'p': a->layout = L_PID; break;
		case 'c': a->layout = L_CREATOR; break;
		case 'l': a->layout = L_LIMITS; break;
		case 'u': a->layout = L_SUMMARY; break;
		case 'b': a->unit = UNIT_BYTES; break;
		case OPT_HUMAN: a->unit = UNIT_HUMAN; break;
		case 'j': a->json = true; break;
		case 'h':
			print_usage(stdout);
			exit(EXIT_OK);
		default:
			return bad_option("ipcs", argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("ipcs: unexpected argument '%s'", argv[optind]);
	if (a->by_id) {
		int n = 0;

		bool other = false;

		for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
			bool sysv = sections[i].kind != TOYIPC_KIND_PIPE &&
				    !is_posix(sections[i].kind);

			n += a->chosen[i] && sysv;
			other |= a->chosen[i] && !sysv;
		}
		if (n != 1 || other)
			return usage_error("ipcs: -i ID takes one of -q, -m, -s");
	}
	if (!a->any)
		for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
			a->chosen[i] = true;
	return 0;
}

static int ipcs_by_id(struct ctl *c, const struct ipcs_args *a)
{
	const struct section *s = sections;
	struct objects l;
	struct json j = { 0 };
	int ret;

	while (!a->chosen[s - sections])
		s++;
	ret = objects_get(c, s->kind, &l, "ipcs");
	for (size_t i = 0; !ret && i < l.n; i++) {
		if (obj_s(&l.v[i], TOYIPC_OBJ_ID) != a->id)
			continue;
		if (a->json) {
			json_open(&j, NULL, '{');
			json_attrs(&j, &obj_table, nla_data(l.v[i].nest), nla_len(l.v[i].nest));
			json_close(&j, '}');
		} else {
			ret = print_one(&l.v[i], a->unit);
		}
		objects_free(&l);
		return ret;
	}
	if (!ret) {
		fprintf(stderr, "toyipcctl: ipcs: no %s with id %d\n", kind_what(s->kind), a->id);
		ret = EXIT_REFUSED;
	}
	objects_free(&l);
	return ret;
}

/*
 * A POSIX section: the list (and --json), and -u's counts; the other
 * layouts have nothing to say about names without keys, ids or creators.
 */
static int ipcs_posix_section(struct ctl *c, const struct section *s, const struct ipcs_args *a,
			      struct json *j)
{
	const struct kind_layout *k = &s->layouts[L_LIST];
	unsigned long long n[2] = { 0, 0 };
	const bool mq = s->kind == TOYIPC_KIND_MQ;
	struct rows l;
	int ret;

	if (a->layout != L_LIST && a->layout != L_SUMMARY)
		return EXIT_OK;
	ret = rows_get(c, s->kind, &l, "ipcs");
	if (ret)
		return ret;
	for (size_t i = 0; i < l.n; i++) {
		n[0] += l.v[i].v[mq ? TOYIPC_OBJ_QNUM : TOYIPC_OBJ_SEGSZ];
		n[1] += l.v[i].v[mq ? TOYIPC_OBJ_CBYTES : TOYIPC_OBJ_RSS];
	}
	if (a->layout == L_SUMMARY && j) {
		json_open(j, s->name, '{');
		json_uint(j, mq ? "queues" : "segments", l.n);
		json_uint(j, mq ? "messages" : "bytes", n[0]);
		json_uint(j, mq ? "queued_bytes" : "resident_bytes", n[1]);
		json_close(j, '}');
	} else if (a->layout == L_SUMMARY) {
		printf("------ %s Status --------\n", k->title);
		printf("%s = %zu\n", mq ? "queues" : "segments", l.n);
		if (mq)
			printf("messages = %llu\n", n[0]);
		else
			print_size(a->unit, "size", n[0], a->unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
		print_size(a->unit, mq ? "used space" : "resident", n[1],
			   a->unit == UNIT_DEFAULT ? " bytes\n" : "\n", 0);
	} else if (j) {
		json_open(j, s->name, '[');
		for (size_t i = 0; i < l.n; i++)
			json_row(j, &l.v[i]);
		json_close(j, ']');
	} else {
		printf("------ %s --------\n", k->title);
		print_header(k->header, a->unit);
		for (size_t i = 0; i < l.n; i++)
			k->posix_row(&l.v[i], a->unit);
	}
	if (!j)
		putchar('\n');
	rows_free(&l);
	return EXIT_OK;
}

/* One section in @a->layout.  Return: the exit status. */
static int ipcs_section(struct ctl *c, const struct section *s, const struct ipcs_args *a,
			const struct limits *lim, struct json *j)
{
	const struct kind_layout *k = &s->layouts[a->layout];
	struct summary sum;
	struct objects l;
	int ret;

	if (is_posix(s->kind))
		return ipcs_posix_section(c, s, a, j);
	if (a->layout == L_LIMITS) {
		print_limits(s->kind, lim, a->unit);
		putchar('\n');
		return EXIT_OK;
	}
	if (a->layout != L_SUMMARY && !j && !k->title)
		return EXIT_OK;
	ret = objects_get(c, s->kind, &l, "ipcs");
	if (ret)
		return ret;
	if (a->layout == L_SUMMARY) {
		summarize(&l, &sum);
		if (j)
			json_summary(j, s->kind, &sum);
		else
			print_summary(s->kind, &sum, a->unit);
	} else if (j) {
		json_open(j, s->name, '[');
		for (size_t i = 0; i < l.n; i++) {
			json_open(j, NULL, '{');
			json_attrs(j, &obj_table, nla_data(l.v[i].nest), nla_len(l.v[i].nest));
			json_close(j, '}');
		}
		json_close(j, ']');
	} else if (k->header) {
		printf("------ %s --------\n", k->title);
		print_header(k->header, a->unit);
		for (size_t i = 0; i < l.n; i++)
			k->row(&l.v[i], a->unit);
	}
	if (!j)
		putchar('\n');
	objects_free(&l);
	return EXIT_OK;
}

int cmd_ipcs(struct ctl *c, int argc, char **argv)
{
	struct ipcs_args a = { 0 };
	struct limits lim = { 0 };
	struct json j = { 0 };
	int ret = parse_ipcs(argc, argv, &a);

	if (ret || (ret = ctl_open(c)))
		return ret;
	if (a.by_id)
		return ipcs_by_id(c, &a);
	if (a.layout == L_LIMITS) {
		ret = limits_get(c, &lim, "ipcs");
		if (ret)
			return ret;
		if (a.json)
			return print_limits_json(c);
	}
	if (a.json)
		json_open(&j, NULL, '{');
	else
		putchar('\n');
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		if (!a.chosen[i])
			continue;
		ret = ipcs_section(c, &sections[i], &a, &lim, a.json ? &j : NULL);
		if (ret)
			return ret;
	}
	if (a.json)
		json_close(&j, '}');
	return EXIT_OK;
}
