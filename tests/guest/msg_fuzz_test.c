// SPDX-License-Identifier: GPL-2.0
/*
 * Randomised differential test of kmod/msg.c: for each seed, thousands of
 * random msgsnd/msgrcv/msgctl operations (random types, sizes and flags,
 * a small and changing qbytes) are made on a real queue and a toy queue
 * side by side, and every result must be the same: return value, errno,
 * received type and bytes, IPC_STAT fields.  All calls use IPC_NOWAIT, so
 * one process can drive both queues in lock step.
 *
 * The first divergence prints the seed and the step; replay it with
 *	msg_fuzz_test REGIME SEED [STEPS]
 * which runs that seed alone and prints every operation up to STEPS
 * (REGIME is nearly_full or roomy, the test case it came from).
 */
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/msg.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"
#include "tt_rand.h"

#define MSGMAX		8192	/* Linux's default, and the toy's */
#define STEPS		2000	/* operations per seed */
#define SEEDS		100	/* seeds per test case, time allowing */
#define MIN_SEEDS	10	/* seeds per test case, however slow the kernel */
#define BUDGET		25	/* seconds per test case, well under TT_TIMEOUT */

struct msg_api {
	const char *name;
	int (*get)(key_t key, int msgflg);
	int (*snd)(int msqid, const void *msgp, size_t msgsz, int msgflg);
	ssize_t (*rcv)(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);
	int (*ctl)(int msqid, int cmd, struct msqid_ds *buf);
};

static const struct msg_api real_api = { "real", msgget, msgsnd, msgrcv, msgctl };
static const struct msg_api toy_api = { "toy", toy_msgget, toy_msgsnd, toy_msgrcv, toy_msgctl };

struct msg {
	long mtype;
	char mtext[MSGMAX + 16];
};

/* tt_below() as a signed long: the operations built from it negate it and subtract from it. */
static long below(long n)
{
	return (long)tt_below((uint64_t)n);
}

/* What a seed's queue looks like: few or many types, small or large messages. */
struct regime {
	const char *name;
	long max_qbytes;	/* qbytes is set to random values below this */
	long max_size;		/* usual message sizes are below this */
};

/* The result of one operation on one side. */
struct outcome {
	long ret;
	int err;
	long mtype;		/* received */
	struct msqid_ds ds;	/* IPC_STAT */
};

struct op {
	enum { SEND, RECEIVE, STAT, SET_QBYTES } kind;
	long type;		/* mtype to send, msgtyp to receive */
	size_t size;		/* bytes to send, room to receive into */
	int flg;
	unsigned long qbytes;
	char text[96];		/* a description for the log */
};

static struct op random_op(const struct regime *rg, int ntypes)
{
	struct op op = { .flg = IPC_NOWAIT };
	long r = below(100);

	if (r < 42) {
		op.kind = SEND;
		op.type = below(25) ? 1 + below(ntypes) : -below(2);
		op.size = below(40) ? below(rg->max_size + 1) : MSGMAX + below(2);
	} else if (r < 84) {
		op.kind = RECEIVE;
		op.type = below(50) ? below(2 * ntypes + 3) - (ntypes + 1) : LONG_MIN;
		op.size = below(rg->max_size + 1);
		op.flg |= (below(3) ? 0 : MSG_NOERROR) | (below(4) ? 0 : MSG_EXCEPT);
	} else if (r < 95) {
		op.kind = STAT;
	} else {
		op.kind = SET_QBYTES;
		op.qbytes = below(rg->max_qbytes);
	}
	switch (op.kind) {
	case SEND:
		snprintf(op.text, sizeof(op.text), "msgsnd type %ld size %zu", op.type, op.size);
		break;
	case RECEIVE:
		snprintf(op.text, sizeof(op.text), "msgrcv msgtyp %ld size %zu flags %#o",
			 op.type, op.size, op.flg);
		break;
	case STAT:
		snprintf(op.text, sizeof(op.text), "msgctl IPC_STAT");
		break;
	case SET_QBYTES:
		snprintf(op.text, sizeof(op.text), "msgctl IPC_SET qbytes %lu", op.qbytes);
		break;
	}
	return op;
}

static void apply(const struct msg_api *api, int id, const struct op *op, const struct msg *body,
		  struct msg *in, struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	errno = 0;
	switch (op->kind) {
	case SEND:
		out->ret = api->snd(id, body, op->size, op->flg);
		break;
	case RECEIVE:
		in->mtype = 0;
		out->ret = api->rcv(id, in, op->size, op->type, op->flg);
		out->mtype = in->mtype;
		break;
	case STAT:
		out->ret = api->ctl(id, IPC_STAT, &out->ds);
		break;
	case SET_QBYTES:
		out->ret = api->ctl(id, IPC_STAT, &out->ds);
		if (out->ret == 0) {
			out->ds.msg_qbytes = op->qbytes;
			out->ret = api->ctl(id, IPC_SET, &out->ds);
		}
		break;
	}
	out->err = out->ret == -1 ? errno : 0;
}

/* 0 unset, 1 set: times are compared as set or unset. */
static int is_set(time_t t)
{
	return t != 0;
}

/* Why the two outcomes differ, or NULL. */
static const char *differ(const struct op *op, const struct outcome *r, const struct msg *rin,
			  const struct outcome *y, const struct msg *yin)
{
	if (r->ret != y->ret || r->err != y->err)
		return "return value or errno";
	if (op->kind == RECEIVE && r->ret >= 0 &&
	    (r->mtype != y->mtype || memcmp(rin->mtext, yin->mtext, r->ret)))
		return "received message";
	if (op->kind == STAT && r->ret == 0 &&
	    (r->ds.__msg_cbytes != y->ds.__msg_cbytes || r->ds.msg_qnum != y->ds.msg_qnum ||
	     r->ds.msg_qbytes != y->ds.msg_qbytes || r->ds.msg_lspid != y->ds.msg_lspid ||
	     r->ds.msg_lrpid != y->ds.msg_lrpid ||
	     is_set(r->ds.msg_stime) != is_set(y->ds.msg_stime) ||
	     is_set(r->ds.msg_rtime) != is_set(y->ds.msg_rtime)))
		return "IPC_STAT fields";
	return NULL;
}

static void print_outcome(const char *side, const struct op *op, const struct outcome *o)
{
	printf("#   %-4s ret %ld errno %d (%s)", side, o->ret, o->err, o->err ? strerror(o->err) : "-");
	if (op->kind == RECEIVE && o->ret >= 0)
		printf(" mtype %ld", o->mtype);
	if (op->kind == STAT && o->ret == 0)
		printf(" cbytes %lu qnum %lu qbytes %lu lspid %d lrpid %d stime %d rtime %d",
		       o->ds.__msg_cbytes, o->ds.msg_qnum, o->ds.msg_qbytes, o->ds.msg_lspid,
		       o->ds.msg_lrpid, is_set(o->ds.msg_stime), is_set(o->ds.msg_rtime));
	printf("\n");
}

/*
 * run_seed - STEPS random operations on a real and a toy queue.
 * Returns 0, or 1 after printing the first divergence.  With VERBOSE,
 * prints each operation up to step LAST and stops there.
 */
static int run_seed(const struct regime *rg, uint64_t seed, int last, bool verbose)
{
	static struct msg body, real_in, toy_in;
	struct outcome r, y;
	int real_id, toy_id, ntypes, failed = 0;

	tt_rand_seed(seed * 0x9e3779b97f4a7c15ULL + 1);
	ntypes = 1 + below(8);
	real_id = msgget(IPC_PRIVATE, 0600);
	toy_id = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(real_id >= 0 && toy_id >= 0);

	for (int step = 0; step < last; step++) {
		struct op op = random_op(rg, ntypes);
		const char *why;

		body.mtype = op.type;
		for (size_t i = 0; i < op.size && i < sizeof(body.mtext); i++)
			body.mtext[i] = (char)tt_rand();
		memset(real_in.mtext, 0, sizeof(real_in.mtext));
		memset(toy_in.mtext, 0, sizeof(toy_in.mtext));
		apply(&real_api, real_id, &op, &body, &real_in, &r);
		apply(&toy_api, toy_id, &op, &body, &toy_in, &y);
		why = differ(&op, &r, &real_in, &y, &toy_in);
		if (verbose || why) {
			printf("# %s seed %" PRIu64 " step %d: %s%s%s\n", rg->name, seed, step,
			       op.text, why ? ": DIFFERENT " : "", why ? why : "");
			print_outcome("real", &op, &r);
			print_outcome("toy", &op, &y);
		}
		if (why) {
			printf("# replay: msg_fuzz_test %s %" PRIu64 " %d\n", rg->name, seed, step + 1);
			failed = 1;
			break;
		}
	}
	TT_ASSERT(msgctl(real_id, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_msgctl(toy_id, IPC_RMID, NULL) == 0);
	return failed;
}

static const struct regime nearly_full = { "nearly_full", 300, 120 };
static const struct regime roomy = { "roomy", 20000, 600 };

/*
 * Seeds 1, 2, 3... in order, so any run repeats the first seeds of every
 * other: 100 of them on a distro kernel (about 2 s), as many as BUDGET
 * seconds allow on the debug kernel, whose sanitizers make every system
 * call 30 times slower, but never fewer than MIN_SEEDS.  The count run is
 * printed.
 */
static void run_seeds(const struct regime *rg)
{
	time_t start = time(NULL);
	uint64_t seed;

	for (seed = 1; seed <= SEEDS; seed++) {
		if (seed > MIN_SEEDS && time(NULL) - start >= BUDGET)
			break;
		if (run_seed(rg, seed, STEPS, false))
			TT_FAIL("%s: seed %" PRIu64 " diverged (above)", rg->name, seed);
	}
	printf("# %s: %" PRIu64 " seeds x %d operations agree\n", rg->name, seed - 1, STEPS);
}

/* qbytes below 300: sends often find the queue full, qnum counts too. */
static void random_operations_on_a_nearly_full_queue_agree_with_linux(void)
{
	run_seeds(&nearly_full);
}

/* qbytes up to 20000: long queues, where selection by type matters most. */
static void random_operations_on_a_roomy_queue_agree_with_linux(void)
{
	run_seeds(&roomy);
}

int main(int argc, char **argv)
{
	static const struct tt_case cases[] = {
		TT_CASE(random_operations_on_a_nearly_full_queue_agree_with_linux),
		TT_CASE(random_operations_on_a_roomy_queue_agree_with_linux),
		{ NULL, NULL },
	};

	if (argc > 2) {
		const struct regime *rg = strcmp(argv[1], roomy.name) ? &nearly_full : &roomy;

		return run_seed(rg, strtoull(argv[2], NULL, 0),
				argc > 3 ? atoi(argv[3]) : STEPS, true);
	}
	return tt_main("msg_fuzz", cases);
}
