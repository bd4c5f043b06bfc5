/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc: declarations shared by the files of the module.
 *
 * The user ABI lives in uapi/linux/toyipc.h; this header is internal.
 */
#ifndef _TOYIPC_H
#define _TOYIPC_H

#include <linux/limits.h>
#include <linux/proc_fs.h>
#include <linux/types.h>

/*
 * Limits, set by module parameters at load time and changed at run time
 * only by netlink's SET_LIMITS through toyipc_limits_set(), which stores
 * each field with WRITE_ONCE().  Readers take no lock: an operation reads
 * each limit it needs once, with READ_ONCE().  The defaults are
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
/* Ids: index in the low 15 bits, sequence above, like Linux's IPCMNI. */
#define TOYIPC_IPCMNI_SHIFT	15
#define TOYIPC_IPCMNI		(1 << TOYIPC_IPCMNI_SHIFT)	/* objects per kind */

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

/* /proc/toyipc/, created before any mechanism starts (main.c). */
extern struct proc_dir_entry *toyipc_proc_dir;

int toyipc_limits_check(const struct toyipc_limits *l);
const char *toyipc_limits_invalid(const struct toyipc_limits *l);

/* One limit, for netlink and toyipcctl: see toyipc_limit_descs in limits.c. */
struct toyipc_limit_desc {
	const char	*name;		/* the module parameter */
	int		attr;		/* TOYIPC_LIMIT_* */
	size_t		offset;		/* in struct toyipc_limits */
	bool		is_ulong;	/* unsigned long, else unsigned int */
	bool		fixed;		/* only a module parameter can set it */
};

extern const struct toyipc_limit_desc toyipc_limit_descs[];	/* ends with { } */
u64 toyipc_limit_get(const struct toyipc_limit_desc *d, const struct toyipc_limits *l);
int toyipc_limits_set(const u64 *values, const bool *given, const char **why);
#define TOYIPC_NR_LIMITS	13

#endif /* _TOYIPC_H */
