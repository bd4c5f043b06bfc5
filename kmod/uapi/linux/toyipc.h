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

#define TOYIPC_ABI_VERSION	1

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
 * The mechanisms, as statistics and netlink number them: the high nibble
 * of their ioctl numbers above.
 */
enum toyipc_kind {
	TOYIPC_KIND_PIPE = 1,	/* pipes and named FIFOs */
	TOYIPC_KIND_MSG,	/* message queues */
	TOYIPC_KIND_SHM,	/* shared memory segments */
	TOYIPC_KIND_SEM,	/* semaphore sets */
	TOYIPC_NR_KINDS
};

/* The global counters each mechanism keeps (/proc/toyipc/stats). */
enum toyipc_counter {
	TOYIPC_STAT_OPS,	/* calls: ioctls on /dev/toyipc, reads and writes of pipes */
	TOYIPC_STAT_BYTES,	/* payload bytes moved (sent plus received) */
	TOYIPC_STAT_BLOCKS,	/* times a caller went to sleep waiting */
	TOYIPC_STAT_WAKEUPS,	/* times a sleeper was woken to try again */
	TOYIPC_STAT_ERRORS,	/* calls that failed, by errno in the stats file */
	TOYIPC_NR_COUNTERS
};

#endif /* _UAPI_LINUX_TOYIPC_H */
