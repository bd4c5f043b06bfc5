// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc-preload.so: unmodified programs on toyipc (toyipc-run).
 *
 * Loaded with LD_PRELOAD, this library defines the libc IPC calls a
 * dynamically linked program makes, so the dynamic linker binds the
 * program's calls (and those of the libraries it loads) here instead of to
 * libc.  Each one hands its arguments to the libtoyipc call of the same
 * name with the toy_ prefix, built into this library:
 *
 *	pipe pipe2
 *	msgget msgsnd msgrcv msgctl
 *	shmget shmat shmdt shmctl
 *	semget semop semtimedop semctl
 *	mq_open mq_close mq_unlink mq_send mq_timedsend mq_receive
 *	mq_timedreceive mq_getattr mq_setattr mq_notify (and __mq_open_2)
 *	shm_open shm_unlink
 *	fcntl fcntl64 (F_GETPIPE_SZ and F_SETPIPE_SZ of toy pipes)
 *
 * and the open calls (open, openat, fopen and their 64 and fortify
 * variants) see /proc/toyipc/{msg,shm,sem} where the program names
 * /proc/sysvipc/{msg,shm,sem}, so ipcs, lsipc and ipcrm list and remove
 * toy objects.  Nothing here falls back to the real call: a call taken is
 * the toy's, and fails with the toy's errno (ENOENT when the module is not
 * loaded) if the toy cannot do it.
 *
 * What cannot be reached this way (calls libc makes inside itself, such as
 * popen's pipe, static programs, raw syscall(2)) is listed in
 * docs/en/watching.md and pinned by tests/guest/preload_test.
 *
 * No recursion: libtoyipc reaches the module with open(2) on /dev/toyipc,
 * ioctl(2) and mmap(2), and toy_fcntl() hands commands other than the
 * pipe sizes to fcntl(2).  Of those only open and fcntl are interposed:
 * this file's open() passes every path but the three above to the openat
 * system call itself, and its fcntl() sends those commands to libc's.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "toyipc.h"
#include "toyipc_internal.h"

/*
 * Exported: the calls below.  This file is built with -fvisibility=hidden
 * and libtoyipc's objects are linked in with --exclude-libs, so nothing
 * else of the library is seen (or interposed) from outside.
 */
#define PRELOAD __attribute__((visibility("default")))

PRELOAD int pipe(int fd[2])
{
	return toy_pipe(fd);
}

PRELOAD int pipe2(int fd[2], int flags)
{
	return toy_pipe2(fd, flags);
}

PRELOAD int msgget(key_t key, int msgflg)
{
	return toy_msgget(key, msgflg);
}

PRELOAD int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)
{
	return toy_msgsnd(msqid, msgp, msgsz, msgflg);
}

PRELOAD ssize_t msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)
{
	return toy_msgrcv(msqid, msgp, msgsz, msgtyp, msgflg);
}

PRELOAD int msgctl(int msqid, int cmd, struct msqid_ds *buf)
{
	return toy_msgctl(msqid, cmd, buf);
}

PRELOAD int shmget(key_t key, size_t size, int shmflg)
{
	return toy_shmget(key, size, shmflg);
}

PRELOAD void *shmat(int shmid, const void *shmaddr, int shmflg)
{
	return toy_shmat(shmid, shmaddr, shmflg);
}

PRELOAD int shmdt(const void *shmaddr)
{
	return toy_shmdt(shmaddr);
}

PRELOAD int shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
	return toy_shmctl(shmid, cmd, buf);
}

PRELOAD int semget(key_t key, int nsems, int semflg)
{
	return toy_semget(key, nsems, semflg);
}

PRELOAD int semop(int semid, struct sembuf *sops, size_t nsops)
{
	return toy_semop(semid, sops, nsops);
}

PRELOAD int semtimedop(int semid, struct sembuf *sops, size_t nsops,
		       const struct timespec *timeout)
{
	return toy_semtimedop(semid, sops, nsops, timeout);
}

/* union semun as semctl(2) tells the caller to define it. */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* The fourth argument is read, and passed on, only where semctl has one. */
PRELOAD int semctl(int semid, int semnum, int cmd, ...)
{
	union semun arg = { 0 };
	va_list ap;

	if (!toy_semctl_has_arg(cmd))
		return toy_semctl(semid, semnum, cmd);
	va_start(ap, cmd);
	arg = va_arg(ap, union semun);
	va_end(ap);
	return toy_semctl(semid, semnum, cmd, arg);
}

/* mode and attr are read, and passed on, only with O_CREAT, as glibc's mq_open does. */
PRELOAD mqd_t mq_open(const char *name, int oflag, ...)
{
	struct mq_attr *attr;
	mode_t mode;
	va_list ap;

	if (!(oflag & O_CREAT))
		return toy_mq_open(name, oflag);
	va_start(ap, oflag);
	mode = va_arg(ap, mode_t);
	attr = va_arg(ap, struct mq_attr *);
	va_end(ap);
	return toy_mq_open(name, oflag, mode, attr);
}

/* _FORTIFY_SOURCE's mq_open of two arguments: O_CREAT without them is a bug, as in glibc. */
PRELOAD mqd_t __mq_open_2(const char *name, int oflag)
{
	if (oflag & O_CREAT) {
		fputs("*** invalid mq_open call: O_CREAT without mode and attr ***\n", stderr);
		abort();
	}
	return toy_mq_open(name, oflag);
}

PRELOAD int mq_close(mqd_t mqdes)
{
	return toy_mq_close(mqdes);
}

PRELOAD int mq_unlink(const char *name)
{
	return toy_mq_unlink(name);
}

PRELOAD int mq_send(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned int msg_prio)
{
	return toy_mq_send(mqdes, msg_ptr, msg_len, msg_prio);
}

PRELOAD int mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len,
			 unsigned int msg_prio, const struct timespec *abs_timeout)
{
	return toy_mq_timedsend(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout);
}

PRELOAD ssize_t mq_receive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned int *msg_prio)
{
	return toy_mq_receive(mqdes, msg_ptr, msg_len, msg_prio);
}

PRELOAD ssize_t mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len,
				unsigned int *msg_prio, const struct timespec *abs_timeout)
{
	return toy_mq_timedreceive(mqdes, msg_ptr, msg_len, msg_prio, abs_timeout);
}

PRELOAD int mq_getattr(mqd_t mqdes, struct mq_attr *attr)
{
	return toy_mq_getattr(mqdes, attr);
}

PRELOAD int mq_setattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr)
{
	return toy_mq_setattr(mqdes, newattr, oldattr);
}

PRELOAD int mq_notify(mqd_t mqdes, const struct sigevent *sevp)
{
	return toy_mq_notify(mqdes, sevp);
}

PRELOAD int shm_open(const char *name, int oflag, mode_t mode)
{
	return toy_shm_open(name, oflag, mode);
}

PRELOAD int shm_unlink(const char *name)
{
	return toy_shm_unlink(name);
}

/*
 * The toy's file for PATH when PATH is one of /proc/sysvipc/{msg,shm,sem},
 * else PATH itself.
 */
static const char *toy_path(const char *path)
{
	static const char *const names[][2] = {
		{ "/proc/sysvipc/msg", "/proc/toyipc/msg" },
		{ "/proc/sysvipc/shm", "/proc/toyipc/shm" },
		{ "/proc/sysvipc/sem", "/proc/toyipc/sem" },
	};

	if (!path)
		return path;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(path, names[i][0]))
			return names[i][1];
	return path;
}

/*
 * openat(2) itself, on the toy's path; the mode read only where open takes
 * one (O_TMPFILE is two bits, O_DIRECTORY one of them: libc's test).
 */
static int open_at(int dirfd, const char *path, int flags, va_list ap)
{
	mode_t mode = 0;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		mode = va_arg(ap, mode_t);
	return (int)syscall(SYS_openat, dirfd, toy_path(path), flags, mode);
}

#define OPEN_AT(dirfd, path, flags)				\
	({							\
		va_list ap;					\
		int fd;						\
		va_start(ap, flags);				\
		fd = open_at(dirfd, path, flags, ap);		\
		va_end(ap);					\
		fd;						\
	})

PRELOAD int open(const char *path, int flags, ...)
{
	return OPEN_AT(AT_FDCWD, path, flags);
}

/* On x86_64 the 64 variants are the same calls: the same functions here. */
PRELOAD int open64(const char *path, int flags, ...) __attribute__((alias("open")));

PRELOAD int openat(int dirfd, const char *path, int flags, ...)
{
	return OPEN_AT(dirfd, path, flags);
}

PRELOAD int openat64(int dirfd, const char *path, int flags, ...) __attribute__((alias("openat")));

/* What -D_FORTIFY_SOURCE builds call instead (no mode: no O_CREAT). */
PRELOAD int __open_2(const char *path, int flags)
{
	return (int)syscall(SYS_openat, AT_FDCWD, toy_path(path), flags, 0);
}

PRELOAD int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

PRELOAD int __openat_2(int dirfd, const char *path, int flags)
{
	return (int)syscall(SYS_openat, dirfd, toy_path(path), flags, 0);
}

PRELOAD int __openat64_2(int dirfd, const char *path, int flags) __attribute__((alias("__openat_2")));

/*
 * libc's own function NAME (the next definition after this library's),
 * looked up at the first call: other libraries' constructors may open
 * files before this library's constructor would run.
 */
static void *libc_next(void *_Atomic *slot, const char *name)
{
	void *fn = atomic_load(slot);

	if (!fn) {
		fn = dlsym(RTLD_NEXT, name);
		atomic_store(slot, fn);
	}
	return fn;
}

#define LIBC(type, name)						\
	({								\
		static void *_Atomic slot;				\
		(type *)libc_next(&slot, #name);			\
	})

/*
 * fcntl(2) cannot reach a toy pipe for F_GETPIPE_SZ / F_SETPIPE_SZ: those
 * go to toy_fcntl(), and to libc's fcntl only when the descriptor is not a
 * toy pipe (EBADF from the toy: a real pipe, e.g. popen's, or no pipe at
 * all, which fcntl answers for itself).  Every other command is libc's.
 */
typedef int fcntl_fn(int, int, ...);

/* fcntl's rule, over @libc_fcntl (libc's fcntl, or its __fcntl_time64). */
static int fcntl_via(fcntl_fn *libc_fcntl, int fd, int cmd, void *arg)
{
	int ret;

	if (cmd != F_GETPIPE_SZ && cmd != F_SETPIPE_SZ)
		return libc_fcntl(fd, cmd, arg);
	ret = toy_fcntl(fd, cmd, arg);
	if (ret < 0 && errno == EBADF)
		return libc_fcntl(fd, cmd, arg);
	return ret;
}

PRELOAD int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	/* Like glibc's fcntl(): the optional argument is read as a pointer. */
	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_via(LIBC(fcntl_fn, fcntl), fd, cmd, arg);
}

PRELOAD int fcntl64(int fd, int cmd, ...) __attribute__((alias("fcntl")));

#ifdef __i386__
/*
 * The 32-bit library (preload/lib32/libtoyipc-preload.so on Debian): an
 * i386 program built with _TIME_BITS=64 calls glibc's time64 names
 * instead of msgctl, shmctl, semctl, semtimedop, mq_timedsend,
 * mq_timedreceive and fcntl.  libtoyipc32
 * speaks only the 32-bit time_t layouts (docs/en/compat32.md), so the IPC
 * ones fail with ENOSYS rather than take a toy id to the real kernel;
 * __fcntl_time64 is fcntl's rule over libc's __fcntl_time64.
 */
PRELOAD int __msgctl64(int msqid, int cmd, void *buf)
{
	(void)msqid, (void)cmd, (void)buf;
	errno = ENOSYS;
	return -1;
}

PRELOAD int __shmctl64(int shmid, int cmd, void *buf) __attribute__((alias("__msgctl64")));

PRELOAD int __semctl64(int semid, int semnum, int cmd, ...)
{
	(void)semid, (void)semnum, (void)cmd;
	errno = ENOSYS;
	return -1;
}

PRELOAD int __semtimedop64(int semid, struct sembuf *sops, size_t nsops, const void *timeout)
{
	(void)semid, (void)sops, (void)nsops, (void)timeout;
	errno = ENOSYS;
	return -1;
}

PRELOAD int __mq_timedsend_time64(mqd_t mqdes, const char *msg_ptr, size_t msg_len,
				  unsigned int msg_prio, const void *abs_timeout)
{
	(void)mqdes, (void)msg_ptr, (void)msg_len, (void)msg_prio, (void)abs_timeout;
	errno = ENOSYS;
	return -1;
}

PRELOAD ssize_t __mq_timedreceive_time64(mqd_t mqdes, char *msg_ptr, size_t msg_len,
					 unsigned int *msg_prio, const void *abs_timeout)
{
	(void)mqdes, (void)msg_ptr, (void)msg_len, (void)msg_prio, (void)abs_timeout;
	errno = ENOSYS;
	return -1;
}

PRELOAD int __fcntl_time64(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	return fcntl_via(LIBC(fcntl_fn, __fcntl_time64), fd, cmd, arg);
}
#endif

/*
 * libc's fopen opens its file without the open symbol, so the stdio calls
 * are taken too; they pass the toy's path to libc's own function.
 */
typedef FILE *fopen_fn(const char *, const char *);
typedef FILE *freopen_fn(const char *, const char *, FILE *);

PRELOAD FILE *fopen(const char *path, const char *mode)
{
	return LIBC(fopen_fn, fopen)(toy_path(path), mode);
}

PRELOAD FILE *fopen64(const char *path, const char *mode) __attribute__((alias("fopen")));

PRELOAD FILE *freopen(const char *path, const char *mode, FILE *stream)
{
	return LIBC(freopen_fn, freopen)(toy_path(path), mode, stream);
}

PRELOAD FILE *freopen64(const char *path, const char *mode, FILE *stream)
	__attribute__((alias("freopen")));
