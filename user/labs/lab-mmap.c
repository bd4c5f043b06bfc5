// SPDX-License-Identifier: GPL-2.0
/*
 * lab-mmap: a memory-mapped file, MAP_SHARED and MAP_PRIVATE, next to toy
 * shared memory.
 *
 * The file column is real only: toyipc has no files to map (mm/filemap.c,
 * mm/memory.c: do_shared_fault(), do_cow_fault()); the toy column is toy
 * SysV shm where it has a counterpart.  A child writes through its
 * mapping and exits; the parent then reads the file with read(2), and the
 * toy segment through its own attach.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

#define FILE_PATH	"/tmp/lab-mmap"
#define SIZE		4096

/* The file's first 4 bytes, by read(2), as a cell. */
static void file_text(char *out)
{
	char buf[5] = "";
	int fd = open(FILE_PATH, O_RDONLY);

	if (fd < 0 || pread(fd, buf, 4, 0) != 4)
		snprintf(out, LAB_CELL, "-1 %s", strerrorname_np(errno));
	else
		snprintf(out, LAB_CELL, "\"%s\"", buf);
	if (fd >= 0)
		close(fd);
}

/* A child maps the file with FLAGS, writes TEXT into it and exits. */
static void child_writes_file(int flags, const char *text)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(FILE_PATH, O_RDWR);
		char *p = fd < 0 ? MAP_FAILED :
			  mmap(NULL, SIZE, PROT_READ | PROT_WRITE, flags, fd, 0);

		if (p == MAP_FAILED)
			_exit(1);
		memcpy(p, text, 4);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

/* A child attaches toy segment ID, writes TEXT into it and exits. */
static void child_writes_toy(int id, const char *text)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *p = toy_shmat(id, NULL, 0);

		if (p == (void *)-1)
			_exit(1);
		memcpy(p, text, 4);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void toy_text(char *out, int id)
{
	char *p = toy_shmat(id, NULL, SHM_RDONLY);

	if (p == (void *)-1) {
		snprintf(out, LAB_CELL, "-1 %s", strerrorname_np(errno));
		return;
	}
	snprintf(out, LAB_CELL, "\"%.4s\"", p);
	toy_shmdt(p);
}

int main(void)
{
	char out[3][2][LAB_CELL];
	int fd, id;

	if (lab_need_toyipc("lab-mmap"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-mmap: a mapped file (real column only: toyipc has no files) next to toy shm\n");
	fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, SIZE) || pwrite(fd, "aaaa", 4, 0) != 4) {
		perror(FILE_PATH);
		return 1;
	}
	close(fd);
	id = toy_shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	if (id < 0) {
		perror("toy_shmget");
		return 1;
	}
	child_writes_toy(id, "aaaa");

	child_writes_file(MAP_SHARED, "bbbb");
	file_text(out[0][0]);
	child_writes_toy(id, "bbbb");
	toy_text(out[0][1], id);

	child_writes_file(MAP_PRIVATE, "cccc");
	file_text(out[1][0]);
	snprintf(out[1][1], LAB_CELL, "(no such attach)");

	/* Both outlive the processes that wrote them. */
	file_text(out[2][0]);
	toy_text(out[2][1], id);
	toy_shmctl(id, IPC_RMID, NULL);
	unlink(FILE_PATH);

	lab_part("a child maps, writes 4 bytes and exits; then the parent reads");
	lab_row("", "file mmap (Linux)", "toy shm");
	lab_row("MAP_SHARED / attach: child wrote bbbb", out[0][0], out[0][1]);
	lab_row("MAP_PRIVATE: child wrote cccc", out[1][0], out[1][1]);
	lab_row("every writer gone: read again", out[2][0], out[2][1]);
	printf("=> MAP_SHARED writes go to the file's pages, which every process (and\n"
	       "   read(2)) sees, like shared memory; MAP_PRIVATE writes go to a private\n"
	       "   copy (copy-on-write) and vanish with the process.  SysV shm has only\n"
	       "   the shared kind, and lives until IPC_RMID; the file until unlink.\n");
	return 0;
}
