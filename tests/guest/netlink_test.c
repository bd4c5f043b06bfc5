// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/netlink.c at the message level: a raw generic netlink
 * socket (no libnl), so that malformed requests can be sent on purpose.
 * toyipcctl's own tests (ctl_test) exercise the commands through libnl.
 */
#include <poll.h>
#include <stdbool.h>
#include <time.h>

#include "nl_raw.h"
#include "toyipc.h"

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

/* SET_LIMITS with TOYIPC_A_LIMITS_UNSET for @attr (and @set_too: a value for it as well). */
static int unset_limit(int attr, bool set_too, char *msg, size_t size)
{
	int fd = sock_open();
	struct nlattr *nest;
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_SET_LIMITS, 0);
	if (set_too) {
		nest = nest_start(&r, TOYIPC_A_LIMITS);
		put_u32(&r, attr, 4096);
		nest_end(&r, nest);
	}
	nest = nest_start(&r, TOYIPC_A_LIMITS_UNSET);
	put(&r, attr, NULL, 0);
	nest_end(&r, nest);
	return transact(fd, &r, NULL, 0, msg, size);
}

/*
 * Unset forgets an override: the parameter file shows the default again
 * (the value in force is then the sysctl: limits_sysctl_test).  A limit
 * both set and unset in one request is EINVAL, nr_fifos EPERM.
 */
static void unset_limits_forgets_the_override(void)
{
	char msg[256];

	TT_ASSERT(set_limit(TOYIPC_LIMIT_MSGMAX, 4096, NULL, 0) == 0);
	TT_ASSERT(unset_limit(TOYIPC_LIMIT_MSGMAX, false, NULL, 0) == 0);
	TT_ASSERT(param("msgmax") == 8192);
	TT_ASSERT(unset_limit(TOYIPC_LIMIT_MSGMAX, true, msg, sizeof(msg)) == -EINVAL);
	TT_ASSERT(msg[0] != '\0' && param("msgmax") == 8192);
	TT_ASSERT(unset_limit(TOYIPC_LIMIT_NR_FIFOS, false, msg, sizeof(msg)) == -EPERM);
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

/* ---- the events group (issue 16, item 6) */

/* A socket in the events group, with room for many events. */
static int events_socket(int *family)
{
	int fd = sock_open(), grp, big = 32 << 20;

	*family = family_id(fd);
	grp = mcast_group_id(fd, TOYIPC_GENL_MCGRP_EVENTS);
	TT_ASSERT(grp > 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	TT_ASSERT(setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) == 0);
	return fd;
}

/* Events tell when other users' objects are used: CAP_NET_ADMIN only. */
static void events_group_join_as_a_user_is_eperm(void)
{
	int fd = sock_open(), grp = mcast_group_id(fd, TOYIPC_GENL_MCGRP_EVENTS);

	TT_ASSERT(grp > 0);
	become_nobody();
	TT_ASSERT_ERRNO(setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)),
			EPERM);
	/* The dump stays open to everybody, like /proc/sysvipc. */
	{
		struct req r;

		req_init(&r, family_id(fd), TOYIPC_CMD_GET_OBJECTS, NLM_F_DUMP);
		TT_ASSERT(transact(fd, &r, NULL, 0, NULL, 0) == 0);
	}
}

/*
 * Reads events until none came for @ms milliseconds; returns how many,
 * and fails if one carries TOYIPC_A_PID when @check_pid.
 */
static int read_events(int fd, int family, int ms, bool check_pid)
{
	char buf[65536];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int count = 0;

	while (poll(&pfd, 1, ms) == 1) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *h;

		if (n < 0 && errno == ENOBUFS)
			TT_FAIL("the events overflowed a 32 MiB receive buffer");
		TT_ASSERT(n > 0);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			struct nlattr *a;
			int rem;

			if (h->nlmsg_type != family)
				continue;
			count++;
			nl_raw_for_each_attr(a, (char *)NLMSG_DATA(h) + GENL_HDRLEN,
					     h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem)
				if (check_pid && a->nla_type == TOYIPC_A_PID)
					TT_FAIL("an event carries a pid (TOYIPC_A_PID)");
		}
	}
	return count;
}

/* No pid number is right in every listener's pid namespace: none is sent. */
static void events_carry_no_pid(void)
{
	int family, fd = events_socket(&family), fds[2];

	TT_ASSERT(toy_pipe2(fds, 0) == 0);
	TT_ASSERT(close(fds[0]) == 0 && close(fds[1]) == 0);
	TT_ASSERT(read_events(fd, family, 500, true) == 2);	/* created, removed */
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Created and removed events are rate-limited (20 a second) like the
 * busy ones, so a loop making pipes cannot make the kernel allocate
 * GFP_ATOMIC messages without bound.  300 pipes make 600 events; in
 * t seconds at most 20 * (t + 2) may come through, which tells the
 * limit from none as long as the 300 pipes take less than 28 s (the
 * debug kernel, the slowest, takes about 12 s).
 */
static void created_and_removed_events_are_rate_limited(void)
{
	int family, fd = events_socket(&family), fds[2], got;
	double t0 = now_s(), t;

	for (int i = 0; i < 300; i++) {
		TT_ASSERT(toy_pipe2(fds, 0) == 0);
		TT_ASSERT(close(fds[0]) == 0 && close(fds[1]) == 0);
	}
	t = now_s() - t0;
	got = read_events(fd, family, 500, false);
	if (t >= 25)
		TT_FAIL("300 toy pipes took %.1f s: too slow to tell", t);
	if (got > 20 * ((int)t + 2))
		TT_FAIL("%d events in %.1f s: not rate-limited", got, t);
	TT_ASSERT(got >= 15);	/* the first second's budget does come through */
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
		TT_CASE(unset_limits_forgets_the_override),
		TT_CASE(set_limits_out_of_range_is_einval_and_names_the_limit),
		TT_CASE(nest_without_nla_f_nested_is_einval),
		TT_CASE(nr_fifos_cannot_change_at_run_time),
		TT_CASE(get_objects_dump_ends_with_done),
		TT_CASE(random_attributes_get_only_errors),
		TT_CASE(events_group_join_as_a_user_is_eperm),
		TT_CASE(events_carry_no_pid),
		TT_CASE(created_and_removed_events_are_rate_limited),
		{ NULL, NULL },
	};

	return tt_main("netlink", cases);
}
