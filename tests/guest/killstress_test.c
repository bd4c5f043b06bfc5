// SPDX-License-Identifier: GPL-2.0
/*
 * Kill-stress: many processes on every mechanism at once, killed with
 * SIGKILL at random moments, round after round.
 *
 * In each round the test makes one of each object (an anonymous pipe, a
 * FIFO, a message queue, a shared memory segment, a semaphore set), starts
 * CHILDREN processes that write, read, open, send, receive, attach, touch,
 * detach and wait on them (most end up asleep in the module), and kills
 * them one by one at random moments, asleep or in the middle of a call.
 * Once all are reaped, every count must be back to its true value:
 *
 *	pipe		readers and writers are the test's own ends; the bytes
 *			left are whole 4096-byte records (PIPE_BUF writes are
 *			never torn, not even by SIGKILL) and FIONREAD says how many
 *	FIFO		nobody counted as reader or writer
 *	queue		qnum and cbytes are what a drain finds; a message sent
 *			afterwards reaches the next receiver (no dead receiver
 *			left on the queue to swallow it)
 *	segment		nattch 0, and IPC_RMID frees it at once
 *	semaphores	semncnt and semzcnt 0; a V is not consumed by a dead waiter
 *
 * and every object can be removed.  tests/vm/run then checks that rmmod
 * succeeds (no reference leaked) and that the kernel log is clean.
 *
 * Bounded for `make check`: KILL_SECONDS (20 s).  Longer on request:
 *	killstress_test SECONDS	or	TOYIPC_KILL_SECONDS=SECONDS killstress_test
 */
#include <fcntl.h>
#include <linux/toyipc.h>
#include <stdbool.h>
#include <stdint.h>
#include <setjmp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#include "toyipc.h"
#include "tt.h"

#define KILL_SECONDS	20
#define CHILDREN	16
#define RECORD		4096	/* PIPE_BUF: written atomically */
#define MSG_SIZE	1000
#define SEG_PAGES	4
#define FIFO		"/dev/toyfifo1"

static unsigned int kill_seconds = KILL_SECONDS;

struct objects {
	int pipe[2];	/* the test keeps both ends */
	int msq;
	int shm;
	int sem;	/* sem 0 starts at 0 (P waits), sem 1 at 1 (wait-for-zero waits) */
};

struct msgbuf_1k {
	long mtype;
	char mtext[MSG_SIZE];
};

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* ---- what the children do until they are killed */

static void pipe_writer(struct objects *o)
{
	char rec[RECORD];

	memset(rec, 'w', sizeof(rec));
	for (;;)
		write(o->pipe[1], rec, sizeof(rec));
}

static void pipe_reader(struct objects *o)
{
	char buf[RECORD];

	/* Whole records only, so that the bytes left are whole records too. */
	for (;;)
		read(o->pipe[0], buf, sizeof(buf));
}

/* Opens the FIFO one way or the other, uses it a little, closes it. */
static void fifo_user(struct objects *o)
{
	char buf[512];
	int fd;

	(void)o;
	memset(buf, 'f', sizeof(buf));
	for (;;) {
		fd = open(FIFO, rand() % 2 ? O_RDONLY : O_WRONLY);
		if (fd < 0)
			continue;
		if (read(fd, buf, sizeof(buf)) < 0)
			write(fd, buf, sizeof(buf));
		close(fd);
	}
}

static void msg_sender(struct objects *o)
{
	struct msgbuf_1k m;

	memset(m.mtext, 'm', sizeof(m.mtext));
	for (;;) {
		m.mtype = 1 + rand() % 3;
		toy_msgsnd(o->msq, &m, sizeof(m.mtext), 0);
	}
}

/* Type 9 is never sent: such a receiver sleeps until it is killed. */
static void msg_receiver(struct objects *o)
{
	struct msgbuf_1k m;

	for (;;)
		toy_msgrcv(o->msq, &m, sizeof(m.mtext), rand() % 2 ? 9 : 0, 0);
}

static void shm_user(struct objects *o)
{
	pid_t self = getpid();
	char *p;

	for (;;) {
		p = toy_shmat(o->shm, NULL, 0);
		if (p == (void *)-1)
			continue;
		memset(p + (rand() % SEG_PAGES) * 4096, 's', 4096);
		if (rand() % 4) {
			toy_shmdt(p);
		} else if (fork() == 0) {
			/* A child shares the attach, and dies with its parent. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != self)
				_exit(0);
			pause();
		}
	}
}

static void sem_waiter(struct objects *o)
{
	struct sembuf p = { 0, -1, 0 }, zero = { 1, 0, 0 };

	for (;;)
		toy_semop(o->sem, rand() % 2 ? &p : &zero, 1);
}

static void (*const roles[])(struct objects *) = {
	pipe_writer, pipe_reader, fifo_user, msg_sender, msg_receiver, shm_user, sem_waiter,
};

#define NR_ROLES (sizeof(roles) / sizeof(roles[0]))

static pid_t start(struct objects *o, int n)
{
	pid_t pid = fork();

	TT_ASSERT(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGPIPE, SIG_IGN);
		srand((unsigned int)getpid());
		roles[n % NR_ROLES](o);
		_exit(0);
	}
	return pid;
}

/* ---- the checks after a round */

static struct toyipc_pipe_stats pipe_stats(int fd)
{
	struct toyipc_pipe_stats st;

	TT_ASSERT(ioctl(fd, TOYIPC_IOC_PIPE_STATS, &st) == 0);
	return st;
}

static void check_pipe(struct objects *o)
{
	struct toyipc_pipe_stats st = pipe_stats(o->pipe[0]);
	char buf[RECORD];
	long left = 0, n;
	int queued;

	if (st.readers != 1 || st.writers != 1)
		TT_FAIL("pipe: %u readers, %u writers; only the test's ends are open",
			st.readers, st.writers);
	TT_ASSERT(ioctl(o->pipe[0], FIONREAD, &queued) == 0);
	TT_ASSERT(fcntl(o->pipe[0], F_SETFL, O_NONBLOCK) == 0);
	while ((n = read(o->pipe[0], buf, sizeof(buf))) > 0)
		left += n;
	TT_ASSERT(n < 0 && errno == EAGAIN);
	if (left != queued || left % RECORD)
		TT_FAIL("pipe: FIONREAD said %d, drained %ld: not whole %d-byte records",
			queued, left, RECORD);
}

static void check_fifo(void)
{
	int fd = open(FIFO, O_RDWR | O_NONBLOCK);
	struct toyipc_pipe_stats st;

	TT_ASSERT(fd >= 0);
	st = pipe_stats(fd);
	close(fd);
	if (st.readers != 1 || st.writers != 1)
		TT_FAIL(FIFO ": %u readers, %u writers with only the test's O_RDWR open",
			st.readers, st.writers);
}

static void check_msg(struct objects *o)
{
	struct msgbuf_1k m = { .mtype = 5 };
	struct msqid_ds ds;
	unsigned long count = 0, bytes = 0;
	long n;

	TT_ASSERT(toy_msgctl(o->msq, IPC_STAT, &ds) == 0);
	while ((n = toy_msgrcv(o->msq, &m, sizeof(m.mtext), 0, IPC_NOWAIT)) >= 0) {
		count++;
		bytes += n;
	}
	TT_ASSERT(errno == ENOMSG);
	if (count != ds.msg_qnum || bytes != ds.__msg_cbytes)
		TT_FAIL("queue: IPC_STAT said %lu messages, %lu bytes; drained %lu, %lu",
			(unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, count, bytes);
	/* A dead receiver still queued would take this message and lose it. */
	m.mtype = 9;
	TT_ASSERT(toy_msgsnd(o->msq, &m, 10, IPC_NOWAIT) == 0);
	TT_ASSERT(toy_msgrcv(o->msq, &m, sizeof(m.mtext), 9, IPC_NOWAIT) == 10);
	TT_ASSERT(toy_msgctl(o->msq, IPC_STAT, &ds) == 0);
	TT_ASSERT(ds.msg_qnum == 0 && ds.__msg_cbytes == 0);
}

static void check_shm(struct objects *o)
{
	struct shmid_ds ds;

	TT_ASSERT(toy_shmctl(o->shm, IPC_STAT, &ds) == 0);
	if (ds.shm_nattch != 0)
		TT_FAIL("segment: nattch %lu with every attacher dead", (unsigned long)ds.shm_nattch);
	TT_ASSERT(toy_shmctl(o->shm, IPC_RMID, NULL) == 0);
	TT_ASSERT_ERRNO(toy_shmctl(o->shm, IPC_STAT, &ds), EINVAL);
}

static void check_sem(struct objects *o)
{
	struct sembuf v = { 0, 1, 0 };
	int ncnt = toy_semctl(o->sem, 0, GETNCNT), zcnt = toy_semctl(o->sem, 1, GETZCNT);

	if (ncnt != 0 || zcnt != 0)
		TT_FAIL("semaphores: semncnt %d, semzcnt %d with every waiter dead", ncnt, zcnt);
	TT_ASSERT(toy_semctl(o->sem, 0, SETVAL, 0) == 0);
	TT_ASSERT(toy_semop(o->sem, &v, 1) == 0);
	if (toy_semctl(o->sem, 0, GETVAL) != 1)
		TT_FAIL("semaphores: a V was consumed by a waiter that is dead");
}

/* ---- a round */

static void objects_create(struct objects *o)
{
	TT_ASSERT(toy_pipe(o->pipe) == 0);
	o->msq = toy_msgget(IPC_PRIVATE, 0600);
	o->shm = toy_shmget(IPC_PRIVATE, SEG_PAGES * 4096, 0600);
	o->sem = toy_semget(IPC_PRIVATE, 2, 0600);
	TT_ASSERT(o->msq >= 0 && o->shm >= 0 && o->sem >= 0);
	TT_ASSERT(toy_semctl(o->sem, 1, SETVAL, 1) == 0);
}

static void objects_remove(struct objects *o)
{
	TT_ASSERT(toy_msgctl(o->msq, IPC_RMID, NULL) == 0);
	TT_ASSERT(toy_semctl(o->sem, 0, IPC_RMID) == 0);
	close(o->pipe[0]);
	close(o->pipe[1]);
}

/* Kills the children in random order at random moments; returns how many. */
static int kill_all(pid_t *pids, int n)
{
	int killed = 0, i, status;

	while (killed < n) {
		i = rand() % n;
		if (!pids[i])
			continue;
		sleep_ms(rand() % 20);
		TT_ASSERT(kill(pids[i], SIGKILL) == 0);
		TT_ASSERT(waitpid(pids[i], &status, 0) == pids[i]);
		TT_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		pids[i] = 0;
		killed++;
	}
	return killed;
}

static void round_of_kills(unsigned long *kills)
{
	pid_t pids[CHILDREN];
	struct objects o;
	int i;

	objects_create(&o);
	for (i = 0; i < CHILDREN; i++)
		pids[i] = start(&o, i);
	sleep_ms(100 + rand() % 200);
	*kills += kill_all(pids, CHILDREN);
	/* shm_user's children die with their parents and come to us to be reaped. */
	while (waitpid(-1, NULL, 0) > 0)
		;
	TT_ASSERT(errno == ECHILD);

	check_pipe(&o);
	check_fifo();
	check_msg(&o);
	check_sem(&o);
	check_shm(&o);
	objects_remove(&o);
}

static void killed_processes_leave_every_count_true(void)
{
	time_t end = time(NULL) + kill_seconds;
	unsigned long rounds = 0, kills = 0;

	alarm(kill_seconds + TT_TIMEOUT);
	TT_ASSERT(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	srand((unsigned int)time(NULL));
	do {
		round_of_kills(&kills);
		rounds++;
	} while (time(NULL) < end || rounds < 3);
	printf("# killstress: %lu rounds, %lu processes killed, %d at a time on 5 mechanisms\n",
	       rounds, kills, CHILDREN);
}

/* ---- POSIX queues and segments (kmod/mqueue.c, kmod/posix_shm.c) */

#define POSIX_SECONDS	8
#define PQ		"/tt-kill-mq"
#define PSEG		"/tt-kill-shm"

static void on_note(union sigval v)
{
	(void)v;
}

/* Another child truncated the segment under our mapping: SIGBUS, as on tmpfs.  Go on. */
static sigjmp_buf posix_bus;

static void on_posix_bus(int sig)
{
	(void)sig;
	siglongjmp(posix_bus, 1);
}

/* One child's life on the POSIX objects, until it is killed. */
static void posix_user(int role)
{
	struct sigevent th = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_note };
	struct sigevent sig = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	mqd_t q = toy_mq_open(PQ, O_RDWR);
	char buf[64];
	int fd;
	char *p;

	prctl(PR_SET_PDEATHSIG, SIGKILL);	/* a failed test leaves nobody behind */
	signal(SIGUSR1, SIG_IGN);
	signal(SIGBUS, on_posix_bus);
	sigsetjmp(posix_bus, 1);
	for (;;) {
		switch (role % 4) {
		case 0:
			toy_mq_receive(q, buf, sizeof(buf), NULL);
			break;
		case 1:
			toy_mq_send(q, "m", 1, (unsigned int)rand() % 4);
			break;
		case 2:
			toy_mq_notify(q, rand() % 2 ? &th : &sig);
			sleep_ms(rand() % 10);
			break;
		default:
			fd = toy_shm_open(PSEG, O_RDWR, 0);
			p = mmap(NULL, SEG_PAGES * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (p != MAP_FAILED)
				p[(rand() % SEG_PAGES) * 4096] = 1;
			if (rand() % 2)
				ftruncate(fd, (rand() % (SEG_PAGES + 1)) * 4096);
			close(fd);
			break;
		}
	}
}

/*
 * After the kills: nobody is registered (a dead registrant's exit closed
 * its descriptors), nobody dead waits (a message reaches the receiver that
 * comes next), and both objects can be removed.
 */
static void check_posix(mqd_t q)
{
	struct sigevent none = { .sigev_notify = SIGEV_NONE };
	struct mq_attr a;
	char buf[64];
	pid_t pid;
	int status;

	while (toy_mq_getattr(q, &a) == 0 && a.mq_curmsgs > 0)
		TT_ASSERT(toy_mq_receive(q, buf, sizeof(buf), NULL) == 1);
	TT_ASSERT(toy_mq_notify(q, &none) == 0);
	TT_ASSERT(toy_mq_notify(q, NULL) == 0);
	pid = fork();
	if (pid == 0)
		_exit(toy_mq_receive(q, buf, sizeof(buf), NULL) == 1 ? 0 : 1);
	sleep_ms(50);
	TT_ASSERT(toy_mq_send(q, "x", 1, 0) == 0);
	TT_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status));
	TT_ASSERT(toy_mq_unlink(PQ) == 0 && toy_shm_unlink(PSEG) == 0);
}

static void killed_posix_users_leave_queues_and_segments_sound(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	time_t end = time(NULL) + POSIX_SECONDS;
	unsigned long rounds = 0, kills = 0;
	pid_t pids[CHILDREN];
	mqd_t q;
	int fd;

	alarm(POSIX_SECONDS + TT_TIMEOUT);
	srand((unsigned int)time(NULL));
	do {
		toy_mq_unlink(PQ);
		toy_shm_unlink(PSEG);
		q = toy_mq_open(PQ, O_RDWR | O_CREAT, 0600, &attr);
		fd = toy_shm_open(PSEG, O_RDWR | O_CREAT, 0600);
		TT_ASSERT(q >= 0 && fd >= 0 && ftruncate(fd, SEG_PAGES * 4096) == 0);
		close(fd);
		for (int i = 0; i < CHILDREN; i++) {
			pids[i] = fork();
			TT_ASSERT(pids[i] >= 0);
			if (pids[i] == 0)
				posix_user(i);
		}
		sleep_ms(50 + rand() % 100);
		kills += kill_all(pids, CHILDREN);
		check_posix(q);
		close(q);
		rounds++;
	} while (time(NULL) < end || rounds < 3);
	printf("# killstress: %lu rounds, %lu processes killed on POSIX mq and shm\n",
	       rounds, kills);
}

static const struct tt_case cases[] = {
	TT_CASE(killed_processes_leave_every_count_true),
	TT_CASE(killed_posix_users_leave_queues_and_segments_sound),
	{ NULL, NULL }
};

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : getenv("TOYIPC_KILL_SECONDS");

	if (s)
		kill_seconds = (unsigned int)strtoul(s, NULL, 10);
	return tt_main("killstress", cases);
}
