// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc pipes: toy_pipe(), toy_pipe2() and toy_fcntl().
 *
 * toy_pipe2() is one ioctl on /dev/toyipc; the module writes the two new
 * descriptors straight into the caller's array, as pipe2(2) does, so a bad
 * pointer fails with EFAULT in the kernel rather than crashing here.
 *
 * fcntl(2) cannot reach a module's file for F_GETPIPE_SZ / F_SETPIPE_SZ
 * (the kernel answers EBADF for anything that is not its own pipe), so
 * toy_fcntl() sends those two as ioctls to the pipe's descriptor and hands
 * every other command to fcntl(2), which only touches the descriptor's
 * state (O_NONBLOCK, O_ASYNC, F_SETOWN, FD_CLOEXEC...).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

int toy_pipe(int fd[2])
{
	return toy_pipe2(fd, 0);
}

int toy_pipe2(int fd[2], int flags)
{
	struct toyipc_pipe2 req = {
		.fds = (uintptr_t)fd,
		.flags = (__u32)flags,
	};

	return toy_ioctl(TOYIPC_IOC_PIPE2, &req) < 0 ? -1 : 0;
}

/*
 * F_GETPIPE_SZ / F_SETPIPE_SZ on DESC.  A descriptor that is not a toy
 * pipe answers ENOTTY to toyipc's ioctls; fcntl(2) says EBADF for a
 * descriptor that is not a pipe, so that is what the caller gets.
 */
static int pipe_size_ioctl(int fd, unsigned long cmd, __u32 *size)
{
	if (ioctl(fd, cmd, size) < 0) {
		if (errno == ENOTTY)
			errno = EBADF;
		return -1;
	}
	return (int)*size;
}

int toy_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;
	__u32 size;

	/* Like glibc's fcntl(): the optional argument is read as a pointer. */
	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);

	switch (cmd) {
	case F_GETPIPE_SZ:
		return pipe_size_ioctl(fd, TOYIPC_IOC_PIPE_GETSZ, &size);
	case F_SETPIPE_SZ:
		/* fcntl takes an int; the kernel reads it as unsigned. */
		size = (__u32)(uintptr_t)arg;
		return pipe_size_ioctl(fd, TOYIPC_IOC_PIPE_SETSZ, &size);
	default:
		return fcntl(fd, cmd, arg);
	}
}
