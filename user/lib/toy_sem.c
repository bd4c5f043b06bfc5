// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_semget, toy_semop, toy_semtimedop, toy_semctl over kmod/sem.c.
 *
 * toy_semctl() takes its fourth argument the way glibc's semctl() does: a
 * union semun, passed by value, read only for the commands that use one.
 * The caller defines union semun (semctl(2)); the one below has the same
 * layout.  struct semid_ds goes to the module as it is: on x86_64 it is the
 * kernel's struct semid64_ds, which the assertions below prove (on i386
 * the kernel's i386 one, which the module gives 32-bit callers:
 * kmod/compat32.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/sem.h>
#include <time.h>

#include <asm/sembuf.h>
#include <linux/time_types.h>
#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

/* libc's field F is the kernel's field K: same offset, same size. */
#define SAME_FIELD(f, k)						\
	_Static_assert(offsetof(struct semid_ds, f) ==			\
		       offsetof(struct semid64_ds, k) &&			\
		       sizeof(((struct semid_ds *)0)->f) ==		\
		       sizeof(((struct semid64_ds *)0)->k),		\
		       "struct semid_ds." #f " is not the kernel's " #k)

_Static_assert(sizeof(struct semid_ds) == sizeof(struct semid64_ds),
	       "struct semid_ds is not the kernel's struct semid64_ds");
SAME_FIELD(sem_perm, sem_perm);
SAME_FIELD(sem_perm.__key, sem_perm.key);
SAME_FIELD(sem_perm.uid, sem_perm.uid);
SAME_FIELD(sem_perm.gid, sem_perm.gid);
SAME_FIELD(sem_perm.cuid, sem_perm.cuid);
SAME_FIELD(sem_perm.cgid, sem_perm.cgid);
/*
 * i386 glibc's mode is 32 bits where the kernel has a 16-bit mode and two
 * bytes of padding, which it zeroes: the same bytes on little-endian x86.
 */
#ifdef __i386__
_Static_assert(offsetof(struct semid_ds, sem_perm.mode) ==
	       offsetof(struct semid64_ds, sem_perm.mode), "sem_perm.mode");
#else
SAME_FIELD(sem_perm.mode, sem_perm.mode);
#endif
SAME_FIELD(sem_perm.__seq, sem_perm.seq);
SAME_FIELD(sem_otime, sem_otime);
SAME_FIELD(sem_ctime, sem_ctime);
SAME_FIELD(sem_nsems, sem_nsems);

/*
 * semtimedop()'s timeout goes to the module as it is: struct
 * __kernel_timespec, or for a 32-bit caller the 32-bit time_t one that
 * i386's semtimedop reads (struct old_timespec32 in the kernel).
 */
#ifdef __i386__
_Static_assert(sizeof(struct timespec) == sizeof(struct __kernel_old_timespec) &&
	       offsetof(struct timespec, tv_nsec) ==
	       offsetof(struct __kernel_old_timespec, tv_nsec),
	       "struct timespec is not the kernel's struct old_timespec32");
#else
_Static_assert(sizeof(struct timespec) == sizeof(struct __kernel_timespec) &&
	       offsetof(struct timespec, tv_nsec) ==
	       offsetof(struct __kernel_timespec, tv_nsec),
	       "struct timespec is not the kernel's struct __kernel_timespec");
#endif

/* union semun as semctl(2) tells the caller to define it. */
union toy_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

int toy_semget(key_t key, int nsems, int semflg)
{
	struct toyipc_semget req = { .key = key, .nsems = nsems, .semflg = semflg };

	return toy_ioctl(TOYIPC_IOC_SEMGET, &req);
}

int toy_semop(int semid, struct sembuf *sops, size_t nsops)
{
	/* semop(2) takes a size_t; the syscall, like this ioctl, 32 bits of it. */
	struct toyipc_semop req = {
		.semid = semid,
		.nsops = (uint32_t)nsops,
		.sops = (uintptr_t)sops,
	};

	return toy_ioctl(TOYIPC_IOC_SEMOP, &req);
}

int toy_semtimedop(int semid, struct sembuf *sops, size_t nsops,
		   const struct timespec *timeout)
{
	struct timespec copy;
	struct toyipc_semtimedop req = {
		.semid = semid,
		.nsops = (uint32_t)nsops,
		.sops = (uintptr_t)sops,
		.timeout = toy_timeout(timeout, &copy),
	};

	return toy_ioctl(TOYIPC_IOC_SEMTIMEDOP, &req);
}

int toy_semctl_has_arg(int cmd)
{
	switch (cmd) {
	case SETVAL:
	case GETALL:
	case SETALL:
	case IPC_STAT:
	case IPC_SET:
	case IPC_INFO:
	case SEM_INFO:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return 1;
	default:
		return 0;
	}
}

/*
 * i386 glibc (since 2.34, for its 64-bit time_t) never lends the caller's
 * struct semid_ds to the kernel: for IPC_STAT, IPC_SET, SEM_STAT and
 * SEM_STAT_ANY it reads the caller's struct first, makes the call on a
 * copy of its own in the kernel's layout and copies back only the fields
 * the kernel reported (the *_high halves of the times zeroed, the rest of
 * the caller's struct untouched).  A bad pointer is therefore a SIGSEGV in
 * libc, not EFAULT.  toy_semctl() does the same, so that a 32-bit program
 * sees the same bytes on both sides.
 */
#ifdef __i386__
static int semctl_copy(struct toyipc_semctl *req, struct semid_ds *buf)
{
	struct semid64_ds k;
	int ret;

	/* Unlike msgctl's and shmctl's, glibc's copy reads even a NULL buf. */
	memset(&k, 0, sizeof(k));
	memcpy(&k.sem_perm, &buf->sem_perm, sizeof(k.sem_perm));
	k.sem_otime = buf->sem_otime;
	k.sem_otime_high = buf->__sem_otime_high;
	k.sem_ctime = buf->sem_ctime;
	k.sem_ctime_high = buf->__sem_ctime_high;
	k.sem_nsems = buf->sem_nsems;
	req->arg = (uintptr_t)&k;
	ret = toy_ioctl(TOYIPC_IOC_SEMCTL, req);
	if (ret < 0 || req->cmd == IPC_SET)
		return ret;
	memcpy(&buf->sem_perm, &k.sem_perm, sizeof(buf->sem_perm));
	buf->sem_perm.mode &= 0xffff;
	buf->sem_otime = k.sem_otime;
	buf->__sem_otime_high = 0;
	buf->sem_ctime = k.sem_ctime;
	buf->__sem_ctime_high = 0;
	buf->sem_nsems = k.sem_nsems;
	return ret;
}
#endif

int toy_semctl(int semid, int semnum, int cmd, ...)
{
	struct toyipc_semctl req = { .semid = semid, .semnum = semnum, .cmd = cmd };
	union toy_semun arg = { 0 };
	va_list ap;

	if (toy_semctl_has_arg(cmd)) {
		va_start(ap, cmd);
		arg = va_arg(ap, union toy_semun);
		va_end(ap);
	}
#ifdef __i386__
	switch (cmd) {
	case IPC_STAT:
	case IPC_SET:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return semctl_copy(&req, arg.buf);
	}
#endif
	if (cmd == SETVAL)
		req.arg = (uint32_t)arg.val;
	else
		req.arg = (uintptr_t)arg.buf;
	return toy_ioctl(TOYIPC_IOC_SEMCTL, &req);
}
