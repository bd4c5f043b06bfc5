/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc: declarations shared by the files of the module.
 *
 * The user ABI lives in uapi/linux/toyipc.h; this header is internal.
 */
#ifndef _TOYIPC_H
#define _TOYIPC_H

#include <linux/limits.h>
#include <linux/types.h>

/*
 * Limits, set once by module parameters at load time and read-only after
 * that (the parameters are 0444), so readers need no lock.  The defaults are
 * Linux's own defaults (ipc/msg.c, ipc/shm.c, ipc/sem.c, fs/pipe.c) so that
 * toy and real are compared under the same rules.
 */
struct toyipc_limits {
	unsigned int nr_fifos;		/* named FIFOs /dev/toyfifo0 .. N-1 */
	unsigned int pipe_size;		/* capacity of a new pipe, bytes (F_GETPIPE_SZ) */
	unsigned int pipe_max_size;	/* largest capacity an unprivileged resize gets */
	unsigned int msgmax;		/* largest message body, bytes (MSGMAX) */
	unsigned int msgmnb;		/* default msg_qbytes of a queue (MSGMNB) */
	unsigned int msgmni;		/* most message queues (MSGMNI) */
	unsigned long shmmax;		/* largest segment, bytes (SHMMAX) */
	unsigned long shmall;		/* all segments together, pages (SHMALL) */
	unsigned int shmmni;		/* most segments (SHMMNI) */
	unsigned int semmsl;		/* most semaphores in one set (SEMMSL) */
	unsigned int semmns;		/* most semaphores in all sets (SEMMNS) */
	unsigned int semopm;		/* most operations in one semop (SEMOPM) */
	unsigned int semmni;		/* most semaphore sets (SEMMNI) */
};

/* Hard ceilings: what a parameter may never exceed, whatever the admin asks. */
#define TOYIPC_MAX_FIFOS	64
#define TOYIPC_PIPE_SIZE_CEIL	(64U << 20)	/* 64 MiB */
#define TOYIPC_IPCMNI		32768		/* ids per kind, like IPCMNI */

/* Linux's own defaults: the sysctls of the same names on a fresh boot. */
#define TOYIPC_LIMITS_DEFAULT {						\
	.nr_fifos	= CONFIG_TOYIPC_NR_FIFOS,			\
	.pipe_size	= CONFIG_TOYIPC_PIPE_SIZE,			\
	.pipe_max_size	= 1048576,	/* fs.pipe-max-size */		\
	.msgmax		= 8192,						\
	.msgmnb		= 16384,					\
	.msgmni		= 32000,					\
	.shmmax		= ULONG_MAX - (1UL << 24),			\
	.shmall		= ULONG_MAX - (1UL << 24),			\
	.shmmni		= 4096,						\
	.semmsl		= 32000,					\
	.semmns		= 1024000000,					\
	.semopm		= 500,						\
	.semmni		= 32000,					\
}

extern struct toyipc_limits toyipc_limits;

int toyipc_limits_check(const struct toyipc_limits *l);

/* Shared memory (shm.c): init/exit and the ioctl entries. */
void toyipc_shm_init(void);
void toyipc_shm_exit(void);
long toyipc_shmget_ioctl(void __user *arg);
long toyipc_shmat_ioctl(void __user *arg);
long toyipc_shmdt_ioctl(void __user *arg);
long toyipc_shmctl_ioctl(void __user *arg);

/* Semaphores (sem.c): init/exit and the ioctl entries. */
void toyipc_sem_init(void);
void toyipc_sem_exit(void);
long toyipc_semget_ioctl(void __user *arg);
long toyipc_semop_ioctl(void __user *arg);
long toyipc_semctl_ioctl(void __user *arg);

/* One semaphore of a toy set: struct sem. */
struct toyipc_sem {
	int	semval;		/* 0..SEMVMX */
	pid_t	sempid;		/* last semop, SETVAL or SETALL: GETPID */
};

struct sembuf;
/* The heart of semop(), not static so that sem_test.c can test it. */
int toyipc_sem_apply(struct toyipc_sem *sems, const struct sembuf *sops,
		     unsigned int nsops, pid_t pid, unsigned int *blocking);

#endif /* _TOYIPC_H */
