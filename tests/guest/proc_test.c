// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of /proc/toyipc/{msg,shm,sem,pipe} (registry.c, msg.c, shm.c,
 * sem.c, pipe.c).  Differential: the same scenario runs over the real
 * calls and the toy ones, then the row of the real object in
 * /proc/sysvipc/NAME and the row of the toy one in /proc/toyipc/NAME must
 * agree column by column, except the id (each system numbers its own
 * objects) and the times (compared as set or unset).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "tt.h"

#define KEY	0x7e5a0001	/* the same key on both sides: separate key spaces */
#define MAXCOL	20

struct api {
	const char *proc;	/* the directory of the tables */
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

static const struct api real = {
	"/proc/sysvipc", msgget, msgsnd, msgrcv, msgctl, shmget, shmat, shmdt, shmctl,
	semget, semop, semctl,
};

static const struct api toy = {
	"/proc/toyipc", toy_msgget, toy_msgsnd, toy_msgrcv, toy_msgctl, toy_shmget,
	toy_shmat, toy_shmdt, toy_shmctl, toy_semget, toy_semop, toy_semctl,
};

/* The first line of a table. */
static void header(const char *dir, const char *name, char *line, size_t size)
{
	char path[64], buf[65536];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tt_read_file(path, buf, sizeof(buf));
	snprintf(line, size, "%.*s", (int)strcspn(buf, "\n"), buf);
}

/*
 * The columns of the row whose first column (the key) is KEY, as numbers;
 * returns how many.  The perms column is octal, the rest decimal.
 */
static int row(const char *dir, const char *name, unsigned long long col[MAXCOL])
{
	char path[64], buf[65536], *line, *save, *tok, *save2;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	tt_read_file(path, buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		n = 0;
		for (tok = strtok_r(line, " ", &save2); tok && n < MAXCOL;
		     tok = strtok_r(NULL, " ", &save2), n++)
			col[n] = strtoull(tok, NULL, n == 2 ? 8 : 10);
		if (n > 1 && (int)col[0] == KEY)
			return n;
	}
	TT_FAIL("no row with key %#x in %s", KEY, path);
}

/*
 * Compares the real and the toy row: every column but the id (column 1)
 * and the columns in TIMES, which must only agree on zero or not.
 */
static void compare_rows(const char *name, const unsigned long long *r, int nr,
			 const unsigned long long *t, int nt, const int *times, int ntimes)
{
	TT_ASSERT(nr == nt);
	for (int i = 0; i < nr; i++) {
		bool is_time = false;

		for (int j = 0; j < ntimes; j++)
			is_time |= times[j] == i;
		if (i == 1 || (is_time ? !r[i] == !t[i] : r[i] == t[i]))
			continue;
		TT_FAIL("%s column %d: real %llu, toy %llu", name, i, r[i], t[i]);
	}
}

static void headers_are_the_real_kernels(void)
{
	static const char *const names[] = { "msg", "shm", "sem" };
	char r[512], t[512];

	for (int i = 0; i < 3; i++) {
		header(real.proc, names[i], r, sizeof(r));
		header(toy.proc, names[i], t, sizeof(t));
		if (strcmp(r, t))
			TT_FAIL("%s header:\nreal '%s'\ntoy  '%s'", names[i], r, t);
	}
}

struct text { long mtype; char mtext[16]; };

/* A queue with three messages sent and one received: every column moves. */
static int msg_scenario(const struct api *a, unsigned long long col[MAXCOL])
{
	struct text m = { 5, "0123456789" };
	int id = a->msgget(KEY, IPC_CREAT | IPC_EXCL | 0640), n;

	TT_ASSERT(id >= 0);
	for (int i = 0; i < 3; i++)
		TT_ASSERT(a->msgsnd(id, &m, 10 + i, 0) == 0);
	TT_ASSERT(a->msgrcv(id, &m, sizeof(m.mtext), 0, 0) == 10);
	n = row(a->proc, "msg", col);
	TT_ASSERT(a->msgctl(id, IPC_RMID, NULL) == 0);
	return n;
}

static void msg_row_matches_the_real_kernels(void)
{
	static const int times[] = { 11, 12, 13 };	/* stime rtime ctime */
	unsigned long long r[MAXCOL], t[MAXCOL];
	int nr = msg_scenario(&real, r), nt = msg_scenario(&toy, t);

	compare_rows("msg", r, nr, t, nt, times, 3);
	TT_ASSERT(t[3] == 23 && t[4] == 2);	/* cbytes, qnum */
}

/* A segment of 3 pages, 2 of them touched, attached twice. */
static int shm_scenario(const struct api *a, unsigned long long col[MAXCOL])
{
	long page = sysconf(_SC_PAGESIZE);
	int id = a->shmget(KEY, 3 * page - 100, IPC_CREAT | IPC_EXCL | 0600), n;
	char *p, *q;

	TT_ASSERT(id >= 0);
	p = a->shmat(id, NULL, 0);
	q = a->shmat(id, NULL, SHM_RDONLY);
	TT_ASSERT(p != (void *)-1 && q != (void *)-1);
	p[0] = 1;
	p[page] = 2;
	TT_ASSERT(q[page] == 2);
	n = row(a->proc, "shm", col);
	TT_ASSERT(a->shmdt(p) == 0 && a->shmdt(q) == 0);
	TT_ASSERT(a->shmctl(id, IPC_RMID, NULL) == 0);
	return n;
}

static void shm_row_matches_the_real_kernels(void)
{
	static const int times[] = { 11, 12, 13 };	/* atime dtime ctime */
	unsigned long long r[MAXCOL], t[MAXCOL];
	int nr = shm_scenario(&real, r), nt = shm_scenario(&toy, t);

	compare_rows("shm", r, nr, t, nt, times, 3);
	/* size, nattch and rss: two pages were touched */
	TT_ASSERT(t[6] == 2 && t[14] == 2 * (unsigned long long)sysconf(_SC_PAGESIZE));
}

/* A set of 4 semaphores with one semop done. */
static int sem_scenario(const struct api *a, unsigned long long col[MAXCOL])
{
	struct sembuf v = { 2, 1, 0 };
	int id = a->semget(KEY, 4, IPC_CREAT | IPC_EXCL | 0604), n;

	TT_ASSERT(id >= 0);
	TT_ASSERT(a->semop(id, &v, 1) == 0);
	n = row(a->proc, "sem", col);
	TT_ASSERT(a->semctl(id, 0, IPC_RMID) == 0);
	return n;
}

static void sem_row_matches_the_real_kernels(void)
{
	static const int times[] = { 8, 9 };	/* otime ctime */
	unsigned long long r[MAXCOL], t[MAXCOL];
	int nr = sem_scenario(&real, r), nt = sem_scenario(&toy, t);

	compare_rows("sem", r, nr, t, nt, times, 2);
	TT_ASSERT(t[3] == 4 && t[8] != 0);	/* nsems, otime */
}

static void removed_objects_leave_the_tables(void)
{
	char buf[65536], key[16];
	int id = toy_msgget(KEY, IPC_CREAT | IPC_EXCL | 0600);

	TT_ASSERT(id >= 0);
	TT_ASSERT(toy_msgctl(id, IPC_RMID, NULL) == 0);
	tt_read_file("/proc/toyipc/msg", buf, sizeof(buf));
	snprintf(key, sizeof(key), " %d ", KEY);
	TT_ASSERT(strstr(buf, key) == NULL);
}

/* The columns of /proc/toyipc/pipe's row whose kind is KIND, or of pipe ID. */
static int pipe_row(const char *kind, unsigned int id, unsigned long long col[MAXCOL])
{
	char buf[65536], *line, *save, *tok, *save2, name[32];
	int n;

	tt_read_file("/proc/toyipc/pipe", buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		n = 0;
		for (tok = strtok_r(line, " ", &save2); tok && n < MAXCOL;
		     tok = strtok_r(NULL, " ", &save2), n++) {
			if (n == 1)
				snprintf(name, sizeof(name), "%s", tok);
			col[n] = strtoull(tok, NULL, 10);
		}
		if (n > 1 && !strcmp(name, kind) && (kind[0] != 'p' || col[0] == id))
			return n;
	}
	TT_FAIL("no %s row (id %u) in /proc/toyipc/pipe", kind, id);
}

static void pipe_table_shows_a_pipes_buffer_and_counters(void)
{
	struct toyipc_pipe_stats st;
	unsigned long long c[MAXCOL];
	char buf[300] = { 0 };
	int fd[2];

	TT_ASSERT(toy_pipe(fd) == 0);
	TT_ASSERT(write(fd[1], buf, 300) == 300);
	TT_ASSERT(read(fd[0], buf, 100) == 100);
	TT_ASSERT(ioctl(fd[0], TOYIPC_IOC_PIPE_STATS, &st) == 0);
	/* id capacity queued readers writers bytes_in bytes_out writes reads */
	TT_ASSERT(pipe_row("pipe", st.id, c) == 13);
	TT_ASSERT(c[2] == 65536 && c[3] == 200 && c[4] == 1 && c[5] == 1);
	TT_ASSERT(c[6] == 300 && c[7] == 100 && c[8] == 1 && c[9] == 1);
	TT_ASSERT(c[12] == 300);	/* high water */
}

static void pipe_table_lists_every_fifo(void)
{
	unsigned long long c[MAXCOL];
	char name[32];
	FILE *f = fopen("/sys/module/toyipc/parameters/nr_fifos", "r");
	int nr;

	TT_ASSERT(f && fscanf(f, "%d", &nr) == 1);
	for (int i = 0; i < nr; i++) {
		snprintf(name, sizeof(name), "toyfifo%d", i);
		pipe_row(name, 0, c);
		TT_ASSERT(c[4] == 0 && c[5] == 0);	/* nobody has it open */
	}
}

static void closed_pipe_leaves_the_table(void)
{
	struct toyipc_pipe_stats st;
	char buf[65536], id[32];
	int fd[2];

	TT_ASSERT(toy_pipe(fd) == 0);
	TT_ASSERT(ioctl(fd[0], TOYIPC_IOC_PIPE_STATS, &st) == 0);
	close(fd[0]);
	close(fd[1]);
	tt_read_file("/proc/toyipc/pipe", buf, sizeof(buf));
	snprintf(id, sizeof(id), "\n%10u pipe ", st.id);
	TT_ASSERT(strstr(buf, id) == NULL);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(headers_are_the_real_kernels),
		TT_CASE(msg_row_matches_the_real_kernels),
		TT_CASE(shm_row_matches_the_real_kernels),
		TT_CASE(sem_row_matches_the_real_kernels),
		TT_CASE(removed_objects_leave_the_tables),
		TT_CASE(pipe_table_shows_a_pipes_buffer_and_counters),
		TT_CASE(pipe_table_lists_every_fifo),
		TT_CASE(closed_pipe_leaves_the_table),
		{ NULL, NULL },
	};

	return tt_main("proc", cases);
}
