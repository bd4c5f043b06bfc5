// SPDX-License-Identifier: GPL-2.0
/*
 * toyipcctl_fmt.c: every attribute of the toyipc family by name, type and
 * look, and the output built from those tables: text cells, JSON, and the
 * libnl policies that check a reply before it is read.
 *
 * A new attribute in the UAPI header needs one line in a table here and
 * then shows up in --json output, in validation and, for limits, in
 * "toyipcctl set".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toyipcctl.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE(f, m) { (f), ARRAY_SIZE(f), (m) }
#define FIELD(a, name, type, show) { (a), (name), (type), (show), NULL, false }
#define FIELD_RO(a, name, type, show) { (a), (name), (type), (show), NULL, true }
#define NEST(a, name, table) { (a), (name), FT_NEST, FS_NUM, (table), false }
/* Alignment padding for 64-bit attributes: skipped. */
#define PAD(a) { (a), "pad", FT_PAD, FS_NUM, NULL, false }

static const struct field obj_fields[] = {
	FIELD(TOYIPC_OBJ_KIND, "kind", FT_U32, FS_KIND),
	FIELD(TOYIPC_OBJ_ID, "id", FT_S32, FS_NUM),
	FIELD(TOYIPC_OBJ_KEY, "key", FT_S32, FS_HEX),
	FIELD(TOYIPC_OBJ_UID, "uid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_GID, "gid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_CUID, "cuid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_CGID, "cgid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_MODE, "mode", FT_U32, FS_OCTAL),
	FIELD(TOYIPC_OBJ_CTIME, "ctime", FT_S64, FS_NUM),
	FIELD(TOYIPC_OBJ_CBYTES, "cbytes", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_QNUM, "qnum", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_QBYTES, "qbytes", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_LSPID, "lspid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_LRPID, "lrpid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_STIME, "stime", FT_S64, FS_NUM),
	FIELD(TOYIPC_OBJ_RTIME, "rtime", FT_S64, FS_NUM),
	FIELD(TOYIPC_OBJ_SEGSZ, "segsz", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_NATTCH, "nattch", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_CPID, "cpid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_LPID, "lpid", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_ATIME, "atime", FT_S64, FS_NUM),
	FIELD(TOYIPC_OBJ_DTIME, "dtime", FT_S64, FS_NUM),
	FIELD(TOYIPC_OBJ_RSS, "rss", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_NSEMS, "nsems", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_OTIME, "otime", FT_S64, FS_NUM),
	FIELD(TOYIPC_OBJ_FIFO, "fifo", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_CAPACITY, "capacity", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_QUEUED, "queued", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_READERS, "readers", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_WRITERS, "writers", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_HIGH_WATER, "high_water", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_BYTES_IN, "bytes_in", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_BYTES_OUT, "bytes_out", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_SENDS, "sends", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_RECEIVES, "receives", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_SEND_BLOCKS, "send_blocks", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_RECV_BLOCKS, "recv_blocks", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_FAULTS, "faults", FT_U64, FS_NUM),
	PAD(TOYIPC_OBJ_PAD),
	FIELD(TOYIPC_OBJ_MAXMSG, "maxmsg", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_MSGSIZE, "msgsize", FT_U64, FS_NUM),
	FIELD(TOYIPC_OBJ_NOTIFY, "notify", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_SIGNO, "signo", FT_U32, FS_NUM),
	FIELD(TOYIPC_OBJ_NOTIFY_PID, "notify_pid", FT_U32, FS_NUM),
};
const struct field_table obj_table = TABLE(obj_fields, TOYIPC_OBJ_MAX);

/* Named as the module parameters, so "toyipcctl set" takes the same names. */
static const struct field limit_fields[] = {
	FIELD_RO(TOYIPC_LIMIT_NR_FIFOS, "nr_fifos", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_PIPE_SIZE, "pipe_size", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_PIPE_MAX_SIZE, "pipe_max_size", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_MSGMAX, "msgmax", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_MSGMNB, "msgmnb", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_MSGMNI, "msgmni", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_SHMMAX, "shmmax", FT_U64, FS_NUM),
	FIELD(TOYIPC_LIMIT_SHMALL, "shmall", FT_U64, FS_NUM),
	FIELD(TOYIPC_LIMIT_SHMMNI, "shmmni", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_SEMMSL, "semmsl", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_SEMMNS, "semmns", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_SEMOPM, "semopm", FT_U32, FS_NUM),
	FIELD(TOYIPC_LIMIT_SEMMNI, "semmni", FT_U32, FS_NUM),
	PAD(TOYIPC_LIMIT_PAD),
};
const struct field_table limit_table = TABLE(limit_fields, TOYIPC_LIMIT_MAX);

/* Where each limit comes from (TOYIPC_A_LIMIT_SOURCES): the same names. */
static const struct field limit_source_fields[] = {
	FIELD(TOYIPC_LIMIT_NR_FIFOS, "nr_fifos", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_PIPE_SIZE, "pipe_size", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_PIPE_MAX_SIZE, "pipe_max_size", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_MSGMAX, "msgmax", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_MSGMNB, "msgmnb", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_MSGMNI, "msgmni", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SHMMAX, "shmmax", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SHMALL, "shmall", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SHMMNI, "shmmni", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SEMMSL, "semmsl", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SEMMNS, "semmns", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SEMOPM, "semopm", FT_U32, FS_SOURCE),
	FIELD(TOYIPC_LIMIT_SEMMNI, "semmni", FT_U32, FS_SOURCE),
};
const struct field_table limit_source_table = TABLE(limit_source_fields, TOYIPC_LIMIT_MAX);

/* One errno of one mechanism (a TOYIPC_STATS_A_ERRNO nest). */
static const struct field errno_fields[] = {
	FIELD(TOYIPC_STATS_A_ERRNO_NR, "errno", FT_U32, FS_ERRNO),
	FIELD(TOYIPC_STATS_A_ERRNO_COUNT, "count", FT_U64, FS_NUM),
	PAD(TOYIPC_STATS_A_PAD),
};
const struct field_table errno_table = TABLE(errno_fields, TOYIPC_STATS_A_MAX);

/*
 * One mechanism's counters (a TOYIPC_STATS_A_KIND nest), in the order and
 * with the names of /proc/toyipc/stats's columns.
 */
static const struct field stats_fields[] = {
	FIELD(TOYIPC_STATS_A_MECH, "kind", FT_U32, FS_KIND),
	FIELD(TOYIPC_STATS_A_OPS, "ops", FT_U64, FS_NUM),
	FIELD(TOYIPC_STATS_A_BYTES, "bytes", FT_U64, FS_NUM),
	FIELD(TOYIPC_STATS_A_BLOCKS, "blocks", FT_U64, FS_NUM),
	FIELD(TOYIPC_STATS_A_WAKEUPS, "wakeups", FT_U64, FS_NUM),
	FIELD(TOYIPC_STATS_A_ERRORS, "errors", FT_U64, FS_NUM),
	NEST(TOYIPC_STATS_A_ERRNO, "errno", NULL),	/* repeated: see for_each_errno() */
	PAD(TOYIPC_STATS_A_PAD),
};
const struct field_table stats_table = TABLE(stats_fields, TOYIPC_STATS_A_MAX);

/*
 * The top-level attributes of any message (the policy of every reply);
 * an event carries those above OBJ.
 */
static const struct field attr_fields[] = {
	FIELD(TOYIPC_A_EVENT, "event", FT_U32, FS_EVENT),
	FIELD(TOYIPC_A_KIND, "kind", FT_U32, FS_KIND),
	FIELD(TOYIPC_A_ID, "id", FT_S32, FS_NUM),
	FIELD(TOYIPC_A_KEY, "key", FT_S32, FS_HEX),
	FIELD(TOYIPC_A_PID, "pid", FT_U32, FS_NUM),
	NEST(TOYIPC_A_OBJ, "obj", &obj_table),
	NEST(TOYIPC_A_LIMITS, "limits", &limit_table),
	NEST(TOYIPC_A_LIMIT_SOURCES, "sources", &limit_source_table),
	NEST(TOYIPC_A_STATS, "stats", NULL),	/* repeated nests: see for_each_mech() */
	PAD(TOYIPC_A_PAD),
};
const struct field_table attr_table = TABLE(attr_fields, TOYIPC_A_MAX);

static const char *const kind_names[TOYIPC_NR_KINDS] = {
	[TOYIPC_KIND_PIPE] = "pipe",
	[TOYIPC_KIND_MSG] = "msg",
	[TOYIPC_KIND_SHM] = "shm",
	[TOYIPC_KIND_SEM] = "sem",
	[TOYIPC_KIND_MQ] = "mq",
	[TOYIPC_KIND_POSIX_SHM] = "pshm",
};

static const char *const event_names[TOYIPC_EVENT_MAX + 1] = {
	[TOYIPC_EVENT_CREATED] = "created",
	[TOYIPC_EVENT_REMOVED] = "removed",
	[TOYIPC_EVENT_FULL] = "full",
	[TOYIPC_EVENT_EMPTY] = "empty",
	[TOYIPC_EVENT_BLOCKED] = "blocked",
	[TOYIPC_EVENT_WOKEN] = "woken",
};

/* "msg" for TOYIPC_KIND_MSG; NULL for a number the UAPI does not name. */
const char *kind_name(unsigned int kind)
{
	return kind < TOYIPC_NR_KINDS ? kind_names[kind] : NULL;
}

static const char *event_name(unsigned int event)
{
	return event <= TOYIPC_EVENT_MAX ? event_names[event] : NULL;
}

/* enum toyipc_limit_source, as toyipcctl limits shows it. */
static const char *const source_names[] = {
	[TOYIPC_LIMIT_SRC_DEFAULT] = "default",
	[TOYIPC_LIMIT_SRC_SYSCTL] = "sysctl",
	[TOYIPC_LIMIT_SRC_PARAM] = "parameter",
	[TOYIPC_LIMIT_SRC_NETLINK] = "netlink",
};

static const char *source_name(unsigned int src)
{
	return src < ARRAY_SIZE(source_names) ? source_names[src] : NULL;
}

/*
 * "EAGAIN" for 11.  The kernel counts every errno above the ones it names
 * together, as number 0: that one reads "other", as in /proc/toyipc/stats.
 */
const char *errno_name(unsigned int nr, char *buf, size_t size)
{
	const char *name = nr ? strerrorname_np((int)nr) : "other";

	if (name)
		return name;
	snprintf(buf, size, "errno%u", nr);
	return buf;
}

const struct field *field_find(const struct field_table *t, int attr)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i].attr == attr)
			return &t->fields[i];
	return NULL;
}

const struct field *field_by_name(const struct field_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->fields[i].type != FT_PAD && !strcmp(t->fields[i].name, name))
			return &t->fields[i];
	return NULL;
}

/* Reads attribute @a as field @f says; false if its size is not the type's. */
bool field_read(const struct field *f, const struct nlattr *a, struct value *v)
{
	switch (f->type) {
	case FT_U32:
	case FT_S32:
		if (nla_len(a) != 4)
			return false;
		v->u = nla_get_u32((struct nlattr *)a);
		v->s = f->type == FT_S32 ? (int)v->u : (long long)v->u;
		return true;
	case FT_U64:
	case FT_S64:
		if (nla_len(a) != 8)
			return false;
		v->u = nla_get_u64((struct nlattr *)a);
		v->s = (long long)v->u;
		return true;
	default:
		return false;
	}
}

/* The value of attribute @attr in @tb (parsed with table @t); false if absent. */
bool field_get(const struct field_table *t, struct nlattr **tb, int attr, struct value *v)
{
	const struct field *f = field_find(t, attr);

	return f && tb[attr] && field_read(f, tb[attr], v);
}

/* A value as text: 0x0000162e for a key, 600 for a mode, "msg" for a kind. */
void field_format(const struct field *f, const struct value *v, char *buf, size_t size)
{
	const char *name = NULL;
	char tmp[32];

	switch (f->show) {
	case FS_HEX:
		snprintf(buf, size, "0x%08x", (unsigned int)v->u);
		return;
	case FS_OCTAL:
		snprintf(buf, size, "%llo", v->u);
		return;
	case FS_KIND:
		name = kind_name(v->u);
		break;
	case FS_EVENT:
		name = event_name(v->u);
		break;
	case FS_ERRNO:
		name = errno_name(v->u, tmp, sizeof(tmp));
		break;
	case FS_SOURCE:
		name = source_name(v->u);
		break;
	case FS_NUM:
		break;
	}
	if (name)
		snprintf(buf, size, "%s", name);
	else if (f->type == FT_S32 || f->type == FT_S64)
		snprintf(buf, size, "%lld", v->s);
	else
		snprintf(buf, size, "%llu", v->u);
}

/* The libnl policy that checks each attribute of @t has its type's size. */
void field_policy(const struct field_table *t, struct nla_policy *policy)
{
	static const int nla_types[] = {
		[FT_U32] = NLA_U32, [FT_S32] = NLA_U32, [FT_U64] = NLA_U64,
		[FT_S64] = NLA_U64, [FT_NEST] = NLA_NESTED, [FT_PAD] = NLA_UNSPEC,
	};

	memset(policy, 0, (t->max + 1) * sizeof(*policy));
	for (size_t i = 0; i < t->n; i++)
		policy[t->fields[i].attr].type = nla_types[t->fields[i].type];
}

/* Parses nest @nest into @tb[t->max + 1] and checks it; false if malformed. */
bool field_parse(const struct field_table *t, struct nlattr **tb, struct nlattr *nest)
{
	struct nla_policy policy[t->max + 1];

	field_policy(t, policy);
	return nla_parse_nested(tb, t->max, nest, policy) == 0;
}

/* ---- words and numbers shared by ipcs and lsipc */

/*
 * @size with one-letter binary suffixes: 976.6K, 16E, 1B.  One decimal,
 * rounded, none when it is 0 (util-linux's size_to_human_string()).
 */
void human_size(unsigned long long size, char *buf, size_t len)
{
	static const char letters[] = "BKMGTPE";
	unsigned long long whole, frac = 0;
	int shift = 0;

	while (shift < 60 && size >= 1ULL << (shift + 10))
		shift += 10;
	whole = size >> shift;
	if (shift) {
		/* The remainder in tenths, rounded half up. */
		frac = ((size & ((1ULL << shift) - 1)) >> (shift - 10));
		frac = (frac + 50) / 100;
		if (frac == 10) {
			whole++;
			frac = 0;
		}
	}
	if (frac)
		snprintf(buf, len, "%llu.%u%c", whole, (unsigned int)frac % 10, letters[shift / 10]);
	else
		snprintf(buf, len, "%llu%c", whole, letters[shift / 10]);
}

/* The name of @id in /etc/passwd (@file "/etc/passwd") or /etc/group; NULL if none. */
const char *name_in(const char *file, unsigned int id, char *buf, size_t size)
{
	FILE *f = fopen(file, "re");
	char line[512], *p, *name, *field;
	const char *found = NULL;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		p = line;
		name = strsep(&p, ":");
		strsep(&p, ":");
		field = strsep(&p, ":");
		if (field && *field && strtoul(field, &p, 10) == id && *p == '\0') {
			snprintf(buf, size, "%s", name);
			found = buf;
		}
	}
	fclose(f);
	return found;
}

/* ---- JSON */

/* Starts a member or an element: the comma before it, and its key. */
static void json_member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		putchar(',');
	j->first[j->depth] = false;
	if (key)
		printf("\"%s\":", key);
}

void json_open(struct json *j, const char *key, char bracket)
{
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		die("JSON nested too deep");
	if (j->depth)
		json_member(j, key);
	putchar(bracket);
	j->first[++j->depth] = true;
}

void json_close(struct json *j, char bracket)
{
	putchar(bracket);
	if (--j->depth == 0)
		putchar('\n');
}

void json_int(struct json *j, const char *key, long long v)
{
	json_member(j, key);
	printf("%lld", v);
}

void json_uint(struct json *j, const char *key, unsigned long long v)
{
	json_member(j, key);
	printf("%llu", v);
}

/* A number already written as text, such as 1712345678.123. */
void json_raw_number(struct json *j, const char *key, const char *number)
{
	json_member(j, key);
	fputs(number, stdout);
}

/*
 * @s as a JSON string: " and \ escaped, \b \f \n \r \t by letter, the
 * other control bytes as \u00XX (as libsmartcols writes them, so that
 * "toyipcctl lsipc -J" is lsipc's byte for byte).
 */
void json_quote(const char *s)
{
	static const char letters[] = "\bb\ff\nn\rr\tt";

	putchar('"');
	for (; *s; s++) {
		const char *l = strchr(letters, *s);

		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (l && (l - letters) % 2 == 0)
			printf("\\%c", l[1]);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

void json_string(struct json *j, const char *key, const char *s)
{
	json_member(j, key);
	json_quote(s);
}

/* One attribute as "name": value; names of enums as strings. */
void json_field(struct json *j, const struct field *f, const struct value *v)
{
	char text[64];

	if (f->show == FS_KIND || f->show == FS_EVENT || f->show == FS_ERRNO ||
	    f->show == FS_SOURCE) {
		field_format(f, v, text, sizeof(text));
		json_string(j, f->name, text);
	} else if (f->type == FT_S32 || f->type == FT_S64) {
		json_int(j, f->name, v->s);
	} else {
		json_uint(j, f->name, v->u);
	}
}

/*
 * Every attribute in [@head, @head + @len), in the order the kernel sent
 * them.  One this tool does not know yet still appears, as "attr_N" with
 * its number, so --json never hides what the kernel said.
 */
void json_attrs(struct json *j, const struct field_table *t, struct nlattr *head, int len)
{
	struct nlattr *a;
	struct value v;
	char name[16];
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		const struct field *f = field_find(t, nla_type(a));
		struct field unknown = FIELD(nla_type(a), name, FT_U32, FS_NUM);

		if (f && f->type == FT_PAD)
			continue;
		/* Nests that repeat are no JSON members: their commands walk them. */
		if (f && f->type == FT_NEST && !f->nest)
			continue;
		if (f && f->type == FT_NEST) {
			json_open(j, f->name, '{');
			json_attrs(j, f->nest, nla_data(a), nla_len(a));
			json_close(j, '}');
			continue;
		}
		if (!f) {
			snprintf(name, sizeof(name), "attr_%d", nla_type(a));
			unknown.type = nla_len(a) == 8 ? FT_U64 : FT_U32;
			f = &unknown;
		}
		if (field_read(f, a, &v))
			json_field(j, f, &v);
	}
}
