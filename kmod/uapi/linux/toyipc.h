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
 * Message queues (kmod/msg.c), 0x20-0x2f: one ioctl per system call, with
 * the call's arguments in a struct.  The ioctl returns what the call
 * returns (the id, 0, or the bytes received) or -1 with the call's errno.
 * msgp points to the caller's struct msgbuf (long mtype, then the text) and
 * buf to its struct msqid_ds, which on x86_64 is the kernel's msqid64_ds.
 */
struct toyipc_msgget {
	__s32 key;		/* key_t: IPC_PRIVATE or a key */
	__s32 msgflg;		/* IPC_CREAT, IPC_EXCL, permission bits */
};

struct toyipc_msgsnd {
	__s32 msqid;
	__s32 msgflg;		/* IPC_NOWAIT */
	__u64 msgp;		/* const struct msgbuf *: mtype, then the text */
	__u64 msgsz;		/* bytes of text */
};

struct toyipc_msgrcv {
	__s32 msqid;
	__s32 msgflg;		/* IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT */
	__u64 msgp;		/* struct msgbuf *: receives mtype and the text */
	__u64 msgsz;		/* room for text in msgp */
	__s64 msgtyp;		/* 0, > 0 or < 0: which message, see msgrcv(2) */
};

struct toyipc_msgctl {
	__s32 msqid;
	__s32 cmd;		/* IPC_STAT, IPC_SET, IPC_RMID */
	__u64 buf;		/* struct msqid_ds * */
};

#define TOYIPC_IOC_MSGGET	_IOW(TOYIPC_IOC_MAGIC, 0x20, struct toyipc_msgget)
#define TOYIPC_IOC_MSGSND	_IOW(TOYIPC_IOC_MAGIC, 0x21, struct toyipc_msgsnd)
#define TOYIPC_IOC_MSGRCV	_IOW(TOYIPC_IOC_MAGIC, 0x22, struct toyipc_msgrcv)
#define TOYIPC_IOC_MSGCTL	_IOW(TOYIPC_IOC_MAGIC, 0x23, struct toyipc_msgctl)

#endif /* _UAPI_LINUX_TOYIPC_H */
