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
 * Filesystems (kmod/toyfs.c, mqueue.c, posix_shm.c).  6.3 replaced the
 * user namespace argument of the inode operations and permission helpers
 * by a struct mnt_idmap; 6.7 put the inode times behind accessors.
 */
#include <linux/fs.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define toyipc_idmap			mnt_idmap
#define TOYIPC_NOP_IDMAP		(&nop_mnt_idmap)
#else
#define toyipc_idmap			user_namespace
#define TOYIPC_NOP_IDMAP		(&init_user_ns)
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
static inline void toyipc_inode_touch(struct inode *inode)
{
	simple_inode_init_ts(inode);
}
#else
static inline void toyipc_inode_touch(struct inode *inode)
{
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
}
#endif

/* The getattr of an inode operation: 6.6 gave generic_fillattr() the request mask. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define toyipc_generic_fillattr(idmap, mask, inode, stat)	\
	generic_fillattr(idmap, mask, inode, stat)
#else
#define toyipc_generic_fillattr(idmap, mask, inode, stat)	\
	generic_fillattr(idmap, inode, stat)
#endif

#endif /* _TOYIPC_COMPAT_H */
