// SPDX-License-Identifier: GPL-2.0
/*
 * lab-popen: popen(3) and pclose(3), and libtoyipc's toy_popen() and
 * toy_pclose(), which are the same thing built on a toy pipe (see
 * user/lib/toy_popen.c: toy_pipe2, fork, dup2, exec of /bin/sh -c).
 *
 * 1. "r": read what a command prints, as a stream.
 * 2. "w": write a command's input; it sees EOF when we pclose.
 * 3. pclose() waits for the shell and returns its wait status.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "lab.h"
#include "toyipc.h"

struct popen_api {
	FILE *(*popen)(const char *command, const char *mode);
	int (*pclose)(FILE *stream);
	int toy;	/* show the toy pipe's row of /proc/toyipc/pipe */
};

static const struct popen_api apis[2] = {
	{ popen, pclose, 0 },
	{ toy_popen, toy_pclose, 1 },
};

#define SORTED "/tmp/lab-popen.sorted"

/* Part 1: the lines COMMAND prints, read through the stream, into OUT. */
static void read_output(const struct popen_api *api, const char *command, char *out)
{
	FILE *f = api->popen(command, "r");
	char line[64];
	size_t len = 0;

	if (!f) {
		lab_ret(out, -1, "");
		return;
	}
	out[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		len += snprintf(out + len, LAB_CELL - len, "%s%s", len ? " " : "", line);
		if (len >= LAB_CELL)
			len = LAB_CELL - 1;
	}
	if (api->toy) {
		struct toyipc_pipe_stats st = { 0 };

		/* At EOF: the shell is gone (no writers), every byte was read. */
		printf("    the toy pipe at EOF, before toy_pclose():\n");
		if (!ioctl(fileno(f), TOYIPC_IOC_PIPE_STATS, &st))
			lab_proc_id("/proc/toyipc/pipe", 0, st.id, 8);
	}
	api->pclose(f);
}

/* Part 2: three words into "sort", whose output goes to a file; into OUT. */
static void write_input(const struct popen_api *api, char *out)
{
	FILE *f = api->popen("sort >" SORTED, "w");
	char line[64];
	size_t len = 0;

	if (!f) {
		lab_ret(out, -1, "");
		return;
	}
	fputs("pear\napple\nfig\n", f);
	api->pclose(f);		/* sort sees EOF, sorts, exits; pclose waits */
	f = fopen(SORTED, "r");
	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		len += snprintf(out + len, LAB_CELL - len, "%s%s", len ? " " : "", line);
	}
	if (f)
		fclose(f);
	unlink(SORTED);
}

/* Part 3: what pclose() says about COMMAND's end, into OUT. */
static void exit_status(const struct popen_api *api, const char *command, char *out)
{
	FILE *f = api->popen(command, "r");
	int status;

	if (!f) {
		lab_ret(out, -1, "");
		return;
	}
	status = api->pclose(f);
	if (status == -1)
		lab_ret(out, -1, "");
	else if (WIFEXITED(status))
		snprintf(out, LAB_CELL, "exited %d", WEXITSTATUS(status));
	else
		snprintf(out, LAB_CELL, "status 0x%x", status);
}

int main(void)
{
	static const char *const commands[] = { "exit 3", "no-such-command 2>/dev/null" };
	char out[4][2][LAB_CELL];

	if (lab_need_toyipc("lab-popen"))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-popen: popen(3)/pclose(3) next to toy_popen()/toy_pclose()\n");

	lab_part("1. popen(\"ls /proc/toyipc\", \"r\"): read a command's output");
	for (int i = 0; i < 2; i++)
		read_output(&apis[i], "ls /proc/toyipc", out[0][i]);
	lab_header();
	lab_row("lines read", out[0][0], out[0][1]);

	lab_part("2. popen(\"sort >FILE\", \"w\"): write a command's input");
	for (int i = 0; i < 2; i++)
		write_input(&apis[i], out[1][i]);
	lab_header();
	lab_row("wrote pear apple fig; FILE holds", out[1][0], out[1][1]);
	printf("=> sort prints only after EOF on its stdin, which pclose() causes\n"
	       "   by closing the write end: the shell's copy was close-on-exec.\n");

	lab_part("3. pclose() returns the shell's wait status");
	for (int c = 0; c < 2; c++)
		for (int i = 0; i < 2; i++)
			exit_status(&apis[i], commands[c], out[2 + c][i]);
	lab_header();
	lab_row("popen(\"exit 3\"); pclose()", out[2][0], out[2][1]);
	lab_row("popen(\"no-such-command\"); pclose()", out[3][0], out[3][1]);

	for (int i = 0; i < 2; i++) {
		FILE *f = apis[i].popen("true", "x");

		if (f) {
			snprintf(out[0][i], LAB_CELL, "a stream");
			apis[i].pclose(f);
		} else {
			lab_ret(out[0][i], -1, "");
		}
	}
	lab_row("popen(\"true\", \"x\"): a bad mode", out[0][0], out[0][1]);
	printf("=> pclose() is wait(): 127 is the shell's \"command not found\".\n");
	return 0;
}
