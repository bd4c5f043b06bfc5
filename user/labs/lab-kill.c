// SPDX-License-Identifier: GPL-2.0
/*
 * lab-kill: signals between processes: kill(2) and sigaction(2), a value
 * with sigqueue(3), blocked and pending sets, the default action.
 *
 * Real column only: a signal is the kernel's own delivery to a process
 * (kernel/signal.c: send_signal_locked(), get_signal()), not an object a
 * module could re-implement beside it, so there is no toy column (and,
 * unlike the other labs, it runs without toyipc.ko).
 *
 * The parent talks to one child.  The child's handlers (SA_SIGINFO) write
 * what they got (the signal, si_code, si_pid, si_value) into a pipe the
 * parent reads; the child obeys commands from another pipe: block SIGUSR1
 * and SIGRTMIN, report sigpending(), unblock.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"

/* What the child sends the parent: a handler's record or a reply. */
struct note {
	int signo;		/* 0 for a reply */
	int code;
	int pid;
	int value;
	char text[64];		/* a reply */
};

static int note_fd;		/* the child's end of the notes pipe */

static void handler(int signo, siginfo_t *info, void *ctx)
{
	struct note n = { signo, info->si_code, info->si_pid, info->si_value.sival_int, "" };

	(void)ctx;
	if (write(note_fd, &n, sizeof(n)) != sizeof(n))
		_exit(1);
}

static void reply(const char *text)
{
	struct note n = { 0 };

	snprintf(n.text, sizeof(n.text), "%s", text);
	if (write(note_fd, &n, sizeof(n)) != sizeof(n))
		_exit(1);
}

static const char *sig_name(int signo)
{
	static char buf[16];

	if (signo == SIGRTMIN)
		return "SIGRTMIN";
	snprintf(buf, sizeof(buf), "SIG%s", sigabbrev_np(signo) ? sigabbrev_np(signo) : "?");
	return buf;
}

/* The child: handlers for SIGUSR1, SIGUSR2, SIGRTMIN; then commands. */
static void child(int cmd_fd)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigset_t set, pending;
	char c, buf[64];

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGRTMIN, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	reply("ready");
	while (read(cmd_fd, &c, 1) == 1) {
		switch (c) {
		case 'b':
			sigprocmask(SIG_BLOCK, &set, NULL);
			reply("blocked");
			break;
		case 'p':
			sigpending(&pending);
			snprintf(buf, sizeof(buf), "%s%s",
				 sigismember(&pending, SIGUSR1) ? "SIGUSR1 " : "",
				 sigismember(&pending, SIGRTMIN) ? "SIGRTMIN" : "");
			reply(buf[0] ? buf : "none");
			break;
		case 'u':
			/* The pending signals are delivered before this returns. */
			sigprocmask(SIG_UNBLOCK, &set, NULL);
			reply("unblocked");
			break;
		}
	}
	_exit(0);
}

static int notes_rd;

/* The next note from the child; exit if there is none. */
static struct note next_note(void)
{
	struct note n;

	if (read(notes_rd, &n, sizeof(n)) != sizeof(n)) {
		fprintf(stderr, "lab-kill: the child sent nothing\n");
		exit(1);
	}
	return n;
}

/* A handler's note as a cell: "SIGUSR1, SI_USER, from the parent". */
static void handled(char *out, struct note n, pid_t parent)
{
	snprintf(out, LAB_CELL, "%s, %s, %s%s", sig_name(n.signo),
		 n.code == SI_USER ? "SI_USER" : n.code == SI_QUEUE ? "SI_QUEUE" : "other",
		 n.pid == parent ? "from the parent" : "from another pid",
		 n.code == SI_QUEUE ? ", value " : "");
	if (n.code == SI_QUEUE)
		snprintf(out + strlen(out), LAB_CELL - strlen(out), "%d", n.value);
}

static void row(const char *what, const char *real)
{
	printf("%-38s %s\n", what, real);
}

int main(void)
{
	int cmd[2], notes[2], status;
	char out[LAB_CELL], list[LAB_CELL] = "";
	pid_t pid, parent = getpid();
	struct note n;
	int usr1 = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("lab-kill: signals between processes (real column only: no toy can exist)\n");
	if (pipe(cmd) || pipe(notes))
		return 1;
	pid = fork();
	if (pid == 0) {
		close(cmd[1]);
		close(notes[0]);
		note_fd = notes[1];
		child(cmd[0]);
	}
	close(cmd[0]);
	close(notes[1]);
	notes_rd = notes[0];
	next_note();	/* "ready": the handlers are in place */

	lab_part("1. kill(2) and sigaction(2) with SA_SIGINFO: a handler in the child");
	row("", "real (Linux): what the child's handler saw");
	kill(pid, SIGUSR1);
	handled(out, next_note(), parent);
	row("kill(child, SIGUSR1)", out);
	sigqueue(pid, SIGUSR2, (union sigval){ .sival_int = 42 });
	handled(out, next_note(), parent);
	row("sigqueue(child, SIGUSR2, 42)", out);
	printf("=> the handler learns who sent the signal and how; sigqueue() carries a value.\n");

	lab_part("2. the child blocks SIGUSR1 and SIGRTMIN; the parent sends them anyway");
	row("", "real (Linux)");
	if (write(cmd[1], "b", 1) != 1)
		return 1;
	next_note();
	kill(pid, SIGUSR1);
	kill(pid, SIGUSR1);
	for (int v = 1; v <= 3; v++)
		sigqueue(pid, SIGRTMIN, (union sigval){ .sival_int = v });
	if (write(cmd[1], "p", 1) != 1)
		return 1;
	n = next_note();
	printf("    sent while blocked: SIGUSR1 twice, SIGRTMIN with the values 1 2 3\n");
	row("sigpending() in the child", n.text);
	if (write(cmd[1], "u", 1) != 1)
		return 1;
	while ((n = next_note()).signo) {
		if (n.signo == SIGUSR1)
			usr1++;
		else
			snprintf(list + strlen(list), LAB_CELL - strlen(list), " %d", n.value);
	}
	snprintf(out, LAB_CELL, "SIGUSR1 x%d; SIGRTMIN%s", usr1, list);
	row("sigprocmask(SIG_UNBLOCK): handled", out);
	printf("=> a blocked signal waits, pending.  A standard signal is pending or not:\n"
	       "   two sends, one delivery.  Real-time signals queue, each with its value.\n");

	lab_part("3. no handler: the default action");
	row("", "real (Linux)");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		snprintf(out, LAB_CELL, "killed by %s", sig_name(WTERMSIG(status)));
	else
		snprintf(out, LAB_CELL, "exited with %d", WEXITSTATUS(status));
	row("kill(child, SIGTERM)", out);
	printf("=> without a handler most signals end the process (signal(7)).\n");
	return 0;
}
