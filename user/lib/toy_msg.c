// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_msgget(), toy_msgsnd(), toy_msgrcv(), toy_msgctl().
 *
 * Each call packs its arguments into the request struct of its ioctl
 * (linux/toyipc.h) and hands it to the module; the module returns what the
 * system call would.  The caller's struct msgbuf and struct msqid_ds are
 * passed by address, untouched: the module reads and writes them in the
 * kernel's layout, which the assertions below prove is libc's layout (for
 * a -m32 build, libtoyipc32.a, the kernel's i386 layout, which the module
 * gives 32-bit callers: kmod/compat32.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/msg.h>

#include <asm/msgbuf.h>		/* struct msqid64_ds: what the kernel copies */
#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

#define SAME_FIELD(a, fa, b, fb)					\
	_Static_assert(offsetof(struct a, fa) == offsetof(struct b, fb) &&	\
		       sizeof(((struct a *)0)->fa) == sizeof(((struct b *)0)->fb), \
		       #a "." #fa " is not " #b "." #fb)

_Static_assert(sizeof(struct msqid_ds) == sizeof(struct msqid64_ds),
	       "libc's struct msqid_ds is not the kernel's struct msqid64_ds");
SAME_FIELD(msqid_ds, msg_perm.__key, msqid64_ds, msg_perm.key);
SAME_FIELD(msqid_ds, msg_perm.uid, msqid64_ds, msg_perm.uid);
SAME_FIELD(msqid_ds, msg_perm.gid, msqid64_ds, msg_perm.gid);
SAME_FIELD(msqid_ds, msg_perm.cuid, msqid64_ds, msg_perm.cuid);
SAME_FIELD(msqid_ds, msg_perm.cgid, msqid64_ds, msg_perm.cgid);
/*
 * i386 glibc's mode is 32 bits where the kernel has a 16-bit mode and two
 * bytes of padding, which it zeroes: the same bytes on little-endian x86.
 */
#ifdef __i386__
_Static_assert(offsetof(struct msqid_ds, msg_perm.mode) ==
	       offsetof(struct msqid64_ds, msg_perm.mode), "msg_perm.mode");
#else
SAME_FIELD(msqid_ds, msg_perm.mode, msqid64_ds, msg_perm.mode);
#endif
SAME_FIELD(msqid_ds, msg_perm.__seq, msqid64_ds, msg_perm.seq);
SAME_FIELD(msqid_ds, msg_stime, msqid64_ds, msg_stime);
SAME_FIELD(msqid_ds, msg_rtime, msqid64_ds, msg_rtime);
SAME_FIELD(msqid_ds, msg_ctime, msqid64_ds, msg_ctime);
SAME_FIELD(msqid_ds, __msg_cbytes, msqid64_ds, msg_cbytes);
SAME_FIELD(msqid_ds, msg_qnum, msqid64_ds, msg_qnum);
SAME_FIELD(msqid_ds, msg_qbytes, msqid64_ds, msg_qbytes);
SAME_FIELD(msqid_ds, msg_lspid, msqid64_ds, msg_lspid);
SAME_FIELD(msqid_ds, msg_lrpid, msqid64_ds, msg_lrpid);
/*
 * The module reads mtype as the caller's long, the text right after it: 8
 * bytes on x86_64, 4 for a 32-bit caller (kmod/compat32.c).
 */

int toy_msgget(key_t key, int msgflg)
{
	struct toyipc_msgget req = { .key = key, .msgflg = msgflg };

	return toy_ioctl(TOYIPC_IOC_MSGGET, &req);
}

int toy_msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)
{
	struct toyipc_msgsnd req = {
		.msqid = msqid,
		.msgflg = msgflg,
		.msgp = (uintptr_t)msgp,
		.msgsz = (uint64_t)(int64_t)(ssize_t)msgsz,	/* the syscall takes an ssize_t */
	};

	return toy_ioctl(TOYIPC_IOC_MSGSND, &req);
}

ssize_t toy_msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)
{
	struct toyipc_msgrcv req = {
		.msqid = msqid,
		.msgflg = msgflg,
		.msgp = (uintptr_t)msgp,
		.msgsz = (uint64_t)(int64_t)(ssize_t)msgsz,	/* the syscall takes an ssize_t */
		.msgtyp = msgtyp,
	};

	return toy_ioctl(TOYIPC_IOC_MSGRCV, &req);
}

static int msgctl_ioctl(int msqid, int cmd, void *buf)
{
	struct toyipc_msgctl req = {
		.msqid = msqid,
		.cmd = cmd,
		.buf = (uintptr_t)buf,
	};

	return toy_ioctl(TOYIPC_IOC_MSGCTL, &req);
}

/*
 * i386 glibc (since 2.34, for its 64-bit time_t) never lends the caller's
 * struct msqid_ds to the kernel for msgctl: it reads the caller's
 * struct first (for every command but the *_INFO ones, whatever the
 * command), makes the call on a copy of its own in the kernel's layout and
 * copies back only the fields the kernel reported, with the *_high halves
 * of the times zeroed and the rest of the caller's struct untouched.  A bad
 * pointer is therefore a SIGSEGV in libc, not EFAULT.  toy_msgctl() does the
 * same, so that a 32-bit program sees the same bytes on both sides.
 */
#ifdef __i386__
_Static_assert(sizeof(struct ipc_perm) == sizeof(struct ipc64_perm), "ipc_perm");

static int msgctl_copy(int msqid, int cmd, struct msqid_ds *buf)
{
	struct msqid64_ds k;
	int ret;

	memset(&k, 0, sizeof(k));
	if (buf) {
		memcpy(&k.msg_perm, &buf->msg_perm, sizeof(k.msg_perm));
		k.msg_stime = buf->msg_stime;
		k.msg_stime_high = buf->__msg_stime_high;
		k.msg_rtime = buf->msg_rtime;
		k.msg_rtime_high = buf->__msg_rtime_high;
		k.msg_ctime = buf->msg_ctime;
		k.msg_ctime_high = buf->__msg_ctime_high;
		k.msg_cbytes = buf->__msg_cbytes;
		k.msg_qnum = buf->msg_qnum;
		k.msg_qbytes = buf->msg_qbytes;
		k.msg_lspid = buf->msg_lspid;
		k.msg_lrpid = buf->msg_lrpid;
	}
	switch (cmd) {
	case IPC_RMID:
		return msgctl_ioctl(msqid, cmd, NULL);
	case IPC_SET:
		return msgctl_ioctl(msqid, cmd, buf ? &k : NULL);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	ret = msgctl_ioctl(msqid, cmd, buf ? &k : NULL);
	if (ret < 0)
		return ret;
	memcpy(&buf->msg_perm, &k.msg_perm, sizeof(buf->msg_perm));
	buf->msg_perm.mode &= 0xffff;
	buf->msg_stime = k.msg_stime;
	buf->__msg_stime_high = 0;
	buf->msg_rtime = k.msg_rtime;
	buf->__msg_rtime_high = 0;
	buf->msg_ctime = k.msg_ctime;
	buf->__msg_ctime_high = 0;
	buf->__msg_cbytes = k.msg_cbytes;
	buf->msg_qnum = k.msg_qnum;
	buf->msg_qbytes = k.msg_qbytes;
	buf->msg_lspid = k.msg_lspid;
	buf->msg_lrpid = k.msg_lrpid;
	return ret;
}
#endif

int toy_msgctl(int msqid, int cmd, struct msqid_ds *buf)
{
#ifdef __i386__
	if (cmd != IPC_INFO && cmd != MSG_INFO)
		return msgctl_copy(msqid, cmd, buf);
#endif
	return msgctl_ioctl(msqid, cmd, buf);
}
