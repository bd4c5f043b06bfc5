/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc compat: the one place where kernel-version differences live.
 *
 * toyipc builds against Debian's 6.1 and 6.12 kernels.  When an API changed
 * between them, the file that needs it calls the toyipc_ wrapper defined
 * here, and the #if stays in this header instead of in the logic.
 */
#ifndef _TOYIPC_COMPAT_H
#define _TOYIPC_COMPAT_H

#include <linux/version.h>

/*
 * Device classes (kmod/pipe.c's /dev/toyfifoN).  Up to 6.3 class_create()
 * was a macro taking the owning module; 6.4 made it a function of the name
 * alone.  Up to 6.1 a class's devnode() callback got a struct device, 6.2
 * made it const.  The macro's presence is the test; it tells 6.1 from 6.12
 * apart, but not 6.2 and 6.3, on which toyipc does not build.
 */
#include <linux/device/class.h>

#ifdef class_create
#define toyipc_class_create(name)	class_create(THIS_MODULE, name)
#define TOYIPC_DEVNODE_CONST
#else
#define toyipc_class_create(name)	class_create(name)
#define TOYIPC_DEVNODE_CONST		const
#endif

/*
 * The probe on the sched_process_exit tracepoint (kmod/sem.c's SEM_UNDO).
 * 6.1 and 6.12 both declare TP_PROTO(struct task_struct *p) and fire it
 * in do_exit() just before exit_sem(), so one prototype fits both; a
 * kernel that changes the TP_PROTO gets its own line here.
 */
struct task_struct;
#define TOYIPC_EXIT_PROBE_ARGS	void *data, struct task_struct *tsk

/*
 * Generic netlink multicast groups only privileged users may join
 * (kmod/netlink.c's events).  6.7 added GENL_MCAST_CAP_NET_ADMIN, and
 * Debian's 6.1 has it backported (6.1.0-57's include/net/genetlink.h);
 * 6.1 has no per-family mcast_bind() hook any more to check it by hand.
 * A kernel with neither would leave the events open to every user, so
 * toyipc refuses to build there rather than leak them.
 */
#include <net/genetlink.h>

#ifdef GENL_MCAST_CAP_NET_ADMIN
#define TOYIPC_MCAST_CAP_NET_ADMIN	GENL_MCAST_CAP_NET_ADMIN
#else
#error "this kernel cannot restrict a genetlink multicast group (no GENL_MCAST_CAP_NET_ADMIN)"
#endif

/*
 * Filesystems (kmod/toyfs.c, mqueue.c, posix_shm.c).  6.3 replaced the
 * user namespace argument of the inode operations and permission helpers
 * by a struct mnt_idmap, 6.6 gave generic_fillattr() the request mask and
 * 6.7 put the inode times behind accessors.  The test is class_create's,
 * as above: it tells the two supported kernels, 6.1 and 6.12, apart.
 */
#include <linux/fs.h>

#ifdef class_create
#define toyipc_idmap			user_namespace
#define TOYIPC_NOP_IDMAP		(&init_user_ns)

static inline void toyipc_generic_fillattr(struct user_namespace *idmap, u32 request_mask,
					   struct inode *inode, struct kstat *stat)
{
	generic_fillattr(idmap, inode, stat);
}

static inline void toyipc_inode_touch(struct inode *inode)
{
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
}
#else
#define toyipc_idmap			mnt_idmap
#define TOYIPC_NOP_IDMAP		(&nop_mnt_idmap)

static inline void toyipc_generic_fillattr(struct mnt_idmap *idmap, u32 request_mask,
					   struct inode *inode, struct kstat *stat)
{
	generic_fillattr(idmap, request_mask, inode, stat);
}

static inline void toyipc_inode_touch(struct inode *inode)
{
	simple_inode_init_ts(inode);
}
#endif

/*
 * The IPC namespace's sysctls (kmod/limits.c).  struct ipc_namespace is
 * the same in 6.1 and 6.12 (include/linux/ipc_namespace.h: msg_ctlmax,
 * msg_ctlmnb, msg_ctlmni, shm_ctlmax, shm_ctlall, shm_ctlmni, sem_ctls[4]),
 * so limits.c reads those fields directly.  What differs is the kernel's
 * configuration: ids[].next_id (kernel.msg_next_id, shm_next_id,
 * sem_next_id) exists only with CONFIG_CHECKPOINT_RESTORE, which Debian's
 * kernels have and the debug kernel has not.  ids[] is indexed as in
 * ipc/util.h, which is private to ipc/: IPC_SEM_IDS 0, IPC_MSG_IDS 1,
 * IPC_SHM_IDS 2 (the same in both versions).
 */
#include <linux/ipc_namespace.h>
#include <linux/toyipc.h>

#ifdef CONFIG_CHECKPOINT_RESTORE
#define TOYIPC_HAVE_NEXT_ID	1

static inline int toyipc_ns_next_id(const struct ipc_namespace *ns, enum toyipc_kind kind)
{
	int idx = kind == TOYIPC_KIND_SEM ? 0 : kind == TOYIPC_KIND_MSG ? 1 : 2;

	return READ_ONCE(ns->ids[idx].next_id);
}
#else
#define TOYIPC_HAVE_NEXT_ID	0

static inline int toyipc_ns_next_id(const struct ipc_namespace *ns, enum toyipc_kind kind)
{
	return -1;
}
#endif

/*
 * Where mmap() puts a toy segment (kmod/shm.c, posix_shm.c): the plain
 * search of the caller's mm, as Linux's shmem files ask for it
 * (shmem_get_unmapped_area() without huge pages).  A file with no
 * ->get_unmapped_area of its own gets that on 6.1, but 6.12's
 * __get_unmapped_area() aligns it to a huge page when its length is a
 * multiple of 2 MiB: another address than Linux's, and a costlier search.
 * 6.10 replaced mm->get_unmapped_area, the function the mm chose, by
 * mm_get_unmapped_area(), which makes the same choice from the mm's new
 * MMF_TOPDOWN flag: that flag's presence is the test.
 */
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>

static inline unsigned long toyipc_get_unmapped_area(struct file *file, unsigned long addr,
						     unsigned long len, unsigned long pgoff,
						     unsigned long flags)
{
#ifdef MMF_TOPDOWN
	return mm_get_unmapped_area(current->mm, file, addr, len, pgoff, flags);
#else
	return current->mm->get_unmapped_area(file, addr, len, pgoff, flags);
#endif
}

#endif /* _TOYIPC_COMPAT_H */
