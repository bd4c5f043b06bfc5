// SPDX-License-Identifier: GPL-2.0
/*
 * Differential tests of "toyipcctl ipcs" against util-linux's ipcs(1), and
 * of "toyipcctl lsipc" against its lsipc(1):
 * the same objects (same keys, modes, sizes, messages) made over the real
 * calls and over libtoyipc, then both tools' outputs compared line for
 * line, where the layouts are meant to match.  What cannot match is
 * masked and said so: the id column (ids are handed out separately on
 * each side) and, in -i, the times (the two objects are made a moment
 * apart).
 *
 * lsipc's layouts are compared whole, with only the values that must
 * differ masked ('#'): ids, and the times (the short time format is the
 * minute, which may turn between the two objects).  The pids (lspid, cpid)
 * and the creator's command line are the same: this process makes both.
 *
 * It needs /usr/bin/ipcs and /usr/bin/lsipc, so a guest with a Debian
 * userland; in the busybox guest every test fails, saying so.  tests/check
 * runs it in the Debian guest (DEBIAN_TESTS in tests/guest/Makefile).
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
#define LSIPC		"/usr/bin/lsipc"

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


/* ---- lsipc */

/* Runs util-linux lsipc (@real) or toyipcctl lsipc with @argv; status 0 or fail. */
static void run_lsipc(bool real, struct run *r, const char *const *argv)
{
	const char *args[16] = { "lsipc" };
	int n = 1;

	if (access(LSIPC, X_OK))
		TT_FAIL(LSIPC " is missing: this test needs the Debian guest");
	for (int i = 0; argv[i]; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	prog_finish(real ? prog_start(0, LSIPC, argv) : prog_start(0, "toyipcctl", args), r);
	if (r->status)
		TT_FAIL("%s lsipc %s: status %d: %s", real ? "util-linux" : "toyipcctl", argv[0],
			r->status, r->err);
}

/*
 * @out with the value after each @marks[i] (up to the next '"', or the end
 * of the line for a mark ending in ':') replaced by one '#'.
 */
static void masked(const char *out, const char *const *marks, char *buf, size_t size)
{
	size_t n = 0;

	while (*out && n + 2 < size) {
		const char *m = NULL;

		for (int i = 0; marks[i] && !m; i++)
			if (!strncmp(out, marks[i], strlen(marks[i])))
				m = marks[i];
		if (!m) {
			buf[n++] = *out++;
			continue;
		}
		n += snprintf(buf + n, size - n, "%s#", m);
		out += strlen(m);
		out += strcspn(out, m[strlen(m) - 1] == ':' ? "\n" : "\"");
	}
	buf[n] = '\0';
}

/* The id and time values, in each layout's spelling: what masked() hides. */
static const char *const id_and_times[] = {
	"ID=\"", "CTIME=\"", "SEND=\"", "RECV=\"", "ATTACH=\"", "DETACH=\"", "OTIME=\"",
	"\"id\": \"", "\"ctime\": \"", "\"otime\": \"",
	"ID:", "Last change:", "Last operation:", "Msg sent:", "Msg received:",
	NULL,
};

/* lsipc ARGS... and toyipcctl lsipc ARGS... print the same but for ids and times. */
#define LSIPC_SAME(...) do {							\
	const char *const argv_[] = { __VA_ARGS__, NULL };			\
	struct run real_, toy_;							\
	static char a_[16384], b_[16384];					\
										\
	run_lsipc(true, &real_, argv_);						\
	run_lsipc(false, &toy_, argv_);						\
	masked(real_.out, id_and_times, a_, sizeof(a_));			\
	masked(toy_.out, id_and_times, b_, sizeof(b_));				\
	if (strcmp(a_, b_))							\
		TT_FAIL("lsipc %s differs:\nutil-linux:\n%s\ntoyipcctl:\n%s",	\
			#__VA_ARGS__, real_.out, toy_.out);			\
} while (0)

/* lsipc ARGS... and toyipcctl lsipc ARGS... print the same but for the digits. */
#define LSIPC_SAME_SHAPE(...) do {						\
	const char *const argv_[] = { __VA_ARGS__, NULL };			\
	struct run real_, toy_;							\
										\
	run_lsipc(true, &real_, argv_);						\
	run_lsipc(false, &toy_, argv_);						\
	for (char *p_ = real_.out; *p_; p_++)					\
		*p_ = *p_ >= '0' && *p_ <= '9' ? 'N' : *p_;			\
	for (char *p_ = toy_.out; *p_; p_++)					\
		*p_ = *p_ >= '0' && *p_ <= '9' ? 'N' : *p_;			\
	if (strcmp(real_.out, toy_.out))					\
		TT_FAIL("lsipc %s differs (digits as N):\nutil-linux:\n%s\n"	\
			"toyipcctl:\n%s", #__VA_ARGS__, real_.out, toy_.out);	\
} while (0)

/* The time formats: short, full and iso, for a change time that is set and one that is not. */
static void lsipc_times_are_written_as_util_linux_lsipc_writes_them(void)
{
	struct pair q = queues();

	LSIPC_SAME_SHAPE("-q", "-o", "KEY,CTIME,RECV", "-e");
	LSIPC_SAME_SHAPE("-q", "-o", "KEY,CTIME,RECV", "-e", "--time-format=full");
	LSIPC_SAME_SHAPE("-q", "-o", "KEY,CTIME,SEND", "-J", "--time-format=iso");
	LSIPC_SAME_SHAPE("-q", "-o", "KEY,CTIME,RECV", "-r", "--time-format=full");
	both_gone(q, 'q');
}

/* The table of each kind, with -o choosing the default columns but the id and times. */
static void lsipc_tables_are_util_linux_lsipc_tables(void)
{
	struct pair q = queues(), m = made('m'), s = made('s');

	LSIPC_SAME("-q", "-o", "KEY,PERMS,OWNER,USEDBYTES,MSGS,LSPID,LRPID");
	LSIPC_SAME("-m", "-o", "KEY,PERMS,OWNER,SIZE,NATTCH,STATUS,CPID,LPID,COMMAND");
	LSIPC_SAME("-s", "-o", "KEY,PERMS,OWNER,NSEMS");
	LSIPC_SAME("-m", "-b", "-o", "KEY,SIZE,USER,GROUP,CUSER,CGROUP,UID,GID");
	LSIPC_SAME("-s", "-P", "--noheadings", "-o", "KEY,PERMS,NSEMS");
	both_gone(q, 'q');
	both_gone(m, 'm');
	both_gone(s, 's');
}

/* The default columns in -J, -e, -n and -r (whose widths do not depend on the ids). */
static void lsipc_json_export_newline_raw_are_util_linux_lsipc_s(void)
{
	struct pair q = queues(), m = made('m'), s = made('s');

	LSIPC_SAME("-q", "-J");
	LSIPC_SAME("-m", "-J");
	LSIPC_SAME("-s", "-J");
	LSIPC_SAME("-q", "-e");
	LSIPC_SAME("-m", "-e");
	LSIPC_SAME("-s", "-n");
	LSIPC_SAME("-m", "-n");
	LSIPC_SAME("-m", "-r", "-o", "KEY,PERMS,SIZE,NATTCH,STATUS,CPID,COMMAND");
	LSIPC_SAME("-q", "-r", "--noheadings", "-o", "KEY,MSGS,USEDBYTES");
	both_gone(q, 'q');
	both_gone(m, 'm');
	both_gone(s, 's');
}

/* -c, -t, -b, -P and -o +LIST add to or change the default columns the same way. */
static void lsipc_c_t_b_P_o_are_util_linux_lsipc_s(void)
{
	struct pair q = queues(), m = made('m'), s = made('s');

	LSIPC_SAME("-q", "-c", "-e");
	LSIPC_SAME("-m", "-c", "-J");
	LSIPC_SAME("-q", "-t", "-e");
	LSIPC_SAME("-m", "-t", "-b", "-e");
	LSIPC_SAME("-s", "-t", "-J");
	LSIPC_SAME("-s", "-P", "-e");
	LSIPC_SAME("-m", "-P", "-e");
	LSIPC_SAME("-q", "-o", "+CTIME", "-J");
	LSIPC_SAME("-q", "--time-format=iso", "-o", "KEY,CTIME", "-e");
	both_gone(q, 'q');
	both_gone(m, 'm');
	both_gone(s, 's');
}

/* -g: the module's default limits are Linux's, and the same objects use them. */
static void lsipc_g_is_util_linux_lsipc_g(void)
{
	struct pair q = queues(), m = made('m'), s = made('s');

	LSIPC_SAME("-g");
	LSIPC_SAME("-g", "-b");
	LSIPC_SAME("-g", "-J");
	LSIPC_SAME("-g", "-e", "-o", "RESOURCE,LIMIT,USED");
	both_gone(q, 'q');
	both_gone(m, 'm');
	both_gone(s, 's');
	LSIPC_SAME("-g");
}

/* -i ID: every column by its "pretty" name; for a set also its semaphores. */
static void lsipc_i_is_util_linux_lsipc_i(void)
{
	struct pair q = queues(), s = made('s');
	char id[2][16], ids[2][16];
	struct run real, toy;
	char a[4096], b[4096];

	snprintf(id[0], 16, "%d", q.real);
	snprintf(id[1], 16, "%d", q.toy);
	snprintf(ids[0], 16, "%d", s.real);
	snprintf(ids[1], 16, "%d", s.toy);
	for (int k = 0; k < 2; k++) {
		const char *kind = k ? "-s" : "-q";

		run_lsipc(true, &real, (const char *const[]){ kind, "-i", k ? ids[0] : id[0], NULL });
		run_lsipc(false, &toy, (const char *const[]){ kind, "-i", k ? ids[1] : id[1], NULL });
		masked(real.out, id_and_times, a, sizeof(a));
		masked(toy.out, id_and_times, b, sizeof(b));
		if (strcmp(a, b))
			TT_FAIL("lsipc %s -i differs:\nutil-linux:\n%s\ntoyipcctl:\n%s", kind,
				real.out, toy.out);
		run_lsipc(true, &real, (const char *const[]){ kind, "-i", k ? ids[0] : id[0], "-J",
							     NULL });
		run_lsipc(false, &toy, (const char *const[]){ kind, "-i", k ? ids[1] : id[1], "-J",
							     NULL });
		masked(real.out, id_and_times, a, sizeof(a));
		masked(toy.out, id_and_times, b, sizeof(b));
		if (strcmp(a, b))
			TT_FAIL("lsipc %s -i -J differs:\nutil-linux:\n%s\ntoyipcctl:\n%s", kind,
				real.out, toy.out);
	}
	both_gone(q, 'q');
	both_gone(s, 's');
}

/* With no object of the kind: nothing, or lsipc's empty JSON table. */
static void lsipc_of_nothing_is_util_linux_lsipc_of_nothing(void)
{
	LSIPC_SAME("-q");
	LSIPC_SAME("-m", "-J");
	LSIPC_SAME("-s", "-e");
}

/*
 * A segment whose creator's command line holds a blank, a backslash and
 * the quotes and signs that -r, -e and -J each escape their own way.
 * Made on both sides by one process (this program again, "--hold"), which
 * lives until its stdin closes, so /proc/PID/cmdline is there for both.
 */
#define KEY_HELD	0x7e5d0004

static void hold_segments(void)
{
	int real = shmget(KEY_HELD, 4096, IPC_CREAT | IPC_EXCL | 0600);
	int toy = toy_shmget(KEY_HELD, 4096, IPC_CREAT | IPC_EXCL | 0600);
	char c;

	if (real < 0 || toy < 0 || write(1, "x", 1) != 1)
		_exit(1);
	while (read(0, &c, 1) > 0)
		;
	_exit(shmctl(real, IPC_RMID, NULL) || toy_shmctl(toy, IPC_RMID, NULL));
}

static void lsipc_escapes_a_command_line_as_util_linux_lsipc(void)
{
	int in[2], out[2], status;
	pid_t pid;
	char c;

	TT_ASSERT(pipe(in) == 0 && pipe(out) == 0);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (!pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl("/proc/self/exe", "ipcs_compare_test", "--hold", "a b\tc", "$HOME",
		      "\"quoted\"", "back\\slash`tick`", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	TT_ASSERT(read(out[0], &c, 1) == 1);
	LSIPC_SAME("-m", "-o", "KEY,CPID,COMMAND");
	LSIPC_SAME("-m", "-r", "-o", "KEY,CPID,COMMAND");
	LSIPC_SAME("-m", "-e", "-o", "KEY,CPID,COMMAND");
	LSIPC_SAME("-m", "-J", "-o", "KEY,CPID,COMMAND");
	close(in[1]);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status));
}

int main(int argc, char **argv)
{
	static const struct tt_case cases[] = {
		TT_CASE(util_linux_ipcs_is_there),
		TT_CASE(ipcs_l_is_util_linux_ipcs_l),
		TT_CASE(ipcs_rows_are_util_linux_ipcs_rows_but_the_id),
		TT_CASE(ipcs_c_p_t_are_util_linux_ipcs_c_p_t),
		TT_CASE(ipcs_u_is_util_linux_ipcs_u),
		TT_CASE(ipcs_q_i_is_util_linux_ipcs_q_i_but_id_and_times),
		TT_CASE(lsipc_tables_are_util_linux_lsipc_tables),
		TT_CASE(lsipc_json_export_newline_raw_are_util_linux_lsipc_s),
		TT_CASE(lsipc_c_t_b_P_o_are_util_linux_lsipc_s),
		TT_CASE(lsipc_g_is_util_linux_lsipc_g),
		TT_CASE(lsipc_i_is_util_linux_lsipc_i),
		TT_CASE(lsipc_of_nothing_is_util_linux_lsipc_of_nothing),
		TT_CASE(lsipc_escapes_a_command_line_as_util_linux_lsipc),
		TT_CASE(lsipc_times_are_written_as_util_linux_lsipc_writes_them),
		{ NULL, NULL },
	};

	if (argc > 1 && !strcmp(argv[1], "--hold"))
		hold_segments();

	return tt_main("ipcs_compare", cases);
}
