// SPDX-License-Identifier: GPL-2.0
/*
 * toyipcctl_lsipc.c: "toyipcctl lsipc", util-linux lsipc(1)'s options and
 * output modes over the toy's objects, and the rows that it and ipcs print.
 *
 *	toyipcctl lsipc [-q|-m|-s|-Q|-M] [-g] [-i ID] [-o [+]LIST] [-c] [-t] [-b] [-P]
 *			[-J|-e|-n|-r|-l] [--noheadings] [--time-format=short|full|iso]
 *
 * One table of columns (columns[] below: lsipc's names, help and "pretty"
 * names, which kinds have them, which attribute a cell shows and how)
 * drives everything: the default columns of each kind, -o, the header,
 * the table, raw (-r), export (-e, NAME="value"), newline (-n) and JSON
 * (-J) layouts, and the NAME: value view of -i.  The output follows lsipc
 * 2.38's (libsmartcols): every JSON value a string, null for an empty
 * cell; an empty listing prints nothing; column widths from the widest
 * cell or title.  -Q and -M (the toy's POSIX queues and segments) follow
 * the newer lsipc's NAME columns.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "toyipc.h"
#include "toyipcctl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- rows: SysV objects from netlink, POSIX ones from /proc/toyipc */

static struct row *row_add(struct rows *l)
{
	struct row *r;

	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (!l->v)
		die("out of memory");
	r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void row_set(struct row *r, int attr, unsigned long long v)
{
	r->v[attr] = v;
	r->has[attr] = true;
}

/* The numbers of a /proc/toyipc/mqueue and posix_shm line, after the name, in order. */
static const int mq_proc_attrs[] = {
	TOYIPC_OBJ_MODE, TOYIPC_OBJ_UID, TOYIPC_OBJ_GID, TOYIPC_OBJ_MAXMSG,
	TOYIPC_OBJ_MSGSIZE, TOYIPC_OBJ_QNUM, TOYIPC_OBJ_CBYTES, TOYIPC_OBJ_NOTIFY,
	TOYIPC_OBJ_SIGNO, TOYIPC_OBJ_NOTIFY_PID,
};
static const int pshm_proc_attrs[] = {
	TOYIPC_OBJ_SEGSZ, TOYIPC_OBJ_MODE, TOYIPC_OBJ_UID, TOYIPC_OBJ_GID,
	TOYIPC_OBJ_CPID, TOYIPC_OBJ_RSS,
};

/*
 * One line of a POSIX table: "/name  N N ... [(deleted)]".  A name may hold
 * spaces, so the numbers are read from the right.  Return: false if the
 * line is not one.
 */
static bool parse_posix_line(char *line, const int *attrs, size_t n, struct row *r)
{
	static const char deleted[] = " (deleted)";
	size_t len = strcspn(line, "\n");
	char *end;

	line[len] = '\0';
	if (len >= sizeof(deleted) - 1 && !strcmp(line + len - (sizeof(deleted) - 1), deleted)) {
		r->deleted = true;
		line[len -= sizeof(deleted) - 1] = '\0';
	}
	for (size_t i = n; i-- > 0;) {
		char *sp = strrchr(line, ' ');

		if (!sp || !sp[1])
			return false;
		errno = 0;
		row_set(r, attrs[i], strtoull(sp + 1, &end, attrs[i] == TOYIPC_OBJ_MODE ? 8 : 10));
		if (*end || errno)
			return false;
		while (sp > line && sp[-1] == ' ')
			sp--;
		*sp = '\0';
	}
	if (line[0] != '/')
		return false;
	snprintf(r->name, sizeof(r->name), "%s", line);
	return true;
}

static int posix_rows_get(enum toyipc_kind kind, struct rows *l, const char *context)
{
	const char *file = kind == TOYIPC_KIND_MQ ? "/proc/toyipc/mqueue"
						  : "/proc/toyipc/posix_shm";
	const int *attrs = kind == TOYIPC_KIND_MQ ? mq_proc_attrs : pshm_proc_attrs;
	size_t n = kind == TOYIPC_KIND_MQ ? ARRAY_SIZE(mq_proc_attrs) : ARRAY_SIZE(pshm_proc_attrs);
	FILE *f = fopen(file, "re");
	char line[512];
	bool header = true;

	if (!f) {
		fflush(stdout);
		fprintf(stderr, "toyipcctl: %s: %s: %s\n", context, file, strerror(errno));
		return EXIT_REFUSED;
	}
	while (fgets(line, sizeof(line), f)) {
		struct row *r;

		if (header) {
			header = false;
			continue;
		}
		r = row_add(l);
		r->kind = kind;
		if (!parse_posix_line(line, attrs, n, r)) {
			fclose(f);
			fflush(stdout);
			fprintf(stderr, "toyipcctl: %s: %s: a line that does not parse\n", context,
				file);
			return EXIT_REFUSED;
		}
	}
	fclose(f);
	return EXIT_OK;
}

/* The objects of @kind, as rows.  Return: the exit status. */
int rows_get(struct ctl *c, enum toyipc_kind kind, struct rows *l, const char *context)
{
	struct objects objs;
	int ret;

	memset(l, 0, sizeof(*l));
	if (kind == TOYIPC_KIND_MQ || kind == TOYIPC_KIND_POSIX_SHM)
		return posix_rows_get(kind, l, context);
	ret = objects_get(c, kind, &objs, context);
	if (ret)
		return ret;
	for (size_t i = 0; i < objs.n; i++) {
		struct row *r = row_add(l);
		struct value v;

		r->kind = kind;
		for (int a = 1; a <= TOYIPC_OBJ_MAX; a++)
			if (field_get(&obj_table, objs.v[i].tb, a, &v))
				row_set(r, a, field_find(&obj_table, a)->type == FT_S32 ||
					      field_find(&obj_table, a)->type == FT_S64 ?
					      (unsigned long long)v.s : v.u);
	}
	objects_free(&objs);
	return EXIT_OK;
}

void rows_free(struct rows *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A row in toyipcctl's own JSON (the names of obj_table), with "name" for POSIX. */
void json_row(struct json *j, const struct row *r)
{
	const struct value kind = { r->kind, r->kind };

	json_open(j, NULL, '{');
	json_field(j, field_find(&obj_table, TOYIPC_OBJ_KIND), &kind);
	if (r->name[0])
		json_string(j, "name", r->name);
	for (int a = 1; a <= TOYIPC_OBJ_MAX; a++) {
		const struct field *f = field_find(&obj_table, a);
		const struct value v = { (long long)r->v[a], r->v[a] };

		if (r->has[a] && f && a != TOYIPC_OBJ_KIND && f->type != FT_PAD)
			json_field(j, f, &v);
	}
	if (r->kind == TOYIPC_KIND_MQ || r->kind == TOYIPC_KIND_POSIX_SHM)
		json_raw_number(j, "deleted", r->deleted ? "true" : "false");
	json_close(j, '}');
}

/* ---- the columns */

/* Which kinds a column is for. */
enum {
	K_MSG = 1 << 0, K_SHM = 1 << 1, K_SEM = 1 << 2, K_MQ = 1 << 3, K_PSHM = 1 << 4,
	K_GLOBAL = 1 << 5,
	K_SYSV = K_MSG | K_SHM | K_SEM,
	K_POSIX = K_MQ | K_PSHM,
};

/* How a cell reads. */
enum look {
	L_KEY,		/* 0x0000162e */
	L_NUMBER,	/* the attribute as a number (signed for the ids) */
	L_OWNER,	/* the user's name, or the uid */
	L_USER,		/* the user's name, or nothing */
	L_GROUP,	/* the group's name, or nothing */
	L_PERMS,	/* rw-r----- (-P: 0640) */
	L_TIME,		/* --time-format; nothing for 0 */
	L_SIZE,		/* 4.9K (-b: 5000) */
	L_STATUS,	/* dest,locked */
	L_COMMAND,	/* /proc/PID/cmdline of the attribute's pid */
	L_NAME,		/* a POSIX object's name */
	L_GLOBAL,	/* a cell of -g: see global_cell() */
};

struct column {
	const char *name, *help, *pretty;	/* lsipc's */
	unsigned int kinds;
	bool right;		/* right-aligned */
	int attr;		/* TOYIPC_OBJ_* (for L_GLOBAL: which cell) */
	enum look look;
};

enum global_cell { G_RESOURCE, G_DESC, G_LIMIT, G_USED, G_USEPERC };

/* In lsipc's order (-i shows them in it). */
static const struct column columns[] = {
	{ "KEY", "Resource key", "Key", K_SYSV, false, TOYIPC_OBJ_KEY, L_KEY },
	{ "ID", "Resource ID", "ID", K_SYSV, false, TOYIPC_OBJ_ID, L_NUMBER },
	{ "NAME", "POSIX resource name", "Name", K_POSIX, false, 0, L_NAME },
	{ "OWNER", "Owner's username or UID", "Owner", K_SYSV | K_POSIX, true, TOYIPC_OBJ_UID,
	  L_OWNER },
	{ "PERMS", "Permissions", "Permissions", K_SYSV | K_POSIX, true, TOYIPC_OBJ_MODE,
	  L_PERMS },
	{ "CUID", "Creator UID", "Creator UID", K_SYSV, true, TOYIPC_OBJ_CUID, L_NUMBER },
	{ "CUSER", "Creator user", "Creator user", K_SYSV, false, TOYIPC_OBJ_CUID, L_USER },
	{ "CGID", "Creator GID", "Creator GID", K_SYSV, true, TOYIPC_OBJ_CGID, L_NUMBER },
	{ "CGROUP", "Creator group", "Creator group", K_SYSV, false, TOYIPC_OBJ_CGID, L_GROUP },
	{ "UID", "User ID", "UID", K_SYSV | K_POSIX, true, TOYIPC_OBJ_UID, L_NUMBER },
	{ "USER", "User name", "User name", K_SYSV | K_POSIX, false, TOYIPC_OBJ_UID, L_USER },
	{ "GID", "Group ID", "GID", K_SYSV | K_POSIX, true, TOYIPC_OBJ_GID, L_NUMBER },
	{ "GROUP", "Group name", "Group name", K_SYSV | K_POSIX, false, TOYIPC_OBJ_GID, L_GROUP },
	{ "CTIME", "Time of the last change", "Last change", K_SYSV, true, TOYIPC_OBJ_CTIME,
	  L_TIME },
	{ "USEDBYTES", "Bytes used", "Bytes used", K_MSG | K_MQ, true, TOYIPC_OBJ_CBYTES, L_SIZE },
	{ "MSGS", "Number of messages", "Messages", K_MSG | K_MQ, false, TOYIPC_OBJ_QNUM,
	  L_NUMBER },
	{ "SEND", "Time of last msg sent", "Msg sent", K_MSG, true, TOYIPC_OBJ_STIME, L_TIME },
	{ "RECV", "Time of last msg received", "Msg received", K_MSG, true, TOYIPC_OBJ_RTIME,
	  L_TIME },
	{ "LSPID", "PID of the last msg sender", "Msg sender", K_MSG, true, TOYIPC_OBJ_LSPID,
	  L_NUMBER },
	{ "LRPID", "PID of the last msg receiver", "Msg receiver", K_MSG, true, TOYIPC_OBJ_LRPID,
	  L_NUMBER },
	{ "SIZE", "Segment size", "Segment size", K_SHM | K_PSHM, true, TOYIPC_OBJ_SEGSZ, L_SIZE },
	{ "NATTCH", "Number of attached processes", "Attached processes", K_SHM, true,
	  TOYIPC_OBJ_NATTCH, L_NUMBER },
	{ "STATUS", "Status", "Status", K_SHM, false, TOYIPC_OBJ_MODE, L_STATUS },
	{ "ATTACH", "Attach time", "Attach time", K_SHM, true, TOYIPC_OBJ_ATIME, L_TIME },
	{ "DETACH", "Detach time", "Detach time", K_SHM, true, TOYIPC_OBJ_DTIME, L_TIME },
	{ "COMMAND", "Creator command line", "Creator command", K_SHM | K_PSHM, false,
	  TOYIPC_OBJ_CPID, L_COMMAND },
	{ "CPID", "PID of the creator", "Creator PID", K_SHM | K_PSHM, true, TOYIPC_OBJ_CPID,
	  L_NUMBER },
	{ "LPID", "PID of last user", "Last user PID", K_SHM, true, TOYIPC_OBJ_LPID, L_NUMBER },
	{ "NSEMS", "Number of semaphores", "Semaphores", K_SEM, true, TOYIPC_OBJ_NSEMS, L_NUMBER },
	{ "OTIME", "Time of the last operation", "Last operation", K_SEM, true, TOYIPC_OBJ_OTIME,
	  L_TIME },
	{ "RESOURCE", "Resource name", "Resource", K_GLOBAL, false, G_RESOURCE, L_GLOBAL },
	{ "DESCRIPTION", "Resource description", "Description", K_GLOBAL, false, G_DESC,
	  L_GLOBAL },
	{ "LIMIT", "System-wide limit", "Limit", K_GLOBAL, true, G_LIMIT, L_GLOBAL },
	{ "USED", "Currently used", "Used", K_GLOBAL, true, G_USED, L_GLOBAL },
	{ "USE%", "Currently use percentage", "Use", K_GLOBAL, true, G_USEPERC, L_GLOBAL },
};

/* What the command was asked: one kind (or the global view) and a layout. */
enum mode { M_TABLE, M_RAW, M_EXPORT, M_NEWLINE, M_JSON, M_PRETTY };
enum time_format { T_SHORT = 1, T_FULL, T_ISO };

struct lsipc_args {
	unsigned int kind;	/* one K_* bit */
	enum mode mode;
	bool by_id, noheadings, bytes, numperms, creator, times, list;
	int id;
	enum time_format time_format;
	const char *output;	/* -o */
	int cols[2 * ARRAY_SIZE(columns)];
	size_t ncols;
};

/* A row of -g: a limit and, for those that count something, the use. */
struct global_row {
	const char *resource, *desc;
	unsigned long long limit, used;
	bool counted, bytes;	/* @used means something; @limit is a size */
};

static const struct column *column_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(columns); i++)
		if (strlen(columns[i].name) == len && !strncasecmp(columns[i].name, name, len))
			return &columns[i];
	return NULL;
}

static void add_column(struct lsipc_args *a, const char *name)
{
	const struct column *c = column_by_name(name, strlen(name));

	if (a->ncols < ARRAY_SIZE(a->cols))
		a->cols[a->ncols++] = c - columns;
}

/* The default columns of the kind, then -c's and -t's, as lsipc adds them. */
static void default_columns(struct lsipc_args *a)
{
	static const char *const defaults[][12] = {
		{ "KEY", "ID", "PERMS", "OWNER", "USEDBYTES", "MSGS", "LSPID", "LRPID" },
		{ "KEY", "ID", "PERMS", "OWNER", "SIZE", "NATTCH", "STATUS", "CTIME", "CPID",
		  "LPID", "COMMAND" },
		{ "KEY", "ID", "PERMS", "OWNER", "NSEMS" },
		{ "NAME", "PERMS", "OWNER", "USEDBYTES", "MSGS" },
		{ "NAME", "PERMS", "OWNER", "SIZE" },
		{ "RESOURCE", "DESCRIPTION", "LIMIT", "USED", "USE%" },
	};
	int k = __builtin_ctz(a->kind);
	bool command;

	for (int i = 0; i < 12 && defaults[k][i]; i++)
		add_column(a, defaults[k][i]);
	if (a->creator && (a->kind & K_SYSV)) {
		add_column(a, "CUID");
		add_column(a, "CGID");
	}
	if (a->creator && (a->kind & (K_SYSV | K_POSIX))) {
		add_column(a, "UID");
		add_column(a, "GID");
	}
	if (!a->times)
		return;
	switch (a->kind) {
	case K_MSG:
		add_column(a, "SEND");
		add_column(a, "RECV");
		add_column(a, "CTIME");
		break;
	case K_SHM:
		/* COMMAND stays the last column. */
		command = a->ncols && !strcmp(columns[a->cols[a->ncols - 1]].name, "COMMAND");
		a->ncols -= command;
		add_column(a, "ATTACH");
		add_column(a, "DETACH");
		if (command)
			add_column(a, "COMMAND");
		break;
	case K_SEM:
		add_column(a, "OTIME");
		add_column(a, "CTIME");
		break;
	}
}

/* -o LIST replaces the columns, -o +LIST adds to them.  Return: 0 or EXIT_USAGE. */
static int parse_output(struct lsipc_args *a)
{
	const char *p = a->output;

	if (*p == '+')
		p++;
	else
		a->ncols = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		const struct column *c = column_by_name(p, len);

		if (!c)
			return usage_error("lsipc: unknown column: %.*s", (int)len, p);
		if (!(c->kinds & (a->kind & K_GLOBAL ? K_GLOBAL : a->kind)))
			return usage_error("lsipc: column %.*s does not apply to the specified IPC",
					   (int)len, p);
		if (a->ncols == ARRAY_SIZE(a->cols))
			return usage_error("lsipc: too many columns");
		a->cols[a->ncols++] = c - columns;
		p += len + (p[len] == ',');
	}
	return 0;
}

/* ---- cells */

/* @t as --time-format says: 06:40 (today), Dec02, 2025-Dec02; full; iso. */
static void format_time(const struct lsipc_args *a, long long t, char *buf, size_t size)
{
	time_t tt = t, now = time(NULL);
	struct tm tm, today;
	char zone[8];

	localtime_r(&tt, &tm);
	localtime_r(&now, &today);
	switch (a->time_format) {
	case T_FULL:
		strftime(buf, size, "%a %b %e %H:%M:%S %Y", &tm);
		break;
	case T_ISO:
		strftime(zone, sizeof(zone), "%z", &tm);
		strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf + strlen(buf), size - strlen(buf), "%.3s:%s", zone, zone + 3);
		break;
	default:
		if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
			strftime(buf, size, "%H:%M", &tm);
		else if (tm.tm_year == today.tm_year)
			strftime(buf, size, "%b%d", &tm);
		else
			strftime(buf, size, "%Y-%b%d", &tm);
	}
}

/* /proc/PID/cmdline with its NULs as spaces; false if there is none. */
static bool command_line(unsigned int pid, char *buf, size_t size)
{
	char path[32];
	size_t n;
	FILE *f;

	if (!pid)
		return false;
	snprintf(path, sizeof(path), "/proc/%u/cmdline", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	while (n && buf[n - 1] == '\0')
		n--;
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return n > 0;
}

static const char *global_cell(const struct global_row *g, int which, const struct lsipc_args *a,
			       char *buf, size_t size)
{
	switch (which) {
	case G_RESOURCE:
		return g->resource;
	case G_DESC:
		return g->desc;
	case G_LIMIT:
		if (!g->bytes || a->bytes)
			snprintf(buf, size, "%llu", g->limit);
		else
			human_size(g->limit, buf, size);
		return buf;
	case G_USED:
		if (!g->counted)
			return "-";
		snprintf(buf, size, "%llu", g->used);
		return buf;
	default:
		if (!g->counted)
			return "-";
		snprintf(buf, size, "%2.2f%%", (double)g->used / (double)g->limit * 100);
		return buf;
	}
}

/* Column @c of row @r (or of global row @g) into @buf; NULL for an empty cell. */
static const char *cell(const struct column *c, const struct row *r, const struct global_row *g,
			const struct lsipc_args *a, char *buf, size_t size)
{
	unsigned long long v;
	static const char *const status[] = { "dest", "locked" };
	size_t n = 0;

	if (c->look == L_GLOBAL)
		return g ? global_cell(g, c->attr, a, buf, size) : NULL;
	if (!r || !(c->kinds & (1u << (r->kind - TOYIPC_KIND_MSG))))
		return NULL;
	if (c->look == L_NAME)
		return r->name;
	if (!r->has[c->attr])
		return NULL;
	v = r->v[c->attr];
	switch (c->look) {
	case L_KEY:
		snprintf(buf, size, "0x%08x", (unsigned int)v);
		return buf;
	case L_NUMBER:
		if (c->attr == TOYIPC_OBJ_ID)
			snprintf(buf, size, "%d", (int)v);
		else
			snprintf(buf, size, "%llu", v);
		return buf;
	case L_OWNER:
		if (!name_in("/etc/passwd", v, buf, size))
			snprintf(buf, size, "%llu", v);
		return buf;
	case L_USER:
		return name_in("/etc/passwd", v, buf, size);
	case L_GROUP:
		return name_in("/etc/group", v, buf, size);
	case L_PERMS:
		if (a->numperms) {
			snprintf(buf, size, "%#llo", v & 0777);
			return buf;
		}
		for (int i = 0; i < 9; i++)
			buf[i] = v & (0400 >> i) ? "rwx"[i % 3] : '-';
		buf[9] = '\0';
		return buf;
	case L_TIME:
		if (!v)
			return NULL;
		format_time(a, (long long)v, buf, size);
		return buf;
	case L_SIZE:
		if (a->bytes)
			snprintf(buf, size, "%llu", v);
		else
			human_size(v, buf, size);
		return buf;
	case L_STATUS:
		buf[0] = '\0';
		for (size_t i = 0; i < ARRAY_SIZE(status); i++)
			if (v & (i ? SHM_LOCKED : SHM_DEST))
				n += snprintf(buf + n, size - n, "%s%s", n ? "," : "", status[i]);
		return n ? buf : NULL;
	case L_COMMAND:
		return command_line(v, buf, size) ? buf : NULL;
	default:
		return NULL;
	}
}

/* ---- the output: a table of strings, then one of lsipc's layouts */

struct table {
	const char *name;	/* JSON's */
	size_t ncols, nrows;
	const struct column **cols;
	char **cells;		/* [row * ncols + col], NULL for empty */
};

static void table_add(struct table *t, const struct row *r, const struct global_row *g,
		      const struct lsipc_args *a)
{
	char buf[4096];

	t->cells = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*t->cells));
	if (!t->cells)
		die("out of memory");
	for (size_t i = 0; i < t->ncols; i++) {
		const char *s = cell(t->cols[i], r, g, a, buf, sizeof(buf));

		t->cells[t->nrows * t->ncols + i] = s ? strdup(s) : NULL;
		if (s && !t->cells[t->nrows * t->ncols + i])
			die("out of memory");
	}
	t->nrows++;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->cols);
}

/* @s with the bytes in @escape and the unprintable ones as \xHH, as libsmartcols writes them. */
static void put_escaped(const char *s, const char *escape)
{
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch < 0x20 || ch == 0x7f || strchr(escape, ch))
			printf("\\x%02x", ch);
		else
			putchar(ch);
	}
}

/* lsipc -J: {"NAME": [{"column": "value", ...},{...}]}, indented by three. */
static void print_json(const struct table *t)
{
	printf("{\n   \"%s\": [\n", t->nrows ? t->name : "");
	if (!t->nrows)
		putchar('\n');
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(r ? "},{\n" : "      {\n", stdout);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			fputs("         \"", stdout);
			for (const char *n = t->cols[c]->name; *n; n++)
				putchar(tolower((unsigned char)*n));
			fputs("\": ", stdout);
			/* libsmartcols writes an empty cell as null, whatever made it empty. */
			if (s && *s)
				json_quote(s);
			else
				fputs("null", stdout);
			puts(c + 1 < t->ncols ? "," : "");
		}
		if (r + 1 == t->nrows)
			puts("      }");
		else
			fputs("      ", stdout);
	}
	puts("   ]\n}");
}

/* NAME="value" pairs, one row a line (-e) or one pair a line (-n); " \ ` $ as \xHH. */
static void print_export(const struct table *t, const char *sep)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			printf("%s%s=\"", c ? sep : "", t->cols[c]->name);
			put_escaped(s ? s : "", "\"\\`$");
			putchar('"');
		}
		putchar('\n');
	}
}

/* -r: one space between cells, none padded; blanks and backslashes in a cell as \xHH. */
static void print_raw(const struct table *t, bool headings)
{
	if (!t->nrows)
		return;
	if (headings)
		for (size_t c = 0; c < t->ncols; c++)
			printf("%s%s", c ? " " : "", t->cols[c]->name);
	if (headings)
		putchar('\n');
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];

			if (c)
				putchar(' ');
			put_escaped(s ? s : "", " \\");
		}
		putchar('\n');
	}
}

/* One line of the table: each cell in its width, the last one unpadded on the right. */
static void print_line(const struct table *t, const char *const *cells, const size_t *width)
{
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = cells[c] ? cells[c] : "";
		bool last = c + 1 == t->ncols;

		if (last && !*s)
			break;	/* an empty last cell leaves the line as it is */
		if (t->cols[c]->right)
			printf("%*s", (int)width[c], s);
		else if (last)
			fputs(s, stdout);
		else
			printf("%-*s", (int)width[c], s);
		if (!last)
			putchar(' ');
	}
	putchar('\n');
}

/* @s, or NULL, with its unprintable bytes as \xHH, as a table cell shows them. */
static char *safe_cell(const char *s)
{
	char *out, *o;

	if (!s)
		return NULL;
	out = o = malloc(4 * strlen(s) + 1);
	if (!out)
		die("out of memory");
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch < 0x20 || ch == 0x7f)
			o += sprintf(o, "\\x%02x", ch);
		else
			*o++ = ch;
	}
	*o = '\0';
	return out;
}

static void print_columns(const struct table *t, bool headings)
{
	size_t width[ARRAY_SIZE(columns) * 2];
	const char *names[ARRAY_SIZE(columns) * 2];
	char **cells;

	if (!t->nrows)
		return;
	cells = malloc(t->nrows * t->ncols * sizeof(*cells));
	if (!cells)
		die("out of memory");
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		cells[i] = safe_cell(t->cells[i]);
	for (size_t c = 0; c < t->ncols; c++) {
		names[c] = t->cols[c]->name;
		width[c] = strlen(names[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = cells[r * t->ncols + c];

			if (s && strlen(s) > width[c])
				width[c] = strlen(s);
		}
	}
	if (headings)
		print_line(t, names, width);
	for (size_t r = 0; r < t->nrows; r++)
		print_line(t, (const char *const *)&cells[r * t->ncols], width);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(cells[i]);
	free(cells);
}

/* -i without a layout: "Pretty name:" and the value, for each cell that has one. */
static void print_pretty(const struct table *t)
{
	for (size_t c = 0; t->nrows && c < t->ncols; c++) {
		const char *s = t->cells[c];

		if (s)
			printf("%s:%*c%-36s\n", t->cols[c]->pretty,
			       35 - (int)strlen(t->cols[c]->pretty), ' ', s);
	}
}

static void print_table(const struct table *t, const struct lsipc_args *a)
{
	switch (a->mode) {
	case M_JSON:
		print_json(t);
		break;
	case M_EXPORT:
		print_export(t, " ");
		break;
	case M_NEWLINE:
		print_export(t, "\n");
		break;
	case M_RAW:
		print_raw(t, !a->noheadings);
		break;
	case M_PRETTY:
		print_pretty(t);
		break;
	default:
		print_columns(t, !a->noheadings);
	}
}

/* -s -i ID: the semaphores of the set, as lsipc's "Elements" table. */
static int print_elements(const struct row *r, const struct lsipc_args *a)
{
	static const struct column elem[] = {
		{ "SEMNUM", NULL, NULL, 0, true, 0, L_NUMBER },
		{ "VALUE", NULL, NULL, 0, true, 0, L_NUMBER },
		{ "NCOUNT", NULL, NULL, 0, true, 0, L_NUMBER },
		{ "ZCOUNT", NULL, NULL, 0, true, 0, L_NUMBER },
		{ "PID", NULL, NULL, 0, true, 0, L_NUMBER },
		{ "COMMAND", NULL, NULL, 0, true, 0, L_COMMAND },
	};
	static const int cmds[] = { GETVAL, GETNCNT, GETZCNT, GETPID };
	struct table t = { "elements", ARRAY_SIZE(elem), 0, NULL, NULL };
	unsigned int nsems = r->v[TOYIPC_OBJ_NSEMS];
	char buf[4096];
	int v[ARRAY_SIZE(cmds)];

	t.cols = malloc(t.ncols * sizeof(*t.cols));
	t.cells = calloc(nsems * t.ncols + 1, sizeof(*t.cells));
	if (!t.cols || !t.cells)
		die("out of memory");
	for (size_t c = 0; c < t.ncols; c++)
		t.cols[c] = &elem[c];
	for (unsigned int n = 0; n < nsems; n++, t.nrows++) {
		char **row = &t.cells[n * t.ncols];

		for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
			v[i] = toy_semctl((int)r->v[TOYIPC_OBJ_ID], n, cmds[i], 0);
			if (v[i] < 0) {
				fflush(stdout);
				fprintf(stderr, "toyipcctl: lsipc: semctl of semaphore %u of id %d: %s\n",
					n, (int)r->v[TOYIPC_OBJ_ID], strerror(errno));
				table_free(&t);
				return EXIT_REFUSED;
			}
		}
		if (asprintf(&row[0], "%u", n) < 0 || asprintf(&row[1], "%d", v[0]) < 0 ||
		    asprintf(&row[2], "%d", v[1]) < 0 || asprintf(&row[3], "%d", v[2]) < 0 ||
		    asprintf(&row[4], "%d", v[3]) < 0)
			die("out of memory");
		row[5] = command_line(v[3], buf, sizeof(buf)) ? strdup(buf) : NULL;
	}
	printf("Elements:\n\n");
	print_columns(&t, !a->noheadings);
	table_free(&t);
	return EXIT_OK;
}

/* ---- -g: the limits and how much of each is used */

static int global_rows(struct ctl *c, unsigned int kinds, struct global_row *g, size_t *n)
{
	unsigned long long page = sysconf(_SC_PAGESIZE), nsems = 0, pages = 0;
	struct rows l[3] = { 0 };
	struct limits lim;
	int ret = limits_get(c, &lim, "lsipc");
	const unsigned long long *v = lim.v;

	for (int k = 0; !ret && k < 3; k++)
		ret = rows_get(c, TOYIPC_KIND_MSG + k, &l[k], "lsipc");
	for (size_t i = 0; !ret && i < l[1].n; i++)
		pages += l[1].v[i].v[TOYIPC_OBJ_SEGSZ];
	for (size_t i = 0; !ret && i < l[2].n; i++)
		nsems += l[2].v[i].v[TOYIPC_OBJ_NSEMS];
	pages /= page;
	*n = 0;
	if (!ret && (kinds & K_MSG)) {
		g[(*n)++] = (struct global_row){ "MSGMNI", "Number of message queues",
			v[TOYIPC_LIMIT_MSGMNI], l[0].n, true, false };
		g[(*n)++] = (struct global_row){ "MSGMAX", "Max size of message (bytes)",
			v[TOYIPC_LIMIT_MSGMAX], 0, false, true };
		g[(*n)++] = (struct global_row){ "MSGMNB", "Default max size of queue (bytes)",
			v[TOYIPC_LIMIT_MSGMNB], 0, false, true };
	}
	if (!ret && (kinds & K_SHM)) {
		g[(*n)++] = (struct global_row){ "SHMMNI", "Shared memory segments",
			v[TOYIPC_LIMIT_SHMMNI], l[1].n, true, false };
		g[(*n)++] = (struct global_row){ "SHMALL", "Shared memory pages",
			v[TOYIPC_LIMIT_SHMALL], pages, true, false };
		g[(*n)++] = (struct global_row){ "SHMMAX",
			"Max size of shared memory segment (bytes)", v[TOYIPC_LIMIT_SHMMAX], 0,
			false, true };
		g[(*n)++] = (struct global_row){ "SHMMIN",
			"Min size of shared memory segment (bytes)", TOY_SHMMIN, 0, false, true };
	}
	if (!ret && (kinds & K_SEM)) {
		g[(*n)++] = (struct global_row){ "SEMMNI", "Number of semaphore identifiers",
			v[TOYIPC_LIMIT_SEMMNI], l[2].n, true, false };
		g[(*n)++] = (struct global_row){ "SEMMNS", "Total number of semaphores",
			v[TOYIPC_LIMIT_SEMMNS], nsems, true, false };
		g[(*n)++] = (struct global_row){ "SEMMSL", "Max semaphores per semaphore set.",
			v[TOYIPC_LIMIT_SEMMSL], 0, false, false };
		g[(*n)++] = (struct global_row){ "SEMOPM", "Max number of operations per semop(2)",
			v[TOYIPC_LIMIT_SEMOPM], 0, false, false };
		g[(*n)++] = (struct global_row){ "SEMVMX", "Semaphore max value", TOY_SEMVMX, 0,
			false, false };
	}
	for (int k = 0; k < 3; k++)
		rows_free(&l[k]);
	return ret;
}

/* ---- the command */

static void lsipc_usage(void)
{
	fputs("usage: toyipcctl lsipc [-q|-m|-s|-Q|-M] [-g] [-i ID] [-o [+]LIST] [-c] [-t] [-b]\n"
	      "                       [-P] [-J|-e|-n|-r|-l] [--noheadings]\n"
	      "                       [--time-format=short|full|iso]\n"
	      "\n"
	      "The toy's objects as util-linux lsipc(1) shows the kernel's: -q message\n"
	      "queues, -m shared memory, -s semaphore sets, -Q POSIX message queues,\n"
	      "-M POSIX shared memory; -g (or no kind) the limits and their use; -i ID one\n"
	      "object.  -o the columns (+LIST: added to the default ones), -c creators,\n"
	      "-t times, -b sizes in bytes, -P numeric permissions; -J JSON, -e NAME=\"value\",\n"
	      "-n one NAME=\"value\" a line, -r raw, -l a table even with -i.\n"
	      "\nColumns (the kinds they are for):\n", stdout);
	for (size_t i = 0; i < ARRAY_SIZE(columns); i++) {
		const struct column *c = &columns[i];

		printf(" %14s  %s (%s)\n", c->name, c->help,
		       c->kinds == K_GLOBAL ? "-g" :
		       c->kinds == (K_SYSV | K_POSIX) ? "all" :
		       c->kinds == K_SYSV ? "-q -m -s" :
		       c->kinds == K_POSIX ? "-Q -M" :
		       c->kinds == (K_MSG | K_MQ) ? "-q -Q" :
		       c->kinds == (K_SHM | K_PSHM) ? "-m -M" :
		       c->kinds == K_MSG ? "-q" : c->kinds == K_SHM ? "-m" : "-s");
	}
}

enum { OPT_NOHEADINGS = 256, OPT_NOTRUNCATE, OPT_TIME_FORMAT };

static int parse_lsipc(int argc, char **argv, struct lsipc_args *a)
{
	static const struct option longopts[] = {
		{ "queues", no_argument, NULL, 'q' },
		{ "shmems", no_argument, NULL, 'm' },
		{ "semaphores", no_argument, NULL, 's' },
		{ "posix-mqueues", no_argument, NULL, 'Q' },
		{ "posix-shmems", no_argument, NULL, 'M' },
		{ "global", no_argument, NULL, 'g' },
		{ "id", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "creator", no_argument, NULL, 'c' },
		{ "time", no_argument, NULL, 't' },
		{ "bytes", no_argument, NULL, 'b' },
		{ "numeric-perms", no_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'J' },
		{ "export", no_argument, NULL, 'e' },
		{ "newline", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "list", no_argument, NULL, 'l' },
		{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
		{ "notruncate", no_argument, NULL, OPT_NOTRUNCATE },
		{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char kinds[] = "qmsQM";	/* K_* bit by position */
	bool global = false;
	long long n;
	int opt, modes = 0;

	while ((opt = getopt_long(argc, argv, ":qmsQMgi:o:ctbPJenrlh", longopts, NULL)) != -1) {
		const char *k = opt > 0 && opt < 256 ? strchr(kinds, opt) : NULL;

		if (k) {
			if (a->kind && a->kind != 1u << (k - kinds))
				return usage_error("lsipc: one of -q, -m, -s, -Q, -M");
			a->kind = 1u << (k - kinds);
			continue;
		}
		switch (opt) {
		case 'g': global = true; break;
		case 'i':
			if (!parse_number(optarg, false, 0, INT_MAX, &n))
				return usage_error("lsipc: bad id '%s'", optarg);
			a->id = n;
			a->by_id = true;
			break;
		case 'o': a->output = optarg; break;
		case 'c': a->creator = true; break;
		case 't': a->times = true; break;
		case 'b': a->bytes = true; break;
		case 'P': a->numperms = true; break;
		case 'J': a->mode = M_JSON; modes++; break;
		case 'e': a->mode = M_EXPORT; modes++; break;
		case 'n': a->mode = M_NEWLINE; modes++; break;
		case 'r': a->mode = M_RAW; modes++; break;
		case 'l': a->list = true; modes++; break;
		case OPT_NOHEADINGS: a->noheadings = true; break;
		case OPT_NOTRUNCATE: break;	/* nothing is ever cut */
		case OPT_TIME_FORMAT:
			if (!strcmp(optarg, "short"))
				a->time_format = T_SHORT;
			else if (!strcmp(optarg, "full"))
				a->time_format = T_FULL;
			else if (!strcmp(optarg, "iso"))
				a->time_format = T_ISO;
			else
				return usage_error("lsipc: unknown time format: %s", optarg);
			break;
		case 'h':
			lsipc_usage();
			exit(EXIT_OK);
		default:
			return bad_option("lsipc", argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("lsipc: unexpected argument '%s'", argv[optind]);
	if (modes > 1)
		return usage_error("lsipc: -J, -e, -n, -r and -l go one at a time");
	if (!a->kind)
		global = true;
	if (global && (a->by_id || a->creator || a->times))
		return usage_error("lsipc: --global goes with neither --creator, --id nor --time");
	if (a->by_id && !(a->kind & K_SYSV))
		return usage_error("lsipc: -i ID takes one of -q, -m, -s");
	if (global) {
		a->kind = a->kind ? a->kind : K_SYSV;
		a->kind = a->kind & K_POSIX ? 0 : a->kind;
		if (!a->kind)
			return usage_error("lsipc: --global is for -q, -m and -s");
	}
	if (a->by_id && a->mode == M_TABLE && !a->list)
		a->mode = M_PRETTY;
	if (!a->time_format)
		a->time_format = a->mode == M_PRETTY ? T_FULL : T_SHORT;
	if (a->mode == M_PRETTY && !a->output && !a->creator && !a->times) {
		/* Every column of the kind, in lsipc's order. */
		for (size_t i = 0; i < ARRAY_SIZE(columns); i++)
			if (columns[i].kinds & a->kind)
				a->cols[a->ncols++] = i;
	} else if (global) {
		unsigned int kind = a->kind;

		a->kind = K_GLOBAL;
		default_columns(a);
		a->kind = kind | K_GLOBAL;
	} else {
		default_columns(a);
	}
	return a->output ? parse_output(a) : 0;
}

int cmd_lsipc(struct ctl *c, int argc, char **argv)
{
	static const char *const names[] = {
		"messages", "sharedmemory", "semaphores", "posix-messages", "posix-sharedmemory",
	};
	struct lsipc_args a = { 0 };
	struct global_row g[16];
	struct table t = { 0 };
	struct rows l = { 0 };
	size_t ng;
	int ret = parse_lsipc(argc, argv, &a);

	if (ret || (ret = ctl_open(c)))
		return ret;
	t.ncols = a.ncols;
	t.cols = malloc((a.ncols + 1) * sizeof(*t.cols));
	if (!t.cols)
		die("out of memory");
	for (size_t i = 0; i < a.ncols; i++)
		t.cols[i] = &columns[a.cols[i]];
	if (a.kind & K_GLOBAL) {
		t.name = "ipclimits";
		ret = global_rows(c, a.kind, g, &ng);
		for (size_t i = 0; !ret && i < ng; i++)
			table_add(&t, NULL, &g[i], &a);
	} else {
		int k = __builtin_ctz(a.kind);

		t.name = names[k];
		ret = rows_get(c, TOYIPC_KIND_MSG + k, &l, "lsipc");
		for (size_t i = 0; !ret && i < l.n; i++) {
			if (a.by_id && (int)l.v[i].v[TOYIPC_OBJ_ID] != a.id)
				continue;
			table_add(&t, &l.v[i], NULL, &a);
			if (a.by_id)
				break;
		}
		if (!ret && a.by_id && !t.nrows) {
			fprintf(stderr, "toyipcctl: lsipc: id %d not found\n", a.id);
			ret = EXIT_REFUSED;
		}
	}
	if (!ret)
		print_table(&t, &a);
	if (!ret && a.mode == M_PRETTY && a.kind == K_SEM) {
		for (size_t i = 0; i < l.n; i++)
			if ((int)l.v[i].v[TOYIPC_OBJ_ID] == a.id && l.v[i].v[TOYIPC_OBJ_NSEMS])
				ret = print_elements(&l.v[i], &a);
	}
	rows_free(&l);
	table_free(&t);
	return ret;
}
