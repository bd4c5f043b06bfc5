// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: every allocation an operation makes is made to fail,
 * one at a time, and the operation must fail cleanly.  Needs the debug
 * kernel (failslab and fail_page_alloc in debugfs): tests/check runs it
 * there only (DEBUG_TESTS in the Makefile); anywhere else it fails, saying
 * why, rather than pass without having run.
 *
 * The method is the kernel's fail-nth (Documentation/fault-injection/):
 * writing N to /proc/thread-self/fail-nth makes the Nth fault point this
 * thread reaches fail, whatever it is: a kmalloc (failslab), a page
 * (fail_page_alloc).  For N = 1, 2, 3... the test runs one operation
 * (pipe2, a FIFO open, F_SETPIPE_SZ, msgget, msgsnd, shmget, shmat, the
 * first touch of a segment page, semget, a long semop, SETALL, GETALL,
 * netlink GET_STATS and GET_OBJECTS) until an N is never reached: then
 * every point of that operation has failed once.  After each injected
 * failure:
 *	- the call succeeded anyway (the failure was absorbed, e.g. kvmalloc
 *	  falling back to vmalloc) or failed with ENOMEM (ENOBUFS for a
 *	  netlink socket); nothing else;
 *	- the objects are as before: no half-made object under the key, no
 *	  message counted that was not queued, no descriptor or pipe leaked,
 *	  data and sizes unchanged, nattch back to 0;
 * and at the end of the run tests/vm/init has kmemleak scan for leaks and
 * tests/vm/run fails the run on any report.  The number of failures
 * injected is printed per operation.
 */
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/toyipc.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "toyipc.h"
#include "tt.h"

#define DEBUGFS		"/sys/kernel/debug"
#define MAX_POINTS	10000	/* an operation with more has a loop allocating */

/* ---- fault injection settings */

static void write_file(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (!f)
		TT_FAIL("%s: %s (fault injection needs the debug kernel)", path, strerror(errno));
	TT_ASSERT(fputs(value, f) >= 0 && fclose(f) == 0);
}

/*
 * Let fail-nth reach every allocation the toy makes: by default failslab
 * and fail_page_alloc skip allocations that may sleep (ignore-gfp-wait),
 * fail_page_alloc skips highmem pages (shm's GFP_HIGHUSER) and order 0.
 * No stack dump per failure (verbose 0): the count is printed instead.
 */
static void arm_fault_points(void)
{
	write_file(DEBUGFS "/failslab/ignore-gfp-wait", "N");
	write_file(DEBUGFS "/failslab/verbose", "0");
	write_file(DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N");
	write_file(DEBUGFS "/fail_page_alloc/ignore-gfp-highmem", "N");
	write_file(DEBUGFS "/fail_page_alloc/min-order", "0");
	write_file(DEBUGFS "/fail_page_alloc/verbose", "0");
}

static int fail_nth = -1;	/* /proc/thread-self/fail-nth */

static void set_fail_nth(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	TT_ASSERT(pwrite(fail_nth, buf, len, 0) == len);
}

/* After a call: was the Nth point reached (and failed)?  Disarms if not. */
static bool injected(void)
{
	char buf[16] = "";

	TT_ASSERT(pread(fail_nth, buf, sizeof(buf) - 1, 0) > 0);
	if (atoi(buf) == 0)
		return true;
	set_fail_nth(0);
	return false;
}

/*
 * One operation under systematic fault injection.  op() returns >= 0 or
 * -1 with errno; check() sees the result and the state afterwards and
 * undoes a success.  Returns the number of failures injected.
 */
struct scenario {
	const char *name;
	long (*op)(void *ctx);
	void (*check)(void *ctx, long ret, bool failed_point);
	int soft_errno;		/* besides ENOMEM, e.g. ENOBUFS for netlink */
};

/* Once per test process, before anything counts its descriptors. */
static void fault_setup(void)
{
	if (fail_nth >= 0)
		return;
	arm_fault_points();
	fail_nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	TT_ASSERT(fail_nth >= 0);
}

static unsigned int inject_each(const struct scenario *s, void *ctx)
{
	unsigned int n;
	long ret;
	int err;
	bool hit;

	fault_setup();
	for (n = 1; n < MAX_POINTS; n++) {
		set_fail_nth(n);
		errno = 0;
		ret = s->op(ctx);
		err = errno;
		hit = injected();
		if (ret < 0 && (!hit || (err != ENOMEM && err != s->soft_errno)))
			TT_FAIL("%s with fault point %u %s: errno %d (%s)", s->name, n,
				hit ? "failing" : "not reached", err, strerror(err));
		s->check(ctx, ret, hit);
		if (!hit)
			break;
	}
	TT_ASSERT(n < MAX_POINTS);
	printf("# failslab: %s: %u fault points, each made to fail once\n", s->name, n - 1);
	return n - 1;
}

static int count_fds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 256; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* Rows in /proc/toyipc/pipe: every pipe and FIFO the module knows. */
static int count_pipes(void)
{
	char line[512];
	int n = -1;	/* the header */
	FILE *f = fopen("/proc/toyipc/pipe", "r");

	TT_ASSERT(f);
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

/* ---- pipes and FIFOs */

struct pipe_ctx {
	int fds[2];
	int nfds, npipes;	/* before */
};

static long op_pipe2(void *ctx)
{
	return toy_pipe2(((struct pipe_ctx *)ctx)->fds, O_NONBLOCK);
}

static void check_pipe2(void *ctx, long ret, bool failed_point)
{
	struct pipe_ctx *c = ctx;
	char byte;

	(void)failed_point;
	if (ret == 0) {
		TT_ASSERT(write(c->fds[1], "x", 1) == 1 && read(c->fds[0], &byte, 1) == 1);
		close(c->fds[0]);
		close(c->fds[1]);
	}
	if (count_fds() != c->nfds || count_pipes() != c->npipes)
		TT_FAIL("pipe2: %d descriptors and %d pipes after, %d and %d before",
			count_fds(), count_pipes(), c->nfds, c->npipes);
}

static void pipe2_fails_cleanly_at_every_allocation(void)
{
	static const struct scenario s = { "pipe2", op_pipe2, check_pipe2, 0 };
	struct pipe_ctx c;

	fault_setup();
	TT_ASSERT(toy_pipe(c.fds) == 0);	/* opens /dev/toyipc first */
	close(c.fds[0]);
	close(c.fds[1]);
	c.nfds = count_fds();
	c.npipes = count_pipes();
	TT_ASSERT(inject_each(&s, &c) > 0);
}

static long op_fifo_open(void *ctx)
{
	(void)ctx;
	return open("/dev/toyfifo0", O_RDWR | O_CLOEXEC);
}

static struct toyipc_pipe_stats fifo_stats(int fd)
{
	struct toyipc_pipe_stats st;

	TT_ASSERT(ioctl(fd, TOYIPC_IOC_PIPE_STATS, &st) == 0);
	return st;
}

static void check_fifo_open(void *ctx, long ret, bool failed_point)
{
	struct toyipc_pipe_stats st;
	int fd = (int)ret;

	(void)ctx;
	(void)failed_point;
	if (fd < 0)
		fd = open("/dev/toyfifo0", O_RDWR | O_CLOEXEC);
	TT_ASSERT(fd >= 0);
	st = fifo_stats(fd);
	if (st.readers != 1 || st.writers != 1 || st.fill != 0)
		TT_FAIL("toyfifo0: %u readers, %u writers, %u bytes with one O_RDWR open",
			st.readers, st.writers, st.fill);
	close(fd);
}

static void fifo_open_fails_cleanly_at_every_allocation(void)
{
	static const struct scenario s = { "open(/dev/toyfifo0)", op_fifo_open, check_fifo_open, 0 };

	TT_ASSERT(inject_each(&s, NULL) > 0);
}

static long op_setsz(void *ctx)
{
	uint32_t size = 1 << 20;

	return ioctl(*(int *)ctx, TOYIPC_IOC_PIPE_SETSZ, &size);
}

static void check_setsz(void *ctx, long ret, bool failed_point)
{
	int *fds = ctx, queued;
	uint32_t size, want = ret == 0 ? 1 << 20 : 65536;
	char buf[8];

	(void)failed_point;
	TT_ASSERT(ioctl(fds[0], TOYIPC_IOC_PIPE_GETSZ, &size) == 0);
	TT_ASSERT(ioctl(fds[0], FIONREAD, &queued) == 0);
	if (size != want || queued != 7)
		TT_FAIL("F_SETPIPE_SZ: size %u, %d bytes queued; expected %u and 7", size, queued, want);
	TT_ASSERT(read(fds[0], buf, 7) == 7 && memcmp(buf, "records", 7) == 0);
	size = 65536;
	TT_ASSERT(ioctl(fds[0], TOYIPC_IOC_PIPE_SETSZ, &size) == 0);
	TT_ASSERT(write(fds[1], "records", 7) == 7);
}

static void pipe_resize_fails_cleanly_and_keeps_the_data(void)
{
	static const struct scenario s = { "F_SETPIPE_SZ", op_setsz, check_setsz, 0 };
	int fds[2];

	TT_ASSERT(toy_pipe(fds) == 0 && write(fds[1], "records", 7) == 7);
	TT_ASSERT(inject_each(&s, fds) > 0);
}

/* ---- message queues */

#define KEY	0x0fa11ab

static long op_msgget(void *ctx)
{
	(void)ctx;
	return toy_msgget(KEY, IPC_CREAT | IPC_EXCL | 0600);
}

static void check_msgget(void *ctx, long ret, bool failed_point)
{
	(void)ctx;
	(void)failed_point;
	if (ret < 0) {
		/* Not half made: the key is free, a new queue can take it. */
		TT_ASSERT_ERRNO(toy_msgget(KEY, 0), ENOENT);
		return;
	}
	TT_ASSERT(toy_msgget(KEY, 0) == ret);
	TT_ASSERT(toy_msgctl((int)ret, IPC_RMID, NULL) == 0);
}

static void msgget_fails_cleanly_at_every_allocation(void)
{
	static const struct scenario s = { "msgget", op_msgget, check_msgget, 0 };

	TT_ASSERT(inject_each(&s, NULL) > 0);
}

struct msg_ctx {
	int q;
	unsigned long sent;	/* messages that went in */
};

static long op_msgsnd(void *ctx)
{
	struct { long mtype; char text[100]; } m = { 3, "hello" };

	return toy_msgsnd(((struct msg_ctx *)ctx)->q, &m, sizeof(m.text), IPC_NOWAIT);
}

static void check_msgsnd(void *ctx, long ret, bool failed_point)
{
	struct msg_ctx *c = ctx;
	struct msqid_ds ds;

	(void)failed_point;
	c->sent += ret == 0;
	TT_ASSERT(toy_msgctl(c->q, IPC_STAT, &ds) == 0);
	if (ds.msg_qnum != c->sent || ds.__msg_cbytes != c->sent * 100)
		TT_FAIL("msgsnd: qnum %lu cbytes %lu after %lu sends went in",
			(unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, c->sent);
}

static void msgsnd_fails_cleanly_and_counts_only_what_was_queued(void)
{
	static const struct scenario s = { "msgsnd", op_msgsnd, check_msgsnd, 0 };
	struct msg_ctx c = { toy_msgget(IPC_PRIVATE, 0600), 0 };
	struct { long mtype; char text[100]; } m;
	unsigned long got = 0;

	TT_ASSERT(c.q >= 0);
	TT_ASSERT(inject_each(&s, &c) > 0);
	while (toy_msgrcv(c.q, &m, sizeof(m.text), 0, IPC_NOWAIT) == sizeof(m.text))
		got += m.mtype == 3 && strcmp(m.text, "hello") == 0;
	TT_ASSERT(got == c.sent);
	TT_ASSERT(toy_msgctl(c.q, IPC_RMID, NULL) == 0);
}

/* ---- shared memory */

static long op_shmget(void *ctx)
{
	(void)ctx;
	return toy_shmget(KEY, 8192, IPC_CREAT | IPC_EXCL | 0600);
}

static void check_shmget(void *ctx, long ret, bool failed_point)
{
	(void)ctx;
	(void)failed_point;
	if (ret < 0) {
		TT_ASSERT_ERRNO(toy_shmget(KEY, 0, 0), ENOENT);
		return;
	}
	TT_ASSERT(toy_shmctl((int)ret, IPC_RMID, NULL) == 0);
}

/*
 * ENOSPC besides ENOMEM: the segment's commit charge is a shmem file
 * (kmod/shm.c, shm_charge()), and shmem says ENOSPC when new_inode()
 * fails (__shmem_get_inode()), as Linux's newseg() does through its own
 * shmem file.  Which fault point that is depends on the slab's state.
 */
static void shmget_fails_cleanly_at_every_allocation(void)
{
	static const struct scenario s = { "shmget", op_shmget, check_shmget, ENOSPC };

	TT_ASSERT(inject_each(&s, NULL) > 0);
}

struct shm_ctx {
	int id;
	char *addr;
};

static long op_shmat(void *ctx)
{
	struct shm_ctx *c = ctx;

	c->addr = toy_shmat(c->id, NULL, 0);
	return c->addr == (void *)-1 ? -1 : 0;
}

static void check_shmat(void *ctx, long ret, bool failed_point)
{
	struct shm_ctx *c = ctx;
	struct shmid_ds ds;

	(void)failed_point;
	if (ret == 0) {
		TT_ASSERT(c->addr[0] == 'S');
		TT_ASSERT(toy_shmdt(c->addr) == 0);
	}
	TT_ASSERT(toy_shmctl(c->id, IPC_STAT, &ds) == 0);
	if (ds.shm_nattch != 0)
		TT_FAIL("shmat: nattch %lu after the attach was undone", (unsigned long)ds.shm_nattch);
}

static void shmat_fails_cleanly_and_nattch_stays_true(void)
{
	static const struct scenario s = { "shmat", op_shmat, check_shmat, 0 };
	struct shm_ctx c = { toy_shmget(IPC_PRIVATE, 8192, 0600), NULL };
	char *p;

	TT_ASSERT(c.id >= 0);
	p = toy_shmat(c.id, NULL, 0);
	TT_ASSERT(p != (void *)-1);
	p[0] = 'S';
	TT_ASSERT(toy_shmdt(p) == 0);
	TT_ASSERT(inject_each(&s, &c) > 0);
	TT_ASSERT(toy_shmctl(c.id, IPC_RMID, NULL) == 0);
}

/*
 * The first touch of a page: the fault handler's allocation fails, the
 * fault returns VM_FAULT_OOM and the access is retried.  Each round
 * touches a page never touched before; another attach must see it.
 */
struct touch_ctx {
	int id;
	char *a, *b;		/* two attaches of the segment */
	unsigned int page;
};

static long op_touch(void *ctx)
{
	struct touch_ctx *c = ctx;

	c->a[c->page * 4096] = (char)('a' + c->page % 26);
	return 0;
}

static void check_touch(void *ctx, long ret, bool failed_point)
{
	struct touch_ctx *c = ctx;

	(void)ret;
	(void)failed_point;
	if (c->b[c->page * 4096] != (char)('a' + c->page % 26))
		TT_FAIL("page %u: the other attach does not see what was written", c->page);
	c->page++;
	TT_ASSERT(c->page < 256);
}

static void shm_fault_with_a_failing_allocation_is_retried(void)
{
	static const struct scenario s = { "shm page fault", op_touch, check_touch, 0 };
	struct touch_ctx c = { toy_shmget(IPC_PRIVATE, 256 * 4096, 0600), NULL, NULL, 0 };

	TT_ASSERT(c.id >= 0);
	c.a = toy_shmat(c.id, NULL, 0);
	c.b = toy_shmat(c.id, NULL, SHM_RDONLY);
	TT_ASSERT(c.a != (void *)-1 && c.b != (void *)-1);
	TT_ASSERT(inject_each(&s, &c) > 0);
	TT_ASSERT(toy_shmdt(c.a) == 0 && toy_shmdt(c.b) == 0);
	TT_ASSERT(toy_shmctl(c.id, IPC_RMID, NULL) == 0);
}

/* ---- semaphores */

#define NSEMS	100

static long op_semget(void *ctx)
{
	(void)ctx;
	return toy_semget(KEY, NSEMS, IPC_CREAT | IPC_EXCL | 0600);
}

static void check_semget(void *ctx, long ret, bool failed_point)
{
	(void)ctx;
	(void)failed_point;
	if (ret < 0) {
		TT_ASSERT_ERRNO(toy_semget(KEY, 0, 0), ENOENT);
		return;
	}
	TT_ASSERT(toy_semctl((int)ret, 0, IPC_RMID) == 0);
}

static void semget_fails_cleanly_at_every_allocation(void)
{
	static const struct scenario s = { "semget", op_semget, check_semget, 0 };

	TT_ASSERT(inject_each(&s, NULL) > 0);
}

struct sem_ctx {
	int id;
	unsigned short vals[NSEMS];	/* what the set must hold */
	unsigned short buf[NSEMS];
	int cmd;			/* SETALL, GETALL, or 0 for semop */
};

/* SETALL, GETALL and a 100-operation semop all allocate above 64 entries. */
static long op_sem(void *ctx)
{
	struct sem_ctx *c = ctx;
	struct sembuf sops[NSEMS];
	int i;

	for (i = 0; i < NSEMS; i++) {
		c->buf[i] = (unsigned short)(c->vals[i] + 1);
		sops[i] = (struct sembuf){ (unsigned short)i, 1, IPC_NOWAIT };
	}
	if (c->cmd == SETALL || c->cmd == GETALL)
		return toy_semctl(c->id, 0, c->cmd, c->buf);
	return toy_semop(c->id, sops, NSEMS);
}

static void check_sem(void *ctx, long ret, bool failed_point)
{
	struct sem_ctx *c = ctx;
	int i, v;

	(void)failed_point;
	if (ret == 0 && c->cmd != GETALL)
		for (i = 0; i < NSEMS; i++)
			c->vals[i]++;
	if (ret == 0 && c->cmd == GETALL && memcmp(c->buf, c->vals, sizeof(c->vals)))
		TT_FAIL("GETALL: the values read are not the set's");
	for (i = 0; i < NSEMS; i++) {
		v = toy_semctl(c->id, i, GETVAL);
		if (v != c->vals[i])
			TT_FAIL("semaphore %d is %d, expected %d: a failed call changed it",
				i, v, c->vals[i]);
	}
}

static void long_semop_setall_and_getall_fail_cleanly(void)
{
	static const struct scenario semop_s = { "semop of 100 operations", op_sem, check_sem, 0 };
	static const struct scenario setall_s = { "semctl(SETALL)", op_sem, check_sem, 0 };
	static const struct scenario getall_s = { "semctl(GETALL)", op_sem, check_sem, 0 };
	struct sem_ctx c = { .id = toy_semget(IPC_PRIVATE, NSEMS, 0600) };

	TT_ASSERT(c.id >= 0);
	c.cmd = 0;
	TT_ASSERT(inject_each(&semop_s, &c) > 0);
	c.cmd = SETALL;
	TT_ASSERT(inject_each(&setall_s, &c) > 0);
	c.cmd = GETALL;
	TT_ASSERT(inject_each(&getall_s, &c) > 0);
	TT_ASSERT(toy_semctl(c.id, 0, IPC_RMID) == 0);
}

/* ---- netlink */

struct nl_ctx {
	int fd;
	int family;
	int cmd;
};

struct nl_req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[64];
};

/* One request; 0 once the ack says 0, else -1 with errno (the ack's, or recv's). */
static long op_netlink(void *ctx)
{
	struct nl_ctx *c = ctx;
	struct nl_req r = { { NLMSG_LENGTH(GENL_HDRLEN), (uint16_t)c->family,
			      NLM_F_REQUEST | NLM_F_ACK, 1, 0 }, { (uint8_t)c->cmd, 1, 0 }, "" };
	char buf[32768];
	struct nlmsghdr *h;
	ssize_t n;

	if (c->cmd == TOYIPC_CMD_GET_OBJECTS)
		r.n.nlmsg_flags |= NLM_F_DUMP;
	if (send(c->fd, &r, r.n.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		n = recv(c->fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -1;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				errno = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
				return errno ? -1 : 0;
			}
		}
	}
}

/* The socket still answers; what a failure left queued is drained first. */
static void check_netlink(void *ctx, long ret, bool failed_point)
{
	struct nl_ctx *c = ctx;
	char buf[32768];
	int cmd = c->cmd;

	(void)ret;
	(void)failed_point;
	while (recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	c->cmd = TOYIPC_CMD_GET_LIMITS;
	TT_ASSERT(op_netlink(c) == 0);
	c->cmd = cmd;
}

static int nl_family(int fd)
{
	struct nl_req r = { { NLMSG_LENGTH(GENL_HDRLEN), GENL_ID_CTRL, NLM_F_REQUEST, 1, 0 },
			    { CTRL_CMD_GETFAMILY, 1, 0 }, "" };
	struct nlattr *a = (struct nlattr *)r.buf;
	char buf[4096];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	int len;

	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(TOYIPC_GENL_NAME);
	memcpy(a + 1, TOYIPC_GENL_NAME, sizeof(TOYIPC_GENL_NAME));
	r.n.nlmsg_len += NLA_ALIGN(a->nla_len);
	TT_ASSERT(send(fd, &r, r.n.nlmsg_len, 0) > 0);
	TT_ASSERT(recv(fd, buf, sizeof(buf), 0) > 0 && h->nlmsg_type == GENL_ID_CTRL);
	len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)(a + 1);
	TT_FAIL("no toyipc family");
}

static void netlink_requests_fail_cleanly_at_every_allocation(void)
{
	static const struct scenario stats = { "netlink GET_STATS", op_netlink, check_netlink, ENOBUFS };
	static const struct scenario dump = { "netlink GET_OBJECTS", op_netlink, check_netlink, ENOBUFS };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval timeout = { 5, 0 };
	struct nl_ctx c;
	int q = toy_msgget(IPC_PRIVATE, 0600), fds[2];

	TT_ASSERT(q >= 0 && toy_pipe(fds) == 0);
	c.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	TT_ASSERT(c.fd >= 0 && bind(c.fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	/* A lost reply must fail the test, not hang it. */
	TT_ASSERT(setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) == 0);
	c.family = nl_family(c.fd);
	c.cmd = TOYIPC_CMD_GET_STATS;
	TT_ASSERT(inject_each(&stats, &c) > 0);
	c.cmd = TOYIPC_CMD_GET_OBJECTS;
	TT_ASSERT(inject_each(&dump, &c) > 0);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

static const struct tt_case cases[] = {
	TT_CASE(pipe2_fails_cleanly_at_every_allocation),
	TT_CASE(fifo_open_fails_cleanly_at_every_allocation),
	TT_CASE(pipe_resize_fails_cleanly_and_keeps_the_data),
	TT_CASE(msgget_fails_cleanly_at_every_allocation),
	TT_CASE(msgsnd_fails_cleanly_and_counts_only_what_was_queued),
	TT_CASE(shmget_fails_cleanly_at_every_allocation),
	TT_CASE(shmat_fails_cleanly_and_nattch_stays_true),
	TT_CASE(shm_fault_with_a_failing_allocation_is_retried),
	TT_CASE(semget_fails_cleanly_at_every_allocation),
	TT_CASE(long_semop_setall_and_getall_fail_cleanly),
	TT_CASE(netlink_requests_fail_cleanly_at_every_allocation),
	{ NULL, NULL }
};

int main(void)
{
	return tt_main("failslab", cases);
}
