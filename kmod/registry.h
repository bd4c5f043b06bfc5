/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc registry: the object table shared by the System V style
 * mechanisms (message queues, shared memory, semaphores), like ipc/util.c.
 *
 * Each mechanism embeds a struct toyipc_obj (its struct kern_ipc_perm) in
 * its own object and owns one struct toyipc_ids (its struct ipc_ids).  The
 * registry turns keys into ids, hands out ids the way Linux does, checks
 * permissions like ipcperms() and keeps objects alive with a reference
 * count while an operation uses them.
 *
 * Locking and lifetime:
 *  - ids->mutex serialises every change to the table: create, key lookup
 *    (so two IPC_CREAT|IPC_EXCL callers cannot both create), removal.
 *    It is a mutex because creating an object allocates memory.  It also
 *    guards the hash table of keys (ids->keys), which only the table's
 *    changes and key lookups touch: no RCU is needed for it.
 *  - Looking an object up by id takes no lock: toyipc_obtain() reads the
 *    idr under RCU and takes a reference.  The fast paths (msgsnd, msgrcv)
 *    use toyipc_obtain_rcu() instead, which takes none: the object stays
 *    in memory while they hold rcu_read_lock(), and they pin it with
 *    toyipc_pin() only when they must sleep, as ipc/msg.c does.  Objects
 *    are therefore freed only after an RCU grace period (the mechanism's
 *    ->free uses kfree_rcu() on its container).
 *  - obj->lock (a spinlock) protects obj->deleted, the perm fields that
 *    IPC_SET changes, and whatever state the mechanism puts under it.
 *    Never sleep while holding it: wait on a wait queue after dropping it.
 *  - The table holds one reference from creation until toyipc_rmid();
 *    every other operation holds one from toyipc_obtain() (or
 *    toyipc_pin()) to toyipc_put().
 *    The last toyipc_put() calls ops->free in process context.
 */
#ifndef _TOYIPC_REGISTRY_H
#define _TOYIPC_REGISTRY_H

#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/lockdep.h>
#include <linux/ipc.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/toyipc.h>
#include <linux/types.h>
#include <linux/uidgid.h>

/* One toy IPC object's identity and permissions: struct kern_ipc_perm. */
struct toyipc_obj {
	spinlock_t	lock;		/* see the rules at the top of this file */
	bool		deleted;	/* removed by IPC_RMID; under lock */
	int		id;		/* seq * TOYIPC_IPCMNI + index, what *get() returned */
	key_t		key;		/* IPC_PRIVATE or the key; under ids->mutex */
	struct hlist_node key_node;	/* in ids->keys unless key is IPC_PRIVATE; under ids->mutex */
	kuid_t		uid;		/* owner; IPC_SET changes it; under lock */
	kgid_t		gid;		/* owner's group; IPC_SET changes it; under lock */
	kuid_t		cuid;		/* creator, fixed */
	kgid_t		cgid;		/* creator's group, fixed */
	umode_t		mode;		/* rwxrwxrwx + mechanism bits (SHM_DEST); under lock */
	unsigned int	seq;		/* the sequence part of id */
	refcount_t	refs;		/* table's reference + one per user */
	struct toyipc_ids *ids;		/* the table it belongs to */
	struct rcu_head	rcu;		/* for the mechanism's kfree_rcu() */
};

/* What a mechanism tells the registry about its objects. */
struct toyipc_ops {
	enum toyipc_kind kind;		/* TOYIPC_KIND_MSG, _SHM or _SEM */
	/*
	 * Allocate and initialise a new object for toyipc_get(), return the
	 * embedded toyipc_obj or an ERR_PTR (-ENOMEM, -EINVAL, -ENOSPC...).
	 * Called with ids->mutex held, so it may sleep; the registry fills
	 * in the perm fields afterwards.
	 */
	struct toyipc_obj *(*create)(void *arg);
	/*
	 * Optional: may an existing object be returned to this *get() call
	 * (shm: the size fits; sem: nsems fits)?  0 or -errno.  Called with
	 * ids->mutex held, before the permission check, like more_checks.
	 */
	int (*check)(struct toyipc_obj *obj, void *arg);
	/*
	 * Free the object once nobody uses it: process context, may sleep.
	 * No lock held, except when toyipc_get() frees an object it could
	 * not add (ids->mutex held; the object was never visible), so it
	 * must not take ids->mutex.  Must free the container with
	 * kfree_rcu(), as a lockless toyipc_obtain() may still be reading it.
	 */
	void (*free)(struct toyipc_obj *obj);
	/*
	 * Optional: the new object has its id (shm: the inode's number).
	 * Called by toyipc_get() with ids->mutex held; may not fail.
	 */
	void (*added)(struct toyipc_obj *obj);
	/*
	 * Optional: the object has just left the table (toyipc_rmid(), the
	 * first call), as Linux's *_destroy() runs when it leaves the idr;
	 * users may still hold references (shm: what shm_tot counts).
	 * Called with ids->mutex held; may not fail.
	 */
	void (*removed)(struct toyipc_obj *obj);
	/* Most objects of this kind (msgmni, shmmni, semmni): -ENOSPC past it. */
	unsigned int (*limit)(void);
	/*
	 * /proc/toyipc/NAME: the header line, and one row per object printed
	 * with ids->mutex and obj->lock held, the columns of /proc/sysvipc/NAME.
	 */
	const char *proc_header;
	void (*proc_show)(struct seq_file *m, struct toyipc_obj *obj);
	/*
	 * Netlink GET_OBJECTS: put the mechanism's TOYIPC_OBJ_* attributes
	 * (the registry has put kind, id, key, owners and mode).  Called with
	 * ids->mutex and obj->lock held.  0 or -EMSGSIZE.
	 */
	int (*nl_fill)(struct sk_buff *skb, struct toyipc_obj *obj);
	/*
	 * IPC_RMID, the permission already checked: what msgctl(IPC_RMID) does
	 * after toyipc_ctl_perms().  The caller holds a reference.  Netlink's
	 * RMID (toyipcctl rm) calls it too.
	 */
	void (*rmid)(struct toyipc_obj *obj);
};

/*
 * Buckets of a table's key hash: 4096, so that even at the most objects a
 * table may hold (TOYIPC_IPCMNI, 32768) a key lookup walks a few entries.
 */
#define TOYIPC_KEY_HASH_BITS	12

/* One table per mechanism: struct ipc_ids. */
struct toyipc_ids {
	const char		*name;		/* "msg", "shm", "sem" */
	const struct toyipc_ops	*ops;
	struct mutex		mutex;		/* serialises changes, see above */
	struct idr		idr;		/* index -> object; changed under mutex */
	DECLARE_HASHTABLE(keys, TOYIPC_KEY_HASH_BITS);	/* key -> object; under mutex */
	unsigned int		in_use;		/* objects in the table; under mutex */
	unsigned int		seq;		/* sequence of new ids; under mutex */
	int			last_idx;	/* index given out last; under mutex */
	/*
	 * The kernel.*_next_id value the toy used last, and the namespace
	 * (its inode number) it was read in; under mutex.  The toy's own
	 * copy of Linux's "reset to -1 after use", see add_id().
	 */
	int			next_id_used;
	unsigned int		next_id_ns;
	struct proc_dir_entry	*proc;		/* /proc/toyipc/NAME, or NULL */
};

void __toyipc_ids_init(struct toyipc_ids *ids, const char *name,
		       const struct toyipc_ops *ops, struct lock_class_key *key);

/*
 * toyipc_ids_init - start a table.  A macro, like mutex_init(), so that each
 * mechanism's ids->mutex is a lock class of its own for lockdep: shm takes
 * its table's mutex under mmap_lock (the last detach), which must not be
 * confused with the other tables' mutexes.
 */
#define toyipc_ids_init(ids, name, ops)					\
do {									\
	static struct lock_class_key __key;				\
									\
	__toyipc_ids_init((ids), (name), (ops), &__key);		\
} while (0)
void toyipc_ids_destroy(struct toyipc_ids *ids);
int toyipc_ids_proc_create(struct toyipc_ids *ids, struct proc_dir_entry *dir);
int toyipc_ids_dump(enum toyipc_kind kind, unsigned long *pos,
		    int (*put)(struct toyipc_obj *obj, void *arg), void *arg);
int toyipc_obj_nl_fill(struct sk_buff *skb, struct toyipc_obj *obj);

/* Created and removed events; netlink.c sets the hook (NULL: none). */
typedef void (*toyipc_ids_event_fn)(enum toyipc_kind kind, enum toyipc_event event, int id);
void toyipc_ids_set_event_hook(toyipc_ids_event_fn fn);
int toyipc_ctl_rmid(struct toyipc_ids *ids, int id);
int toyipc_ctl_set(struct toyipc_ids *ids, int id, const struct ipc64_perm *in,
		   void (*touch)(struct toyipc_obj *obj));
int toyipc_ids_rm_id(enum toyipc_kind kind, int id, struct netlink_ext_ack *extack);

/* How IPC_STAT and the *_STAT commands find an object and check access. */
enum toyipc_stat_how {
	TOYIPC_STAT_ID,		/* IPC_STAT: by id, read permission */
	TOYIPC_STAT_INDEX,	/* MSG_STAT, SHM_STAT, SEM_STAT: by index, read permission */
	TOYIPC_STAT_INDEX_ANY,	/* *_STAT_ANY: by index, no permission check */
};

int toyipc_ctl_stat(struct toyipc_ids *ids, int id, enum toyipc_stat_how how,
		    void *ds, size_t size, void __user *buf,
		    void (*fill)(struct toyipc_obj *obj, void *ds));
int toyipc_ids_info(struct toyipc_ids *ids, unsigned int *in_use,
		    void (*add)(struct toyipc_obj *obj, void *arg), void *arg);
int toyipc_ids_rm_key(enum toyipc_kind kind, key_t key, struct netlink_ext_ack *extack);

int toyipc_get(struct toyipc_ids *ids, key_t key, int flg, void *arg);
struct toyipc_obj *toyipc_obtain(struct toyipc_ids *ids, int id);
struct toyipc_obj *toyipc_obtain_rcu(struct toyipc_ids *ids, int id);
void toyipc_pin(struct toyipc_obj *obj);

/*
 * toyipc_hold - one more reference to an object the caller already holds
 * one to, itself or through something that does (shm: the attach's file
 * whose mapping /proc/PID/map_files follows).  Drop it with toyipc_put().
 */
static inline void toyipc_hold(struct toyipc_obj *obj)
{
	refcount_inc(&obj->refs);
}

void toyipc_put(struct toyipc_obj *obj);
void toyipc_rmid(struct toyipc_obj *obj);
void toyipc_forget_key(struct toyipc_obj *obj);

int toyipc_perms(struct toyipc_obj *obj, short flag);
int toyipc_ctl_perms(struct toyipc_obj *obj);
void toyipc_fill_perm(struct toyipc_obj *obj, struct ipc64_perm *out);
int toyipc_set_perm(struct toyipc_obj *obj, const struct ipc64_perm *in);

#endif /* _TOYIPC_REGISTRY_H */
