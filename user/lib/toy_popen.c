// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc popen: toy_popen() and toy_pclose(), popen(3) and pclose(3)
 * built on a toy pipe.
 *
 * As glibc's popen() does, the pipe is made close-on-exec (toy_pipe2 with
 * O_CLOEXEC), the child moves its end onto its stdin or stdout with dup2()
 * (which clears close-on-exec on the copy) and execs "/bin/sh -c COMMAND";
 * the parent keeps the other end as a stdio stream.  Close-on-exec keeps
 * the parent's end out of the shell, where it would hold the pipe open:
 * a "w" child would never see EOF on its stdin.
 *
 * POSIX also says that a child must not inherit the streams of earlier
 * popen()s still open in the parent.  Their descriptors are close-on-exec
 * only with the "e" mode, so every open stream is kept on a list, and the
 * child closes the list's descriptors before it execs.  The list is also
 * how toy_pclose() finds the child to wait for.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "toyipc.h"

/* One stream of toy_popen() and the child at the other end of its pipe. */
struct popen_child {
	FILE *stream;
	pid_t pid;
	struct popen_child *next;
};

/* The streams open now; popen_lock guards the list. */
static struct popen_child *popen_children;
static pthread_mutex_t popen_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * MODE as glibc reads it: 'r' or 'w' (exactly one of them, repeats
 * allowed) and 'e' (close-on-exec stream), in any order.  1 for reading,
 * 0 for writing, -1 for a bad mode.
 */
static int popen_reads(const char *mode, int *cloexec)
{
	int reads = 0, writes = 0;

	*cloexec = 0;
	for (const char *c = mode; *c; c++) {
		if (*c == 'r')
			reads = 1;
		else if (*c == 'w')
			writes = 1;
		else if (*c == 'e')
			*cloexec = 1;
		else
			return -1;
	}
	return reads == writes ? -1 : reads;
}

/*
 * In the child, after fork: CHILD_END becomes TARGET (stdin or stdout),
 * the earlier streams' descriptors go, and the shell runs COMMAND.  Only
 * async-signal-safe calls here; the list is read without the lock, which
 * the parent holds across the fork for exactly this.
 */
static void popen_exec(int child_end, int target, const char *command)
{
	if (child_end == target) {
		if (fcntl(child_end, F_SETFD, 0) < 0)
			_exit(127);
	} else if (dup2(child_end, target) < 0) {
		_exit(127);
	}
	for (struct popen_child *c = popen_children; c; c = c->next)
		if (fileno(c->stream) != target)
			close(fileno(c->stream));
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

FILE *toy_popen(const char *command, const char *mode)
{
	struct popen_child *child;
	int fd[2], cloexec, reads, parent_end, child_end, err;

	reads = popen_reads(mode, &cloexec);
	if (reads < 0) {
		errno = EINVAL;
		return NULL;
	}
	child = malloc(sizeof(*child));
	if (!child)
		return NULL;
	if (toy_pipe2(fd, O_CLOEXEC) < 0)
		goto out_free;
	parent_end = reads ? fd[0] : fd[1];
	child_end = reads ? fd[1] : fd[0];

	pthread_mutex_lock(&popen_lock);
	child->pid = fork();
	if (child->pid == 0)
		popen_exec(child_end, reads ? STDOUT_FILENO : STDIN_FILENO, command);
	if (child->pid < 0)
		goto out_unlock;
	close(child_end);
	child_end = -1;
	if (!cloexec && fcntl(parent_end, F_SETFD, 0) < 0)
		goto out_reap;
	child->stream = fdopen(parent_end, reads ? "r" : "w");
	if (!child->stream)
		goto out_reap;
	child->next = popen_children;
	popen_children = child;
	pthread_mutex_unlock(&popen_lock);
	return child->stream;

out_reap:
	/* The shell got its end; closing ours ends it (EOF or EPIPE). */
	err = errno;
	close(parent_end);
	parent_end = -1;
	while (waitpid(child->pid, NULL, 0) < 0 && errno == EINTR)
		;
	errno = err;
out_unlock:
	pthread_mutex_unlock(&popen_lock);
	err = errno;
	if (parent_end >= 0)
		close(parent_end);
	if (child_end >= 0)
		close(child_end);
	errno = err;
out_free:
	free(child);
	return NULL;
}

int toy_pclose(FILE *stream)
{
	struct popen_child **link, *child;
	pid_t pid, ret;
	int status;

	pthread_mutex_lock(&popen_lock);
	for (link = &popen_children; *link && (*link)->stream != stream; link = &(*link)->next)
		;
	child = *link;
	if (child)
		*link = child->next;
	pthread_mutex_unlock(&popen_lock);
	if (!child) {
		errno = ECHILD;
		return -1;
	}
	pid = child->pid;
	free(child);
	/* Closing first: the child may be waiting for EOF on its stdin. */
	fclose(stream);
	do
		ret = waitpid(pid, &status, 0);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -1 : status;
}
