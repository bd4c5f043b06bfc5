// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc POSIX shared memory: shm_open and shm_unlink.
 *
 * On Linux, POSIX shared memory is not a system call at all: glibc's
 * shm_open("/name") is open("/dev/shm/name", O_CLOEXEC | O_NOFOLLOW | oflag)
 * on a tmpfs, and everything after it (ftruncate, fstat, fchmod, mmap) is
 * the file's.  The pages are tmpfs's (mm/shmem.c): shmem_fault() finds or
 * allocates the page of the file at the faulting offset, charges it to the
 * faulting task's memory cgroup and puts it in the page cache, where every
 * other mapping of the file finds it.
 *
 * The toy does the same in a filesystem of its own, "toyshm" (toyfs.c):
 * each segment is an inode in its one directory, and its pages are in the
 * inode's page cache, as ramfs keeps them (ram_aops, generic_file_mmap:
 * filemap_fault() is shmem_fault() without swap).  Why not
 * shmem_file_setup()?  It makes anonymous, unnamed files on the kernel's
 * internal tmpfs; a second shm_open() of the same name would need a second
 * file on that inode, and fstat would show shmem's inode, not ours.  Why
 * not pages of our own, as kmod/shm.c keeps them?  Because the page cache
 * already gives what the issue asks for, and a student can see which
 * kernel code does it:
 *	- memory cgroup: filemap_add_folio() charges each page to the cgroup
 *	  of the task that faults or writes it in, as tmpfs pages are charged;
 *	- ftruncate: simple_setattr() -> truncate_setsize() frees the pages
 *	  past the new end and unmaps them; a later touch there is SIGBUS
 *	  (filemap_fault() past i_size), exactly tmpfs's behaviour;
 *	- MAP_PRIVATE: copy-on-write by the core mm, over the same pages.
 * Where it differs from tmpfs: the pages cannot be swapped (ramfs's
 * mapping_set_unevictable()), there is no size= limit on the mount, and
 * no huge pages.
 *
 * shm_open goes through file_open_root() in the module's mount, which is
 * open(2)'s own path walk: O_CREAT, O_EXCL, O_TRUNC, the umask and the
 * permission check are the VFS's, as they are for the real shm_open.
 *
 * Locking: the VFS's (the directory's inode lock, the inode's lock for
 * truncation), plus pshm_lock, a spinlock over the list of segments for
 * /proc/toyipc/posix_shm.
 *
 * Lifetime: a segment is an inode: it lives while it has a name, an open
 * file or a mapping (the vma holds the file), and its pages go with the
 * inode (evict).  Each open file pins the module.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/pagemap.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/toyipc.h>
#include <net/netlink.h>
#include "compat.h"
#include "netlink.h"
#include "toyfs.h"
#include "toyipc.h"

#define TOYSHM_MAGIC	0x70534d54	/* "TMSp" */

/* One segment: the inode's i_private. */
struct toy_pshm {
	struct list_head list;		/* in pshm_all; under pshm_lock */
	struct inode	*inode;		/* the segment's inode */
	char		*name;		/* the name it was created with; fixed */
	struct pid	*cpid;		/* creator's tgid; fixed */
};

static LIST_HEAD(pshm_all);
static DEFINE_SPINLOCK(pshm_lock);

/* fstat's st_blocks: the pages the segment has, as tmpfs counts them. */
static int pshm_getattr(struct toyipc_idmap *idmap, const struct path *path,
			struct kstat *stat, u32 request_mask, unsigned int flags)
{
	struct inode *inode = d_inode(path->dentry);

	toyipc_generic_fillattr(idmap, request_mask, inode, stat);
	stat->blocks = inode->i_mapping->nrpages << (PAGE_SHIFT - 9);
	return 0;
}

static const struct inode_operations pshm_file_iops = {
	.setattr	= simple_setattr,	/* ftruncate, fchmod, fchown */
	.getattr	= pshm_getattr,
};

static const struct file_operations pshm_fops = {
	.owner		= THIS_MODULE,	/* rmmod is refused while open or mapped */
	.read_iter	= generic_file_read_iter,
	.write_iter	= generic_file_write_iter,
	.get_unmapped_area = toyipc_get_unmapped_area,	/* where tmpfs would put it */
	.mmap		= generic_file_mmap,
	.fsync		= noop_fsync,
	.llseek		= generic_file_llseek,
};

/* The directory's ->create: open(O_CREAT) of a new name, like shmem_create(). */
static int pshm_create(struct toyipc_idmap *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode, bool excl)
{
	struct toy_pshm *seg;
	struct inode *inode;

	seg = kzalloc(sizeof(*seg), GFP_KERNEL);
	if (!seg)
		return -ENOMEM;
	seg->name = kstrdup(dentry->d_name.name, GFP_KERNEL);
	inode = toyfs_new_inode(dir->i_sb, S_IFREG | (mode & 07777));
	if (!seg->name || !inode) {
		kfree(seg->name);
		kfree(seg);
		iput(inode);
		return -ENOMEM;
	}
	inode->i_op = &pshm_file_iops;
	inode->i_fop = &pshm_fops;
	inode->i_mapping->a_ops = &ram_aops;
	mapping_set_gfp_mask(inode->i_mapping, GFP_HIGHUSER);
	mapping_set_unevictable(inode->i_mapping);
	inode->i_private = seg;
	seg->inode = inode;
	seg->cpid = get_pid(task_tgid(current));
	spin_lock(&pshm_lock);
	list_add_tail(&seg->list, &pshm_all);
	spin_unlock(&pshm_lock);
	toyfs_instantiate(dir, dentry, inode);
	return 0;
}

static const struct inode_operations pshm_dir_iops = {
	.lookup		= simple_lookup,
	.create		= pshm_create,
	.unlink		= simple_unlink,
};

/* The last reference to a segment's inode is gone: free its pages and it. */
static void pshm_evict_inode(struct inode *inode)
{
	struct toy_pshm *seg = inode->i_private;

	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
	if (!seg)
		return;	/* the directory */
	spin_lock(&pshm_lock);
	list_del(&seg->list);
	spin_unlock(&pshm_lock);
	put_pid(seg->cpid);
	kfree(seg->name);
	kfree(seg);
}

static const struct super_operations pshm_sops = {
	.statfs		= simple_statfs,
	.drop_inode	= generic_delete_inode,
	.evict_inode	= pshm_evict_inode,
};

static struct toyfs pshm_fs = {
	.type		= { .name = "toyshm", .owner = THIS_MODULE },
	.magic		= TOYSHM_MAGIC,
	.root_mode	= S_IFDIR | S_ISVTX | 0777,
	.dir_iops	= &pshm_dir_iops,
	.sops		= &pshm_sops,
};

/*
 * pshm_getname - a name as the kernel sees it after glibc's checks
 * (libtoyipc makes them too): one path component.  The module checks
 * again so that no caller can walk out of the directory.
 *
 * Return: the name (kfree() it), or ERR_PTR(-EINVAL, -ENAMETOOLONG,
 * -EFAULT, -ENOENT).
 */
static char *pshm_getname(const char __user *uname)
{
	char *name = toyfs_getname(uname);
	int err = 0;

	if (IS_ERR(name))
		return name;
	if (strchr(name, '/'))
		err = -EINVAL;
	else if (strlen(name) > NAME_MAX)
		err = -ENAMETOOLONG;
	if (err) {
		kfree(name);
		return ERR_PTR(err);
	}
	return name;
}

/**
 * do_toy_shm_open - shm_open(): open(2) of @uname in the toyshm directory
 * @uname: the name without its leading slash
 * @oflag: O_RDONLY or O_RDWR, O_CREAT, O_EXCL, O_TRUNC...: open(2)'s
 * @mode: the permission bits of a new segment, before the umask
 *
 * Return: the new descriptor (close-on-exec), or open(2)'s -errno.
 */
static long do_toy_shm_open(const char __user *uname, int oflag, umode_t mode)
{
	struct path root = { .mnt = pshm_fs.mnt, .dentry = pshm_fs.mnt->mnt_root };
	char *name = pshm_getname(uname);
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = toyfs_install(file_open_root(&root, name, oflag | O_NOFOLLOW | O_CLOEXEC, mode),
			    O_CLOEXEC);
	kfree(name);
	return ret;
}

/* shm_unlink(): unlink(2) of the name. */
static long do_toy_shm_unlink(const char __user *uname)
{
	char *name = pshm_getname(uname);
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = toyfs_unlink(&pshm_fs, name);
	kfree(name);
	return ret;
}

/**
 * toyipc_posix_shm_ioctl - the POSIX shared memory ioctls of /dev/toyipc
 * @cmd: TOYIPC_IOC_SHM_OPEN or TOYIPC_IOC_SHM_UNLINK
 * @arg: the request in user space
 *
 * Return: what shm_open() or shm_unlink() returns, or -errno.
 */
long toyipc_posix_shm_ioctl(unsigned int cmd, void __user *arg)
{
	struct toyipc_shm_open req;

	switch (cmd) {
	case TOYIPC_IOC_SHM_OPEN:
		if (copy_from_user(&req, arg, sizeof(req)))
			return -EFAULT;
		return do_toy_shm_open(u64_to_user_ptr(req.name), req.oflag, req.mode);
	case TOYIPC_IOC_SHM_UNLINK:
		if (copy_from_user(&req, arg, sizeof(req)))
			return -EFAULT;
		return do_toy_shm_unlink(u64_to_user_ptr(req.name));
	default:
		return -ENOTTY;
	}
}

/*
 * /proc/toyipc/posix_shm: one row per segment, named or not yet freed
 * (an unlinked segment still open or mapped shows "(deleted)").
 */
static int pshm_proc_show(struct seq_file *m, void *v)
{
	struct user_namespace *ns = seq_user_ns(m);
	struct toy_pshm *seg;

	seq_printf(m, "%-24s %12s %5s %5s %5s %6s %12s\n",
		   "name", "size", "perms", "uid", "gid", "cpid", "rss");
	spin_lock(&pshm_lock);
	list_for_each_entry(seg, &pshm_all, list) {
		struct inode *inode = seg->inode;

		seq_printf(m, "/%-23s %12lld %5o %5u %5u %6d %12lu%s\n", seg->name,
			   i_size_read(inode), inode->i_mode & 07777,
			   from_kuid_munged(ns, inode->i_uid),
			   from_kgid_munged(ns, inode->i_gid), pid_vnr(seg->cpid),
			   inode->i_mapping->nrpages << PAGE_SHIFT,
			   inode->i_nlink ? "" : " (deleted)");
	}
	spin_unlock(&pshm_lock);
	return 0;
}

/* Netlink GET_OBJECTS: one message per segment, from position cb->args[1]. */
static int pshm_nl_fill(struct sk_buff *skb, struct toy_pshm *seg)
{
	struct inode *inode = seg->inode;

	if (nla_put_u32(skb, TOYIPC_OBJ_KIND, TOYIPC_KIND_POSIX_SHM) ||
	    nla_put_s32(skb, TOYIPC_OBJ_ID, inode->i_ino) ||
	    nla_put_u32(skb, TOYIPC_OBJ_UID, from_kuid_munged(current_user_ns(), inode->i_uid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_GID, from_kgid_munged(current_user_ns(), inode->i_gid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_MODE, inode->i_mode & 07777) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_SEGSZ, i_size_read(inode), TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_RSS, inode->i_mapping->nrpages << PAGE_SHIFT,
			      TOYIPC_OBJ_PAD) ||
	    nla_put_u32(skb, TOYIPC_OBJ_CPID, pid_vnr(seg->cpid)))
		return -EMSGSIZE;
	return 0;
}

static int pshm_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct toyipc_nl_msg msg;
	struct toy_pshm *seg;
	unsigned long i = 0;
	int err = 0;

	spin_lock(&pshm_lock);
	list_for_each_entry(seg, &pshm_all, list) {
		if (i++ < cb->args[1])
			continue;
		err = toyipc_nl_obj_begin(skb, cb, &msg);
		if (!err)
			err = toyipc_nl_obj_end(skb, &msg, pshm_nl_fill(skb, seg));
		if (err)
			break;
		cb->args[1] = i;
	}
	spin_unlock(&pshm_lock);
	return err;
}

/**
 * toyipc_posix_shm_init - register and mount toyshm, create /proc/toyipc/posix_shm
 *
 * Return: 0 or -errno.
 */
int toyipc_posix_shm_init(void)
{
	int err = toyfs_register(&pshm_fs);

	if (err)
		return err;
	if (!proc_create_single("posix_shm", 0444, toyipc_proc_dir, pshm_proc_show)) {
		toyfs_unregister(&pshm_fs);
		return -ENOMEM;
	}
	toyipc_nl_set_dump(TOYIPC_KIND_POSIX_SHM, pshm_nl_dump);
	return 0;
}

/* Module unload: no segment is open or mapped; the named ones go now. */
void toyipc_posix_shm_exit(void)
{
	toyipc_nl_set_dump(TOYIPC_KIND_POSIX_SHM, NULL);
	remove_proc_entry("posix_shm", toyipc_proc_dir);
	toyfs_unregister(&pshm_fs);
}
