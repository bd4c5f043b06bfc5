// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc registry: keys, ids, permissions and lifetime of the System V
 * style objects, written once for msg, shm and sem.  Compare ipc/util.c:
 * toyipc_get() is ipcget(), toyipc_obtain() is ipc_obtain_object_check(),
 * toyipc_perms() is ipcperms().
 *
 * The locking rules are in registry.h.  In short: ids->mutex for changes
 * to the table, RCU plus a reference for using an object, obj->lock for
 * the object's state.
 *
 * Keys are found in a hash table, as Linux's ids->key_ht finds them, so
 * msgget() by key costs the same with one queue or a thousand.  Linux's is
 * an rhashtable, which grows with the number of objects and is read under
 * RCU; the toy's is a fixed <linux/hashtable.h> table read under
 * ids->mutex, which every key lookup takes anyway (see toyipc_get()).
 *
 * Where the toy is simpler than Linux: there is one table per mechanism
 * for the whole system (Linux has one per IPC namespace).
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/ipc.h>
#include <linux/minmax.h>
#include <linux/msg.h>
#include <linux/nospec.h>
#include <net/netlink.h>
#include <linux/proc_fs.h>
#include <linux/sem.h>
#include <linux/seq_file.h>
#include <linux/shm.h>
#include <uapi/linux/shm.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>

#include "registry.h"
#include "toyipc.h"

#define IDX_MASK	(TOYIPC_IPCMNI - 1)
/* Indexes cycle through at least this many slots: ipc_min_cycle. */
#define MIN_CYCLE	64
/* The sequence part must keep ids positive: ipcid_seq_max(). */
#define SEQ_MAX		(INT_MAX >> TOYIPC_IPCMNI_SHIFT)

/*
 * The table of each SysV kind, for netlink's dump and rmid, which name
 * kinds by number.  Set and cleared by toyipc_ids_init() and
 * toyipc_ids_destroy() at module load and unload, when no request runs.
 */
static struct toyipc_ids *tables[TOYIPC_NR_KINDS];

/*
 * The table of @kind, a number from userspace (netlink's policy checked
 * its range): clamped under speculation too, like ipc/sem.c's indexes.
 */
static struct toyipc_ids *table_of(enum toyipc_kind kind)
{
	if ((unsigned int)kind >= TOYIPC_NR_KINDS)
		return NULL;
	return tables[array_index_nospec((unsigned int)kind, TOYIPC_NR_KINDS)];
}

/*
 * Where created and removed events go: netlink.c sets this while its
 * family is registered (the registry never calls into netlink itself).
 * Set at module load and unload only, when no request runs.
 */
static toyipc_ids_event_fn event_hook;

void toyipc_ids_set_event_hook(toyipc_ids_event_fn fn)
{
	WRITE_ONCE(event_hook, fn);
}

static void notify(struct toyipc_ids *ids, enum toyipc_event event, int id)
{
	toyipc_ids_event_fn fn = READ_ONCE(event_hook);

	if (fn)
		fn(ids->ops->kind, event, id);
}

void __toyipc_ids_init(struct toyipc_ids *ids, const char *name,
		       const struct toyipc_ops *ops, struct lock_class_key *key)
{
	tables[ops->kind] = ids;
	ids->name = name;
	ids->ops = ops;
	__mutex_init(&ids->mutex, name, key);
	idr_init(&ids->idr);
	hash_init(ids->keys);
	ids->in_use = 0;
	ids->seq = 0;
	ids->last_idx = -1;
	ids->next_id_used = -1;
	ids->next_id_ns = 0;
	ids->proc = NULL;
}

/*
 * find_key - the object with this key, or NULL, like ipc_findkey().
 * ids->mutex must be held.  One bucket of ids->keys is walked.
 */
static struct toyipc_obj *find_key(struct toyipc_ids *ids, key_t key)
{
	struct toyipc_obj *obj;

	lockdep_assert_held(&ids->mutex);
	hash_for_each_possible(ids->keys, obj, key_node, key)
		if (obj->key == key)
			return obj;
	return NULL;
}

/*
 * requested_id - the id kernel.msg_next_id (shm_, sem_) asks for, or -1.
 * ids->mutex must be held.
 *
 * Linux's ipc_idr_alloc() reads ids->next_id and sets it back to -1, so
 * one write of the sysctl names one new object.  The namespace's field is
 * the real kernel's, which the toy only reads: writing it would take the
 * request from the next real msgget().  Instead the table remembers the
 * value it used, in which namespace, and takes it again only after the
 * sysctl changed: a new value, or -1 seen at a later creation (a real
 * object used the request up; the sysctl cannot be written to -1).  So
 * the same value written again with no toy creation in between, or a
 * request in another namespace meanwhile, is not seen as new (docs:
 * en/limits.md, section 3).
 */
static int requested_id(struct toyipc_ids *ids)
{
	unsigned int ns;
	int want = toyipc_sysctl_next_id(ids->ops->kind, &ns);

	if (want < 0) {
		if (ns == ids->next_id_ns)
			ids->next_id_used = -1;
		return -1;
	}
	if (ns == ids->next_id_ns && want == ids->next_id_used)
		return -1;
	ids->next_id_ns = ns;
	ids->next_id_used = want;
	return want;
}

/*
 * unhash_key - take a keyed object out of ids->keys: removal, or
 * shmctl(IPC_RMID) of an attached segment.  ids->mutex must be held.
 */
static void unhash_key(struct toyipc_ids *ids, struct toyipc_obj *obj)
{
	lockdep_assert_held(&ids->mutex);
	if (obj->key != IPC_PRIVATE)
		hash_del(&obj->key_node);
}

/*
 * add_id - give a new object an id and make it visible, like ipc_addid().
 * ids->mutex must be held.
 *
 * Indexes are handed out cyclically below max(in_use * 3 / 2, 64), and the
 * sequence number goes up each time the index wraps, exactly as Linux's
 * ipc_idr_alloc() does: a removed id is not reused at once, and a stale id
 * (same index, older sequence) is told apart from the new object by
 * toyipc_obtain().  A kernel.*_next_id request instead gives the first
 * free index from the requested one up, with the requested sequence, and
 * leaves the cycle alone, as ipc_idr_alloc() does.
 */
static int add_id(struct toyipc_ids *ids, struct toyipc_obj *obj, key_t key,
		  int flg)
{
	unsigned int limit = min_t(unsigned int, ids->ops->limit(), TOYIPC_IPCMNI);
	int max_idx, idx, want;

	if (ids->in_use >= limit)
		return -ENOSPC;

	spin_lock_init(&obj->lock);
	obj->deleted = false;
	obj->key = key;
	obj->uid = obj->cuid = current_euid();
	obj->gid = obj->cgid = current_egid();
	obj->mode = flg & 0777;	/* S_IRWXUGO */
	refcount_set(&obj->refs, 1);	/* the table's reference */
	obj->ids = ids;

	/* NULL first: lookups must not find the object before it has its id. */
	want = requested_id(ids);
	if (want >= 0) {
		idx = idr_alloc(&ids->idr, NULL, want & IDX_MASK, TOYIPC_IPCMNI, GFP_KERNEL);
		if (idx < 0)
			return idx == -ENOSPC ? -ENOSPC : -ENOMEM;
		obj->seq = want >> TOYIPC_IPCMNI_SHIFT;
	} else {
		max_idx = max_t(int, ids->in_use * 3 / 2, MIN_CYCLE);
		max_idx = min(max_idx, TOYIPC_IPCMNI);
		idx = idr_alloc_cyclic(&ids->idr, NULL, 0, max_idx, GFP_KERNEL);
		if (idx < 0)
			return idx == -ENOSPC ? -ENOSPC : -ENOMEM;
		if (idx <= ids->last_idx && ++ids->seq >= SEQ_MAX)
			ids->seq = 0;
		ids->last_idx = idx;
		obj->seq = ids->seq;
	}
	obj->id = (obj->seq << TOYIPC_IPCMNI_SHIFT) + idx;
	idr_replace(&ids->idr, obj, idx);	/* publishes; RCU-safe */
	if (key != IPC_PRIVATE)
		hash_add(ids->keys, &obj->key_node, key);
	ids->in_use++;
	return obj->id;
}

static int create(struct toyipc_ids *ids, key_t key, int flg, void *arg)
{
	struct toyipc_obj *obj;
	int id;

	obj = ids->ops->create(arg);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	id = add_id(ids, obj, key, flg);
	if (id < 0) {
		ids->ops->free(obj);	/* never visible: nobody else has it */
		return id;
	}
	if (ids->ops->added)
		ids->ops->added(obj);
	notify(ids, TOYIPC_EVENT_CREATED, id);
	return id;
}

/**
 * toyipc_get - msgget(), shmget(), semget(): find or create by key
 * @ids: the mechanism's table
 * @key: IPC_PRIVATE or a key
 * @flg: IPC_CREAT, IPC_EXCL and the permission bits
 * @arg: passed to ops->create and ops->check (size, nsems...)
 *
 * Follows ipcget(): IPC_PRIVATE always creates; a missing key creates with
 * IPC_CREAT, else -ENOENT; an existing key with IPC_CREAT|IPC_EXCL is
 * -EEXIST, otherwise ops->check and then the permission bits asked for in
 * @flg decide (-EACCES).
 *
 * Return: the id (>= 0) or -errno.
 */
int toyipc_get(struct toyipc_ids *ids, key_t key, int flg, void *arg)
{
	struct toyipc_obj *obj;
	int ret;

	mutex_lock(&ids->mutex);
	if (key == IPC_PRIVATE) {
		ret = create(ids, key, flg, arg);
		goto out_unlock;
	}
	obj = find_key(ids, key);
	if (!obj) {
		ret = (flg & IPC_CREAT) ? create(ids, key, flg, arg) : -ENOENT;
		goto out_unlock;
	}
	if ((flg & IPC_CREAT) && (flg & IPC_EXCL)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	ret = ids->ops->check ? ids->ops->check(obj, arg) : 0;
	if (!ret)
		ret = toyipc_perms(obj, flg) ?: obj->id;
out_unlock:
	mutex_unlock(&ids->mutex);
	return ret;
}

/*
 * find_rcu - the object at index @id & IDX_MASK, not deleted; with
 * @check_seq only if its id is exactly @id.  ipc_obtain_object_check()
 * and, without @check_seq, ipc_obtain_object_idr(), which *_STAT use:
 * their "id" is an index, and like Linux any higher bits are ignored.
 * rcu_read_lock() held; no reference taken.
 */
static struct toyipc_obj *find_rcu(struct toyipc_ids *ids, int id, bool check_seq)
{
	struct toyipc_obj *obj;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "needs rcu_read_lock()");
	if (id < 0)
		return ERR_PTR(-EINVAL);
	obj = idr_find(&ids->idr, id & IDX_MASK);
	if (!obj || (check_seq && obj->id != id) || READ_ONCE(obj->deleted))
		return ERR_PTR(-EINVAL);
	return obj;
}

/* find_rcu(), with a reference held when it returns. */
static struct toyipc_obj *obtain(struct toyipc_ids *ids, int id, bool check_seq)
{
	struct toyipc_obj *obj;

	rcu_read_lock();
	obj = find_rcu(ids, id, check_seq);
	if (!IS_ERR(obj) && !refcount_inc_not_zero(&obj->refs))
		obj = ERR_PTR(-EINVAL);
	rcu_read_unlock();
	return obj;
}

/**
 * toyipc_obtain - the object with this id, with a reference held
 * @ids: the mechanism's table
 * @id: an id from toyipc_get()
 *
 * Takes no lock: the idr is read under RCU, and the reference keeps the
 * object alive after that.  A removed object (refs already at zero, or
 * deleted) and a stale id (right index, wrong sequence) are -EINVAL, as
 * in Linux.  The object may be removed right after this returns: check
 * obj->deleted under obj->lock before changing it (-EIDRM).
 *
 * Return: the object, or ERR_PTR(-EINVAL).  Release it with toyipc_put().
 */
struct toyipc_obj *toyipc_obtain(struct toyipc_ids *ids, int id)
{
	return obtain(ids, id, true);
}

/**
 * toyipc_obtain_rcu - the object with this id, without a reference
 * @ids: the mechanism's table
 * @id: an id from toyipc_get()
 *
 * ipc_obtain_object_check() exactly: the caller holds rcu_read_lock(),
 * which keeps the object's memory alive (->free is kfree_rcu()) until
 * rcu_read_unlock().  That is enough for a call that does not sleep: it
 * takes obj->lock, checks obj->deleted, does its work and unlocks.  A
 * call that must sleep first pins the object with toyipc_pin() under
 * obj->lock, and may then leave the RCU read side.  No atomic operation
 * on the object's cache line, where toyipc_obtain() and toyipc_put() cost
 * two on a line every caller writes.
 *
 * Return: the object, or ERR_PTR(-EINVAL) for a free index, a stale id
 * or a removed object.
 */
struct toyipc_obj *toyipc_obtain_rcu(struct toyipc_ids *ids, int id)
{
	return find_rcu(ids, id, true);
}

/**
 * toyipc_pin - take a reference on an object found by toyipc_obtain_rcu()
 * @obj: the object; obj->lock held and obj->deleted false
 *
 * Like ipc_rcu_getref() before a sleep in ipc/msg.c and ipc/sem.c.  Under
 * obj->lock an object that is not deleted still has the table's reference
 * (toyipc_rmid() sets deleted under the lock before it drops that one),
 * so the count cannot be zero here.  Drop it with toyipc_put(), outside
 * every lock and the RCU read side.
 */
void toyipc_pin(struct toyipc_obj *obj)
{
	lockdep_assert_held(&obj->lock);
	WARN_ON_ONCE(obj->deleted);
	refcount_inc(&obj->refs);
}

/**
 * toyipc_put - drop a reference; the last one frees the object
 * @obj: the object
 *
 * Process context: ops->free may sleep.
 */
void toyipc_put(struct toyipc_obj *obj)
{
	might_sleep();
	if (refcount_dec_and_test(&obj->refs))
		obj->ids->ops->free(obj);
}

/**
 * toyipc_rmid - take an object out of its table, like ipc_rmid()
 * @obj: the object; the caller holds a reference
 *
 * Marks it deleted, frees its index and key, and drops the table's
 * reference.  Lookups by id fail from now on; users that already have it
 * see obj->deleted under obj->lock and must wake their waiters (the
 * mechanism does that before or after calling this).  The object is freed
 * when the caller's and every other user's reference is gone.  Removing
 * twice is harmless: only the first call does anything.
 */
void toyipc_rmid(struct toyipc_obj *obj)
{
	struct toyipc_ids *ids = obj->ids;
	bool was_deleted;

	mutex_lock(&ids->mutex);
	spin_lock(&obj->lock);
	was_deleted = obj->deleted;
	WRITE_ONCE(obj->deleted, true);
	spin_unlock(&obj->lock);
	if (!was_deleted) {
		idr_remove(&ids->idr, obj->id & IDX_MASK);
		unhash_key(ids, obj);
		ids->in_use--;
		if (ids->ops->removed)
			ids->ops->removed(obj);
		notify(ids, TOYIPC_EVENT_REMOVED, obj->id);
	}
	mutex_unlock(&ids->mutex);
	if (!was_deleted)
		toyipc_put(obj);
}

/**
 * toyipc_forget_key - make an object private without removing it
 * @obj: the object
 *
 * shmctl(IPC_RMID) on an attached segment: the key is free for a new
 * segment at once, while the old one lives on until its last detach.
 */
void toyipc_forget_key(struct toyipc_obj *obj)
{
	struct toyipc_ids *ids = obj->ids;

	mutex_lock(&ids->mutex);
	unhash_key(ids, obj);
	WRITE_ONCE(obj->key, IPC_PRIVATE);
	mutex_unlock(&ids->mutex);
}

/**
 * toyipc_ids_destroy - remove the /proc file and every object left, at unload
 * @ids: the table
 *
 * Nothing can use the objects any more (every user holds a file that pins
 * the module), so each one goes with the table's reference.  The /proc
 * file goes first: proc_remove() waits for readers to finish.
 */
void toyipc_ids_destroy(struct toyipc_ids *ids)
{
	struct toyipc_obj *obj;
	int idx;

	proc_remove(ids->proc);
	ids->proc = NULL;
	idr_for_each_entry(&ids->idr, obj, idx)
		toyipc_rmid(obj);
	idr_destroy(&ids->idr);
	tables[ids->ops->kind] = NULL;
}

/*
 * /proc/toyipc/{msg,shm,sem}, like /proc/sysvipc/{msg,shm,sem}: the header, then one
 * row per object in index order.  Position 0 is the header and position n
 * the first object at index n - 1 or after it, as in sysvipc_proc_start().
 * ids->mutex is held from start to stop, so the table cannot change under
 * a read; each row is printed under its object's lock.
 */
static void *find_pos(struct toyipc_ids *ids, loff_t *pos)
{
	int idx = *pos - 1;
	struct toyipc_obj *obj = idr_get_next(&ids->idr, &idx);

	if (obj)
		*pos = idx + 1;
	return obj;
}

static void *sysv_proc_start(struct seq_file *m, loff_t *pos)
{
	struct toyipc_ids *ids = pde_data(file_inode(m->file));

	mutex_lock(&ids->mutex);
	if (*pos < 0)
		return NULL;
	return *pos ? find_pos(ids, pos) : SEQ_START_TOKEN;
}

static void *sysv_proc_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return find_pos(pde_data(file_inode(m->file)), pos);
}

static void sysv_proc_stop(struct seq_file *m, void *v)
{
	struct toyipc_ids *ids = pde_data(file_inode(m->file));

	mutex_unlock(&ids->mutex);
}

static int sysv_proc_show(struct seq_file *m, void *v)
{
	struct toyipc_ids *ids = pde_data(file_inode(m->file));
	struct toyipc_obj *obj = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, ids->ops->proc_header);
		return 0;
	}
	spin_lock(&obj->lock);
	ids->ops->proc_show(m, obj);
	spin_unlock(&obj->lock);
	return 0;
}

static const struct seq_operations sysv_proc_ops = {
	.start	= sysv_proc_start,
	.next	= sysv_proc_next,
	.stop	= sysv_proc_stop,
	.show	= sysv_proc_show,
};

/**
 * toyipc_ids_proc_create - create /proc/toyipc/NAME for a table
 * @ids: the table; its ops give the header and the rows
 * @dir: /proc/toyipc
 *
 * Return: 0 or -ENOMEM.  The file goes with the directory.
 */
int toyipc_ids_proc_create(struct toyipc_ids *ids, struct proc_dir_entry *dir)
{
	ids->proc = proc_create_seq_data(ids->name, 0444, dir, &sysv_proc_ops, ids);
	return ids->proc ? 0 : -ENOMEM;
}

/**
 * toyipc_obj_nl_fill - an object's netlink attributes: the registry's, then the mechanism's
 * @skb: the message
 * @obj: the object; obj->lock held (toyipc_ids_dump())
 *
 * Return: 0, or -EMSGSIZE.
 */
int toyipc_obj_nl_fill(struct sk_buff *skb, struct toyipc_obj *obj)
{
	struct user_namespace *ns = current_user_ns();

	if (nla_put_u32(skb, TOYIPC_OBJ_KIND, obj->ids->ops->kind) ||
	    nla_put_s32(skb, TOYIPC_OBJ_ID, obj->id) ||
	    nla_put_s32(skb, TOYIPC_OBJ_KEY, obj->key) ||
	    nla_put_u32(skb, TOYIPC_OBJ_UID, from_kuid_munged(ns, obj->uid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_GID, from_kgid_munged(ns, obj->gid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_CUID, from_kuid_munged(ns, obj->cuid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_CGID, from_kgid_munged(ns, obj->cgid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_MODE, obj->mode))
		return -EMSGSIZE;
	return obj->ids->ops->nl_fill(skb, obj);
}

/**
 * toyipc_ids_dump - hand every object of one SysV kind to @put, for netlink's GET_OBJECTS
 * @kind: the mechanism
 * @pos: the index to go on from; left at the object @put failed on
 * @put: called with ids->mutex and obj->lock held (must not sleep)
 * @arg: passed to @put
 *
 * Return: 0 when every object was put, else what @put returned.
 */
int toyipc_ids_dump(enum toyipc_kind kind, unsigned long *pos,
		    int (*put)(struct toyipc_obj *obj, void *arg), void *arg)
{
	struct toyipc_ids *ids = table_of(kind);
	struct toyipc_obj *obj;
	int idx = *pos, err = 0;

	if (!ids)
		return 0;
	mutex_lock(&ids->mutex);
	for (; (obj = idr_get_next(&ids->idr, &idx)); idx++) {
		spin_lock(&obj->lock);
		err = put(obj, arg);
		spin_unlock(&obj->lock);
		if (err)
			break;
	}
	*pos = idx;
	mutex_unlock(&ids->mutex);
	return err;
}

/**
 * toyipc_ctl_rmid - IPC_RMID by id, for msgctl(), shmctl(), semctl() and netlink
 * @ids: the table
 * @id: the object
 *
 * As ipcctl_obtain_check() and the *ctl_down() functions: -EINVAL for no
 * such id, -EPERM unless the caller owns or created the object or has
 * CAP_SYS_ADMIN; then the mechanism's ops->rmid does the removal.
 *
 * Return: 0 or -errno.
 */
int toyipc_ctl_rmid(struct toyipc_ids *ids, int id)
{
	struct toyipc_obj *obj = toyipc_obtain(ids, id);
	int err;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = toyipc_ctl_perms(obj);
	if (!err)
		ids->ops->rmid(obj);
	toyipc_put(obj);
	return err;
}

/**
 * toyipc_ctl_set - IPC_SET of owner and mode by id, for shmctl() and semctl()
 * @ids: the table
 * @id: the object
 * @in: the new uid, gid and mode
 * @touch: the mechanism's update of its change time; obj->lock held
 *
 * -EINVAL for no such id, -EPERM unless the owner, the creator or
 * CAP_SYS_ADMIN, -EIDRM if removed meanwhile, -EINVAL for an unmapped uid
 * or gid; as shmctl_down() and semctl_down().  msgctl() has its own,
 * since IPC_SET also changes a queue's qbytes and wakes its sleepers.
 *
 * Return: 0 or -errno.
 */
int toyipc_ctl_set(struct toyipc_ids *ids, int id, const struct ipc64_perm *in,
		   void (*touch)(struct toyipc_obj *obj))
{
	struct toyipc_obj *obj = toyipc_obtain(ids, id);
	int err;

	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = toyipc_ctl_perms(obj);
	if (err)
		goto out_put;
	spin_lock(&obj->lock);
	err = obj->deleted ? -EIDRM : toyipc_set_perm(obj, in);
	if (!err)
		touch(obj);
	spin_unlock(&obj->lock);
out_put:
	toyipc_put(obj);
	return err;
}

/*
 * Every *id64_ds begins with its ipc64_perm, so toyipc_ctl_stat() fills
 * that part for all three mechanisms.
 */
static_assert(offsetof(struct msqid64_ds, msg_perm) == 0);
static_assert(offsetof(struct shmid64_ds, shm_perm) == 0);
static_assert(offsetof(struct semid64_ds, sem_perm) == 0);

/**
 * toyipc_ctl_stat - IPC_STAT, MSG_STAT, SHM_STAT, SEM_STAT and the _STAT_ANY's
 * @ids: the table
 * @id: the object's id, or for the *_STAT commands its index
 * @how: which of them, see enum toyipc_stat_how
 * @ds: the kernel copy to fill: a struct msqid64_ds, shmid64_ds or semid64_ds
 * @size: its size, zeroed first so that no padding leaks kernel memory
 * @buf: the caller's struct, where @ds goes at the end
 * @fill: the mechanism's fields of @ds; obj->lock held, perm already filled
 *
 * The obtain/check/lock/fill/copy sequence of msgctl_stat(), shmctl_stat()
 * and semctl_stat(), written once: -EINVAL for no such id or index,
 * -EACCES without read permission (not checked for *_STAT_ANY, which shows
 * what /proc/sysvipc shows to everybody), -EIDRM if removed meanwhile,
 * -EFAULT if @buf cannot be written.  Takes and drops obj->lock.
 *
 * Return: 0 for IPC_STAT; the object's full id for the *_STAT commands.
 */
int toyipc_ctl_stat(struct toyipc_ids *ids, int id, enum toyipc_stat_how how,
		    void *ds, size_t size, void __user *buf,
		    void (*fill)(struct toyipc_obj *obj, void *ds))
{
	struct toyipc_obj *obj;
	int ret = 0;

	memset(ds, 0, size);
	obj = obtain(ids, id, how == TOYIPC_STAT_ID);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (how != TOYIPC_STAT_INDEX_ANY)
		ret = toyipc_perms(obj, 0444);	/* read: S_IRUGO */
	if (ret)
		goto out_put;

	spin_lock(&obj->lock);
	if (obj->deleted) {
		ret = -EIDRM;
	} else {
		toyipc_fill_perm(obj, ds);
		fill(obj, ds);
		ret = how == TOYIPC_STAT_ID ? 0 : obj->id;
	}
	spin_unlock(&obj->lock);
out_put:
	toyipc_put(obj);
	if (ret >= 0 && toyipc_put_ds(ids->ops->kind, buf, ds, size))
		ret = -EFAULT;
	return ret;
}

/**
 * toyipc_ids_info - what IPC_INFO, MSG_INFO, SHM_INFO and SEM_INFO share
 * @ids: the table
 * @in_use: set to the number of objects in the table
 * @add: optional: called for every object, with obj->lock held, to sum
 *	 what the mechanism reports (messages, resident pages...)
 * @arg: for @add
 *
 * Takes and drops ids->mutex and each object's lock.  Linux caches the
 * highest index in ids->max_idx and updates it at removal; the toy walks
 * its table, which for a teaching module's few objects is cheap.
 *
 * Return: the highest index in use, or 0 if none, as ipc_get_maxidx() is
 * turned into the *_INFO commands' return value.
 */
int toyipc_ids_info(struct toyipc_ids *ids, unsigned int *in_use,
		    void (*add)(struct toyipc_obj *obj, void *arg), void *arg)
{
	struct toyipc_obj *obj;
	int idx, max_idx = 0;

	mutex_lock(&ids->mutex);
	*in_use = ids->in_use;
	idr_for_each_entry(&ids->idr, obj, idx) {
		max_idx = idx;
		if (add) {
			spin_lock(&obj->lock);
			add(obj, arg);
			spin_unlock(&obj->lock);
		}
	}
	mutex_unlock(&ids->mutex);
	return max_idx;
}

/**
 * toyipc_ids_rm_id - netlink RMID by id: ipcrm -q/-m/-s ID
 * @kind: the mechanism
 * @id: the object
 * @extack: for the error message
 *
 * toyipc_ctl_rmid(), with a message saying why it failed.
 */
int toyipc_ids_rm_id(enum toyipc_kind kind, int id, struct netlink_ext_ack *extack)
{
	struct toyipc_ids *ids = table_of(kind);
	int err;

	if (!ids) {
		NL_SET_ERR_MSG(extack, "this kind of object is not available");
		return -EOPNOTSUPP;
	}
	err = toyipc_ctl_rmid(ids, id);
	if (err == -EINVAL)
		NL_SET_ERR_MSG(extack, "no object with this id");
	else if (err == -EPERM)
		NL_SET_ERR_MSG(extack, "only the owner, the creator or CAP_SYS_ADMIN may remove it");
	return err;
}

/**
 * toyipc_ids_rm_key - netlink RMID by key: ipcrm -Q/-M/-S KEY
 * @kind: the mechanism
 * @key: the key
 * @extack: for the error message
 *
 * -ENOENT when no object has @key; otherwise as toyipc_ids_rm_id().
 */
int toyipc_ids_rm_key(enum toyipc_kind kind, key_t key, struct netlink_ext_ack *extack)
{
	struct toyipc_ids *ids = table_of(kind);
	struct toyipc_obj *obj;
	int id = -ENOENT;

	if (!ids) {
		NL_SET_ERR_MSG(extack, "this kind of object is not available");
		return -EOPNOTSUPP;
	}
	if (key != IPC_PRIVATE) {
		mutex_lock(&ids->mutex);
		obj = find_key(ids, key);
		if (obj)
			id = obj->id;
		mutex_unlock(&ids->mutex);
	}
	if (id < 0) {
		NL_SET_ERR_MSG(extack, "no object with this key");
		return id;
	}
	return toyipc_ids_rm_id(kind, id, extack);
}

/**
 * toyipc_perms - may the caller access the object?  Like ipcperms().
 * @obj: the object
 * @flag: the access wanted, as permission bits (0400 read, 0200 write; the
 *	  bits may be given for owner, group or other alike)
 *
 * The owner's bits apply to the owner or creator, the group's bits to a
 * member of the owner's or creator's group, the others' bits to the rest;
 * CAP_IPC_OWNER overrides.
 *
 * Return: 0 or -EACCES.
 */
int toyipc_perms(struct toyipc_obj *obj, short flag)
{
	kuid_t euid = current_euid();
	int requested = (flag >> 6) | (flag >> 3) | flag;
	int granted = READ_ONCE(obj->mode);

	if (uid_eq(euid, obj->cuid) || uid_eq(euid, READ_ONCE(obj->uid)))
		granted >>= 6;
	else if (in_group_p(obj->cgid) || in_group_p(READ_ONCE(obj->gid)))
		granted >>= 3;
	if ((requested & ~granted & 0007) && !capable(CAP_IPC_OWNER))
		return -EACCES;
	return 0;
}

/**
 * toyipc_ctl_perms - may the caller IPC_SET or IPC_RMID the object?
 * @obj: the object
 *
 * The owner, the creator and CAP_SYS_ADMIN may, as in ipcctl_obtain_check().
 *
 * Return: 0 or -EPERM.
 */
int toyipc_ctl_perms(struct toyipc_obj *obj)
{
	kuid_t euid = current_euid();

	if (uid_eq(euid, obj->cuid) || uid_eq(euid, READ_ONCE(obj->uid)) ||
	    capable(CAP_SYS_ADMIN))
		return 0;
	return -EPERM;
}

/**
 * toyipc_fill_perm - IPC_STAT's ipc_perm, like kernel_to_ipc64_perm()
 * @obj: the object; obj->lock held
 * @out: the ipc64_perm to fill (struct ipc_perm in libc's msqid_ds etc.)
 *
 * Ids are shown as seen from the caller's user namespace.
 */
void toyipc_fill_perm(struct toyipc_obj *obj, struct ipc64_perm *out)
{
	struct user_namespace *ns = current_user_ns();

	lockdep_assert_held(&obj->lock);
	memset(out, 0, sizeof(*out));
	out->key = READ_ONCE(obj->key);
	out->uid = from_kuid_munged(ns, obj->uid);
	out->gid = from_kgid_munged(ns, obj->gid);
	out->cuid = from_kuid_munged(ns, obj->cuid);
	out->cgid = from_kgid_munged(ns, obj->cgid);
	out->mode = obj->mode;
	out->seq = obj->seq;
}

/**
 * toyipc_set_perm - IPC_SET's owner and mode change, like ipc_update_perm()
 * @obj: the object; obj->lock held, toyipc_ctl_perms() passed
 * @in: the new uid, gid and mode (only its rwxrwxrwx bits count)
 *
 * Return: 0, or -EINVAL for a uid or gid with no mapping.
 */
int toyipc_set_perm(struct toyipc_obj *obj, const struct ipc64_perm *in)
{
	kuid_t uid = make_kuid(current_user_ns(), in->uid);
	kgid_t gid = make_kgid(current_user_ns(), in->gid);

	lockdep_assert_held(&obj->lock);
	if (!uid_valid(uid) || !gid_valid(gid))
		return -EINVAL;
	WRITE_ONCE(obj->uid, uid);
	WRITE_ONCE(obj->gid, gid);
	WRITE_ONCE(obj->mode, (obj->mode & ~0777) | (in->mode & 0777));
	return 0;
}
