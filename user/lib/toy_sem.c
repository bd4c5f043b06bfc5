// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_semget, toy_semop, toy_semctl over kmod/sem.c.
 *
 * toy_semctl() takes its fourth argument the way glibc's semctl() does: a
 * union semun, passed by value, read only for the commands that use one.
 * The caller defines union semun (semctl(2)); the one below has the same
 * layout.  struct semid_ds goes to the module as it is: on x86_64 it is the
 * kernel's struct semid64_ds, which the assertions below prove.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/sem.h>

#include <asm/sembuf.h>
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
SAME_FIELD(sem_perm.mode, sem_perm.mode);
SAME_FIELD(sem_perm.__seq, sem_perm.seq);
SAME_FIELD(sem_otime, sem_otime);
SAME_FIELD(sem_ctime, sem_ctime);
SAME_FIELD(sem_nsems, sem_nsems);

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
	if (cmd == SETVAL)
		req.arg = (uint32_t)arg.val;
	else
		req.arg = (uintptr_t)arg.buf;
	return toy_ioctl(TOYIPC_IOC_SEMCTL, &req);
}
