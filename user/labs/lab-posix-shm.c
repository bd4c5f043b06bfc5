// SPDX-License-Identifier: GPL-2.0
/*
 * lab-posix-shm: POSIX shared memory, over Linux (shm_open: a file in the
 * tmpfs on /dev/shm) and over toyipc (toy_shm_open: a file in the
 * module's toyshm filesystem), side by side.
 *
 * 1. The course's example: shm_open, ftruncate, mmap, fork; the child
 *    writes "Hello from child!", the parent reads it; munmap, shm_unlink.
 * 2. ftruncate shrinks the file: the pages past the new end are freed and
 *    touching them is SIGBUS; fstat's st_blocks shows the pages held.
 * 3. shm_unlink while mapped: the name is gone at once, the memory stays
 *    until the last mapping goes.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "toyipc.h"

struct pshm_api {
	int (*open)(const char *name, int oflag, mode_t mode);
	int (*unlink)(const char *name);
};

static const struct pshm_api apis[2] = {
	{ shm_open, shm_unlink },
	{ toy_shm_open, toy_shm_unlink },
};

#define SIZE 4096

/* Part 1, the course's program: what the parent read. */
static void seed(const struct pshm_api *api, char *out)
{
	int fd = api->open("/my_shm", O_CREAT | O_RDWR, 0666);
	char *ptr;

	if (fd < 0 || ftruncate(fd, SIZE) < 0) {
		lab_ret(out, -1, "");
		return;
	}
	ptr = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ptr == MAP_FAILED) {
		lab_ret(out, -1, "");
		return;
	}
	if (fork() == 0) {
		sprintf(ptr, "Hello from child!");
		_exit(0);
	}
	wait(NULL);
	snprintf(out, LAB_CELL, "%s", ptr);
	munmap(ptr, SIZE);
	close(fd);
	api->unlink("/my_shm");
}

static sigjmp_buf bus;

static void on_bus(int sig)
{
	(void)sig;
	siglongjmp(bus, 1);
}

/* Part 2: three pages, shrunk to one; then page 2 is touched. */
static void shrink(const struct pshm_api *api, char out[3][LAB_CELL])
{
	int fd = api->open("/lab-pshm", O_CREAT | O_RDWR, 0600);
	volatile char *p;
	struct stat st;

	if (fd < 0 || ftruncate(fd, 3 * SIZE) < 0)
		return;
	p = mmap(0, 3 * SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return;
	memset((char *)p, 'x', 3 * SIZE);
	fstat(fd, &st);
	snprintf(out[0], LAB_CELL, "size %lld blocks %lld", (long long)st.st_size,
		 (long long)st.st_blocks);
	ftruncate(fd, SIZE);
	fstat(fd, &st);
	snprintf(out[1], LAB_CELL, "size %lld blocks %lld", (long long)st.st_size,
		 (long long)st.st_blocks);
	signal(SIGBUS, on_bus);
	if (sigsetjmp(bus, 1))
		snprintf(out[2], LAB_CELL, "SIGBUS");
	else
		snprintf(out[2], LAB_CELL, "read '%c'", p[2 * SIZE]);
	signal(SIGBUS, SIG_DFL);
	munmap((char *)p, 3 * SIZE);
	close(fd);
	api->unlink("/lab-pshm");
}

/* Part 3: unlink with a mapping left. */
static void unlink_mapped(const struct pshm_api *api, char out[3][LAB_CELL])
{
	int fd = api->open("/lab-pshm", O_CREAT | O_RDWR, 0600);
	char *p;

	if (fd < 0 || ftruncate(fd, SIZE) < 0)
		return;
	p = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return;
	strcpy(p, "still mapped");
	lab_ret(out[0], api->unlink("/lab-pshm"), "");
	lab_ret(out[1], api->open("/lab-pshm", O_RDWR, 0), "");
	snprintf(out[2], LAB_CELL, "\"%s\"", p);
	munmap(p, SIZE);
}

int main(void)
{
	char cell[2][LAB_CELL], rows[2][3][LAB_CELL];
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	lab_part("1. the course's example: the child writes, the parent reads");
	lab_header();
	for (i = 0; i < 2; i++)
		seed(&apis[i], cell[i]);
	lab_row("parent reads", cell[0], cell[1]);
	printf("=> the same program, with toy_ before shm_open and shm_unlink\n");

	lab_part("2. ftruncate shrinks: pages past the end are gone");
	lab_header();
	memset(rows, 0, sizeof(rows));
	for (i = 0; i < 2; i++)
		shrink(&apis[i], rows[i]);
	lab_row("3 pages, all touched", rows[0][0], rows[1][0]);
	lab_row("ftruncate to 1 page", rows[0][1], rows[1][1]);
	lab_row("touch page 2 again", rows[0][2], rows[1][2]);
	printf("=> a mapping past the end of the file is SIGBUS, as for any file\n");

	lab_part("3. shm_unlink while mapped");
	lab_header();
	memset(rows, 0, sizeof(rows));
	for (i = 0; i < 2; i++)
		unlink_mapped(&apis[i], rows[i]);
	lab_row("shm_unlink", rows[0][0], rows[1][0]);
	lab_row("shm_open the name again", rows[0][1], rows[1][1]);
	lab_row("the mapping reads", rows[0][2], rows[1][2]);
	printf("=> the name goes at once; the memory goes with the last mapping\n");
	printf("=> the toy's segments: cat /proc/toyipc/posix_shm\n");
	return 0;
}
