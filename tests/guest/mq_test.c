// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/mqueue.c: toy_mq_open ... toy_mq_notify.
 *
 * Differential, like shm_test.c: each scenario runs over glibc's mq_* and
 * over libtoyipc's toy_mq_*, notes what it sees (return values, errno
 * names, attributes, bytes, priorities, signals and their siginfo), checks
 * the rule it is about with EXPECT on both, and the two transcripts must
 * be equal.  The queue files are compared too: /dev/mqueue/NAME (the test
 * mounts mqueue there if needed) against /dev/toymqueue/NAME (a mount of
 * the toy's filesystem, unmounted at the end so that rmmod can work).
 */
#include <limits.h>
#include <dirent.h>
#include <grp.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"

#define TT_API struct mq_api
#include "transcript.h"

struct mq_api {
	const char *name;
	const char *dir;	/* where its filesystem is mounted */
	mqd_t (*open)(const char *name, int oflag, ...);
	int (*close)(mqd_t mqdes);
	int (*unlink)(const char *name);
	int (*send)(mqd_t, const char *, size_t, unsigned int);
	int (*timedsend)(mqd_t, const char *, size_t, unsigned int, const struct timespec *);
	ssize_t (*receive)(mqd_t, char *, size_t, unsigned int *);
	ssize_t (*timedreceive)(mqd_t, char *, size_t, unsigned int *, const struct timespec *);
	int (*getattr)(mqd_t, struct mq_attr *);
	int (*setattr)(mqd_t, const struct mq_attr *, struct mq_attr *);
	int (*notify)(mqd_t, const struct sigevent *);
};

static const struct mq_api real_api = {
	"real", "/dev/mqueue", mq_open, mq_close, mq_unlink, mq_send, mq_timedsend,
	mq_receive, mq_timedreceive, mq_getattr, mq_setattr, mq_notify,
};
static const struct mq_api toy_api = {
	"toy", "/dev/toymqueue", toy_mq_open, toy_mq_close, toy_mq_unlink, toy_mq_send,
	toy_mq_timedsend, toy_mq_receive, toy_mq_timedreceive, toy_mq_getattr,
	toy_mq_setattr, toy_mq_notify,
};

DIFFERENTIAL_HARNESS()

#define Q	"/tt-mq"

/* A new queue Q of MAXMSG messages of MSGSIZE bytes, the name unlinked first. */
static mqd_t new_queue(const struct mq_api *api, int oflag, long maxmsg, long msgsize)
{
	struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
	mqd_t q;

	api->unlink(Q);
	q = api->open(Q, oflag | O_CREAT | O_EXCL, 0600, &a);
	if (q < 0)
		TT_FAIL("%s: mq_open: %s", api->name, strerror(errno));
	return q;
}

static void note_attr(const struct mq_api *api, struct log *l, mqd_t q)
{
	struct mq_attr a;

	memset(&a, 0xa5, sizeof(a));
	if (outcome(l, "getattr", api->getattr(q, &a)) == 0)
		note(l, "  flags %#lx maxmsg %ld msgsize %ld curmsgs %ld",
		     a.mq_flags, a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

static void send_str(const struct mq_api *api, struct log *l, mqd_t q, const char *s,
		     unsigned int prio)
{
	char what[64];

	snprintf(what, sizeof(what), "send \"%s\" prio %u", s, prio);
	outcome(l, what, api->send(q, s, strlen(s), prio));
}

static void recv_note(const struct mq_api *api, struct log *l, mqd_t q, size_t size)
{
	char buf[8192 + 1];
	unsigned int prio = 999;
	ssize_t n = api->receive(q, buf, size, &prio);

	if (n < 0) {
		outcome(l, "receive", n);
		return;
	}
	note(l, "receive = %zd \"%.*s\" prio %u", n, (int)n, buf, prio);
}

static struct timespec in_ms(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += ms * 1000000;
	ts.tv_sec += ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	return ts;
}

/* --- names */

DIFFERENTIAL_TEST(names_follow_glibc_and_the_mqueue_filesystem)
{
	char longname[NAME_MAX + 3];

	api->unlink(Q);
	outcome(l, "open without slash", api->open("tt-mq", O_RDWR | O_CREAT, 0600, NULL));
	outcome(l, "open \"/\"", api->open("/", O_RDWR | O_CREAT, 0600, NULL));
	outcome(l, "open \"/a/b\"", api->open("/a/b", O_RDWR | O_CREAT, 0600, NULL));
	outcome(l, "open \"/.\"", api->open("/.", O_RDWR, 0600, NULL));
	memset(longname, 'x', sizeof(longname));
	longname[0] = '/';
	longname[NAME_MAX + 2] = '\0';
	outcome(l, "open 256 chars", api->open(longname, O_RDWR | O_CREAT, 0600, NULL));
	longname[NAME_MAX + 1] = '\0';
	outcome_ok(l, "open 255 chars", api->open(longname, O_RDWR | O_CREAT, 0600, NULL));
	outcome(l, "unlink 255 chars", api->unlink(longname));
	outcome(l, "open missing", api->open(Q, O_RDWR));
	EXPECT(l, errno == ENOENT);
	outcome_ok(l, "create", api->open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, NULL));
	outcome(l, "create again, exclusive", api->open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, NULL));
	EXPECT(l, errno == EEXIST);
	outcome(l, "open O_WRONLY|O_RDWR", api->open(Q, O_WRONLY | O_RDWR));
	outcome(l, "unlink", api->unlink(Q));
	outcome(l, "unlink again", api->unlink(Q));
	EXPECT(l, errno == ENOENT);
	outcome(l, "unlink without slash", api->unlink("tt-mq"));
}

DIFFERENTIAL_TEST(a_descriptor_is_close_on_exec_and_keeps_o_nonblock)
{
	mqd_t q = new_queue(api, O_RDWR | O_NONBLOCK, 2, 16);

	note(l, "FD_CLOEXEC %d", fcntl(q, F_GETFD) & FD_CLOEXEC);
	note(l, "O_NONBLOCK %d", !!(fcntl(q, F_GETFL) & O_NONBLOCK));
	note_attr(api, l, q);
	outcome(l, "close", api->close(q));
	outcome(l, "getattr of closed", api->getattr(q, &(struct mq_attr){ 0 }));
	outcome(l, "send on a plain fd", api->send(0, "x", 1, 0));
	api->unlink(Q);
}

/* --- attributes and limits */

DIFFERENTIAL_TEST(a_queue_without_attr_gets_the_namespace_defaults)
{
	mqd_t q;

	api->unlink(Q);
	q = api->open(Q, O_RDWR | O_CREAT, 0600, NULL);
	EXPECT(l, q >= 0);
	note_attr(api, l, q);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(mq_attr_is_checked_against_fs_mqueue_limits)
{
	static const long sizes[][2] = {
		{ 0, 16 }, { 4, 0 }, { -1, 16 }, { 4, -1 }, { 10, 8192 }, { 11, 16 },
		{ 4, 8193 }, { 65536, 1 }, { 65537, 1 }, { 1, 16 * 1024 * 1024 + 1 },
		{ 1000, 8192 },
	};
	char what[64];
	pid_t pid;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct mq_attr a = { .mq_maxmsg = sizes[i][0], .mq_msgsize = sizes[i][1] };
		mqd_t q;

		api->unlink(Q);
		snprintf(what, sizeof(what), "root: maxmsg %ld msgsize %ld", sizes[i][0],
			 sizes[i][1]);
		q = outcome_ok(l, what, api->open(Q, O_RDWR | O_CREAT, 0600, &a));
		if (q >= 0)
			api->close(q);
		api->unlink(Q);
	}
	/* Without CAP_SYS_RESOURCE the sysctls are the ceiling. */
	pid = fork_child(l);
	if (pid == 0) {
		become_user_2000();
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			struct mq_attr a = { .mq_maxmsg = sizes[i][0],
					     .mq_msgsize = sizes[i][1] };
			mqd_t q;

			snprintf(what, sizeof(what), "nobody: maxmsg %ld msgsize %ld",
				 sizes[i][0], sizes[i][1]);
			q = outcome_ok(l, what, api->open("/tt-mq-nobody", O_RDWR | O_CREAT,
							  0600, &a));
			if (q >= 0)
				api->close(q);
			api->unlink("/tt-mq-nobody");
		}
		_exit(0);
	}
	note_child_end(l, pid);
}

DIFFERENTIAL_TEST(the_fs_mqueue_sysctls_are_followed)
{
	char old_max[32], old_def[32];
	struct mq_attr a = { .mq_maxmsg = 15, .mq_msgsize = 64 };
	pid_t pid;
	mqd_t q;

	tt_read_file("/proc/sys/fs/mqueue/msg_max", old_max, sizeof(old_max));
	tt_read_file("/proc/sys/fs/mqueue/msg_default", old_def, sizeof(old_def));
	tt_write_file("/proc/sys/fs/mqueue/msg_max", "20");
	tt_write_file("/proc/sys/fs/mqueue/msg_default", "17");
	api->unlink(Q);
	q = api->open(Q, O_RDWR | O_CREAT, 0600, NULL);
	note_attr(api, l, q);
	api->close(q);
	api->unlink(Q);
	pid = fork_child(l);
	if (pid == 0) {
		become_user_2000();
		q = outcome_ok(l, "nobody: maxmsg 15", api->open(Q, O_RDWR | O_CREAT, 0600, &a));
		a.mq_maxmsg = 21;
		outcome_ok(l, "nobody: maxmsg 21", api->open("/tt-mq-2", O_RDWR | O_CREAT, 0600, &a));
		api->unlink("/tt-mq-2");
		api->unlink(Q);
		_exit(0);
	}
	note_child_end(l, pid);
	tt_write_file("/proc/sys/fs/mqueue/msg_max", old_max);
	tt_write_file("/proc/sys/fs/mqueue/msg_default", old_def);
}

DIFFERENTIAL_TEST(mq_setattr_changes_only_o_nonblock)
{
	mqd_t q = new_queue(api, O_RDWR, 3, 32);
	struct mq_attr set = { .mq_flags = O_NONBLOCK, .mq_maxmsg = 99, .mq_msgsize = 99,
			       .mq_curmsgs = 5 }, old;

	send_str(api, l, q, "a", 0);
	memset(&old, 0xa5, sizeof(old));
	outcome(l, "setattr O_NONBLOCK", api->setattr(q, &set, &old));
	note(l, "  old: flags %#lx maxmsg %ld msgsize %ld curmsgs %ld",
	     old.mq_flags, old.mq_maxmsg, old.mq_msgsize, old.mq_curmsgs);
	note_attr(api, l, q);
	note(l, "fcntl sees O_NONBLOCK %d", !!(fcntl(q, F_GETFL) & O_NONBLOCK));
	set.mq_flags = O_NONBLOCK | O_APPEND;
	outcome(l, "setattr O_APPEND", api->setattr(q, &set, NULL));
	EXPECT(l, errno == EINVAL);
	set.mq_flags = 0;
	outcome(l, "setattr 0", api->setattr(q, &set, NULL));
	note_attr(api, l, q);
	api->close(q);
	api->unlink(Q);
}

/* --- sending and receiving */

DIFFERENTIAL_TEST(messages_come_by_priority_fifo_within_one)
{
	mqd_t q = new_queue(api, O_RDWR, 10, 32);
	int i;

	send_str(api, l, q, "p1-a", 1);
	send_str(api, l, q, "p5-a", 5);
	send_str(api, l, q, "p0-a", 0);
	send_str(api, l, q, "p5-b", 5);
	send_str(api, l, q, "p1-b", 1);
	send_str(api, l, q, "max", MQ_PRIO_MAX - 1);
	outcome(l, "send prio MQ_PRIO_MAX", api->send(q, "x", 1, MQ_PRIO_MAX));
	EXPECT(l, errno == EINVAL);
	send_str(api, l, q, "", 3);
	for (i = 0; i < 7; i++)
		recv_note(api, l, q, 32);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(sizes_beyond_mq_msgsize_are_emsgsize)
{
	mqd_t q = new_queue(api, O_RDWR | O_NONBLOCK, 2, 8);

	outcome(l, "send 9 bytes", api->send(q, "123456789", 9, 0));
	EXPECT(l, errno == EMSGSIZE);
	send_str(api, l, q, "12345678", 0);
	recv_note(api, l, q, 7);
	recv_note(api, l, q, 8);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(o_nonblock_gives_eagain_on_full_and_empty)
{
	mqd_t q = new_queue(api, O_RDWR | O_NONBLOCK, 2, 8);

	recv_note(api, l, q, 8);
	EXPECT(l, errno == EAGAIN);
	send_str(api, l, q, "1", 0);
	send_str(api, l, q, "2", 0);
	send_str(api, l, q, "3", 0);
	EXPECT(l, errno == EAGAIN);
	note_attr(api, l, q);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(access_modes_decide_who_sends_and_receives)
{
	mqd_t q = new_queue(api, O_RDWR, 2, 8), r, w;

	r = api->open(Q, O_RDONLY);
	w = api->open(Q, O_WRONLY);
	outcome(l, "send on O_RDONLY", api->send(r, "x", 1, 0));
	send_str(api, l, w, "w", 0);
	recv_note(api, l, w, 8);
	recv_note(api, l, r, 8);
	api->close(q);
	api->close(r);
	api->close(w);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(timeouts_are_absolute_realtime_and_checked)
{
	mqd_t q = new_queue(api, O_RDWR, 1, 8);
	struct timespec ts = in_ms(50), bad = { .tv_sec = 0, .tv_nsec = 1000000000 };
	struct timespec neg = { .tv_sec = 0, .tv_nsec = -1 };
	char buf[8];

	outcome(l, "timedreceive empty, 50 ms", api->timedreceive(q, buf, 8, NULL, &ts));
	EXPECT(l, errno == ETIMEDOUT);
	outcome(l, "timedreceive tv_nsec 1e9", api->timedreceive(q, buf, 8, NULL, &bad));
	EXPECT(l, errno == EINVAL);
	outcome(l, "timedreceive tv_nsec -1", api->timedreceive(q, buf, 8, NULL, &neg));
	outcome(l, "timedsend tv_nsec 1e9", api->timedsend(q, "x", 1, 0, &bad));
	ts = in_ms(50);
	outcome(l, "timedsend with room", api->timedsend(q, "x", 1, 0, &ts));
	ts = in_ms(50);
	outcome(l, "timedsend full, 50 ms", api->timedsend(q, "y", 1, 0, &ts));
	EXPECT(l, errno == ETIMEDOUT);
	outcome(l, "timedsend full, bad timeout", api->timedsend(q, "y", 1, 0, &bad));
	ts.tv_sec = 0;	/* long past */
	ts.tv_nsec = 0;
	outcome(l, "timedsend full, past", api->timedsend(q, "y", 1, 0, &ts));
	outcome(l, "timedreceive full, past", api->timedreceive(q, buf, 8, NULL, &ts));
	api->close(q);
	api->unlink(Q);
}

static void on_alarm(int sig)
{
	(void)sig;
}

DIFFERENTIAL_TEST(a_signal_interrupts_a_wait_with_eintr)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	mqd_t q = new_queue(api, O_RDWR, 1, 8);
	struct itimerspec it = { .it_value = { .tv_nsec = 50000000 } };
	timer_t t;
	char buf[8];

	sigaction(SIGALRM, &sa, NULL);
	timer_create(CLOCK_MONOTONIC, NULL, &t);
	timer_settime(t, 0, &it, NULL);
	outcome(l, "receive, interrupted", api->receive(q, buf, 8, NULL));
	EXPECT(l, errno == EINTR);
	send_str(api, l, q, "x", 0);
	timer_settime(t, 0, &it, NULL);
	outcome(l, "send full, interrupted", api->send(q, "y", 1, 0));
	timer_delete(t);
	signal(SIGALRM, SIG_DFL);
	api->close(q);
	api->unlink(Q);
}

/* Poll Q for EVENTS, waiting up to MS; note the result and the revents. */
static void note_poll(struct log *l, const char *what, mqd_t q, short events, int ms)
{
	struct pollfd p = { .fd = q, .events = events };
	int n = poll(&p, 1, ms);

	note(l, "%s: poll %d revents %#x", what, n, p.revents);
}

DIFFERENTIAL_TEST(poll_shows_pollin_and_pollout)
{
	mqd_t q = new_queue(api, O_RDWR, 2, 8);
	char buf[8];

	note_poll(l, "empty", q, POLLIN | POLLOUT, 0);
	send_str(api, l, q, "1", 0);
	note_poll(l, "one", q, POLLIN | POLLOUT, 0);
	send_str(api, l, q, "2", 0);
	note_poll(l, "full", q, POLLIN | POLLOUT, 0);
	if (fork_child(l) == 0) {
		usleep(100000);
		_exit(api->receive(q, buf, 8, NULL) == 1 ? 0 : 1);
	}
	note_poll(l, "full, waiting for room", q, POLLOUT, 5000);
	note_child_end(l, l->child);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(an_unlinked_queue_lives_until_the_last_close)
{
	mqd_t q = new_queue(api, O_RDWR, 2, 8), q2;

	send_str(api, l, q, "kept", 0);
	outcome(l, "unlink", api->unlink(Q));
	outcome(l, "open by name", api->open(Q, O_RDWR));
	recv_note(api, l, q, 8);
	q2 = api->open(Q, O_RDWR | O_CREAT, 0600, NULL);
	note_attr(api, l, q2);
	note_attr(api, l, q);
	api->close(q);
	api->close(q2);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(permissions_apply_to_other_users)
{
	mqd_t q = new_queue(api, O_RDWR, 2, 8);
	pid_t pid;

	fchmod(q, 0640);	/* a queue is a file: fchmod works on it */
	pid = fork_child(l);
	if (pid == 0) {
		become_user_2000();
		outcome(l, "nobody O_RDONLY of 0640", api->open(Q, O_RDONLY));
		outcome(l, "nobody unlink", api->unlink(Q));
		_exit(0);
	}
	note_child_end(l, pid);
	fchmod(q, 0604);
	pid = fork_child(l);
	if (pid == 0) {
		become_user_2000();
		outcome_ok(l, "nobody O_RDONLY of 0604", api->open(Q, O_RDONLY));
		outcome(l, "nobody O_WRONLY of 0604", api->open(Q, O_WRONLY));
		outcome(l, "nobody O_RDWR of 0604", api->open(Q, O_RDWR));
		umask(0);
		outcome_ok(l, "nobody creates 0666", api->open("/tt-mq-n", O_RDWR | O_CREAT, 0666, NULL));
		_exit(0);
	}
	note_child_end(l, pid);
	{
		struct stat st;
		char path[64];

		snprintf(path, sizeof(path), "%s/tt-mq-n", api->dir);
		if (stat(path, &st) == 0)
			note(l, "nobody's queue: mode %#o uid %u", st.st_mode, st.st_uid);
		else
			note(l, "stat %s: %s", path, err_name(errno));
	}
	outcome(l, "root unlinks nobody's", api->unlink("/tt-mq-n"));
	api->close(q);
	api->unlink(Q);
}

/*
 * RLIMIT_MSGQUEUE sums a user's queues: each new queue charges its worst
 * case (maxmsg * msgsize, plus a struct msg_msg and a tree node per
 * message, as mqueue_get_inode() counts) to its creator's uid until it is
 * freed, and one that would pass the limit is EMFILE.  User 2000 owns no
 * other queue, so the limit of 3.5 queues lets exactly three be made;
 * unlinking one frees nothing while it is open, closing it then does.
 */
#define RL_MAXMSG	4
#define RL_MSGSIZE	1024
/* sizeof(struct msg_msg) and of struct posix_msg_tree_node: 48 each in an x86_64 kernel. */
#define RL_CHARGE	(RL_MAXMSG * RL_MSGSIZE + RL_MAXMSG * 48 + RL_MAXMSG * 48)

DIFFERENTIAL_TEST(rlimit_msgqueue_sums_the_users_queues)
{
	static const char *const names[] = { "/tt-mq-r0", "/tt-mq-r1", "/tt-mq-r2", "/tt-mq-r3" };
	struct mq_attr a = { .mq_maxmsg = RL_MAXMSG, .mq_msgsize = RL_MSGSIZE };
	pid_t pid;

	for (int i = 0; i < 4; i++)
		api->unlink(names[i]);
	pid = fork_child(l);
	if (pid == 0) {
		struct rlimit rl = { RL_CHARGE * 7 / 2, RL_CHARGE * 7 / 2 };
		mqd_t q[4];

		become_user_2000();
		if (setrlimit(RLIMIT_MSGQUEUE, &rl))
			TT_FAIL("setrlimit(RLIMIT_MSGQUEUE): %s", strerror(errno));
		for (int i = 0; i < 4; i++) {
			q[i] = api->open(names[i], O_RDWR | O_CREAT | O_EXCL, 0600, &a);
			outcome_ok(l, names[i], q[i]);
			EXPECT(l, i < 3 ? q[i] >= 0 : q[i] == -1 && errno == EMFILE);
		}
		outcome(l, "unlink r0, still open", api->unlink(names[0]));
		q[3] = api->open(names[3], O_RDWR | O_CREAT | O_EXCL, 0600, &a);
		outcome_ok(l, "r3 with r0 unlinked but open", q[3]);
		EXPECT(l, q[3] == -1 && errno == EMFILE);
		outcome(l, "close r0", api->close(q[0]));
		q[3] = api->open(names[3], O_RDWR | O_CREAT | O_EXCL, 0600, &a);
		outcome_ok(l, "r3 with r0 gone", q[3]);
		EXPECT(l, q[3] >= 0);
		/* A queue of its own size alone: no limit is per queue. */
		a.mq_maxmsg = 1;
		a.mq_msgsize = 1;
		outcome_ok(l, "a 1-byte queue beside three", api->open("/tt-mq-r4",
				O_RDWR | O_CREAT | O_EXCL, 0600, &a));
		for (int i = 1; i < 4; i++)
			api->unlink(names[i]);
		api->unlink("/tt-mq-r4");
		_exit(0);
	}
	note_child_end(l, pid);
}

/*
 * What stays different (docs/en/parity.md section 3): the toy's sum is of
 * the user's toy queues alone.  With one real queue of user 2000's, Linux
 * lets it make two more real ones under the 3.5-queue limit; the toy lets
 * it make three toy ones, as if the real queue were not there.
 */
static void real_queues_do_not_count_against_the_toys_rlimit_msgqueue_unlike_linux(void)
{
	static const char *const names[] = { "/tt-mq-p0", "/tt-mq-p1", "/tt-mq-p2", "/tt-mq-p3" };
	struct mq_attr a = { .mq_maxmsg = RL_MAXMSG, .mq_msgsize = RL_MSGSIZE };
	pid_t pid;

	for (int i = 0; i < 4; i++) {
		mq_unlink(names[i]);
		toy_mq_unlink(names[i]);
	}
	pid = tt_fork();
	if (pid == 0) {
		struct rlimit rl = { RL_CHARGE * 7 / 2, RL_CHARGE * 7 / 2 };
		int real = 0, toy = 0;

		become_user_2000();
		TT_ASSERT(setrlimit(RLIMIT_MSGQUEUE, &rl) == 0);
		TT_ASSERT(mq_open("/tt-mq-p", O_RDWR | O_CREAT | O_EXCL, 0600, &a) >= 0);
		for (int i = 0; i < 4; i++) {
			if (mq_open(names[i], O_RDWR | O_CREAT | O_EXCL, 0600, &a) >= 0)
				real++;
			else
				TT_ASSERT(errno == EMFILE);
			if (toy_mq_open(names[i], O_RDWR | O_CREAT | O_EXCL, 0600, &a) >= 0)
				toy++;
			else
				TT_ASSERT(errno == EMFILE);
		}
		for (int i = 0; i < 4; i++) {
			mq_unlink(names[i]);
			toy_mq_unlink(names[i]);
		}
		mq_unlink("/tt-mq-p");
		if (real != 2 || toy != 3)
			TT_FAIL("beside one real queue: %d more real ones (Linux: 2), %d toy ones (toy: 3)",
				real, toy);
		_exit(0);
	}
	tt_wait_ok(pid);
}

DIFFERENTIAL_TEST(blocked_receivers_are_served_in_arrival_order)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);
	pid_t a, b;

	a = fork_child(l);
	if (a == 0) {
		recv_note(api, l, q, 8);
		_exit(0);
	}
	tt_wait_asleep(a);	/* A waits first */
	b = fork_child(l);
	if (b == 0) {
		recv_note(api, l, q, 8);
		_exit(0);
	}
	tt_wait_asleep(b);
	/* Noted before sending: the receiver notes what it got at once. */
	note(l, "send \"to-A\" prio 1");
	EXPECT(l, api->send(q, "to-A", 4, 1) == 0);
	waitpid(a, NULL, 0);
	note(l, "send \"to-B\" prio 9");
	EXPECT(l, api->send(q, "to-B", 4, 9) == 0);
	waitpid(b, NULL, 0);
	note_attr(api, l, q);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(blocked_senders_are_served_in_arrival_order)
{
	mqd_t q = new_queue(api, O_RDWR, 1, 8);
	pid_t a, b;
	int i;

	send_str(api, l, q, "first", 0);
	a = fork_child(l);
	if (a == 0) {
		api->send(q, "A", 1, 0);
		_exit(0);
	}
	tt_wait_asleep(a);	/* A waits first */
	b = fork_child(l);
	if (b == 0) {
		api->send(q, "B", 1, 7);
		_exit(0);
	}
	tt_wait_asleep(b);
	/* Each receive lets one sender in: it is done before the next receive. */
	for (i = 0; i < 3; i++) {
		recv_note(api, l, q, 8);
		if (i < 2) {
			pid_t w = waitpid(-1, NULL, 0);

			note(l, "  sender %s is done", w == a ? "A" : w == b ? "B" : "?");
		}
	}
	api->close(q);
	api->unlink(Q);
}

/*
 * Waiters are served by scheduling priority first and in arrival order
 * within one (ipc/mqueue.c's wq_add()).  Three children block in turn, each
 * once the one before sleeps: nice 10 first, then two at nice 0.  Each
 * message goes to the best waiter at that moment: the nice 0 ones, oldest
 * first, before the nice 10 one that waited longest.
 */
static const int waiter_nice[3] = { 10, 0, 0 };
static const char *const waiter_name[3] = { "nice 10 (came 1st)", "nice 0 (came 2nd)",
					    "nice 0 (came 3rd)" };

/* Which of @pids ended next, noted by name. */
static void note_next_end(struct log *l, const pid_t pids[3])
{
	pid_t w = waitpid(-1, NULL, 0);

	for (int i = 0; i < 3; i++)
		if (w == pids[i])
			note(l, "  %s is done", waiter_name[i]);
}

DIFFERENTIAL_TEST(blocked_receivers_are_served_by_priority_then_arrival)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);
	pid_t pids[3];

	for (int i = 0; i < 3; i++) {
		pids[i] = fork_child(l);
		if (pids[i] == 0) {
			char buf[8];
			ssize_t n;

			if (setpriority(PRIO_PROCESS, 0, waiter_nice[i]) < 0)
				_exit(1);
			n = api->receive(q, buf, sizeof(buf), NULL);
			note(l, "  %s receives %zd \"%.*s\"", waiter_name[i], n,
			     n > 0 ? (int)n : 0, buf);
			_exit(0);
		}
		tt_wait_asleep(pids[i]);
	}
	for (int i = 0; i < 3; i++) {
		char m[4] = { 'm', (char)('1' + i), '\0' };

		/* Noted before sending: the receiver notes what it got at once. */
		note(l, "send \"%s\"", m);
		EXPECT(l, api->send(q, m, 2, 0) == 0);
		note_next_end(l, pids);
	}
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(blocked_senders_are_served_by_priority_then_arrival)
{
	mqd_t q = new_queue(api, O_RDWR, 1, 8);
	pid_t pids[3];

	send_str(api, l, q, "full", 0);
	for (int i = 0; i < 3; i++) {
		pids[i] = fork_child(l);
		if (pids[i] == 0) {
			char m[4] = { 's', (char)('1' + i), '\0' };

			if (setpriority(PRIO_PROCESS, 0, waiter_nice[i]) < 0)
				_exit(1);
			api->send(q, m, 2, 0);
			_exit(0);
		}
		tt_wait_asleep(pids[i]);
	}
	/* Each receive makes room for one sender, whose message is then queued. */
	for (int i = 0; i < 3; i++) {
		recv_note(api, l, q, 8);
		note_next_end(l, pids);
	}
	recv_note(api, l, q, 8);
	api->close(q);
	api->unlink(Q);
}

/* --- mq_notify */

/* SIGUSR1 blocked, so that a notification waits for sigtimedwait(). */
static void block_usr1(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

static void note_signal(struct log *l, long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 };
	siginfo_t si;
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	if (sigtimedwait(&s, &si, &ts) < 0) {
		note(l, "no signal (%s)", err_name(errno));
		return;
	}
	note(l, "signal %s code %s value %d pid %s uid %u", sigabbrev_np(si.si_signo),
	     si.si_code == SI_MESGQ ? "SI_MESGQ" : "other", si.si_value.sival_int,
	     who(l, si.si_pid), si.si_uid);
}

static const struct sigevent usr1 = {
	.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1, .sigev_value.sival_int = 42,
};

static void send_from_child(const struct mq_api *api, struct log *l, mqd_t q, const char *s)
{
	if (fork_child(l) == 0) {
		send_str(api, l, q, s, 0);
		_exit(0);
	}
	note_child_end(l, l->child);
}

DIFFERENTIAL_TEST(sigev_signal_fires_once_with_si_mesgq)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);

	block_usr1();
	outcome(l, "notify SIGUSR1", api->notify(q, &usr1));
	send_from_child(api, l, q, "1");
	note_signal(l, 1000);
	recv_note(api, l, q, 8);
	send_from_child(api, l, q, "2");
	note_signal(l, 100);
	outcome(l, "notify again", api->notify(q, &usr1));
	outcome(l, "notify a third time", api->notify(q, &usr1));
	EXPECT(l, errno == EBUSY);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(notification_only_on_empty_to_non_empty)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);

	block_usr1();
	send_str(api, l, q, "1", 0);
	outcome(l, "notify", api->notify(q, &usr1));
	send_str(api, l, q, "2", 0);
	note_signal(l, 100);
	recv_note(api, l, q, 8);
	recv_note(api, l, q, 8);
	send_str(api, l, q, "3", 0);
	note_signal(l, 1000);
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(no_notification_while_a_receiver_waits)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);
	pid_t pid;

	block_usr1();
	outcome(l, "notify", api->notify(q, &usr1));
	pid = fork_child(l);
	if (pid == 0) {
		recv_note(api, l, q, 8);
		_exit(0);
	}
	tt_wait_asleep(pid);	/* the receiver waits: the send goes to it */
	note(l, "send \"direct\"");	/* first: the receiver notes at once */
	EXPECT(l, api->send(q, "direct", 6, 0) == 0);
	note_child_end(l, pid);
	note_signal(l, 100);
	outcome(l, "notify while registered", api->notify(q, &usr1));
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(one_registrant_until_notify_null_or_close)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8), q2;
	pid_t pid;

	block_usr1();
	outcome(l, "notify", api->notify(q, &usr1));
	pid = fork_child(l);
	if (pid == 0) {
		outcome(l, "child: notify", api->notify(q, &usr1));
		outcome(l, "child: notify NULL (not its own)", api->notify(q, NULL));
		_exit(0);
	}
	note_child_end(l, pid);
	outcome(l, "notify NULL", api->notify(q, NULL));
	send_str(api, l, q, "1", 0);
	note_signal(l, 100);
	recv_note(api, l, q, 8);
	q2 = api->open(Q, O_RDWR);
	outcome(l, "notify on a second descriptor", api->notify(q2, &usr1));
	outcome(l, "close the second", api->close(q2));
	pid = fork_child(l);
	if (pid == 0) {
		outcome(l, "child: notify after close", api->notify(q, &usr1));
		_exit(0);
	}
	note_child_end(l, pid);
	outcome(l, "notify bad sigev_notify", api->notify(q, &(struct sigevent){ .sigev_notify = 99 }));
	outcome(l, "notify bad signal", api->notify(q, &(struct sigevent){
		.sigev_notify = SIGEV_SIGNAL, .sigev_signo = 65 }));
	outcome(l, "notify on a plain fd", api->notify(0, &usr1));
	api->close(q);
	api->unlink(Q);
}

DIFFERENTIAL_TEST(sigev_none_registers_and_fires_silently)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);
	struct sigevent none = { .sigev_notify = SIGEV_NONE };
	pid_t pid;

	block_usr1();
	outcome(l, "notify SIGEV_NONE", api->notify(q, &none));
	pid = fork_child(l);
	if (pid == 0) {
		outcome(l, "child: notify", api->notify(q, &usr1));
		_exit(0);
	}
	note_child_end(l, pid);
	send_str(api, l, q, "1", 0);
	note_signal(l, 100);
	pid = fork_child(l);
	if (pid == 0) {
		outcome(l, "child: notify after it fired", api->notify(q, &usr1));
		_exit(0);
	}
	note_child_end(l, pid);
	api->close(q);
	api->unlink(Q);
}

static atomic_int thread_calls, thread_value;
static pthread_t main_thread;
static atomic_int thread_was_other;

static void on_notify(union sigval v)
{
	thread_value = v.sival_int;
	thread_was_other = !pthread_equal(pthread_self(), main_thread);
	thread_calls++;
}

DIFFERENTIAL_TEST(sigev_thread_calls_the_function_in_a_new_thread)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 8);
	struct sigevent th = {
		.sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_notify,
		.sigev_value.sival_int = 7,
	};
	int i;

	thread_calls = thread_value = thread_was_other = 0;
	main_thread = pthread_self();
	outcome(l, "notify SIGEV_THREAD", api->notify(q, &th));
	outcome(l, "notify again", api->notify(q, &th));
	send_from_child(api, l, q, "1");
	for (i = 0; i < 200 && !thread_calls; i++)
		usleep(10000);
	usleep(50000);
	note(l, "calls %d value %d other thread %d", thread_calls, thread_value,
	     thread_was_other);
	recv_note(api, l, q, 8);
	send_str(api, l, q, "2", 0);
	usleep(100000);
	note(l, "calls after a second message %d", thread_calls);
	outcome(l, "notify after it fired", api->notify(q, &th));
	outcome(l, "notify NULL", api->notify(q, NULL));
	recv_note(api, l, q, 8);
	send_str(api, l, q, "3", 0);
	usleep(100000);
	note(l, "calls after removal %d", thread_calls);
	api->close(q);
	api->unlink(Q);
}

/* Threads of this process: the entries of /proc/self/task. */
static int task_count(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		TT_FAIL("opendir /proc/self/task: %s", strerror(errno));
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static atomic_int fn_calls, fn_usr1_blocked, fn_tasks, fn_detached;
static atomic_size_t fn_stacksize;

static void on_notify_look(union sigval v)
{
	pthread_attr_t a;
	sigset_t mask;
	size_t size = 0;
	int det = -1;

	(void)v;
	pthread_sigmask(SIG_BLOCK, NULL, &mask);
	fn_usr1_blocked = sigismember(&mask, SIGUSR1);
	if (pthread_getattr_np(pthread_self(), &a) == 0) {
		pthread_attr_getdetachstate(&a, &det);
		pthread_attr_getstacksize(&a, &size);
		pthread_attr_destroy(&a);
	}
	fn_detached = det == PTHREAD_CREATE_DETACHED;
	fn_stacksize = size;
	fn_tasks = task_count();
	fn_calls++;
}

/* Wait for the function's call, then for its thread to be gone. */
static void wait_for_the_call(struct log *l, int calls)
{
	int i;

	for (i = 0; i < 300 && fn_calls < calls; i++)
		usleep(10000);
	EXPECT(l, fn_calls == calls);
	for (i = 0; i < 300 && task_count() >= fn_tasks; i++)
		usleep(10000);
}

/*
 * How many threads SIGEV_THREAD costs, and how the function runs: glibc
 * has one helper thread for the process from the first request on (also
 * one that fails), and starts the function's thread only when the
 * notification comes, detached, with every signal unblocked whatever the
 * registering thread blocked, and with a copy of sigev_notify_attributes
 * (the caller may destroy its own at once).  The toy used to run a thread
 * per registration from the request on, with the registrant's mask.
 */
DIFFERENTIAL_TEST(sigev_thread_has_one_helper_and_runs_the_function_with_signals_unblocked)
{
	mqd_t a = new_queue(api, O_RDWR, 4, 8), b;
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 8 };
	struct sigevent th = {
		.sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_notify_look,
	};
	pthread_attr_t attr;
	sigset_t usr1, old;
	int base;

	api->unlink(Q "2");
	b = api->open(Q "2", O_RDWR | O_CREAT | O_EXCL, 0600, &at);
	EXPECT(l, b >= 0);
	fn_calls = 0;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, &old);
	base = task_count();
	outcome(l, "notify a", api->notify(a, &th));
	note(l, "threads after one request %+d", task_count() - base);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1 << 20);
	th.sigev_notify_attributes = &attr;
	outcome(l, "notify b (1 MiB stack)", api->notify(b, &th));
	pthread_attr_destroy(&attr);	/* the request keeps its own copy */
	th.sigev_notify_attributes = NULL;
	note(l, "threads after two requests %+d", task_count() - base);
	outcome(l, "notify a again", api->notify(a, &th));
	note(l, "threads after a refused one %+d", task_count() - base);

	send_str(api, l, a, "1", 0);
	wait_for_the_call(l, 1);
	note(l, "a fired: function's thread %+d, then %+d; detached %d; SIGUSR1 blocked %d",
	     fn_tasks - base, task_count() - base, fn_detached, fn_usr1_blocked);
	send_str(api, l, b, "2", 0);
	wait_for_the_call(l, 2);
	note(l, "b fired: stack of 1 MiB %d", fn_stacksize == 1 << 20);
	outcome(l, "notify b again", api->notify(b, &th));
	outcome(l, "notify b NULL", api->notify(b, NULL));
	usleep(50000);
	note(l, "threads after all ended %+d (calls %d)", task_count() - base, fn_calls);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	api->close(a);
	api->close(b);
	api->unlink(Q);
	api->unlink(Q "2");
}

/*
 * Toy only: a child of fork() has no helper thread (threads do not fork),
 * so libtoyipc drops the parent's registrations in the child and starts a
 * helper of the child's own at its first request.  glibc does the same
 * but keeps reading the parent's netlink socket, so either helper may take
 * a notification: that side is not deterministic enough to compare.
 */
static void sigev_thread_works_in_a_child_after_fork(void)
{
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 8 };
	struct sigevent th = {
		.sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_notify_look,
	};
	mqd_t a, b;
	pid_t pid;
	int status, i;

	toy_mq_unlink(Q);
	toy_mq_unlink(Q "2");
	a = toy_mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, &at);
	b = toy_mq_open(Q "2", O_RDWR | O_CREAT | O_EXCL, 0600, &at);
	TT_ASSERT(a >= 0 && b >= 0);
	fn_calls = 0;
	TT_ASSERT(toy_mq_notify(a, &th) == 0);	/* the parent's helper */
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		int base = task_count();

		if (base != 1 || toy_mq_notify(b, &th) || task_count() != 2 ||
		    toy_mq_send(b, "c", 1, 0))
			_exit(1);
		for (i = 0; i < 300 && fn_calls < 1; i++)
			usleep(10000);
		_exit(fn_calls == 1 ? 0 : 2);
	}
	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	TT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	TT_ASSERT(fn_calls == 0);	/* the parent's registration is still there */
	TT_ASSERT(toy_mq_send(a, "p", 1, 0) == 0);
	for (i = 0; i < 300 && fn_calls < 1; i++)
		usleep(10000);
	TT_ASSERT(fn_calls == 1);
	toy_mq_close(a);
	toy_mq_close(b);
	toy_mq_unlink(Q);
	toy_mq_unlink(Q "2");
}

/* --- the queue file */

DIFFERENTIAL_TEST(the_queue_file_shows_qsize_and_notify)
{
	mqd_t q = new_queue(api, O_RDWR, 4, 16);
	char path[64], buf[256], *pid;

	snprintf(path, sizeof(path), "%s%s", api->dir, Q);
	send_str(api, l, q, "hello", 0);
	send_str(api, l, q, "world!", 0);
	block_usr1();
	tt_read_file(path, buf, sizeof(buf));
	note(l, "%s", buf);
	api->notify(q, &usr1);
	tt_read_file(path, buf, sizeof(buf));
	pid = strstr(buf, "NOTIFY_PID:");
	if (pid && atoi(pid + 11) == getpid())
		strcpy(pid + 11, "self\n");
	note(l, "%s", buf);
	api->close(q);
	outcome(l, "unlink by rm", unlink(path));
	outcome(l, "open after rm", api->open(Q, O_RDWR));
}

static void mount_filesystems(void)
{
	mkdir("/dev/mqueue", 0755);
	mkdir("/dev/toymqueue", 0755);
	mount("none", "/dev/mqueue", "mqueue", 0, NULL);
	if (mount("none", "/dev/toymqueue", "toymqueue", 0, NULL))
		printf("# mount toymqueue: %s\n", strerror(errno));
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(names_follow_glibc_and_the_mqueue_filesystem),
		TT_CASE(a_descriptor_is_close_on_exec_and_keeps_o_nonblock),
		TT_CASE(a_queue_without_attr_gets_the_namespace_defaults),
		TT_CASE(mq_attr_is_checked_against_fs_mqueue_limits),
		TT_CASE(the_fs_mqueue_sysctls_are_followed),
		TT_CASE(mq_setattr_changes_only_o_nonblock),
		TT_CASE(messages_come_by_priority_fifo_within_one),
		TT_CASE(sizes_beyond_mq_msgsize_are_emsgsize),
		TT_CASE(o_nonblock_gives_eagain_on_full_and_empty),
		TT_CASE(access_modes_decide_who_sends_and_receives),
		TT_CASE(timeouts_are_absolute_realtime_and_checked),
		TT_CASE(a_signal_interrupts_a_wait_with_eintr),
		TT_CASE(poll_shows_pollin_and_pollout),
		TT_CASE(an_unlinked_queue_lives_until_the_last_close),
		TT_CASE(permissions_apply_to_other_users),
		TT_CASE(rlimit_msgqueue_sums_the_users_queues),
		TT_CASE(real_queues_do_not_count_against_the_toys_rlimit_msgqueue_unlike_linux),
		TT_CASE(blocked_receivers_are_served_in_arrival_order),
		TT_CASE(blocked_senders_are_served_in_arrival_order),
		TT_CASE(blocked_receivers_are_served_by_priority_then_arrival),
		TT_CASE(blocked_senders_are_served_by_priority_then_arrival),
		TT_CASE(sigev_signal_fires_once_with_si_mesgq),
		TT_CASE(notification_only_on_empty_to_non_empty),
		TT_CASE(no_notification_while_a_receiver_waits),
		TT_CASE(one_registrant_until_notify_null_or_close),
		TT_CASE(sigev_none_registers_and_fires_silently),
		TT_CASE(sigev_thread_calls_the_function_in_a_new_thread),
		TT_CASE(sigev_thread_has_one_helper_and_runs_the_function_with_signals_unblocked),
		TT_CASE(sigev_thread_works_in_a_child_after_fork),
		TT_CASE(the_queue_file_shows_qsize_and_notify),
		{ NULL, NULL },
	};
	int ret;

	mount_filesystems();
	ret = tt_main_time32("mq", cases);
	umount("/dev/toymqueue");	/* a mount pins the module */
	return ret;
}
