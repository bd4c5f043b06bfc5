// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc semaphores: semget, semop and semctl, like ipc/sem.c.
 *
 * A set holds nsems counters.  One semop() is a list of operations on
 * them, applied all together or not at all:
 *
 *	sem_op > 0	add it (V)
 *	sem_op < 0	subtract it, waiting while the value is too small (P)
 *	sem_op == 0	wait until the value is zero
 *
 * When the list cannot go through yet, the caller queues itself on the
 * set's pending list and sleeps.  Whoever changes a value afterwards
 * (semop, SETVAL, SETALL) retries the pending operations in arrival order
 * and applies the ones that now succeed on their sleepers' behalf, then
 * wakes them: the sleeper finds its work done (update_queue() in Linux).
 * IPC_RMID wakes every sleeper with EIDRM, a signal one sleeper with EINTR.
 *
 * Linux keeps one pending list per semaphore plus one per set, and a lock
 * per semaphore for single-operation calls, to scale; the toy keeps one
 * list and one lock per set, which gives the same results, more slowly.
 *
 * SEM_UNDO is refused with EINVAL: its adjustments are applied when the
 * process exits (exit_sem(), called from do_exit()), and a module has no
 * hook there.  Undo state tied to a file would be shared by fork() and
 * dropped at exec(), which is not SEM_UNDO's meaning.
 *
 * Locking (see also the registry's rules in registry.h):
 *  - sem_ids.mutex serialises the table: creation, key lookup, removal.
 *  - sma->obj.lock, a spinlock, protects the values and pids, the pending
 *    list and each queued operation's status, the times and counters.
 *    Never sleep under it: sops are copied from userspace before it is
 *    taken, GETALL's values are copied out after it is dropped, and a
 *    sleeper waits on sma->wait with it dropped.
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/ipc.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <linux/toyipc.h>
#include <net/netlink.h>
#include "netlink.h"
#include "registry.h"
#include "stats.h"
#include "toyipc.h"

/* Operations copied to the stack; a longer semop() allocates. */
#define SEMOPM_FAST	64

/* A toy_sem_queue's status while its sleeper still waits. */
#define QUEUE_WAITING	1

/* A semop() that waits: struct sem_queue.  It lives on its sleeper's stack. */
struct toy_sem_queue {
	struct list_head list;		/* in sma->pending, oldest first */
	struct sembuf	*sops;		/* the operations, kernel copy */
	unsigned int	nsops;
	unsigned int	blocking;	/* the sop it waits on: GETNCNT, GETZCNT */
	pid_t		pid;		/* the sleeper, for sempid */
	bool		alter;		/* some sem_op != 0 */
	int		status;		/* QUEUE_WAITING, then 0 or -errno */
};

/* One set: struct sem_array. */
struct toy_sem_array {
	struct toyipc_obj obj;		/* key, id, perms, lock */
	int		nsems;		/* fixed */
	time64_t	otime;		/* last semop that completed; under lock */
	time64_t	ctime;		/* creation, SETVAL, SETALL, IPC_SET; under lock */
	struct list_head pending;	/* toy_sem_queue, oldest first; under lock */
	wait_queue_head_t wait;		/* the sleepers of pending */
	unsigned long	nr_ops;		/* semop calls (netlink); under lock */
	unsigned long	nr_blocks;	/* ... that had to sleep (netlink); under lock */
	struct toyipc_sem sems[];	/* the semaphores; under lock */
};

static struct toyipc_ids sem_ids;

/* Semaphores in all sets together, against semmns: ns->used_sems. */
static atomic_t used_sems;

static struct toy_sem_array *to_sem_array(struct toyipc_obj *obj)
{
	return container_of(obj, struct toy_sem_array, obj);
}

/*
 * sem_create - a new set of *(int *)@arg semaphores, all zero, like newary().
 * Called by the registry with sem_ids.mutex held, so used_sems is checked
 * and raised by one creator at a time.
 */
static struct toyipc_obj *sem_create(void *arg)
{
	int nsems = *(int *)arg;
	struct toy_sem_array *sma;

	if (!nsems)
		return ERR_PTR(-EINVAL);
	if (atomic_read(&used_sems) + nsems > READ_ONCE(toyipc_limits.semmns))
		return ERR_PTR(-ENOSPC);

	sma = kvzalloc(struct_size(sma, sems, nsems), GFP_KERNEL);
	if (!sma)
		return ERR_PTR(-ENOMEM);
	sma->nsems = nsems;
	sma->ctime = ktime_get_real_seconds();
	INIT_LIST_HEAD(&sma->pending);
	init_waitqueue_head(&sma->wait);
	atomic_add(nsems, &used_sems);
	return &sma->obj;
}

/* semget() of an existing key may not ask for more semaphores: sem_more_checks(). */
static int sem_check(struct toyipc_obj *obj, void *arg)
{
	return *(int *)arg > to_sem_array(obj)->nsems ? -EINVAL : 0;
}

static void sem_free(struct toyipc_obj *obj)
{
	struct toy_sem_array *sma = to_sem_array(obj);

	atomic_sub(sma->nsems, &used_sems);
	kvfree_rcu(sma, obj.rcu);
}

static unsigned int sem_limit(void)
{
	return READ_ONCE(toyipc_limits.semmni);
}

/**
 * toyipc_sem_apply - apply a semop's operations in order, all or nothing
 * @sems: the set's semaphores; the set's lock held
 * @sops: the operations, every sem_num already checked against the set
 * @nsops: how many
 * @pid: who asks, recorded as sempid of each semaphore changed
 * @blocking: on return 1 or -EAGAIN, the index of the operation that waits
 *
 * Like perform_atomic_semop_slow(): each operation sees the values the
 * earlier ones left, so two operations on one semaphore add up, and a
 * failure puts back what the earlier ones did.
 *
 * Return: 0 applied; 1 the caller must wait for sops[*@blocking]; -EAGAIN
 * the same, but that operation has IPC_NOWAIT; -ERANGE a value would pass
 * SEMVMX.  Unless 0, no value has changed.
 */
int toyipc_sem_apply(struct toyipc_sem *sems, const struct sembuf *sops,
		     unsigned int nsops, pid_t pid, unsigned int *blocking)
{
	/* EXERCISE: sem-op BEGIN */
	unsigned int i;
	int result, ret;

	for (i = 0; i < nsops; i++) {
		struct toyipc_sem *sem = &sems[sops[i].sem_num];

		result = sem->semval + sops[i].sem_op;
		if ((sops[i].sem_op == 0 && sem->semval) || result < 0) {
			*blocking = i;
			ret = (sops[i].sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
			goto undo;
		}
		if (result > SEMVMX) {
			ret = -ERANGE;
			goto undo;
		}
		sem->semval = result;
	}
	for (i = 0; i < nsops; i++)
		sems[sops[i].sem_num].sempid = pid;
	return 0;

undo:
	while (i--)
		sems[sops[i].sem_num].semval -= sops[i].sem_op;
	return ret;
	/* EXERCISE: sem-op END */
}

/*
 * update_queue - values changed: retry the waiting semops, oldest first,
 * like update_queue() and do_smart_update().  One that now succeeds is
 * applied for its sleeper; one that now fails (EAGAIN, ERANGE) gets that
 * error.  Either way it leaves the list with its status set.  A completed
 * one that changed values may let an older one through: start over.
 * sma->obj.lock held.
 *
 * Return: true if a sleeper must be woken (wake_up_all(&sma->wait) once
 * the lock is dropped).
 */
static bool update_queue(struct toy_sem_array *sma)
{
	/* EXERCISE: sem-op BEGIN */
	struct toy_sem_queue *q, *tmp;
	bool woke = false;
	int err;

again:
	list_for_each_entry_safe(q, tmp, &sma->pending, list) {
		err = toyipc_sem_apply(sma->sems, q->sops, q->nsops, q->pid,
				       &q->blocking);
		if (err > 0)
			continue;
		list_del(&q->list);
		WRITE_ONCE(q->status, err);
		toyipc_count(TOYIPC_KIND_SEM, TOYIPC_STAT_WAKEUPS, 1);
		toyipc_event(TOYIPC_KIND_SEM, TOYIPC_EVENT_WOKEN, sma->obj.id);
		woke = true;
		if (!err) {
			sma->otime = ktime_get_real_seconds();
			if (q->alter)
				goto again;
		}
	}
	return woke;
	/* EXERCISE: sem-op END */
}

/*
 * count_waiters - GETNCNT (@zero false) or GETZCNT (@zero true), like
 * count_semcnt(): a sleeper counts on the one semaphore of the operation it
 * waits on, as POSIX says.  sma->obj.lock held.
 */
static int count_waiters(struct toy_sem_array *sma, int semnum, bool zero)
{
	struct toy_sem_queue *q;
	int n = 0;

	list_for_each_entry(q, &sma->pending, list) {
		const struct sembuf *sop = &q->sops[q->blocking];

		if (sop->sem_num == semnum &&
		    (zero ? sop->sem_op == 0 : sop->sem_op < 0))
			n++;
	}
	return n;
}

/**
 * do_toy_semget - semget(): find or create a set by key
 * @key: IPC_PRIVATE or a key
 * @nsems: semaphores; a new set needs 1..semmsl, an existing one at least this
 * @semflg: IPC_CREAT, IPC_EXCL and the permission bits
 *
 * Return: the id, or -EINVAL, -ENOENT, -EEXIST, -EACCES, -ENOSPC, -ENOMEM.
 */
static long do_toy_semget(key_t key, int nsems, int semflg)
{
	if (nsems < 0 || nsems > READ_ONCE(toyipc_limits.semmsl))
		return -EINVAL;
	return toyipc_get(&sem_ids, key, semflg, &nsems);
}

/*
 * sem_wait - queue @q on the set and sleep until another task finishes it,
 * the set is removed, or a signal comes.  Called with sma->obj.lock held;
 * returns with it held, @q off the list.
 *
 * Return: @q's status: 0 (done by the waker), -EAGAIN, -ERANGE, -EIDRM; or
 * -EINTR for a signal.  Like Linux, never a restart: semop() is one of the
 * calls a signal handler always interrupts, SA_RESTART or not.
 */
static int sem_wait(struct toy_sem_array *sma, struct toy_sem_queue *q)
	__must_hold(&sma->obj.lock)
{
	q->status = QUEUE_WAITING;
	list_add_tail(&q->list, &sma->pending);
	sma->nr_blocks++;
	toyipc_count(TOYIPC_KIND_SEM, TOYIPC_STAT_BLOCKS, 1);
	toyipc_event(TOYIPC_KIND_SEM, TOYIPC_EVENT_BLOCKED, sma->obj.id);
	spin_unlock(&sma->obj.lock);

	/* The waker sets the status under the lock, then wakes us. */
	wait_event_interruptible(sma->wait, READ_ONCE(q->status) != QUEUE_WAITING);

	spin_lock(&sma->obj.lock);
	if (q->status != QUEUE_WAITING)
		return q->status;
	list_del(&q->list);
	return -EINTR;
}

/**
 * do_toy_semop - semop(): apply @nsops operations atomically, waiting if needed
 * @semid: the set
 * @usops: the caller's struct sembuf array
 * @nsops: its length, 1..semopm
 *
 * Takes sma->obj.lock after copying the operations in.
 *
 * Return: 0, or -EINVAL (bad id, no operation, SEM_UNDO), -E2BIG, -EFAULT,
 * -EFBIG (a sem_num past the set), -EACCES, -EAGAIN, -ERANGE, -EIDRM,
 * -EINTR, -ENOMEM.
 */
static long do_toy_semop(int semid, struct sembuf __user *usops, unsigned int nsops)
{
	struct sembuf fast[SEMOPM_FAST], *sops = fast;
	struct toy_sem_queue q = { .nsops = nsops };
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	unsigned int i, max = 0;
	bool undo = false, woke = false;
	long err;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > READ_ONCE(toyipc_limits.semopm))
		return -E2BIG;
	if (nsops > ARRAY_SIZE(fast)) {
		sops = kvmalloc_array(nsops, sizeof(*sops), GFP_KERNEL);
		if (!sops)
			return -ENOMEM;
	}
	if (copy_from_user(sops, usops, nsops * sizeof(*sops))) {
		err = -EFAULT;
		goto out_free;
	}
	for (i = 0; i < nsops; i++) {
		max = max_t(unsigned int, max, sops[i].sem_num);
		if (sops[i].sem_flg & SEM_UNDO)
			undo = true;
		if (sops[i].sem_op)
			q.alter = true;
	}
	if (undo) {
		err = -EINVAL;	/* see the top of this file */
		goto out_free;
	}

	obj = toyipc_obtain(&sem_ids, semid);
	if (IS_ERR(obj)) {
		err = PTR_ERR(obj);
		goto out_free;
	}
	sma = to_sem_array(obj);
	err = -EFBIG;
	if (max >= sma->nsems)
		goto out_put;
	err = toyipc_perms(obj, q.alter ? 0222 : 0444);
	if (err)
		goto out_put;

	q.sops = sops;
	q.pid = task_tgid_vnr(current);
	spin_lock(&obj->lock);
	if (obj->deleted) {
		err = -EIDRM;
		goto out_unlock;
	}
	sma->nr_ops++;
	err = toyipc_sem_apply(sma->sems, sops, nsops, q.pid, &q.blocking);
	if (err > 0) {
		err = sem_wait(sma, &q);
	} else if (!err) {
		sma->otime = ktime_get_real_seconds();
		if (q.alter)
			woke = update_queue(sma);
	}
out_unlock:
	spin_unlock(&obj->lock);
	if (woke)
		wake_up_all(&sma->wait);
out_put:
	toyipc_put(obj);
out_free:
	if (sops != fast)
		kvfree(sops);
	return err;
}

/*
 * sem_fill_stat - IPC_STAT's and SEM_STAT's fields of a set, as
 * semctl_stat() fills them; the registry's toyipc_ctl_stat() does the
 * rest.  sma->obj.lock held.
 */
static void sem_fill_stat(struct toyipc_obj *obj, void *buf)
{
	struct toy_sem_array *sma = to_sem_array(obj);
	struct semid64_ds *out = buf;

	out->sem_otime = sma->otime;
	out->sem_ctime = sma->ctime;
	out->sem_nsems = sma->nsems;
}

static long sem_stat(int semid, enum toyipc_stat_how how, struct semid64_ds __user *buf)
{
	struct semid64_ds out;

	return toyipc_ctl_stat(&sem_ids, semid, how, &out, sizeof(out), buf, sem_fill_stat);
}

/**
 * toyipc_sem_fill_info - struct seminfo of IPC_INFO and SEM_INFO, as semctl_info()
 * @info: to fill
 * @cmd: IPC_INFO or SEM_INFO
 * @in_use: sets in the table
 * @used_sems: semaphores in all of them
 *
 * The limits semmni, semmns, semmsl, semopm and the constants SEMVMX,
 * SEMMNU, SEMMAP, SEMUME; then for IPC_INFO SEMUSZ and SEMAEM, for
 * SEM_INFO the usage in those fields: sets in semusz, semaphores in
 * semaem.  Pure but for reading the limits.
 */
void toyipc_sem_fill_info(struct seminfo *info, int cmd, unsigned int in_use,
			  unsigned int used_sems)
{
	memset(info, 0, sizeof(*info));
	info->semmni = READ_ONCE(toyipc_limits.semmni);
	info->semmns = READ_ONCE(toyipc_limits.semmns);
	info->semmsl = READ_ONCE(toyipc_limits.semmsl);
	info->semopm = READ_ONCE(toyipc_limits.semopm);
	info->semvmx = SEMVMX;
	info->semmnu = SEMMNU;
	info->semmap = SEMMAP;
	info->semume = SEMUME;
	if (cmd == SEM_INFO) {
		info->semusz = in_use;
		info->semaem = used_sems;
	} else {
		info->semusz = SEMUSZ;
		info->semaem = SEMAEM;
	}
}

/*
 * IPC_INFO and SEM_INFO: semctl_info().  Like Linux, the struct is copied
 * out before the return value is known to be good.
 * Return: the highest index in use (0 if none), or -EFAULT.
 */
static long sem_info(int cmd, void __user *buf)
{
	struct seminfo info;
	unsigned int in_use;
	int max_idx;

	max_idx = toyipc_ids_info(&sem_ids, &in_use, NULL, NULL);
	toyipc_sem_fill_info(&info, cmd, in_use, atomic_read(&used_sems));
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return max_idx;
}

/* GETALL: every value, into the caller's unsigned short array. */
static long sem_getall(int semid, u16 __user *array)
{
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	u16 *vals;
	long err;
	int i;

	obj = toyipc_obtain(&sem_ids, semid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	sma = to_sem_array(obj);
	err = toyipc_perms(obj, 0444);
	if (err)
		goto out_put;
	vals = kvmalloc_array(sma->nsems, sizeof(*vals), GFP_KERNEL);
	if (!vals) {
		err = -ENOMEM;
		goto out_put;
	}

	spin_lock(&obj->lock);
	if (obj->deleted)
		err = -EIDRM;
	else
		for (i = 0; i < sma->nsems; i++)
			vals[i] = sma->sems[i].semval;
	spin_unlock(&obj->lock);

	if (!err && copy_to_user(array, vals, sma->nsems * sizeof(*vals)))
		err = -EFAULT;
	kvfree(vals);
out_put:
	toyipc_put(obj);
	return err;
}

/* SETALL: every value from the caller's array, then retry the sleepers. */
static long sem_setall(int semid, const u16 __user *array)
{
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	bool woke = false;
	u16 *vals;
	long err;
	int i;

	obj = toyipc_obtain(&sem_ids, semid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	sma = to_sem_array(obj);
	err = toyipc_perms(obj, 0222);
	if (err)
		goto out_put;
	vals = kvmalloc_array(sma->nsems, sizeof(*vals), GFP_KERNEL);
	if (!vals) {
		err = -ENOMEM;
		goto out_put;
	}
	if (copy_from_user(vals, array, sma->nsems * sizeof(*vals))) {
		err = -EFAULT;
		goto out_free;
	}
	for (i = 0; i < sma->nsems; i++) {
		if (vals[i] > SEMVMX) {
			err = -ERANGE;
			goto out_free;
		}
	}

	spin_lock(&obj->lock);
	if (obj->deleted) {
		err = -EIDRM;
	} else {
		for (i = 0; i < sma->nsems; i++) {
			sma->sems[i].semval = vals[i];
			sma->sems[i].sempid = task_tgid_vnr(current);
		}
		sma->ctime = ktime_get_real_seconds();
		woke = update_queue(sma);
	}
	spin_unlock(&obj->lock);
	if (woke)
		wake_up_all(&sma->wait);
out_free:
	kvfree(vals);
out_put:
	toyipc_put(obj);
	return err;
}

/* GETVAL, GETPID, GETNCNT, GETZCNT: one semaphore's state. */
static long sem_getone(int semid, int semnum, int cmd)
{
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	long err;

	obj = toyipc_obtain(&sem_ids, semid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	sma = to_sem_array(obj);
	err = toyipc_perms(obj, 0444);
	if (err)
		goto out_put;
	err = -EINVAL;
	if (semnum < 0 || semnum >= sma->nsems)
		goto out_put;

	spin_lock(&obj->lock);
	if (obj->deleted)
		err = -EIDRM;
	else if (cmd == GETVAL)
		err = sma->sems[semnum].semval;
	else if (cmd == GETPID)
		err = sma->sems[semnum].sempid;
	else
		err = count_waiters(sma, semnum, cmd == GETZCNT);
	spin_unlock(&obj->lock);
out_put:
	toyipc_put(obj);
	return err;
}

/* SETVAL: one value, then retry the sleepers, like semctl_setval(). */
static long sem_setval(int semid, int semnum, int val)
{
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	bool woke = false;
	long err = 0;

	if (val < 0 || val > SEMVMX)
		return -ERANGE;
	obj = toyipc_obtain(&sem_ids, semid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	sma = to_sem_array(obj);
	if (semnum < 0 || semnum >= sma->nsems) {
		err = -EINVAL;
		goto out_put;
	}
	err = toyipc_perms(obj, 0222);
	if (err)
		goto out_put;

	spin_lock(&obj->lock);
	if (obj->deleted) {
		err = -EIDRM;
	} else {
		sma->sems[semnum].semval = val;
		sma->sems[semnum].sempid = task_tgid_vnr(current);
		sma->ctime = ktime_get_real_seconds();
		woke = update_queue(sma);
	}
	spin_unlock(&obj->lock);
	if (woke)
		wake_up_all(&sma->wait);
out_put:
	toyipc_put(obj);
	return err;
}

/* IPC_SET changes the change time: under obj->lock, from toyipc_ctl_set(). */
static void sem_touch(struct toyipc_obj *obj)
{
	to_sem_array(obj)->ctime = ktime_get_real_seconds();
}

/* IPC_SET: new owner and mode from the caller's semid_ds. */
static long sem_set(int semid, struct semid64_ds __user *buf)
{
	struct semid64_ds in;

	if (copy_from_user(&in, buf, sizeof(in)))
		return -EFAULT;
	return toyipc_ctl_set(&sem_ids, semid, &in.sem_perm, sem_touch);
}

/*
 * freeary - IPC_RMID, permission checked (also toyipcctl rm): out of the
 * table first, so no new semop can queue itself, then every sleeper leaves
 * with EIDRM.
 */
static void freeary(struct toyipc_obj *obj)
{
	struct toy_sem_array *sma = to_sem_array(obj);
	struct toy_sem_queue *q, *tmp;

	toyipc_rmid(obj);
	spin_lock(&obj->lock);
	list_for_each_entry_safe(q, tmp, &sma->pending, list) {
		list_del(&q->list);
		WRITE_ONCE(q->status, -EIDRM);
	}
	spin_unlock(&obj->lock);
	wake_up_all(&sma->wait);
}

/**
 * do_toy_semctl - semctl()
 * @semid: the set
 * @semnum: the semaphore, for GETVAL, SETVAL, GETPID, GETNCNT, GETZCNT
 * @cmd: the command; unknown ones are -EINVAL
 * @arg: union semun as the syscall gets it: the value for SETVAL, else
 *	 a pointer to a semid_ds or an unsigned short array
 *
 * Return: the value asked for, 0, or -errno.
 */
static long do_toy_semctl(int semid, int semnum, int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;

	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return sem_info(cmd, p);
	case IPC_STAT:
		return sem_stat(semid, TOYIPC_STAT_ID, p);
	case SEM_STAT:
		return sem_stat(semid, TOYIPC_STAT_INDEX, p);
	case SEM_STAT_ANY:
		return sem_stat(semid, TOYIPC_STAT_INDEX_ANY, p);
	case IPC_SET:
		return sem_set(semid, p);
	case IPC_RMID:
		return toyipc_ctl_rmid(&sem_ids, semid);
	case GETALL:
		return sem_getall(semid, p);
	case SETALL:
		return sem_setall(semid, p);
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
		return sem_getone(semid, semnum, cmd);
	case SETVAL:
		return sem_setval(semid, semnum, (int)arg);
	default:
		return -EINVAL;
	}
}

/* The ioctl handlers: copy the request in, call do_toy_semxxx(). */

static long ioctl_semget(void __user *arg)
{
	struct toyipc_semget req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	return do_toy_semget(req.key, req.nsems, req.semflg);
}

static long ioctl_semop(void __user *arg)
{
	struct toyipc_semop req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_toy_semop(req.semid, u64_to_user_ptr(req.sops), req.nsops);
}

static long ioctl_semctl(void __user *arg)
{
	struct toyipc_semctl req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	return do_toy_semctl(req.semid, req.semnum, req.cmd, req.arg);
}

/**
 * toyipc_sem_ioctl - the semaphore ioctls of /dev/toyipc
 * @cmd: TOYIPC_IOC_SEMGET, _SEMOP or _SEMCTL
 * @arg: the request struct in user space
 *
 * Return: what the system call returns, or -errno.
 */
long toyipc_sem_ioctl(unsigned int cmd, void __user *arg)
{
	switch (cmd) {
	case TOYIPC_IOC_SEMGET:
		return ioctl_semget(arg);
	case TOYIPC_IOC_SEMOP:
		return ioctl_semop(arg);
	case TOYIPC_IOC_SEMCTL:
		return ioctl_semctl(arg);
	default:
		return -ENOTTY;
	}
}

/* /proc/toyipc/sem: the columns of /proc/sysvipc/sem (sysvipc_sem_proc_show()). */
static void sem_proc_show(struct seq_file *m, struct toyipc_obj *obj)
{
	struct toy_sem_array *sma = to_sem_array(obj);
	struct user_namespace *ns = seq_user_ns(m);

	seq_printf(m, "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n",
		   obj->key, obj->id, obj->mode, sma->nsems,
		   from_kuid_munged(ns, obj->uid), from_kgid_munged(ns, obj->gid),
		   from_kuid_munged(ns, obj->cuid), from_kgid_munged(ns, obj->cgid),
		   sma->otime, sma->ctime);
}

/* Netlink: what IPC_STAT shows and the set's counters. */
static int sem_nl_fill(struct sk_buff *skb, struct toyipc_obj *obj)
{
	struct toy_sem_array *sma = to_sem_array(obj);

	if (nla_put_u32(skb, TOYIPC_OBJ_NSEMS, sma->nsems) ||
	    nla_put_s64(skb, TOYIPC_OBJ_OTIME, sma->otime, TOYIPC_OBJ_PAD) ||
	    nla_put_s64(skb, TOYIPC_OBJ_CTIME, sma->ctime, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_SENDS, sma->nr_ops, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_SEND_BLOCKS, sma->nr_blocks, TOYIPC_OBJ_PAD))
		return -EMSGSIZE;
	return 0;
}

static const struct toyipc_ops sem_ops = {
	.kind		= TOYIPC_KIND_SEM,
	.create		= sem_create,
	.check		= sem_check,
	.free		= sem_free,
	.limit		= sem_limit,
	.proc_header	= "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n",
	.proc_show	= sem_proc_show,
	.nl_fill	= sem_nl_fill,
	.rmid		= freeary,
};

/**
 * toyipc_sem_init - start semaphores: the table and /proc/toyipc/sem
 *
 * Return: 0 or -ENOMEM.
 */
int toyipc_sem_init(void)
{
	int err;

	toyipc_ids_init(&sem_ids, "sem", &sem_ops);
	err = toyipc_ids_proc_create(&sem_ids, toyipc_proc_dir);
	if (err)
		toyipc_ids_destroy(&sem_ids);
	return err;
}

/* Module unload: no sleeper is left (each holds /dev/toyipc open), only sets. */
void toyipc_sem_exit(void)
{
	toyipc_ids_destroy(&sem_ids);
}
