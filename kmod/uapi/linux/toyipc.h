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
 * Shared memory (kmod/shm.c), 0x30-0x3f.  libtoyipc's toy_shm*() fill these
 * from their arguments; the buffers are libc's own structs, whose layout is
 * the kernel's struct shmid64_ds on the 64-bit ABIs.
 */
struct toyipc_shmget {
	__s32 key;		/* IPC_PRIVATE or a key */
	__s32 shmflg;		/* IPC_CREAT, IPC_EXCL, rwxrwxrwx */
	__u64 size;		/* bytes */
};

struct toyipc_shmat {
	__s32 shmid;
	__s32 shmflg;		/* SHM_RDONLY, SHM_RND, SHM_REMAP */
	__u64 addr;		/* in: wanted address or 0; out: where it is mapped */
};

struct toyipc_shmdt {
	__u64 addr;		/* the address toy_shmat() returned */
};

struct toyipc_shmctl {
	__s32 shmid;
	__s32 cmd;		/* IPC_STAT, IPC_SET, IPC_RMID */
	__u64 buf;		/* struct shmid_ds __user *, or 0 for IPC_RMID */
};

#define TOYIPC_IOC_SHMGET	_IOW(TOYIPC_IOC_MAGIC, 0x30, struct toyipc_shmget)
#define TOYIPC_IOC_SHMAT	_IOWR(TOYIPC_IOC_MAGIC, 0x31, struct toyipc_shmat)
#define TOYIPC_IOC_SHMDT	_IOW(TOYIPC_IOC_MAGIC, 0x32, struct toyipc_shmdt)
#define TOYIPC_IOC_SHMCTL	_IOW(TOYIPC_IOC_MAGIC, 0x33, struct toyipc_shmctl)

/*
 * Semaphores (kmod/sem.c), 0x40-0x4f.  The buffers are libc's struct
 * sembuf array, struct semid_ds (the kernel's struct semid64_ds on the
 * 64-bit ABIs) and unsigned short arrays, as semop() and semctl() take.
 */
struct toyipc_semget {
	__s32 key;		/* IPC_PRIVATE or a key */
	__s32 nsems;		/* semaphores in the set */
	__s32 semflg;		/* IPC_CREAT, IPC_EXCL, rwxrwxrwx */
	__u32 reserved;		/* zero */
};

struct toyipc_semop {
	__s32 semid;
	__u32 nsops;		/* entries in sops */
	__u64 sops;		/* struct sembuf __user * */
};

struct toyipc_semctl {
	__s32 semid;
	__s32 semnum;
	__s32 cmd;		/* SETVAL, GETVAL, SETALL, GETALL, GETNCNT, GETZCNT, GETPID, IPC_* */
	__u32 reserved;		/* zero */
	__u64 arg;		/* union semun: the value for SETVAL, else a user pointer */
};

#define TOYIPC_IOC_SEMGET	_IOW(TOYIPC_IOC_MAGIC, 0x40, struct toyipc_semget)
#define TOYIPC_IOC_SEMOP	_IOW(TOYIPC_IOC_MAGIC, 0x41, struct toyipc_semop)
#define TOYIPC_IOC_SEMCTL	_IOW(TOYIPC_IOC_MAGIC, 0x42, struct toyipc_semctl)

#endif /* _UAPI_LINUX_TOYIPC_H */
