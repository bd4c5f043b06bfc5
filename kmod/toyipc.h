/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc: declarations shared by the files of the module.
 *
 * The user ABI lives in uapi/linux/toyipc.h; this header is internal.
 */
#ifndef _TOYIPC_H
#define _TOYIPC_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/toyipc.h>
#include <linux/types.h>

/*
 * Limits.  The System V ones are, like Linux's, the caller's IPC namespace
 * sysctls (/proc/sys/kernel/msgmax, msgmnb, msgmni, shmmax, shmall,
 * shmmni, sem): toyipc_limit() reads current->nsproxy->ipc_ns each time.
 * struct toyipc_limits holds the overrides: a module parameter given at
 * load, or netlink's SET_LIMITS through toyipc_limits_set(), sets a field
 * and marks it as set (limits.c's set_by[]); only a marked field is used
 * instead of the sysctl.  The pipe limits have no namespace sysctl: they
 * are always the field.  Writers store with WRITE_ONCE() under limits.c's
 * mutex; readers take no lock and read each limit once.  The defaults are
 * Linux's own defaults (ipc/msg.c, ipc/shm.c, ipc/sem.c, fs/pipe.c) so
 * that toy and real are compared under the same rules.
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

/* Which limit: the order of toyipc_limit_descs[] in limits.c. */
enum toyipc_limit_id {
	TOYIPC_LIM_NR_FIFOS,
	TOYIPC_LIM_PIPE_SIZE,
	TOYIPC_LIM_PIPE_MAX_SIZE,
	TOYIPC_LIM_MSGMAX,
	TOYIPC_LIM_MSGMNB,
	TOYIPC_LIM_MSGMNI,
	TOYIPC_LIM_SHMMAX,
	TOYIPC_LIM_SHMALL,
	TOYIPC_LIM_SHMMNI,
	TOYIPC_LIM_SEMMSL,
	TOYIPC_LIM_SEMMNS,
	TOYIPC_LIM_SEMOPM,
	TOYIPC_LIM_SEMMNI,
	TOYIPC_NR_LIMITS
};

unsigned long toyipc_limit(enum toyipc_limit_id id);
enum toyipc_limit_source toyipc_limit_source(enum toyipc_limit_id id);
struct ipc_namespace;
unsigned long toyipc_limit_in(enum toyipc_limit_id id, const struct toyipc_limits *l,
			      enum toyipc_limit_source set_by, const struct ipc_namespace *ns);
int toyipc_sem_limit(enum toyipc_limit_id id);
int toyipc_sem_limit_in(enum toyipc_limit_id id, const struct toyipc_limits *l,
			enum toyipc_limit_source set_by, const struct ipc_namespace *ns);
int toyipc_sysctl_next_id(enum toyipc_kind kind, unsigned int *ns_inum);

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
	bool		sysctl;		/* an IPC namespace sysctl gives it when not set */
};

extern const struct toyipc_limit_desc toyipc_limit_descs[];	/* ends with { } */
u64 toyipc_limit_get(const struct toyipc_limit_desc *d, const struct toyipc_limits *l);
int toyipc_limits_set(const u64 *values, const bool *given, const bool *unset,
		      const char **why);

/* msg.c: System V message queues, after ipc/msg.c. */
int toyipc_msg_init(void);
void toyipc_msg_exit(void);
long toyipc_msg_ioctl(unsigned int cmd, void __user *arg);

/*
 * One message in a toy queue: Linux's struct msg_msg.  The text is stored
 * as ipc/msgutil.c stores it, so that no message needs more than a page
 * of contiguous memory: the first TOY_MSG_DATALEN bytes after the header,
 * the rest in a chain of segments of up to TOY_MSGSEG_DATALEN bytes, each
 * its own allocation of at most a page.  Declared here for msg_test.c.
 */
struct toy_msgseg {
	struct toy_msgseg *next;	/* the next segment, or NULL */
	char text[];			/* up to TOY_MSGSEG_DATALEN bytes */
};

struct toy_msg {
	struct list_head list;	/* in its queue's messages, oldest first */
	long type;		/* mtype, >= 1 */
	size_t size;		/* bytes of text, in text and the segments */
	struct toy_msgseg *next; /* the text past TOY_MSG_DATALEN bytes, or NULL */
	char text[];		/* the first TOY_MSG_DATALEN bytes at most */
};

#define TOY_MSG_DATALEN		(PAGE_SIZE - sizeof(struct toy_msg))
#define TOY_MSGSEG_DATALEN	(PAGE_SIZE - sizeof(struct toy_msgseg))

struct toy_msg *toyipc_msg_alloc(size_t size);
void toyipc_msg_free(struct toy_msg *msg);

/* Which messages msgrcv() accepts: ipc/msg.c's SEARCH_* modes. */
enum toy_msg_search {
	TOY_MSG_ANY,		/* msgtyp 0: any message */
	TOY_MSG_EQUAL,		/* msgtyp > 0: that type */
	TOY_MSG_NOTEQUAL,	/* msgtyp > 0 with MSG_EXCEPT: any other type */
	TOY_MSG_LESSEQUAL,	/* msgtyp < 0: the lowest type <= |msgtyp| */
};

enum toy_msg_search toyipc_msg_mode(long *msgtyp, int msgflg);
struct toy_msg *toyipc_msg_find(struct list_head *messages, long msgtyp,
				enum toy_msg_search mode);
struct msginfo;
void toyipc_msg_fill_info(struct msginfo *info, int cmd, unsigned int in_use,
			  unsigned long msgs, unsigned long bytes);

/*
 * Counters of one message queue, for netlink (toyipcctl ipcs --json).  The
 * counters of all queues together are stats.c's.
 */
enum toy_msg_counter {
	TOY_MSG_SENDS,		/* messages sent */
	TOY_MSG_RECEIVES,	/* messages received */
	TOY_MSG_BYTES_SENT,	/* bytes of text sent */
	TOY_MSG_BYTES_RECEIVED,	/* bytes of text received (after MSG_NOERROR) */
	TOY_MSG_SEND_BLOCKS,	/* times a sender went to sleep */
	TOY_MSG_RECV_BLOCKS,	/* times a receiver went to sleep */
	TOY_MSG_NR_COUNTERS
};

/* pipe.c: anonymous pipes (TOYIPC_IOC_PIPE2) and the FIFOs /dev/toyfifoN. */
int toyipc_pipe_init(void);
void toyipc_pipe_exit(void);
long toyipc_pipe_ioctl(unsigned int cmd, void __user *arg);

/* pipe.c's ring arithmetic, pure functions (KUnit: pipe_test.c). */
unsigned int toyipc_ring_fill(unsigned int head, unsigned int tail);
unsigned int toyipc_ring_room(unsigned int head, unsigned int tail, unsigned int size);
unsigned int toyipc_ring_span(unsigned int pos, unsigned int size, unsigned int n);
bool toyipc_pipe_can_write(unsigned int room, size_t left);
unsigned int toyipc_pipe_round_size(unsigned int size);

/* Shared memory (shm.c): init/exit and the ioctl entry. */
int toyipc_shm_init(void);
void toyipc_shm_exit(void);
long toyipc_shm_ioctl(unsigned int cmd, void __user *arg);
struct shminfo64;
/* IPC_INFO's struct, not static so that shm_test.c can test it. */
void toyipc_shm_fill_ipc_info(struct shminfo64 *info);

/* Semaphores (sem.c): init/exit and the ioctl entry. */
int toyipc_sem_init(void);
void toyipc_sem_exit(void);
long toyipc_sem_ioctl(unsigned int cmd, void __user *arg);
struct seminfo;
/* IPC_INFO's and SEM_INFO's struct, not static so that sem_test.c can test it. */
void toyipc_sem_fill_info(struct seminfo *info, int cmd, unsigned int in_use,
			  unsigned int used_sems);

/*
 * The pids an object records (msg_lspid, shm_cpid, a semaphore's sempid,
 * ...) are struct pid references, as ipc/ keeps them, and become numbers
 * only when they are read: pid_vnr(), in the reader's pid namespace, 0 for
 * a task outside it.  A number stored at the time would be the writer's
 * view, wrong for a reader in another pid namespace.
 *
 * toyipc_update_pid - make *@pos @pid, like ipc_update_pid(): the old
 * reference dropped, a new one taken, nothing done if it is the same.
 * Called under the object's lock (put_pid() does not sleep); the object's
 * ->free drops what is left.
 */
static inline void toyipc_update_pid(struct pid **pos, struct pid *pid)
{
	if (*pos != pid) {
		put_pid(*pos);
		*pos = get_pid(pid);
	}
}

/* One semaphore of a toy set: struct sem. */
struct toyipc_sem {
	int		semval;		/* 0..SEMVMX */
	struct pid	*sempid;	/* last semop, SETVAL or SETALL: GETPID; or NULL */
};

struct sembuf;
/* The heart of semop() and of exit's undo, not static so that sem_test.c can test them. */
int toyipc_sem_apply(struct toyipc_sem *sems, int nsems, const struct sembuf *sops,
		     unsigned int nsops, short *semadj, struct pid *pid,
		     unsigned int *blocking);
int toyipc_sem_undo_value(int semval, int semadj);

/*
 * 32-bit callers (compat32.c): every user buffer whose layout depends on
 * the size of a long or a pointer is copied through these, which give a
 * 32-bit caller its own layout (ipc/compat.c's).
 */
int toyipc_ipc_cmd(int cmd);
int toyipc_put_ds(enum toyipc_kind kind, void __user *buf, const void *ds, size_t size);
int toyipc_get_ds(enum toyipc_kind kind, void *ds, size_t size, const void __user *buf);
struct shm_info;
int toyipc_put_shminfo(void __user *buf, const struct shminfo64 *info);
int toyipc_put_shm_info(void __user *buf, const struct shm_info *info);
int toyipc_get_mtype(const void __user *msgp, long *mtype, const void __user **text);
int toyipc_put_mtype(void __user *msgp, long mtype, void __user **text);
struct timespec64;
int toyipc_get_timespec(struct timespec64 *ts, const void __user *uts);
struct mq_attr;
int toyipc_get_mq_attr(struct mq_attr *attr, const void __user *buf);
int toyipc_put_mq_attr(void __user *buf, const struct mq_attr *attr);
struct sigevent;
int toyipc_get_sigevent(struct sigevent *sev, const void __user *buf);

#ifdef CONFIG_COMPAT
#include <linux/compat.h>

/* A 32-bit caller's IPC_STAT struct, filled by a pure function (KUnit: compat32_test.c). */
union toyipc_compat_ds {
	struct compat_msqid64_ds msg;
	struct compat_shmid64_ds shm;
	struct compat_semid64_ds sem;
};

size_t toyipc_compat_fill_ds(enum toyipc_kind kind, union toyipc_compat_ds *v, const void *ds);
#endif

/* POSIX message queues (mqueue.c) and shared memory (posix_shm.c). */
int toyipc_mq_init(void);
void toyipc_mq_exit(void);
long toyipc_mq_ioctl(unsigned int cmd, void __user *arg);
int toyipc_posix_shm_init(void);
void toyipc_posix_shm_exit(void);
long toyipc_posix_shm_ioctl(unsigned int cmd, void __user *arg);

#endif /* _TOYIPC_H */
