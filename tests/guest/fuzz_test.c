// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl fuzzing of /dev/toyipc, of toy pipe ends and of the FIFOs.
 *
 * Several processes at once, half of them root and half "nobody", make
 * random calls for a bounded time: every ioctl number of the ABI and random
 * ones, with structs of random and "interesting" values (ids of live
 * objects, boundary sizes, every flag), pointers that are good, NULL,
 * unmapped, kernel addresses, or run off the end of the mapped memory, and
 * huge lengths; reads and writes on pipe ends and FIFOs; opens of the FIFOs
 * with random flags.  A timer interrupts every call that sleeps.
 *
 * What must hold: every call returns success or -1 with an errno the ABI
 * can give (no ERESTARTSYS leaking out, no ENOSYS), no process dies, the
 * kernel log has no report (tests/vm/run checks that), and afterwards every
 * pipe end is released and every object can be removed.
 *
 * Bounded for `make check`: FUZZ_SECONDS (20 s).  Longer on request:
 *	fuzz_test SECONDS	or	TOYIPC_FUZZ_SECONDS=SECONDS fuzz_test
 * The seed of each run is printed; TOYIPC_FUZZ_SEED=N replays it (the
 * interleaving of the processes differs, the calls of each do not).
 *
 * Built a second time as kcov_fuzz_test (-DFUZZ_GUIDED) for a kernel with
 * KCOV: the same calls, chosen by kcov.h's corpus loop, which keeps the
 * programs that reach new basic blocks of toyipc.ko.  A worker that fails
 * there prints "# reproducer: TOYIPC_FUZZ_SEED=.. TOYIPC_FUZZ_REPLAY=W:..",
 * which runs that worker's last program again (`make fuzz` collects them).
 */
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <linux/toyipc.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"
#include "tt_rand.h"
#include "kcov.h"

#define FUZZ_SECONDS	20
#define WORKERS		4	/* even ones root, odd ones nobody */
#define NOBODY		65534
#define SCRATCH		(128 << 10)	/* room for GETALL of 32000 semaphores */
#define LANDING		(16 << 20)	/* where shmat(SHM_REMAP) may map */
#define MAX_IDS		16	/* objects a worker keeps per kind */
#define MAX_PIPES	4	/* pipes a worker keeps open */
#define NERRNO		140

static unsigned int fuzz_seconds = FUZZ_SECONDS;
static uint64_t fuzz_seed;

/* What the workers report, in memory shared with the test process. */
struct report {
	unsigned long calls[WORKERS];
	unsigned long ok[WORKERS];
	unsigned long by_errno[WORKERS][NERRNO];
	char why[WORKERS][256];		/* the first bad result, if any */
	unsigned long notes[WORKERS];	/* mq_notify signals caught */
	struct {			/* the signal that ended a worker */
		int signo, code;
		uint64_t addr;
	} death[WORKERS];
	struct kcov_shared kcov[WORKERS];	/* coverage-guided runs (kcov.h) */
};

static struct report *report;

/* ---- one worker's world */

struct world {
	int id;			/* worker number */
	int ctl;		/* /dev/toyipc */
	char *scratch;		/* SCRATCH bytes, then two inaccessible pages */
	char *unmapped;		/* a page nothing is mapped at */
	char *landing;		/* LANDING bytes reserved for SHM_REMAP */
	int ids[3][MAX_IDS];	/* msg, shm, sem ids this worker made or met */
	int nids[3];
	int pipes[MAX_PIPES][2];	/* -1 when unused */
	int fifos[4];		/* FIFO descriptors, -1 when closed */
};

enum { MSG, SHM, SEM };

/* Values that sit on the edges of what the module checks. */
static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 8, 63, 64, 65, 250, 500, 501, 4095, 4096, 4097,
		8191, 8192, 8193, 16384, 32000, 32001, 65535, 65536, 65537,
		1 << 20, (1 << 20) + 1, 1U << 26, (1U << 26) + 1, 1U << 31,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, UINT64_MAX,
		UINT64_MAX - 1, (uint64_t)-4096,
	};

	if (tt_one_in(4))
		return tt_rand();
	return v[tt_below(sizeof(v) / sizeof(v[0]))];
}

/* A pointer a call may be given: mostly good, often not. */
static uint64_t pointer(struct world *w)
{
	switch (tt_below(10)) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)(uintptr_t)w->unmapped + tt_below(4096);
	case 2:
		return 0xffff888000000000ULL + tt_below(1 << 20) * 8;	/* kernel */
	case 3:
		return 0x0000800000000000ULL;	/* just past user space */
	case 4:		/* runs into the inaccessible page after scratch */
		return (uint64_t)(uintptr_t)w->scratch + SCRATCH - tt_below(256);
	case 5:
		return tt_rand();
	default:	/* good, sometimes misaligned */
		return (uint64_t)(uintptr_t)w->scratch + tt_below(4096);
	}
}

/*
 * A pointer no request can be read from: copy_from_user() of a struct of
 * @size bytes at it faults.  For shmat, whose request must never be read
 * from memory the fuzzer does not control (see fuzz_shmat()).
 */
static uint64_t unreadable_pointer(struct world *w, size_t size)
{
	switch (tt_below(4)) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)(uintptr_t)w->unmapped + tt_below(4096);
	case 2:
		return 0xffff888000000000ULL + tt_below(1 << 20) * 8;	/* kernel */
	default:	/* the struct's end lies in the inaccessible page */
		return (uint64_t)(uintptr_t)w->scratch + SCRATCH - 1 - tt_below(size - 1);
	}
}

static int pick_id(struct world *w, int kind)
{
	if (!w->nids[kind] || tt_one_in(5))
		return tt_one_in(2) ? (int)tt_below(64) : (int)interesting();
	return w->ids[kind][tt_below(w->nids[kind])];
}

static int pick_key(void)
{
	return tt_one_in(3) ? IPC_PRIVATE : 0x70000 + (int)tt_below(8);
}

static int pick_mode(void)
{
	return tt_one_in(4) ? (int)tt_rand() : (int)(tt_below(2) ? IPC_CREAT : 0) |
	       (int)(tt_one_in(4) ? IPC_EXCL : 0) | (int)tt_below(01000);
}

/*
 * remember - note an id a *get call returned.  Past MAX_IDS the oldest
 * is removed, so that the objects (and the memory of large semaphore
 * sets) stay few however long the run.
 */
static void remember(struct world *w, int kind, int id)
{
	static const unsigned long rmid[] = {
		TOYIPC_IOC_MSGCTL, TOYIPC_IOC_SHMCTL, TOYIPC_IOC_SEMCTL
	};
	int i;

	for (i = 0; i < w->nids[kind]; i++)
		if (w->ids[kind][i] == id)
			return;
	if (w->nids[kind] == MAX_IDS) {
		struct toyipc_msgctl m = { .msqid = w->ids[kind][0], .cmd = IPC_RMID };
		struct toyipc_shmctl s = { .shmid = w->ids[kind][0], .cmd = IPC_RMID };
		struct toyipc_semctl c = { .semid = w->ids[kind][0], .cmd = IPC_RMID };
		void *arg = kind == MSG ? (void *)&m : kind == SHM ? (void *)&s : (void *)&c;

		ioctl(w->ctl, rmid[kind], arg);
		memmove(&w->ids[kind][0], &w->ids[kind][1], (MAX_IDS - 1) * sizeof(int));
		w->nids[kind]--;
	}
	w->ids[kind][w->nids[kind]++] = id;
}

/* ---- judging results */

/* What a toy call may fail with; anything else is a bug. */
static bool allowed_errno(int err)
{
	switch (err) {
	case EPERM: case ENOENT: case EINTR: case ENXIO: case E2BIG:
	case EAGAIN: case ENOMEM: case EACCES: case EFAULT: case EBUSY:
	case EEXIST: case EINVAL: case ENFILE: case EMFILE: case ENOTTY:
	case EFBIG: case ENOSPC: case EPIPE: case ERANGE: case ENOMSG:
	case EIDRM:
	case EBADF:	/* read(2) of a write end, write(2) of a read end */
		return true;
	/* POSIX mq and shm (fuzz_posix): their calls' own errno values */
	case EMSGSIZE: case ETIMEDOUT: case ENAMETOOLONG: case EOVERFLOW:
	case EISDIR: case ENOTDIR: case ELOOP: case EOPNOTSUPP:
		return true;
	default:
		return false;
	}
}

__attribute__((format(printf, 3, 4)))
static void judge(struct world *w, long ret, const char *fmt, ...)
{
	int err = errno, n = w->id;
	va_list ap;

	report->calls[n]++;
	if (ret >= 0) {
		report->ok[n]++;
		return;
	}
	report->by_errno[n][err < NERRNO ? err : 0]++;
	if (ret == -1 && allowed_errno(err))
		return;
	if (!report->why[n][0]) {
		int len = snprintf(report->why[n], sizeof(report->why[n]),
				   "returned %ld errno %d (%s) for ", ret, err, strerror(err));

		va_start(ap, fmt);
		vsnprintf(report->why[n] + len, sizeof(report->why[n]) - len, fmt, ap);
		va_end(ap);
	}
}

/* ---- the calls */

/* Fill the request with random bytes, then set its fields. */
static void *request(struct world *w, size_t size)
{
	char *req = w->scratch + 4096 * 8;
	size_t i;

	for (i = 0; i < size; i++)
		req[i] = (char)tt_rand();
	return req;
}

/*
 * ioctl_arg - where the request goes: mostly the good copy, sometimes a
 * bad pointer instead, or a copy cut off by the inaccessible page.
 */
static void *ioctl_arg(struct world *w, void *req, size_t size)
{
	char *cut;

	switch (tt_below(12)) {
	case 0:
		return (void *)(uintptr_t)pointer(w);
	case 1:
		cut = w->scratch + SCRATCH - 1 - tt_below(size ? size : 1);
		memcpy(cut, req, w->scratch + SCRATCH - cut);
		return cut;
	default:
		return req;
	}
}

static long do_ioctl(struct world *w, int fd, unsigned long cmd, void *arg)
{
	long ret = ioctl(fd, cmd, arg);

	judge(w, ret, "ioctl(%d, %#lx)", fd, cmd);
	return ret;
}

static void fuzz_msg(struct world *w)
{
	switch (tt_below(4)) {
	case 0: {
		struct toyipc_msgget *r = request(w, sizeof(*r));
		long id;

		r->key = pick_key();
		r->msgflg = pick_mode();
		id = do_ioctl(w, w->ctl, TOYIPC_IOC_MSGGET, ioctl_arg(w, r, sizeof(*r)));
		if (id >= 0)
			remember(w, MSG, (int)id);
		break;
	}
	case 1: {
		struct toyipc_msgsnd *r = request(w, sizeof(*r));

		r->msqid = pick_id(w, MSG);
		r->msgflg = tt_one_in(8) ? (int)tt_rand() : IPC_NOWAIT;
		r->msgp = pointer(w);
		r->msgsz = tt_one_in(2) ? tt_below(300) : interesting();
		do_ioctl(w, w->ctl, TOYIPC_IOC_MSGSND, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	case 2: {
		struct toyipc_msgrcv *r = request(w, sizeof(*r));

		r->msqid = pick_id(w, MSG);
		r->msgflg = (int)(tt_one_in(8) ? tt_rand() : IPC_NOWAIT | (tt_below(4) << 12));
		r->msgp = pointer(w);
		r->msgsz = tt_one_in(2) ? tt_below(300) : interesting();
		r->msgtyp = tt_one_in(2) ? (int64_t)tt_below(5) - 2 : (int64_t)interesting();
		do_ioctl(w, w->ctl, TOYIPC_IOC_MSGRCV, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	default: {
		struct toyipc_msgctl *r = request(w, sizeof(*r));

		r->msqid = pick_id(w, MSG);
		r->cmd = tt_one_in(4) ? (int)interesting() : (int)tt_below(16);
		r->buf = pointer(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_MSGCTL, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	}
}

/*
 * shmat's address: never one where a mapping of this process could be
 * replaced, except inside the landing zone and only for a segment that
 * fits there.  Without SHM_REMAP the module maps with
 * MAP_FIXED_NOREPLACE, which never replaces anything.
 *
 * The request itself must never be read from anywhere but @r when it is
 * readable: the worker's intermittent SIGSEGV in its own scratch buffer
 * (issue 16, item 9; seed 3205841055372) came from a shmat whose request
 * was a "good" pointer() into scratch.  Scratch holds what earlier calls
 * left there - pipe and message data copied from the requests at
 * scratch + 32 KiB - and a toyipc_msgsnd request has the layout of a
 * toyipc_shmat one: msqid, then a random msgflg (SHM_REMAP, SHM_RDONLY...
 * set at random) and msgp, an address inside scratch.  The module then did
 * what it was asked, mapped a segment over scratch with MAP_FIXED
 * (read-only, at times), and the worker's next write there faulted.  The
 * module was right (shmat(SHM_REMAP) replaces mappings, as Linux's does);
 * the test broke its own rule.  Bad request pointers for shmat are now
 * unreadable ones only.
 */
static void fuzz_shmat(struct world *w)
{
	struct toyipc_shmat *r = request(w, sizeof(*r));
	struct toyipc_shmctl st = { .cmd = IPC_STAT };
	struct shmid_ds ds;
	uint64_t off = tt_below(LANDING / 4096) * 4096 + (tt_one_in(4) ? tt_below(4096) : 0);

	r->shmid = pick_id(w, SHM);
	r->shmflg = (int)(tt_below(16) << 12);	/* SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC */
	switch (tt_below(4)) {
	case 0:
		r->addr = 0;
		break;
	case 1:
		r->addr = (uint64_t)(uintptr_t)w->landing + off;
		break;
	default:
		r->addr = pointer(w);
		break;
	}
	if (r->shmflg & SHM_REMAP) {
		st.shmid = r->shmid;
		st.buf = (uint64_t)(uintptr_t)&ds;
		if (r->addr < (uint64_t)(uintptr_t)w->landing ||
		    r->addr >= (uint64_t)(uintptr_t)w->landing + LANDING ||
		    ioctl(w->ctl, TOYIPC_IOC_SHMCTL, &st) < 0 ||
		    ds.shm_segsz > LANDING - (r->addr - (uint64_t)(uintptr_t)w->landing) - 4096)
			r->shmflg &= ~SHM_REMAP;
	}
	/* Not cut off: the module writes the address back into it. */
	do_ioctl(w, w->ctl, TOYIPC_IOC_SHMAT,
		 tt_one_in(12) ? (void *)(uintptr_t)unreadable_pointer(w, sizeof(*r)) : r);
}

static void fuzz_shm(struct world *w)
{
	switch (tt_below(4)) {
	case 0: {
		struct toyipc_shmget *r = request(w, sizeof(*r));
		long id;

		r->key = pick_key();
		r->shmflg = pick_mode();
		r->size = interesting();
		id = do_ioctl(w, w->ctl, TOYIPC_IOC_SHMGET, r);
		if (id >= 0)
			remember(w, SHM, (int)id);
		break;
	}
	case 1:
		fuzz_shmat(w);
		break;
	case 2: {
		struct toyipc_shmdt *r = request(w, sizeof(*r));

		r->addr = tt_one_in(2) ? (uint64_t)(uintptr_t)w->landing +
					  tt_below(LANDING / 4096) * 4096
				       : pointer(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_SHMDT, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	default: {
		struct toyipc_shmctl *r = request(w, sizeof(*r));

		r->shmid = pick_id(w, SHM);
		r->cmd = tt_one_in(4) ? (int)interesting() : (int)tt_below(16);
		r->buf = pointer(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_SHMCTL, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	}
}

static void fuzz_sem(struct world *w)
{
	switch (tt_below(3)) {
	case 0: {
		struct toyipc_semget *r = request(w, sizeof(*r));
		long id;

		r->key = pick_key();
		r->nsems = tt_one_in(8) ? (int)interesting() : (int)tt_below(300);
		r->semflg = pick_mode();
		if (!tt_one_in(8))
			r->reserved = 0;
		id = do_ioctl(w, w->ctl, TOYIPC_IOC_SEMGET, r);
		if (id >= 0)
			remember(w, SEM, (int)id);
		break;
	}
	case 1: {
		struct toyipc_semop *r = request(w, sizeof(*r));
		struct sembuf *sops = (struct sembuf *)(w->scratch + 4096);
		unsigned int i, n = tt_one_in(4) ? (unsigned int)interesting()
						  : 1 + (unsigned int)tt_below(70);

		for (i = 0; i < 600 && i < n; i++) {
			sops[i].sem_num = (unsigned short)(tt_one_in(8) ? tt_rand() : tt_below(4));
			sops[i].sem_op = (short)(tt_below(7) - 3);
			sops[i].sem_flg = (short)(tt_one_in(8) ? tt_rand() : IPC_NOWAIT);
		}
		r->semid = pick_id(w, SEM);
		r->nsops = n;
		r->sops = tt_one_in(4) ? pointer(w) : (uint64_t)(uintptr_t)sops;
		do_ioctl(w, w->ctl, TOYIPC_IOC_SEMOP, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	default: {
		struct toyipc_semctl *r = request(w, sizeof(*r));

		r->semid = pick_id(w, SEM);
		r->semnum = tt_one_in(4) ? (int)interesting() : (int)tt_below(4);
		r->cmd = tt_one_in(4) ? (int)interesting() : (int)tt_below(20);
		if (!tt_one_in(8))
			r->reserved = 0;
		r->arg = tt_one_in(2) ? pointer(w) : interesting();
		do_ioctl(w, w->ctl, TOYIPC_IOC_SEMCTL, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	}
}

/* Close every descriptor above the standard ones that the world does not hold. */
static void sweep_fds(struct world *w)
{
	int fd, i;
	bool held;

	for (fd = 3; fd < 64; fd++) {
		held = fd == w->ctl;
		for (i = 0; i < MAX_PIPES; i++)
			held |= fd == w->pipes[i][0] || fd == w->pipes[i][1];
		for (i = 0; i < 4; i++)
			held |= fd == w->fifos[i];
		if (!held)
			close(fd);
	}
}

/* A new pipe in a free slot (or in place of a random one), non-blocking. */
static void fuzz_pipe2(struct world *w)
{
	struct toyipc_pipe2 *r = request(w, sizeof(*r));
	int *fds = (int *)(w->scratch + 64), slot = (int)tt_below(MAX_PIPES);

	r->fds = tt_one_in(6) ? pointer(w) : (uint64_t)(uintptr_t)fds;
	r->flags = tt_one_in(6) ? (uint32_t)tt_rand() : (uint32_t)(tt_below(2) ? O_NONBLOCK : 0) |
		   (uint32_t)(tt_below(2) ? O_CLOEXEC : 0);
	if (!tt_one_in(8))
		r->reserved = 0;
	if (do_ioctl(w, w->ctl, TOYIPC_IOC_PIPE2, ioctl_arg(w, r, sizeof(*r))) < 0)
		return;
	if (r->fds != (uint64_t)(uintptr_t)fds) {
		sweep_fds(w);	/* they went somewhere else: do not lose them */
		return;
	}
	if (w->pipes[slot][0] >= 0) {
		close(w->pipes[slot][0]);
		close(w->pipes[slot][1]);
	}
	w->pipes[slot][0] = fds[0];
	w->pipes[slot][1] = fds[1];
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
}

/* Some descriptor of a pipe or FIFO, or -1 if there is none. */
static int pick_pipe_fd(struct world *w)
{
	int i, fd;

	for (i = 0; i < 8; i++) {
		fd = tt_below(2) ? w->pipes[tt_below(MAX_PIPES)][tt_below(2)]
				 : w->fifos[tt_below(4)];
		if (fd >= 0)
			return fd;
	}
	return -1;
}

static void fuzz_pipe_fd(struct world *w)
{
	static const unsigned long cmds[] = {
		FIONREAD, TOYIPC_IOC_PIPE_GETSZ, TOYIPC_IOC_PIPE_SETSZ, TOYIPC_IOC_PIPE_STATS,
	};
	int fd = pick_pipe_fd(w);
	uint32_t *size = request(w, sizeof(struct toyipc_pipe_stats));
	size_t len = tt_one_in(3) ? (size_t)interesting() : (size_t)tt_below(9000);
	char *buf = (char *)(uintptr_t)pointer(w);
	long ret;

	if (fd < 0)
		return;
	/* Reads and writes of good pointers stay inside scratch. */
	if (buf >= w->scratch && buf < w->scratch + SCRATCH && len > 64 << 10)
		len = 64 << 10;
	switch (tt_below(3)) {
	case 0:
		*size = (uint32_t)interesting();
		do_ioctl(w, fd, cmds[tt_below(4)], ioctl_arg(w, size, sizeof(*size)));
		break;
	case 1:
		ret = read(fd, buf, len);
		judge(w, ret, "read(%d, %p, %zu)", fd, buf, len);
		break;
	default:
		ret = write(fd, buf, len);
		judge(w, ret, "write(%d, %p, %zu)", fd, buf, len);
		break;
	}
}

/* Close a FIFO descriptor and open it again with random flags. */
static void fuzz_fifo_open(struct world *w)
{
	static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR, O_ACCMODE };
	int i = (int)tt_below(4), flags = modes[tt_below(4)] | (tt_one_in(4) ? 0 : O_NONBLOCK);
	char path[32];

	snprintf(path, sizeof(path), "/dev/toyfifo%d", i);
	if (w->fifos[i] >= 0)
		close(w->fifos[i]);
	w->fifos[i] = open(path, flags | O_CLOEXEC);
	judge(w, w->fifos[i], "open(%s, %#x)", path, flags);
}

/* A number that is no ioctl of ours, or one of ours on the wrong file. */
/*
 * POSIX queues and segments: the ioctls 0x50-0x61 with few names, so that
 * calls meet each other's objects; the descriptors they return are kept
 * (per worker process) and used, closed and mapped at random.
 */
static const char *pick_posix_name(struct world *w)
{
	static const char *const names[] = { "fz0", "fz1", "fz2", "", "a/b", ".", "..",
					     "fz/..", "fz3" };

	if (tt_one_in(8))
		return (const char *)(uintptr_t)pointer(w);
	return names[tt_below(sizeof(names) / sizeof(names[0]))];
}

static int posix_fds[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };

static void keep_posix_fd(long fd)
{
	int *slot = &posix_fds[tt_below(8)];

	if (fd < 0)
		return;
	if (*slot >= 0)
		close(*slot);
	*slot = (int)fd;
}

static int pick_posix_fd(struct world *w)
{
	int fd = posix_fds[tt_below(8)];

	return fd >= 0 && !tt_one_in(8) ? fd : (tt_one_in(2) ? w->ctl : (int)interesting());
}

static int pick_oflag(void)
{
	static const int bits[] = { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_NONBLOCK,
				    O_TRUNC, O_APPEND, O_DIRECTORY, O_TMPFILE, O_PATH };
	int flags = 0;

	if (tt_one_in(6))
		return (int)tt_rand();
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (tt_one_in(3))
			flags |= bits[i];
	return flags;
}

/*
 * catchable - can a worker catch @sig (1.._NSIG)?  Not SIGKILL and SIGSTOP,
 * nor the two real-time signals glibc keeps for itself (32 and 33: its
 * sigaction() says EINVAL).
 */
static bool catchable(int sig)
{
	struct sigaction old;

	return sig != SIGKILL && sig != SIGSTOP && sigaction(sig, NULL, &old) == 0;
}

/*
 * pick_sigevent - an mq_notify request over the long[] at @sev: its
 * attr[1] is sigev_signo (low half) and sigev_notify (high half), so half
 * the time a signal 0..69 with SIGEV_SIGNAL, else whatever is there.
 * Never a valid signal the worker cannot catch: the queue's first message,
 * from any worker, would deliver it to this one and end it (Linux takes
 * them all, as the toy does).  The others are caught by on_signal().
 */
static void pick_sigevent(struct sigevent *sev)
{
	if (tt_one_in(2)) {
		sev->sigev_signo = (int)tt_below(70);
		sev->sigev_notify = SIGEV_SIGNAL;
	}
	if (sev->sigev_signo > 0 && sev->sigev_signo < NSIG && !catchable(sev->sigev_signo))
		sev->sigev_signo = SIGUSR1;
}

static void fuzz_posix(struct world *w)
{
	struct timespec *ts = (struct timespec *)(w->scratch + 4096 * 12);
	long *attr = (long *)(w->scratch + 4096 * 13);

	ts->tv_sec = tt_one_in(2) ? 0 : (time_t)interesting();
	ts->tv_nsec = tt_one_in(2) ? (long)tt_below(1000000000) : (long)interesting();
	for (int i = 0; i < 8; i++)
		attr[i] = tt_one_in(2) ? (long)tt_below(64) : (long)interesting();
	switch (tt_below(10)) {
	case 0: {
		struct toyipc_mq_open *r = request(w, sizeof(*r));

		r->name = (uintptr_t)pick_posix_name(w);
		r->oflag = pick_oflag();
		r->mode = tt_below(01000);
		r->attr = tt_one_in(2) ? 0 : tt_one_in(2) ? (uintptr_t)attr : pointer(w);
		keep_posix_fd(do_ioctl(w, w->ctl, TOYIPC_IOC_MQ_OPEN, ioctl_arg(w, r, sizeof(*r))));
		break;
	}
	case 1: {
		struct toyipc_mq_unlink *r = request(w, sizeof(*r));

		r->name = (uintptr_t)pick_posix_name(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_MQ_UNLINK, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	case 2: {
		struct toyipc_mq_send *r = request(w, sizeof(*r));

		r->mqdes = pick_posix_fd(w);
		r->msg_prio = tt_one_in(4) ? (uint32_t)interesting() : tt_below(32768);
		r->msg_ptr = pointer(w);
		r->msg_len = tt_one_in(2) ? tt_below(64) : interesting();
		r->abs_timeout = tt_one_in(2) ? 0 : tt_one_in(2) ? (uintptr_t)ts : pointer(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_MQ_TIMEDSEND, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	case 3: {
		struct toyipc_mq_receive *r = request(w, sizeof(*r));

		r->mqdes = pick_posix_fd(w);
		r->msg_ptr = pointer(w);
		r->msg_len = tt_one_in(2) ? 8192 : interesting();
		r->msg_prio = tt_one_in(2) ? 0 : pointer(w);
		r->abs_timeout = tt_one_in(2) ? 0 : tt_one_in(2) ? (uintptr_t)ts : pointer(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_MQ_TIMEDRECEIVE, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	case 4: {
		struct toyipc_mq_getsetattr *r = request(w, sizeof(*r));

		r->mqdes = pick_posix_fd(w);
		r->newattr = tt_one_in(2) ? 0 : tt_one_in(2) ? (uintptr_t)attr : pointer(w);
		r->oldattr = tt_one_in(2) ? 0 : pointer(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_MQ_GETSETATTR, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	case 5: {
		struct toyipc_mq_notify *r = request(w, sizeof(*r));

		pick_sigevent((struct sigevent *)attr);
		r->mqdes = pick_posix_fd(w);
		r->sevp = tt_one_in(3) ? 0 : tt_one_in(2) ? (uintptr_t)attr : pointer(w);
		keep_posix_fd(do_ioctl(w, w->ctl, TOYIPC_IOC_MQ_NOTIFY, ioctl_arg(w, r, sizeof(*r))));
		break;
	}
	case 6: {
		struct toyipc_shm_open *r = request(w, sizeof(*r));

		r->name = (uintptr_t)pick_posix_name(w);
		r->oflag = pick_oflag();
		r->mode = tt_below(01000);
		keep_posix_fd(do_ioctl(w, w->ctl, TOYIPC_IOC_SHM_OPEN, ioctl_arg(w, r, sizeof(*r))));
		break;
	}
	case 7: {
		struct toyipc_shm_open *r = request(w, sizeof(*r));

		r->name = (uintptr_t)pick_posix_name(w);
		do_ioctl(w, w->ctl, TOYIPC_IOC_SHM_UNLINK, ioctl_arg(w, r, sizeof(*r)));
		break;
	}
	case 8: {	/* the plain calls on what came back */
		int fd = pick_posix_fd(w);
		char *p;

		judge(w, ftruncate(fd, tt_below(4) * 4096 + tt_below(2)), "ftruncate(%d)", fd);
		p = mmap(NULL, 8192, tt_below(4), tt_one_in(2) ? MAP_SHARED : MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			if (tt_one_in(2))
				judge(w, ftruncate(fd, 0), "ftruncate(%d, 0)", fd);
			munmap(p, 8192);
		}
		break;
	}
	default: {
		int *slot = &posix_fds[tt_below(8)];

		if (*slot >= 0) {
			char b;

			if (tt_one_in(2))
				judge(w, read(*slot, &b, tt_one_in(2) ? 0 : 1), "read(%d)", *slot);
			close(*slot);
			*slot = -1;
		}
		break;
	}
	}
}

static void fuzz_random_ioctl(struct world *w)
{
	char *req = request(w, 256);
	unsigned long cmd;
	int fd = tt_one_in(2) ? w->ctl : pick_pipe_fd(w);

	if (fd < 0)
		fd = w->ctl;
	switch (tt_below(3)) {
	case 0:
		cmd = (unsigned long)(uint32_t)tt_rand();
		break;
	case 1:
		cmd = _IOC(tt_below(4), TOYIPC_IOC_MAGIC, tt_below(256), tt_below(1 << 14));
		break;
	default:
		cmd = _IOC(tt_below(4), TOYIPC_IOC_MAGIC, 0x10 * tt_below(6) + tt_below(16),
			   tt_below(64));
		break;
	}
	/* The known numbers have their own generators, with safe shmat addresses. */
	if (_IOC_TYPE(cmd) == TOYIPC_IOC_MAGIC && _IOC_NR(cmd) >= 0x10 && _IOC_NR(cmd) < 0x70 &&
	    fd == w->ctl)
		return;
	if (fd != w->ctl && cmd == TOYIPC_IOC_PIPE_SETSZ)
		return;
	do_ioctl(w, fd, cmd, tt_one_in(2) ? (void *)req : (void *)(uintptr_t)pointer(w));
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int world_id;	/* this worker's number, for on_signal() */

/*
 * on_signal - every catchable signal but SIGALRM and SIGPIPE.  A queue's
 * notification (si_code SI_MESGQ) is a result of the worker's own
 * mq_notify() and is counted; any other signal is what it would have been
 * without a handler: noted as the worker's death, then the default action
 * (a fault repeats on return, a sent signal is raised again).
 */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si->si_code == SI_MESGQ) {
		report->notes[world_id]++;
		return;
	}
	report->death[world_id].signo = sig;
	report->death[world_id].code = si->si_code;
	report->death[world_id].addr = (uint64_t)(uintptr_t)si->si_addr;
	signal(sig, SIG_DFL);
	if (si->si_code <= 0 ||
	    (sig != SIGSEGV && sig != SIGBUS && sig != SIGILL && sig != SIGFPE && sig != SIGTRAP))
		raise(sig);
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGALRM && sig != SIGPIPE && catchable(sig))
			TT_ASSERT(sigaction(sig, &sa, NULL) == 0);
}

/* A root worker keeps its capabilities but CAP_SYS_RESOURCE: pipes stay <= 1 MiB. */
static void drop_sys_resource(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	TT_ASSERT(syscall(SYS_capget, &h, d) == 0);
	d[CAP_SYS_RESOURCE / 32].effective &= ~(1U << (CAP_SYS_RESOURCE % 32));
	d[CAP_SYS_RESOURCE / 32].permitted &= ~(1U << (CAP_SYS_RESOURCE % 32));
	TT_ASSERT(syscall(SYS_capset, &h, d) == 0);
}

static void world_init(struct world *w, int id)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct itimerval tick = { { 0, 20000 }, { 0, 20000 } };
	struct rlimit nofile = { 64, 64 };
	char *m;
	int i;

	memset(w, 0, sizeof(*w));
	w->id = id;
	world_id = id;
	if (id % 2) {
		TT_ASSERT(setgroups(0, NULL) == 0 && setgid(NOBODY) == 0 && setuid(NOBODY) == 0);
	} else {
		drop_sys_resource();
	}
	TT_ASSERT(setrlimit(RLIMIT_NOFILE, &nofile) == 0);
	signal(SIGPIPE, SIG_IGN);
	TT_ASSERT(sigaction(SIGALRM, &sa, NULL) == 0);
	catch_signals();

	m = mmap(NULL, SCRATCH + 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TT_ASSERT(m != MAP_FAILED);
	TT_ASSERT(mprotect(m + SCRATCH, 2 * 4096, PROT_NONE) == 0);
	w->scratch = m;
	/*
	 * Below mmap_min_addr: nothing is mapped there.  (Not a hole made
	 * with munmap(): an attach could fill it, and a long read through it
	 * would run on into whatever mapping lies beyond.)
	 */
	w->unmapped = (char *)0x1000;
	w->landing = mmap(NULL, LANDING, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TT_ASSERT(w->landing != MAP_FAILED);

	w->ctl = open("/dev/toyipc", O_RDWR | O_CLOEXEC);
	TT_ASSERT(w->ctl >= 0);
	for (i = 0; i < MAX_PIPES; i++)
		w->pipes[i][0] = w->pipes[i][1] = -1;
	for (i = 0; i < 4; i++)
		w->fifos[i] = -1;
	TT_ASSERT(setitimer(ITIMER_REAL, &tick, NULL) == 0);
}

/* One random call (kcov.h's programs call it once per seed). */
static void one_call(void *ctx)
{
	struct world *w = ctx;

	switch (tt_below(17)) {
	case 0: case 1: case 2:
		fuzz_msg(w);
		break;
	case 3: case 4: case 5:
		fuzz_shm(w);
		break;
	case 6: case 7: case 8:
		fuzz_sem(w);
		break;
	case 9:
		fuzz_pipe2(w);
		break;
	case 10: case 11: case 12:
		fuzz_pipe_fd(w);
		break;
	case 13:
		fuzz_fifo_open(w);
		break;
	case 14:
		fuzz_posix(w);
		break;
	default:
		fuzz_random_ioctl(w);
		break;
	}
}

/* Guided (kcov.h) instead of purely random calls; replaying one program. */
static bool fuzz_guided;
static int replay_worker = -1;
static struct kcov_shared replay;

/*
 * One worker: calls until the deadline, then exit (closing everything).
 * Random ones from one seed; or, guided, the programs of kcov.h's corpus
 * loop; or the one program of a reproducer.
 */
static void worker(int id, time_t deadline)
{
	static struct kcov k;
	struct world w;
	bool traced;

	/* Before world_init() drops root: debugfs (kcov) is root's only. */
	traced = (fuzz_guided || replay_worker >= 0) &&
		 kcov_open(&k, &report->kcov[id], fuzz_seed * (2 * id + 1));
	world_init(&w, id);
	tt_rand_seed(fuzz_seed * (2 * id + 1) | 1);
	if (replay_worker >= 0) {
		if (id == replay_worker) {
			TT_ASSERT(traced || !fuzz_guided);
			report->kcov[id] = replay;
			if (k.set)
				kcov_run_program(&k, one_call, &w);
			else
				for (unsigned int i = 0; i < replay.len; i++) {
					tt_rand_seed(replay.prog[i] | 1);
					one_call(&w);
				}
		}
		_exit(report->why[id][0] ? 1 : 0);
	}
	if (fuzz_guided) {
		if (!traced)
			_exit(2);
		while (time(NULL) < deadline && !report->why[id][0]) {
			kcov_next_program(&k);
			kcov_run_program(&k, one_call, &w);
		}
		_exit(report->why[id][0] ? 1 : 0);
	}
	while (time(NULL) < deadline && !report->why[id][0])
		one_call(&w);
	_exit(report->why[id][0] ? 1 : 0);
}

/* ---- the test process */

/* A fresh, zeroed report, shared with the workers forked after this. */
static void new_report(void)
{
	report = mmap(NULL, sizeof(*report), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TT_ASSERT(report != MAP_FAILED);
}

static void fuzz(unsigned int seconds)
{
	time_t deadline = time(NULL) + seconds;
	pid_t pids[WORKERS];
	int i, status, failed = 0;

	new_report();
	alarm(seconds + TT_TIMEOUT);	/* a long run on request outlives TT_TIMEOUT */
	for (i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		TT_ASSERT(pids[i] >= 0);
		if (pids[i] == 0)
			worker(i, deadline);
	}
	for (i = 0; i < WORKERS; i++) {
		TT_ASSERT(waitpid(pids[i], &status, 0) == pids[i]);
		if (report->why[i][0]) {
			printf("# worker %d (%s): %s\n", i, i % 2 ? "nobody" : "root", report->why[i]);
			failed = 1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("# worker %d died: status %#x", i, status);
			if (report->death[i].signo)
				printf(" (signal %d, si_code %d, address %#" PRIx64 ")",
				       report->death[i].signo, report->death[i].code,
				       report->death[i].addr);
			printf("\n");
			failed = 1;
		} else {
			continue;
		}
		if (fuzz_guided || replay_worker >= 0) {
			char prog[KCOV_PROG_LEN * 21 + 1];

			kcov_format_program(&report->kcov[i], prog, sizeof(prog));
			/* tests/fuzz collects these lines into its crash file. */
			printf("# reproducer: TOYIPC_FUZZ_SEED=%" PRIu64 " TOYIPC_FUZZ_REPLAY=%d:%s "
			       "fuzz_test\n", fuzz_seed, i, prog);
		}
	}
	if (failed)
		TT_FAIL("seed %" PRIu64 ": a call failed in a way the ABI does not allow", fuzz_seed);
}

/* Every id in the second column of /proc/toyipc/NAME, removed with IPC_RMID. */
static int remove_all(const char *name, int (*rm)(int id))
{
	char path[64], line[512];
	int n = 0, key, id;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/toyipc/%s", name);
	f = fopen(path, "r");
	TT_ASSERT(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %d", &key, &id) == 2) {
			if (rm(id) != 0)
				TT_FAIL("%s id %d cannot be removed (errno %d)", name, id, errno);
			n++;
		}
	fclose(f);
	return n;
}

/*
 * Every name of the toy filesystem @fstype (toymqueue, toyshm), unlinked
 * with @rm: the workers make queues and segments under names from memory
 * at random, and a named one outlives them.  Left behind, root's queues
 * would count against its RLIMIT_MSGQUEUE in the suites that follow.
 */
static int remove_all_posix(const char *fstype, int (*rm)(const char *name))
{
	char dir[] = "/tmp/fuzz-fs.XXXXXX", name[NAME_MAX + 2];
	struct dirent *e;
	int n = 0;
	DIR *d;

	TT_ASSERT(mkdtemp(dir));
	if (mount("none", dir, fstype, 0, NULL))
		TT_FAIL("mount -t %s: %s", fstype, strerror(errno));
	d = opendir(dir);
	TT_ASSERT(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(name, sizeof(name), "/%s", e->d_name);
		if (rm(name))
			TT_FAIL("%s %s cannot be removed (errno %d)", fstype, name, errno);
		n++;
	}
	closedir(d);
	TT_ASSERT(umount(dir) == 0);	/* a mount pins the module */
	rmdir(dir);
	return n;
}

static int rm_msg(int id) { return toy_msgctl(id, IPC_RMID, NULL); }
static int rm_shm(int id) { return toy_shmctl(id, IPC_RMID, NULL); }
static int rm_sem(int id) { return toy_semctl(id, 0, IPC_RMID); }

static void print_figures(unsigned int seconds)
{
	unsigned long calls = 0, ok = 0, by[NERRNO] = { 0 };
	int i, e;

	for (i = 0; i < WORKERS; i++) {
		calls += report->calls[i];
		ok += report->ok[i];
		for (e = 0; e < NERRNO; e++)
			by[e] += report->by_errno[i][e];
	}
	printf("# fuzz: %lu calls in %u s by %d processes (seed %" PRIu64 "), %lu succeeded; errors:",
	       calls, seconds, WORKERS, fuzz_seed, ok);
	for (e = 0; e < NERRNO; e++)
		if (by[e])
			printf(" %s %lu", strerrorname_np(e) ? strerrorname_np(e) : "?", by[e]);
	for (i = 0, e = 0; i < WORKERS; i++)
		e += (int)report->notes[i];
	printf("; %d mq_notify signals caught\n", e);
}

#ifndef FUZZ_GUIDED
static void random_calls_from_many_processes_only_fail_cleanly(void)
{
	fuzz(fuzz_seconds);
	print_figures(fuzz_seconds);
	TT_ASSERT(report->calls[0] > 0 && report->calls[1] > 0);
}
#endif

/* After a fuzz: no pipe end left counted, every object removable, all still working. */
static void after_the_fuzz_every_end_is_released_and_every_object_removable(void)
{
	struct { long mtype; char text[4]; } m = { 7, "ok!" }, got;
	char line[512];
	unsigned int id, cap, fill, readers, writers;
	char kind[32];
	FILE *f;
	int q;

	fuzz(3);
	f = fopen("/proc/toyipc/pipe", "r");
	TT_ASSERT(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %31s %u %u %u %u", &id, kind, &cap, &fill, &readers, &writers) != 6)
			continue;
		if (strncmp(kind, "toyfifo", 7))
			TT_FAIL("pipe %u outlived every process that had it open", id);
		if (readers || writers)
			TT_FAIL("%s: %u readers and %u writers with nobody holding it", kind, readers, writers);
	}
	fclose(f);
	printf("# removed %d queues, %d segments, %d semaphore sets\n",
	       remove_all("msg", rm_msg), remove_all("shm", rm_shm), remove_all("sem", rm_sem));
	printf("# removed %d POSIX queues, %d POSIX segments\n",
	       remove_all_posix("toymqueue", toy_mq_unlink),
	       remove_all_posix("toyshm", toy_shm_unlink));

	q = toy_msgget(IPC_PRIVATE, 0600);
	TT_ASSERT(q >= 0);
	TT_ASSERT(toy_msgsnd(q, &m, sizeof(m.text), 0) == 0);
	TT_ASSERT(toy_msgrcv(q, &got, sizeof(got.text), 0, 0) == sizeof(got.text));
	TT_ASSERT(got.mtype == 7 && memcmp(got.text, "ok!", 4) == 0);
	TT_ASSERT(toy_msgctl(q, IPC_RMID, NULL) == 0);
}

/*
 * The fuzzer's own rule behind item 9: a bad shmat request pointer is one
 * from which the 16-byte request cannot be read (process_vm_readv() of
 * this very process copies it the way copy_from_user() would).  With the
 * old generator (pointer()) six draws in ten were readable.
 */
static void shmat_request_pointers_are_never_readable(void)
{
	struct toyipc_shmat got;
	struct world w;

	world_init(&w, 0);
	tt_rand_seed(3205841055372ULL);
	for (int i = 0; i < 20000; i++) {
		uint64_t p = unreadable_pointer(&w, sizeof(got));
		struct iovec local = { &got, sizeof(got) };
		struct iovec remote = { (void *)(uintptr_t)p, sizeof(got) };

		if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)sizeof(got))
			TT_FAIL("a shmat request could be read at %#" PRIx64, p);
	}
}

/*
 * The fuzzer's own rule behind a worker's death in CI (stop 21: "worker 3
 * died: status 0xb", seed 9231680943780): fuzz_posix() registers
 * mq_notify() with SIGEV_SIGNAL and a random signal, and the first message
 * on that queue, sent by any worker, delivers the signal to the registrant
 * - as Linux does.  Without a handler SIGSEGV, SIGUSR1 and most others end
 * the worker (a 300 s run lost one to signal 33).  A worker now catches
 * them all (on_signal()), and pick_sigevent() never asks for the four it
 * cannot catch: SIGKILL, SIGSTOP and glibc's own 32 and 33.
 */
static void a_notification_signal_does_not_end_a_worker(void)
{
	static const int sigs[] = { SIGSEGV, SIGUSR1, SIGTERM, SIGHUP, SIGBUS, SIGTSTP, 40 };
	const int n = sizeof(sigs) / sizeof(sigs[0]);
	int status;
	pid_t pid;

	new_report();
	pid = fork();
	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		struct world w;
		char got[8192];

		world_init(&w, 0);
		toy_mq_unlink("/fz-note");	/* an empty queue of our own */
		for (int i = 0; i < n; i++) {
			struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = sigs[i] };
			mqd_t q = toy_mq_open("/fz-note", O_RDWR | O_CREAT | O_EXCL, 0600, NULL);

			if (q < 0 || toy_mq_notify(q, &sev) || toy_mq_send(q, "x", 1, 0) ||
			    toy_mq_receive(q, got, sizeof(got), NULL) != 1 ||
			    toy_mq_unlink("/fz-note"))
				_exit(3);
			toy_mq_close(q);
		}
		_exit(0);
	}
	TT_ASSERT(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status))
		TT_FAIL("the worker died of signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status))
		TT_FAIL("the worker could not notify itself (exit %d)", WEXITSTATUS(status));
	if (report->notes[0] != (unsigned long)n)
		TT_FAIL("%lu notification signals caught, %d sent", report->notes[0], n);

	tt_rand_seed(9231680943780ULL);
	for (int i = 0; i < 100000; i++) {
		struct sigevent sev;

		memset(&sev, 0, sizeof(sev));
		sev.sigev_signo = (int)tt_rand();
		sev.sigev_notify = tt_one_in(2) ? SIGEV_SIGNAL : (int)tt_rand();
		pick_sigevent(&sev);
		if (sev.sigev_signo == SIGKILL || sev.sigev_signo == SIGSTOP ||
		    sev.sigev_signo == 32 || sev.sigev_signo == 33)
			TT_FAIL("an mq_notify request for signal %d", sev.sigev_signo);
	}
}

/*
 * Coverage-guided (kcov.h): the workers run programs of calls and keep
 * those that reached new basic blocks of toyipc.ko.  Prints the figure;
 * the rules on the results are the random run's.  Needs CONFIG_KCOV (the
 * debug kernel): built as kcov_fuzz_test, which tests/check runs there.
 */
#ifdef FUZZ_GUIDED
static void coverage_guided_calls_keep_inputs_that_reach_new_blocks(void)
{
	struct kcov_shared *k[WORKERS];
	unsigned int blocks, corpus = 0;
	unsigned long programs = 0;

	if (!kcov_available())
		TT_FAIL("no %s: coverage-guided fuzzing needs a kernel with CONFIG_KCOV", KCOV_PATH);
	fuzz_guided = true;
	fuzz(fuzz_seconds);
	print_figures(fuzz_seconds);
	for (int i = 0; i < WORKERS; i++) {
		k[i] = &report->kcov[i];
		corpus += k[i]->corpus;
		programs += k[i]->programs;
	}
	blocks = kcov_report("the ioctl fuzzer", k, WORKERS);
	printf("# kcov: %lu programs run, %u kept for new coverage\n", programs, corpus);
	/* Every worker keeps more than its first program; toyipc.ko has thousands of blocks. */
	for (int i = 0; i < WORKERS; i++)
		TT_ASSERT(k[i]->corpus > 1);
	TT_ASSERT(blocks > 500);
}

static const struct tt_case cases[] = {
	TT_CASE(shmat_request_pointers_are_never_readable),
	TT_CASE(a_notification_signal_does_not_end_a_worker),
	TT_CASE(coverage_guided_calls_keep_inputs_that_reach_new_blocks),
	TT_CASE(after_the_fuzz_every_end_is_released_and_every_object_removable),
	{ NULL, NULL }
};
#else
static const struct tt_case cases[] = {
	TT_CASE(shmat_request_pointers_are_never_readable),
	TT_CASE(a_notification_signal_does_not_end_a_worker),
	TT_CASE(random_calls_from_many_processes_only_fail_cleanly),
	TT_CASE(after_the_fuzz_every_end_is_released_and_every_object_removable),
	{ NULL, NULL }
};
#endif

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : getenv("TOYIPC_FUZZ_SECONDS");
	const char *seed = getenv("TOYIPC_FUZZ_SEED");
	const char *prog = getenv("TOYIPC_FUZZ_REPLAY");	/* WORKER:S1,S2,... */

	if (s)
		fuzz_seconds = (unsigned int)strtoul(s, NULL, 10);
	fuzz_seed = seed ? strtoull(seed, NULL, 10) : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (prog) {
		replay_worker = atoi(prog);
		if (replay_worker < 0 || replay_worker >= WORKERS || !strchr(prog, ':') ||
		    !kcov_parse_program(strchr(prog, ':') + 1, &replay)) {
			fprintf(stderr, "TOYIPC_FUZZ_REPLAY: expected WORKER:SEED,SEED,...\n");
			return 2;
		}
	}
#ifdef FUZZ_GUIDED
	return tt_main("kcov_fuzz", cases);
#else
	return tt_main("fuzz", cases);
#endif
}
