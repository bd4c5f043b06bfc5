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
 *
 * A toy pipe's descriptor links to "anon_inode:[toypipe]", a real one's to
 * "pipe:[INODE]".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
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
			"usage: preload_probe pipe|popen|syscall|semtimedop|msg_info|msg_roundtrip\n");
		return 2;
	}
	return probe(argv[1]);
}
