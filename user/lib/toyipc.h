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

#include <mqueue.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <time.h>

/*
 * 32-bit programs link libtoyipc32.a, which speaks the 32-bit time_t
 * layouts of struct msqid_ds, shmid_ds, semid_ds and timespec
 * (docs/en/compat32.md); glibc's 64-bit time_t ones are not translated.
 */
#if defined(__i386__) && defined(__USE_TIME_BITS64)
#error "libtoyipc32 speaks the 32-bit time_t layouts: build without -D_TIME_BITS=64"
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct msqid_ds;
struct timespec;

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
 * or O_NONBLOCK, O_CLOEXEC and/or O_DIRECT (packet mode, pipe(7): each
 * write is packets of at most a page, each read takes one; toy_pipe2 only;
 * fcntl(F_SETFL, O_DIRECT) switches it too).
 * Returns 0, or -1 with errno: EINVAL (other flags), EFAULT, EMFILE,
 * ENFILE, ENOMEM, or ENOENT when the module is not loaded.
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

/*
 * toy_popen, toy_pclose - popen(3) and pclose(3) over a toy pipe.
 *
 * toy_popen runs "/bin/sh -c COMMAND" in a child whose stdout (MODE "r")
 * or stdin (MODE "w") is one end of a toy_pipe2(O_CLOEXEC); the stream it
 * returns is the other end.  "re" and "we" make the stream's descriptor
 * close-on-exec too.  The child inherits none of the streams of earlier
 * toy_popen()s.  Returns the stream, or NULL with errno: EINVAL (bad
 * MODE), toy_pipe2's errors (ENOENT when the module is not loaded: there
 * is no fallback to a real pipe), fork's.
 * toy_pclose closes STREAM, waits for its child and returns the child's
 * wait status (WEXITSTATUS 127: the shell could not run), or -1 with
 * errno: ECHILD (not a stream of toy_popen, which is left open, or the
 * child is already reaped, e.g. with SIGCHLD ignored).  Use toy_pclose
 * only on toy_popen's streams and pclose only on popen's.
 */
FILE *toy_popen(const char *command, const char *mode);
int toy_pclose(FILE *stream);

/*
 * System V message queues (kmod/msg.c), like msgget(2), msgsnd(2),
 * msgrcv(2) and msgctl(2) with the flags and structs of <sys/msg.h>.
 * Toy queues are separate from real ones: a toy key or id means nothing to
 * msgget() and the other way round.  Every command and flag of Linux's,
 * MSG_COPY and IPC_INFO, MSG_INFO, MSG_STAT, MSG_STAT_ANY included;
 * 32-bit programs link libtoyipc32.a and get the 32-bit layouts
 * (kmod/compat32.c).
 */

/* toy_msgget - the id of the queue with KEY, created with IPC_CREAT. */
int toy_msgget(key_t key, int msgflg);

/*
 * toy_msgsnd - queue the message at MSGP (long mtype > 0, then MSGSZ bytes
 * of text); sleeps while the queue is full unless IPC_NOWAIT.  0 or -1.
 */
int toy_msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg);

/*
 * toy_msgrcv - take a message chosen by MSGTYP (0 the first, > 0 the first
 * of that type or with MSG_EXCEPT of another, < 0 the lowest type up to
 * -MSGTYP) into MSGP; sleeps until one comes unless IPC_NOWAIT.  Returns
 * the bytes of text received, or -1.
 */
ssize_t toy_msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);

/*
 * toy_msgctl - IPC_STAT, IPC_SET, IPC_RMID; IPC_INFO and MSG_INFO (a
 * struct msginfo *, cast, as for msgctl; returns the highest index in use);
 * MSG_STAT and MSG_STAT_ANY (MSQID is an index; returns the id).
 */
int toy_msgctl(int msqid, int cmd, struct msqid_ds *buf);

/*
 * Shared memory: shmget(2), shmat(2), shmdt(2), shmctl(2).
 *
 * toy_shmget - find or create a segment of SIZE bytes by KEY; the id or -1.
 * toy_shmat - map segment SHMID at SHMADDR (NULL: anywhere; SHM_RND rounds
 *	it down to SHMLBA) read-write, or read-only with SHM_RDONLY; the
 *	address or (void *)-1.  The pages are the same in every attacher,
 *	zero-filled, allocated at first touch.
 * toy_shmdt - unmap the attach at SHMADDR, found as shmdt(2) finds it (also
 *	one whose first pages were unmapped since); 0 or -1 (EINVAL).
 * toy_shmctl - IPC_STAT, IPC_SET, IPC_RMID; 0 or -1.  IPC_RMID with
 *	attaches left marks the segment SHM_DEST and frees its key; it goes
 *	at the last detach.  Also IPC_INFO, SHM_INFO (the highest index in
 *	use), SHM_STAT, SHM_STAT_ANY (an index in, the id out), SHM_LOCK and
 *	SHM_UNLOCK (SHM_LOCKED in shm_perm.mode; RLIMIT_MEMLOCK counts the
 *	caller's locked toy segments only).
 */
int toy_shmget(key_t key, size_t size, int shmflg);
void *toy_shmat(int shmid, const void *shmaddr, int shmflg);
int toy_shmdt(const void *shmaddr);
int toy_shmctl(int shmid, int cmd, struct shmid_ds *buf);

/*
 * Semaphores: semget(2), semop(2), semtimedop(2), semctl(2).
 *
 * toy_semget - find or create a set of NSEMS semaphores by KEY; the id or -1.
 * toy_semop - apply NSOPS operations atomically, sleeping until they can
 *	all go through (unless the one that waits has IPC_NOWAIT: EAGAIN);
 *	0 or -1.  A signal ends the wait with EINTR, never restarted.
 *	SEM_UNDO adjustments are undone when the process exits, as in Linux.
 * toy_semtimedop - the same, waiting at most TIMEOUT (relative; NULL: no
 *	limit): EAGAIN when it passes, EINVAL for a bad tv_nsec.
 * toy_semctl - SETVAL, GETVAL, SETALL, GETALL, GETNCNT, GETZCNT, GETPID,
 *	IPC_STAT, IPC_SET, IPC_RMID, IPC_INFO, SEM_INFO, SEM_STAT,
 *	SEM_STAT_ANY, with a union semun as fourth argument where semctl(2)
 *	takes one; other commands fail with EINVAL.
 */
int toy_semget(key_t key, int nsems, int semflg);
int toy_semop(int semid, struct sembuf *sops, size_t nsops);
int toy_semtimedop(int semid, struct sembuf *sops, size_t nsops,
		   const struct timespec *timeout);
int toy_semctl(int semid, int semnum, int cmd, ...);

/*
 * POSIX message queues (kmod/mqueue.c): mq_open(3) ... mq_notify(3), with
 * libc's signatures, flags, structs and errno values.  A toy mqd_t is a
 * file descriptor, as glibc's is: close(2), poll(2), select(2), epoll(7)
 * work on it, and toy_mq_close is close.  Names start with a slash
 * (EINVAL otherwise).  Toy queues are separate from real ones: they live
 * in the module's toymqueue filesystem (mount -t toymqueue none DIR shows
 * them), follow the limits of /proc/sys/fs/mqueue, and are checked with
 * the mode bits like real queues.  mq_notify supports SIGEV_NONE,
 * SIGEV_SIGNAL and SIGEV_THREAD (see toy_mq.c for how the last is made).
 * Waiters are served by scheduling priority, oldest first within one, as
 * in Linux.  Differences from Linux: RLIMIT_MSGQUEUE sums the user's toy
 * queues only, not their real ones (docs/en/parity.md section 3).
 */
mqd_t toy_mq_open(const char *name, int oflag, ...);
int toy_mq_close(mqd_t mqdes);
int toy_mq_unlink(const char *name);
int toy_mq_send(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned int msg_prio);
int toy_mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len,
		     unsigned int msg_prio, const struct timespec *abs_timeout);
ssize_t toy_mq_receive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned int *msg_prio);
ssize_t toy_mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len,
			    unsigned int *msg_prio, const struct timespec *abs_timeout);
int toy_mq_getattr(mqd_t mqdes, struct mq_attr *attr);
int toy_mq_setattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr);
int toy_mq_notify(mqd_t mqdes, const struct sigevent *sevp);

/*
 * POSIX shared memory (kmod/posix_shm.c): shm_open(3) and shm_unlink(3).
 * The descriptor is a file of the module's toyshm filesystem, which works
 * like the tmpfs on /dev/shm: ftruncate, fstat, fchmod, mmap (MAP_SHARED
 * and MAP_PRIVATE), munmap and close are the plain calls on it.  The name
 * rules and errno values are glibc's.  Differences from tmpfs: the pages
 * cannot be swapped, and there is no size limit but memory (and the
 * memory cgroup, which is charged as for tmpfs).
 */
int toy_shm_open(const char *name, int oflag, mode_t mode);
int toy_shm_unlink(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* TOYIPC_H */
