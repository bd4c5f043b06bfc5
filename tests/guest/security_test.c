// SPDX-License-Identifier: GPL-2.0
/*
 * Security: what an unprivileged user may and may not do, and what the
 * module lets reach user space.
 *
 *  - Mode bits: a scenario run over Linux's calls and over the toy's, the
 *    objects made by root, the calls made by "nobody" (uid and gid 65534);
 *    the two transcripts (return values and errno names) must be equal,
 *    and the scenario checks the rules themselves too.
 *  - Netlink: the admin commands and removing root's objects are refused
 *    to nobody.
 *  - Device nodes and /proc files have the modes the design gives them.
 *  - Every struct copied out (IPC_STAT of each kind, the pipe stats, the
 *    version) is written in full: called twice over buffers filled with
 *    0x00 and with 0xff, the two results are the same bytes, so no byte
 *    of the buffer (and no uninitialised kernel byte) was left as it was;
 *    the reserved fields are zero; no kernel address appears in them, in
 *    netlink replies or in /proc/toyipc.
 */
#include <fcntl.h>
#include <grp.h>
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
#include <sys/stat.h>

#include "toyipc.h"
#include "tt.h"

#define NOBODY	65534

/* ---- the mode-bit scenario, over Linux or the toy */

struct api {
	const char *name;
	int (*msgget)(key_t, int);
	int (*msgsnd)(int, const void *, size_t, int);
	ssize_t (*msgrcv)(int, void *, size_t, long, int);
	int (*msgctl)(int, int, struct msqid_ds *);
	int (*shmget)(key_t, size_t, int);
	void *(*shmat)(int, const void *, int);
	int (*shmdt)(const void *);
	int (*shmctl)(int, int, struct shmid_ds *);
	int (*semget)(key_t, int, int);
	int (*semop)(int, struct sembuf *, size_t);
	int (*semctl)(int, int, int, ...);
};

static const struct api real_api = {
	"real", msgget, msgsnd, msgrcv, msgctl, shmget, shmat, shmdt, shmctl,
	semget, semop, semctl,
};

static const struct api toy_api = {
	"toy", toy_msgget, toy_msgsnd, toy_msgrcv, toy_msgctl, toy_shmget, toy_shmat,
	toy_shmdt, toy_shmctl, toy_semget, toy_semop, toy_semctl,
};

/* The transcript, shared with the child that runs as nobody. */
struct transcript {
	size_t len;
	char text[8192];
};

static struct transcript *log_;

/* Notes a call's result: "what: ok" or "what: ENAME". */
static void note(const char *what, long ret)
{
	const char *e = ret < 0 ? strerrorname_np(errno) : "ok";

	log_->len += snprintf(log_->text + log_->len, sizeof(log_->text) - log_->len,
			      "%s: %s\n", what, e ? e : "?");
}

static bool denied(const char *what, long ret, int err)
{
	note(what, ret);
	return ret == -1 && errno == err;
}

struct ids {
	int msq, shm, sem;
};

/* Root sets the objects' modes (and group), then nobody tries everything. */
static void set_modes(const struct api *a, struct ids *id, int mode, gid_t gid)
{
	struct msqid_ds m;
	struct shmid_ds s;
	struct semid_ds d;

	TT_ASSERT(a->msgctl(id->msq, IPC_STAT, &m) == 0);
	m.msg_perm.mode = mode;
	m.msg_perm.gid = gid;
	TT_ASSERT(a->msgctl(id->msq, IPC_SET, &m) == 0);
	TT_ASSERT(a->shmctl(id->shm, IPC_STAT, &s) == 0);
	s.shm_perm.mode = mode;
	s.shm_perm.gid = gid;
	TT_ASSERT(a->shmctl(id->shm, IPC_SET, &s) == 0);
	TT_ASSERT(a->semctl(id->sem, 0, IPC_STAT, &d) == 0);
	d.sem_perm.mode = mode;
	d.sem_perm.gid = gid;
	TT_ASSERT(a->semctl(id->sem, 0, IPC_SET, &d) == 0);
}

/* As nobody: everything, noted.  Returns how many rule checks failed. */
static int try_all(const struct api *a, struct ids *id, key_t key, int mode)
{
	struct { long mtype; char text[8]; } m = { 1, "x" };
	struct sembuf up = { 0, 1, IPC_NOWAIT }, zero = { 0, 0, IPC_NOWAIT };
	bool may_read = mode & 0044, may_write = mode & 0022;
	struct msqid_ds ds;
	void *p;
	int bad = 0;

	note("msgget(key, 0)", a->msgget(key, 0));
	bad += !may_read && !denied("msgget(key, 0400)", a->msgget(key, 0400), EACCES);
	bad += !may_write && !denied("msgsnd", a->msgsnd(id->msq, &m, 1, IPC_NOWAIT), EACCES);
	bad += !may_read && !denied("msgrcv", a->msgrcv(id->msq, &m, 8, 0, IPC_NOWAIT), EACCES);
	bad += !may_read && !denied("msgctl(IPC_STAT)", a->msgctl(id->msq, IPC_STAT, &ds), EACCES);
	bad += !denied("msgctl(IPC_RMID)", a->msgctl(id->msq, IPC_RMID, NULL), EPERM);

	note("shmget(key, 0, 0)", a->shmget(key, 0, 0));
	p = a->shmat(id->shm, NULL, SHM_RDONLY);
	bad += !may_read && !denied("shmat(SHM_RDONLY)", p == (void *)-1 ? -1 : 0, EACCES);
	if (p != (void *)-1)
		a->shmdt(p);
	p = a->shmat(id->shm, NULL, 0);
	bad += !(may_read && may_write) && !denied("shmat", p == (void *)-1 ? -1 : 0, EACCES);
	if (p != (void *)-1)
		a->shmdt(p);
	bad += !denied("shmctl(IPC_RMID)", a->shmctl(id->shm, IPC_RMID, NULL), EPERM);

	note("semget(key, 0, 0)", a->semget(key, 0, 0));
	bad += !may_write && !denied("semop(+1)", a->semop(id->sem, &up, 1), EACCES);
	bad += !may_read && !denied("semop(0)", a->semop(id->sem, &zero, 1), EACCES);
	bad += !may_read && !denied("semctl(GETVAL)", a->semctl(id->sem, 0, GETVAL), EACCES);
	bad += !may_write && !denied("semctl(SETVAL)", a->semctl(id->sem, 0, SETVAL, 0), EACCES);
	bad += !denied("semctl(IPC_RMID)", a->semctl(id->sem, 0, IPC_RMID), EPERM);
	return bad;
}

static void as_nobody(const struct api *a, struct ids *id, key_t key, int mode)
{
	pid_t pid = fork();
	int status;

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		_exit(try_all(a, id, key, mode));
	}
	TT_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	if (WEXITSTATUS(status))
		TT_FAIL("%s: %d permission rules broken (mode %03o):\n%s", a->name,
			WEXITSTATUS(status), mode, log_->text);
}

static void mode_scenario(const struct api *a, struct transcript *t)
{
	key_t key = 0x5ec0001;
	struct ids id;

	log_ = t;
	id.msq = a->msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	id.shm = a->shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	id.sem = a->semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
	TT_ASSERT(id.msq >= 0 && id.shm >= 0 && id.sem >= 0);

	note("-- mode 0600", 0);
	as_nobody(a, &id, key, 0600);
	note("-- mode 0604", 0);
	set_modes(a, &id, 0604, 0);
	as_nobody(a, &id, key, 0604);
	note("-- mode 0660, group nobody", 0);
	set_modes(a, &id, 0660, NOBODY);
	as_nobody(a, &id, key, 0066);	/* the group's bits are nobody's */
	note("-- mode 0606", 0);
	set_modes(a, &id, 0606, 0);
	as_nobody(a, &id, key, 0066);

	TT_ASSERT(a->msgctl(id.msq, IPC_RMID, NULL) == 0);
	TT_ASSERT(a->shmctl(id.shm, IPC_RMID, NULL) == 0);
	TT_ASSERT(a->semctl(id.sem, 0, IPC_RMID) == 0);
}

static void mode_bits_deny_an_unprivileged_user_as_linux_does(void)
{
	struct transcript *t = mmap(NULL, 2 * sizeof(*t), PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	TT_ASSERT(t != MAP_FAILED);
	mode_scenario(&real_api, &t[0]);
	mode_scenario(&toy_api, &t[1]);
	if (strcmp(t[0].text, t[1].text))
		TT_FAIL("real and toy differ:\n-- real\n%s-- toy\n%s", t[0].text, t[1].text);
}

/* ---- netlink as nobody */

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
};

static void put_attr(struct req *r, int type, const void *data, int len)
{
	struct nlattr *a = (struct nlattr *)((char *)&r->n + NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void req_init(struct req *r, int family, int cmd)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = family;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->g.cmd = cmd;
	r->g.version = 1;
}

/* Sends the request; returns the ack's error (0 or -errno). */
static int nl_request(int fd, struct req *r)
{
	char buf[8192];
	struct nlmsghdr *h;
	ssize_t n;

	TT_ASSERT(send(fd, r, r->n.nlmsg_len, 0) == (ssize_t)r->n.nlmsg_len);
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		TT_ASSERT(n > 0);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
}

static int nl_family(int fd)
{
	struct req r;
	char buf[4096];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nlattr *a;
	int len;

	memset(&r, 0, sizeof(r));
	r.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.n.nlmsg_type = GENL_ID_CTRL;
	r.n.nlmsg_flags = NLM_F_REQUEST;
	r.g.cmd = CTRL_CMD_GETFAMILY;
	r.g.version = 1;
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, TOYIPC_GENL_NAME, sizeof(TOYIPC_GENL_NAME));
	TT_ASSERT(send(fd, &r, r.n.nlmsg_len, 0) > 0);
	TT_ASSERT(recv(fd, buf, sizeof(buf), 0) > 0 && h->nlmsg_type == GENL_ID_CTRL);
	len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	TT_FAIL("no toyipc family");
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	TT_ASSERT(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	return fd;
}

static void admin_netlink_commands_are_refused_to_an_unprivileged_user(void)
{
	struct { struct nlattr a; uint32_t v; } msgmax = {
		{ sizeof(msgmax), TOYIPC_LIMIT_MSGMAX }, 4096
	};
	int fd = nl_open(), family = nl_family(fd), q = toy_msgget(IPC_PRIVATE, 0666);
	uint32_t kind = TOYIPC_KIND_MSG;
	struct msqid_ds ds;
	struct req r;

	TT_ASSERT(q >= 0);
	TT_ASSERT(setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 && setuid(NOBODY) == 0);
	req_init(&r, family, TOYIPC_CMD_RESET_STATS);
	TT_ASSERT(nl_request(fd, &r) == -EPERM);
	req_init(&r, family, TOYIPC_CMD_SET_LIMITS);
	put_attr(&r, TOYIPC_A_LIMITS | NLA_F_NESTED, &msgmax, sizeof(msgmax));
	TT_ASSERT(nl_request(fd, &r) == -EPERM);
	/* toyipcctl rm follows ipcrm: a stranger may not remove root's queue, mode 0666 or not. */
	req_init(&r, family, TOYIPC_CMD_RMID);
	put_attr(&r, TOYIPC_A_KIND, &kind, sizeof(kind));
	put_attr(&r, TOYIPC_A_ID, &q, sizeof(q));
	TT_ASSERT(nl_request(fd, &r) == -EPERM);
	TT_ASSERT(toy_msgctl(q, IPC_STAT, &ds) == 0);	/* still there */
}

/* ---- device nodes and /proc files */

static void expect_mode(const char *path, mode_t type, mode_t mode)
{
	struct stat st;

	TT_ASSERT(stat(path, &st) == 0);
	if ((st.st_mode & S_IFMT) != type || (st.st_mode & 07777) != mode)
		TT_FAIL("%s: mode %06o, expected %06o", path, st.st_mode, type | mode);
}

/* A name is one component in the module's own directory: no "..", no slash, straight to the ioctl. */
static void posix_names_cannot_reach_outside_the_toy_filesystems(void)
{
	static const char *const names[] = { "../etc/passwd", "a/../../x", "/etc/passwd", "x/" };
	struct toyipc_shm_open so = { .oflag = O_RDWR | O_CREAT, .mode = 0600 };
	struct toyipc_mq_open mo = { .oflag = O_RDWR | O_CREAT, .mode = 0600 };
	struct toyipc_mq_unlink mu = { 0 };
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		so.name = mo.name = mu.name = (uintptr_t)names[i];
		TT_ASSERT_ERRNO(ioctl(fd, TOYIPC_IOC_SHM_OPEN, &so), EINVAL);
		TT_ASSERT_ERRNO(ioctl(fd, TOYIPC_IOC_SHM_UNLINK, &so), EINVAL);
		TT_ASSERT_ERRNO(ioctl(fd, TOYIPC_IOC_MQ_OPEN, &mo), EACCES);
		TT_ASSERT_ERRNO(ioctl(fd, TOYIPC_IOC_MQ_UNLINK, &mu), EACCES);
	}
	/* ".." of the toy's root is the root: a directory, not a file to map. */
	so.name = (uintptr_t)"..";
	TT_ASSERT_ERRNO(ioctl(fd, TOYIPC_IOC_SHM_OPEN, &so), EISDIR);
	close(fd);
}

static void device_nodes_and_proc_files_have_their_documented_modes(void)
{
	static const char *const proc[] = { "msg", "shm", "sem", "pipe", "stats", "mqueue",
					    "posix_shm" };
	char path[64];
	int i;

	/* Like /dev/null: every object checks its own ipc_perm bits. */
	expect_mode("/dev/toyipc", S_IFCHR, 0666);
	/* Like a FIFO made by mkfifo with mode 0666. */
	for (i = 0; snprintf(path, sizeof(path), "/dev/toyfifo%d", i), access(path, F_OK) == 0; i++)
		expect_mode(path, S_IFCHR, 0666);
	TT_ASSERT(i > 0);
	/* Readable by all, like /proc/sysvipc/ and its columns; nothing to write. */
	expect_mode("/proc/toyipc", S_IFDIR, 0555);
	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "/proc/toyipc/%s", proc[i]);
		expect_mode(path, S_IFREG, 0444);
	}
}

/* ---- what is copied out */

/* A value that looks like a kernel address (direct map, vmalloc, text, modules). */
static bool kernel_address(uint64_t v)
{
	return (v >= 0xffff888000000000ULL && v < 0xfffffe0000000000ULL) ||
	       (v >= 0xffffffff80000000ULL && v < 0xffffffffff600000ULL);
}

static void expect_no_kernel_address(const char *what, const void *buf, size_t len, size_t step)
{
	uint64_t v;
	size_t i;

	for (i = 0; i + 8 <= len; i += step) {
		memcpy(&v, (const char *)buf + i, 8);
		if (kernel_address(v))
			TT_FAIL("%s: a kernel address %#llx at byte %zu", what,
				(unsigned long long)v, i);
	}
}

/*
 * Calls FILL twice, over a buffer of 0x00 bytes and one of 0xff bytes:
 * every byte must come out the same, so every byte was written.
 */
static void expect_written_in_full(const char *what, size_t size, int (*fill)(void *buf, void *ctx),
				   void *ctx)
{
	unsigned char a[512], b[512];
	size_t i;

	TT_ASSERT(size <= sizeof(a));
	memset(a, 0x00, size);
	memset(b, 0xff, size);
	TT_ASSERT(fill(a, ctx) == 0);
	TT_ASSERT(fill(b, ctx) == 0);
	for (i = 0; i < size; i++)
		if (a[i] != b[i])
			TT_FAIL("%s: byte %zu of %zu was not written (%#x over 0x00, %#x over 0xff)",
				what, i, size, a[i], b[i]);
	expect_no_kernel_address(what, a, size, 8);
}

static int msg_stat(void *buf, void *ctx) { return toy_msgctl(*(int *)ctx, IPC_STAT, buf); }
static int shm_stat(void *buf, void *ctx) { return toy_shmctl(*(int *)ctx, IPC_STAT, buf); }
static int sem_stat(void *buf, void *ctx) { return toy_semctl(*(int *)ctx, 0, IPC_STAT, buf); }
static int pipe_stat(void *buf, void *ctx) { return ioctl(*(int *)ctx, TOYIPC_IOC_PIPE_STATS, buf); }

static int version(void *buf, void *ctx)
{
	int fd = open("/dev/toyipc", O_RDWR | O_CLOEXEC), ret;

	(void)ctx;
	ret = ioctl(fd, TOYIPC_IOC_VERSION, buf);
	close(fd);
	return ret;
}

static void copied_out_structs_are_written_in_full_with_reserved_fields_zero(void)
{
	struct { long mtype; char text[4]; } m = { 1, "abc" };
	int q = toy_msgget(IPC_PRIVATE, 0600), s = toy_shmget(IPC_PRIVATE, 4096, 0600);
	int sem = toy_semget(IPC_PRIVATE, 3, 0600), fds[2];
	struct msqid_ds md;
	struct shmid_ds sd;
	struct semid_ds xd;
	struct toyipc_pipe_stats ps;
	struct toyipc_version v;

	TT_ASSERT(q >= 0 && s >= 0 && sem >= 0 && toy_pipe(fds) == 0);
	TT_ASSERT(toy_msgsnd(q, &m, 4, 0) == 0 && write(fds[1], "xyz", 3) == 3);
	expect_written_in_full("msgctl(IPC_STAT)", sizeof(md), msg_stat, &q);
	expect_written_in_full("shmctl(IPC_STAT)", sizeof(sd), shm_stat, &s);
	expect_written_in_full("semctl(IPC_STAT)", sizeof(xd), sem_stat, &sem);
	expect_written_in_full("TOYIPC_IOC_PIPE_STATS", sizeof(ps), pipe_stat, &fds[0]);
	expect_written_in_full("TOYIPC_IOC_VERSION", sizeof(v), version, NULL);

	TT_ASSERT(msg_stat(&md, &q) == 0 && shm_stat(&sd, &s) == 0 && sem_stat(&xd, &sem) == 0);
	TT_ASSERT(pipe_stat(&ps, &fds[0]) == 0 && version(&v, NULL) == 0);
	TT_ASSERT(md.msg_perm.__glibc_reserved1 == 0 && md.msg_perm.__glibc_reserved2 == 0);
	TT_ASSERT(md.__glibc_reserved4 == 0 && md.__glibc_reserved5 == 0);
	TT_ASSERT(sd.__glibc_reserved5 == 0 && sd.__glibc_reserved6 == 0);
	TT_ASSERT(xd.__glibc_reserved3 == 0 && xd.__glibc_reserved4 == 0);
	TT_ASSERT(ps.reserved == 0 && v.reserved == 0);

	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0 && toy_shmctl(s, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_semctl(sem, 0, IPC_RMID) == 0);
}

/* A GET_OBJECTS dump (every kind of object present) and GET_STATS, scanned whole; /proc/toyipc. */
static void netlink_replies_and_proc_files_hold_no_kernel_address(void)
{
	static const char *const proc[] = { "msg", "shm", "sem", "pipe", "stats", "mqueue",
					    "posix_shm" };
	int fd = nl_open(), family = nl_family(fd), fds[2], cmd, done, i;
	int q = toy_msgget(IPC_PRIVATE, 0600), s = toy_shmget(IPC_PRIVATE, 4096, 0600);
	int sem = toy_semget(IPC_PRIVATE, 2, 0600), fifo = open("/dev/toyfifo0", O_RDWR);
	char buf[32768], path[64];
	struct nlmsghdr *h;
	struct req r;
	ssize_t n;

	TT_ASSERT(q >= 0 && s >= 0 && sem >= 0 && fifo >= 0 && toy_pipe(fds) == 0);
	for (cmd = TOYIPC_CMD_GET_STATS; cmd <= TOYIPC_CMD_GET_OBJECTS; cmd++) {
		/*
		 * GET_LIMITS is left out: its values are numbers the admin
		 * chose, and shmmax's default, ULONG_MAX - 2^24, falls in
		 * the modules' address range.
		 */
		if (cmd != TOYIPC_CMD_GET_STATS && cmd != TOYIPC_CMD_GET_OBJECTS)
			continue;
		req_init(&r, family, cmd);
		if (cmd == TOYIPC_CMD_GET_OBJECTS)
			r.n.nlmsg_flags |= NLM_F_DUMP;
		TT_ASSERT(send(fd, &r, r.n.nlmsg_len, 0) > 0);
		for (done = 0; !done;) {
			n = recv(fd, buf, sizeof(buf), 0);
			TT_ASSERT(n > 0);
			expect_no_kernel_address("a netlink reply", buf, n, 4);
			for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
				done |= h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE;
		}
	}
	for (i = 0; i < 7; i++) {
		snprintf(path, sizeof(path), "/proc/toyipc/%s", proc[i]);
		tt_read_file(path, buf, sizeof(buf));
		if (strstr(buf, "ffff8") || strstr(buf, "ffffffff"))
			TT_FAIL("%s shows what looks like a kernel address", path);
	}
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0 && toy_shmctl(s, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_semctl(sem, 0, IPC_RMID) == 0);
}

static const struct tt_case cases[] = {
	TT_CASE(mode_bits_deny_an_unprivileged_user_as_linux_does),
	TT_CASE(posix_names_cannot_reach_outside_the_toy_filesystems),
	TT_CASE(admin_netlink_commands_are_refused_to_an_unprivileged_user),
	TT_CASE(device_nodes_and_proc_files_have_their_documented_modes),
	TT_CASE(copied_out_structs_are_written_in_full_with_reserved_fields_zero),
	TT_CASE(netlink_replies_and_proc_files_hold_no_kernel_address),
	{ NULL, NULL }
};

int main(void)
{
	return tt_main("security", cases);
}
