// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing of the generic netlink family "toyipc" on a raw socket (no
 * libnl, so anything can be sent): several processes at once, half root
 * and half nobody, send random and malformed messages for a bounded time:
 * random commands, versions and flags (dumps included), random attribute
 * types, lengths and nesting, attributes that run past the message,
 * lengths below the attribute header, messages whose length field lies.
 *
 * What must hold: every ack carries 0 or a real -errno (nothing past 511,
 * the kernel's internal codes), send() and recv() fail only with what a
 * netlink socket may say, no process dies, the kernel log has no report;
 * afterwards the family still answers, and the limits are as they were,
 * values and sources (root's random SET_LIMITS are undone by the test from
 * a snapshot: set again or unset).
 *
 * Bounded for `make check`: NLFUZZ_SECONDS (15 s).  Longer on request:
 *	nlfuzz_test SECONDS	or	TOYIPC_NLFUZZ_SECONDS=SECONDS nlfuzz_test
 *
 * Built a second time as kcov_nlfuzz_test (-DFUZZ_GUIDED) for a kernel
 * with KCOV: the same messages, chosen by kcov.h's corpus loop (programs
 * of message seeds kept when they reach new basic blocks of toyipc.ko);
 * it prints the coverage figure and, for a worker that fails, a
 * "# reproducer:" line naming the seed and the worker's last program.
 */
#include <grp.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/toyipc.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"
#include "tt_rand.h"
#include "kcov.h"

#define NLFUZZ_SECONDS	15
#define WORKERS		4	/* even ones root, odd ones nobody */
#define NOBODY		65534
#define NERRNO		512

static unsigned int nlfuzz_seconds = NLFUZZ_SECONDS;

struct report {
	unsigned long sent[WORKERS];
	unsigned long acks[WORKERS][NERRNO];	/* by -error; [0] for success */
	char why[WORKERS][256];
	struct kcov_shared kcov[WORKERS];	/* guided runs (kcov.h) */
};

static struct report *report;

/* ---- building messages */

struct msg {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[2048];
};

#define END(m)	((char *)&(m)->n + sizeof(*(m)))

/* Appends random attributes at P, DEPTH levels of nesting at most; returns the end. */
static char *random_attrs(char *p, char *end, int depth)
{
	int i, count = (int)tt_below(6);

	for (i = 0; i < count && end - p > 80; i++) {
		struct nlattr *a = (struct nlattr *)p;
		int len = tt_one_in(3) ? (int)tt_below(64) : (int)(4 << tt_below(2));
		char *q;

		a->nla_type = (uint16_t)(tt_one_in(8) ? tt_rand() : tt_below(TOYIPC_A_MAX + 3));
		if (depth && tt_one_in(3)) {
			a->nla_type |= NLA_F_NESTED;
			q = random_attrs(p + NLA_HDRLEN, end - 8, depth - 1);
			len = (int)(q - p) - NLA_HDRLEN;
		} else {
			for (q = p + NLA_HDRLEN; q < p + NLA_HDRLEN + len; q++)
				*q = tt_one_in(2) ? 0 : (char)tt_rand();
		}
		a->nla_len = (uint16_t)(NLA_HDRLEN + len);
		/* Malformed: a length below the header, or past what follows. */
		if (tt_one_in(16))
			a->nla_len = (uint16_t)tt_below(NLA_HDRLEN);
		else if (tt_one_in(16))
			a->nla_len = (uint16_t)(a->nla_len + tt_below(4096));
		p += NLA_ALIGN(NLA_HDRLEN + len);
	}
	return p;
}

static size_t random_message(struct msg *m, int family)
{
	size_t len;

	memset(m, 0, sizeof(*m));
	m->n.nlmsg_type = (uint16_t)(tt_one_in(16) ? (tt_one_in(2) ? GENL_ID_CTRL : tt_rand())
						    : (uint64_t)family);
	m->n.nlmsg_flags = NLM_F_REQUEST | (tt_one_in(4) ? 0 : NLM_F_ACK) |
			   (tt_one_in(4) ? NLM_F_DUMP : 0) |
			   (tt_one_in(8) ? (uint16_t)tt_rand() : 0);
	m->n.nlmsg_seq = (uint32_t)tt_rand();
	m->g.cmd = (uint8_t)(tt_one_in(8) ? tt_rand() : tt_below(TOYIPC_CMD_MAX + 2));
	m->g.version = (uint8_t)(tt_one_in(8) ? tt_rand() : 1);
	len = (size_t)(random_attrs(m->buf, END(m), 2) - (char *)&m->n);
	m->n.nlmsg_len = (uint32_t)len;
	/* Malformed: a length field that lies, or a message cut short. */
	if (tt_one_in(16))
		m->n.nlmsg_len = (uint32_t)(tt_one_in(2) ? tt_below(len + 1)
							  : len + tt_below(4096));
	if (tt_one_in(16))
		len = tt_below(len + 1);
	return len;
}

/* ---- one worker */

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	TT_ASSERT(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	return fd;
}

/* Sends REQ and reads until its ack (or DONE); returns the ack's error. */
static int transact(int fd, struct msg *req, void *reply, size_t size)
{
	char buf[16384];
	struct nlmsghdr *h;
	ssize_t n;
	bool copied = false;

	TT_ASSERT(send(fd, req, req->n.nlmsg_len, 0) == (ssize_t)req->n.nlmsg_len);
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		TT_ASSERT(n > 0);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (reply && !copied) {
				memcpy(reply, h, h->nlmsg_len < size ? h->nlmsg_len : size);
				copied = true;
			}
		}
	}
}

static void req_init(struct msg *m, int type, int cmd)
{
	memset(m, 0, sizeof(*m));
	m->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->n.nlmsg_type = (uint16_t)type;
	m->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	m->g.cmd = (uint8_t)cmd;
	m->g.version = 1;
}

static struct nlattr *first_attr(void *msg)
{
	return (struct nlattr *)((char *)NLMSG_DATA((struct nlmsghdr *)msg) + GENL_HDRLEN);
}

static int family_id(int fd)
{
	char reply[4096];
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	struct nlattr *a;
	struct msg m;
	int len;

	req_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	a = (struct nlattr *)m.buf;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(TOYIPC_GENL_NAME);
	memcpy(a + 1, TOYIPC_GENL_NAME, sizeof(TOYIPC_GENL_NAME));
	m.n.nlmsg_len += NLA_ALIGN(a->nla_len);
	TT_ASSERT(transact(fd, &m, reply, sizeof(reply)) == 0);
	len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (a = first_attr(reply); len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)(a + 1);
	TT_FAIL("no toyipc family");
}

__attribute__((format(printf, 2, 3)))
static void bad(int id, const char *fmt, ...)
{
	va_list ap;

	if (report->why[id][0])
		return;
	va_start(ap, fmt);
	vsnprintf(report->why[id], sizeof(report->why[id]), fmt, ap);
	va_end(ap);
}

/* Reads whatever has arrived; every ack must carry 0 or a real -errno. */
static void drain(int id, int fd)
{
	char buf[32768];
	struct nlmsghdr *h;
	ssize_t n;
	int err;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) != 0) {
		if (n < 0) {
			/* ENOBUFS: replies overran the socket's buffer, as netlink may say. */
			if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
				bad(id, "recv: errno %d (%s)", errno, strerror(errno));
			if (errno == EAGAIN)
				return;
			continue;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (err < 0 || err >= NERRNO)
				bad(id, "an ack with error %d", -err);
			else
				report->acks[id][err]++;
		}
	}
}

struct sender {
	int id, fd, family;
};

/* One random message, and whatever it brought back. */
static void one_message(void *ctx)
{
	struct sender *s = ctx;
	struct msg m;
	size_t len;
	ssize_t n;

	len = random_message(&m, s->family);
	n = send(s->fd, &m, len, MSG_DONTWAIT);
	/* ENODATA: netlink_sendmsg() refuses an empty message. */
	if (n < 0 && errno != EINVAL && errno != ENOBUFS && errno != EAGAIN &&
	    errno != ENOMEM && errno != EMSGSIZE && errno != ECONNREFUSED &&
	    errno != ENODATA)
		bad(s->id, "send: errno %d (%s)", errno, strerror(errno));
	report->sent[s->id]++;
	drain(s->id, s->fd);
}

static bool fuzz_guided;

static void worker(int id, time_t deadline, uint64_t seed)
{
	static struct kcov k;
	struct sender s = { .id = id };

	/* Before dropping root: debugfs (kcov) is root's only. */
	if (fuzz_guided && !kcov_open(&k, &report->kcov[id], seed * (2 * id + 1)))
		_exit(2);
	if (id % 2 && (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
		_exit(100);
	s.fd = nl_open();
	s.family = family_id(s.fd);
	tt_rand_seed(seed * (2 * id + 1) | 1);
	while (time(NULL) < deadline && !report->why[id][0]) {
		if (fuzz_guided) {
			kcov_next_program(&k);
			kcov_run_program(&k, one_message, &s);
		} else {
			one_message(&s);
		}
	}
	_exit(report->why[id][0] ? 1 : 0);
}

/* ---- the limits, saved before and restored after */

/*
 * A GET_LIMITS reply's attributes, to send back in SET_LIMITS: the values'
 * nest, then the nest of where each comes from.
 */
static size_t get_limits(int fd, int family, char *attrs, size_t size)
{
	char reply[4096];
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	struct nlattr *a, *src;
	struct msg m;
	size_t len;

	req_init(&m, family, TOYIPC_CMD_GET_LIMITS);
	TT_ASSERT(transact(fd, &m, reply, sizeof(reply)) == 0);
	a = first_attr(reply);
	len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	TT_ASSERT((a->nla_type & NLA_TYPE_MASK) == TOYIPC_A_LIMITS && len <= size);
	src = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	TT_ASSERT((size_t)NLA_ALIGN(a->nla_len) + NLA_HDRLEN <= len &&
		  (src->nla_type & NLA_TYPE_MASK) == TOYIPC_A_LIMIT_SOURCES);
	memcpy(attrs, a, len);
	return len;
}

/* Where limit @type came from in the snapshot's sources nest @src. */
static uint32_t source_of(const struct nlattr *src, int type)
{
	const struct nlattr *in;
	size_t off;

	for (off = NLA_HDRLEN; off + NLA_HDRLEN <= src->nla_len; off += NLA_ALIGN(in->nla_len)) {
		in = (const struct nlattr *)((const char *)src + off);
		if (in->nla_len < NLA_HDRLEN)
			break;
		if (in->nla_type == type)
			return *(const uint32_t *)(in + 1);
	}
	TT_FAIL("limit %d has no source in the snapshot", type);
}

/*
 * Back to the snapshot, but for nr_fifos (fixed at load): a limit that was
 * set (by a parameter or SET_LIMITS) gets its value again, one that
 * followed its sysctl or default is unset, in one SET_LIMITS.
 */
static void set_limits(int fd, int family, const char *attrs)
{
	const struct nlattr *nest = (const struct nlattr *)attrs, *in;
	const struct nlattr *src = (const struct nlattr *)(attrs + NLA_ALIGN(nest->nla_len));
	struct nlattr *set, *unset;
	char unset_buf[512], *p, *q;
	struct msg m;
	size_t off;
	int type;

	req_init(&m, family, TOYIPC_CMD_SET_LIMITS);
	set = (struct nlattr *)m.buf;
	set->nla_type = TOYIPC_A_LIMITS | NLA_F_NESTED;
	p = m.buf + NLA_HDRLEN;
	unset = (struct nlattr *)unset_buf;
	unset->nla_type = TOYIPC_A_LIMITS_UNSET | NLA_F_NESTED;
	q = unset_buf + NLA_HDRLEN;
	for (off = NLA_HDRLEN; off + NLA_HDRLEN <= nest->nla_len; off += NLA_ALIGN(in->nla_len)) {
		in = (const struct nlattr *)(attrs + off);
		if (in->nla_len < NLA_HDRLEN)
			break;
		type = in->nla_type & NLA_TYPE_MASK;
		if (type == TOYIPC_LIMIT_NR_FIFOS || type == TOYIPC_LIMIT_PAD)
			continue;
		if (source_of(src, type) == TOYIPC_LIMIT_SRC_PARAM ||
		    source_of(src, type) == TOYIPC_LIMIT_SRC_NETLINK) {
			memcpy(p, in, in->nla_len);
			p += NLA_ALIGN(in->nla_len);
		} else {
			((struct nlattr *)q)->nla_type = type;
			((struct nlattr *)q)->nla_len = NLA_HDRLEN;
			q += NLA_HDRLEN;
		}
	}
	set->nla_len = (uint16_t)(p - m.buf);
	unset->nla_len = (uint16_t)(q - unset_buf);
	memcpy(p, unset_buf, unset->nla_len);
	m.n.nlmsg_len += NLA_ALIGN(set->nla_len) + NLA_ALIGN(unset->nla_len);
	TT_ASSERT(transact(fd, &m, NULL, 0) == 0);
}

static void random_netlink_messages_get_only_errors_and_the_family_survives(void)
{
	uint64_t seed = getenv("TOYIPC_FUZZ_SEED") ? strtoull(getenv("TOYIPC_FUZZ_SEED"), NULL, 10)
						    : (uint64_t)time(NULL);
	time_t deadline = time(NULL) + nlfuzz_seconds;
	char before[1024], after[1024];
	unsigned long sent = 0, acks[NERRNO] = { 0 };
	int fd = nl_open(), family = family_id(fd), decoys[8], i, e, status, failed = 0;
	size_t len;
	pid_t pids[WORKERS];

	alarm(nlfuzz_seconds + TT_TIMEOUT);
	report = mmap(NULL, sizeof(*report), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TT_ASSERT(report != MAP_FAILED);
	len = get_limits(fd, family, before, sizeof(before));
	/* Objects for random RMIDs to hit: ids 0.. and keys 1..8 as root's, mode 0666. */
	for (i = 0; i < 8; i++)
		decoys[i] = toy_msgget(1 + i, IPC_CREAT | 0666);

	for (i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		TT_ASSERT(pids[i] >= 0);
		if (pids[i] == 0)
			worker(i, deadline, seed);
	}
	for (i = 0; i < WORKERS; i++) {
		TT_ASSERT(waitpid(pids[i], &status, 0) == pids[i]);
		if (report->why[i][0] || !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("# worker %d (%s): %s (status %#x)\n", i, i % 2 ? "nobody" : "root",
			       report->why[i], status);
			failed = 1;
			if (fuzz_guided) {
				char prog[KCOV_PROG_LEN * 21 + 1];

				kcov_format_program(&report->kcov[i], prog, sizeof(prog));
				printf("# reproducer: TOYIPC_FUZZ_SEED=%" PRIu64 " worker %d, "
				       "program %s (kcov_nlfuzz_test)\n", seed, i, prog);
			}
		}
		sent += report->sent[i];
		for (e = 0; e < NERRNO; e++)
			acks[e] += report->acks[i][e];
	}

	set_limits(fd, family, before);
	TT_ASSERT(get_limits(fd, family, after, sizeof(after)) == len);
	TT_ASSERT(memcmp(before, after, len) == 0);
	for (i = 0; i < 8; i++)
		if (decoys[i] >= 0)
			toy_msgctl(decoys[i], IPC_RMID, NULL);

	printf("# nlfuzz: %lu messages in %u s by %d processes (seed %" PRIu64 "); acks:",
	       sent, nlfuzz_seconds, WORKERS, seed);
	for (e = 0; e < NERRNO; e++)
		if (acks[e])
			printf(" %s %lu", e ? (strerrorname_np(e) ? strerrorname_np(e) : "?") : "0", acks[e]);
	printf("\n");
	if (failed)
		TT_FAIL("seed %" PRIu64 ": a reply or a socket call broke the rules", seed);
	TT_ASSERT(sent > 0);
	if (fuzz_guided) {
		struct kcov_shared *k[WORKERS];
		unsigned int blocks;

		for (i = 0; i < WORKERS; i++) {
			k[i] = &report->kcov[i];
			TT_ASSERT(k[i]->corpus > 1);	/* kept more than its first program */
		}
		blocks = kcov_report("the netlink fuzzer", k, WORKERS);
		/*
		 * Measured on the debug kernel in 20 s: 178 blocks with the
		 * host loaded (15000 messages), more when idle.  A fuzzer
		 * that kcov does not see, or that never gets past the
		 * attribute checks, stays near the first program's few dozen.
		 */
		TT_ASSERT(blocks > 100);
	}
}

static const struct tt_case cases[] = {
	TT_CASE(random_netlink_messages_get_only_errors_and_the_family_survives),
	{ NULL, NULL }
};

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : getenv("TOYIPC_NLFUZZ_SECONDS");

	if (s)
		nlfuzz_seconds = (unsigned int)strtoul(s, NULL, 10);
#ifdef FUZZ_GUIDED
	fuzz_guided = true;
	if (!kcov_available()) {
		printf("not ok - kcov_nlfuzz: %s: no %s (needs CONFIG_KCOV)\n",
		       cases[0].name, KCOV_PATH);
		return 1;
	}
	return tt_main("kcov_nlfuzz", cases);
#else
	return tt_main("nlfuzz", cases);
#endif
}
