/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * toyipc user ABI.
 *
 * This header is the only place where toyipc's ABI is defined: the ioctl
 * numbers and structs spoken on /dev/toyipc, and the generic
 * netlink attributes.  The module and userspace both include it.
 *
 * Rules for changing it: never renumber or reshape what exists; add new
 * ioctls at the end and bump TOYIPC_ABI_VERSION.
 */
#ifndef _UAPI_LINUX_TOYIPC_H
#define _UAPI_LINUX_TOYIPC_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define TOYIPC_ABI_VERSION	4

/* The control device; libtoyipc speaks ioctl to it. */
#define TOYIPC_DEV_NAME		"toyipc"

/*
 * 0xB9 is free in Documentation/userspace-api/ioctl/ioctl-number.rst (6.12).
 * ABI versions 1 and 2 used 'T', the magic of the termios ioctls (TCGETS is
 * _IO('T', 1)), so a toy fd's ioctl numbers could be mistaken for a tty's.
 * ABI version 4 gives 32-bit (i386) callers their own layouts of the
 * structs the requests point to (kmod/compat32.c); version 3 refused them
 * for msg and wrote 64-bit layouts for shm and sem, so a 32-bit libtoyipc
 * (libtoyipc32.a) must not speak to it.  The request structs are the same.
 */
#define TOYIPC_IOC_MAGIC	0xB9

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
 * so the same struct works for 32- and 64-bit callers and can grow.  What
 * they point to is the caller's libc struct, in the caller's layout: for a
 * 32-bit caller the kernel's i386 one (struct compat_msqid64_ds, a 4-byte
 * mtype, struct old_timespec32, ...), as the real 32-bit system calls take.
 *
 * ioctl numbers by mechanism:
 *	0x00-0x0f  the module (version)
 *	0x10-0x1f  pipes and FIFOs	(kmod/pipe.c)
 *	0x20-0x2f  message queues	(kmod/msg.c)
 *	0x30-0x3f  shared memory	(kmod/shm.c)
 *	0x40-0x4f  semaphores		(kmod/sem.c)
 *	0x50-0x5f  POSIX message queues	(kmod/mqueue.c)
 *	0x60-0x6f  POSIX shared memory	(kmod/posix_shm.c)
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
	TOYIPC_KIND_MQ,		/* POSIX message queues */
	TOYIPC_KIND_POSIX_SHM,	/* POSIX shared memory */
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

/*
 * Generic netlink family "toyipc" (toyipcctl speaks it through libnl-genl-3).
 *
 * Requests and replies carry attributes from enum toyipc_attr; nested
 * attributes use the enums that follow it.  Every input is checked against
 * a policy: an attribute of the wrong type or size, or one a command does
 * not take, fails the request with EINVAL and an extended-ack message.
 * Commands that change state (RESET_STATS, SET_LIMITS) need CAP_NET_ADMIN;
 * RMID follows ipcrm's rules (the owner, the creator or CAP_SYS_ADMIN).
 */
#define TOYIPC_GENL_NAME		"toyipc"
#define TOYIPC_GENL_VERSION		1
#define TOYIPC_GENL_MCGRP_EVENTS	"events"

enum toyipc_cmd {
	TOYIPC_CMD_UNSPEC,
	TOYIPC_CMD_GET_STATS,	/* reply: TOYIPC_A_STATS */
	TOYIPC_CMD_RESET_STATS,	/* admin; no attributes */
	TOYIPC_CMD_GET_LIMITS,	/* reply: TOYIPC_A_LIMITS, TOYIPC_A_LIMIT_SOURCES */
	TOYIPC_CMD_SET_LIMITS,	/* admin; TOYIPC_A_LIMITS to set, TOYIPC_A_LIMITS_UNSET to clear */
	TOYIPC_CMD_GET_OBJECTS,	/* dump; optional TOYIPC_A_KIND; one TOYIPC_A_OBJ per message */
	TOYIPC_CMD_RMID,	/* TOYIPC_A_KIND and TOYIPC_A_ID or TOYIPC_A_KEY */
	TOYIPC_CMD_EVENT,	/* multicast to "events": TOYIPC_A_EVENT ... */
	__TOYIPC_CMD_MAX
};
#define TOYIPC_CMD_MAX (__TOYIPC_CMD_MAX - 1)

enum toyipc_attr {
	TOYIPC_A_UNSPEC,
	TOYIPC_A_KIND,		/* u32: enum toyipc_kind */
	TOYIPC_A_ID,		/* s32: an object's id */
	TOYIPC_A_KEY,		/* s32: an object's key */
	TOYIPC_A_STATS,		/* nest: one TOYIPC_A_STATS_KIND per mechanism */
	TOYIPC_A_LIMITS,	/* nest: enum toyipc_limit_attr */
	TOYIPC_A_OBJ,		/* nest: enum toyipc_obj_attr */
	TOYIPC_A_EVENT,		/* u32: enum toyipc_event */
	TOYIPC_A_PID,		/* u32: unused; events carry no pid (see toyipcctl.md) */
	TOYIPC_A_PAD,
	TOYIPC_A_LIMIT_SOURCES,	/* nest: per enum toyipc_limit_attr a u32 enum toyipc_limit_source */
	TOYIPC_A_LIMITS_UNSET,	/* nest: per enum toyipc_limit_attr a flag: forget the override */
	__TOYIPC_A_MAX
};
#define TOYIPC_A_MAX (__TOYIPC_A_MAX - 1)

/* Inside TOYIPC_A_STATS: one nest per mechanism. */
enum toyipc_stats_attr {
	TOYIPC_STATS_A_UNSPEC,
	TOYIPC_STATS_A_KIND,	/* nest: the counters below of one mechanism */
	TOYIPC_STATS_A_MECH,	/* u32: enum toyipc_kind */
	TOYIPC_STATS_A_OPS,	/* u64: the counters of enum toyipc_counter */
	TOYIPC_STATS_A_BYTES,	/* u64 */
	TOYIPC_STATS_A_BLOCKS,	/* u64 */
	TOYIPC_STATS_A_WAKEUPS,	/* u64 */
	TOYIPC_STATS_A_ERRORS,	/* u64 */
	TOYIPC_STATS_A_ERRNO,	/* nest, repeated: _ERRNO_NR and _ERRNO_COUNT */
	TOYIPC_STATS_A_ERRNO_NR,	/* u32: an errno value (0: any above 133) */
	TOYIPC_STATS_A_ERRNO_COUNT,	/* u64: failures with it */
	TOYIPC_STATS_A_PAD,
	__TOYIPC_STATS_A_MAX
};
#define TOYIPC_STATS_A_MAX (__TOYIPC_STATS_A_MAX - 1)

/* Inside TOYIPC_A_LIMITS: each a u32 (the shm sizes u64), as the module parameters. */
enum toyipc_limit_attr {
	TOYIPC_LIMIT_UNSPEC,
	TOYIPC_LIMIT_NR_FIFOS,		/* u32, read-only: the FIFOs exist from load */
	TOYIPC_LIMIT_PIPE_SIZE,		/* u32: capacity of new pipes */
	TOYIPC_LIMIT_PIPE_MAX_SIZE,	/* u32 */
	TOYIPC_LIMIT_MSGMAX,		/* u32 */
	TOYIPC_LIMIT_MSGMNB,		/* u32 */
	TOYIPC_LIMIT_MSGMNI,		/* u32 */
	TOYIPC_LIMIT_SHMMAX,		/* u64 */
	TOYIPC_LIMIT_SHMALL,		/* u64 */
	TOYIPC_LIMIT_SHMMNI,		/* u32 */
	TOYIPC_LIMIT_SEMMSL,		/* u32 */
	TOYIPC_LIMIT_SEMMNS,		/* u32 */
	TOYIPC_LIMIT_SEMOPM,		/* u32 */
	TOYIPC_LIMIT_SEMMNI,		/* u32 */
	TOYIPC_LIMIT_PAD,
	__TOYIPC_LIMIT_MAX
};
#define TOYIPC_LIMIT_MAX (__TOYIPC_LIMIT_MAX - 1)

/*
 * Where the value in force of a limit comes from (TOYIPC_A_LIMIT_SOURCES).
 * The System V limits follow the caller's IPC namespace sysctls
 * (/proc/sys/kernel/msgmax, ...) unless a module parameter or SET_LIMITS
 * set them; the pipe limits have no namespace sysctl and otherwise keep
 * the module's default.  TOYIPC_A_LIMITS_UNSET returns a limit to its
 * sysctl or default.
 */
enum toyipc_limit_source {
	TOYIPC_LIMIT_SRC_DEFAULT,	/* the module's default (no sysctl for this limit) */
	TOYIPC_LIMIT_SRC_SYSCTL,	/* the caller's IPC namespace sysctl */
	TOYIPC_LIMIT_SRC_PARAM,		/* a module parameter given at load */
	TOYIPC_LIMIT_SRC_NETLINK,	/* netlink SET_LIMITS (toyipcctl set) */
};

/*
 * Inside TOYIPC_A_OBJ: what ipcs shows and more.  Every object has KIND
 * and ID; the SysV kinds have the perm fields; each kind adds its own.
 * Times are seconds since the epoch (0: never); pids as seen by the caller.
 */
enum toyipc_obj_attr {
	TOYIPC_OBJ_UNSPEC,
	TOYIPC_OBJ_KIND,	/* u32: enum toyipc_kind */
	TOYIPC_OBJ_ID,		/* s32: SysV id; pipes: a number in /proc/toyipc/pipe */
	TOYIPC_OBJ_KEY,		/* s32 */
	TOYIPC_OBJ_UID,		/* u32 */
	TOYIPC_OBJ_GID,		/* u32 */
	TOYIPC_OBJ_CUID,	/* u32 */
	TOYIPC_OBJ_CGID,	/* u32 */
	TOYIPC_OBJ_MODE,	/* u32: permission bits, plus SHM_DEST for shm */
	TOYIPC_OBJ_CTIME,	/* s64: last change (create, IPC_SET) */
	/* message queues */
	TOYIPC_OBJ_CBYTES,	/* u64: bytes queued */
	TOYIPC_OBJ_QNUM,	/* u64: messages queued */
	TOYIPC_OBJ_QBYTES,	/* u64: most bytes allowed */
	TOYIPC_OBJ_LSPID,	/* u32: last sender */
	TOYIPC_OBJ_LRPID,	/* u32: last receiver */
	TOYIPC_OBJ_STIME,	/* s64: last send */
	TOYIPC_OBJ_RTIME,	/* s64: last receive */
	/* shared memory */
	TOYIPC_OBJ_SEGSZ,	/* u64: size asked for */
	TOYIPC_OBJ_NATTCH,	/* u64: mappings */
	TOYIPC_OBJ_CPID,	/* u32: creator */
	TOYIPC_OBJ_LPID,	/* u32: last attach or detach */
	TOYIPC_OBJ_ATIME,	/* s64: last attach */
	TOYIPC_OBJ_DTIME,	/* s64: last detach */
	TOYIPC_OBJ_RSS,		/* u64: bytes of pages allocated */
	/* semaphores */
	TOYIPC_OBJ_NSEMS,	/* u32 */
	TOYIPC_OBJ_OTIME,	/* s64: last semop */
	/* pipes and FIFOs */
	TOYIPC_OBJ_FIFO,	/* u32: FIFO number N of /dev/toyfifoN; absent for pipes */
	TOYIPC_OBJ_CAPACITY,	/* u32: bytes */
	TOYIPC_OBJ_QUEUED,	/* u32: bytes in the buffer */
	TOYIPC_OBJ_READERS,	/* u32: open read ends */
	TOYIPC_OBJ_WRITERS,	/* u32: open write ends */
	TOYIPC_OBJ_HIGH_WATER,	/* u32: most bytes ever queued */
	/* per-object counters, each kind those that apply */
	TOYIPC_OBJ_BYTES_IN,	/* u64: bytes written / sent */
	TOYIPC_OBJ_BYTES_OUT,	/* u64: bytes read / received */
	TOYIPC_OBJ_SENDS,	/* u64: writes, msgsnd calls, semop calls */
	TOYIPC_OBJ_RECEIVES,	/* u64: reads, msgrcv calls */
	TOYIPC_OBJ_SEND_BLOCKS,	/* u64: times a writer / sender / semop slept */
	TOYIPC_OBJ_RECV_BLOCKS,	/* u64: times a reader / receiver slept */
	TOYIPC_OBJ_FAULTS,	/* u64: shm pages faulted in */
	TOYIPC_OBJ_PAD,
	/* POSIX message queues (ID: the queue's inode number; QNUM, CBYTES: mq_curmsgs, QSIZE) */
	TOYIPC_OBJ_MAXMSG,	/* u64: mq_maxmsg */
	TOYIPC_OBJ_MSGSIZE,	/* u64: mq_msgsize */
	TOYIPC_OBJ_NOTIFY,	/* u32: NOTIFY of the queue file (sigev_notify, 0 if none) */
	TOYIPC_OBJ_SIGNO,	/* u32: SIGNO */
	TOYIPC_OBJ_NOTIFY_PID,	/* u32: NOTIFY_PID */
	/* POSIX shared memory: ID (inode number), SEGSZ (file size), RSS, CPID */
	__TOYIPC_OBJ_MAX
};
#define TOYIPC_OBJ_MAX (__TOYIPC_OBJ_MAX - 1)

/* TOYIPC_A_EVENT of a TOYIPC_CMD_EVENT message; with KIND and ID. */
enum toyipc_event {
	TOYIPC_EVENT_UNSPEC,
	TOYIPC_EVENT_CREATED,	/* an object was created */
	TOYIPC_EVENT_REMOVED,	/* an object was removed */
	TOYIPC_EVENT_FULL,	/* a buffer or queue became full (rate-limited) */
	TOYIPC_EVENT_EMPTY,	/* it became empty again (rate-limited) */
	TOYIPC_EVENT_BLOCKED,	/* a caller went to sleep on it (rate-limited) */
	TOYIPC_EVENT_WOKEN,	/* a sleeper was woken (rate-limited) */
	__TOYIPC_EVENT_MAX
};
#define TOYIPC_EVENT_MAX (__TOYIPC_EVENT_MAX - 1)

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
	__s32 msgflg;		/* IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT, MSG_COPY */
	__u64 msgp;		/* struct msgbuf *: receives mtype and the text */
	__u64 msgsz;		/* room for text in msgp */
	__s64 msgtyp;		/* 0, > 0 or < 0: which message, see msgrcv(2) */
};

struct toyipc_msgctl {
	__s32 msqid;
	__s32 cmd;		/* IPC_*, MSG_INFO, MSG_STAT, MSG_STAT_ANY */
	__u64 buf;		/* struct msqid_ds * */
};

#define TOYIPC_IOC_MSGGET	_IOW(TOYIPC_IOC_MAGIC, 0x20, struct toyipc_msgget)
#define TOYIPC_IOC_MSGSND	_IOW(TOYIPC_IOC_MAGIC, 0x21, struct toyipc_msgsnd)
#define TOYIPC_IOC_MSGRCV	_IOW(TOYIPC_IOC_MAGIC, 0x22, struct toyipc_msgrcv)
#define TOYIPC_IOC_MSGCTL	_IOW(TOYIPC_IOC_MAGIC, 0x23, struct toyipc_msgctl)

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
	__u32 flags;		/* O_NONBLOCK | O_CLOEXEC | O_DIRECT; anything else: EINVAL */
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
	__s32 shmflg;		/* SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC */
	__u64 addr;		/* in: wanted address or 0; out: where it is mapped */
};

struct toyipc_shmdt {
	__u64 addr;		/* the address toy_shmat() returned */
};

struct toyipc_shmctl {
	__s32 shmid;
	__s32 cmd;		/* IPC_*, SHM_INFO, SHM_STAT(_ANY), SHM_LOCK, SHM_UNLOCK */
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

/* semtimedop(): semop with a relative timeout, libc's struct timespec. */
struct toyipc_semtimedop {
	__s32 semid;
	__u32 nsops;		/* entries in sops */
	__u64 sops;		/* struct sembuf __user * */
	__u64 timeout;		/* struct __kernel_timespec __user *, or 0: none */
};

#define TOYIPC_IOC_SEMTIMEDOP	_IOW(TOYIPC_IOC_MAGIC, 0x43, struct toyipc_semtimedop)

/*
 * POSIX message queues (kmod/mqueue.c), 0x50-0x5f: one ioctl per system
 * call (mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_getsetattr,
 * mq_notify), with its arguments.  Names are without glibc's leading
 * slash; attr points to the caller's struct mq_attr, abs_timeout to its
 * struct timespec (0: wait forever), sevp to its struct sigevent, all
 * libc's structs, which on x86_64 are the kernel's.  mqdes is a descriptor
 * returned by TOYIPC_IOC_MQ_OPEN: a file of the toymqueue filesystem.
 */
struct toyipc_mq_open {
	__u64 name;		/* const char *: the name */
	__s32 oflag;		/* O_RDONLY/O_WRONLY/O_RDWR, O_CREAT, O_EXCL, O_NONBLOCK */
	__u32 mode;		/* permission bits of a new queue */
	__u64 attr;		/* struct mq_attr * or 0: sizes of a new queue */
};

struct toyipc_mq_unlink {
	__u64 name;		/* const char *: the name */
};

struct toyipc_mq_send {
	__s32 mqdes;
	__u32 msg_prio;		/* 0 .. MQ_PRIO_MAX - 1 */
	__u64 msg_ptr;		/* const char *: the message */
	__u64 msg_len;		/* its length */
	__u64 abs_timeout;	/* const struct timespec *, CLOCK_REALTIME, or 0 */
};

struct toyipc_mq_receive {
	__s32 mqdes;
	__u32 reserved;		/* zero */
	__u64 msg_ptr;		/* char *: room for the message */
	__u64 msg_len;		/* at least mq_msgsize */
	__u64 msg_prio;		/* unsigned int *: its priority, or 0 */
	__u64 abs_timeout;	/* const struct timespec *, or 0 */
};

struct toyipc_mq_getsetattr {
	__s32 mqdes;
	__u32 reserved;		/* zero */
	__u64 newattr;		/* const struct mq_attr *: mq_flags to set, or 0 */
	__u64 oldattr;		/* struct mq_attr *: the attributes before, or 0 */
};

/*
 * TOYIPC_IOC_MQ_NOTIFY: SIGEV_NONE and SIGEV_SIGNAL as mq_notify(2), and 0
 * to deregister.  For SIGEV_THREAD (which glibc makes from a netlink
 * socket) the ioctl returns a new descriptor instead of 0: read(2) on it
 * blocks until the registration ends and gives one byte, FIRED or REMOVED;
 * poll(2) says EPOLLIN from then on (libtoyipc waits on them all with epoll).
 */
struct toyipc_mq_notify {
	__s32 mqdes;
	__u32 reserved;		/* zero */
	__u64 sevp;		/* const struct sigevent *, or 0 */
};

#define TOYIPC_MQ_NOTE_FIRED	1	/* a message came: run the function */
#define TOYIPC_MQ_NOTE_REMOVED	2	/* mq_notify(NULL), close or a replaced registration */

#define TOYIPC_IOC_MQ_OPEN		_IOW(TOYIPC_IOC_MAGIC, 0x50, struct toyipc_mq_open)
#define TOYIPC_IOC_MQ_UNLINK		_IOW(TOYIPC_IOC_MAGIC, 0x51, struct toyipc_mq_unlink)
#define TOYIPC_IOC_MQ_TIMEDSEND		_IOW(TOYIPC_IOC_MAGIC, 0x52, struct toyipc_mq_send)
#define TOYIPC_IOC_MQ_TIMEDRECEIVE	_IOW(TOYIPC_IOC_MAGIC, 0x53, struct toyipc_mq_receive)
#define TOYIPC_IOC_MQ_GETSETATTR	_IOW(TOYIPC_IOC_MAGIC, 0x54, struct toyipc_mq_getsetattr)
#define TOYIPC_IOC_MQ_NOTIFY		_IOW(TOYIPC_IOC_MAGIC, 0x55, struct toyipc_mq_notify)

/*
 * POSIX shared memory (kmod/posix_shm.c), 0x60-0x6f: shm_open(3) and
 * shm_unlink(3), which glibc makes from open(2) and unlink(2) in /dev/shm.
 * The descriptor returned is a file of the toyshm filesystem: ftruncate,
 * fstat, fchmod, mmap and close are the plain system calls on it.
 */
struct toyipc_shm_open {
	__u64 name;		/* const char *: the name without its leading slash */
	__s32 oflag;		/* O_RDONLY/O_RDWR, O_CREAT, O_EXCL, O_TRUNC */
	__u32 mode;		/* permission bits of a new segment */
};

#define TOYIPC_IOC_SHM_OPEN	_IOW(TOYIPC_IOC_MAGIC, 0x60, struct toyipc_shm_open)
#define TOYIPC_IOC_SHM_UNLINK	_IOW(TOYIPC_IOC_MAGIC, 0x61, struct toyipc_shm_open)

#endif /* _UAPI_LINUX_TOYIPC_H */
