// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/netlink.c at the message level: a raw generic netlink
 * socket (no libnl), so that malformed requests can be sent on purpose.
 * toyipcctl's own tests (ctl_test) exercise the commands through libnl.
 */
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/toyipc.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tt.h"

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[4096];
};

static int sock_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	int one = 1;

	TT_ASSERT(fd >= 0);
	TT_ASSERT(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	/* Ask for the extended ack, so error messages can be checked. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return fd;
}

static void req_init(struct req *r, int family, int cmd, int flags)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->n.nlmsg_seq = 1;
	r->g.cmd = cmd;
	r->g.version = 1;
}

/* Appends an attribute; returns it, so a nest can be closed later. */
static struct nlattr *put(struct req *r, int type, const void *data, int len)
{
	struct nlattr *a = (struct nlattr *)((char *)&r->n + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void put_u32(struct req *r, int type, uint32_t v)
{
	put(r, type, &v, sizeof(v));
}

static struct nlattr *nest_start(struct req *r, int type)
{
	return put(r, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (char *)&r->n + r->n.nlmsg_len - (char *)a;
}

/*
 * Sends the request and reads replies until the ack.  Returns the ack's
 * error (0 or -errno); copies the first data message into reply if given,
 * and the extack message into msg if given.
 */
static int transact(int fd, struct req *r, void *reply, size_t size, char *msg, size_t msgsize)
{
	char buf[16384];
	int got_reply = 0;

	if (msg)
		msg[0] = '\0';
	TT_ASSERT(send(fd, r, r->n.nlmsg_len, 0) == (ssize_t)r->n.nlmsg_len);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		TT_ASSERT(n > 0);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				size_t off = NLMSG_HDRLEN + sizeof(*e);

				/* Without NLM_F_CAPPED the request is echoed first. */
				if (!(h->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - NLMSG_HDRLEN;
				for (struct nlattr *a = (struct nlattr *)((char *)h + off);
				     (char *)a + NLA_HDRLEN <= (char *)h + h->nlmsg_len && a->nla_len;
				     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
					if (msg && a->nla_type == NLMSGERR_ATTR_MSG)
						snprintf(msg, msgsize, "%s", (char *)a + NLA_HDRLEN);
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (reply && !got_reply) {
				memcpy(reply, h, h->nlmsg_len < size ? h->nlmsg_len : size);
				got_reply = 1;
			}
		}
	}
}

static int family_id(int fd)
{
	char reply[4096];
	struct req r;
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	struct nlattr *a;
	int len;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	put(&r, CTRL_ATTR_FAMILY_NAME, TOYIPC_GENL_NAME, sizeof(TOYIPC_GENL_NAME));
	TT_ASSERT(transact(fd, &r, reply, sizeof(reply), NULL, 0) == 0);
	len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	TT_FAIL("no family id in the controller's reply");
}

/* Drops root for the rest of the test process. */
static void become_nobody(void)
{
	TT_ASSERT(setgid(65534) == 0 && setuid(65534) == 0);
}

static void family_is_registered_under_its_name(void)
{
	int fd = sock_open();

	TT_ASSERT(family_id(fd) > GENL_ID_CTRL);
}

static void get_stats_replies_with_every_mechanism(void)
{
	char reply[16384], *p, *end;
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	int fd = sock_open(), kinds = 0;
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_GET_STATS, 0);
	TT_ASSERT(transact(fd, &r, reply, sizeof(reply), NULL, 0) == 0);
	TT_ASSERT(h->nlmsg_type != NLMSG_ERROR);
	/* TOYIPC_A_STATS holds one TOYIPC_STATS_A_KIND nest per mechanism. */
	p = (char *)NLMSG_DATA(h) + GENL_HDRLEN;
	TT_ASSERT((((struct nlattr *)p)->nla_type & NLA_TYPE_MASK) == TOYIPC_A_STATS);
	end = p + ((struct nlattr *)p)->nla_len;
	for (p += NLA_HDRLEN; p < end; p += NLA_ALIGN(((struct nlattr *)p)->nla_len))
		kinds += (((struct nlattr *)p)->nla_type & NLA_TYPE_MASK) == TOYIPC_STATS_A_KIND;
	TT_ASSERT(kinds == TOYIPC_NR_KINDS - 1);
}

static void attribute_a_command_does_not_take_is_einval(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_GET_STATS, 0);
	put_u32(&r, TOYIPC_A_KIND, TOYIPC_KIND_MSG);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -EINVAL);
}

static void unknown_command_is_eopnotsupp(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), 200, 0);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -EOPNOTSUPP);
}

static void attribute_of_the_wrong_size_is_einval(void)
{
	uint16_t half = TOYIPC_KIND_MSG;
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_RMID, 0);
	put(&r, TOYIPC_A_KIND, &half, sizeof(half));
	put_u32(&r, TOYIPC_A_ID, 0);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -EINVAL);
}

static void attribute_longer_than_the_message_is_einval(void)
{
	int fd = sock_open();
	struct nlattr *a;
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_RMID, 0);
	a = put(&r, TOYIPC_A_KIND, "\2\0\0\0", 4);
	a->nla_len = 2000;	/* claims far more than was sent */
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -EINVAL);
}

static void truncated_message_is_rejected(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_GET_STATS, 0);
	r.n.nlmsg_len = NLMSG_LENGTH(1);	/* shorter than the genl header */
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) < 0);
}

/* The netlink core's range check answers ERANGE, as for every family. */
static void kind_out_of_range_is_erange(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_RMID, 0);
	put_u32(&r, TOYIPC_A_KIND, TOYIPC_NR_KINDS);
	put_u32(&r, TOYIPC_A_ID, 0);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -ERANGE);
}

static void rmid_needs_an_id_or_a_key_not_both(void)
{
	char msg[256];
	int fd = sock_open(), fam = family_id(fd);
	struct req r;

	req_init(&r, fam, TOYIPC_CMD_RMID, 0);
	put_u32(&r, TOYIPC_A_KIND, TOYIPC_KIND_MSG);
	TT_ASSERT(transact(fd, &r, NULL, 0, msg, sizeof(msg)) == -EINVAL);
	req_init(&r, fam, TOYIPC_CMD_RMID, 0);
	put_u32(&r, TOYIPC_A_KIND, TOYIPC_KIND_MSG);
	put_u32(&r, TOYIPC_A_ID, 0);
	put_u32(&r, TOYIPC_A_KEY, 42);
	TT_ASSERT(transact(fd, &r, NULL, 0, msg, sizeof(msg)) == -EINVAL);
	if (!strstr(msg, "id or a key"))
		TT_FAIL("extack message '%s'", msg);
}

static void rmid_of_a_pipe_is_refused_with_a_reason(void)
{
	char msg[256];
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_RMID, 0);
	put_u32(&r, TOYIPC_A_KIND, TOYIPC_KIND_PIPE);
	put_u32(&r, TOYIPC_A_ID, 0);
	TT_ASSERT(transact(fd, &r, NULL, 0, msg, sizeof(msg)) == -EOPNOTSUPP);
	TT_ASSERT(msg[0] != '\0');
}

static void reset_stats_as_root_succeeds(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_RESET_STATS, 0);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == 0);
}

static void reset_stats_as_a_user_is_eperm(void)
{
	int fd = sock_open(), fam = family_id(fd);
	struct req r;

	become_nobody();
	req_init(&r, fam, TOYIPC_CMD_RESET_STATS, 0);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -EPERM);
}

static void set_limits_as_a_user_is_eperm(void)
{
	int fd = sock_open(), fam = family_id(fd);
	struct nlattr *nest;
	struct req r;

	become_nobody();
	req_init(&r, fam, TOYIPC_CMD_SET_LIMITS, 0);
	nest = nest_start(&r, TOYIPC_A_LIMITS);
	put_u32(&r, TOYIPC_LIMIT_MSGMAX, 100);
	nest_end(&r, nest);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == -EPERM);
}

/* Sets one u32 limit; returns the ack's error and the message. */
static int set_limit(int attr, uint32_t v, char *msg, size_t size)
{
	int fd = sock_open();
	struct nlattr *nest;
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_SET_LIMITS, 0);
	nest = nest_start(&r, TOYIPC_A_LIMITS);
	put_u32(&r, attr, v);
	nest_end(&r, nest);
	return transact(fd, &r, NULL, 0, msg, size);
}

static unsigned long param(const char *name)
{
	char path[128], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/toyipc/parameters/%s", name);
	f = fopen(path, "r");
	TT_ASSERT(f != NULL);
	TT_ASSERT(fgets(buf, sizeof(buf), f) != NULL);
	fclose(f);
	return strtoul(buf, NULL, 10);
}

static void set_limits_changes_the_limit_and_the_parameter(void)
{
	unsigned long old = param("msgmax");

	TT_ASSERT(set_limit(TOYIPC_LIMIT_MSGMAX, 4096, NULL, 0) == 0);
	TT_ASSERT(param("msgmax") == 4096);
	TT_ASSERT(set_limit(TOYIPC_LIMIT_MSGMAX, old, NULL, 0) == 0);
	TT_ASSERT(param("msgmax") == old);
}

static void set_limits_out_of_range_is_einval_and_names_the_limit(void)
{
	unsigned long old = param("pipe_size");
	char msg[256];

	TT_ASSERT(set_limit(TOYIPC_LIMIT_PIPE_SIZE, 3 * 4096, msg, sizeof(msg)) == -EINVAL);
	if (strncmp(msg, "pipe_size", 9))
		TT_FAIL("extack message '%s'", msg);
	TT_ASSERT(set_limit(TOYIPC_LIMIT_MSGMAX, 0, msg, sizeof(msg)) == -EINVAL);
	if (strncmp(msg, "msgmax", 6))
		TT_FAIL("extack message '%s'", msg);
	TT_ASSERT(param("pipe_size") == old);
}

static void nest_without_nla_f_nested_is_einval(void)
{
	int fd = sock_open();
	struct nlattr *nest;
	char msg[256];
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_SET_LIMITS, 0);
	nest = put(&r, TOYIPC_A_LIMITS, NULL, 0);
	put_u32(&r, TOYIPC_LIMIT_MSGMAX, 100);
	nest_end(&r, nest);
	TT_ASSERT(transact(fd, &r, NULL, 0, msg, sizeof(msg)) == -EINVAL);
	TT_ASSERT(param("msgmax") != 100);
}

static void nr_fifos_cannot_change_at_run_time(void)
{
	char msg[256];

	TT_ASSERT(set_limit(TOYIPC_LIMIT_NR_FIFOS, 1, msg, sizeof(msg)) == -EPERM);
	TT_ASSERT(msg[0] != '\0');
}

static void get_objects_dump_ends_with_done(void)
{
	int fd = sock_open();
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_GET_OBJECTS, NLM_F_DUMP);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == 0);
	req_init(&r, family_id(fd), TOYIPC_CMD_GET_OBJECTS, NLM_F_DUMP);
	put_u32(&r, TOYIPC_A_KIND, TOYIPC_KIND_SEM);
	TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == 0);
}

/* Random bytes as attributes of every command: only error replies, no oops. */
static void random_attributes_get_only_errors(void)
{
	int fd = sock_open(), fam = family_id(fd);
	unsigned int seed = 1;
	struct req r;

	become_nobody();	/* so the admin commands cannot change anything */
	for (int i = 0; i < 2000; i++) {
		int len = rand_r(&seed) % 256;

		req_init(&r, fam, 1 + rand_r(&seed) % TOYIPC_CMD_MAX, 0);
		for (int j = 0; j < len; j++)
			r.buf[j] = rand_r(&seed);
		r.n.nlmsg_len += len;
		TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) <= 0);
	}
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(family_is_registered_under_its_name),
		TT_CASE(get_stats_replies_with_every_mechanism),
		TT_CASE(attribute_a_command_does_not_take_is_einval),
		TT_CASE(unknown_command_is_eopnotsupp),
		TT_CASE(attribute_of_the_wrong_size_is_einval),
		TT_CASE(attribute_longer_than_the_message_is_einval),
		TT_CASE(truncated_message_is_rejected),
		TT_CASE(kind_out_of_range_is_erange),
		TT_CASE(rmid_needs_an_id_or_a_key_not_both),
		TT_CASE(rmid_of_a_pipe_is_refused_with_a_reason),
		TT_CASE(reset_stats_as_root_succeeds),
		TT_CASE(reset_stats_as_a_user_is_eperm),
		TT_CASE(set_limits_as_a_user_is_eperm),
		TT_CASE(set_limits_changes_the_limit_and_the_parameter),
		TT_CASE(set_limits_out_of_range_is_einval_and_names_the_limit),
		TT_CASE(nest_without_nla_f_nested_is_einval),
		TT_CASE(nr_fifos_cannot_change_at_run_time),
		TT_CASE(get_objects_dump_ends_with_done),
		TT_CASE(random_attributes_get_only_errors),
		{ NULL, NULL },
	};

	return tt_main("netlink", cases);
}
