/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtoyipc: the toy_ mirror of Linux's IPC system calls.
 *
 * Every toy_ function has the signature, flags, structs and errno values of
 * the libc call of the same name without the prefix, and goes through the
 * toyipc module (/dev/toyipc) - never through the real system call.  When
 * the module is not loaded, calls fail with errno ENOENT (opening
 * /dev/toyipc failed); when the module speaks another ABI version, with
 * EPROTO.
 */
#ifndef TOYIPC_H
#define TOYIPC_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * toyipc_abi_version - the ABI version of the loaded module.
 *
 * Returns TOYIPC_ABI_VERSION of the running module (>= 1), or -1 with errno
 * set: ENOENT when the module is not loaded.
 */
int toyipc_abi_version(void);

/*
 * toy_pipe, toy_pipe2 - pipe(2) and pipe2(2) over the toyipc module.
 *
 * Create a toy pipe; fd[0] is its read end, fd[1] its write end.  They are
 * real descriptors: read(2), write(2), poll(2), select(2), epoll(7),
 * ioctl(FIONREAD), fork and exec work on them as on a pipe's.  FLAGS is 0
 * or O_NONBLOCK and/or O_CLOEXEC (toy_pipe2 only).
 * Returns 0, or -1 with errno: EINVAL (other flags; O_DIRECT packet mode
 * is not implemented), EFAULT, EMFILE, ENFILE, ENOMEM, or ENOENT when the
 * module is not loaded.
 */
int toy_pipe(int fd[2]);
int toy_pipe2(int fd[2], int flags);

/*
 * toy_fcntl - fcntl(2) for toy pipes and FIFOs.
 *
 * F_GETPIPE_SZ and F_SETPIPE_SZ go to the toy pipe (fcntl(2) itself cannot
 * reach it): same return values, and errno EINVAL, EPERM (above the
 * module's pipe_max_size without CAP_SYS_RESOURCE), EBUSY (the buffered
 * data would not fit), ENOMEM, or EBADF when FD is not a toy pipe or FIFO.
 * Every other command is fcntl(2)'s, on any descriptor.
 */
int toy_fcntl(int fd, int cmd, ...);

#ifdef __cplusplus
}
#endif

#endif /* TOYIPC_H */
