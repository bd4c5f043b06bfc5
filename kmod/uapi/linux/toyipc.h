/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * toyipc user ABI.
 *
 * This header is the only place where toyipc's ABI is defined: the ioctl
 * numbers and structs spoken on /dev/toyipc, and (later) the generic
 * netlink attributes.  The module and userspace both include it.
 *
 * Rules for changing it: never renumber or reshape what exists; add new
 * ioctls at the end and bump TOYIPC_ABI_VERSION.
 */
#ifndef _UAPI_LINUX_TOYIPC_H
#define _UAPI_LINUX_TOYIPC_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define TOYIPC_ABI_VERSION	2

/* The control device; libtoyipc speaks ioctl to it. */
#define TOYIPC_DEV_NAME		"toyipc"

#define TOYIPC_IOC_MAGIC	'T'

/* TOYIPC_IOC_VERSION: the module's ABI version, so libtoyipc can refuse a mismatch. */
struct toyipc_version {
	__u32 abi;		/* TOYIPC_ABI_VERSION of the running module */
	__u32 reserved;		/* zero */
};

#define TOYIPC_IOC_VERSION	_IOR(TOYIPC_IOC_MAGIC, 0x00, struct toyipc_version)

/*
 * Conventions for every request struct below: fixed-size fields only
 * (__u32, __s64...), user pointers carried as __u64, naturally aligned with
 * explicit padding, and every reserved field zero on input (else EINVAL),
 * so the same struct works for 32- and 64-bit callers and can grow.
 *
 * ioctl numbers by mechanism:
 *	0x00-0x0f  the module (version)
 *	0x10-0x1f  pipes and FIFOs	(kmod/pipe.c)
 *	0x20-0x2f  message queues	(kmod/msg.c)
 *	0x30-0x3f  shared memory	(kmod/shm.c)
 *	0x40-0x4f  semaphores		(kmod/sem.c)
 *	0x50-0x5f  statistics
 */

/*
 * Pipes and FIFOs (kmod/pipe.c), 0x10-0x1f.
 *
 * TOYIPC_IOC_PIPE2 on /dev/toyipc is pipe2(2): it creates a pipe and
 * writes the two new descriptors (read end, write end) to the int[2] that
 * fds points to, as pipe2 writes to its fildes.  Returns 0 or -1 with
 * pipe2's errno (EINVAL, EFAULT, EMFILE, ENFILE, ENOMEM).
 */
struct toyipc_pipe2 {
	__u64 fds;		/* user pointer to int[2] */
	__u32 flags;		/* O_NONBLOCK | O_CLOEXEC; anything else: EINVAL */
	__u32 reserved;		/* zero */
};

#define TOYIPC_IOC_PIPE2	_IOW(TOYIPC_IOC_MAGIC, 0x10, struct toyipc_pipe2)

/*
 * On a toy pipe or FIFO descriptor, what fcntl(2) does on a real one
 * (fcntl cannot reach a module's file; libtoyipc's toy_fcntl() uses these):
 *	TOYIPC_IOC_PIPE_GETSZ	F_GETPIPE_SZ: the capacity in bytes to *arg
 *	TOYIPC_IOC_PIPE_SETSZ	F_SETPIPE_SZ: *arg in, the new capacity out;
 *				EINVAL, EPERM, EBUSY or ENOMEM like fcntl
 */
#define TOYIPC_IOC_PIPE_GETSZ	_IOR(TOYIPC_IOC_MAGIC, 0x11, __u32)
#define TOYIPC_IOC_PIPE_SETSZ	_IOWR(TOYIPC_IOC_MAGIC, 0x12, __u32)

/* TOYIPC_IOC_PIPE_STATS on a toy pipe or FIFO descriptor: its counters. */
struct toyipc_pipe_stats {
	__u64 bytes_in;		/* bytes written */
	__u64 bytes_out;	/* bytes read */
	__u64 writes;		/* write calls that copied something */
	__u64 reads;		/* read calls that copied something */
	__u64 write_waits;	/* times a writer slept for room */
	__u64 read_waits;	/* times a reader slept for data */
	__u32 high_water;	/* the most bytes ever buffered at once */
	__u32 size;		/* capacity now, bytes */
	__u32 fill;		/* bytes buffered now */
	__u32 readers;		/* open read ends */
	__u32 writers;		/* open write ends */
	__u32 id;		/* unique among the module's pipes and FIFOs */
	__s32 fifo_nr;		/* N of /dev/toyfifoN, -1 for an anonymous pipe */
	__u32 reserved;		/* zero */
};

#define TOYIPC_IOC_PIPE_STATS	_IOR(TOYIPC_IOC_MAGIC, 0x13, struct toyipc_pipe_stats)

#endif /* _UAPI_LINUX_TOYIPC_H */
