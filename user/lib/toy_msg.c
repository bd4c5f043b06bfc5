// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_msgget(), toy_msgsnd(), toy_msgrcv(), toy_msgctl().
 *
 * Each call packs its arguments into the request struct of its ioctl
 * (linux/toyipc.h) and hands it to the module; the module returns what the
 * system call would.  The caller's struct msgbuf and struct msqid_ds are
 * passed by address, untouched: the module reads and writes them in the
 * kernel's layout, which the assertions below prove is libc's layout.
 */
#include <stddef.h>
#include <stdint.h>
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
SAME_FIELD(msqid_ds, msg_perm.mode, msqid64_ds, msg_perm.mode);
SAME_FIELD(msqid_ds, msg_perm.__seq, msqid64_ds, msg_perm.seq);
SAME_FIELD(msqid_ds, msg_stime, msqid64_ds, msg_stime);
SAME_FIELD(msqid_ds, msg_rtime, msqid64_ds, msg_rtime);
SAME_FIELD(msqid_ds, msg_ctime, msqid64_ds, msg_ctime);
SAME_FIELD(msqid_ds, __msg_cbytes, msqid64_ds, msg_cbytes);
SAME_FIELD(msqid_ds, msg_qnum, msqid64_ds, msg_qnum);
SAME_FIELD(msqid_ds, msg_qbytes, msqid64_ds, msg_qbytes);
SAME_FIELD(msqid_ds, msg_lspid, msqid64_ds, msg_lspid);
SAME_FIELD(msqid_ds, msg_lrpid, msqid64_ds, msg_lrpid);
/* The module reads mtype as a long, the text right after it. */
_Static_assert(sizeof(long) == 8, "libtoyipc's msg calls are for 64-bit programs");

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
		.msgsz = msgsz,
	};

	return toy_ioctl(TOYIPC_IOC_MSGSND, &req);
}

ssize_t toy_msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)
{
	struct toyipc_msgrcv req = {
		.msqid = msqid,
		.msgflg = msgflg,
		.msgp = (uintptr_t)msgp,
		.msgsz = msgsz,
		.msgtyp = msgtyp,
	};

	return toy_ioctl(TOYIPC_IOC_MSGRCV, &req);
}

int toy_msgctl(int msqid, int cmd, struct msqid_ds *buf)
{
	struct toyipc_msgctl req = {
		.msqid = msqid,
		.cmd = cmd,
		.buf = (uintptr_t)buf,
	};

	return toy_ioctl(TOYIPC_IOC_MSGCTL, &req);
}
