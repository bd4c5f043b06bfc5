// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/limits.c: the System V limits are the caller's IPC
 * namespace sysctls, as for Linux's own calls.
 *
 * Each differential scenario writes /proc/sys/kernel/msgmax (msgmnb,
 * msgmni, shmmax, shmall, shmmni, sem, *_next_id) to provoke EINVAL,
 * ENOSPC, E2BIG or to pick the next id, then makes the same calls over
 * Linux and over the toy; the two transcripts must be equal, and EXPECT
 * checks the rule itself on both.  Counts of objects already in use come
 * from MSG_INFO / SHM_INFO / SEM_INFO of the same API, so a limit is set
 * just above what each side has.
 *
 * Every test starts from the sysctls as main() found them, with no
 * override of SET_LIMITS (tests before this one may have left some), and
 * main() writes them back at the end, whatever failed.
 *
 * The *_next_id sysctls exist only with CONFIG_CHECKPOINT_RESTORE; without
 * them the next_id tests are not run, and a '#' line says so.
 */
#include <stdint.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "toyipc.h"
#include "tt.h"

/* The calls a scenario uses: Linux's or the toy's. */
struct ipc_api {
	const char *name;
	int (*msgget)(key_t key, int msgflg);
	int (*msgsnd)(int msqid, const void *msgp, size_t msgsz, int msgflg);
	int (*msgctl)(int msqid, int cmd, struct msqid_ds *buf);
	int (*shmget)(key_t key, size_t size, int shmflg);
	int (*shmctl)(int shmid, int cmd, struct shmid_ds *buf);
	int (*semget)(key_t key, int nsems, int semflg);
	int (*semop)(int semid, struct sembuf *sops, size_t nsops);
	int (*semctl)(int semid, int semnum, int cmd, ...);
};

static const struct ipc_api real_api = {
	"real", msgget, msgsnd, msgctl, shmget, shmctl, semget, semop, semctl
};
static const struct ipc_api toy_api = {
	"toy", toy_msgget, toy_msgsnd, toy_msgctl, toy_shmget, toy_shmctl,
	toy_semget, toy_semop, toy_semctl
};

#define TT_API struct ipc_api
#include "transcript.h"
#include "nl_raw.h"

DIFFERENTIAL_HARNESS()

/* ---- the sysctls */

static const char *const sysctls[] = {
	"msgmax", "msgmnb", "msgmni", "shmmax", "shmall", "shmmni", "sem",
	"msg_next_id", "shm_next_id", "sem_next_id",
};
#define NR_SYSCTLS (sizeof(sysctls) / sizeof(sysctls[0]))

/* As main() found them ("" for one this kernel lacks); children inherit it. */
static char saved[NR_SYSCTLS][128];

static int sysctl_path(const char *name, char *path, size_t size)
{
	return snprintf(path, size, "/proc/sys/kernel/%s", name);
}

static int sysctl_read(const char *name, char *buf, size_t size)
{
	char path[64];

	sysctl_path(name, path, sizeof(path));
	return tt_read_line(path, buf, size);
}

static void sysctl_write(const char *name, const char *value)
{
	char path[64];
	ssize_t len = strlen(value);
	int fd;

	sysctl_path(name, path, sizeof(path));
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, value, len) != len)
		TT_FAIL("writing %s to %s: %s", value, path, strerror(errno));
	close(fd);
}

__attribute__((format(printf, 2, 3)))
static void sysctl_set(const char *name, const char *fmt, ...)
{
	char value[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	sysctl_write(name, value);
}

static long sysctl_long(const char *name)
{
	char buf[128];

	if (sysctl_read(name, buf, sizeof(buf)))
		TT_FAIL("reading kernel.%s: %s", name, strerror(errno));
	return strtol(buf, NULL, 10);
}

static void sysctls_save(void)
{
	for (size_t i = 0; i < NR_SYSCTLS; i++)
		if (sysctl_read(sysctls[i], saved[i], sizeof(saved[i])))
			saved[i][0] = '\0';
}

/*
 * kernel.*_next_id cannot be written back to -1 (its minimum is 0): only
 * Linux's next new object of that kind sets it to -1.  So a request still
 * pending is used up by a real object, created and removed at once.
 */
static void next_id_consume(const char *name)
{
	int id;

	if (!strcmp(name, "msg_next_id")) {
		id = msgget(IPC_PRIVATE, 0600);
		TT_ASSERT(id >= 0 && msgctl(id, IPC_RMID, NULL) == 0);
	} else if (!strcmp(name, "shm_next_id")) {
		id = shmget(IPC_PRIVATE, 4096, 0600);
		TT_ASSERT(id >= 0 && shmctl(id, IPC_RMID, NULL) == 0);
	} else {
		id = semget(IPC_PRIVATE, 1, 0600);
		TT_ASSERT(id >= 0 && semctl(id, 0, IPC_RMID) == 0);
	}
}

static void sysctls_restore(void)
{
	char now[128];

	for (size_t i = 0; i < NR_SYSCTLS; i++) {
		if (!saved[i][0] || sysctl_read(sysctls[i], now, sizeof(now)) ||
		    !strcmp(now, saved[i]))
			continue;
		if (strstr(sysctls[i], "_next_id") && atoi(saved[i]) < 0)
			next_id_consume(sysctls[i]);
		else
			sysctl_write(sysctls[i], saved[i]);
	}
}

static int have_next_id(void)
{
	return access("/proc/sys/kernel/msg_next_id", F_OK) == 0;
}

/* ---- the toy's own view: GET_LIMITS and SET_LIMITS over netlink */

static const int sysv_limits[] = {
	TOYIPC_LIMIT_MSGMAX, TOYIPC_LIMIT_MSGMNB, TOYIPC_LIMIT_MSGMNI,
	TOYIPC_LIMIT_SHMMAX, TOYIPC_LIMIT_SHMALL, TOYIPC_LIMIT_SHMMNI,
	TOYIPC_LIMIT_SEMMSL, TOYIPC_LIMIT_SEMMNS, TOYIPC_LIMIT_SEMOPM,
	TOYIPC_LIMIT_SEMMNI,
};

/* SET_LIMITS with TOYIPC_A_LIMITS_UNSET: every SysV limit follows its sysctl. */
static void unset_overrides(void)
{
	int fd = sock_open();
	struct nlattr *nest;
	struct req r;
	char msg[256];

	req_init(&r, family_id(fd), TOYIPC_CMD_SET_LIMITS, 0);
	nest = nest_start(&r, TOYIPC_A_LIMITS_UNSET);
	for (size_t i = 0; i < sizeof(sysv_limits) / sizeof(sysv_limits[0]); i++)
		put(&r, sysv_limits[i], NULL, 0);
	nest_end(&r, nest);
	if (transact(fd, &r, NULL, 0, msg, sizeof(msg)))
		TT_FAIL("SET_LIMITS (unset): %s", msg);
	close(fd);
}

static void set_override(int attr, uint32_t value)
{
	int fd = sock_open();
	struct nlattr *nest;
	struct req r;
	char msg[256];

	req_init(&r, family_id(fd), TOYIPC_CMD_SET_LIMITS, 0);
	nest = nest_start(&r, TOYIPC_A_LIMITS);
	put_u32(&r, attr, value);
	nest_end(&r, nest);
	if (transact(fd, &r, NULL, 0, msg, sizeof(msg)))
		TT_FAIL("SET_LIMITS: %s", msg);
	close(fd);
}

/* GET_LIMITS: the value in force of limit @attr and where it comes from. */
static void get_limit(int attr, uint64_t *value, uint32_t *source)
{
	char reply[8192];
	struct nlmsghdr *h = (struct nlmsghdr *)reply;
	struct nlattr *a, *in;
	int fd = sock_open(), rem, irem, found = 0;
	struct req r;

	req_init(&r, family_id(fd), TOYIPC_CMD_GET_LIMITS, 0);
	TT_ASSERT(transact(fd, &r, reply, sizeof(reply), NULL, 0) == 0);
	close(fd);
	nl_raw_for_each_attr(a, (char *)NLMSG_DATA(h) + GENL_HDRLEN,
			     h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), rem) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type != TOYIPC_A_LIMITS && type != TOYIPC_A_LIMIT_SOURCES)
			continue;
		nl_raw_for_each_attr(in, nl_raw_data(a), a->nla_len - NLA_HDRLEN, irem) {
			if (in->nla_type != attr)
				continue;
			if (type == TOYIPC_A_LIMIT_SOURCES) {
				*source = *(uint32_t *)nl_raw_data(in);
			} else if (in->nla_len == NLA_HDRLEN + 8) {
				memcpy(value, nl_raw_data(in), 8);
			} else {
				*value = *(uint32_t *)nl_raw_data(in);
			}
			found++;
		}
	}
	if (found != 2)
		TT_FAIL("GET_LIMITS: limit %d has no value or no source", attr);
}

/* Each test: the sysctls as found, no SET_LIMITS override. */
static void fresh(void)
{
	sysctls_restore();
	unset_overrides();
}

/* ---- usage, from the API's own *_INFO */

static int queues_in_use(const struct ipc_api *api)
{
	struct msginfo info;

	TT_ASSERT(api->msgctl(0, MSG_INFO, (struct msqid_ds *)&info) >= 0);
	return info.msgpool;
}

static void shm_in_use(const struct ipc_api *api, int *segments, unsigned long *pages)
{
	struct shm_info info;

	TT_ASSERT(api->shmctl(0, SHM_INFO, (struct shmid_ds *)&info) >= 0);
	*segments = info.used_ids;
	*pages = info.shm_tot;
}

static void sem_in_use(const struct ipc_api *api, int *sets, int *sems)
{
	struct seminfo info;

	TT_ASSERT(api->semctl(0, 0, SEM_INFO, &info) >= 0);
	*sets = info.semusz;
	*sems = info.semaem;
}

/* ---- message queues */

DIFFERENTIAL_TEST(msgsnd_over_kernel_msgmax_is_einval)
{
	struct { long mtype; char mtext[256]; } m = { 1, "" };
	struct msginfo info;
	int q;

	fresh();
	sysctl_write("msgmax", "100");
	q = api->msgget(IPC_PRIVATE, 0600);
	EXPECT(l, q >= 0);
	outcome(l, "msgsnd 100 bytes", api->msgsnd(q, &m, 100, IPC_NOWAIT));
	EXPECT(l, outcome(l, "msgsnd 101 bytes", api->msgsnd(q, &m, 101, IPC_NOWAIT)) == -1 &&
		  errno == EINVAL);
	EXPECT(l, api->msgctl(0, IPC_INFO, (struct msqid_ds *)&info) >= 0);
	note(l, "IPC_INFO msgmax %d", info.msgmax);
	EXPECT(l, info.msgmax == 100);
	TT_ASSERT(api->msgctl(q, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

DIFFERENTIAL_TEST(a_new_queue_gets_kernel_msgmnb_as_qbytes)
{
	struct msqid_ds ds;
	int q;

	fresh();
	sysctl_write("msgmnb", "777");
	q = api->msgget(IPC_PRIVATE, 0600);
	EXPECT(l, q >= 0);
	outcome(l, "IPC_STAT", api->msgctl(q, IPC_STAT, &ds));
	note(l, "msg_qbytes %lu", (unsigned long)ds.msg_qbytes);
	EXPECT(l, ds.msg_qbytes == 777);
	TT_ASSERT(api->msgctl(q, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

DIFFERENTIAL_TEST(msgget_at_kernel_msgmni_is_enospc)
{
	int used, q[2];

	fresh();
	used = queues_in_use(api);
	sysctl_set("msgmni", "%d", used + 2);
	q[0] = outcome_ok(l, "msgget 1", api->msgget(IPC_PRIVATE, 0600));
	q[1] = outcome_ok(l, "msgget 2", api->msgget(IPC_PRIVATE, 0600));
	EXPECT(l, outcome_ok(l, "msgget 3", api->msgget(IPC_PRIVATE, 0600)) == -1 &&
		  errno == ENOSPC);
	for (int i = 0; i < 2; i++)
		if (q[i] >= 0)
			TT_ASSERT(api->msgctl(q[i], IPC_RMID, NULL) == 0);
	sysctls_restore();
}

/* ---- shared memory */

DIFFERENTIAL_TEST(shmget_over_kernel_shmmax_is_einval)
{
	struct shminfo info;
	int id;

	fresh();
	sysctl_write("shmmax", "8192");
	id = outcome_ok(l, "shmget 8192", api->shmget(IPC_PRIVATE, 8192, 0600));
	EXPECT(l, outcome(l, "shmget 8193", api->shmget(IPC_PRIVATE, 8193, 0600)) == -1 &&
		  errno == EINVAL);
	EXPECT(l, api->shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0);
	note(l, "IPC_INFO shmmax %lu", info.shmmax);
	EXPECT(l, info.shmmax == 8192);
	if (id >= 0)
		TT_ASSERT(api->shmctl(id, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

DIFFERENTIAL_TEST(shmget_past_kernel_shmall_is_enospc)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long pages;
	int used, id;

	fresh();
	shm_in_use(api, &used, &pages);
	sysctl_set("shmall", "%lu", pages + 2);
	id = outcome_ok(l, "shmget 2 pages", api->shmget(IPC_PRIVATE, 2 * page, 0600));
	EXPECT(l, outcome(l, "shmget 1 more page", api->shmget(IPC_PRIVATE, page, 0600)) == -1 &&
		  errno == ENOSPC);
	if (id >= 0)
		TT_ASSERT(api->shmctl(id, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

DIFFERENTIAL_TEST(shmget_at_kernel_shmmni_is_enospc)
{
	unsigned long pages;
	int used, id;

	fresh();
	shm_in_use(api, &used, &pages);
	sysctl_set("shmmni", "%d", used + 1);
	id = outcome_ok(l, "shmget 1", api->shmget(IPC_PRIVATE, 4096, 0600));
	EXPECT(l, outcome(l, "shmget 2", api->shmget(IPC_PRIVATE, 4096, 0600)) == -1 &&
		  errno == ENOSPC);
	if (id >= 0)
		TT_ASSERT(api->shmctl(id, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

/* ---- semaphores: kernel.sem is "semmsl semmns semopm semmni" */

DIFFERENTIAL_TEST(semget_over_semmsl_is_einval_and_past_semmns_is_enospc)
{
	struct seminfo info;
	int sets, sems, a;

	fresh();
	sem_in_use(api, &sets, &sems);
	sysctl_set("sem", "10 %d 5 32000", sems + 15);
	EXPECT(l, outcome(l, "semget 11", api->semget(IPC_PRIVATE, 11, 0600)) == -1 &&
		  errno == EINVAL);
	a = outcome_ok(l, "semget 10", api->semget(IPC_PRIVATE, 10, 0600));
	EXPECT(l, outcome(l, "semget 10 more", api->semget(IPC_PRIVATE, 10, 0600)) == -1 &&
		  errno == ENOSPC);
	EXPECT(l, api->semctl(0, 0, IPC_INFO, &info) >= 0);
	note(l, "IPC_INFO semmsl %d semmns-ok %d semopm %d semmni %d", info.semmsl,
	     info.semmns == sems + 15, info.semopm, info.semmni);
	if (a >= 0)
		TT_ASSERT(api->semctl(a, 0, IPC_RMID) == 0);
	sysctls_restore();
}

DIFFERENTIAL_TEST(semop_over_semopm_is_e2big)
{
	struct sembuf ops[6];
	int id;

	fresh();
	sysctl_write("sem", "32000 1024000000 5 32000");
	id = api->semget(IPC_PRIVATE, 1, 0600);
	EXPECT(l, id >= 0);
	for (int i = 0; i < 6; i++)
		ops[i] = (struct sembuf){ .sem_num = 0, .sem_op = 1, .sem_flg = 0 };
	outcome(l, "semop 5 ops", api->semop(id, ops, 5));
	EXPECT(l, outcome(l, "semop 6 ops", api->semop(id, ops, 6)) == -1 && errno == E2BIG);
	TT_ASSERT(api->semctl(id, 0, IPC_RMID) == 0);
	sysctls_restore();
}

/*
 * Only semmni of kernel.sem is range-checked when written: the other three
 * may be negative.  ipc/sem.c compares semmsl and semmns as signed ints,
 * so a negative one refuses every semget (even of an existing set with
 * nsems 0), and semopm with the unsigned nsops, so a negative one limits
 * nothing.  IPC_INFO shows the values as they are.
 */
DIFFERENTIAL_TEST(negative_kernel_sem_fields_act_as_linux_compares_them)
{
	const key_t key = 0x70ad5e01;
	struct sembuf ops[10];
	struct seminfo info;
	int id, ret;

	fresh();
	api->semctl(api->semget(key, 0, 0), 0, IPC_RMID);	/* a left-over */
	id = api->semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
	EXPECT(l, id >= 0);
	sysctl_write("sem", "-1 -1 -5 32000");
	EXPECT(l, api->semctl(0, 0, IPC_INFO, &info) >= 0);
	note(l, "IPC_INFO semmsl %d semmns %d semopm %d", info.semmsl, info.semmns,
	     info.semopm);
	ret = api->semget(key, 0, 0);
	note(l, "semget(key, 0, 0) of the set: %s", ret == id ? "found" : err_name(errno));
	outcome(l, "semget(IPC_PRIVATE, 1)", api->semget(IPC_PRIVATE, 1, 0600));
	for (int i = 0; i < 10; i++)
		ops[i] = (struct sembuf){ .sem_num = 0, .sem_op = 1, .sem_flg = 0 };
	outcome(l, "semop 10 ops", api->semop(id, ops, 10));
	outcome(l, "GETVAL", api->semctl(id, 0, GETVAL));
	sysctls_restore();
	TT_ASSERT(api->semctl(id, 0, IPC_RMID) == 0);
}

DIFFERENTIAL_TEST(semget_at_semmni_is_enospc)
{
	int sets, sems, a;

	fresh();
	sem_in_use(api, &sets, &sems);
	sysctl_set("sem", "32000 1024000000 500 %d", sets + 1);
	a = outcome_ok(l, "semget 1", api->semget(IPC_PRIVATE, 1, 0600));
	EXPECT(l, outcome(l, "semget 2", api->semget(IPC_PRIVATE, 1, 0600)) == -1 &&
		  errno == ENOSPC);
	if (a >= 0)
		TT_ASSERT(api->semctl(a, 0, IPC_RMID) == 0);
	sysctls_restore();
}

/* ---- *_next_id: the next new object takes the id asked for */

enum kind { MSG, SHM, SEM };

static int create(const struct ipc_api *api, enum kind k)
{
	switch (k) {
	case MSG:
		return api->msgget(IPC_PRIVATE, 0600);
	case SHM:
		return api->shmget(IPC_PRIVATE, 4096, 0600);
	default:
		return api->semget(IPC_PRIVATE, 1, 0600);
	}
}

static void destroy(const struct ipc_api *api, enum kind k, int id)
{
	int ret = k == MSG ? api->msgctl(id, IPC_RMID, NULL) :
		  k == SHM ? api->shmctl(id, IPC_RMID, NULL) :
		  api->semctl(id, 0, IPC_RMID);

	if (ret)
		TT_FAIL("%s: IPC_RMID of %d: %s", api->name, id, strerror(errno));
}

/*
 * Write NAME, create: the id asked for; create again: an id of the usual
 * cycle (Linux set the sysctl back to -1, the toy remembers it used the
 * value).  Then ask for the index just taken with another sequence: the
 * first free index above, with that sequence, as ipc_idr_alloc()'s
 * idr_alloc(start = index) gives.
 */
static void next_id_scenario(const struct ipc_api *api, struct log *l, enum kind k,
			     const char *name)
{
	int want = (3 << 15) + 1234, id[3];

	fresh();
	sysctl_set(name, "%d", want);
	id[0] = create(api, k);
	note(l, "first: %s", id[0] == want ? "the id asked for" : "another id");
	EXPECT(l, id[0] == want);
	id[1] = create(api, k);
	note(l, "second: %s", id[1] >= 0 && (id[1] & 0x7fff) < 1234 ?
	     "an id of the cycle" : "not from the cycle");
	sysctl_set(name, "%d", (5 << 15) + 1234);
	id[2] = create(api, k);
	note(l, "index taken: index %d sequence %d", id[2] & 0x7fff, id[2] >> 15);
	EXPECT(l, id[2] == (5 << 15) + 1235);
	for (int i = 0; i < 3; i++)
		if (id[i] >= 0)
			destroy(api, k, id[i]);
	sysctls_restore();
}

DIFFERENTIAL_TEST(msg_next_id_picks_the_next_queue_id)
{
	next_id_scenario(api, l, MSG, "msg_next_id");
}

DIFFERENTIAL_TEST(shm_next_id_picks_the_next_segment_id)
{
	next_id_scenario(api, l, SHM, "shm_next_id");
}

DIFFERENTIAL_TEST(sem_next_id_picks_the_next_set_id)
{
	next_id_scenario(api, l, SEM, "sem_next_id");
}

/*
 * Different on purpose: the toy only reads kernel.msg_next_id (the real
 * kernel's state), so after a toy msgget() it still reads the value (the
 * next real msgget() would take it), and writing the same value again is
 * not a new request to the toy.
 */
static void toy_reads_msg_next_id_and_leaves_it_alone(void)
{
	int want = (2 << 15) + 999, a, b;

	fresh();
	sysctl_set("msg_next_id", "%d", want);
	a = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(a == want);
	TT_ASSERT(sysctl_long("msg_next_id") == want);
	sysctl_set("msg_next_id", "%d", want);
	b = toy_msgget(IPC_PRIVATE, 0600);
	/* taken as a request, it would be index 1000 (999 is a's), sequence 2 */
	TT_ASSERT(b >= 0 && b != want + 1);
	TT_ASSERT(toy_msgctl(a, IPC_RMID, NULL) == 0 && toy_msgctl(b, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

/* ---- where the values come from */

static void sysv_limits_report_the_sysctl_as_their_source(void)
{
	uint64_t v;
	uint32_t src;

	fresh();
	sysctl_write("msgmax", "4321");
	sysctl_write("sem", "11 22 33 44");
	get_limit(TOYIPC_LIMIT_MSGMAX, &v, &src);
	TT_ASSERT(v == 4321 && src == TOYIPC_LIMIT_SRC_SYSCTL);
	get_limit(TOYIPC_LIMIT_SEMOPM, &v, &src);
	TT_ASSERT(v == 33 && src == TOYIPC_LIMIT_SRC_SYSCTL);
	get_limit(TOYIPC_LIMIT_PIPE_SIZE, &v, &src);
	TT_ASSERT(src == TOYIPC_LIMIT_SRC_DEFAULT || src == TOYIPC_LIMIT_SRC_PARAM ||
		  src == TOYIPC_LIMIT_SRC_NETLINK);
	sysctls_restore();
}

/* SET_LIMITS overrides the sysctl for the toy (not for Linux) until unset. */
static void set_limits_overrides_the_sysctl_until_unset(void)
{
	struct { long mtype; char mtext[256]; } m = { 1, "" };
	uint64_t v;
	uint32_t src;
	int q;

	fresh();
	sysctl_write("msgmax", "100");
	set_override(TOYIPC_LIMIT_MSGMAX, 300);
	get_limit(TOYIPC_LIMIT_MSGMAX, &v, &src);
	TT_ASSERT(v == 300 && src == TOYIPC_LIMIT_SRC_NETLINK);
	q = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(q >= 0);
	TT_ASSERT(toy_msgsnd(q, &m, 200, IPC_NOWAIT) == 0);
	unset_overrides();
	get_limit(TOYIPC_LIMIT_MSGMAX, &v, &src);
	TT_ASSERT(v == 100 && src == TOYIPC_LIMIT_SRC_SYSCTL);
	TT_ASSERT_ERRNO(toy_msgsnd(q, &m, 200, IPC_NOWAIT), EINVAL);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
	sysctls_restore();
}

int main(void)
{
	static const struct tt_case always[] = {
		TT_CASE(msgsnd_over_kernel_msgmax_is_einval),
		TT_CASE(a_new_queue_gets_kernel_msgmnb_as_qbytes),
		TT_CASE(msgget_at_kernel_msgmni_is_enospc),
		TT_CASE(shmget_over_kernel_shmmax_is_einval),
		TT_CASE(shmget_past_kernel_shmall_is_enospc),
		TT_CASE(shmget_at_kernel_shmmni_is_enospc),
		TT_CASE(semget_over_semmsl_is_einval_and_past_semmns_is_enospc),
		TT_CASE(semop_over_semopm_is_e2big),
		TT_CASE(semget_at_semmni_is_enospc),
		TT_CASE(negative_kernel_sem_fields_act_as_linux_compares_them),
		TT_CASE(sysv_limits_report_the_sysctl_as_their_source),
		TT_CASE(set_limits_overrides_the_sysctl_until_unset),
	};
	static const struct tt_case next_id[] = {
		TT_CASE(msg_next_id_picks_the_next_queue_id),
		TT_CASE(shm_next_id_picks_the_next_segment_id),
		TT_CASE(sem_next_id_picks_the_next_set_id),
		TT_CASE(toy_reads_msg_next_id_and_leaves_it_alone),
	};
	struct tt_case cases[sizeof(always) / sizeof(always[0]) +
			     sizeof(next_id) / sizeof(next_id[0]) + 1] = { { NULL, NULL } };
	size_t n = sizeof(always) / sizeof(always[0]);
	int failed;

	memcpy(cases, always, sizeof(always));
	/* Not run is not passed: without the sysctls these tests say so. */
	if (have_next_id())
		memcpy(cases + n, next_id, sizeof(next_id));
	else
		printf("# limits_sysctl: %zu *_next_id tests not run: this kernel has no "
		       "CONFIG_CHECKPOINT_RESTORE (no /proc/sys/kernel/msg_next_id)\n",
		       sizeof(next_id) / sizeof(next_id[0]));
	sysctls_save();
	failed = tt_main("limits_sysctl", cases);
	sysctls_restore();
	unset_overrides();
	return failed;
}
