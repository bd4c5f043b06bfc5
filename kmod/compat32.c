// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc for 32-bit callers: the layouts an i386 (-m32) program's libc
 * hands to the system calls, translated to and from the native ones, as
 * Linux's ipc/compat.c and the compat_ paths of ipc/msg.c, shm.c, sem.c and
 * mqueue.c do.  Every user buffer whose layout depends on the size of a
 * long or a pointer passes through one of these helpers; the mechanisms
 * call them instead of copy_to_user()/copy_from_user() and never test for
 * a 32-bit caller themselves.
 *
 * The request structs of uapi/linux/toyipc.h need no translation: they are
 * built of fixed-size fields only (pointers as __u64), so /dev/toyipc's
 * .compat_ioctl is compat_ptr_ioctl.  What differs is what they point to:
 *
 *	native (x86_64)		32-bit caller (i386)
 *	struct msqid64_ds	struct compat_msqid64_ds	msgctl
 *	struct shmid64_ds	struct compat_shmid64_ds	shmctl
 *	struct semid64_ds	struct compat_semid64_ds	semctl
 *	struct shminfo64	struct compat_shminfo64		shmctl(IPC_INFO)
 *	struct shm_info		struct compat_shm_info		shmctl(SHM_INFO)
 *	long mtype		compat_long_t mtype		msgsnd, msgrcv
 *	struct __kernel_timespec  struct old_timespec32		semtimedop, mq_timed*
 *	struct mq_attr		struct compat_mq_attr		mq_open, mq_getsetattr
 *	struct sigevent		struct compat_sigevent		mq_notify
 *
 * struct msginfo and struct seminfo are ints only, the same for both, and
 * the shmat() address travels in a __u64 (a 32-bit caller's mapping is
 * placed below 4 GiB by vm_mmap() itself, which sees a 32-bit syscall).
 *
 * i386 glibc always asks for the IPC_64 layouts (it ORs IPC_64 into the
 * command); toyipc_ipc_cmd() takes the flag off, as ipc_parse_version()
 * does, and every 32-bit caller gets the IPC_64 layouts, as the direct
 * msgctl/shmctl/semctl compat system calls give them.  The pre-IPC_64
 * layouts (16-bit uids, of Linux 2.2's libc) are not offered.
 *
 * Locking: none.  Every helper copies to or from user space and may sleep;
 * callers hold no spinlock.
 */
#include <linux/compat.h>
#include <linux/ipc.h>
#include <linux/kernel.h>
#include <linux/mqueue.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <uapi/linux/shm.h>
#include <linux/signal.h>
#include <linux/string.h>
#include <linux/time32.h>
#include <linux/time64.h>
#include <linux/uaccess.h>

#include <linux/toyipc.h>
#include "toyipc.h"

#ifdef CONFIG_COMPAT

/* ipc/shm.c's, ipc/msg.c's and ipc/mqueue.c's own compat structs (not in a header). */
struct compat_shminfo64 {
	compat_ulong_t shmmax;
	compat_ulong_t shmmin;
	compat_ulong_t shmmni;
	compat_ulong_t shmseg;
	compat_ulong_t shmall;
	compat_ulong_t __unused1;
	compat_ulong_t __unused2;
	compat_ulong_t __unused3;
	compat_ulong_t __unused4;
};

struct compat_shm_info {
	compat_int_t used_ids;
	compat_ulong_t shm_tot, shm_rss, shm_swp;
	compat_ulong_t swap_attempts, swap_successes;
};

struct compat_msgbuf {
	compat_long_t mtype;
	char mtext[];
};

struct compat_mq_attr {
	compat_long_t mq_flags;		/* message queue flags */
	compat_long_t mq_maxmsg;	/* maximum number of messages */
	compat_long_t mq_msgsize;	/* maximum message size */
	compat_long_t mq_curmsgs;	/* number of messages currently queued */
	compat_long_t __reserved[4];	/* ignored for input, zeroed for output */
};

/* to_compat_ipc64_perm(): the 32-bit ipc64_perm differs in its longs only. */
static void put_compat_perm(struct compat_ipc64_perm *to, const struct ipc64_perm *from)
{
	to->key = from->key;
	to->uid = from->uid;
	to->gid = from->gid;
	to->cuid = from->cuid;
	to->cgid = from->cgid;
	to->mode = from->mode;
	to->seq = from->seq;
}

/**
 * toyipc_compat_fill_ds - a 32-bit caller's IPC_STAT struct from the native
 *			   one, as copy_compat_msqid_to_user(),
 *			   copy_compat_shmid_to_user() and copy_compat_semid_to_user()
 * @kind: TOYIPC_KIND_MSG, _SHM or _SEM: @ds is a msqid64_ds, shmid64_ds or semid64_ds
 * @v: to fill: zeroed first, then the fields, times split into 32-bit halves
 * @ds: the native struct
 *
 * Pure: compat32_test.c tests it.
 *
 * Return: the size of the 32-bit struct, or 0 for an unknown @kind.
 */
size_t toyipc_compat_fill_ds(enum toyipc_kind kind, union toyipc_compat_ds *v, const void *ds)
{
	const struct msqid64_ds *msg = ds;
	const struct shmid64_ds *shm = ds;
	const struct semid64_ds *sem = ds;

	memset(v, 0, sizeof(*v));
	switch (kind) {
	case TOYIPC_KIND_MSG:
		put_compat_perm(&v->msg.msg_perm, &msg->msg_perm);
		v->msg.msg_stime = lower_32_bits(msg->msg_stime);
		v->msg.msg_stime_high = upper_32_bits(msg->msg_stime);
		v->msg.msg_rtime = lower_32_bits(msg->msg_rtime);
		v->msg.msg_rtime_high = upper_32_bits(msg->msg_rtime);
		v->msg.msg_ctime = lower_32_bits(msg->msg_ctime);
		v->msg.msg_ctime_high = upper_32_bits(msg->msg_ctime);
		v->msg.msg_cbytes = msg->msg_cbytes;
		v->msg.msg_qnum = msg->msg_qnum;
		v->msg.msg_qbytes = msg->msg_qbytes;
		v->msg.msg_lspid = msg->msg_lspid;
		v->msg.msg_lrpid = msg->msg_lrpid;
		return sizeof(v->msg);
	case TOYIPC_KIND_SHM:
		put_compat_perm(&v->shm.shm_perm, &shm->shm_perm);
		v->shm.shm_atime = lower_32_bits(shm->shm_atime);
		v->shm.shm_atime_high = upper_32_bits(shm->shm_atime);
		v->shm.shm_dtime = lower_32_bits(shm->shm_dtime);
		v->shm.shm_dtime_high = upper_32_bits(shm->shm_dtime);
		v->shm.shm_ctime = lower_32_bits(shm->shm_ctime);
		v->shm.shm_ctime_high = upper_32_bits(shm->shm_ctime);
		v->shm.shm_segsz = shm->shm_segsz;
		v->shm.shm_nattch = shm->shm_nattch;
		v->shm.shm_cpid = shm->shm_cpid;
		v->shm.shm_lpid = shm->shm_lpid;
		return sizeof(v->shm);
	case TOYIPC_KIND_SEM:
		put_compat_perm(&v->sem.sem_perm, &sem->sem_perm);
		v->sem.sem_otime = lower_32_bits(sem->sem_otime);
		v->sem.sem_otime_high = upper_32_bits(sem->sem_otime);
		v->sem.sem_ctime = lower_32_bits(sem->sem_ctime);
		v->sem.sem_ctime_high = upper_32_bits(sem->sem_ctime);
		v->sem.sem_nsems = sem->sem_nsems;
		return sizeof(v->sem);
	default:
		return 0;
	}
}

static int put_compat_ds(enum toyipc_kind kind, void __user *buf, const void *ds)
{
	union toyipc_compat_ds v;
	size_t size = toyipc_compat_fill_ds(kind, &v, ds);

	if (!size)
		return -EINVAL;
	return copy_to_user(buf, &v, size) ? -EFAULT : 0;
}

/*
 * copy_compat_*id_from_user(): IPC_SET reads the owner and mode (and a
 * queue's msg_qbytes), nothing else; the rest of @ds is zero.
 */
static int get_compat_ds(enum toyipc_kind kind, void *ds, size_t size,
			 const void __user *buf)
{
	/* Every *id64_ds of both layouts begins with its perm (registry.c). */
	const struct compat_ipc64_perm __user *uperm = buf;
	struct ipc64_perm *perm = ds;
	struct compat_ipc64_perm v;

	memset(ds, 0, size);
	if (copy_from_user(&v, uperm, sizeof(v)))
		return -EFAULT;
	perm->uid = v.uid;
	perm->gid = v.gid;
	perm->mode = v.mode;
	if (kind == TOYIPC_KIND_MSG) {
		const struct compat_msqid64_ds __user *p = buf;
		struct msqid64_ds *msg = ds;

		if (get_user(msg->msg_qbytes, &p->msg_qbytes))
			return -EFAULT;
	}
	return 0;
}

#endif /* CONFIG_COMPAT */

/**
 * toyipc_ipc_cmd - a msgctl/shmctl/semctl command without the IPC_64 flag
 * @cmd: the command as the caller gave it
 *
 * A 32-bit libc ORs IPC_64 into every command to ask for the 64-bit
 * layouts, which are the only ones toyipc gives them; a native caller
 * never does (x86_64 glibc's IPC_64 is 0, and Linux then says EINVAL for
 * the flag, which stays in @cmd for the mechanism to refuse).
 *
 * Return: the command to act on.
 */
int toyipc_ipc_cmd(int cmd)
{
	return in_compat_syscall() ? cmd & ~IPC_64 : cmd;
}

/**
 * toyipc_put_ds - copy IPC_STAT's struct out in the caller's layout
 * @kind: TOYIPC_KIND_MSG, _SHM or _SEM: @ds is a msqid64_ds, shmid64_ds or semid64_ds
 * @buf: the caller's struct msqid_ds, shmid_ds or semid_ds
 * @ds: the filled native struct
 * @size: its size
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_put_ds(enum toyipc_kind kind, void __user *buf, const void *ds, size_t size)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall())
		return put_compat_ds(kind, buf, ds);
#endif
	return copy_to_user(buf, ds, size) ? -EFAULT : 0;
}

/**
 * toyipc_get_ds - read IPC_SET's struct in the caller's layout
 * @kind: as for toyipc_put_ds()
 * @ds: the native struct to fill
 * @size: its size
 * @buf: the caller's struct
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_get_ds(enum toyipc_kind kind, void *ds, size_t size, const void __user *buf)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall())
		return get_compat_ds(kind, ds, size, buf);
#endif
	return copy_from_user(ds, buf, size) ? -EFAULT : 0;
}

/**
 * toyipc_put_shminfo - IPC_INFO's struct shminfo out, as copy_compat_shminfo_to_user()
 * @buf: the caller's struct shminfo
 * @info: the native struct shminfo64
 *
 * For a 32-bit caller shmmax is capped at INT_MAX and shmall cut to 32 bits,
 * as Linux does.
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_put_shminfo(void __user *buf, const struct shminfo64 *info)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_shminfo64 v;

		memset(&v, 0, sizeof(v));
		v.shmmax = min_t(unsigned long, info->shmmax, INT_MAX);
		v.shmmin = info->shmmin;
		v.shmmni = info->shmmni;
		v.shmseg = info->shmseg;
		v.shmall = info->shmall;
		return copy_to_user(buf, &v, sizeof(v)) ? -EFAULT : 0;
	}
#endif
	return copy_to_user(buf, info, sizeof(*info)) ? -EFAULT : 0;
}

/**
 * toyipc_put_shm_info - SHM_INFO's struct shm_info out, as put_compat_shm_info()
 * @buf: the caller's struct shm_info
 * @info: the native one
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_put_shm_info(void __user *buf, const struct shm_info *info)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_shm_info v;

		memset(&v, 0, sizeof(v));
		v.used_ids = info->used_ids;
		v.shm_tot = info->shm_tot;
		v.shm_rss = info->shm_rss;
		v.shm_swp = info->shm_swp;
		v.swap_attempts = info->swap_attempts;
		v.swap_successes = info->swap_successes;
		return copy_to_user(buf, &v, sizeof(v)) ? -EFAULT : 0;
	}
#endif
	return copy_to_user(buf, info, sizeof(*info)) ? -EFAULT : 0;
}

/**
 * toyipc_get_mtype - read the mtype of a struct msgbuf, as ksys_msgsnd()
 *		      and compat_ksys_msgsnd() do
 * @msgp: the caller's struct msgbuf: a long mtype, then the text
 * @mtype: set to the type, sign-extended from a 32-bit caller's long
 * @text: set to where the text begins in @msgp
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_get_mtype(const void __user *msgp, long *mtype, const void __user **text)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		const struct compat_msgbuf __user *p = msgp;
		compat_long_t v;

		if (get_user(v, &p->mtype))
			return -EFAULT;
		*mtype = v;
		*text = p->mtext;
		return 0;
	}
#endif
	{
		const struct msgbuf __user *p = msgp;

		if (get_user(*mtype, &p->mtype))
			return -EFAULT;
		*text = p->mtext;
		return 0;
	}
}

/**
 * toyipc_put_mtype - write the mtype of a received message, as do_msg_fill()
 *		      and compat_do_msg_fill() do
 * @msgp: the caller's struct msgbuf
 * @mtype: the type (a 32-bit caller can only have sent one that fits)
 * @text: set to where the text goes in @msgp
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_put_mtype(void __user *msgp, long mtype, void __user **text)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_msgbuf __user *p = msgp;

		if (put_user((compat_long_t)mtype, &p->mtype))
			return -EFAULT;
		*text = p->mtext;
		return 0;
	}
#endif
	{
		struct msgbuf __user *p = msgp;

		if (put_user(mtype, &p->mtype))
			return -EFAULT;
		*text = p->mtext;
		return 0;
	}
}

/**
 * toyipc_get_timespec - a struct timespec from user space: a 32-bit
 *			 caller's is struct old_timespec32, as compat_ksys_semtimedop()
 *			 and the compat mq_timed* calls read it
 * @ts: to fill
 * @uts: the caller's struct timespec
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_get_timespec(struct timespec64 *ts, const void __user *uts)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall())
		return get_old_timespec32(ts, uts);
#endif
	return get_timespec64(ts, uts);
}

/**
 * toyipc_get_mq_attr - a struct mq_attr from user space, as get_compat_mq_attr()
 * @attr: to fill
 * @buf: the caller's struct mq_attr
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_get_mq_attr(struct mq_attr *attr, const void __user *buf)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_mq_attr v;

		if (copy_from_user(&v, buf, sizeof(v)))
			return -EFAULT;
		memset(attr, 0, sizeof(*attr));
		attr->mq_flags = v.mq_flags;
		attr->mq_maxmsg = v.mq_maxmsg;
		attr->mq_msgsize = v.mq_msgsize;
		attr->mq_curmsgs = v.mq_curmsgs;
		return 0;
	}
#endif
	return copy_from_user(attr, buf, sizeof(*attr)) ? -EFAULT : 0;
}

/**
 * toyipc_put_mq_attr - a struct mq_attr to user space, as put_compat_mq_attr()
 * @buf: the caller's struct mq_attr
 * @attr: the attributes
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_put_mq_attr(void __user *buf, const struct mq_attr *attr)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_mq_attr v;

		memset(&v, 0, sizeof(v));
		v.mq_flags = attr->mq_flags;
		v.mq_maxmsg = attr->mq_maxmsg;
		v.mq_msgsize = attr->mq_msgsize;
		v.mq_curmsgs = attr->mq_curmsgs;
		return copy_to_user(buf, &v, sizeof(v)) ? -EFAULT : 0;
	}
#endif
	return copy_to_user(buf, attr, sizeof(*attr)) ? -EFAULT : 0;
}

/**
 * toyipc_get_sigevent - a struct sigevent from user space, as
 *			 get_compat_sigevent() (which modules cannot call)
 * @sev: to fill
 * @buf: the caller's struct sigevent
 *
 * A 32-bit caller's sigev_value is a 32-bit int or pointer; it lands in
 * sival_int, as Linux has it.
 *
 * Return: 0 or -EFAULT.
 */
int toyipc_get_sigevent(struct sigevent *sev, const void __user *buf)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall()) {
		struct compat_sigevent v;

		if (copy_from_user(&v, buf, sizeof(v)))
			return -EFAULT;
		memset(sev, 0, sizeof(*sev));
		sev->sigev_value.sival_int = v.sigev_value.sival_int;
		sev->sigev_signo = v.sigev_signo;
		sev->sigev_notify = v.sigev_notify;
		sev->sigev_notify_thread_id = v.sigev_notify_thread_id;
		return 0;
	}
#endif
	return copy_from_user(sev, buf, sizeof(*sev)) ? -EFAULT : 0;
}
