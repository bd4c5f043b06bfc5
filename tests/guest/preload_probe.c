// SPDX-License-Identifier: GPL-2.0
/*
 * preload_probe: one IPC call made the way a libc program makes it, for
 * tests/guest/preload_test to run with and without toyipc-run.  Built
 * dynamically (preload_probe), statically (preload_probe_static) and as a
 * dynamic i386 program (preload_probe32).
 *
 *	preload_probe pipe|popen|syscall	make a pipe with pipe(), popen()
 *						or syscall(SYS_pipe2); print
 *						"toy" or "real" for what it is
 *	preload_probe semtimedop		semget + semtimedop; print "ok"
 *						or the errno's name
 *	preload_probe msg_info			msgctl(0, MSG_INFO); "ok" or
 *						the errno's name
 *	preload_probe msg_roundtrip		msgget, msgsnd, IPC_STAT (the
 *						struct's layout), msgrcv,
 *						IPC_RMID; "ok" or what failed
 *	preload_probe mq_roundtrip		mq_open (O_CREAT, an attr),
 *						mq_send, mq_getattr,
 *						mq_timedreceive, mq_close,
 *						mq_unlink; "ok" or what failed
 *	preload_probe pshm_roundtrip		shm_open, ftruncate, mmap, a
 *						write seen through a second
 *						descriptor, shm_unlink; "ok"
 *						or what failed
 *
 * A toy pipe's descriptor links to "anon_inode:[toypipe]", a real one's to
 * "pipe:[INODE]".
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* "toy" or "real": what the descriptor FD is, or NULL. */
static const char *pipe_kind(int fd)
{
	char path[64], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return NULL;
	link[n] = '\0';
	if (!strcmp(link, "anon_inode:[toypipe]"))
		return "toy";
	if (!strncmp(link, "pipe:[", 6))
		return "real";
	return NULL;
}

static int result(int ok)
{
	puts(ok ? "ok" : strerrorname_np(errno));
	return 0;
}

static int probe(const char *what)
{
	int fd[2] = { -1, -1 };

	if (!strcmp(what, "pipe")) {
		if (pipe(fd) < 0)
			return result(0);
	} else if (!strcmp(what, "syscall")) {
		if (syscall(SYS_pipe2, fd, 0) < 0)
			return result(0);
	} else if (!strcmp(what, "popen")) {
		FILE *f = popen("true", "r");

		if (!f)
			return result(0);
		fd[0] = fileno(f);
		puts(pipe_kind(fd[0]) ? pipe_kind(fd[0]) : "other");
		return pclose(f) == 0 ? 0 : 1;
	} else if (!strcmp(what, "semtimedop")) {
		struct sembuf op = { .sem_num = 0, .sem_op = 1 };
		struct timespec t = { .tv_sec = 1 };
		int id = semget(IPC_PRIVATE, 1, 0600), ok;

		if (id < 0)
			return result(0);
		ok = semtimedop(id, &op, 1, &t) == 0;
		result(ok);
		return semctl(id, 0, IPC_RMID) == 0 ? 0 : 1;
	} else if (!strcmp(what, "msg_roundtrip")) {
		struct { long mtype; char mtext[8]; } m = { 7, "hello" }, r;
		struct msqid_ds ds;
		int id = msgget(IPC_PRIVATE, 0600);

		if (id < 0 || msgsnd(id, &m, 5, 0) || msgctl(id, IPC_STAT, &ds))
			return result(0);
		if (ds.msg_qnum != 1 || ds.msg_cbytes != 5 || (ds.msg_perm.mode & 0777) != 0600 ||
		    ds.msg_lspid != getpid()) {
			puts("IPC_STAT: wrong fields");
			return 1;
		}
		if (msgrcv(id, &r, sizeof(r.mtext), 0, 0) != 5 || r.mtype != 7 ||
		    memcmp(r.mtext, "hello", 5))
			return result(0);
		return result(msgctl(id, IPC_RMID, NULL) == 0);
	} else if (!strcmp(what, "mq_roundtrip")) {
		struct mq_attr a = { .mq_maxmsg = 3, .mq_msgsize = 16 }, got;
		struct timespec t;
		char name[64], buf[16];
		unsigned int prio = 0;
		mqd_t q;

		snprintf(name, sizeof(name), "/preload-probe.%d", (int)getpid());
		q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
		if (q == (mqd_t)-1 || mq_send(q, "hello", 5, 9) || mq_getattr(q, &got))
			return result(0);
		if (got.mq_maxmsg != 3 || got.mq_msgsize != 16 || got.mq_curmsgs != 1) {
			puts("mq_getattr: wrong fields");
			return 1;
		}
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += 5;
		if (mq_timedreceive(q, buf, sizeof(buf), &prio, &t) != 5 || prio != 9 ||
		    memcmp(buf, "hello", 5))
			return result(0);
		if (mq_close(q))
			return result(0);
		return result(mq_unlink(name) == 0);
	} else if (!strcmp(what, "pshm_roundtrip")) {
		char name[64], *p, *p2;
		int fd, fd2;

		snprintf(name, sizeof(name), "/preload-probe.%d", (int)getpid());
		fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0 || ftruncate(fd, 4096))
			return result(0);
		fd2 = shm_open(name, O_RDONLY, 0);
		if (fd2 < 0 || shm_unlink(name))
			return result(0);
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		p2 = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd2, 0);
		if (p == MAP_FAILED || p2 == MAP_FAILED)
			return result(0);
		strcpy(p, "hello");
		if (strcmp(p2, "hello")) {
			puts("the second descriptor does not see the first one's write");
			return 1;
		}
		/* Unlinked: the name is free, the memory lives while mapped. */
		if (shm_open(name, O_RDONLY, 0) >= 0 || errno != ENOENT) {
			puts("an unlinked name still opens");
			return 1;
		}
		return result(munmap(p, 4096) == 0 && munmap(p2, 4096) == 0 &&
			      close(fd) == 0 && close(fd2) == 0);
	} else if (!strcmp(what, "msg_info")) {
		struct msginfo info;

		return result(msgctl(0, MSG_INFO, (struct msqid_ds *)&info) >= 0);
	} else {
		fprintf(stderr, "preload_probe: unknown probe '%s'\n", what);
		return 2;
	}
	puts(pipe_kind(fd[0]) ? pipe_kind(fd[0]) : "other");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr,
			"usage: preload_probe pipe|popen|syscall|semtimedop|msg_info|msg_roundtrip|"
			"mq_roundtrip|pshm_roundtrip\n");
		return 2;
	}
	return probe(argv[1]);
}
