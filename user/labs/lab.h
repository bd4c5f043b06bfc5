/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lab.h: what the lab programs (user/labs/lab-*.c) share, so that every lab
 * prints the same way: a title per part, rows of three columns (the step,
 * what Linux did, what the toy did), the "=>" line a student should look
 * at, and the kernels' own views in /proc/toyipc and /proc/sysvipc.  Not part of libtoyipc.
 */
#ifndef LAB_H
#define LAB_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LAB_CELL 48	/* room for one cell of a row */

/*
 * Every lab runs its steps over the toy: without the module each toy cell
 * would be an error that says nothing (EBADF, ENOENT).  Say it once, on
 * stderr, and return 1 (the lab then ends with status 1); 0 if loaded.
 */
static inline int lab_need_toyipc(const char *lab)
{
	if (access("/dev/toyipc", F_OK) == 0)
		return 0;
	fprintf(stderr, "%s: toyipc.ko is not loaded (there is no /dev/toyipc): "
		"run the labs in make vm or make demo, or insmod kmod/toyipc.ko\n", lab);
	return 1;
}

/* A part of the lab: a blank line and its title. */
static inline void lab_part(const char *title)
{
	printf("\n--- %s\n", title);
}

/* One step, and what it gave over Linux and over the toy. */
static inline void lab_row(const char *what, const char *real, const char *toy)
{
	printf("%-38s %-25s %s\n", what, real, toy);
}

static inline void lab_header(void)
{
	lab_row("", "real (Linux)", "toy (toyipc.ko)");
}

/*
 * A call's result as a cell: the value, or "-1 ENAME" from errno.  EXTRA
 * follows a successful value (" bytes").  Returns OUT.
 */
static inline char *lab_ret(char *out, long ret, const char *extra)
{
	if (ret < 0)
		snprintf(out, LAB_CELL, "-1 %s", strerrorname_np(errno));
	else
		snprintf(out, LAB_CELL, "%ld%s", ret, extra);
	return out;
}

/* Split LINE into at most MAX whitespace-separated fields; their count. */
static inline int lab_fields(char *line, char **field, int max)
{
	int n = 0;

	for (char *tok = strtok(line, " \t\n"); tok && n < max; tok = strtok(NULL, " \t\n"))
		field[n++] = tok;
	return n;
}

/*
 * A kernel table: the header of PATH (/proc/toyipc/pipe, /proc/sysvipc/msg
 * ...) and its rows whose column KEYCOL (0 is the first) is VALUE, cut to
 * the first NCOLS columns so that a row fits the screen.
 */
static inline void lab_proc(const char *path, int keycol, const char *value, int ncols)
{
	char line[512], head[512], *hf[32], *rf[32];
	int nh, nr;
	FILE *f;

	f = fopen(path, "r");
	if (!f || !fgets(head, sizeof(head), f)) {
		printf("    %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return;
	}
	nh = lab_fields(head, hf, ncols < 32 ? ncols : 32);
	printf("    %s:\n    ", path);
	for (int i = 0; i < nh; i++)
		printf(" %10s", hf[i]);
	printf("\n");
	while (fgets(line, sizeof(line), f)) {
		nr = lab_fields(line, rf, nh);
		if (nr <= keycol || strcmp(rf[keycol], value))
			continue;
		printf("    ");
		for (int i = 0; i < nr; i++)
			printf(" %10s", rf[i]);
		printf("\n");
	}
	fclose(f);
}

/* The same for an object known by its number ID. */
static inline void lab_proc_id(const char *path, int keycol, long id, int ncols)
{
	char value[24];

	snprintf(value, sizeof(value), "%ld", id);
	lab_proc(path, keycol, value, ncols);
}

#endif /* LAB_H */
