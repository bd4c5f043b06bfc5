// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_shmget, toy_shmat, toy_shmdt, toy_shmctl over kmod/shm.c.
 *
 * Each call packs its arguments into a request of uapi/linux/toyipc.h and
 * makes one ioctl.  struct shmid_ds goes to the module as it is: on
 * x86_64 glibc's struct shmid_ds and the kernel's struct shmid64_ds are
 * the same bytes, which the assertions below prove at compile time; so
 * are i386 glibc's and the kernel's i386 layout, which the module gives a
 * 32-bit caller (libtoyipc32.a; kmod/compat32.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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
/*
 * i386 glibc's mode is 32 bits where the kernel has a 16-bit mode and two
 * bytes of padding, which it zeroes: the same bytes on little-endian x86.
 */
#ifdef __i386__
_Static_assert(offsetof(struct shmid_ds, shm_perm.mode) ==
	       offsetof(struct shmid64_ds, shm_perm.mode), "shm_perm.mode");
#else
SAME_FIELD(shm_perm.mode, shm_perm.mode);
#endif
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

static int shmctl_ioctl(int shmid, int cmd, void *buf)
{
	struct toyipc_shmctl req = {
		.shmid = shmid,
		.cmd = cmd,
		.buf = (uintptr_t)buf,
	};

	return toy_ioctl(TOYIPC_IOC_SHMCTL, &req);
}

/*
 * i386 glibc (since 2.34, for its 64-bit time_t) never lends the caller's
 * struct shmid_ds to the kernel for shmctl: it reads the caller's
 * struct first (for every command but the *_INFO ones, whatever the
 * command), makes the call on a copy of its own in the kernel's layout and
 * copies back only the fields the kernel reported, with the *_high halves
 * of the times zeroed and the rest of the caller's struct untouched.  A bad
 * pointer is therefore a SIGSEGV in libc, not EFAULT.  toy_shmctl() does the
 * same, so that a 32-bit program sees the same bytes on both sides.
 */
#ifdef __i386__
static int shmctl_copy(int shmid, int cmd, struct shmid_ds *buf)
{
	struct shmid64_ds k;
	int ret;

	memset(&k, 0, sizeof(k));
	if (buf) {
		memcpy(&k.shm_perm, &buf->shm_perm, sizeof(k.shm_perm));
		k.shm_segsz = buf->shm_segsz;
		k.shm_atime = buf->shm_atime;
		k.shm_atime_high = buf->__shm_atime_high;
		k.shm_dtime = buf->shm_dtime;
		k.shm_dtime_high = buf->__shm_dtime_high;
		k.shm_ctime = buf->shm_ctime;
		k.shm_ctime_high = buf->__shm_ctime_high;
		k.shm_cpid = buf->shm_cpid;
		k.shm_lpid = buf->shm_lpid;
		k.shm_nattch = buf->shm_nattch;
	}
	switch (cmd) {
	case IPC_RMID:
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_ioctl(shmid, cmd, NULL);
	case IPC_SET:
		return shmctl_ioctl(shmid, cmd, buf ? &k : NULL);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	ret = shmctl_ioctl(shmid, cmd, buf ? &k : NULL);
	if (ret < 0)
		return ret;
	memcpy(&buf->shm_perm, &k.shm_perm, sizeof(buf->shm_perm));
	buf->shm_perm.mode &= 0xffff;
	buf->shm_segsz = k.shm_segsz;
	buf->shm_atime = k.shm_atime;
	buf->__shm_atime_high = 0;
	buf->shm_dtime = k.shm_dtime;
	buf->__shm_dtime_high = 0;
	buf->shm_ctime = k.shm_ctime;
	buf->__shm_ctime_high = 0;
	buf->shm_cpid = k.shm_cpid;
	buf->shm_lpid = k.shm_lpid;
	buf->shm_nattch = k.shm_nattch;
	return ret;
}
#endif

int toy_shmctl(int shmid, int cmd, struct shmid_ds *buf)
{
#ifdef __i386__
	if (cmd != IPC_INFO && cmd != SHM_INFO)
		return shmctl_copy(shmid, cmd, buf);
#endif
	return shmctl_ioctl(shmid, cmd, buf);
}
