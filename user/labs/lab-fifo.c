// SPDX-License-Identifier: GPL-2.0
/*
 * lab-fifo: a FIFO (named pipe) between two unrelated processes, over a
 * real FIFO made by mkfifo(3) and over the toy's /dev/toyfifo0.
 *
 * The lab starts two programs, "lab-fifo reader PATH" and "lab-fifo
 * writer PATH"; each is a fresh exec that shares nothing with the other
 * but the name PATH.  The reader's open(O_RDONLY) waits until the writer
 * opens (the open rendezvous of fifo(7)); then the data flows as in a
 * pipe, and EOF comes when the writer closes.  The writer opens only once
 * it has seen the reader wait in open(): for the toy, counted as a reader
 * in /proc/toyipc/pipe; for Linux, which shows no such count, asleep in
 * the openat system call (/proc/PID/stat and /proc/PID/syscall).  Around
 * it: O_NONBLOCK opens, and the data thrown away when the last process
 * closes the FIFO.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"

#define REAL_FIFO	"/tmp/lab-fifo"
#define TOY_FIFO	"/dev/toyfifo0"
#define SEEN_WAITING	0	/* the writer's status: it saw the reader wait */
#define NOT_SEEN	3	/* ... it gave up after WAIT_MS */
#define WAIT_MS		10000

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* "lab-fifo reader PATH": open, read to EOF; print "MS TEXT" on stdout. */
static int run_reader(const char *path)
{
	char buf[128];
	long t0 = now_ms(), waited;
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror(path);
		return 1;
	}
	waited = now_ms() - t0;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
	printf("%ld %s\n", waited, buf);
	return 0;
}

/* Is toy FIFO PATH's reader counted in /proc/toyipc/pipe? */
static int toy_reader_counted(const char *path)
{
	const char *name = strrchr(path, '/') + 1;
	char line[512], kind[32];
	unsigned int readers;
	int found = 0;
	FILE *f = fopen("/proc/toyipc/pipe", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*u %31s %*u %*u %u", kind, &readers) == 2 &&
		    !strcmp(kind, name) && readers > 0)
			found = 1;
	fclose(f);
	return found;
}

/* Is process PID asleep in openat(2)?  257 is openat's number on x86-64. */
static int asleep_in_openat(pid_t pid)
{
	char path[64], buf[256], state = 0;
	int nr = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (f) {
		if (fgets(buf, sizeof(buf), f) && strrchr(buf, ')'))
			state = strrchr(buf, ')')[2];
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &nr) != 1)
			nr = -1;
		fclose(f);
	}
	return state == 'S' && nr == 257;
}

/*
 * "lab-fifo writer PATH PID": wait until reader PID waits in its open()
 * of PATH, open, write one greeting, close.  Exit status SEEN_WAITING, or
 * NOT_SEEN if it never saw the reader wait (it opens anyway).
 */
static int run_writer(const char *path, pid_t reader)
{
	int toy = !strncmp(path, "/dev/", 5), seen = 0, fd;
	long t0 = now_ms();

	while (!seen && now_ms() - t0 < WAIT_MS) {
		seen = toy ? toy_reader_counted(path) : asleep_in_openat(reader);
		if (!seen)
			usleep(1000);
	}
	if (seen && toy) {
		printf("    while the reader waits in open(): it is counted already\n");
		lab_proc("/proc/toyipc/pipe", 1, strrchr(path, '/') + 1, 6);
	}
	fflush(stdout);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	dprintf(fd, "hello from pid %d", getpid());
	close(fd);
	return seen ? SEEN_WAITING : NOT_SEEN;
}

/* Start "lab-fifo ROLE PATH [PID]"; its stdout goes to OUT_FD if >= 0. */
static pid_t start(const char *role, const char *path, pid_t pid_arg, int out_fd)
{
	char arg[24];
	pid_t pid;

	snprintf(arg, sizeof(arg), "%d", pid_arg);
	pid = fork();
	if (pid == 0) {
		if (out_fd >= 0)
			dup2(out_fd, STDOUT_FILENO);
		execl("/proc/self/exe", "lab-fifo", role, path, pid_arg ? arg : (char *)NULL,
		      (char *)NULL);
		_exit(127);
	}
	return pid;
}

/*
 * The rendezvous over PATH: WAITED gets whether the writer saw the
 * reader's open() wait for it, and for how long it waited; GOT what the
 * reader read.
 */
static void rendezvous(const char *path, char *waited, char *got)
{
	char line[160] = "", *text;
	pid_t reader, writer;
	int out[2], status = -1;
	FILE *f;
	long ms;

	if (pipe(out))
		exit(1);
	reader = start("reader", path, 0, out[1]);
	close(out[1]);
	writer = start("writer", path, reader, -1);
	f = fdopen(out[0], "r");
	if (!f || !fgets(line, sizeof(line), f))
		line[0] = '\0';
	if (f)
		fclose(f);
	waitpid(writer, &status, 0);
	waitpid(reader, NULL, 0);
	ms = strtol(line, &text, 10);
	snprintf(waited, LAB_CELL, "%s (%ld ms)",
		 WIFEXITED(status) && WEXITSTATUS(status) == SEEN_WAITING ? "yes" :
		 "not seen waiting", ms);
	text[strcspn(text, "\n")] = '\0';
	snprintf(got, LAB_CELL, "\"%.15s...\" EOF", text + (*text == ' '));
}

/* Bytes written, then the FIFO closed by everyone: what is left at reopen? */
static long left_after_last_close(const char *path)
{
	int fd = open(path, O_RDWR), n = -1;

	if (fd < 0 || write(fd, "lost", 4) != 4)
		return -1;
	close(fd);
	fd = open(path, O_RDWR);
	if (fd < 0 || ioctl(fd, FIONREAD, &n))
		n = -1;
	close(fd);
	return n;
}

int main(int argc, char **argv)
{
	const char *paths[2] = { REAL_FIFO, TOY_FIFO };
	char out[5][2][LAB_CELL];

	if (lab_need_toyipc("lab-fifo"))
		return 1;
	if (argc == 3 && !strcmp(argv[1], "reader"))
		return run_reader(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "writer"))
		return run_writer(argv[2], atoi(argv[3]));

	setvbuf(stdout, NULL, _IOLBF, 0);
	unlink(REAL_FIFO);
	if (mkfifo(REAL_FIFO, 0600)) {
		perror("mkfifo " REAL_FIFO);
		return 1;
	}
	printf("lab-fifo: a named pipe, mkfifo(3)'s %s and the toy's %s\n", REAL_FIFO, TOY_FIFO);

	lab_part("1. opening with O_NONBLOCK when nobody is at the other end");
	for (int i = 0; i < 2; i++) {
		int fd = open(paths[i], O_WRONLY | O_NONBLOCK);

		lab_ret(out[0][i], fd, " (fd)");
		if (fd >= 0)
			close(fd);
		fd = open(paths[i], O_RDONLY | O_NONBLOCK);
		lab_ret(out[1][i], fd >= 0 ? 0 : -1, " (success)");
		if (fd >= 0)
			close(fd);
	}
	lab_header();
	lab_row("open(O_WRONLY|O_NONBLOCK), no reader", out[0][0], out[0][1]);
	lab_row("open(O_RDONLY|O_NONBLOCK), no writer", out[1][0], out[1][1]);

	lab_part("2. two programs: \"lab-fifo reader PATH\" and \"lab-fifo writer PATH\"");
	printf("    the writer opens once it sees the reader wait in open()\n");
	for (int i = 0; i < 2; i++)
		rendezvous(paths[i], out[2][i], out[3][i]);
	lab_header();
	lab_row("reader's open(O_RDONLY) blocked", out[2][0], out[2][1]);
	lab_row("reader read", out[3][0], out[3][1]);
	printf("=> open() is a rendezvous: a reader waits for a writer (and a writer\n"
	       "   for a reader); then it is a pipe, with EOF when the writer closes.\n");

	lab_part("3. write 4 bytes, close, reopen: what is left in the FIFO?");
	for (int i = 0; i < 2; i++)
		lab_ret(out[4][i], left_after_last_close(paths[i]), " bytes");
	lab_header();
	lab_row("FIONREAD after the last close", out[4][0], out[4][1]);
	printf("=> the data lives while somebody has the FIFO open; the name stays,\n"
	       "   the buffer is freed by the last close.\n");
	unlink(REAL_FIFO);
	return 0;
}
