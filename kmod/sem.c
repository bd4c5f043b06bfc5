// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc semaphores: semget, semop, semtimedop and semctl, like ipc/sem.c.
 *
 * A set holds nsems counters.  One semop() is a list of operations on
 * them, applied all together or not at all:
 *
 *	sem_op > 0	add it (V)
 *	sem_op < 0	subtract it, waiting while the value is too small (P)
 *	sem_op == 0	wait until the value is zero
 *
 * When the list cannot go through yet, the caller queues itself on the
 * set's pending list and sleeps (semtimedop(): until a deadline at most).
 * Whoever changes a value afterwards (semop, SETVAL, SETALL, an exiting
 * process's undo) retries the pending operations in arrival order and
 * applies the ones that now succeed on their sleepers' behalf, then wakes
 * them: the sleeper finds its work done (update_queue() in Linux).  The
 * result is handed over without the lock, as in Linux and msg.c: the
 * waker stores it last under the lock and wakes the sleeper after
 * unlocking, and a sleeper that finds its result returns without taking
 * the set's lock again, so it never spins on a lock its waker still holds.
 * IPC_RMID wakes every sleeper with EIDRM, a signal one sleeper with EINTR.
 *
 * Linux keeps one pending list per semaphore plus one per set, and a lock
 * per semaphore for single-operation calls, to scale; the toy keeps one
 * list and one lock per set, which gives the same results, more slowly.
 *
 * SEM_UNDO.  An operation with SEM_UNDO also records its opposite in the
 * process's adjustment for that semaphore (struct toy_sem_undo, one per
 * process and set, Linux's struct sem_undo); when the process's last thread
 * exits, every adjustment is added back, the value clamped to 0..SEMVMX
 * (exit_sem()).  The adjustments belong to the thread group: its threads
 * share them, fork() does not pass them on, execve() keeps them; SETVAL and
 * SETALL clear them, IPC_RMID drops them with the set.
 *
 * How a module learns that a process exited.  Linux calls exit_sem() from
 * do_exit(); a module cannot.  The candidates, all exported on 6.1 and 6.12:
 *  - the sched_process_exit tracepoint (chosen).  do_exit() fires it in
 *    every exiting thread right after exit_mm() and *immediately before
 *    exit_sem()*, before exit_files() and before the parent is told: the
 *    toy's undo runs where Linux's does, and a parent's wait() sees it
 *    done.  Its struct tracepoint is not exported, so toyipc_sem_init()
 *    finds it by name with for_each_kernel_tracepoint(), as out-of-tree
 *    tracers (LTTng) do, and attaches with tracepoint_probe_register().
 *    It needs CONFIG_TRACEPOINTS: Debian's kernels and the debug kernel
 *    (FTRACE) have it.  Once per thread: the probe acts only when
 *    signal->live, counted down just before, has reached 0, i.e. for the
 *    last thread of the group; a thread killed by de_thread() in execve()
 *    is not the last (the exec'ing one lives on), so the undo survives the
 *    exec, as in Linux.  Two threads ending together may both see 0: the
 *    first takes the list out of the table, the second finds nothing.
 *  - a kprobe on exit_sem() or do_exit(): the same place, but it ties the
 *    module to a function's name and to its staying a real, probe-able
 *    function (not inlined, not blacklisted), and needs CONFIG_KPROBES.
 *  - a file's release (the /dev/toyipc descriptor): shared by fork() and
 *    closed by execve() (O_CLOEXEC), the wrong lifetime.
 *  - a waiter on the struct pid's wait_pidfd: woken from exit_notify(),
 *    after exit_files(), and it needs one wait-queue entry per process,
 *    whose struct pid changes hands in de_thread().
 * A probe runs with preemption disabled: exit_undo_list() only spins and
 * frees with kvfree_rcu().  Where the toy differs: Linux shares undo lists
 * by CLONE_SYSVSEM, the toy by thread group (CLONE_THREAD); pthreads sets
 * both, and unshare(CLONE_SYSVSEM) is not seen.
 *
 * Locking (see also the registry's rules in registry.h):
 *  - sem_ids.mutex serialises the table: creation, key lookup, removal.
 *  - sma->obj.lock, a spinlock, protects the values and pids, the pending
 *    list and each queued operation's status, the times and counters, the
 *    set's undo structures (sma->undos) and their adjustments.
 *    Never sleep under it: sops are copied from userspace before it is
 *    taken, GETALL's values are copied out after it is dropped, and a
 *    sleeper sleeps with it dropped.
 *  - A queued operation (struct toy_sem_queue) lives on its sleeper's
 *    stack.  Whoever finishes it takes it off sma->pending, pins the
 *    sleeping task into a wake batch (wake.h), and stores the status with
 *    smp_store_release() as its last touch of the entry: from then on the
 *    sleeper may read it without the lock and return.  The batch is woken
 *    after sma->obj.lock is dropped.  A sleeper that wakes to a status
 *    still QUEUE_WAITING (signal, timeout, a late wake-up) takes the lock
 *    to look again and to take itself off the list.
 *  - ulp->lock, a spinlock taken inside sma->obj.lock, protects a process's
 *    list of undo structures (ulp->undos).
 *  - undo_lists_lock, a spinlock taken alone, protects the table of undo
 *    lists (undo_lists).
 *  - An undo structure is freed with kvfree_rcu() by whoever takes it off
 *    both lists: freeary() or exit_undo_list().  The latter finds it on
 *    the process's list under RCU, so the structure and its set stay
 *    readable until it has checked, under the set's lock, that freeary()
 *    did not take it first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/ipc.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/nospec.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sem.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <linux/toyipc.h>
#include <net/netlink.h>
#include "compat.h"
#include "netlink.h"
#include "registry.h"
#include "stats.h"
#include "toyipc.h"
#include "wake.h"

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
	short		*semadj;	/* the sleeper's undo adjustments, or NULL */
	struct task_struct *sleeper;	/* the task to wake */
	struct pid	*pid;		/* the sleeper's task_tgid(), for sempid */
	bool		alter;		/* some sem_op != 0 */
	int		status;		/* QUEUE_WAITING, then 0 or -errno: see wake_queue() */
};

/* One set: struct sem_array. */
struct toy_sem_array {
	struct toyipc_obj obj;		/* key, id, perms, lock */
	int		nsems;		/* fixed */
	time64_t	otime;		/* last semop that completed; under lock */
	time64_t	ctime;		/* creation, SETVAL, SETALL, IPC_SET; under lock */
	struct list_head pending;	/* toy_sem_queue, oldest first; under lock */
	struct list_head undos;		/* toy_sem_undo of every process; under lock */
	unsigned long	nr_ops;		/* semop calls (netlink); under lock */
	unsigned long	nr_blocks;	/* ... that had to sleep (netlink); under lock */
	struct toyipc_sem sems[];	/* the semaphores; under lock */
};

/* One process's undo structures: struct sem_undo_list. */
struct toy_sem_undo_list {
	struct hlist_node node;		/* in undo_lists; under undo_lists_lock */
	const struct signal_struct *owner; /* the thread group, the key */
	spinlock_t	lock;		/* guards undos */
	struct list_head undos;		/* toy_sem_undo.list_proc */
};

/* One process's adjustments for one set: struct sem_undo. */
struct toy_sem_undo {
	struct list_head list_proc;	/* in ulp->undos; under ulp->lock */
	struct list_head list_id;	/* in sma->undos; under sma->obj.lock */
	struct toy_sem_undo_list *ulp;	/* the process */
	struct toy_sem_array *sma;	/* the set; NULL once freeary() took it */
	struct rcu_head	rcu;
	short		semadj[];	/* per semaphore, what exit adds; under sma->obj.lock */
};

static struct toyipc_ids sem_ids;

/* Semaphores in all sets together, against semmns: ns->used_sems. */
static atomic_t used_sems;

/* The undo list of every thread group that used SEM_UNDO, by signal_struct. */
static DEFINE_HASHTABLE(undo_lists, 6);
static DEFINE_SPINLOCK(undo_lists_lock);

/* sched_process_exit, found at load time (see the top of this file). */
static struct tracepoint *exit_tracepoint;

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
	/* Signed, as newary() compares: a negative semmns lets nothing in. */
	if (atomic_read(&used_sems) + nsems > toyipc_sem_limit(TOYIPC_LIM_SEMMNS))
		return ERR_PTR(-ENOSPC);

	sma = kvzalloc(struct_size(sma, sems, nsems), GFP_KERNEL_ACCOUNT);
	if (!sma)
		return ERR_PTR(-ENOMEM);
	sma->nsems = nsems;
	sma->ctime = ktime_get_real_seconds();
	INIT_LIST_HEAD(&sma->pending);
	INIT_LIST_HEAD(&sma->undos);
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
	int i;

	for (i = 0; i < sma->nsems; i++)
		put_pid(sma->sems[i].sempid);
	atomic_sub(sma->nsems, &used_sems);
	kvfree_rcu(sma, obj.rcu);
}

static unsigned int sem_limit(void)
{
	return toyipc_limit(TOYIPC_LIM_SEMMNI);
}

/**
 * toyipc_sem_apply - apply a semop's operations in order, all or nothing
 * @sems: the set's semaphores; the set's lock held
 * @nsems: how many there are
 * @sops: the operations, every sem_num already checked against @nsems
 * @nsops: how many
 * @semadj: the caller's undo adjustments for this set, for the operations
 *	    with SEM_UNDO; NULL if none has it
 * @pid: who asks (task_tgid()), recorded as sempid of each semaphore
 *	  changed, with toyipc_update_pid()
 * @blocking: on return 1 or -EAGAIN, the index of the operation that waits
 *
 * Like perform_atomic_semop_slow(): each operation sees the values the
 * earlier ones left, so two operations on one semaphore add up, and a
 * failure puts back what the earlier ones did.  With SEM_UNDO the
 * adjustment takes the opposite of sem_op and must stay within
 * -(SEMAEM + 1)..SEMAEM.
 *
 * Return: 0 applied; 1 the caller must wait for sops[*@blocking]; -EAGAIN
 * the same, but that operation has IPC_NOWAIT; -ERANGE a value would pass
 * SEMVMX, or an adjustment its range.  Unless 0, nothing has changed.
 */
int toyipc_sem_apply(struct toyipc_sem *sems, int nsems, const struct sembuf *sops,
		     unsigned int nsops, short *semadj, struct pid *pid,
		     unsigned int *blocking)
{
	/* EXERCISE: sem-op BEGIN */
	unsigned int i, idx;
	int result, ret;

	for (i = 0; i < nsops; i++) {
		idx = array_index_nospec(sops[i].sem_num, nsems);
		result = sems[idx].semval + sops[i].sem_op;
		if ((sops[i].sem_op == 0 && sems[idx].semval) || result < 0) {
			*blocking = i;
			ret = (sops[i].sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
			goto undo;
		}
		if (result > SEMVMX) {
			ret = -ERANGE;
			goto undo;
		}
		if (sops[i].sem_flg & SEM_UNDO) {
			int adj = semadj[idx] - sops[i].sem_op;

			if (adj < -SEMAEM - 1 || adj > SEMAEM) {
				ret = -ERANGE;
				goto undo;
			}
			semadj[idx] = adj;
		}
		sems[idx].semval = result;
	}
	for (i = 0; i < nsops; i++)
		toyipc_update_pid(&sems[array_index_nospec(sops[i].sem_num, nsems)].sempid,
				  pid);
	return 0;

undo:
	while (i--) {
		idx = array_index_nospec(sops[i].sem_num, nsems);
		sems[idx].semval -= sops[i].sem_op;
		if (sops[i].sem_flg & SEM_UNDO)
			semadj[idx] += sops[i].sem_op;
	}
	return ret;
	/* EXERCISE: sem-op END */
}

/**
 * toyipc_sem_undo_value - what exit leaves of a value: @semval + @semadj,
 *	clamped to 0..SEMVMX as exit_sem() does
 * @semval: the semaphore's value now
 * @semadj: the exiting process's adjustment
 *
 * Return: the new value.
 */
int toyipc_sem_undo_value(int semval, int semadj)
{
	return clamp(semval + semadj, 0, SEMVMX);
}

/*
 * wake_queue - @q is finished with @status (0, or -errno): take it off the
 * pending list and pin its sleeper into @wb, to be woken once the lock is
 * dropped, like wake_up_sem_queue_prepare().  sma->obj.lock held.
 *
 * The store is the last touch of @q: the sleeper may see it at once and
 * return without the lock, and @q is gone with its stack frame.  Release
 * order makes the values and adjustments applied for it visible first.
 */
static void wake_queue(struct toy_sem_array *sma, struct toy_wake_batch *wb,
		       struct toy_sem_queue *q, int status)
{
	lockdep_assert_held(&sma->obj.lock);
	list_del(&q->list);
	toy_wake_batch_add(wb, q->sleeper);
	/* Pairs with smp_load_acquire() in sem_wait(). */
	smp_store_release(&q->status, status);
}

/*
 * update_queue - values changed: retry the waiting semops, oldest first,
 * like update_queue() and do_smart_update().  One that now succeeds is
 * applied for its sleeper; one that now fails (EAGAIN, ERANGE) gets that
 * error.  Either way wake_queue() hands it its status and its sleeper goes
 * into @wb, which the caller wakes with toy_wake_batch_run() once the lock
 * is dropped.  A completed one that changed values may let an older one
 * through: start over.  sma->obj.lock held.
 */
static void update_queue(struct toy_sem_array *sma, struct toy_wake_batch *wb)
{
	/* EXERCISE: sem-op BEGIN */
	struct toy_sem_queue *q, *tmp;
	bool again;
	int err;

restart:
	list_for_each_entry_safe(q, tmp, &sma->pending, list) {
		err = toyipc_sem_apply(sma->sems, sma->nsems, q->sops, q->nsops,
				       q->semadj, q->pid, &q->blocking);
		if (err > 0)
			continue;
		toyipc_count(TOYIPC_KIND_SEM, TOYIPC_STAT_WAKEUPS, 1);
		toyipc_event(TOYIPC_KIND_SEM, TOYIPC_EVENT_WOKEN, sma->obj.id);
		/* Read before the hand-off: after it q may be gone. */
		again = !err && q->alter;
		if (!err)
			sma->otime = ktime_get_real_seconds();
		wake_queue(sma, wb, q, err);
		if (again)
			goto restart;
	}
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

/* --- SEM_UNDO: the undo structures */

/* The calling thread group's undo list, or NULL.  undo_lists_lock held. */
static struct toy_sem_undo_list *lookup_undo_list(const struct signal_struct *owner)
{
	struct toy_sem_undo_list *ulp;

	hash_for_each_possible(undo_lists, ulp, node, (unsigned long)owner)
		if (ulp->owner == owner)
			return ulp;
	return NULL;
}

/*
 * get_undo_list - the caller's undo list, created on first use, like
 * get_undo_list().  The caller is a live thread of the group, so the list
 * stays until the group exits: no lock needed to use the pointer.
 *
 * Return: the list or ERR_PTR(-ENOMEM).
 */
static struct toy_sem_undo_list *get_undo_list(void)
{
	const struct signal_struct *owner = current->signal;
	struct toy_sem_undo_list *ulp, *new;

	spin_lock(&undo_lists_lock);
	ulp = lookup_undo_list(owner);
	spin_unlock(&undo_lists_lock);
	if (ulp)
		return ulp;

	new = kzalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new)
		return ERR_PTR(-ENOMEM);
	new->owner = owner;
	spin_lock_init(&new->lock);
	INIT_LIST_HEAD(&new->undos);

	/* Another thread of the group may have been quicker. */
	spin_lock(&undo_lists_lock);
	ulp = lookup_undo_list(owner);
	if (!ulp) {
		hash_add(undo_lists, &new->node, (unsigned long)owner);
		ulp = new;
		new = NULL;
	}
	spin_unlock(&undo_lists_lock);
	kfree(new);
	return ulp;
}

/* @ulp's undo structure for @sma, or NULL.  sma->obj.lock held. */
static struct toy_sem_undo *lookup_undo(struct toy_sem_array *sma,
					struct toy_sem_undo_list *ulp)
{
	struct toy_sem_undo *un;

	list_for_each_entry(un, &sma->undos, list_id)
		if (un->ulp == ulp)
			return un;
	return NULL;
}

/*
 * find_alloc_undo - the caller's undo structure for @sma, created (all
 * adjustments zero) on first use, like find_alloc_undo().  Called with no
 * lock held.  The set may be removed as soon as this returns, taking the
 * structure with it: the caller checks obj.deleted under the set's lock
 * before using it.
 *
 * Return: the structure, or ERR_PTR(-ENOMEM) or ERR_PTR(-EIDRM).
 */
static struct toy_sem_undo *find_alloc_undo(struct toy_sem_array *sma)
{
	/* EXERCISE: sem-undo BEGIN */
	struct toy_sem_undo_list *ulp = get_undo_list();
	struct toy_sem_undo *un, *new;

	if (IS_ERR(ulp))
		return ERR_CAST(ulp);
	spin_lock(&sma->obj.lock);
	un = lookup_undo(sma, ulp);
	spin_unlock(&sma->obj.lock);
	if (un)
		return un;

	new = kvzalloc(struct_size(new, semadj, sma->nsems), GFP_KERNEL_ACCOUNT);
	if (!new)
		return ERR_PTR(-ENOMEM);
	new->ulp = ulp;
	new->sma = sma;

	spin_lock(&sma->obj.lock);
	if (sma->obj.deleted) {
		un = ERR_PTR(-EIDRM);
	} else {
		/* Another thread of the group may have been quicker. */
		un = lookup_undo(sma, ulp);
		if (!un) {
			list_add(&new->list_id, &sma->undos);
			spin_lock(&ulp->lock);
			list_add_rcu(&new->list_proc, &ulp->undos);
			spin_unlock(&ulp->lock);
			un = new;
			new = NULL;
		}
	}
	spin_unlock(&sma->obj.lock);
	kvfree(new);
	return un;
	/* EXERCISE: sem-undo END */
}

/*
 * unlink_undo - take @un off its set's and its process's lists; it is the
 * caller's to free with kvfree_rcu().  sma->obj.lock held.
 */
static void unlink_undo(struct toy_sem_undo *un)
{
	list_del(&un->list_id);
	spin_lock(&un->ulp->lock);
	list_del_rcu(&un->list_proc);
	un->sma = NULL;
	spin_unlock(&un->ulp->lock);
}

/* SETVAL (@semnum) or SETALL (@semnum -1): no adjustment survives.  Lock held. */
static void clear_undos(struct toy_sem_array *sma, int semnum)
{
	/* EXERCISE: sem-undo BEGIN */
	struct toy_sem_undo *un;

	list_for_each_entry(un, &sma->undos, list_id) {
		if (semnum >= 0)
			un->semadj[semnum] = 0;
		else
			memset(un->semadj, 0, sma->nsems * sizeof(un->semadj[0]));
	}
	/* EXERCISE: sem-undo END */
}

/*
 * undo_set - an exiting process's adjustments added to @sma's values,
 * clamped, then the sleepers retried, as exit_sem() does for each of its
 * sets (it also sets otime, through do_smart_update()).  sma->obj.lock
 * held, the set not deleted; the sleepers it finishes go into @wb.
 */
static void undo_set(struct toy_sem_array *sma, const struct toy_sem_undo *un,
		     struct toy_wake_batch *wb)
{
	/* EXERCISE: sem-undo BEGIN */
	int i;

	for (i = 0; i < sma->nsems; i++) {
		if (!un->semadj[i])
			continue;
		sma->sems[i].semval = toyipc_sem_undo_value(sma->sems[i].semval,
							    un->semadj[i]);
		toyipc_update_pid(&sma->sems[i].sempid, task_tgid(current));
	}
	sma->otime = ktime_get_real_seconds();
	update_queue(sma, wb);
	/* EXERCISE: sem-undo END */
}

/*
 * exit_undo_list - the last thread of @ulp's group is exiting: apply and
 * free every undo structure, then the list, like exit_sem().  @ulp is out
 * of undo_lists, so no semop adds to it; only freeary() may take entries
 * off it meanwhile.  Called from the tracepoint probe: no sleeping.
 */
static void exit_undo_list(struct toy_sem_undo_list *ulp)
{
	struct toy_sem_array *sma;
	struct toy_sem_undo *un;

	for (;;) {
		struct toy_wake_batch wb = { 0 };

		rcu_read_lock();
		spin_lock(&ulp->lock);
		un = list_first_entry_or_null(&ulp->undos, struct toy_sem_undo,
					      list_proc);
		sma = un ? un->sma : NULL;
		spin_unlock(&ulp->lock);
		if (!un) {
			rcu_read_unlock();
			break;
		}
		/*
		 * un was still on the list, so freeary() had not taken it and
		 * its set is not freed before rcu_read_unlock().
		 */
		spin_lock(&sma->obj.lock);
		if (READ_ONCE(un->sma) != sma) {	/* freeary() was first */
			spin_unlock(&sma->obj.lock);
			rcu_read_unlock();
			continue;
		}
		if (!sma->obj.deleted)
			undo_set(sma, un, &wb);
		unlink_undo(un);
		spin_unlock(&sma->obj.lock);
		toy_wake_batch_run(&wb);
		rcu_read_unlock();
		kvfree_rcu(un, rcu);
	}
	kfree(ulp);
}

/*
 * sem_exit_probe - sched_process_exit: called by do_exit() in every exiting
 * thread, current being @tsk, preemption disabled.  Acts for the last
 * thread of a group that used SEM_UNDO (see the top of this file).
 */
static void sem_exit_probe(TOYIPC_EXIT_PROBE_ARGS)
{
	struct toy_sem_undo_list *ulp;

	if (atomic_read(&tsk->signal->live) || hash_empty(undo_lists))
		return;
	spin_lock(&undo_lists_lock);
	ulp = lookup_undo_list(tsk->signal);
	if (ulp)
		hash_del(&ulp->node);
	spin_unlock(&undo_lists_lock);
	if (ulp)
		exit_undo_list(ulp);
}

static void find_exit_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		exit_tracepoint = tp;
}

/*
 * free_undo_lists - module unload, the probe gone and no caller left:
 * every undo structure and list goes; the sets go right after.
 */
static void free_undo_lists(void)
{
	struct toy_sem_undo_list *ulp;
	struct toy_sem_undo *un, *tmp;
	struct hlist_node *next;
	int bkt;

	hash_for_each_safe(undo_lists, bkt, next, ulp, node) {
		list_for_each_entry_safe(un, tmp, &ulp->undos, list_proc) {
			list_del(&un->list_id);
			list_del(&un->list_proc);
			kvfree(un);
		}
		hash_del(&ulp->node);
		kfree(ulp);
	}
}

/* --- semget, semop, semtimedop */

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
	/* Signed: a negative semmsl refuses every nsems, 0 too. */
	if (nsems < 0 || nsems > toyipc_sem_limit(TOYIPC_LIM_SEMMSL))
		return -EINVAL;
	return toyipc_get(&sem_ids, key, semflg, &nsems);
}

/*
 * sem_wait - queue @q on the set and sleep until another task finishes it,
 * the set is removed, a signal comes or *@expires passes (CLOCK_MONOTONIC;
 * @expires NULL: no deadline).  Called with sma->obj.lock held; returns
 * without it, @q off the list.
 *
 * The waker hands the status over (wake_queue()) and wakes us after it has
 * dropped the lock, so a status found set is read without the lock: the
 * waker is done with @q, and we never wait for a lock it may still hold.
 * Only a wake-up that finds the status unset (a signal, the deadline, a
 * late wake-up meant for an earlier sleep) takes the lock, to look again
 * where the waker cannot change it under us and to leave the list.
 *
 * Return: @q's status: 0 (done by the waker), -EAGAIN, -ERANGE, -EIDRM; or
 * -EAGAIN for the deadline, -EINTR for a signal.  Like Linux, never a
 * restart: semop() is one of the calls a signal handler always interrupts,
 * SA_RESTART or not.
 */
static int sem_wait(struct toy_sem_array *sma, struct toy_sem_queue *q,
		    ktime_t *expires)
	__releases(&sma->obj.lock)
{
	bool timed_out;
	int status;

	q->status = QUEUE_WAITING;
	q->sleeper = current;
	list_add_tail(&q->list, &sma->pending);
	sma->nr_blocks++;
	toyipc_count(TOYIPC_KIND_SEM, TOYIPC_STAT_BLOCKS, 1);
	toyipc_event(TOYIPC_KIND_SEM, TOYIPC_EVENT_BLOCKED, sma->obj.id);

	for (;;) {
		/*
		 * The state is set before the lock is dropped: a wake-up
		 * between the unlock and the sleep makes the task runnable
		 * again, so the sleep returns at once instead of missing it.
		 */
		set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock(&sma->obj.lock);
		timed_out = !schedule_hrtimeout_range(expires, current->timer_slack_ns,
						      HRTIMER_MODE_ABS);
		/* Pairs with smp_store_release() in wake_queue(): values first. */
		status = smp_load_acquire(&q->status);
		if (status != QUEUE_WAITING)
			return status;

		spin_lock(&sma->obj.lock);
		status = q->status;
		if (status != QUEUE_WAITING)
			break;
		if (timed_out || signal_pending(current)) {
			list_del(&q->list);
			status = timed_out ? -EAGAIN : -EINTR;
			break;
		}
	}
	spin_unlock(&sma->obj.lock);
	return status;
}

/**
 * do_toy_semtimedop - semtimedop(): apply @nsops operations atomically,
 *	waiting if needed, at most @timeout
 * @semid: the set
 * @usops: the caller's struct sembuf array
 * @nsops: its length, 1..semopm
 * @timeout: how long to wait at most, or NULL (semop(): no limit)
 *
 * The checks in do_semtimedop()'s order.  Takes sma->obj.lock after
 * copying the operations in and finding the undo structure.
 *
 * Return: 0, or -E2BIG, -EINVAL (no operation, bad id, bad timeout),
 * -EFAULT, -EFBIG (a sem_num past the set), -EACCES, -EAGAIN, -ERANGE,
 * -EIDRM, -EINTR, -ENOMEM.
 */
static long do_toy_semtimedop(int semid, struct sembuf __user *usops,
			      unsigned int nsops, const struct timespec64 *timeout)
{
	struct sembuf fast[SEMOPM_FAST], *sops = fast;
	struct toy_sem_queue q = { .nsops = nsops };
	struct toy_wake_batch wb = { 0 };
	struct toy_sem_undo *un = NULL;
	ktime_t expires, *exp = NULL;
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	unsigned int i, max = 0;
	bool undo = false;
	long err;

	/*
	 * Unsigned, as do_semtimedop() compares: a negative semopm limits
	 * nothing, and a huge @nsops then fails to allocate (-ENOMEM; no
	 * warning, which kvmalloc() gives for sizes past INT_MAX).
	 */
	if (nsops > (unsigned int)toyipc_sem_limit(TOYIPC_LIM_SEMOPM))
		return -E2BIG;
	if (nsops < 1)
		return -EINVAL;
	if (nsops > ARRAY_SIZE(fast)) {
		sops = kvmalloc_array(nsops, sizeof(*sops), GFP_KERNEL | __GFP_NOWARN);
		if (!sops)
			return -ENOMEM;
	}
	if (copy_from_user(sops, usops, nsops * sizeof(*sops))) {
		err = -EFAULT;
		goto out_free;
	}
	err = -EINVAL;
	if (semid < 0)
		goto out_free;
	if (timeout) {
		if (!timespec64_valid(timeout))
			goto out_free;
		expires = ktime_add_safe(ktime_get(), timespec64_to_ktime(*timeout));
		exp = &expires;
	}
	for (i = 0; i < nsops; i++) {
		max = max_t(unsigned int, max, sops[i].sem_num);
		if (sops[i].sem_flg & SEM_UNDO)
			undo = true;
		if (sops[i].sem_op)
			q.alter = true;
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
	if (undo) {
		un = find_alloc_undo(sma);
		if (IS_ERR(un)) {
			err = PTR_ERR(un);
			goto out_put;
		}
	}

	q.sops = sops;
	q.pid = task_tgid(current);
	spin_lock(&obj->lock);
	/* Deleted: freeary() may have freed un too. */
	if (obj->deleted) {
		err = -EIDRM;
		goto out_unlock;
	}
	q.semadj = un ? un->semadj : NULL;
	sma->nr_ops++;
	err = toyipc_sem_apply(sma->sems, sma->nsems, sops, nsops, q.semadj,
			       q.pid, &q.blocking);
	if (err > 0) {
		err = sem_wait(sma, &q, exp);	/* drops the lock */
		goto out_put;
	}
	if (!err) {
		sma->otime = ktime_get_real_seconds();
		if (q.alter)
			update_queue(sma, &wb);
	}
out_unlock:
	spin_unlock(&obj->lock);
	toy_wake_batch_run(&wb);
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
	info->semmni = toyipc_limit(TOYIPC_LIM_SEMMNI);
	info->semmns = toyipc_sem_limit(TOYIPC_LIM_SEMMNS);
	info->semmsl = toyipc_sem_limit(TOYIPC_LIM_SEMMSL);
	info->semopm = toyipc_sem_limit(TOYIPC_LIM_SEMOPM);
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

/* SETALL: every value from the caller's array, no adjustment left, then retry the sleepers. */
static long sem_setall(int semid, const u16 __user *array)
{
	struct toy_sem_array *sma;
	struct toyipc_obj *obj;
	struct toy_wake_batch wb = { 0 };
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
			toyipc_update_pid(&sma->sems[i].sempid, task_tgid(current));
		}
		clear_undos(sma, -1);
		sma->ctime = ktime_get_real_seconds();
		update_queue(sma, &wb);
	}
	spin_unlock(&obj->lock);
	toy_wake_batch_run(&wb);
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

	semnum = array_index_nospec(semnum, sma->nsems);
	spin_lock(&obj->lock);
	if (obj->deleted)
		err = -EIDRM;
	else if (cmd == GETVAL)
		err = sma->sems[semnum].semval;
	else if (cmd == GETPID)
		err = pid_vnr(sma->sems[semnum].sempid);
	else
		err = count_waiters(sma, semnum, cmd == GETZCNT);
	spin_unlock(&obj->lock);
out_put:
	toyipc_put(obj);
	return err;
}

/* SETVAL: one value, its adjustments cleared, then retry the sleepers, like semctl_setval(). */
static long sem_setval(int semid, int semnum, int val)
{
	struct toy_sem_array *sma;
	struct toy_wake_batch wb = { 0 };
	struct toyipc_obj *obj;
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

	semnum = array_index_nospec(semnum, sma->nsems);
	spin_lock(&obj->lock);
	if (obj->deleted) {
		err = -EIDRM;
	} else {
		clear_undos(sma, semnum);
		sma->sems[semnum].semval = val;
		toyipc_update_pid(&sma->sems[semnum].sempid, task_tgid(current));
		sma->ctime = ktime_get_real_seconds();
		update_queue(sma, &wb);
	}
	spin_unlock(&obj->lock);
	toy_wake_batch_run(&wb);
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

	if (toyipc_get_ds(TOYIPC_KIND_SEM, &in, sizeof(in), buf))
		return -EFAULT;
	return toyipc_ctl_set(&sem_ids, semid, &in.sem_perm, sem_touch);
}

/*
 * freeary - IPC_RMID, permission checked (also toyipcctl rm): out of the
 * table first, so no new semop can queue itself or add an undo structure,
 * then the undo structures go and every sleeper leaves with EIDRM.
 */
static void freeary(struct toyipc_obj *obj)
{
	struct toy_sem_array *sma = to_sem_array(obj);
	struct toy_wake_batch wb = { 0 };
	struct toy_sem_undo *un, *utmp;
	struct toy_sem_queue *q, *tmp;

	toyipc_rmid(obj);
	spin_lock(&obj->lock);
	list_for_each_entry_safe(un, utmp, &sma->undos, list_id) {
		unlink_undo(un);
		kvfree_rcu(un, rcu);
	}
	list_for_each_entry_safe(q, tmp, &sma->pending, list)
		wake_queue(sma, &wb, q, -EIDRM);
	spin_unlock(&obj->lock);
	toy_wake_batch_run(&wb);
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
	cmd = toyipc_ipc_cmd(cmd);
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
	return do_toy_semtimedop(req.semid, u64_to_user_ptr(req.sops), req.nsops,
				 NULL);
}

/* The timeout is read first, as ksys_semtimedop() does. */
static long ioctl_semtimedop(void __user *arg)
{
	struct toyipc_semtimedop req;
	struct timespec64 ts;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.timeout && toyipc_get_timespec(&ts, u64_to_user_ptr(req.timeout)))
		return -EFAULT;
	return do_toy_semtimedop(req.semid, u64_to_user_ptr(req.sops), req.nsops,
				 req.timeout ? &ts : NULL);
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
 * @cmd: TOYIPC_IOC_SEMGET, _SEMOP, _SEMCTL or _SEMTIMEDOP
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
	case TOYIPC_IOC_SEMTIMEDOP:
		return ioctl_semtimedop(arg);
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
 * toyipc_sem_init - start semaphores: the table, /proc/toyipc/sem and the
 *	probe on process exit that applies SEM_UNDO
 *
 * Return: 0, -ENOMEM, -ENOENT (no sched_process_exit tracepoint), or what
 * tracepoint_probe_register() returns.
 */
int toyipc_sem_init(void)
{
	int err;

	for_each_kernel_tracepoint(find_exit_tracepoint, NULL);
	if (!exit_tracepoint) {
		pr_err("no sched_process_exit tracepoint, SEM_UNDO impossible\n");
		return -ENOENT;
	}
	toyipc_ids_init(&sem_ids, "sem", &sem_ops);
	err = toyipc_ids_proc_create(&sem_ids, toyipc_proc_dir);
	if (err)
		goto out_ids;
	err = tracepoint_probe_register(exit_tracepoint, sem_exit_probe, NULL);
	if (err)
		goto out_ids;
	return 0;

out_ids:
	toyipc_ids_destroy(&sem_ids);
	return err;
}

/*
 * Module unload: no sleeper is left (each holds /dev/toyipc open), but
 * processes that dropped the device (execve() closes it) may still have
 * undo structures.  The probe goes first, and with it any exit in flight.
 */
void toyipc_sem_exit(void)
{
	tracepoint_probe_unregister(exit_tracepoint, sem_exit_probe, NULL);
	tracepoint_synchronize_unregister();
	free_undo_lists();
	toyipc_ids_destroy(&sem_ids);
}
