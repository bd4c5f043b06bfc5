/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl_raw.h: a raw generic netlink socket for the guest tests (no libnl),
 * so that requests can be built byte by byte, malformed ones included.
 * Shared by netlink_test, stall_test and every test that talks to the
 * toyipc family directly.
 */
#ifndef NL_RAW_H
#define NL_RAW_H

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

static inline int sock_open(void)
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

static inline void req_init(struct req *r, int family, int cmd, int flags)
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
static inline struct nlattr *put(struct req *r, int type, const void *data, int len)
{
	struct nlattr *a = (struct nlattr *)((char *)&r->n + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static inline void put_u32(struct req *r, int type, uint32_t v)
{
	put(r, type, &v, sizeof(v));
}

static inline struct nlattr *nest_start(struct req *r, int type)
{
	return put(r, type | NLA_F_NESTED, NULL, 0);
}

static inline void nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (char *)&r->n + r->n.nlmsg_len - (char *)a;
}

/*
 * Sends the request and reads replies until the ack.  Returns the ack's
 * error (0 or -errno); copies the first data message into reply if given,
 * and the extack message into msg if given.
 */
static inline int transact(int fd, struct req *r, void *reply, size_t size, char *msg, size_t msgsize)
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

/* Each attribute @a in the @len bytes at @start (@rem: bytes left). */
#define nl_raw_for_each_attr(a, start, len, rem)					\
	for ((a) = (struct nlattr *)(start), (rem) = (int)(len);			\
	     (rem) >= NLA_HDRLEN && (a)->nla_len >= NLA_HDRLEN && (a)->nla_len <= (rem);	\
	     (rem) -= NLA_ALIGN((a)->nla_len),						\
	     (a) = (struct nlattr *)((char *)(a) + NLA_ALIGN((a)->nla_len)))

/* The payload of attribute @a. */
static inline void *nl_raw_data(const struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

/*
 * The controller's reply about the toyipc family, in @reply (4096 bytes);
 * returns the length of its attributes, which start at *@attrs.
 */
static inline int toyipc_family_reply(int fd, char *reply, struct nlattr **attrs)
{
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	struct req r;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	put(&r, CTRL_ATTR_FAMILY_NAME, TOYIPC_GENL_NAME, sizeof(TOYIPC_GENL_NAME));
	TT_ASSERT(transact(fd, &r, reply, 4096, NULL, 0) == 0);
	*attrs = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	return h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
}

static inline int family_id(int fd)
{
	char reply[4096];
	struct nlattr *attrs, *a;
	int len = toyipc_family_reply(fd, reply, &attrs), rem;

	nl_raw_for_each_attr(a, attrs, len, rem)
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)nl_raw_data(a);
	TT_FAIL("no family id in the controller's reply");
}

/* Drops root for the rest of the test process. */
static inline void become_nobody(void)
{
	TT_ASSERT(setgid(65534) == 0 && setuid(65534) == 0);
}

/*
 * The id of the toyipc family's multicast group @name (from the same
 * controller reply as family_id()), or -1 if it has none of that name.
 */
static inline int mcast_group_id(int fd, const char *name)
{
	char reply[4096];
	struct nlattr *attrs, *a, *g, *ga;
	int len = toyipc_family_reply(fd, reply, &attrs), rem, grem, garem, id;
	const char *gname;

	nl_raw_for_each_attr(a, attrs, len, rem) {
		if ((a->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		nl_raw_for_each_attr(g, nl_raw_data(a), a->nla_len - NLA_HDRLEN, grem) {
			gname = NULL;
			id = -1;
			nl_raw_for_each_attr(ga, nl_raw_data(g), g->nla_len - NLA_HDRLEN, garem) {
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
					gname = nl_raw_data(ga);
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_ID)
					id = *(uint32_t *)nl_raw_data(ga);
			}
			if (gname && id >= 0 && !strcmp(gname, name))
				return id;
		}
	}
	return -1;
}

#endif /* NL_RAW_H */
