// SPDX-License-Identifier: GPL-2.0
/*
 * toyfs: what the filesystems of kmod/mqueue.c and kmod/posix_shm.c share
 * (see toyfs.h for why there are filesystems at all).
 *
 * Locking: the VFS's.  The directory's inode lock (inode_lock of the root)
 * serialises lookups that may create and unlinks, as in do_mq_open() and
 * sys_mq_unlink(); nothing here has a lock of its own.
 */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "toyfs.h"

static struct toyfs *to_toyfs(struct file_system_type *type)
{
	return container_of(type, struct toyfs, type);
}

/**
 * toyfs_new_inode - a new inode of @sb owned by the caller, like mqueue_get_inode()
 * @sb: the superblock
 * @mode: S_IFREG or S_IFDIR and the permission bits (umask applied)
 *
 * Return: the inode, or NULL when out of memory.
 */
struct inode *toyfs_new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = get_next_ino();
	inode->i_mode = mode;
	inode->i_uid = current_fsuid();
	inode->i_gid = current_fsgid();
	toyipc_inode_touch(inode);
	return inode;
}

/*
 * toyfs_instantiate - a new object's inode goes into the directory: the
 * dentry stays pinned (dget) until unlink, as in mqueue_create_attr(),
 * because nothing but the dcache remembers the name.
 */
void toyfs_instantiate(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	toyipc_inode_touch(dir);
	d_instantiate(dentry, inode);
	dget(dentry);
}

static int toyfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct toyfs *fs = to_toyfs(fc->fs_type);
	struct inode *root;

	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_magic = fs->magic;
	sb->s_op = fs->sops;
	sb->s_time_gran = 1;

	root = toyfs_new_inode(sb, fs->root_mode);
	if (!root)
		return -ENOMEM;
	root->i_op = fs->dir_iops;
	root->i_fop = &simple_dir_operations;
	set_nlink(root, 2);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static int toyfs_get_tree(struct fs_context *fc)
{
	return get_tree_single(fc, toyfs_fill_super);
}

static const struct fs_context_operations toyfs_context_ops = {
	.get_tree	= toyfs_get_tree,
};

/* The file_system_type's init_fs_context. */
int toyfs_init_fs_context(struct fs_context *fc)
{
	fc->ops = &toyfs_context_ops;
	return 0;
}

/* The file_system_type's kill_sb: objects nobody unlinked go with the superblock. */
void toyfs_kill_sb(struct super_block *sb)
{
	kill_litter_super(sb);
}

/**
 * toyfs_register - register @fs and mount it for the module's own use
 * @fs: the filesystem, its fields filled in
 *
 * kern_mount() takes a reference to the module, as every mount does; the
 * module gives it back at once, so that its own mount does not keep rmmod
 * from working (toyfs_unregister() takes it again before unmounting).
 *
 * Return: 0 or -errno.
 */
int toyfs_register(struct toyfs *fs)
{
	int err;

	fs->type.init_fs_context = toyfs_init_fs_context;
	fs->type.kill_sb = toyfs_kill_sb;
	err = register_filesystem(&fs->type);
	if (err)
		return err;
	fs->mnt = kern_mount(&fs->type);
	if (IS_ERR(fs->mnt)) {
		err = PTR_ERR(fs->mnt);
		unregister_filesystem(&fs->type);
		return err;
	}
	module_put(fs->type.owner);
	return 0;
}

/* Module unload: nothing is open, mapped or mounted (each pins the module). */
void toyfs_unregister(struct toyfs *fs)
{
	__module_get(fs->type.owner);
	kern_unmount(fs->mnt);
	unregister_filesystem(&fs->type);
}

/**
 * toyfs_getname - copy a name from user space, like getname()
 * @uname: the caller's NUL-terminated string
 *
 * Return: a kmalloc'ed copy (kfree() it), or ERR_PTR(-EFAULT),
 * ERR_PTR(-ENAMETOOLONG) for PATH_MAX bytes or more, or ERR_PTR(-ENOENT)
 * for the empty name (mq_open("/")), as getname() gives them.
 */
char *toyfs_getname(const char __user *uname)
{
	char *name = strndup_user(uname, PATH_MAX);

	if (IS_ERR(name) && PTR_ERR(name) == -EINVAL)
		return ERR_PTR(-ENAMETOOLONG);
	if (!IS_ERR(name) && !*name) {
		kfree(name);
		return ERR_PTR(-ENOENT);
	}
	return name;
}

/**
 * toyfs_unlink - remove @name from @fs, like sys_mq_unlink()
 * @fs: the filesystem
 * @name: the name, without a slash
 *
 * vfs_unlink() checks the sticky directory's rule (only the owner of the
 * object or of the directory, or CAP_FOWNER) and calls the directory's
 * ->unlink.  The object lives on while it is open or mapped.
 *
 * Return: 0, or -ENOENT, -EACCES, -EPERM, -ENAMETOOLONG.
 */
int toyfs_unlink(struct toyfs *fs, const char *name)
{
	struct dentry *root = fs->mnt->mnt_root, *dentry;
	struct inode *inode = NULL;
	int err;

	inode_lock_nested(d_inode(root), I_MUTEX_PARENT);
	dentry = lookup_one_len(name, root, strlen(name));
	if (IS_ERR(dentry)) {
		err = PTR_ERR(dentry);
		goto out_unlock;
	}
	inode = d_inode(dentry);
	if (!inode) {
		err = -ENOENT;
	} else {
		ihold(inode);	/* the last iput after the directory's lock */
		err = vfs_unlink(TOYIPC_NOP_IDMAP, d_inode(root), dentry, NULL);
	}
	dput(dentry);
out_unlock:
	inode_unlock(d_inode(root));
	if (inode)
		iput(inode);
	return err;
}

/**
 * toyfs_install - give @file a descriptor, close-on-exec as mq_open()'s and
 * shm_open()'s always are
 * @file: an open file, or an ERR_PTR that is passed on
 * @oflag: unused but for O_CLOEXEC, which is the default anyway
 *
 * Return: the descriptor, or -errno (the file is put).
 */
int toyfs_install(struct file *file, int oflag)
{
	int fd;

	if (IS_ERR(file))
		return PTR_ERR(file);
	fd = get_unused_fd_flags(O_CLOEXEC | (oflag & O_CLOEXEC));
	if (fd < 0) {
		fput(file);
		return fd;
	}
	fd_install(fd, file);
	return fd;
}
