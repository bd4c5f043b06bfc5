/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyfs: the little filesystems of the POSIX mechanisms, written once.
 *
 * POSIX names live in a filesystem: Linux keeps message queues in the
 * mqueue filesystem (ipc/mqueue.c) and shared memory in a tmpfs on
 * /dev/shm (mm/shmem.c).  The toy does the same with two filesystems of
 * its own, "toymqueue" (kmod/mqueue.c) and "toyshm" (kmod/posix_shm.c),
 * built from the libfs helpers: one directory, one inode per object.
 *
 * Each is mounted inside the module at load (kern_mount(), as ipc/mqueue.c
 * does for every IPC namespace) so that libtoyipc reaches the objects by
 * name through ioctls, and may also be mounted by the administrator:
 *	mount -t toymqueue none /dev/toymqueue
 * Every mount shows the one superblock (get_tree_single()).
 *
 * Lifetime: an open file or mapping of an object pins the module (the
 * fops' owner), and so does a user's mount (the file_system_type's owner);
 * the module's own mount does not, or rmmod could never succeed.
 */
#ifndef _TOYIPC_TOYFS_H
#define _TOYIPC_TOYFS_H

#include <linux/fs.h>
#include <linux/mount.h>

struct toyfs {
	struct file_system_type		type;		/* name, and .owner = THIS_MODULE */
	unsigned long			magic;		/* statfs's f_type */
	umode_t				root_mode;	/* S_IFDIR | S_ISVTX | 0777, like /dev/shm */
	const struct inode_operations	*dir_iops;	/* lookup, create, unlink */
	const struct super_operations	*sops;		/* evict_inode frees the object */
	struct vfsmount			*mnt;		/* the module's own mount */
};

int toyfs_register(struct toyfs *fs);
void toyfs_unregister(struct toyfs *fs);
int toyfs_init_fs_context(struct fs_context *fc);
void toyfs_kill_sb(struct super_block *sb);

struct inode *toyfs_new_inode(struct super_block *sb, umode_t mode);
void toyfs_instantiate(struct inode *dir, struct dentry *dentry, struct inode *inode);
char *toyfs_getname(const char __user *uname);
int toyfs_unlink(struct toyfs *fs, const char *name);
int toyfs_install(struct file *file, int oflag);

#endif /* _TOYIPC_TOYFS_H */
