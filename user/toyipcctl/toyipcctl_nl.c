// SPDX-License-Identifier: GPL-2.0
/*
 * toyipcctl_nl.c: one netlink session with the toyipc family, on libnl-genl-3.
 *
 * A request is one generic netlink message.  What comes back is one of:
 *	a reply, then an ACK		(GET_STATS, GET_LIMITS: NLM_F_ACK asked for)
 *	an ACK alone			(RESET_STATS, SET_LIMITS, RMID)
 *	replies, then NLMSG_DONE	(GET_OBJECTS, a dump)
 *	an NLMSG_ERROR			(the request failed)
 * An error carries the errno and, because we set NETLINK_EXT_ACK, the
 * kernel's extended-ack message ("msgmax must be at least 1"), which libnl
 * 3.7 does not parse: on_error() finds it after the struct nlmsgerr.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "toyipcctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* The state of one request while its answers come in. */
struct exchange {
	struct ctl *c;
	reply_fn fn;
	void *arg;
	bool done;		/* ACK, DONE or error seen */
	bool malformed;		/* a reply failed the policy */
	bool unloaded;		/* watch: nlctrl said the family went away */
};

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("toyipcctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_REFUSED);
}

void put_u32(struct nl_msg *msg, int attr, unsigned int value)
{
	if (nla_put_u32(msg, attr, value) < 0)
		die("netlink message too large");
}

void put_u64(struct nl_msg *msg, int attr, unsigned long long value)
{
	if (nla_put_u64(msg, attr, value) < 0)
		die("netlink message too large");
}

/* Keeps the text of an extended ack's NLMSGERR_ATTR_MSG, if it has one. */
static void save_extack(struct ctl *c, const void *tlvs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)tlvs, len, NULL) < 0 ||
	    !tb[NLMSGERR_ATTR_MSG])
		return;
	snprintf(c->detail, sizeof(c->detail), "%.*s",
		 (int)strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]), nla_len(tb[NLMSGERR_ATTR_MSG])),
		 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

/*
 * NLMSG_ERROR.  libnl hands us the struct nlmsgerr, which is the payload
 * of its message; the extended-ack attributes follow it and, unless the
 * kernel capped the ack (NLM_F_CAPPED), a copy of our request's payload.
 */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct exchange *x = arg;
	size_t off = sizeof(*e);

	(void)who;
	x->c->err = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		save_extack(x->c, (char *)e + off, nlmsg_datalen(nlh) - (int)off);
	x->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct exchange *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

/* NLMSG_DONE ends a dump; its payload is the dump's error, 0 if none. */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct exchange *x = arg;
	int err;

	x->done = true;
	if (nlmsg_datalen(nlh) < (int)sizeof(err))
		return NL_STOP;
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0) {
		x->c->err = -err;
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
			save_extack(x->c, (char *)nlmsg_data(nlh) + NLMSG_ALIGN(sizeof(err)),
				    nlmsg_datalen(nlh) - (int)NLMSG_ALIGN(sizeof(err)));
	}
	return NL_STOP;
}

/* Checks a toyipc message against the policy and hands it to x->fn. */
static void deliver(struct exchange *x, struct nlmsghdr *nlh)
{
	struct nla_policy policy[TOYIPC_A_MAX + 1];
	struct nlattr *tb[TOYIPC_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct reply r;

	field_policy(&attr_table, policy);
	if (genlmsg_parse(nlh, 0, tb, TOYIPC_A_MAX, policy) < 0) {
		x->malformed = true;
		return;
	}
	r.cmd = g->cmd;
	r.tb = tb;
	r.head = genlmsg_attrdata(g, 0);
	r.len = genlmsg_attrlen(g, 0);
	x->fn(&r, x->arg);
}

static int on_reply(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct exchange *x = arg;

	if (nlh->nlmsg_type == x->c->family)
		deliver(x, nlh);
	return NL_OK;
}

static struct nl_cb *new_callbacks(struct exchange *x)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		die("out of memory");
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_reply, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, x);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, x);
	return cb;
}

/*
 * Connects and finds the toyipc family.  Return: 0, or the exit status
 * after saying what is wrong (EXIT_NOMODULE: toyipc.ko is not loaded).
 */
int ctl_open(struct ctl *c)
{
	struct genl_family *family;
	struct nl_cache *families;
	int one = 1, version, ret;

	memset(c, 0, sizeof(*c));
	c->sk = nl_socket_alloc();
	if (!c->sk)
		die("out of memory");
	ret = genl_connect(c->sk);
	if (ret < 0) {
		fprintf(stderr, "toyipcctl: no generic netlink socket: %s\n", nl_geterror(ret));
		ctl_close(c);
		return EXIT_REFUSED;
	}
	/* Both exist since Linux 4.12; without them errors come without text. */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	ret = genl_ctrl_alloc_cache(c->sk, &families);
	if (ret < 0) {
		fprintf(stderr, "toyipcctl: cannot list generic netlink families: %s\n",
			nl_geterror(ret));
		ctl_close(c);
		return EXIT_REFUSED;
	}
	family = genl_ctrl_search_by_name(families, TOYIPC_GENL_NAME);
	nl_cache_free(families);
	if (!family) {
		fprintf(stderr, "toyipcctl: toyipc module not loaded (no generic netlink family %s)\n",
			TOYIPC_GENL_NAME);
		ctl_close(c);
		return EXIT_NOMODULE;
	}
	c->family = genl_family_get_id(family);
	version = genl_family_get_version(family);
	genl_family_put(family);
	if (version != TOYIPC_GENL_VERSION) {
		fprintf(stderr, "toyipcctl: the toyipc module speaks version %d of family %s, this toyipcctl version %d\n",
			version, TOYIPC_GENL_NAME, TOYIPC_GENL_VERSION);
		ctl_close(c);
		return EXIT_NOMODULE;
	}
	return 0;
}

void ctl_close(struct ctl *c)
{
	nl_socket_free(c->sk);
	c->sk = NULL;
}

/* A new request for @cmd; @flags: 0 or NLM_F_DUMP.  Others want an ACK. */
struct nl_msg *ctl_request(const struct ctl *c, enum toyipc_cmd cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		die("out of memory");
	if (!(flags & NLM_F_DUMP))
		flags |= NLM_F_ACK;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags, cmd,
			 TOYIPC_GENL_VERSION))
		die("netlink message too large");
	return msg;
}

/*
 * Sends @msg (and frees it), then calls @fn on each reply until the
 * request is answered.  Return: 0, or the positive errno it failed with,
 * also in c->err, with the kernel's message if any in c->detail.
 */
int ctl_send(struct ctl *c, struct nl_msg *msg, reply_fn fn, void *arg)
{
	struct exchange x = { .c = c, .fn = fn, .arg = arg };
	struct nl_cb *cb = new_callbacks(&x);
	int ret;

	c->err = 0;
	c->detail[0] = '\0';
	ret = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	while (ret >= 0 && !x.done)
		ret = nl_recvmsgs(c->sk, cb);
	nl_cb_put(cb);
	if (!c->err && ret < 0) {
		c->err = EPROTO;
		snprintf(c->detail, sizeof(c->detail), "libnl: %s", nl_geterror(ret));
	} else if (!c->err && x.malformed) {
		c->err = EPROTO;
		snprintf(c->detail, sizeof(c->detail), "a malformed reply from the kernel");
	}
	return c->err;
}

/*
 * Says why a request failed: "toyipcctl: CONTEXT: WHY: DETAIL", WHY being
 * the caller's words for c->err or strerror's.
 */
void ctl_report(const struct ctl *c, const char *context, const char *why)
{
	fprintf(stderr, "toyipcctl: %s: %s", context, why ? why : strerror(c->err));
	if (c->detail[0])
		fprintf(stderr, ": %s", c->detail);
	fputc('\n', stderr);
}

/*
 * Joins toyipc's "events" group, and nlctrl's "notify" group, which tells
 * us when the family goes away (rmmod).  Both ids are looked up before
 * either is joined: once in a group, a message of it could arrive in the
 * middle of the second lookup's answer.  Return: 0, or the exit status
 * after saying what is wrong.
 */
static int join_groups(struct ctl *c)
{
	static const char *const groups[][2] = {
		{ TOYIPC_GENL_NAME, TOYIPC_GENL_MCGRP_EVENTS },
		{ "nlctrl", "notify" },
	};
	int ids[2], ret;

	for (int i = 0; i < 2; i++) {
		ids[i] = genl_ctrl_resolve_grp(c->sk, groups[i][0], groups[i][1]);
		if (ids[i] < 0) {
			fprintf(stderr, "toyipcctl: no multicast group %s in family %s: %s\n",
				groups[i][1], groups[i][0], nl_geterror(ids[i]));
			return EXIT_REFUSED;
		}
	}
	for (int i = 0; i < 2; i++) {
		ret = nl_socket_add_membership(c->sk, ids[i]);
		if (ret < 0) {
			fprintf(stderr, "toyipcctl: cannot join %s/%s: %s\n", groups[i][0],
				groups[i][1], nl_geterror(ret));
			return EXIT_REFUSED;
		}
	}
	return 0;
}

/* True if @nlh is nlctrl's notice that the family with id @family is gone. */
static bool family_removed(struct nlmsghdr *nlh, int family)
{
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *id;

	if (nlh->nlmsg_type != GENL_ID_CTRL || g->cmd != CTRL_CMD_DELFAMILY)
		return false;
	id = nla_find(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), CTRL_ATTR_FAMILY_ID);
	return id && nla_len(id) >= 2 && nla_get_u16(id) == family;
}

static int accept_any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg, (void)arg;
	return NL_OK;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct exchange *x = arg;

	if (family_removed(nlh, x->c->family))
		x->unloaded = true;
	else if (nlh->nlmsg_type == x->c->family)
		deliver(x, nlh);
	return NL_OK;
}

/*
 * Calls @fn on every event, until SIGINT or SIGTERM (read from a signalfd,
 * so a signal between two polls is not lost) or until the family goes
 * away.  Says on stderr when it listens: from then on, no event and no
 * signal is missed.  Return: the exit status.
 */
int ctl_watch(struct ctl *c, reply_fn fn, void *arg)
{
	struct exchange x = { .c = c, .fn = fn, .arg = arg };
	struct pollfd fds[2];
	struct nl_cb *cb;
	sigset_t stop;
	int err, ret = join_groups(c);

	if (ret)
		return ret;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0)
		die("sigprocmask: %s", strerror(errno));
	fds[0] = (struct pollfd){ .fd = nl_socket_get_fd(c->sk), .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = signalfd(-1, &stop, SFD_CLOEXEC), .events = POLLIN };
	if (fds[1].fd < 0)
		die("signalfd: %s", strerror(errno));
	fprintf(stderr, "toyipcctl: watching %s events; interrupt to stop\n", TOYIPC_GENL_NAME);

	/* Events are not answers to a request: no sequence numbers to check. */
	cb = new_callbacks(&x);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &x);
	for (;;) {
		if (poll(fds, 2, -1) < 0)
			die("poll: %s", strerror(errno));
		if (fds[1].revents)
			break;
		/* A listener too slow for the kernel gets ENOBUFS once (libnl: NLE_NOMEM). */
		err = nl_recvmsgs(c->sk, cb);
		if (err == -NLE_NOMEM)
			fprintf(stderr, "toyipcctl: watch: events lost (socket buffer overrun)\n");
		else if (err < 0)
			die("watch: %s", nl_geterror(err));
		if (x.malformed) {
			fprintf(stderr, "toyipcctl: watch: ignored a malformed event\n");
			x.malformed = false;
		}
		if (x.unloaded) {
			fprintf(stderr, "toyipcctl: watch: the toyipc module was unloaded\n");
			ret = EXIT_NOMODULE;
			break;
		}
	}
	nl_cb_put(cb);
	close(fds[1].fd);
	return ret;
}
