/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the files of libtoyipc share; not installed.
 *
 * Each mechanism's toy_ calls live in their own file (toy_pipe.c,
 * toy_msg.c, ...) and reach the module through toy_ioctl().
 */
#ifndef TOYIPC_INTERNAL_H
#define TOYIPC_INTERNAL_H

/*
 * toy_ctl - the descriptor of /dev/toyipc, opened on first use.
 *
 * Returns it, or -1 with errno set: ENOENT when the module is not loaded,
 * EPROTO when it speaks another ABI version.
 */
int toy_ctl(void);

/*
 * toy_ioctl - ioctl(CMD, ARG) on /dev/toyipc.
 *
 * Returns what the module returned (>= 0), or -1 with errno set by the
 * module or by toy_ctl().
 */
int toy_ioctl(unsigned long cmd, void *arg);

/*
 * toy_semctl_has_arg - whether semctl command CMD takes the fourth
 * argument (a union semun), as glibc's semctl() decides; for callers that
 * pass it on themselves (semctl() of libtoyipc-preload.so).
 */
int toy_semctl_has_arg(int cmd);

struct timespec;
/*
 * toy_timeout - the timeout pointer to hand the module for TS.  i386 glibc
 * reads a caller's struct timespec itself (to widen it to 64 bits) before
 * the system call, so a bad pointer is a SIGSEGV there, not EFAULT; so it
 * is here on i386, where *TS is first read into COPY.
 */
unsigned long long toy_timeout(const struct timespec *ts, struct timespec *copy);

#endif /* TOYIPC_INTERNAL_H */
