// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_shmget, toy_shmat, toy_shmdt, toy_shmctl over kmod/shm.c.
 *
 * Each call packs its arguments into a request of uapi/linux/toyipc.h and
 * makes one ioctl.  struct shmid_ds goes to the module as it is: on
 * x86_64 glibc's struct shmid_ds and the kernel's struct shmid64_ds are
 * the same bytes, which the assertions below prove at compile time.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/shm.h>

#include <asm/shmbuf.h>
#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

/* libc's field F is the kernel's field K: same offset, same size. */
#define SAME_FIELD(f, k)						\
	_Static_assert(offsetof(struct shmid_ds, f) ==			\
		       offsetof(struct shmid64_ds, k) &&			\
		       sizeof(((struct shmid_ds *)0)->f) ==		\
		       sizeof(((struct shmid64_ds *)0)->k),		\
		       "struct shmid_ds." #f " is not the kernel's " #k)

_Static_assert(sizeof(struct shmid_ds) == sizeof(struct shmid64_ds),
	       "struct shmid_ds is not the kernel's struct shmid64_ds");
SAME_FIELD(shm_perm, shm_perm);
SAME_FIELD(shm_perm.__key, shm_perm.key);
SAME_FIELD(shm_perm.uid, shm_perm.uid);
SAME_FIELD(shm_perm.gid, shm_perm.gid);
SAME_FIELD(shm_perm.cuid, shm_perm.cuid);
SAME_FIELD(shm_perm.cgid, shm_perm.cgid);
SAME_FIELD(shm_perm.mode, shm_perm.mode);
SAME_FIELD(shm_perm.__seq, shm_perm.seq);
SAME_FIELD(shm_segsz, shm_segsz);
SAME_FIELD(shm_atime, shm_atime);
SAME_FIELD(shm_dtime, shm_dtime);
SAME_FIELD(shm_ctime, shm_ctime);
SAME_FIELD(shm_cpid, shm_cpid);
SAME_FIELD(shm_lpid, shm_lpid);
SAME_FIELD(shm_nattch, shm_nattch);

int toy_shmget(key_t key, size_t size, int shmflg)
{
	struct toyipc_shmget req = { .key = key, .shmflg = shmflg, .size = size };

	return toy_ioctl(TOYIPC_IOC_SHMGET, &req);
}

void *toy_shmat(int shmid, const void *shmaddr, int shmflg)
{
	struct toyipc_shmat req = {
		.shmid = shmid,
		.shmflg = shmflg,
		.addr = (uintptr_t)shmaddr,
	};

	if (toy_ioctl(TOYIPC_IOC_SHMAT, &req) < 0)
		return (void *)-1;
	return (void *)(uintptr_t)req.addr;
}

int toy_shmdt(const void *shmaddr)
{
	struct toyipc_shmdt req = { .addr = (uintptr_t)shmaddr };

	return toy_ioctl(TOYIPC_IOC_SHMDT, &req);
}

int toy_shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
	struct toyipc_shmctl req = {
		.shmid = shmid,
		.cmd = cmd,
		.buf = (uintptr_t)buf,
	};

	return toy_ioctl(TOYIPC_IOC_SHMCTL, &req);
}
