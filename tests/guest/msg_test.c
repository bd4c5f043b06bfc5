// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/msg.c and user/lib/toy_msg.c: System V message queues, toy
 * against real.
 *
 * Most tests are differential: a scenario is written once against a
 * struct msg_api (msgget, msgsnd, msgrcv, msgctl), run over the real
 * system calls and over libtoyipc, and each run both checks the rules it
 * is about and records every result (return value, errno, message type,
 * text, IPC_STAT fields) in a trace.  The two traces must then be equal
 * step by step.  The few deliberate differences have their own tests,
 * named after them.
 */
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/msg.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"

/* The calls a scenario makes: the real ones or libtoyipc's. */
struct msg_api {
	const char *name;
	int (*get)(key_t key, int msgflg);
	int (*snd)(int msqid, const void *msgp, size_t msgsz, int msgflg);
	ssize_t (*rcv)(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);
	int (*ctl)(int msqid, int cmd, struct msqid_ds *buf);
};

static const struct msg_api real_api = { "real", msgget, msgsnd, msgrcv, msgctl };
static const struct msg_api toy_api = { "toy", toy_msgget, toy_msgsnd, toy_msgrcv, toy_msgctl };

/* Linux's defaults, which the toy's module parameters default to. */
#define MSGMAX	8192
#define MSGMNB	16384

#define NOBODY	65534	/* an unprivileged uid and gid */

struct msg {
	long mtype;
	char mtext[MSGMAX + 16];
};

/* What the scenario saw, step by step; in shared memory so children can add to it. */
struct step {
	char what[64];
	long ret;
	int err;	/* errno when ret is -1, else 0 */
};

struct trace {
	const struct msg_api *api;
	int n;
	struct step steps[160];
};

static void *shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	TT_ASSERT(p != MAP_FAILED);
	memset(p, 0, size);
	return p;
}

/*
 * fork() for the helpers of a test: a child dies with the test's process,
 * so a failed test leaves no child asleep on a queue (holding the suite's
 * output open, and the module).
 */
static pid_t fork_child(void)
{
	pid_t parent = getpid(), pid;

	fflush(stdout);
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent))
		_exit(1);
	return pid;
}

/* Record a result; call it right after the call, with errno untouched. */
static long record(struct trace *t, const char *what, long ret)
{
	struct step *s = &t->steps[t->n];
	int err = errno;

	if (t->n >= (int)(sizeof(t->steps) / sizeof(t->steps[0])))
		TT_FAIL("trace full at '%s'", what);
	snprintf(s->what, sizeof(s->what), "%s", what);
	s->ret = ret;
	s->err = ret == -1 ? err : 0;
	t->n++;
	return ret;
}

/* Record a value that is not a call's result (a stat field, a flag). */
static void note(struct trace *t, const char *what, long value)
{
	errno = 0;
	record(t, what, value);
}

/* Record a call and check it against what Linux is documented to do. */
static long expect(struct trace *t, const char *what, long ret, long want, int want_err)
{
	int err = errno;

	record(t, what, ret);
	if (ret != want || (want == -1 && err != want_err))
		TT_FAIL("%s: %s returned %ld errno %d (%s), expected %ld%s%s", t->api->name,
			what, ret, ret == -1 ? err : 0, ret == -1 ? strerror(err) : "-",
			want, want == -1 ? " errno " : "", want == -1 ? strerror(want_err) : "");
	return ret;
}

static long expect_ok(struct trace *t, const char *what, long ret)
{
	int err = errno;

	record(t, what, ret);
	if (ret < 0)
		TT_FAIL("%s: %s failed: %s", t->api->name, what, strerror(err));
	return ret;
}

/*
 * Ids are compared by what they mean, not by number: the real and the toy
 * table have different histories.  An id is recorded as 0.
 */
static int expect_id(struct trace *t, const char *what, int ret)
{
	int err = errno;

	record(t, what, ret < 0 ? ret : 0);
	if (ret < 0)
		TT_FAIL("%s: %s failed: %s", t->api->name, what, strerror(err));
	return ret;
}

/* A call that must return the id ID. */
static void expect_same_id(struct trace *t, const char *what, int ret, int id)
{
	int err = errno;

	record(t, what, ret == id ? 0 : ret);
	if (ret != id)
		TT_FAIL("%s: %s returned %d (%s), expected the id %d", t->api->name, what, ret,
			ret < 0 ? strerror(err) : "-", id);
}

/* The scenario on both sides; then the traces must agree. */
static void differential(void (*scenario)(const struct msg_api *, struct trace *))
{
	struct trace *real = shared(sizeof(*real));
	struct trace *toy = shared(sizeof(*toy));

	real->api = &real_api;
	toy->api = &toy_api;
	scenario(&real_api, real);
	scenario(&toy_api, toy);
	if (real->n != toy->n)
		TT_FAIL("real made %d steps, toy %d", real->n, toy->n);
	for (int i = 0; i < real->n; i++) {
		const struct step *r = &real->steps[i], *y = &toy->steps[i];

		if (r->ret != y->ret || r->err != y->err)
			TT_FAIL("step %d '%s': real %ld errno %d (%s), toy %ld errno %d (%s)",
				i, r->what, r->ret, r->err, strerror(r->err),
				y->ret, y->err, strerror(y->err));
	}
}

/* A differential test: NAME(void) runs NAME's scenario on both sides. */
#define DIFFERENTIAL(name)							\
	static void name##_scenario(const struct msg_api *api, struct trace *t); \
	static void name(void) { differential(name##_scenario); }		\
	static void name##_scenario(const struct msg_api *api, struct trace *t)

/* --- helpers that make and check calls */

static int new_queue(const struct msg_api *api, struct trace *t, int mode)
{
	return expect_id(t, "msgget(IPC_PRIVATE)", api->get(IPC_PRIVATE, IPC_CREAT | mode));
}

static void remove_queue(const struct msg_api *api, struct trace *t, int id)
{
	expect(t, "msgctl(IPC_RMID)", api->ctl(id, IPC_RMID, NULL), 0, 0);
}

static long send_text(const struct msg_api *api, int id, long type, const char *text, int flg)
{
	struct msg m = { .mtype = type };

	memcpy(m.mtext, text, strlen(text));
	return api->snd(id, &m, strlen(text), flg);
}

/* Send a message that must be accepted. */
static void put(const struct msg_api *api, struct trace *t, int id, long type, const char *text)
{
	char what[64];

	snprintf(what, sizeof(what), "send %ld '%.20s'", type, text);
	expect(t, what, send_text(api, id, type, text, IPC_NOWAIT), 0, 0);
}

/* Receive a message that must be the given one. */
static void take(const struct msg_api *api, struct trace *t, int id, size_t size,
		 long msgtyp, int flg, long want_type, const char *want_text)
{
	struct msg m;
	char what[64];
	long n;

	memset(&m, 0, sizeof(m));
	snprintf(what, sizeof(what), "receive %ld size %zu flags %#o", msgtyp, size, flg);
	n = expect(t, what, api->rcv(id, &m, size, msgtyp, flg | IPC_NOWAIT),
		   (long)strlen(want_text), 0);
	note(t, "received mtype", m.mtype);
	if (m.mtype != want_type || memcmp(m.mtext, want_text, n))
		TT_FAIL("%s: %s: got type %ld '%.*s', expected type %ld '%s'", api->name, what,
			m.mtype, (int)n, m.mtext, want_type, want_text);
}

/* A receive that must fail with ERR. */
static void take_fails(const struct msg_api *api, struct trace *t, int id, size_t size,
		       long msgtyp, int flg, int err)
{
	struct msg m;
	char what[64];

	snprintf(what, sizeof(what), "receive %ld size %zu flags %#o", msgtyp, size, flg);
	expect(t, what, api->rcv(id, &m, size, msgtyp, flg), -1, err);
}

static int stat_queue(const struct msg_api *api, int id, struct msqid_ds *ds)
{
	memset(ds, 0x5a, sizeof(*ds));
	return api->ctl(id, IPC_STAT, ds);
}

/* 0 unset, 1 within a minute of now, 2 anything else. */
static long when(time_t t)
{
	time_t now = time(NULL);

	if (t == 0)
		return 0;
	return t <= now && t > now - 60 ? 1 : 2;
}

/* 0 nobody, 1 this process, 2 another. */
static long who(pid_t pid)
{
	return pid == 0 ? 0 : pid == getpid() ? 1 : 2;
}

static void note_fields(struct trace *t, const struct msqid_ds ds);

/* Record every field of IPC_STAT that must be the same on both sides. */
static struct msqid_ds note_stat(const struct msg_api *api, struct trace *t, int id)
{
	struct msqid_ds ds;

	if (expect_ok(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds)) >= 0)
		note_fields(t, ds);
	return ds;
}

/* The fields of a msqid_ds from IPC_STAT, MSG_STAT or MSG_STAT_ANY. */
static void note_fields(struct trace *t, const struct msqid_ds ds)
{
	note(t, "key", ds.msg_perm.__key);
	note(t, "uid", ds.msg_perm.uid);
	note(t, "gid", ds.msg_perm.gid);
	note(t, "cuid", ds.msg_perm.cuid);
	note(t, "cgid", ds.msg_perm.cgid);
	note(t, "mode", ds.msg_perm.mode);
	note(t, "stime", when(ds.msg_stime));
	note(t, "rtime", when(ds.msg_rtime));
	note(t, "ctime", when(ds.msg_ctime));
	note(t, "cbytes", ds.__msg_cbytes);
	note(t, "qnum", ds.msg_qnum);
	note(t, "qbytes", ds.msg_qbytes);
	note(t, "lspid", who(ds.msg_lspid));
	note(t, "lrpid", who(ds.msg_lrpid));
	note(t, "pad2", ds.msg_perm.__pad2);
	note(t, "reserved1", ds.msg_perm.__glibc_reserved1);
	note(t, "reserved2", ds.msg_perm.__glibc_reserved2);
	note(t, "reserved4", ds.__glibc_reserved4);
	note(t, "reserved5", ds.__glibc_reserved5);
}

static void set_qbytes(const struct msg_api *api, struct trace *t, int id, unsigned long qbytes)
{
	struct msqid_ds ds;

	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_qbytes = qbytes;
	expect(t, "msgctl(IPC_SET) qbytes", api->ctl(id, IPC_SET, &ds), 0, 0);
}

#define FORTY_FIVE	"012345678901234567890123456789012345678901234"

/* A key for one test, the same number for the real and the toy queue. */
#define TEST_KEY(n)	((key_t)(0x6d736700 + (n)))

/* --- msgget: keys and ids */

DIFFERENTIAL(msgget_with_ipc_private_always_creates_a_new_queue)
{
	int a = new_queue(api, t, 0600);
	int b = new_queue(api, t, 0600);

	note(t, "two ids differ", a != b);
	if (a == b)
		TT_FAIL("%s: IPC_PRIVATE gave the same id twice", api->name);
	note_stat(api, t, a);
	remove_queue(api, t, a);
	remove_queue(api, t, b);
}

DIFFERENTIAL(msgget_of_an_existing_key_returns_its_id)
{
	int id = expect_id(t, "msgget(key, IPC_CREAT)", api->get(TEST_KEY(1), IPC_CREAT | 0600));

	expect_same_id(t, "msgget(key, 0)", api->get(TEST_KEY(1), 0), id);
	expect_same_id(t, "msgget(key, IPC_CREAT)", api->get(TEST_KEY(1), IPC_CREAT | 0600), id);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgget_with_ipc_excl_of_an_existing_key_fails_with_eexist)
{
	int id = expect_id(t, "msgget(key, IPC_CREAT)", api->get(TEST_KEY(2), IPC_CREAT | 0600));

	expect(t, "msgget(key, IPC_CREAT | IPC_EXCL)",
	       api->get(TEST_KEY(2), IPC_CREAT | IPC_EXCL | 0600), -1, EEXIST);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgget_of_a_missing_key_without_ipc_creat_fails_with_enoent)
{
	expect(t, "msgget(missing key, 0)", api->get(TEST_KEY(3), 0600), -1, ENOENT);
}

DIFFERENTIAL(a_removed_queue_is_gone_and_its_id_fails_with_einval)
{
	struct msqid_ds ds;
	struct msg m;
	int old = expect_id(t, "msgget(key, IPC_CREAT)", api->get(TEST_KEY(4), IPC_CREAT | 0600));
	int id;

	put(api, t, old, 1, "left behind");
	remove_queue(api, t, old);
	expect(t, "msgget(removed key, 0)", api->get(TEST_KEY(4), 0600), -1, ENOENT);
	expect(t, "msgsnd(old id)", send_text(api, old, 1, "x", IPC_NOWAIT), -1, EINVAL);
	expect(t, "msgrcv(old id)", api->rcv(old, &m, 8, 0, IPC_NOWAIT), -1, EINVAL);
	expect(t, "msgctl(old id, IPC_STAT)", api->ctl(old, IPC_STAT, &ds), -1, EINVAL);
	expect(t, "msgctl(old id, IPC_RMID)", api->ctl(old, IPC_RMID, NULL), -1, EINVAL);

	id = expect_id(t, "msgget(key, IPC_CREAT) again", api->get(TEST_KEY(4), IPC_CREAT | 0600));
	note(t, "new id differs from the old", id != old);
	if (id == old)
		TT_FAIL("%s: the removed id %d was handed out again at once", api->name, old);
	note_stat(api, t, id);
	take_fails(api, t, id, 64, 0, IPC_NOWAIT, ENOMSG);
	remove_queue(api, t, id);
}

/* --- msgsnd */

DIFFERENTIAL(msgsnd_rejects_an_mtype_below_one_with_einval)
{
	int id = new_queue(api, t, 0600);

	expect(t, "send type 0", send_text(api, id, 0, "x", IPC_NOWAIT), -1, EINVAL);
	expect(t, "send type -1", send_text(api, id, -1, "x", IPC_NOWAIT), -1, EINVAL);
	expect(t, "send type LONG_MIN", send_text(api, id, LONG_MIN, "x", IPC_NOWAIT), -1, EINVAL);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgsnd_rejects_a_text_longer_than_msgmax_with_einval)
{
	static struct msg m = { .mtype = 1 };
	int id = new_queue(api, t, 0600);

	expect(t, "send msgmax + 1", api->snd(id, &m, MSGMAX + 1, IPC_NOWAIT), -1, EINVAL);
	expect(t, "send SIZE_MAX", api->snd(id, &m, SIZE_MAX, IPC_NOWAIT), -1, EINVAL);
	expect(t, "send msgmax", api->snd(id, &m, MSGMAX, IPC_NOWAIT), 0, 0);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgsnd_accepts_an_empty_text)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 7, "");
	note_stat(api, t, id);
	take(api, t, id, 0, 7, 0, 7, "");
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgsnd_to_a_full_queue_with_ipc_nowait_fails_with_eagain)
{
	char sixty[61], forty_one[42];
	int id = new_queue(api, t, 0600);

	memset(sixty, 's', 60);
	sixty[60] = '\0';
	memset(forty_one, 'f', 41);
	forty_one[41] = '\0';
	set_qbytes(api, t, id, 100);
	put(api, t, id, 1, sixty);
	expect(t, "send 41 bytes to 40 free", send_text(api, id, 1, forty_one, IPC_NOWAIT),
	       -1, EAGAIN);
	forty_one[40] = '\0';
	put(api, t, id, 1, forty_one);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(each_queued_message_counts_as_one_byte_of_qbytes)
{
	int id = new_queue(api, t, 0600);

	set_qbytes(api, t, id, 3);
	put(api, t, id, 1, "");
	put(api, t, id, 1, "");
	put(api, t, id, 1, "");
	expect(t, "send a 4th empty message", send_text(api, id, 1, "", IPC_NOWAIT), -1, EAGAIN);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgsnd_with_a_bad_pointer_fails_with_efault)
{
	int id = new_queue(api, t, 0600);

	expect(t, "send from a bad pointer", api->snd(id, (void *)16, 4, IPC_NOWAIT), -1, EFAULT);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

/* --- msgrcv: which message */

DIFFERENTIAL(msgrcv_type_zero_takes_the_first_message)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 3, "c");
	put(api, t, id, 1, "a");
	take(api, t, id, 64, 0, 0, 3, "c");
	take(api, t, id, 64, 0, 0, 1, "a");
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgrcv_positive_type_takes_the_first_of_that_type)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 3, "c1");
	put(api, t, id, 2, "b1");
	put(api, t, id, 2, "b2");
	take(api, t, id, 64, 2, 0, 2, "b1");
	take_fails(api, t, id, 64, 4, IPC_NOWAIT, ENOMSG);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgrcv_msg_except_takes_the_first_of_another_type)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 3, "c1");
	put(api, t, id, 2, "b1");
	put(api, t, id, 3, "c2");
	take(api, t, id, 64, 3, MSG_EXCEPT, 2, "b1");
	take_fails(api, t, id, 64, 3, MSG_EXCEPT | IPC_NOWAIT, ENOMSG);
	/* MSG_EXCEPT with type 0 or a negative type changes nothing. */
	take(api, t, id, 64, 0, MSG_EXCEPT, 3, "c1");
	take(api, t, id, 64, -3, MSG_EXCEPT, 3, "c2");
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgrcv_negative_type_takes_the_lowest_type_up_to_its_absolute_value)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 5, "e");
	put(api, t, id, 3, "c1");
	put(api, t, id, 4, "d");
	put(api, t, id, 3, "c2");
	take_fails(api, t, id, 64, -2, IPC_NOWAIT, ENOMSG);
	take(api, t, id, 64, -4, 0, 3, "c1");
	take(api, t, id, 64, -4, 0, 3, "c2");
	take(api, t, id, 64, -4, 0, 4, "d");
	take(api, t, id, 64, LONG_MIN, 0, 5, "e");
	remove_queue(api, t, id);
}

DIFFERENTIAL(messages_of_one_type_come_out_in_the_order_they_went_in)
{
	static const char *const texts[] = { "one", "two", "three", "four", "five" };
	int id = new_queue(api, t, 0600);

	for (int i = 0; i < 5; i++) {
		put(api, t, id, 9, texts[i]);
		put(api, t, id, 8, "other");
	}
	for (int i = 0; i < 5; i++)
		take(api, t, id, 64, 9, 0, 9, texts[i]);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

/* --- msgrcv: sizes and errors */

DIFFERENTIAL(msgrcv_into_a_too_small_buffer_fails_with_e2big_and_keeps_the_message)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 1, "0123456789");
	take_fails(api, t, id, 9, 0, IPC_NOWAIT, E2BIG);
	note_stat(api, t, id);
	take(api, t, id, 10, 0, 0, 1, "0123456789");
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgrcv_with_msg_noerror_truncates_and_removes_the_message)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 1, "0123456789");
	take(api, t, id, 4, 0, MSG_NOERROR, 1, "0123");
	note_stat(api, t, id);
	take_fails(api, t, id, 64, 0, IPC_NOWAIT, ENOMSG);
	remove_queue(api, t, id);
}

/*
 * Sizes either side of where a kernel stores a message in pieces: Linux's
 * first piece ends at 4048 bytes of text, its segments every 4088 after
 * (the toy's at 4056 and 4088 on 64-bit), 8160 is where one allocation
 * of the whole message would pass 8 KiB, and msgmax.
 */
static const size_t piece_sizes[] = {
	4047, 4048, 4049, 4055, 4056, 4057, 4095, 4096, 4097,
	8135, 8136, 8137, 8143, 8144, 8145, 8160, 8161, 8191, MSGMAX,
};

/* A text of SIZE bytes that differs at every offset and from size to size. */
static void fill_pattern(struct msg *m, size_t size)
{
	for (size_t i = 0; i < size; i++)
		m->mtext[i] = (char)(i * 7 + i / 251 + size);
}

/* Receive (FLAGS: 0, MSG_NOERROR or MSG_COPY) into BUFSZ bytes and check the text. */
static void take_pattern(const struct msg_api *api, struct trace *t, int id, size_t size,
			 size_t bufsz, long msgtyp, int flags)
{
	static struct msg want, got;
	size_t n = bufsz < size ? bufsz : size;
	char what[64];

	fill_pattern(&want, size);
	memset(&got, 0, sizeof(got));
	snprintf(what, sizeof(what), "receive %zu of %zu bytes", bufsz, size);
	expect(t, what, api->rcv(id, &got, bufsz, msgtyp, flags | IPC_NOWAIT), (long)n, 0);
	if (memcmp(got.mtext, want.mtext, n))
		TT_FAIL("%s: %s: the text differs", api->name, what);
	if (got.mtext[n] != 0)
		TT_FAIL("%s: %s: more than %zu bytes written", api->name, what, n);
}

static void put_pattern(const struct msg_api *api, struct trace *t, int id, size_t size)
{
	static struct msg m = { .mtype = 1 };
	char what[64];

	fill_pattern(&m, size);
	snprintf(what, sizeof(what), "send %zu bytes", size);
	expect(t, what, api->snd(id, &m, size, IPC_NOWAIT), 0, 0);
}

DIFFERENTIAL(long_messages_come_back_byte_for_byte_at_every_piece_boundary)
{
	int id = new_queue(api, t, 0600);

	for (size_t i = 0; i < sizeof(piece_sizes) / sizeof(piece_sizes[0]); i++) {
		put_pattern(api, t, id, piece_sizes[i]);
		take_pattern(api, t, id, piece_sizes[i], MSGMAX, 0, 0);
	}
	remove_queue(api, t, id);
}

DIFFERENTIAL(msg_noerror_truncates_a_long_message_at_any_boundary)
{
	int id = new_queue(api, t, 0600);

	for (size_t i = 0; i < sizeof(piece_sizes) / sizeof(piece_sizes[0]); i++) {
		put_pattern(api, t, id, MSGMAX);
		take_pattern(api, t, id, MSGMAX, piece_sizes[i], 0, MSG_NOERROR);
	}
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgrcv_with_no_match_and_ipc_nowait_fails_with_enomsg)
{
	int id = new_queue(api, t, 0600);

	take_fails(api, t, id, 64, 0, IPC_NOWAIT, ENOMSG);
	put(api, t, id, 2, "b");
	take_fails(api, t, id, 64, 1, IPC_NOWAIT, ENOMSG);
	take_fails(api, t, id, 64, 2, MSG_EXCEPT | IPC_NOWAIT, ENOMSG);
	take_fails(api, t, id, 64, -1, IPC_NOWAIT, ENOMSG);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msgrcv_into_a_bad_pointer_fails_with_efault_and_loses_the_message)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 1, "lost");
	expect(t, "receive into a bad pointer", api->rcv(id, (void *)16, 64, 0, IPC_NOWAIT),
	       -1, EFAULT);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(bad_ids_sizes_and_commands_fail_with_einval)
{
	struct msqid_ds ds;
	struct msg m = { .mtype = 1 };
	int id = new_queue(api, t, 0600);

	expect(t, "msgsnd(-1)", api->snd(-1, &m, 1, IPC_NOWAIT), -1, EINVAL);
	expect(t, "msgrcv(-1)", api->rcv(-1, &m, 1, 0, IPC_NOWAIT), -1, EINVAL);
	expect(t, "msgctl(-1, IPC_STAT)", api->ctl(-1, IPC_STAT, &ds), -1, EINVAL);
	expect(t, "msgctl(unused id)", api->ctl(id + 1, IPC_STAT, &ds), -1, EINVAL);
	expect(t, "msgrcv size > LONG_MAX", api->rcv(id, &m, (size_t)LONG_MAX + 1, 0, IPC_NOWAIT),
	       -1, EINVAL);
	expect(t, "msgctl(cmd 99)", api->ctl(id, 99, &ds), -1, EINVAL);
	expect(t, "msgctl(cmd -1)", api->ctl(id, -1, &ds), -1, EINVAL);
	remove_queue(api, t, id);
}

/* --- msgctl */

DIFFERENTIAL(ipc_stat_reports_counts_times_and_pids)
{
	int id = new_queue(api, t, 0640);

	note_stat(api, t, id);
	put(api, t, id, 1, "hello");
	put(api, t, id, 2, "world!");
	note_stat(api, t, id);
	take(api, t, id, 64, 0, 0, 1, "hello");
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(ipc_stat_with_a_bad_pointer_fails_with_efault)
{
	int id = new_queue(api, t, 0600);

	expect(t, "msgctl(IPC_STAT, NULL)", api->ctl(id, IPC_STAT, NULL), -1, EFAULT);
	if (TT_DS_EFAULT)
		expect(t, "msgctl(IPC_SET, bad)", api->ctl(id, IPC_SET, (void *)16), -1, EFAULT);
	remove_queue(api, t, id);
}

#ifdef __i386__
/* 32-bit: libc reads a bad struct msqid_ds itself, so both die (TT_DS_EFAULT). */
static void real_msgctl_into_16(void *arg)
{
	(void)arg;
	msgctl(0, IPC_SET, (struct msqid_ds *)16);
}

static void toy_msgctl_into_16(void *arg)
{
	(void)arg;
	toy_msgctl(0, IPC_SET, (struct msqid_ds *)16);
}

static void a_bad_msqid_ds_pointer_is_sigsegv_in_a_32_bit_libc_and_in_the_toy(void)
{
	TT_ASSERT(tt_killed_by_sigsegv(real_msgctl_into_16, NULL) == 1);
	TT_ASSERT(tt_killed_by_sigsegv(toy_msgctl_into_16, NULL) == 1);
}
#endif

DIFFERENTIAL(ipc_set_changes_owner_group_mode_and_qbytes)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0600);

	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 1001;
	ds.msg_perm.mode = 0100640;	/* only the permission bits count */
	ds.msg_qbytes = 100;
	expect(t, "msgctl(IPC_SET)", api->ctl(id, IPC_SET, &ds), 0, 0);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(ipc_set_with_an_unmapped_uid_fails_with_einval)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0600);

	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.uid = (uid_t)-1;
	expect(t, "msgctl(IPC_SET) uid -1", api->ctl(id, IPC_SET, &ds), -1, EINVAL);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(ipc_set_raises_qbytes_above_msgmnb_with_cap_sys_resource)
{
	int id = new_queue(api, t, 0600);

	set_qbytes(api, t, id, MSGMNB + 1);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

/*
 * msgctl_down() takes msg_qbytes as an int: 2^32 + 7 becomes 7.  A 32-bit
 * msg_qbytes cannot hold 2^32 (msg_test32).
 */
#if ULONG_MAX > 0xffffffffUL
DIFFERENTIAL(ipc_set_truncates_qbytes_to_an_int_like_linux)
{
	int id = new_queue(api, t, 0600);

	set_qbytes(api, t, id, (1UL << 32) + 7);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}
#endif

/* --- sleeping and waking: children make the blocking calls */

/* One call made by a child; in shared memory, the child fills in out_*. */
struct op {
	bool send;		/* msgsnd, else msgrcv */
	int id;
	long type;		/* mtype to send, or msgtyp to receive */
	size_t size;		/* bytes to send, or room to receive into */
	int flg;
	bool handler;		/* SIGUSR1 has an SA_RESTART handler */
	bool nobody;		/* make the call as the unprivileged NOBODY */
	long out_ret;
	int out_err;
	long out_type;		/* received mtype */
	char out_text[64];	/* received text, NUL-terminated */
};

static void on_sigusr1(int sig)
{
	(void)sig;
}

static pid_t spawn(const struct msg_api *api, struct op *op)
{
	pid_t pid;

	pid = fork_child();
	if (pid == 0) {
		struct msg m;

		if (op->nobody && (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
			_exit(1);
		if (op->handler) {
			struct sigaction sa = { .sa_handler = on_sigusr1, .sa_flags = SA_RESTART };

			sigaction(SIGUSR1, &sa, NULL);
		}
		memset(&m, 0, sizeof(m));
		if (op->send) {
			m.mtype = op->type;
			memset(m.mtext, 'x', op->size);
			op->out_ret = api->snd(op->id, &m, op->size, op->flg);
		} else {
			op->out_ret = api->rcv(op->id, &m, op->size, op->type, op->flg);
		}
		op->out_err = op->out_ret == -1 ? errno : 0;
		op->out_type = m.mtype;
		if (!op->send && op->out_ret > 0)
			snprintf(op->out_text, sizeof(op->out_text), "%.*s",
				 (int)op->out_ret, m.mtext);
		_exit(0);
	}
	return pid;
}

/* Wait for the child of spawn() and record its result. */
static void finish(struct trace *t, const char *what, pid_t pid, struct op *op)
{
	int status;

	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		TT_FAIL("%s: child for '%s' died (status %#x)", t->api->name, what, status);
	errno = op->out_err;
	record(t, what, op->out_ret);
	if (!op->send && op->out_ret >= 0)
		note(t, "received mtype", op->out_type);
}

/* The child is still asleep and has not been woken since BEFORE was read. */
static void still_asleep(const struct msg_api *api, struct trace *t, pid_t pid, long before)
{
	int status;

	tt_pause_ms(100);
	note(t, "child still blocked", waitpid(pid, &status, WNOHANG) == 0);
	note(t, "child never woken", tt_voluntary_switches(pid) == before);
	if (tt_voluntary_switches(pid) != before)
		TT_FAIL("%s: child %d was woken %ld times for nothing", api->name, pid,
			tt_voluntary_switches(pid) - before);
}

DIFFERENTIAL(msgsnd_to_a_full_queue_sleeps_until_a_receive_makes_room)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;
	long before;

	set_qbytes(api, t, id, 100);
	put(api, t, id, 1, FORTY_FIVE FORTY_FIVE);
	*op = (struct op){ .send = true, .id = id, .type = 2, .size = 50 };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	before = tt_voluntary_switches(pid);
	still_asleep(api, t, pid, before);
	take(api, t, id, 100, 0, 0, 1, FORTY_FIVE FORTY_FIVE);
	finish(t, "blocked send of 50 bytes", pid, op);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(a_receive_that_frees_too_little_room_does_not_wake_a_sleeping_sender)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;
	long before;

	/* 45 + 45 queued of 100: a 60-byte send needs both taken. */
	set_qbytes(api, t, id, 100);
	put(api, t, id, 1, FORTY_FIVE);
	put(api, t, id, 2, FORTY_FIVE);
	*op = (struct op){ .send = true, .id = id, .type = 3, .size = 60 };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	before = tt_voluntary_switches(pid);
	take(api, t, id, 64, 1, 0, 1, FORTY_FIVE);
	still_asleep(api, t, pid, before);
	take(api, t, id, 64, 2, 0, 2, FORTY_FIVE);
	finish(t, "blocked send of 60 bytes", pid, op);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(a_receiver_sleeps_until_a_message_of_its_type_and_no_other_wakes_it)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;
	long before;

	*op = (struct op){ .id = id, .type = 2, .size = 64 };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	before = tt_voluntary_switches(pid);
	put(api, t, id, 1, "not for you");
	put(api, t, id, 3, "nor this");
	still_asleep(api, t, pid, before);
	put(api, t, id, 2, "yours");
	finish(t, "blocked receive of type 2", pid, op);
	if (strcmp(op->out_text, "yours"))
		TT_FAIL("%s: the receiver got '%s'", api->name, op->out_text);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(each_sleeping_receiver_gets_the_message_of_its_own_type)
{
	struct op *ops = shared(3 * sizeof(*ops));
	static const char *const texts[] = { "for one", "for two", "for three" };
	int id = new_queue(api, t, 0600);
	pid_t pids[3];

	for (int i = 0; i < 3; i++) {
		ops[i] = (struct op){ .id = id, .type = i + 1, .size = 64 };
		pids[i] = spawn(api, &ops[i]);
		tt_wait_asleep(pids[i]);
	}
	put(api, t, id, 3, texts[2]);
	put(api, t, id, 1, texts[0]);
	put(api, t, id, 2, texts[1]);
	for (int i = 0; i < 3; i++) {
		finish(t, "blocked receive", pids[i], &ops[i]);
		if (ops[i].out_type != i + 1 || strcmp(ops[i].out_text, texts[i]))
			TT_FAIL("%s: receiver of type %d got type %ld '%s'", api->name, i + 1,
				ops[i].out_type, ops[i].out_text);
	}
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(a_sleeping_receiver_with_a_small_buffer_gets_e2big_from_a_long_message)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;

	*op = (struct op){ .id = id, .type = 0, .size = 4 };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	put(api, t, id, 1, "too long");
	finish(t, "blocked receive into 4 bytes", pid, op);
	note_stat(api, t, id);
	take(api, t, id, 64, 0, 0, 1, "too long");
	remove_queue(api, t, id);
}

DIFFERENTIAL(ipc_rmid_wakes_sleeping_senders_and_receivers_with_eidrm)
{
	struct op *ops = shared(2 * sizeof(*ops));
	int id = new_queue(api, t, 0600);
	pid_t rcv, snd;

	set_qbytes(api, t, id, 10);
	ops[0] = (struct op){ .id = id, .type = 5, .size = 64 };
	rcv = spawn(api, &ops[0]);
	put(api, t, id, 1, "0123456789");
	ops[1] = (struct op){ .send = true, .id = id, .type = 1, .size = 1 };
	snd = spawn(api, &ops[1]);
	tt_wait_asleep(rcv);
	tt_wait_asleep(snd);
	remove_queue(api, t, id);
	finish(t, "blocked receive", rcv, &ops[0]);
	finish(t, "blocked send", snd, &ops[1]);
	if (ops[0].out_err != EIDRM || ops[1].out_err != EIDRM)
		TT_FAIL("%s: sleepers got %s and %s, expected EIDRM", api->name,
			strerror(ops[0].out_err), strerror(ops[1].out_err));
}

/* msgrcv is never restarted after a handler ran, even with SA_RESTART: signal(7). */
DIFFERENTIAL(a_signal_handler_interrupts_a_sleeping_msgrcv_with_eintr_despite_sa_restart)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;

	*op = (struct op){ .id = id, .type = 0, .size = 64, .handler = true };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	TT_ASSERT(kill(pid, SIGUSR1) == 0);
	finish(t, "receive interrupted by a handler", pid, op);
	if (op->out_err != EINTR)
		TT_FAIL("%s: got %ld %s, expected EINTR", api->name, op->out_ret,
			strerror(op->out_err));
	remove_queue(api, t, id);
}

DIFFERENTIAL(a_signal_handler_interrupts_a_sleeping_msgsnd_with_eintr_despite_sa_restart)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;

	set_qbytes(api, t, id, 1);
	put(api, t, id, 1, "");
	*op = (struct op){ .send = true, .id = id, .type = 1, .size = 0, .handler = true };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	TT_ASSERT(kill(pid, SIGUSR1) == 0);
	finish(t, "send interrupted by a handler", pid, op);
	if (op->out_err != EINTR)
		TT_FAIL("%s: got %ld %s, expected EINTR", api->name, op->out_ret,
			strerror(op->out_err));
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

/* Without a handler the call restarts by itself (-ERESTARTNOHAND). */
DIFFERENTIAL(stop_and_continue_without_a_handler_does_not_interrupt_msgrcv)
{
	struct op *op = shared(sizeof(*op));
	int id = new_queue(api, t, 0600);
	pid_t pid;

	*op = (struct op){ .id = id, .type = 0, .size = 64 };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	TT_ASSERT(kill(pid, SIGSTOP) == 0);
	tt_pause_ms(50);
	TT_ASSERT(kill(pid, SIGCONT) == 0);
	tt_wait_asleep(pid);
	put(api, t, id, 4, "after the stop");
	finish(t, "receive across SIGSTOP and SIGCONT", pid, op);
	if (strcmp(op->out_text, "after the stop"))
		TT_FAIL("%s: got %ld '%s' (%s)", api->name, op->out_ret, op->out_text,
			strerror(op->out_err));
	remove_queue(api, t, id);
}

/* A receiver that loses read permission while asleep wakes with EACCES. */
DIFFERENTIAL(ipc_set_wakes_sleeping_receivers_to_check_permission_again)
{
	struct op *op = shared(sizeof(*op));
	struct msqid_ds ds;
	int id = new_queue(api, t, 0666);
	pid_t pid;

	*op = (struct op){ .id = id, .type = 0, .size = 64, .nobody = true };
	pid = spawn(api, op);
	tt_wait_asleep(pid);
	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.mode = 0600;
	expect(t, "msgctl(IPC_SET) mode 0600", api->ctl(id, IPC_SET, &ds), 0, 0);
	finish(t, "sleeping receiver after losing read permission", pid, op);
	if (op->out_err != EACCES)
		TT_FAIL("%s: got %ld %s, expected EACCES", api->name, op->out_ret,
			strerror(op->out_err));
	remove_queue(api, t, id);
}

/*
 * Producers and consumers: every message carries (producer, sequence) and a
 * checksum; consumers tick it off in shared memory.  The queue is small so
 * both sides sleep often.
 */
#define PRODUCERS	3
#define CONSUMERS	3
#define PER_PRODUCER	300
#define DONE_TYPE	100

struct tagged {
	long mtype;
	int producer, seq;
	unsigned int sum;
	char fill[100];
};

static unsigned int checksum(const struct tagged *m, size_t fill)
{
	unsigned int h = 2166136261u ^ (unsigned int)m->producer ^ ((unsigned int)m->seq << 8);

	for (size_t i = 0; i < fill; i++)
		h = (h ^ (unsigned char)m->fill[i]) * 16777619u;
	return h;
}

#define TAGGED_HEAD	(offsetof(struct tagged, fill) - sizeof(long))

DIFFERENTIAL(producers_and_consumers_lose_and_duplicate_nothing)
{
	int (*seen)[PER_PRODUCER] = shared(PRODUCERS * sizeof(*seen));
	int *bad = shared(sizeof(int));
	int id = new_queue(api, t, 0600);
	pid_t pids[PRODUCERS + CONSUMERS];
	int lost = 0, dup = 0;

	set_qbytes(api, t, id, 1024);
	for (int c = 0; c < CONSUMERS; c++) {
		pids[PRODUCERS + c] = fork_child();
		if (pids[PRODUCERS + c])
			continue;
		for (;;) {
			struct tagged m;
			ssize_t n = api->rcv(id, &m, sizeof(m) - sizeof(long), 0, 0);

			if (n < 0 || m.mtype == DONE_TYPE)
				_exit(n < 0);
			if (m.producer < 0 || m.producer >= PRODUCERS || m.seq < 0 ||
			    m.seq >= PER_PRODUCER || m.sum != checksum(&m, n - TAGGED_HEAD))
				__atomic_add_fetch(bad, 1, __ATOMIC_RELAXED);
			else
				__atomic_add_fetch(&seen[m.producer][m.seq], 1, __ATOMIC_RELAXED);
		}
	}
	for (int p = 0; p < PRODUCERS; p++) {
		pids[p] = fork_child();
		if (pids[p])
			continue;
		for (int s = 0; s < PER_PRODUCER; s++) {
			struct tagged m = { .mtype = 1 + (s % 3), .producer = p, .seq = s };
			size_t fill = (size_t)(p * 37 + s * 11) % sizeof(m.fill);

			for (size_t i = 0; i < fill; i++)
				m.fill[i] = (char)(p + s + i);
			m.sum = checksum(&m, fill);
			if (api->snd(id, &m, TAGGED_HEAD + fill, 0))
				_exit(1);
		}
		_exit(0);
	}
	for (int p = 0; p < PRODUCERS; p++) {
		int status;

		TT_ASSERT(waitpid(pids[p], &status, 0) == pids[p]);
		TT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (int c = 0; c < CONSUMERS; c++) {
		struct tagged done = { .mtype = DONE_TYPE };

		TT_ASSERT(api->snd(id, &done, TAGGED_HEAD, 0) == 0);
	}
	for (int c = 0; c < CONSUMERS; c++) {
		int status;

		TT_ASSERT(waitpid(pids[PRODUCERS + c], &status, 0) == pids[PRODUCERS + c]);
		TT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (int p = 0; p < PRODUCERS; p++)
		for (int s = 0; s < PER_PRODUCER; s++) {
			lost += seen[p][s] == 0;
			dup += seen[p][s] > 1;
		}
	note(t, "lost", lost);
	note(t, "duplicated", dup);
	note(t, "corrupted", *bad);
	if (lost || dup || *bad)
		TT_FAIL("%s: %d lost, %d duplicated, %d corrupted of %d", api->name, lost, dup,
			*bad, PRODUCERS * PER_PRODUCER);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

/* --- permissions: parts run as an unprivileged user in a child */

static void as_user(uid_t uid, gid_t gid, void (*part)(const struct msg_api *, struct trace *, int),
		    const struct msg_api *api, struct trace *t, int id)
{
	int status;
	pid_t pid;

	pid = fork_child();
	if (pid == 0) {
		TT_ASSERT(setgroups(0, NULL) == 0);
		TT_ASSERT(setgid(gid) == 0 && setuid(uid) == 0);
		part(api, t, id);
		_exit(0);
	}
	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		TT_FAIL("%s: the part run as uid %d failed", api->name, uid);
}

static void reader_without_read_permission(const struct msg_api *api, struct trace *t, int id)
{
	struct msqid_ds ds;
	struct msg m;

	expect(t, "msgrcv", api->rcv(id, &m, 64, 0, IPC_NOWAIT), -1, EACCES);
	expect(t, "msgctl(IPC_STAT)", api->ctl(id, IPC_STAT, &ds), -1, EACCES);
	expect(t, "msgget(key, 0400)", api->get(TEST_KEY(10), 0400), -1, EACCES);
	expect_same_id(t, "msgget(key, 0200)", api->get(TEST_KEY(10), 0200), id);
	expect(t, "msgsnd", send_text(api, id, 1, "w", IPC_NOWAIT), 0, 0);
}

DIFFERENTIAL(without_read_permission_msgrcv_and_ipc_stat_fail_with_eacces)
{
	int id = expect_id(t, "msgget(key, 0622)", api->get(TEST_KEY(10), IPC_CREAT | 0622));

	put(api, t, id, 1, "secret");
	as_user(NOBODY, NOBODY, reader_without_read_permission, api, t, id);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

static void writer_without_write_permission(const struct msg_api *api, struct trace *t, int id)
{
	expect(t, "msgsnd", send_text(api, id, 1, "w", IPC_NOWAIT), -1, EACCES);
	expect(t, "msgget(key, 0200)", api->get(TEST_KEY(11), 0200), -1, EACCES);
	take(api, t, id, 64, 0, 0, 1, "public");
}

DIFFERENTIAL(without_write_permission_msgsnd_fails_with_eacces)
{
	int id = expect_id(t, "msgget(key, 0644)", api->get(TEST_KEY(11), IPC_CREAT | 0644));

	put(api, t, id, 1, "public");
	as_user(NOBODY, NOBODY, writer_without_write_permission, api, t, id);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

static void member_of_the_group(const struct msg_api *api, struct trace *t, int id)
{
	put(api, t, id, 1, "group");
	take(api, t, id, 64, 0, 0, 1, "group");
}

static void outsider(const struct msg_api *api, struct trace *t, int id)
{
	expect(t, "msgsnd", send_text(api, id, 1, "x", IPC_NOWAIT), -1, EACCES);
	take_fails(api, t, id, 64, 0, IPC_NOWAIT, EACCES);
}

DIFFERENTIAL(the_group_bits_apply_to_members_of_the_queues_group)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0060);

	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.gid = 1234;
	expect(t, "msgctl(IPC_SET) gid 1234", api->ctl(id, IPC_SET, &ds), 0, 0);
	as_user(NOBODY, 1234, member_of_the_group, api, t, id);
	as_user(NOBODY, NOBODY, outsider, api, t, id);
	remove_queue(api, t, id);
}

static void stranger_tries_ipc_set_and_ipc_rmid(const struct msg_api *api, struct trace *t, int id)
{
	struct msqid_ds ds;

	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.mode = 0666;
	expect(t, "msgctl(IPC_SET)", api->ctl(id, IPC_SET, &ds), -1, EPERM);
	expect(t, "msgctl(IPC_RMID)", api->ctl(id, IPC_RMID, NULL), -1, EPERM);
}

static void new_owner_sets_and_removes(const struct msg_api *api, struct trace *t, int id)
{
	struct msqid_ds ds;

	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.mode = 0600;
	expect(t, "msgctl(IPC_SET)", api->ctl(id, IPC_SET, &ds), 0, 0);
	note_stat(api, t, id);
	expect(t, "msgctl(IPC_RMID)", api->ctl(id, IPC_RMID, NULL), 0, 0);
}

DIFFERENTIAL(only_the_owner_creator_or_cap_sys_admin_may_ipc_set_or_ipc_rmid)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0666);

	as_user(NOBODY, NOBODY, stranger_tries_ipc_set_and_ipc_rmid, api, t, id);
	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_perm.uid = NOBODY;
	expect(t, "msgctl(IPC_SET) uid nobody", api->ctl(id, IPC_SET, &ds), 0, 0);
	as_user(NOBODY, NOBODY, new_owner_sets_and_removes, api, t, id);
}

static void owner_raises_qbytes(const struct msg_api *api, struct trace *t, int unused)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0600);

	(void)unused;
	expect(t, "msgctl(IPC_STAT)", stat_queue(api, id, &ds), 0, 0);
	ds.msg_qbytes = MSGMNB + 1;
	expect(t, "msgctl(IPC_SET) qbytes msgmnb + 1", api->ctl(id, IPC_SET, &ds), -1, EPERM);
	ds.msg_qbytes = MSGMNB;
	expect(t, "msgctl(IPC_SET) qbytes msgmnb", api->ctl(id, IPC_SET, &ds), 0, 0);
	ds.msg_qbytes = 10;
	expect(t, "msgctl(IPC_SET) qbytes 10", api->ctl(id, IPC_SET, &ds), 0, 0);
	note_stat(api, t, id);
	remove_queue(api, t, id);
}

DIFFERENTIAL(raising_qbytes_above_msgmnb_without_cap_sys_resource_fails_with_eperm)
{
	as_user(NOBODY, NOBODY, owner_raises_qbytes, api, t, -1);
}

/*
 * --- IPC_INFO, MSG_INFO, MSG_STAT, MSG_STAT_ANY (what ipcs and lsipc use)
 * and MSG_COPY.  The real table may hold other queues, so the return value
 * of the *_INFO commands is checked against what it was before the test
 * plus the test's own queue, and MSG_INFO's counts as differences.
 */

#define IDX(id)	((id) & 0x7fff)	/* the index part of an id: IPCMNI is 32768 */

static int msg_info(const struct msg_api *api, int cmd, struct msginfo *info)
{
	memset(info, 0x5a, sizeof(*info));
	return api->ctl(0, cmd, (struct msqid_ds *)info);
}

DIFFERENTIAL(ipc_info_reports_the_limits_and_returns_the_highest_index)
{
	struct msginfo info;
	int before = msg_info(api, IPC_INFO, &info), id;
	long ret;

	id = new_queue(api, t, 0600);
	/* The value differs between the tables: only its relation to before is recorded. */
	ret = expect_id(t, "msgctl(IPC_INFO)", msg_info(api, IPC_INFO, &info));
	note(t, "returns the highest index", ret == (before > IDX(id) ? before : IDX(id)));
	note(t, "msgmax", info.msgmax);
	note(t, "msgmnb", info.msgmnb);
	note(t, "msgmni", info.msgmni);
	note(t, "msgssz", info.msgssz);
	note(t, "msgseg", info.msgseg);
	note(t, "msgmap", info.msgmap);
	note(t, "msgpool", info.msgpool);
	note(t, "msgtql", info.msgtql);
	expect(t, "msgctl(-1, IPC_INFO)", api->ctl(-1, IPC_INFO, (struct msqid_ds *)&info), -1,
	       EINVAL);
	expect(t, "msgctl(IPC_INFO, bad pointer)", api->ctl(0, IPC_INFO, (struct msqid_ds *)8),
	       -1, EFAULT);
	remove_queue(api, t, id);
}

DIFFERENTIAL(msg_info_counts_queues_messages_and_bytes)
{
	struct msginfo before, info;
	int max = msg_info(api, MSG_INFO, &before), id;
	long ret;

	id = new_queue(api, t, 0600);
	put(api, t, id, 1, "abc");
	put(api, t, id, 2, "defgh");
	ret = expect_id(t, "msgctl(MSG_INFO)", msg_info(api, MSG_INFO, &info));
	note(t, "returns the highest index", ret == (max > IDX(id) ? max : IDX(id)));
	note(t, "msgpool: one more queue", info.msgpool - before.msgpool);
	note(t, "msgmap: two more messages", info.msgmap - before.msgmap);
	note(t, "msgtql: eight more bytes", info.msgtql - before.msgtql);
	note(t, "msgmax", info.msgmax);
	note(t, "msgssz", info.msgssz);
	note(t, "msgseg", info.msgseg);
	remove_queue(api, t, id);
	expect_id(t, "msgctl(MSG_INFO)", msg_info(api, MSG_INFO, &info));
	note(t, "msgpool back", info.msgpool - before.msgpool);
	note(t, "msgmap back", info.msgmap - before.msgmap);
}

DIFFERENTIAL(msg_stat_takes_an_index_and_returns_the_full_id)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0640);

	put(api, t, id, 7, "stat me");
	memset(&ds, 0x5a, sizeof(ds));
	expect_same_id(t, "msgctl(index, MSG_STAT)", api->ctl(IDX(id), MSG_STAT, &ds), id);
	note_fields(t, ds);
	memset(&ds, 0x5a, sizeof(ds));
	expect_same_id(t, "msgctl(index, MSG_STAT_ANY)", api->ctl(IDX(id), MSG_STAT_ANY, &ds), id);
	note_fields(t, ds);
	/* Like ipcid_to_idx(): only the index bits count. */
	expect_same_id(t, "msgctl(index + 3 * 32768, MSG_STAT)",
		       api->ctl(IDX(id) + 3 * 0x8000, MSG_STAT, &ds), id);
	if (TT_DS_EFAULT)
		expect(t, "msgctl(MSG_STAT, bad pointer)", api->ctl(IDX(id), MSG_STAT,
							       (struct msqid_ds *)8), -1, EFAULT);
	remove_queue(api, t, id);
	expect(t, "msgctl(free index, MSG_STAT)", api->ctl(IDX(id), MSG_STAT, &ds), -1, EINVAL);
	expect(t, "msgctl(free index, MSG_STAT_ANY)", api->ctl(IDX(id), MSG_STAT_ANY, &ds), -1,
	       EINVAL);
	expect(t, "msgctl(-1, MSG_STAT)", api->ctl(-1, MSG_STAT, &ds), -1, EINVAL);
}

static void stat_without_read_permission(const struct msg_api *api, struct trace *t, int id)
{
	struct msqid_ds ds;

	expect(t, "msgctl(index, MSG_STAT)", api->ctl(IDX(id), MSG_STAT, &ds), -1, EACCES);
	expect_same_id(t, "msgctl(index, MSG_STAT_ANY)", api->ctl(IDX(id), MSG_STAT_ANY, &ds), id);
	note(t, "MSG_STAT_ANY mode", ds.msg_perm.mode);
	expect(t, "msgctl(IPC_STAT)", api->ctl(id, IPC_STAT, &ds), -1, EACCES);
}

DIFFERENTIAL(msg_stat_needs_read_permission_and_msg_stat_any_does_not)
{
	int id = new_queue(api, t, 0600);

	as_user(NOBODY, NOBODY, stat_without_read_permission, api, t, id);
	remove_queue(api, t, id);
}

/*
 * MSG_COPY needs CONFIG_CHECKPOINT_RESTORE (Debian's kernels and the debug
 * kernel have it).  Without it there is nothing to compare with, and the
 * toy runs alone, checked against msgop(2)'s rules only.
 */
static bool real_has_msg_copy(void)
{
	struct msg m;
	int id = msgget(IPC_PRIVATE, 0600);
	bool has;

	TT_ASSERT(id >= 0);
	has = !(msgrcv(id, &m, 1, 0, MSG_COPY | IPC_NOWAIT) == -1 && errno == ENOSYS);
	TT_ASSERT(msgctl(id, IPC_RMID, NULL) == 0);
	return has;
}

static void differential_copy(void (*scenario)(const struct msg_api *, struct trace *))
{
	struct trace *toy;

	if (real_has_msg_copy()) {
		differential(scenario);
		return;
	}
	printf("# real MSG_COPY: ENOSYS on this kernel; the toy checked against msgop(2) only\n");
	toy = shared(sizeof(*toy));
	toy->api = &toy_api;
	scenario(&toy_api, toy);
}

#define DIFFERENTIAL_COPY(name)							\
	static void name##_scenario(const struct msg_api *api, struct trace *t); \
	static void name(void) { differential_copy(name##_scenario); }	\
	static void name##_scenario(const struct msg_api *api, struct trace *t)

DIFFERENTIAL_COPY(msg_copy_copies_a_long_message_byte_for_byte)
{
	int id = new_queue(api, t, 0600);

	for (size_t i = 0; i < sizeof(piece_sizes) / sizeof(piece_sizes[0]); i++) {
		put_pattern(api, t, id, piece_sizes[i]);
		take_pattern(api, t, id, piece_sizes[i], MSGMAX, 0, MSG_COPY);
		take_pattern(api, t, id, piece_sizes[i], MSGMAX, 0, 0);
	}
	remove_queue(api, t, id);
}

/* Copy the message at POS, which must be of WANT_TYPE with WANT_TEXT. */
static void copy_at(const struct msg_api *api, struct trace *t, int id, long pos,
		    long want_type, const char *want_text)
{
	struct msg m;
	char what[64];
	long n;

	memset(&m, 0, sizeof(m));
	snprintf(what, sizeof(what), "msgrcv(MSG_COPY, position %ld)", pos);
	n = expect(t, what, api->rcv(id, &m, 64, pos, MSG_COPY | IPC_NOWAIT),
		   (long)strlen(want_text), 0);
	note(t, "copied mtype", m.mtype);
	if (m.mtype != want_type || memcmp(m.mtext, want_text, n))
		TT_FAIL("%s: %s: got type %ld '%.*s', expected type %ld '%s'", api->name, what,
			m.mtype, (int)n, m.mtext, want_type, want_text);
}

DIFFERENTIAL_COPY(msg_copy_copies_the_message_at_a_position_and_leaves_the_queue_alone)
{
	struct msqid_ds ds;
	int id = new_queue(api, t, 0600);

	put(api, t, id, 1, "one");
	put(api, t, id, 2, "two");
	put(api, t, id, 3, "three");
	copy_at(api, t, id, 1, 2, "two");
	copy_at(api, t, id, 0, 1, "one");
	copy_at(api, t, id, 2, 3, "three");
	copy_at(api, t, id, 1, 2, "two");
	ds = note_stat(api, t, id);
	if (ds.msg_qnum != 3 || ds.msg_rtime || ds.msg_lrpid)
		TT_FAIL("%s: MSG_COPY changed the queue", api->name);
	take(api, t, id, 64, 0, 0, 1, "one");
	copy_at(api, t, id, 0, 2, "two");
	take_fails(api, t, id, 64, 2, MSG_COPY | IPC_NOWAIT, ENOMSG);
	take_fails(api, t, id, 64, -1, MSG_COPY | IPC_NOWAIT, ENOMSG);
	remove_queue(api, t, id);
}

DIFFERENTIAL_COPY(msg_copy_without_ipc_nowait_or_with_msg_except_fails_with_einval)
{
	int id = new_queue(api, t, 0600);

	take_fails(api, t, id, 64, 0, MSG_COPY | IPC_NOWAIT, ENOMSG);
	put(api, t, id, 1, "one");
	take_fails(api, t, id, 64, 0, MSG_COPY, EINVAL);
	take_fails(api, t, id, 64, 0, MSG_COPY | MSG_EXCEPT | IPC_NOWAIT, EINVAL);
	copy_at(api, t, id, 0, 1, "one");
	remove_queue(api, t, id);
}

DIFFERENTIAL_COPY(msg_copy_into_a_small_buffer_fails_with_e2big_even_with_msg_noerror_einval)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 1, "a longer text");
	take_fails(api, t, id, 4, 0, MSG_COPY | IPC_NOWAIT, E2BIG);
	/* copy_msg() refuses what does not fit the copy: MSG_COPY never truncates. */
	take_fails(api, t, id, 4, 0, MSG_COPY | MSG_NOERROR | IPC_NOWAIT, EINVAL);
	copy_at(api, t, id, 0, 1, "a longer text");
	remove_queue(api, t, id);
}

static void copy_without_read_permission(const struct msg_api *api, struct trace *t, int id)
{
	take_fails(api, t, id, 64, 0, MSG_COPY | IPC_NOWAIT, EACCES);
}

DIFFERENTIAL_COPY(msg_copy_reads_the_buffer_first_then_checks_the_queue)
{
	int id = new_queue(api, t, 0600);

	put(api, t, id, 1, "one");
	/* prepare_copy() loads the caller's buffer before the id is looked up. */
	expect(t, "msgrcv(bad id, bad buffer, MSG_COPY)",
	       api->rcv(id + 1, NULL, 64, 0, MSG_COPY | IPC_NOWAIT), -1, EFAULT);
	take_fails(api, t, id + 1, 64, 0, MSG_COPY | IPC_NOWAIT, EINVAL);
	as_user(NOBODY, NOBODY, copy_without_read_permission, api, t, id);
	remove_queue(api, t, id);
	take_fails(api, t, id, 64, 0, MSG_COPY | IPC_NOWAIT, EINVAL);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(msgget_with_ipc_private_always_creates_a_new_queue),
		TT_CASE(msgget_of_an_existing_key_returns_its_id),
		TT_CASE(msgget_with_ipc_excl_of_an_existing_key_fails_with_eexist),
		TT_CASE(msgget_of_a_missing_key_without_ipc_creat_fails_with_enoent),
		TT_CASE(a_removed_queue_is_gone_and_its_id_fails_with_einval),
		TT_CASE(msgsnd_rejects_an_mtype_below_one_with_einval),
		TT_CASE(msgsnd_rejects_a_text_longer_than_msgmax_with_einval),
		TT_CASE(msgsnd_accepts_an_empty_text),
		TT_CASE(msgsnd_to_a_full_queue_with_ipc_nowait_fails_with_eagain),
		TT_CASE(each_queued_message_counts_as_one_byte_of_qbytes),
		TT_CASE(msgsnd_with_a_bad_pointer_fails_with_efault),
		TT_CASE(msgrcv_type_zero_takes_the_first_message),
		TT_CASE(msgrcv_positive_type_takes_the_first_of_that_type),
		TT_CASE(msgrcv_msg_except_takes_the_first_of_another_type),
		TT_CASE(msgrcv_negative_type_takes_the_lowest_type_up_to_its_absolute_value),
		TT_CASE(messages_of_one_type_come_out_in_the_order_they_went_in),
		TT_CASE(msgrcv_into_a_too_small_buffer_fails_with_e2big_and_keeps_the_message),
		TT_CASE(msgrcv_with_msg_noerror_truncates_and_removes_the_message),
		TT_CASE(long_messages_come_back_byte_for_byte_at_every_piece_boundary),
		TT_CASE(msg_noerror_truncates_a_long_message_at_any_boundary),
		TT_CASE(msgrcv_with_no_match_and_ipc_nowait_fails_with_enomsg),
		TT_CASE(msgrcv_into_a_bad_pointer_fails_with_efault_and_loses_the_message),
		TT_CASE(bad_ids_sizes_and_commands_fail_with_einval),
		TT_CASE(ipc_stat_reports_counts_times_and_pids),
		TT_CASE(ipc_stat_with_a_bad_pointer_fails_with_efault),
#ifdef __i386__
		TT_CASE(a_bad_msqid_ds_pointer_is_sigsegv_in_a_32_bit_libc_and_in_the_toy),
#endif
		TT_CASE(ipc_set_changes_owner_group_mode_and_qbytes),
		TT_CASE(ipc_set_with_an_unmapped_uid_fails_with_einval),
		TT_CASE(ipc_set_raises_qbytes_above_msgmnb_with_cap_sys_resource),
#if ULONG_MAX > 0xffffffffUL
		TT_CASE(ipc_set_truncates_qbytes_to_an_int_like_linux),
#endif
		TT_CASE(msgsnd_to_a_full_queue_sleeps_until_a_receive_makes_room),
		TT_CASE(a_receive_that_frees_too_little_room_does_not_wake_a_sleeping_sender),
		TT_CASE(a_receiver_sleeps_until_a_message_of_its_type_and_no_other_wakes_it),
		TT_CASE(each_sleeping_receiver_gets_the_message_of_its_own_type),
		TT_CASE(a_sleeping_receiver_with_a_small_buffer_gets_e2big_from_a_long_message),
		TT_CASE(ipc_rmid_wakes_sleeping_senders_and_receivers_with_eidrm),
		TT_CASE(a_signal_handler_interrupts_a_sleeping_msgrcv_with_eintr_despite_sa_restart),
		TT_CASE(a_signal_handler_interrupts_a_sleeping_msgsnd_with_eintr_despite_sa_restart),
		TT_CASE(stop_and_continue_without_a_handler_does_not_interrupt_msgrcv),
		TT_CASE(ipc_set_wakes_sleeping_receivers_to_check_permission_again),
		TT_CASE(producers_and_consumers_lose_and_duplicate_nothing),
		TT_CASE(without_read_permission_msgrcv_and_ipc_stat_fail_with_eacces),
		TT_CASE(without_write_permission_msgsnd_fails_with_eacces),
		TT_CASE(the_group_bits_apply_to_members_of_the_queues_group),
		TT_CASE(only_the_owner_creator_or_cap_sys_admin_may_ipc_set_or_ipc_rmid),
		TT_CASE(raising_qbytes_above_msgmnb_without_cap_sys_resource_fails_with_eperm),
		TT_CASE(ipc_info_reports_the_limits_and_returns_the_highest_index),
		TT_CASE(msg_info_counts_queues_messages_and_bytes),
		TT_CASE(msg_stat_takes_an_index_and_returns_the_full_id),
		TT_CASE(msg_stat_needs_read_permission_and_msg_stat_any_does_not),
		TT_CASE(msg_copy_copies_the_message_at_a_position_and_leaves_the_queue_alone),
		TT_CASE(msg_copy_copies_a_long_message_byte_for_byte),
		TT_CASE(msg_copy_without_ipc_nowait_or_with_msg_except_fails_with_einval),
		TT_CASE(msg_copy_into_a_small_buffer_fails_with_e2big_even_with_msg_noerror_einval),
		TT_CASE(msg_copy_reads_the_buffer_first_then_checks_the_queue),
		{ NULL, NULL },
	};

	return tt_main("msg", cases);
}
