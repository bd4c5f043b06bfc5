// SPDX-License-Identifier: GPL-2.0
/*
 * Differential tests of "toyipcctl ipcs" against util-linux's ipcs(1):
 * the same objects (same keys, modes, sizes, messages) made over the real
 * calls and over libtoyipc, then both tools' outputs compared line for
 * line, where the layouts are meant to match.  What cannot match is
 * masked and said so: the id column (ids are handed out separately on
 * each side) and, in -i, the times (the two objects are made a moment
 * apart).
 *
 * It needs /usr/bin/ipcs, so a guest with a Debian userland; in the
 * busybox guest every test fails, saying so.  tests/guest/Makefile builds
 * it but does not list it in TESTS until that guest is the default.
 */
#include <stdbool.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "toyipc.h"
#include "tt.h"
#include "prog_run.h"

#define IPCS		"/usr/bin/ipcs"

#define KEY_MSG		0x7e5d0001
#define KEY_SHM		0x7e5d0002
#define KEY_SEM		0x7e5d0003

/* Both sides' ids of one scenario. */
struct pair {
	int real, toy;
};

static void need_ipcs(void)
{
	if (access(IPCS, X_OK))
		TT_FAIL(IPCS " is missing: this test compares with util-linux and needs a guest "
			"with a Debian userland, not the busybox one");
}

/* Runs util-linux ipcs (@real) or toyipcctl ipcs with @argv; status 0 or fail. */
static void run_ipcs(bool real, struct run *r, const char *const *argv)
{
	const char *args[16] = { "ipcs" };
	int n = 1;

	need_ipcs();
	for (int i = 0; argv[i]; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	prog_finish(real ? prog_start(0, IPCS, argv) : prog_start(0, "toyipcctl", args), r);
	if (r->status)
		TT_FAIL("%s ipcs %s: status %d: %s", real ? "util-linux" : "toyipcctl", argv[0],
			r->status, r->err);
}

#define IPCS_BOTH(real, toy, ...) do {						\
	run_ipcs(true, (real), (const char *const[]){ __VA_ARGS__, NULL });	\
	run_ipcs(false, (toy), (const char *const[]){ __VA_ARGS__, NULL });	\
} while (0)

struct text { long mtype; char mtext[16]; };

/* A queue with KEY_MSG, mode 0640 and two messages of 10 bytes, on each side. */
static struct pair queues(void)
{
	struct text m = { 1, "0123456789" };
	struct pair p;

	p.real = msgget(KEY_MSG, IPC_CREAT | IPC_EXCL | 0640);
	p.toy = toy_msgget(KEY_MSG, IPC_CREAT | IPC_EXCL | 0640);
	TT_ASSERT(p.real >= 0 && p.toy >= 0);
	for (int i = 0; i < 2; i++) {
		TT_ASSERT(msgsnd(p.real, &m, 10, 0) == 0);
		TT_ASSERT(toy_msgsnd(p.toy, &m, 10, 0) == 0);
	}
	return p;
}

/*
 * @what 'm': a segment of 1000000 bytes with KEY_SHM, mode 0600, not
 * attached; 's': a set of 3 semaphores with KEY_SEM, mode 0604.
 */
static struct pair made(char what)
{
	const int flags = IPC_CREAT | IPC_EXCL;
	struct pair p;

	if (what == 'm') {
		p.real = shmget(KEY_SHM, 1000000, flags | 0600);
		p.toy = toy_shmget(KEY_SHM, 1000000, flags | 0600);
	} else {
		p.real = semget(KEY_SEM, 3, flags | 0604);
		p.toy = toy_semget(KEY_SEM, 3, flags | 0604);
	}
	TT_ASSERT(p.real >= 0 && p.toy >= 0);
	return p;
}

/* IPC_RMID of both sides of @p, a queue, segment or set as @what says. */
static void both_gone(struct pair p, char what)
{
	switch (what) {
	case 'q':
		TT_ASSERT(msgctl(p.real, IPC_RMID, NULL) == 0);
		TT_ASSERT(toy_msgctl(p.toy, IPC_RMID, NULL) == 0);
		break;
	case 'm':
		TT_ASSERT(shmctl(p.real, IPC_RMID, NULL) == 0);
		TT_ASSERT(toy_shmctl(p.toy, IPC_RMID, NULL) == 0);
		break;
	default:
		TT_ASSERT(semctl(p.real, 0, IPC_RMID) == 0);
		TT_ASSERT(toy_semctl(p.toy, 0, IPC_RMID) == 0);
	}
}

/*
 * The line of @out that begins with @start, with the @width characters
 * from @mask_at (the id column) replaced by '#'.
 */
static void masked_line(const char *out, const char *start, size_t mask_at, size_t width,
			char *buf, size_t size)
{
	const char *l = out;

	while (l && strncmp(l, start, strlen(start)))
		l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL;
	if (!l)
		TT_FAIL("no line starting '%s' in:\n%s", start, out);
	snprintf(buf, size, "%.*s", (int)strcspn(l, "\n"), l);
	for (size_t i = mask_at; i < mask_at + width && buf[i]; i++)
		buf[i] = '#';
}

/* The lines of @out starting "------" and the line after each, in order. */
static void headers(const char *out, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const char *l = strstr(out, "------"); l && n < size; l = strstr(l + 1, "\n------")) {
		const char *next;

		l += *l == '\n';
		next = strchr(l, '\n');
		next = next ? strchr(next + 1, '\n') : NULL;
		n += snprintf(buf + n, size - n, "%.*s\n", next ? (int)(next - l) : (int)strlen(l), l);
	}
}

static void expect_same(const char *what, const char *real, const char *toy)
{
	if (strcmp(real, toy))
		TT_FAIL("%s differ:\nutil-linux ipcs:\n%s\ntoyipcctl ipcs:\n%s", what, real, toy);
}

/* The titles and header lines of the two outputs are the same. */
static void same_headers(const struct run *real, const struct run *toy, const char *what)
{
	char a[1024], b[1024];

	headers(real->out, a, sizeof(a));
	headers(toy->out, b, sizeof(b));
	expect_same(what, a, b);
}

/* The rows of @p, which start with its id in @width, are the same but for the id. */
static void same_id_row(const struct run *real, const struct run *toy, struct pair p, int width,
			const char *what)
{
	char start[2][16], a[512], b[512];

	snprintf(start[0], sizeof(start[0]), "%-*d ", width, p.real);
	snprintf(start[1], sizeof(start[1]), "%-*d ", width, p.toy);
	masked_line(real->out, start[0], 0, width, a, sizeof(a));
	masked_line(toy->out, start[1], 0, width, b, sizeof(b));
	expect_same(what, a, b);
}

static void util_linux_ipcs_is_there(void)
{
	need_ipcs();
}

/* -l: the module's default limits are Linux's, so the text is the same. */
static void ipcs_l_is_util_linux_ipcs_l(void)
{
	struct run real, toy;

	IPCS_BOTH(&real, &toy, "-q", "-m", "-s", "-l");
	expect_same("ipcs -l", real.out, toy.out);
	IPCS_BOTH(&real, &toy, "-q", "-m", "-s", "-l", "-b");
	expect_same("ipcs -l -b", real.out, toy.out);
	IPCS_BOTH(&real, &toy, "-q", "-m", "-s", "-l", "--human");
	expect_same("ipcs -l --human", real.out, toy.out);
}

/* The default listing: titles, headers, and each object's row but its id. */
static void ipcs_rows_are_util_linux_ipcs_rows_but_the_id(void)
{
	struct pair q = queues(), m = made('m'), s = made('s');
	char key[3][16], a[256], b[256];
	struct run real, toy;

	need_ipcs();

	snprintf(key[0], 16, "0x%08x ", KEY_MSG);
	snprintf(key[1], 16, "0x%08x ", KEY_SHM);
	snprintf(key[2], 16, "0x%08x ", KEY_SEM);
	IPCS_BOTH(&real, &toy, "-q", "-m", "-s");
	same_headers(&real, &toy, "titles and headers");
	for (int i = 0; i < 3; i++) {
		masked_line(real.out, key[i], 11, 10, a, sizeof(a));
		masked_line(toy.out, key[i], 11, 10, b, sizeof(b));
		expect_same("rows", a, b);
	}
	IPCS_BOTH(&real, &toy, "-m", "--human");
	masked_line(real.out, key[1], 11, 10, a, sizeof(a));
	masked_line(toy.out, key[1], 11, 10, b, sizeof(b));
	expect_same("ipcs -m --human rows", a, b);
	both_gone(q, 'q');
	both_gone(m, 'm');
	both_gone(s, 's');
}

/* -c and -p: rows but the id; -t: titles and headers (times differ by moments). */
static void ipcs_c_p_t_are_util_linux_ipcs_c_p_t(void)
{
	struct pair q = queues(), m = made('m');
	struct run real, toy;

	need_ipcs();

	IPCS_BOTH(&real, &toy, "-q", "-m", "-c");
	same_headers(&real, &toy, "ipcs -c titles and headers");
	same_id_row(&real, &toy, q, 10, "ipcs -q -c rows");
	IPCS_BOTH(&real, &toy, "-q", "-p");
	same_headers(&real, &toy, "ipcs -p titles and headers");
	same_id_row(&real, &toy, q, 8, "ipcs -q -p rows");
	IPCS_BOTH(&real, &toy, "-q", "-m", "-s", "-t");
	same_headers(&real, &toy, "ipcs -t titles and headers");
	both_gone(q, 'q');
	both_gone(m, 'm');
}

/* -u for queues and semaphores: the same counts of the same objects. */
static void ipcs_u_is_util_linux_ipcs_u(void)
{
	struct pair q = queues(), s = made('s');
	struct run real, toy;

	need_ipcs();

	IPCS_BOTH(&real, &toy, "-q", "-s", "-u");
	expect_same("ipcs -q -s -u", real.out, toy.out);
	both_gone(q, 'q');
	both_gone(s, 's');
}

/* -i: one queue in detail; the id and the times are masked. */
static void ipcs_q_i_is_util_linux_ipcs_q_i_but_id_and_times(void)
{
	struct pair q = queues();
	char id[2][16], a[1024], b[1024];
	struct run real, toy;
	const char *field[] = { "uid=", "cbytes=" };

	need_ipcs();

	snprintf(id[0], 16, "%d", q.real);
	snprintf(id[1], 16, "%d", q.toy);
	run_ipcs(true, &real, (const char *const[]){ "-q", "-i", id[0], NULL });
	run_ipcs(false, &toy, (const char *const[]){ "-q", "-i", id[1], NULL });
	for (size_t i = 0; i < 2; i++) {
		masked_line(real.out, field[i], 0, 0, a, sizeof(a));
		masked_line(toy.out, field[i], 0, 0, b, sizeof(b));
		expect_same("ipcs -q -i lines", a, b);
	}
	TT_ASSERT(strstr(real.out, "\nrcv_time=Not set") && strstr(toy.out, "\nrcv_time=Not set"));
	both_gone(q, 'q');
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(util_linux_ipcs_is_there),
		TT_CASE(ipcs_l_is_util_linux_ipcs_l),
		TT_CASE(ipcs_rows_are_util_linux_ipcs_rows_but_the_id),
		TT_CASE(ipcs_c_p_t_are_util_linux_ipcs_c_p_t),
		TT_CASE(ipcs_u_is_util_linux_ipcs_u),
		TT_CASE(ipcs_q_i_is_util_linux_ipcs_q_i_but_id_and_times),
		{ NULL, NULL },
	};

	return tt_main("ipcs_compare", cases);
}
