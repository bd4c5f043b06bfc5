// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc shared memory: shmget, shmat, shmdt and shmctl, like ipc/shm.c.
 *
 * A segment is a numbered set of pages that every attacher maps at once.
 * Linux keeps them in a shmem file (mm/shmem.c) and lets the page cache
 * find them; the toy keeps them itself, in an xarray indexed by page
 * number, and hands them out from its own page fault handler:
 *
 *	shmget	creates the segment: its size and an inode, no page yet
 *	shmat	opens the inode, a file for this attach, and vm_mmap()s
 *		it MAP_SHARED
 *	fault	the first touch of page N allocates it, zero-filled, and
 *		stores it; every later fault, in any process, gets that page
 *	shmdt	unmaps the attach; IPC_RMID with attaches left only marks it
 *
 * Locking (see also the registry's rules in registry.h):
 *  - shm_ids.mutex serialises the table: creation, key lookup, removal.
 *  - seg->obj.lock, a spinlock, protects nattch, the times and pids, and
 *    the SHM_DEST bit of seg->obj.mode.  Never sleep under it.
 *  - SHM_LOCK and SHM_UNLOCK change the SHM_LOCKED bit and seg->mlock_uid
 *    with shm_ids.mutex and seg->obj.lock both held, so that the sum of a
 *    user's locked pages (locked_pages()) can be read under the mutex alone.
 *  - seg->pages has its own internal lock: a page, once stored, stays
 *    until the segment is freed, so a fault may use it without our lock.
 *  - seg->acct, the commit charge, is set by shm_create() and dropped by
 *    shm_removed(), both under shm_ids.mutex, or by shm_free() of a
 *    segment that never was in the table.
 *  - Order: mm->mmap_lock, then shm_ids.mutex, then seg->obj.lock.  The
 *    vm close handler runs under mmap_lock and may remove the segment
 *    from the table (which takes shm_ids.mutex), so nothing here may
 *    touch user memory or the mm while holding shm_ids.mutex.
 *
 * Lifetime: the table holds one reference until removal; each attach's
 * file holds one from shmat until the last mapping of that attach is gone
 * (its vmas hold the file); the pages and the inode go with the last
 * reference.
 */
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ipc.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/pid.h>
#include <linux/pseudo_fs.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/shm.h>
#include <linux/shmem_fs.h>
#include <uapi/linux/shm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include <linux/toyipc.h>
#include <net/netlink.h>
#include "compat.h"
#include "registry.h"
#include "toyipc.h"

/* ipc/shm.c's private mode bits: removed, freed at the last detach; locked. */
#define SHM_DEST	01000
#define SHM_LOCKED	02000

/* One segment: struct shmid_kernel. */
struct toy_shm {
	struct toyipc_obj obj;		/* key, id, perms, lock */
	size_t		segsz;		/* size asked for: shm_segsz; fixed */
	unsigned long	nr_pages;	/* segsz in whole pages; fixed */
	struct xarray	pages;		/* page index -> struct page, filled by faults */
	unsigned long	nattch;		/* mappings of it, fork's included; under lock */
	time64_t	atime;		/* last attach; under lock */
	time64_t	dtime;		/* last detach; under lock */
	time64_t	ctime;		/* creation or last IPC_SET; under lock */
	struct pid	*cpid;		/* creator's tgid; fixed */
	struct pid	*lpid;		/* last attach or detach, NULL if none; under lock */
	atomic_long_t	nr_faults;	/* faults served (netlink) */
	atomic_long_t	nr_allocs;	/* pages allocated, <= nr_pages (rss) */
	kuid_t		mlock_uid;	/* who SHM_LOCKed it, charged for it; see the top */
	struct path	path;		/* its inode on shm_mnt, opened by each attach; fixed */
	struct file	*acct;		/* holds its commit charge, NULL if none; see shm_charge() */
};

static struct toyipc_ids shm_ids;

/*
 * Pages of the segments in the table, against shmall: ns->shm_tot.  Raised
 * when a segment gets its id and lowered when it leaves the table, as
 * newseg() and shm_destroy() do, both under shm_ids.mutex (shm_added(),
 * shm_removed()); atomic so that SHM_INFO may read it without the mutex.
 * A removed segment whose memory an open file still holds (root's
 * /proc/PID/map_files/) no longer counts, as on Linux.
 */
static atomic_long_t shm_tot;

static struct toy_shm *to_shm(struct toyipc_obj *obj)
{
	return container_of(obj, struct toy_shm, obj);
}

/* What shmget() asks for: toyipc_get()'s @arg for shm_create() and shm_check(). */
struct shm_request {
	key_t	key;
	size_t	size;
	int	shmflg;
};

/*
 * The segments' inodes.  Linux keeps a segment in a shmem file on its
 * internal tmpfs mount and gives each attach a clone of that file
 * (alloc_file_clone(), which modules cannot call).  The toy gives each
 * segment an inode on a pseudo filesystem of its own, mounted only inside
 * the kernel (SB_NOUSER: no path reaches it), and each attach opens that
 * inode with dentry_open(): no new dentry per attach, and each segment's
 * mappings in their own inode's i_mmap tree.  As in Linux, the dentry's
 * name is SYSV<key> and it is unhashed, the inode's number is the id
 * (shm_added()), so /proc/PID/maps names an attach as it names a real
 * one, "/SYSV0000162e (deleted)" with the id in the inode column; only
 * the device column is this filesystem's, not the internal tmpfs's.
 *
 * Set at module load and unload only.  The type has no owner: a mount of
 * the module's own would otherwise pin it; the module unmounts it last.
 */
#define TOYIPC_SHM_MAGIC	0x746f7973	/* "toys" */

static struct vfsmount *shm_mnt;

static int shm_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, TOYIPC_SHM_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type shm_fs_type = {
	.name		= "toyipc_shm",
	.init_fs_context = shm_init_fs_context,
	.kill_sb	= kill_anon_super,
};

/*
 * may_hugetlb - can_do_hugetlb_shm(): SHM_HUGETLB needs CAP_IPC_LOCK or
 * membership of vm.hugetlb_shm_group, which the toy takes to be its
 * default, 0 (the sysctl is not exported to modules).
 */
static bool may_hugetlb(void)
{
	return capable(CAP_IPC_LOCK) || in_group_p(GLOBAL_ROOT_GID);
}

/*
 * shm_charge - charge a new segment of @size bytes to the system's commit
 * (Committed_AS), as Linux does: newseg() makes its shmem file with
 * shmem_kernel_file_setup(), whose shmem_acct_size() asks
 * __vm_enough_memory() under the vm.overcommit_memory mode in force (0:
 * no more than RAM and swap; 1: always; 2: within CommitLimit) and keeps
 * the charge until the file goes, at shm_destroy().  A module may call
 * neither __vm_enough_memory() nor vm_acct_memory(), but shmem_file_setup()
 * is exported and does the same accounting: the toy makes such a file of
 * the segment's size, never maps it or gives it a page, and keeps it in
 * seg->acct until the segment leaves the table (shm_removed()).  Its pages
 * are the toy's own (seg->pages); the file only carries the charge.
 *
 * SHM_NORESERVE: no charge (VM_NORESERVE), as in newseg() in modes 0 and 1.
 * In mode 2 Linux charges such a segment anyway; the toy cannot read the
 * mode (sysctl_overcommit_memory is not exported) and does not.
 *
 * Return: 0, -ENOMEM if the commit is refused, -EINVAL past
 * MAX_LFS_FILESIZE, as newseg() would return them.
 */
static int shm_charge(struct toy_shm *seg, const char *name, size_t size, int shmflg)
{
	struct file *file;

	file = shmem_file_setup(name, size, shmflg & SHM_NORESERVE ? VM_NORESERVE : 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	seg->acct = file;
	return 0;
}

/* Drop shm_charge()'s charge, if the segment still has it.  shm_ids.mutex held. */
static void shm_uncharge(struct toy_shm *seg)
{
	if (seg->acct)
		fput(seg->acct);
	seg->acct = NULL;
}

static const struct file_operations shm_file_ops;

/*
 * shm_new_inode - the segment's inode on shm_mnt and its unhashed dentry
 * "SYSV<key>", kept in seg->path until shm_free().  Called from
 * shm_create() with shm_ids.mutex held.  Return: 0 or -ENOMEM.
 */
static int shm_new_inode(struct toy_shm *seg, const char *name)
{
	struct dentry *dentry;
	struct inode *inode;

	inode = alloc_anon_inode(shm_mnt->mnt_sb);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	inode->i_fop = &shm_file_ops;
	inode->i_private = seg;
	dentry = d_alloc_name(shm_mnt->mnt_root, name);
	if (!dentry) {
		iput(inode);
		return -ENOMEM;
	}
	d_instantiate(dentry, inode);	/* the dentry owns the inode now */
	seg->path.dentry = dentry;
	seg->path.mnt = mntget(shm_mnt);
	return 0;
}

/*
 * shm_create - a new segment for @arg (a struct shm_request *), like
 * newseg().  Called by the registry with shm_ids.mutex held, so shm_tot is
 * checked here and raised in shm_added() by one creator at a time.
 *
 * SHM_HUGETLB: the toy has no huge pages and gives a privileged caller an
 * ordinary segment; it fails as newseg() does where it can: -EINVAL on a
 * kernel without huge pages (hstate_sizelog() finds no size), -EPERM from
 * hugetlb_file_setup() for a caller who may not.
 */
static struct toyipc_obj *shm_create(void *arg)
{
	const struct shm_request *req = arg;
	size_t size = req->size;
	unsigned long nr_pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	long tot = atomic_long_read(&shm_tot);
	char name[sizeof("SYSV") + 8];	/* newseg()'s name for both files */
	struct toy_shm *seg;
	int err;

	if (size < 1 || size > toyipc_limit(TOYIPC_LIM_SHMMAX))
		return ERR_PTR(-EINVAL);
	if (nr_pages << PAGE_SHIFT < size)
		return ERR_PTR(-ENOSPC);	/* the rounding wrapped */
	if (tot + nr_pages < tot || tot + nr_pages > toyipc_limit(TOYIPC_LIM_SHMALL))
		return ERR_PTR(-ENOSPC);
	if (req->shmflg & SHM_HUGETLB) {
		if (!IS_ENABLED(CONFIG_HUGETLB_PAGE))
			return ERR_PTR(-EINVAL);
		if (!may_hugetlb())
			return ERR_PTR(-EPERM);
	}

	seg = kzalloc(sizeof(*seg), GFP_KERNEL_ACCOUNT);
	if (!seg)
		return ERR_PTR(-ENOMEM);
	snprintf(name, sizeof(name), "SYSV%08x", req->key);
	/* SHM_HUGETLB: Linux charges huge pages, not the commit; the toy nothing. */
	err = req->shmflg & SHM_HUGETLB ? 0 : shm_charge(seg, name, size, req->shmflg);
	if (!err)
		err = shm_new_inode(seg, name);
	if (err) {
		shm_uncharge(seg);
		kfree(seg);
		return ERR_PTR(err);
	}
	seg->segsz = size;
	seg->nr_pages = nr_pages;
	xa_init(&seg->pages);
	seg->ctime = ktime_get_real_seconds();
	seg->cpid = get_pid(task_tgid(current));
	return &seg->obj;
}

/* shmget() of an existing key may not ask for more than it has: shm_more_checks(). */
static int shm_check(struct toyipc_obj *obj, void *arg)
{
	const struct shm_request *req = arg;

	return to_shm(obj)->segsz < req->size ? -EINVAL : 0;
}

/* The last reference is gone: no mapping, no table, no caller. */
static void shm_free(struct toyipc_obj *obj)
{
	struct toy_shm *seg = to_shm(obj);
	struct page *page;
	unsigned long index;

	/*
	 * A page still mapped somewhere is not freed until that pte goes.
	 * A segment may have millions of pages: let others run meanwhile.
	 */
	xa_for_each(&seg->pages, index, page) {
		put_page(page);
		cond_resched();
	}
	xa_destroy(&seg->pages);
	shm_uncharge(seg);	/* never added: toyipc_get() could not */
	path_put(&seg->path);	/* the unhashed dentry goes, and the inode */
	put_pid(seg->cpid);
	put_pid(seg->lpid);
	kfree_rcu(seg, obj.rcu);
}

/*
 * The segment has its id: the inode takes it as its number, and its pages
 * count in shm_tot, as in newseg().  shm_ids.mutex held.
 */
static void shm_added(struct toyipc_obj *obj)
{
	struct toy_shm *seg = to_shm(obj);

	d_inode(seg->path.dentry)->i_ino = obj->id;
	atomic_long_add(seg->nr_pages, &shm_tot);
}

/*
 * The segment has left the table: shm_destroy()'s shm_tot, and its fput()
 * of the shmem file, which ends the commit charge.  shm_ids.mutex held.
 */
static void shm_removed(struct toyipc_obj *obj)
{
	struct toy_shm *seg = to_shm(obj);

	atomic_long_sub(seg->nr_pages, &shm_tot);
	shm_uncharge(seg);
}

static unsigned int shm_limit(void)
{
	return toyipc_limit(TOYIPC_LIM_SHMMNI);
}

/*
 * shm_may_destroy - removed by IPC_RMID and nobody attached: take it out of
 * the table now.  seg->obj.lock held.  Once this is true it stays true,
 * because shmat refuses such a segment under the same lock.
 */
static bool shm_may_destroy(struct toy_shm *seg)
{
	lockdep_assert_held(&seg->obj.lock);
	return seg->nattch == 0 && (seg->obj.mode & SHM_DEST);
}

/*
 * shm_drop_nattch - do_toy_shmat() is done: drop the count it held while it
 * mapped, and remove the segment from the table if that was the last
 * attach of a removed segment (a failed shmat after IPC_RMID).  Takes
 * seg->obj.lock, and shm_ids.mutex in toyipc_rmid(): may sleep.
 */
static void shm_drop_nattch(struct toy_shm *seg)
{
	bool destroy;

	spin_lock(&seg->obj.lock);
	seg->nattch--;
	destroy = shm_may_destroy(seg);
	spin_unlock(&seg->obj.lock);
	if (destroy)
		toyipc_rmid(&seg->obj);
}

/*
 * shm_vm_open - a new mapping of an attach: the first one (from shm_mmap),
 * a copy made by fork(), or a piece split off by mprotect() or munmap().
 * Each counts in nattch, as in Linux's shm_open().  The vma's file holds a
 * reference to the segment, so it is alive.
 */
static void shm_vm_open(struct vm_area_struct *vma)
{
	struct toy_shm *seg = vma->vm_file->private_data;

	spin_lock(&seg->obj.lock);
	seg->atime = ktime_get_real_seconds();
	toyipc_update_pid(&seg->lpid, task_tgid(current));
	seg->nattch++;
	spin_unlock(&seg->obj.lock);
}

/*
 * shm_vm_close - a mapping is gone: shmdt(), munmap(), exec() or exit().
 * Called with mmap_lock held; may sleep (shm_drop_nattch).
 */
static void shm_vm_close(struct vm_area_struct *vma)
{
	struct toy_shm *seg = vma->vm_file->private_data;
	bool destroy;

	spin_lock(&seg->obj.lock);
	seg->dtime = ktime_get_real_seconds();
	toyipc_update_pid(&seg->lpid, task_tgid(current));
	seg->nattch--;
	destroy = shm_may_destroy(seg);
	spin_unlock(&seg->obj.lock);
	if (destroy)
		toyipc_rmid(&seg->obj);
}

/*
 * shm_vm_fault - a process touched page vmf->pgoff of the segment for the
 * first time (in this mapping).  Hand out the segment's page, allocating it
 * zero-filled on the very first touch; shmem does the same through the page
 * cache (shmem_fault).  Past the segment's last page, as after a mremap()
 * that grew the mapping, there is nothing to hand out: SIGBUS.
 *
 * No lock of ours: two first faults on one page may both allocate, and
 * xa_cmpxchg() lets exactly one of them store its page.
 */
static vm_fault_t shm_vm_fault(struct vm_fault *vmf)
{
	/* EXERCISE: shm-fault BEGIN */
	struct toy_shm *seg = vmf->vma->vm_file->private_data;
	struct page *page, *new;

	if (vmf->pgoff >= seg->nr_pages)
		return VM_FAULT_SIGBUS;

	page = xa_load(&seg->pages, vmf->pgoff);
	if (!page) {
		/*
		 * Charged to the faulting task's memory cgroup, as shmem
		 * charges the pages of a real segment: past memory.max the
		 * cgroup reclaims or OOM-kills, exactly as for real shm.
		 */
		new = alloc_page(GFP_HIGHUSER | __GFP_ZERO | __GFP_ACCOUNT);
		if (!new)
			return VM_FAULT_OOM;
		page = xa_cmpxchg(&seg->pages, vmf->pgoff, NULL, new, GFP_KERNEL_ACCOUNT);
		if (xa_is_err(page)) {
			__free_page(new);
			return VM_FAULT_OOM;
		}
		if (page) {
			__free_page(new);	/* another fault stored one first */
		} else {
			page = new;
			atomic_long_inc(&seg->nr_allocs);
		}
	}
	atomic_long_inc(&seg->nr_faults);

	/* The pte takes this reference; the segment keeps its own. */
	get_page(page);
	vmf->page = page;
	return 0;
	/* EXERCISE: shm-fault END */
}

static const struct vm_operations_struct shm_vm_ops = {
	.open	= shm_vm_open,
	.close	= shm_vm_close,
	.fault	= shm_vm_fault,
};

/* vm_mmap() from do_toy_shmat(): the attach's first mapping. */
static int shm_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &shm_vm_ops;
	shm_vm_open(vma);
	return 0;
}

/*
 * shm_file_open - the segment's inode is opened: by each attach, through
 * dentry_open() in do_toy_shmat(), or by root through
 * /proc/PID/map_files/ of an attach.  The file holds a reference to the
 * segment until shm_release().  Whoever reaches the inode holds one
 * already (the attaching caller; the mapping map_files follows), so the
 * segment is alive.
 */
static int shm_file_open(struct inode *inode, struct file *file)
{
	struct toy_shm *seg = inode->i_private;

	toyipc_hold(&seg->obj);
	file->private_data = seg;
	return 0;
}

/* The file's last user, its last mapping for an attach, is gone. */
static int shm_release(struct inode *inode, struct file *file)
{
	struct toy_shm *seg = file->private_data;

	toyipc_put(&seg->obj);
	return 0;
}

/*
 * The segment inode's i_fop: one file per attach, as Linux's do_shmat()
 * makes one.  The owner pins the module while a mapping of it exists:
 * rmmod says "in use".
 */
static const struct file_operations shm_file_ops = {
	.owner		= THIS_MODULE,
	.open		= shm_file_open,
	.get_unmapped_area = toyipc_get_unmapped_area,	/* where Linux would put it */
	.mmap		= shm_mmap,
	.release	= shm_release,
	.llseek		= noop_llseek,
};

/**
 * do_toy_shmget - shmget(): find or create a segment by key
 * @key: IPC_PRIVATE or a key
 * @size: bytes; a new segment needs 1..shmmax, an existing one at least this
 * @shmflg: IPC_CREAT, IPC_EXCL and the permission bits
 *
 * Return: the id, or -EINVAL, -ENOENT, -EEXIST, -EACCES, -ENOSPC, -ENOMEM.
 */
static long do_toy_shmget(key_t key, size_t size, int shmflg)
{
	struct shm_request req = { .key = key, .size = size, .shmflg = shmflg };

	return toyipc_get(&shm_ids, key, shmflg, &req);
}

/**
 * do_toy_shmat - shmat(): map a segment into the caller, like Linux's do_shmat()
 * @shmid: the segment
 * @addr: where, or 0 to let the kernel choose
 * @shmflg: SHM_RDONLY, SHM_RND (round @addr down), SHM_REMAP (replace what
 *	    is mapped there), SHM_EXEC
 * @raddr: the address of the mapping, on success
 *
 * Takes seg->obj.lock, then mmap_lock in vm_mmap() after dropping it.
 *
 * Return: 0, or -EINVAL (bad id or address, or @addr already mapped without
 * SHM_REMAP), -EACCES, -EIDRM, -ENOMEM.
 */
static long do_toy_shmat(int shmid, unsigned long addr, int shmflg,
		     unsigned long *raddr)
{
	unsigned long flags = MAP_SHARED, prot, size;
	struct toyipc_obj *obj;
	struct toy_shm *seg;
	struct file *file;
	int acc_mode, f_flags;
	long err;

	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(shmflg & SHM_RND))
				return -EINVAL;
			addr &= ~(SHMLBA - 1);
			if (!addr && (shmflg & SHM_REMAP))
				return -EINVAL;
		}
		/* Linux refuses an address in use unless SHM_REMAP says replace it. */
		flags |= (shmflg & SHM_REMAP) ? MAP_FIXED : MAP_FIXED_NOREPLACE;
	} else if (shmflg & SHM_REMAP) {
		return -EINVAL;
	}
	if (shmflg & SHM_RDONLY) {
		prot = PROT_READ;
		acc_mode = 0444;
		f_flags = O_RDONLY;	/* so mprotect(PROT_WRITE) fails too */
	} else {
		prot = PROT_READ | PROT_WRITE;
		acc_mode = 0666;
		f_flags = O_RDWR;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc_mode |= 0111;
	}

	obj = toyipc_obtain(&shm_ids, shmid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	seg = to_shm(obj);
	err = toyipc_perms(obj, acc_mode);
	if (err)
		goto out_put;

	spin_lock(&obj->lock);
	if (obj->deleted || shm_may_destroy(seg)) {
		spin_unlock(&obj->lock);
		err = -EIDRM;
		goto out_put;
	}
	/*
	 * Count this attach now, so that an IPC_RMID before the mapping exists
	 * only marks the segment; the mapping counts itself in shm_mmap().
	 */
	seg->nattch++;
	size = seg->segsz;
	spin_unlock(&obj->lock);

	if (addr && addr + size < addr) {
		err = -EINVAL;
		goto out_nattch;
	}
	/* The attach's file, with a reference of its own (shm_file_open()). */
	file = dentry_open(&seg->path, f_flags, current_cred());
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto out_nattch;
	}
	*raddr = vm_mmap(file, addr, size, prot, flags, 0);
	err = IS_ERR_VALUE(*raddr) ? (long)*raddr : 0;
	if (err == -EEXIST)
		err = -EINVAL;	/* MAP_FIXED_NOREPLACE's word for "in use" */
	fput(file);

out_nattch:
	shm_drop_nattch(seg);
out_put:
	toyipc_put(obj);
	return err;
}

/*
 * shm_piece_of - is @vma a piece of a toy attach made at @base?  Ours, at
 * the offset its distance from @base says (ksys_shmdt()'s test).
 */
static bool shm_piece_of(const struct vm_area_struct *vma, unsigned long base)
{
	return vma->vm_ops == &shm_vm_ops && vma->vm_start >= base &&
	       (vma->vm_start - base) >> PAGE_SHIFT == vma->vm_pgoff;
}

/*
 * shm_next_piece - the first mapping in [@from, @base + @size) that is a
 * piece of the attach of @file made at @base: mprotect() and munmap() split
 * one attach into several vmas, each at its own offset.  Takes mmap_lock
 * for reading.  Return: true and the piece's range, or false.
 */
static bool shm_next_piece(struct mm_struct *mm, struct file *file, unsigned long from,
			   unsigned long base, unsigned long size,
			   unsigned long *start, unsigned long *end)
{
	struct vm_area_struct *vma;
	bool found = false;

	mmap_read_lock(mm);
	for (vma = find_vma(mm, from); vma && vma->vm_start < base + size;
	     vma = find_vma(mm, vma->vm_end)) {
		if (vma->vm_file == file && shm_piece_of(vma, base)) {
			*start = vma->vm_start;
			*end = vma->vm_end;
			found = true;
			break;
		}
	}
	mmap_read_unlock(mm);
	return found;
}

/*
 * shm_first_piece - the lowest vma at or above @addr that is a piece of a
 * toy attach made at @addr (shm_piece_of()).  The attach's first pages may
 * have been munmap()ed, so like ksys_shmdt()'s first loop the search is not
 * bounded by a size (the segment is not known until a piece is found).
 * mmap_lock held.
 */
static struct vm_area_struct *shm_first_piece(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, addr); vma; vma = find_vma(mm, vma->vm_end))
		if (shm_piece_of(vma, addr))
			return vma;
	return NULL;
}

/**
 * do_toy_shmdt - shmdt(): unmap the attach made at @addr
 * @addr: what shmat() returned
 *
 * As ksys_shmdt(): the first piece found (shm_first_piece()) names the
 * segment, and with it the range [@addr, @addr + size) its other pieces
 * can be in; each piece of the same file at its own offset is unmapped.
 * Linux looks up and unmaps under one mmap_write_lock; a module cannot
 * call do_munmap(), so the toy looks up under the read lock and unmaps
 * each piece with vm_munmap().  The file reference keeps the attach's
 * file (and so its identity) alive meanwhile.  nattch and the times change
 * in shm_vm_close().
 *
 * Return: 0, or -EINVAL if no piece of an attach made at @addr is mapped.
 */
static long do_toy_shmdt(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long size, start, end;
	struct toy_shm *seg;
	struct file *file;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	vma = shm_first_piece(mm, addr);
	if (!vma) {
		mmap_read_unlock(mm);
		return -EINVAL;
	}
	file = get_file(vma->vm_file);
	seg = file->private_data;
	size = seg->nr_pages << PAGE_SHIFT;
	start = vma->vm_start;
	end = vma->vm_end;
	mmap_read_unlock(mm);

	/* Past the first piece, search only if it did not reach the end. */
	while (!vm_munmap(start, end - start) && end < addr + size &&
	       shm_next_piece(mm, file, end, addr, size, &start, &end))
		;
	fput(file);
	return 0;
}

/*
 * shm_fill_stat - IPC_STAT's and SHM_STAT's fields of a segment, as
 * shmctl_stat() fills them; the registry's toyipc_ctl_stat() does the
 * rest.  seg->obj.lock held.
 */
static void shm_fill_stat(struct toyipc_obj *obj, void *buf)
{
	struct toy_shm *seg = to_shm(obj);
	struct shmid64_ds *out = buf;

	out->shm_segsz = seg->segsz;
	out->shm_atime = seg->atime;
	out->shm_dtime = seg->dtime;
	out->shm_ctime = seg->ctime;
	out->shm_cpid = pid_vnr(seg->cpid);
	out->shm_lpid = pid_vnr(seg->lpid);
	out->shm_nattch = seg->nattch;
}

static long shm_stat(int shmid, enum toyipc_stat_how how, struct shmid64_ds __user *buf)
{
	struct shmid64_ds out;

	return toyipc_ctl_stat(&shm_ids, shmid, how, &out, sizeof(out), buf, shm_fill_stat);
}

/**
 * toyipc_shm_fill_ipc_info - IPC_INFO's struct shminfo64, as shmctl_ipc_info()
 * @info: to fill
 *
 * shmmni (also as shmseg, the per-process limit Linux does not enforce),
 * shmmax, shmall and SHMMIN.  Pure but for reading the limits.
 */
void toyipc_shm_fill_ipc_info(struct shminfo64 *info)
{
	memset(info, 0, sizeof(*info));
	info->shmmni = toyipc_limit(TOYIPC_LIM_SHMMNI);
	info->shmseg = info->shmmni;
	info->shmmax = toyipc_limit(TOYIPC_LIM_SHMMAX);
	info->shmall = toyipc_limit(TOYIPC_LIM_SHMALL);
	info->shmmin = SHMMIN;
}

/* SHM_INFO's resident pages: what each segment has allocated (shm_add_rss_swap()). */
static void shm_add_rss(struct toyipc_obj *obj, void *arg)
{
	*(unsigned long *)arg += atomic_long_read(&to_shm(obj)->nr_allocs);
}

/*
 * IPC_INFO and SHM_INFO: shmctl_ipc_info() and shmctl_shm_info().  SHM_INFO
 * counts segments in used_ids, pages of all segments in shm_tot, pages
 * allocated in shm_rss; the toy never swaps, so shm_swp and the swap
 * counters are 0 (as on Linux without swap).
 * Return: the highest index in use (0 if none), or -EFAULT.
 */
static long shm_info(int cmd, void __user *buf)
{
	unsigned long rss = 0;
	unsigned int in_use;
	int max_idx;

	max_idx = toyipc_ids_info(&shm_ids, &in_use, cmd == SHM_INFO ? shm_add_rss : NULL,
				  &rss);
	if (cmd == SHM_INFO) {
		struct shm_info info;

		memset(&info, 0, sizeof(info));
		info.used_ids = in_use;
		info.shm_tot = atomic_long_read(&shm_tot);
		info.shm_rss = rss;
		if (toyipc_put_shm_info(buf, &info))
			return -EFAULT;
	} else {
		struct shminfo64 info;

		toyipc_shm_fill_ipc_info(&info);
		if (toyipc_put_shminfo(buf, &info))
			return -EFAULT;
	}
	return max_idx;
}

/*
 * locked_pages - the pages of the segments @uid has SHM_LOCKed: what
 * Linux counts in the user's UCOUNT_RLIMIT_MEMLOCK for shm (the toy counts
 * only its own segments).  shm_ids.mutex held; a segment stays counted
 * until it leaves the table, also after IPC_RMID while attached, as in
 * Linux, where shm_destroy() unlocks it.
 */
static unsigned long locked_pages(kuid_t uid)
{
	struct toyipc_obj *obj;
	unsigned long n = 0;
	int idx;

	lockdep_assert_held(&shm_ids.mutex);
	idr_for_each_entry(&shm_ids.idr, obj, idx)
		if ((READ_ONCE(obj->mode) & SHM_LOCKED) && uid_eq(to_shm(obj)->mlock_uid, uid))
			n += to_shm(obj)->nr_pages;
	return n;
}

/*
 * may_lock_more - user_shm_lock(): may the caller lock @pages more pages?
 * Below its RLIMIT_MEMLOCK, counting what it has locked already, or with
 * CAP_IPC_LOCK.  shm_ids.mutex held.
 */
static bool may_lock_more(unsigned long pages)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK);

	if (limit != RLIM_INFINITY)
		limit >>= PAGE_SHIFT;
	return locked_pages(current_uid()) + pages <= limit || capable(CAP_IPC_LOCK);
}

/**
 * shm_do_lock - SHM_LOCK and SHM_UNLOCK, like shmctl_do_lock()
 * @shmid: the segment
 * @cmd: SHM_LOCK or SHM_UNLOCK
 *
 * Without CAP_IPC_LOCK only the owner or creator may (-EPERM), and SHM_LOCK
 * needs a non-zero RLIMIT_MEMLOCK (-EPERM); a limit too small for the
 * user's locked segments plus this one is -ENOMEM (shmem_lock()).  Locking
 * twice counts once.  SHM_LOCKED shows in shm_perm.mode.
 *
 * What locking keeps resident: Linux makes a locked segment's shmem pages
 * unevictable, so reclaim does not swap them out.  The toy's pages
 * (shm_vm_fault()) are never on an LRU list and never swapped: from the
 * first touch until the segment is freed, the segment holds a reference to
 * each, locked or not.  So here SHM_LOCK is the mode bit and the
 * RLIMIT_MEMLOCK charge; residency holds by construction.
 *
 * Takes shm_ids.mutex, then seg->obj.lock.
 *
 * Return: 0, or -EINVAL, -EIDRM, -EPERM, -ENOMEM.
 */
static long shm_do_lock(int shmid, int cmd)
{
	struct toyipc_obj *obj;
	struct toy_shm *seg;
	long err = 0;

	obj = toyipc_obtain(&shm_ids, shmid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	seg = to_shm(obj);

	mutex_lock(&shm_ids.mutex);
	spin_lock(&obj->lock);
	if (obj->deleted) {
		err = -EIDRM;
		goto out_unlock;
	}
	if (!capable(CAP_IPC_LOCK)) {
		kuid_t euid = current_euid();

		if (!uid_eq(euid, obj->uid) && !uid_eq(euid, obj->cuid)) {
			err = -EPERM;
			goto out_unlock;
		}
		if (cmd == SHM_LOCK && !rlimit(RLIMIT_MEMLOCK)) {
			err = -EPERM;
			goto out_unlock;
		}
	}
	if (cmd == SHM_LOCK) {
		if (obj->mode & SHM_LOCKED)
			goto out_unlock;
		if (!may_lock_more(seg->nr_pages)) {
			err = -ENOMEM;
			goto out_unlock;
		}
		seg->mlock_uid = current_uid();
		WRITE_ONCE(obj->mode, obj->mode | SHM_LOCKED);
	} else {
		WRITE_ONCE(obj->mode, obj->mode & ~SHM_LOCKED);
	}
out_unlock:
	spin_unlock(&obj->lock);
	mutex_unlock(&shm_ids.mutex);
	toyipc_put(obj);
	return err;
}

/* IPC_SET changes the change time: under obj->lock, from toyipc_ctl_set(). */
static void shm_touch(struct toyipc_obj *obj)
{
	to_shm(obj)->ctime = ktime_get_real_seconds();
}

/* IPC_SET: new owner and mode from the caller's shmid_ds. */
static long shm_set(int shmid, struct shmid64_ds __user *buf)
{
	struct shmid64_ds in;

	if (toyipc_get_ds(TOYIPC_KIND_SHM, &in, sizeof(in), buf))
		return -EFAULT;
	return toyipc_ctl_set(&shm_ids, shmid, &in.shm_perm, shm_touch);
}

/*
 * do_shm_rmid - IPC_RMID, permission checked, like do_shm_rmid() (and
 * toyipcctl rm): with nobody attached the segment goes at
 * once; otherwise its key is freed for a new segment and it is marked
 * SHM_DEST, to go at its last detach.  Until then Linux (and the toy) still
 * let IPC_STAT and shmat() reach it by id.
 */
static void do_shm_rmid(struct toyipc_obj *obj)
{
	bool destroy;

	toyipc_forget_key(obj);
	spin_lock(&obj->lock);
	WRITE_ONCE(obj->mode, obj->mode | SHM_DEST);
	destroy = shm_may_destroy(to_shm(obj));
	spin_unlock(&obj->lock);
	if (destroy)
		toyipc_rmid(obj);
}

/**
 * do_toy_shmctl - shmctl(), every command of ksys_shmctl()
 * @shmid: the segment, or for SHM_STAT and SHM_STAT_ANY its index
 * @cmd: the command; unknown ones are -EINVAL
 * @buf: the caller's struct shmid_ds, shminfo or shm_info (unused by
 *	 IPC_RMID, SHM_LOCK and SHM_UNLOCK)
 *
 * Return: 0, the highest index (*_INFO), the id (*_STAT), or -errno.
 */
static long do_toy_shmctl(int shmid, int cmd, struct shmid64_ds __user *buf)
{
	if (cmd < 0 || shmid < 0)
		return -EINVAL;

	cmd = toyipc_ipc_cmd(cmd);
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shm_info(cmd, buf);
	case IPC_STAT:
		return shm_stat(shmid, TOYIPC_STAT_ID, buf);
	case SHM_STAT:
		return shm_stat(shmid, TOYIPC_STAT_INDEX, buf);
	case SHM_STAT_ANY:
		return shm_stat(shmid, TOYIPC_STAT_INDEX_ANY, buf);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shm_do_lock(shmid, cmd);
	case IPC_SET:
		return shm_set(shmid, buf);
	case IPC_RMID:
		return toyipc_ctl_rmid(&shm_ids, shmid);
	default:
		return -EINVAL;
	}
}

/* The ioctl handlers: copy the request in, call do_toy_shmxxx(). */

static long ioctl_shmget(void __user *arg)
{
	struct toyipc_shmget req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_toy_shmget(req.key, req.size, req.shmflg);
}

static long ioctl_shmat(void __user *arg)
{
	struct toyipc_shmat __user *ureq = arg;
	struct toyipc_shmat req;
	unsigned long addr;
	long err;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	err = do_toy_shmat(req.shmid, req.addr, req.shmflg, &addr);
	if (err)
		return err;
	/* The caller cannot learn where it is: undo the attach. */
	if (put_user(addr, &ureq->addr)) {
		do_toy_shmdt(addr);
		return -EFAULT;
	}
	return 0;
}

static long ioctl_shmdt(void __user *arg)
{
	struct toyipc_shmdt req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_toy_shmdt(req.addr);
}

static long ioctl_shmctl(void __user *arg)
{
	struct toyipc_shmctl req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_toy_shmctl(req.shmid, req.cmd, u64_to_user_ptr(req.buf));
}

/**
 * toyipc_shm_ioctl - the shared memory ioctls of /dev/toyipc
 * @cmd: TOYIPC_IOC_SHMGET, _SHMAT, _SHMDT or _SHMCTL
 * @arg: the request struct in user space
 *
 * Return: what the system call returns, or -errno.
 */
long toyipc_shm_ioctl(unsigned int cmd, void __user *arg)
{
	switch (cmd) {
	case TOYIPC_IOC_SHMGET:
		return ioctl_shmget(arg);
	case TOYIPC_IOC_SHMAT:
		return ioctl_shmat(arg);
	case TOYIPC_IOC_SHMDT:
		return ioctl_shmdt(arg);
	case TOYIPC_IOC_SHMCTL:
		return ioctl_shmctl(arg);
	default:
		return -ENOTTY;
	}
}

/*
 * /proc/toyipc/shm: the columns of /proc/sysvipc/shm (sysvipc_shm_proc_show()),
 * pids as the reader sees them (see msg_proc_show()).
 */
static void shm_proc_show(struct seq_file *m, struct toyipc_obj *obj)
{
	struct toy_shm *seg = to_shm(obj);
	struct user_namespace *ns = seq_user_ns(m);

	seq_printf(m, "%10d %10d  %4o %21zu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu %21lu %21lu\n",
		   obj->key, obj->id, obj->mode, seg->segsz,
		   pid_vnr(seg->cpid), pid_vnr(seg->lpid),
		   seg->nattch,
		   from_kuid_munged(ns, obj->uid), from_kgid_munged(ns, obj->gid),
		   from_kuid_munged(ns, obj->cuid), from_kgid_munged(ns, obj->cgid),
		   seg->atime, seg->dtime, seg->ctime,
		   atomic_long_read(&seg->nr_allocs) << PAGE_SHIFT, 0UL);
}

/* Netlink: what IPC_STAT shows, the pages allocated and the faults served. */
static int shm_nl_fill(struct sk_buff *skb, struct toyipc_obj *obj)
{
	struct toy_shm *seg = to_shm(obj);

	if (nla_put_u64_64bit(skb, TOYIPC_OBJ_SEGSZ, seg->segsz, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_NATTCH, seg->nattch, TOYIPC_OBJ_PAD) ||
	    nla_put_u32(skb, TOYIPC_OBJ_CPID, pid_vnr(seg->cpid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_LPID, pid_vnr(seg->lpid)) ||
	    nla_put_s64(skb, TOYIPC_OBJ_ATIME, seg->atime, TOYIPC_OBJ_PAD) ||
	    nla_put_s64(skb, TOYIPC_OBJ_DTIME, seg->dtime, TOYIPC_OBJ_PAD) ||
	    nla_put_s64(skb, TOYIPC_OBJ_CTIME, seg->ctime, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_RSS,
			      atomic_long_read(&seg->nr_allocs) << PAGE_SHIFT, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_FAULTS, atomic_long_read(&seg->nr_faults),
			      TOYIPC_OBJ_PAD))
		return -EMSGSIZE;
	return 0;
}

static const struct toyipc_ops shm_ops = {
	.kind		= TOYIPC_KIND_SHM,
	.create		= shm_create,
	.check		= shm_check,
	.free		= shm_free,
	.added		= shm_added,
	.removed	= shm_removed,
	.limit		= shm_limit,
	.proc_header	= "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n",
	.proc_show	= shm_proc_show,
	.nl_fill	= shm_nl_fill,
	.rmid		= do_shm_rmid,
};

/**
 * toyipc_shm_init - start shared memory: the segments' mount, the table
 * and /proc/toyipc/shm
 *
 * Return: 0 or -ENOMEM.
 */
int toyipc_shm_init(void)
{
	int err;

	shm_mnt = kern_mount(&shm_fs_type);
	if (IS_ERR(shm_mnt))
		return PTR_ERR(shm_mnt);
	toyipc_ids_init(&shm_ids, "shm", &shm_ops);
	err = toyipc_ids_proc_create(&shm_ids, toyipc_proc_dir);
	if (err) {
		toyipc_ids_destroy(&shm_ids);
		kern_unmount(shm_mnt);
	}
	return err;
}

/*
 * Module unload: no attach is left (each pins the module), only segments;
 * their inodes go with them, then the mount.
 */
void toyipc_shm_exit(void)
{
	toyipc_ids_destroy(&shm_ids);
	kern_unmount(shm_mnt);
}
