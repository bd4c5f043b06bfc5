/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipcctl: the command-line tool that speaks toyipc's generic netlink
 * family (kmod/uapi/linux/toyipc.h, "Generic netlink family") through
 * libnl-genl-3.
 *
 *	toyipcctl.c	 the commands and their arguments
 *	toyipcctl_nl.c	 the netlink session: connect, request, reply, errors
 *	toyipcctl_fmt.c	 the attributes by name and type, JSON and text output
 *	toyipcctl_ipcs.c the ipcs command (util-linux ipcs's layouts)
 *	toyipcctl_lsipc.c the lsipc command (lsipc's columns), and the rows of
 *			 both, POSIX ones from /proc/toyipc
 */
#ifndef TOYIPCCTL_H
#define TOYIPCCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/toyipc.h>

/* Exit statuses (shown by --help, described in docs/en/toyipcctl.md). */
enum {
	EXIT_OK = 0,
	EXIT_REFUSED = 1,	/* the kernel refused, or a system call failed */
	EXIT_USAGE = 2,		/* bad arguments */
	EXIT_NOMODULE = 3,	/* toyipc.ko is not loaded */
};

/* ---- toyipcctl.c: what the commands share */

struct ctl;
struct json;

void print_usage(FILE *out);
__attribute__((format(printf, 1, 2))) int usage_error(const char *fmt, ...);
int bad_option(const char *command, char **argv, int ret);
bool parse_number(const char *text, bool any_base, long long min, long long max,
		  long long *out);
const char *kind_what(enum toyipc_kind kind);
int print_limits_json(struct ctl *c);

/* ---- toyipcctl_ipcs.c: the ipcs command, and the objects of a kind */

struct object {
	struct nlattr *nest;			/* a copy of the TOYIPC_A_OBJ nest */
	struct nlattr *tb[TOYIPC_OBJ_MAX + 1];	/* into it */
};

struct objects {
	enum toyipc_kind kind;
	struct object *v;
	size_t n, size;
	bool malformed;
};

int objects_get(struct ctl *c, enum toyipc_kind kind, struct objects *l, const char *context);
void objects_free(struct objects *l);
unsigned long long obj_u(const struct object *o, int attr);
int cmd_ipcs(struct ctl *c, int argc, char **argv);

/* The limits in force, by TOYIPC_LIMIT_* (GET_LIMITS). */
struct limits {
	bool ok;
	unsigned long long v[TOYIPC_LIMIT_MAX + 1];
};

/* Linux's SEMVMX and SHMMIN, which are constants there and here. */
#define TOY_SEMVMX 32767
#define TOY_SHMMIN 1

int limits_get(struct ctl *c, struct limits *l, const char *context);

/*
 * ---- toyipcctl_lsipc.c: the lsipc command, and the rows both listings
 * print: an object's attributes by TOYIPC_OBJ_* number, from a netlink
 * object (SysV) or from a line of /proc/toyipc/mqueue or posix_shm (POSIX:
 * the netlink objects carry no name).
 */
struct row {
	enum toyipc_kind kind;
	unsigned long long v[TOYIPC_OBJ_MAX + 1];
	bool has[TOYIPC_OBJ_MAX + 1];
	char name[512];		/* POSIX: "/name" (a line of /proc/toyipc) */
	bool deleted;		/* POSIX: unlinked, still open or mapped */
};

struct rows {
	struct row *v;
	size_t n;
};

int rows_get(struct ctl *c, enum toyipc_kind kind, struct rows *l, const char *context);
void rows_free(struct rows *l);
void json_row(struct json *j, const struct row *r);
int cmd_lsipc(struct ctl *c, int argc, char **argv);

/* ---- toyipcctl_nl.c: one netlink session with the toyipc family */

struct ctl {
	struct nl_sock *sk;
	int family;		/* the family's id, resolved by name */
	int err;		/* positive errno of the last failed request, else 0 */
	char detail[256];	/* the kernel's extended-ack message, or libnl's, or "" */
};

/* A reply: its top-level attributes, validated, by type and in order. */
struct reply {
	int cmd;
	struct nlattr **tb;	/* [TOYIPC_A_MAX + 1] */
	struct nlattr *head;	/* all of them, as sent */
	int len;
};

typedef void (*reply_fn)(const struct reply *r, void *arg);

int ctl_open(struct ctl *c);
void ctl_close(struct ctl *c);
struct nl_msg *ctl_request(const struct ctl *c, enum toyipc_cmd cmd, int flags);
int ctl_send(struct ctl *c, struct nl_msg *msg, reply_fn fn, void *arg);
void ctl_report(const struct ctl *c, const char *context, const char *why);
int ctl_watch(struct ctl *c, reply_fn fn, void *arg);

void put_u32(struct nl_msg *msg, int attr, unsigned int value);
void put_u64(struct nl_msg *msg, int attr, unsigned long long value);
__attribute__((format(printf, 1, 2), noreturn)) void die(const char *fmt, ...);

/* ---- toyipcctl_fmt.c: attributes by name and type */

enum field_type { FT_U32, FT_S32, FT_U64, FT_S64, FT_NEST, FT_PAD };

/* How a value reads: a number, or a name for the enums of the UAPI. */
enum field_show { FS_NUM, FS_HEX, FS_OCTAL, FS_KIND, FS_EVENT, FS_ERRNO, FS_SOURCE };

struct field_table;

struct field {
	int attr;
	const char *name;	/* in JSON, in --help, on the command line */
	enum field_type type;
	enum field_show show;
	const struct field_table *nest;	/* FT_NEST: what is inside */
	bool read_only;		/* limits: shown, not settable */
};

struct field_table {
	const struct field *fields;
	size_t n;
	int max;		/* highest attribute type */
};

struct value {
	long long s;		/* the signed types */
	unsigned long long u;	/* the unsigned ones */
};

extern const struct field_table obj_table, limit_table, limit_source_table, stats_table;
extern const struct field_table errno_table, attr_table;

const struct field *field_find(const struct field_table *t, int attr);
const struct field *field_by_name(const struct field_table *t, const char *name);
bool field_read(const struct field *f, const struct nlattr *a, struct value *v);
bool field_get(const struct field_table *t, struct nlattr **tb, int attr, struct value *v);
void field_format(const struct field *f, const struct value *v, char *buf, size_t size);
void field_policy(const struct field_table *t, struct nla_policy *policy);
bool field_parse(const struct field_table *t, struct nlattr **tb, struct nlattr *nest);

const char *kind_name(unsigned int kind);
const char *errno_name(unsigned int nr, char *buf, size_t size);
void human_size(unsigned long long size, char *buf, size_t len);
const char *name_in(const char *file, unsigned int id, char *buf, size_t size);

/* A JSON writer: one document on one line; keys are NULL inside arrays. */
#define JSON_MAX_DEPTH 8

struct json {
	int depth;
	bool first[JSON_MAX_DEPTH];
};

void json_open(struct json *j, const char *key, char bracket);
void json_close(struct json *j, char bracket);
void json_int(struct json *j, const char *key, long long v);
void json_uint(struct json *j, const char *key, unsigned long long v);
void json_quote(const char *s);
void json_string(struct json *j, const char *key, const char *s);
void json_raw_number(struct json *j, const char *key, const char *number);
void json_field(struct json *j, const struct field *f, const struct value *v);
void json_attrs(struct json *j, const struct field_table *t, struct nlattr *head, int len);

#endif /* TOYIPCCTL_H */
