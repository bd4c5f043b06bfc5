// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc message queues: msgget(), msgsnd(), msgrcv() and msgctl() after
 * Linux's ipc/msg.c.  Read the two side by side: do_msgsnd(), do_msgrcv(),
 * find_msg(), testmsg(), pipelined_send(), ss_wakeup() and expunge_all()
 * have the same names and the same jobs here.
 *
 * A queue is a list of messages, oldest first, plus two lists of tasks
 * asleep on it: senders waiting for room, receivers waiting for a message
 * of their type.  Keys, ids and permissions are the registry's
 * (registry.c); this file adds the messages.
 *
 * Locking and sleeping:
 *  - q->obj.lock, a spinlock, protects every field of a queue that
 *    changes: the messages and their counts, the times and pids, qbytes
 *    and the sender and receiver lists.  Nothing sleeps under it and no
 *    user memory is touched under it: msgsnd copies the text into a kernel
 *    message before taking it, msgrcv copies out after unlinking.
 *  - A task that must wait puts an entry that lives on its own stack on
 *    q->senders or q->receivers, sets TASK_INTERRUPTIBLE and sleeps after
 *    dropping the lock.  Whoever changes the queue so that a sleeper can go
 *    on picks exactly that sleeper under the lock, pins its task and wakes
 *    it after dropping the lock (struct toy_wake_batch, wake.h), like Linux's
 *    wake_q: a woken task that needs the lock at once would otherwise spin
 *    on it while the waker still holds it.  A task is pinned, not its
 *    entry: once the lock is dropped the entry may be gone, so a wake-up
 *    may come late, to a task that has moved on; every sleep here (and in
 *    the kernel) treats a wake-up as "look again", never as a promise.
 *  - A receiver's entry leaves q->receivers with its result, under the
 *    lock; storing the result (smp_store_release()) is the waker's last
 *    touch of the entry, so a woken receiver that finds a message takes it
 *    without the lock, like Linux's lockless receive.
 *  - msgsnd and msgrcv find their queue under rcu_read_lock() with no
 *    reference (toyipc_obtain_rcu()) and stay in the RCU read side to
 *    their end, like ipc/msg.c, except while they sleep: before the first
 *    sleep they take a reference under the lock (pin()) and hold it to
 *    the end, so a removed queue stays in memory until its last sleeper
 *    has seen -EIDRM.  The other calls hold a reference (toyipc_obtain())
 *    from start to end.
 *  - A queue's counters (toyipcctl's sends, receives, bytes, blocks) are
 *    plain numbers under q->obj.lock, which every call that changes them
 *    holds already: no atomic operation, no cache line of their own to
 *    bounce between a sender's CPU and a receiver's.  A receive taken
 *    without the lock is counted by the sender that handed it over
 *    (hand_to_receiver()).  Those of all queues together are stats.c's.
 *
 * Messages are stored as ipc/msgutil.c stores them (struct toy_msg in
 * toyipc.h): a header with the first bytes of text, then page-sized
 * segments, so a long message never needs a high-order allocation.
 *
 * Where the toy is simpler than Linux (docs/en/msg.md says more): the tasks
 * to wake go in a small array instead of a wake_q (not exported to
 * modules; wake.h).
 */
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/err.h>
#include <linux/ipc.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/msg.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <net/netlink.h>

#include <linux/toyipc.h>
#include "netlink.h"
#include "registry.h"
#include "stats.h"
#include "toyipc.h"
#include "wake.h"

/* One message queue: struct msg_queue. */
struct toy_msg_queue {
	struct toyipc_obj obj;		/* key, id, ipc_perm and the lock */
	time64_t stime;			/* last msgsnd time; under obj.lock */
	time64_t rtime;			/* last msgrcv time; under obj.lock */
	time64_t ctime;			/* creation or last IPC_SET; under obj.lock */
	unsigned long cbytes;		/* bytes of text queued; under obj.lock */
	unsigned long qnum;		/* messages queued; under obj.lock */
	unsigned long qbytes;		/* most bytes, and messages, queued; under obj.lock */
	struct pid *lspid;		/* last sender's tgid, NULL if none; under obj.lock */
	struct pid *lrpid;		/* last receiver's, NULL if none; under obj.lock */
	struct list_head messages;	/* struct toy_msg, oldest first; under obj.lock */
	struct list_head receivers;	/* struct toy_msg_receiver; under obj.lock */
	struct list_head senders;	/* struct toy_msg_sender; under obj.lock */
	u64 counters[TOY_MSG_NR_COUNTERS];	/* this queue's; under obj.lock */
};

/*
 * A receiver asleep in do_msgrcv(): struct msg_receiver, on the receiver's
 * stack.  It is on q->receivers exactly while ->msg is NULL; whoever sets
 * ->msg takes it off the list first and wakes ->task (hand_to_receiver()).
 */
struct toy_msg_receiver {
	struct list_head list;		/* in q->receivers */
	struct task_struct *task;	/* the sleeping receiver */
	long msgtyp;			/* what it asked for, as toyipc_msg_mode() left it */
	enum toy_msg_search mode;
	size_t maxsize;			/* its room, SIZE_MAX with MSG_NOERROR */
	size_t bufsz;			/* its room, what a receive copies at most */
	struct pid *pid;		/* becomes lrpid if a sender hands it a message */
	struct toy_msg *msg;		/* NULL, a message or ERR_PTR(-E2BIG, -EIDRM, -EAGAIN) */
};

/*
 * A sender asleep in do_msgsnd(): struct msg_sender, on the sender's stack.
 * The sender adds it before sleeping and removes it when it wakes.
 */
struct toy_msg_sender {
	struct list_head list;		/* in q->senders */
	struct task_struct *task;	/* the sleeping sender */
	size_t size;			/* bytes it wants to queue */
};

static struct toyipc_ids msg_ids;

/* Add @n to one of @q's counters.  q->obj.lock held. */
static void count(struct toy_msg_queue *q, enum toy_msg_counter c, u64 n)
{
	lockdep_assert_held(&q->obj.lock);
	q->counters[c] += n;
}

/* Wake @task once the lock is dropped.  q->obj.lock held (it keeps the sleeper's entry alive). */
static void wake(struct toy_msg_queue *q, struct toy_wake_batch *wb,
		 struct task_struct *task)
{
	lockdep_assert_held(&q->obj.lock);
	toyipc_count(TOYIPC_KIND_MSG, TOYIPC_STAT_WAKEUPS, 1);
	toyipc_event(TOYIPC_KIND_MSG, TOYIPC_EVENT_WOKEN, q->obj.id);
	toy_wake_batch_add(wb, task);
}

/*
 * sleep_unlocked - drop q->obj.lock and sleep until woken or a signal.
 * @q: the queue
 * @c: TOY_MSG_SEND_BLOCKS or TOY_MSG_RECV_BLOCKS, the counter to add to
 *
 * Called with q->obj.lock held, @q pinned and the caller's entry on a list
 * of @q; returns without the lock, in the RCU read side again (the sleep
 * is outside it).  The task state is set before the lock is
 * dropped: a wake-up between the unlock and schedule() makes the task
 * runnable again, so schedule() returns at once instead of missing it.
 */
static void sleep_unlocked(struct toy_msg_queue *q, enum toy_msg_counter c)
	__releases(&q->obj.lock)
{
	count(q, c, 1);
	toyipc_count(TOYIPC_KIND_MSG, TOYIPC_STAT_BLOCKS, 1);
	toyipc_event(TOYIPC_KIND_MSG, TOYIPC_EVENT_BLOCKED, q->obj.id);
	set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock(&q->obj.lock);
	rcu_read_unlock();	/* pin()'s reference keeps @q */
	schedule();
	rcu_read_lock();
}

/*
 * pin - before the first sleep of a msgsnd() or msgrcv() that found @q
 * under rcu_read_lock() (toyipc_obtain_rcu()): take a reference, so that
 * the queue outlives the sleeps, which leave the RCU read side.  Linux's
 * do_msgsnd() does the same with ipc_rcu_getref().  q->obj.lock held, and
 * @q not deleted.  *@pinned says it is done.
 */
static void pin(struct toy_msg_queue *q, bool *pinned)
{
	if (!*pinned)
		toyipc_pin(&q->obj);
	*pinned = true;
}

/*
 * unpin - the end of a msgsnd() or msgrcv(), q->obj.lock dropped: leave the
 * RCU read side, and drop pin()'s reference if the call slept (which may
 * free a removed queue, so no lock may be held).
 */
static void unpin(struct toy_msg_queue *q, bool pinned)
	__releases(RCU)
{
	rcu_read_unlock();
	if (pinned)
		toyipc_put(&q->obj);
}

/* Would @size more bytes fit?  Each message also counts as one byte of qbytes. */
static bool msg_fits(struct toy_msg_queue *q, size_t size)
{
	lockdep_assert_held(&q->obj.lock);
	return size + q->cbytes <= q->qbytes && 1 + q->qnum <= q->qbytes;
}

/*
 * ss_wakeup - wake the senders whose message fits now, or all of them when
 * the queue is being removed (@kill), into @wb.  q->obj.lock held.  A
 * sender whose message still does not fit is left asleep: a receive that
 * frees too little room wakes nobody.  Senders stay on the list until they
 * run.  Linux's also moves those left asleep to the tail; the toy need
 * not: the sleepers keep their order either way, and a woken sender goes
 * to the tail itself if it must wait again (docs/en/msg.md, section 4).
 */
static void ss_wakeup(struct toy_msg_queue *q, struct toy_wake_batch *wb, bool kill)
{
	struct toy_msg_sender *s;

	lockdep_assert_held(&q->obj.lock);
	list_for_each_entry(s, &q->senders, list)
		if (kill || msg_fits(q, s->size))
			wake(q, wb, s->task);
}

/*
 * hand_to_receiver - give sleeping receiver @r its result @msg (a message
 * or an ERR_PTR) and wake it, into @wb.  q->obj.lock held.
 *
 * The store is the last touch of @r: the receiver may see it at once,
 * take the message without the lock and return, and @r is gone with its
 * stack frame.  Release order makes the message's contents visible first.
 */
static void hand_to_receiver(struct toy_msg_queue *q, struct toy_wake_batch *wb,
			     struct toy_msg_receiver *r, struct toy_msg *msg)
{
	lockdep_assert_held(&q->obj.lock);
	list_del(&r->list);
	if (!IS_ERR(msg)) {	/* the receiver takes it without the lock */
		count(q, TOY_MSG_RECEIVES, 1);
		count(q, TOY_MSG_BYTES_RECEIVED, min(r->bufsz, msg->size));
	}
	wake(q, wb, r->task);
	/* Pairs with smp_load_acquire() in do_msgrcv(): the message first. */
	smp_store_release(&r->msg, msg);
}

/*
 * expunge_all - give every sleeping receiver the result @err and wake it,
 * into @wb: -EIDRM when the queue is removed, -EAGAIN after IPC_SET (look
 * again: the permissions may have changed).  q->obj.lock held.
 */
static void expunge_all(struct toy_msg_queue *q, struct toy_wake_batch *wb, int err)
{
	struct toy_msg_receiver *r, *tmp;

	lockdep_assert_held(&q->obj.lock);
	list_for_each_entry_safe(r, tmp, &q->receivers, list)
		hand_to_receiver(q, wb, r, ERR_PTR(err));
}

/**
 * toyipc_msg_free - free a message and its segments, like free_msg()
 * @msg: the message, or NULL
 */
void toyipc_msg_free(struct toy_msg *msg)
{
	struct toy_msgseg *seg, *next;

	if (!msg)
		return;
	for (seg = msg->next; seg; seg = next) {
		next = seg->next;
		kfree(seg);
	}
	kfree(msg);
}

/**
 * toyipc_msg_alloc - a message with room for @size bytes of text, like
 *	alloc_msg(): the header with the first TOY_MSG_DATALEN bytes, then
 *	as many segments as the rest needs
 * @size: bytes of text, up to msgmax
 *
 * Every allocation is at most a page and charged to the caller's memory
 * cgroup, as Linux's are.  May sleep.
 *
 * Return: the message, its size set, its text not; or NULL.
 */
struct toy_msg *toyipc_msg_alloc(size_t size)
{
	size_t alen = min_t(size_t, size, TOY_MSG_DATALEN);
	struct toy_msgseg **pseg;
	struct toy_msg *msg;

	msg = kmalloc(sizeof(*msg) + alen, GFP_KERNEL_ACCOUNT);
	if (!msg)
		return NULL;
	msg->size = size;
	msg->next = NULL;
	pseg = &msg->next;
	for (size -= alen; size; size -= alen) {
		struct toy_msgseg *seg;

		alen = min_t(size_t, size, TOY_MSGSEG_DATALEN);
		seg = kmalloc(sizeof(*seg) + alen, GFP_KERNEL_ACCOUNT);
		if (!seg) {
			toyipc_msg_free(msg);
			return NULL;
		}
		seg->next = NULL;
		*pseg = seg;
		pseg = &seg->next;
	}
	return msg;
}

static void free_messages(struct list_head *messages)
{
	struct toy_msg *msg, *tmp;

	list_for_each_entry_safe(msg, tmp, messages, list)
		toyipc_msg_free(msg);
}

/**
 * toyipc_msg_mode - how msgrcv() chooses, from msgtyp and msgflg
 * @msgtyp: msgrcv()'s msgtyp; made positive for TOY_MSG_LESSEQUAL
 * @msgflg: msgrcv()'s flags; only MSG_EXCEPT matters
 *
 * Like convert_mode() in ipc/msg.c: MSG_EXCEPT only changes a positive
 * msgtyp.  -LONG_MIN does not exist, so LONG_MIN means "up to LONG_MAX".
 *
 * Return: the search mode.
 */
enum toy_msg_search toyipc_msg_mode(long *msgtyp, int msgflg)
{
	if (*msgtyp == 0)
		return TOY_MSG_ANY;
	if (*msgtyp < 0) {
		*msgtyp = *msgtyp == LONG_MIN ? LONG_MAX : -*msgtyp;
		return TOY_MSG_LESSEQUAL;
	}
	return (msgflg & MSG_EXCEPT) ? TOY_MSG_NOTEQUAL : TOY_MSG_EQUAL;
}

/* Does @msg match what a receiver asked for?  testmsg() in ipc/msg.c. */
static bool testmsg(const struct toy_msg *msg, long msgtyp,
		    enum toy_msg_search mode)
{
	/* EXERCISE: msg-select BEGIN */
	switch (mode) {
	case TOY_MSG_ANY:
		return true;
	case TOY_MSG_EQUAL:
		return msg->type == msgtyp;
	case TOY_MSG_NOTEQUAL:
		return msg->type != msgtyp;
	case TOY_MSG_LESSEQUAL:
		return msg->type <= msgtyp;
	}
	return false;
	/* EXERCISE: msg-select END */
}

/**
 * toyipc_msg_find - the message msgrcv() takes, like find_msg()
 * @messages: a queue's messages, oldest first; its lock held
 * @msgtyp: the type, as toyipc_msg_mode() left it
 * @mode: the search mode from toyipc_msg_mode()
 *
 * The oldest matching message, except for TOY_MSG_LESSEQUAL, which wants
 * the lowest type and, among messages of that type, the oldest.
 *
 * Return: the message (still on the list), or NULL if none matches.
 */
struct toy_msg *toyipc_msg_find(struct list_head *messages, long msgtyp,
				enum toy_msg_search mode)
{
	/* EXERCISE: msg-select BEGIN */
	struct toy_msg *msg, *found = NULL;

	list_for_each_entry(msg, messages, list) {
		if (!testmsg(msg, msgtyp, mode))
			continue;
		if (mode != TOY_MSG_LESSEQUAL)
			return msg;
		/* Strictly lower: an equal type later in the list is younger. */
		if (!found || msg->type < found->type)
			found = msg;
	}
	return found;
	/* EXERCISE: msg-select END */
}

/*
 * pipelined_send - hand @msg straight to a sleeping receiver that wants it,
 * as ipc/msg.c does, so the message never enters the queue and no other
 * receiver can take it first.  A receiver whose buffer is too small gets
 * -E2BIG instead (the message goes on to the next one).  The receivers to
 * wake go into @wb.  q->obj.lock held.
 *
 * Return: true if a receiver took the message.
 */
static bool pipelined_send(struct toy_msg_queue *q, struct toy_wake_batch *wb,
			   struct toy_msg *msg)
{
	/* EXERCISE: msg-pipelined BEGIN */
	struct toy_msg_receiver *r, *tmp;

	lockdep_assert_held(&q->obj.lock);
	list_for_each_entry_safe(r, tmp, &q->receivers, list) {
		if (!testmsg(msg, r->msgtyp, r->mode))
			continue;
		if (msg->size > r->maxsize) {
			hand_to_receiver(q, wb, r, ERR_PTR(-E2BIG));
			continue;
		}
		toyipc_update_pid(&q->lrpid, r->pid);
		q->rtime = ktime_get_real_seconds();
		hand_to_receiver(q, wb, r, msg);
		return true;
	}
	return false;
	/* EXERCISE: msg-pipelined END */
}

/* Copy a message's text from user space into a new kernel message: load_msg(). */
static struct toy_msg *load_msg(const void __user *src, size_t size)
{
	size_t alen = min_t(size_t, size, TOY_MSG_DATALEN);
	struct toy_msgseg *seg;
	struct toy_msg *msg;

	msg = toyipc_msg_alloc(size);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(msg->text, src, alen))
		goto out_fault;
	for (seg = msg->next; seg; seg = seg->next) {
		src += alen;
		size -= alen;
		alen = min_t(size_t, size, TOY_MSGSEG_DATALEN);
		if (copy_from_user(seg->text, src, alen))
			goto out_fault;
	}
	return msg;

out_fault:
	toyipc_msg_free(msg);
	return ERR_PTR(-EFAULT);
}

/*
 * copy_msg - @src's type and text into @dst, which has room for at least
 * @src->size bytes (MSG_COPY): copy_msg() of ipc/msgutil.c.  Both are laid
 * out alike, so their pieces pair up.  Memory to memory: may run under a
 * spinlock.
 */
static void copy_msg(const struct toy_msg *src, struct toy_msg *dst)
{
	size_t left = src->size, alen = min_t(size_t, left, TOY_MSG_DATALEN);
	const struct toy_msgseg *s;
	struct toy_msgseg *d;

	dst->type = src->type;
	dst->size = src->size;
	memcpy(dst->text, src->text, alen);
	for (s = src->next, d = dst->next; s; s = s->next, d = d->next) {
		left -= alen;
		alen = min_t(size_t, left, TOY_MSGSEG_DATALEN);
		memcpy(d->text, s->text, alen);
	}
}

/*
 * store_msg - copy a received message out to the caller's struct msgbuf:
 * do_msg_fill().  At most @bufsz bytes of text (MSG_NOERROR truncates).
 *
 * Return: the bytes of text copied, or -EFAULT.  The message is already
 * off its queue, so after -EFAULT it is lost, as in Linux.
 */
static long store_msg(void __user *buf, const struct toy_msg *msg, size_t bufsz)
{
	size_t size = min(bufsz, msg->size), left = size;
	size_t alen = min_t(size_t, left, TOY_MSG_DATALEN);
	const struct toy_msgseg *seg;
	void __user *text;
	char __user *dst;

	if (toyipc_put_mtype(buf, msg->type, &text))
		return -EFAULT;
	dst = text;
	if (copy_to_user(dst, msg->text, alen))
		return -EFAULT;
	for (seg = msg->next; seg && left > alen; seg = seg->next) {
		dst += alen;
		left -= alen;
		alen = min_t(size_t, left, TOY_MSGSEG_DATALEN);
		if (copy_to_user(dst, seg->text, alen))
			return -EFAULT;
	}
	return size;
}

static struct toyipc_obj *msg_create(void *arg)
{
	struct toy_msg_queue *q;

	q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
	if (!q)
		return ERR_PTR(-ENOMEM);
	q->ctime = ktime_get_real_seconds();
	q->qbytes = toyipc_limit(TOYIPC_LIM_MSGMNB);
	INIT_LIST_HEAD(&q->messages);
	INIT_LIST_HEAD(&q->receivers);
	INIT_LIST_HEAD(&q->senders);
	return &q->obj;
}

/* The last reference is gone: nobody can see the queue any more. */
static void msg_free(struct toyipc_obj *obj)
{
	struct toy_msg_queue *q = container_of(obj, struct toy_msg_queue, obj);

	free_messages(&q->messages);
	put_pid(q->lspid);
	put_pid(q->lrpid);
	kfree_rcu(q, obj.rcu);
}

static unsigned int msg_limit(void)
{
	return toyipc_limit(TOYIPC_LIM_MSGMNI);
}

/* msgget(): the registry does it all, like ksys_msgget() and ipcget(). */
static long do_msgget(key_t key, int msgflg)
{
	return toyipc_get(&msg_ids, key, msgflg, NULL);
}

/*
 * do_msgsnd - msgsnd(), in ipc/msg.c's order: arguments (-EINVAL), copy
 * the text in (-EFAULT), find the queue (-EINVAL), then under the lock:
 * permission (-EACCES), removed (-EIDRM), room (sleep, or -EAGAIN with
 * IPC_NOWAIT).  Takes and drops q->obj.lock; wakes a receiver after that.
 */
static long do_msgsnd(int msqid, long mtype, const void __user *mtext,
		      size_t msgsz, int msgflg)
{
	struct toy_wake_batch wb = { 0 };
	struct toy_msg_queue *q;
	struct toyipc_obj *obj;
	struct toy_msg *msg;
	bool pinned = false;
	long err;

	if (msgsz > toyipc_limit(TOYIPC_LIM_MSGMAX) || (long)msgsz < 0 || msqid < 0)
		return -EINVAL;
	if (mtype < 1)
		return -EINVAL;

	msg = load_msg(mtext, msgsz);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	msg->type = mtype;

	rcu_read_lock();
	obj = toyipc_obtain_rcu(&msg_ids, msqid);
	if (IS_ERR(obj)) {
		rcu_read_unlock();
		err = PTR_ERR(obj);
		goto out_free;
	}
	q = container_of(obj, struct toy_msg_queue, obj);

	spin_lock(&q->obj.lock);
	for (;;) {
		struct toy_msg_sender s;

		err = toyipc_perms(&q->obj, 0222);	/* write: S_IWUGO */
		if (err)
			goto out_unlock;
		if (q->obj.deleted) {
			err = -EIDRM;
			goto out_unlock;
		}
		if (msg_fits(q, msgsz))
			break;
		if (msgflg & IPC_NOWAIT) {
			err = -EAGAIN;
			goto out_unlock;
		}

		/* Full: sleep until a receive or IPC_SET makes room. */
		pin(q, &pinned);
		s.task = current;
		s.size = msgsz;
		list_add_tail(&s.list, &q->senders);
		sleep_unlocked(q, TOY_MSG_SEND_BLOCKS);
		spin_lock(&q->obj.lock);
		list_del(&s.list);

		if (q->obj.deleted) {
			err = -EIDRM;
			goto out_unlock;
		}
		/* Never restarted after a handler ran, even with SA_RESTART. */
		if (signal_pending(current)) {
			err = -ERESTARTNOHAND;
			goto out_unlock;
		}
	}

	toyipc_update_pid(&q->lspid, task_tgid(current));
	q->stime = ktime_get_real_seconds();
	count(q, TOY_MSG_SENDS, 1);
	count(q, TOY_MSG_BYTES_SENT, msgsz);
	toyipc_count(TOYIPC_KIND_MSG, TOYIPC_STAT_BYTES, msgsz);
	if (!pipelined_send(q, &wb, msg)) {
		list_add_tail(&msg->list, &q->messages);
		q->cbytes += msgsz;
		q->qnum++;
	}
	msg = NULL;	/* the queue or a receiver has it now */
	err = 0;

out_unlock:
	spin_unlock(&q->obj.lock);
	unpin(q, pinned);
	toy_wake_batch_run(&wb);
out_free:
	toyipc_msg_free(msg);
	return err;
}

/*
 * do_msg_copy - msgrcv() with MSG_COPY: a copy of the message at position
 * @pos (0 is the oldest), the queue left exactly as it was, as
 * checkpoint/restore uses it to save a queue.  Linux's do_msgrcv() does it
 * on the side of a normal receive, in this order:
 *  - MSG_EXCEPT, or no IPC_NOWAIT: -EINVAL (a copy never waits);
 *  - prepare_copy(): a kernel message of min(@bufsz, msgmax) bytes, loaded
 *    from the caller's buffer (-ENOMEM, -EFAULT even for a bad @msqid);
 *  - the queue (-EINVAL), read permission (-EACCES), removed (-EIDRM);
 *  - no message at @pos (a negative @pos never matches): -ENOMSG;
 *  - the message longer than @bufsz: -E2BIG, or with MSG_NOERROR -EINVAL
 *    when it is also longer than the copy (copy_msg()'s check), so MSG_COPY
 *    never truncates.
 * The text is copied into the copy under the lock (memory to memory) and
 * out to the caller after.  No time, pid or counter changes.
 *
 * Return: the bytes of text copied, or -errno.
 */
static long do_msg_copy(int msqid, void __user *buf, size_t bufsz, long pos,
			int msgflg)
{
	size_t room = min_t(size_t, bufsz, toyipc_limit(TOYIPC_LIM_MSGMAX));
	struct toy_msg_queue *q;
	struct toyipc_obj *obj;
	struct toy_msg *msg, *copy;
	long ret, n = 0;

	if ((msgflg & MSG_EXCEPT) || !(msgflg & IPC_NOWAIT))
		return -EINVAL;
	copy = load_msg(buf, room);	/* prepare_copy(): reads the buffer too */
	if (IS_ERR(copy))
		return PTR_ERR(copy);

	obj = toyipc_obtain(&msg_ids, msqid);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		goto out_free;
	}
	q = container_of(obj, struct toy_msg_queue, obj);

	ret = toyipc_perms(&q->obj, 0444);	/* read: S_IRUGO */
	spin_lock(&q->obj.lock);
	if (ret)
		goto out_unlock;
	if (q->obj.deleted) {
		ret = -EIDRM;
		goto out_unlock;
	}
	ret = -ENOMSG;
	list_for_each_entry(msg, &q->messages, list) {
		if (n++ != pos)
			continue;
		if (bufsz < msg->size && !(msgflg & MSG_NOERROR))
			ret = -E2BIG;
		else if (msg->size > copy->size)
			ret = -EINVAL;
		else
			ret = 0;
		if (!ret)
			copy_msg(msg, copy);
		break;
	}
out_unlock:
	spin_unlock(&q->obj.lock);
	toyipc_put(&q->obj);
	if (!ret)
		ret = store_msg(buf, copy, bufsz);
out_free:
	toyipc_msg_free(copy);
	return ret;
}

/*
 * do_msgrcv - msgrcv(): arguments (-EINVAL), find the queue (-EINVAL), then
 * under the lock: permission (-EACCES), removed (-EIDRM), a matching
 * message (too long: -E2BIG unless MSG_NOERROR) or sleep (-ENOMSG with
 * IPC_NOWAIT).  The message is copied out after the lock is dropped.
 * Takes and drops q->obj.lock; wakes senders after that.  A message handed
 * over while it slept is taken without the lock (hand_to_receiver()).
 */
static long do_msgrcv(int msqid, void __user *buf, size_t bufsz, long msgtyp,
		      int msgflg)
{
	struct toy_wake_batch wb = { 0 };
	struct toy_msg_queue *q;
	struct toyipc_obj *obj;
	enum toy_msg_search mode;
	struct toy_msg *msg;
	bool pinned = false;
	long ret;

	if (msqid < 0 || (long)bufsz < 0)
		return -EINVAL;
	if (msgflg & MSG_COPY)
		return do_msg_copy(msqid, buf, bufsz, msgtyp, msgflg);
	mode = toyipc_msg_mode(&msgtyp, msgflg);

	rcu_read_lock();
	obj = toyipc_obtain_rcu(&msg_ids, msqid);
	if (IS_ERR(obj)) {
		rcu_read_unlock();
		return PTR_ERR(obj);
	}
	q = container_of(obj, struct toy_msg_queue, obj);

	spin_lock(&q->obj.lock);
	for (;;) {
		struct toy_msg_receiver r;

		ret = toyipc_perms(&q->obj, 0444);	/* read: S_IRUGO */
		if (ret)
			goto out_unlock;
		if (q->obj.deleted) {
			ret = -EIDRM;
			goto out_unlock;
		}

		msg = toyipc_msg_find(&q->messages, msgtyp, mode);
		if (msg) {
			if (bufsz < msg->size && !(msgflg & MSG_NOERROR)) {
				ret = -E2BIG;
				goto out_unlock;
			}
			list_del(&msg->list);
			q->qnum--;
			q->cbytes -= msg->size;
			q->rtime = ktime_get_real_seconds();
			toyipc_update_pid(&q->lrpid, task_tgid(current));
			ss_wakeup(q, &wb, false);
			break;
		}
		if (msgflg & IPC_NOWAIT) {
			ret = -ENOMSG;
			goto out_unlock;
		}

		/* Nothing for us: sleep until pipelined_send() or expunge_all(). */
		pin(q, &pinned);
		r.task = current;
		r.msgtyp = msgtyp;
		r.mode = mode;
		r.maxsize = (msgflg & MSG_NOERROR) ? SIZE_MAX : bufsz;
		r.bufsz = bufsz;
		/* Linux records the receiving thread here: task_pid(), not the tgid. */
		r.pid = task_pid(current);
		r.msg = NULL;
		list_add_tail(&r.list, &q->receivers);
		sleep_unlocked(q, TOY_MSG_RECV_BLOCKS);

		/*
		 * A sender handed us a message: it is ours, no lock needed.
		 * Pairs with smp_store_release() in hand_to_receiver().
		 */
		msg = smp_load_acquire(&r.msg);
		if (msg && !IS_ERR(msg))
			goto out_received;

		/* Nothing, an error, or a signal: look again under the lock. */
		spin_lock(&q->obj.lock);
		if (!r.msg) {
			list_del(&r.list);	/* a signal or a late wake-up, not a sender */
		} else if (r.msg != ERR_PTR(-EAGAIN)) {
			msg = r.msg;
			spin_unlock(&q->obj.lock);
			if (!IS_ERR(msg))	/* handed over, and counted, by a sender */
				goto out_received;
			ret = PTR_ERR(msg);
			goto out_unlocked;
		}
		/* Never restarted after a handler ran, even with SA_RESTART. */
		if (signal_pending(current)) {
			ret = -ERESTARTNOHAND;
			goto out_unlock;
		}
	}

	count(q, TOY_MSG_RECEIVES, 1);
	count(q, TOY_MSG_BYTES_RECEIVED, min(bufsz, msg->size));
	spin_unlock(&q->obj.lock);
out_received:
	unpin(q, pinned);
	toy_wake_batch_run(&wb);
	toyipc_count(TOYIPC_KIND_MSG, TOYIPC_STAT_BYTES, min(bufsz, msg->size));

	ret = store_msg(buf, msg, bufsz);
	toyipc_msg_free(msg);
	return ret;

out_unlock:
	spin_unlock(&q->obj.lock);
out_unlocked:
	unpin(q, pinned);
	toy_wake_batch_run(&wb);
	return ret;
}

/*
 * msg_fill_stat - IPC_STAT's and MSG_STAT's fields of a queue, as
 * msgctl_stat() fills them; the registry's toyipc_ctl_stat() does the
 * rest.  q->obj.lock held.
 */
static void msg_fill_stat(struct toyipc_obj *obj, void *buf)
{
	struct toy_msg_queue *q = container_of(obj, struct toy_msg_queue, obj);
	struct msqid64_ds *ds = buf;

	ds->msg_stime = q->stime;
	ds->msg_rtime = q->rtime;
	ds->msg_ctime = q->ctime;
	ds->msg_cbytes = q->cbytes;
	ds->msg_qnum = q->qnum;
	ds->msg_qbytes = q->qbytes;
	ds->msg_lspid = pid_vnr(q->lspid);
	ds->msg_lrpid = pid_vnr(q->lrpid);
}

static long msgctl_stat(int msqid, enum toyipc_stat_how how, void __user *buf)
{
	struct msqid64_ds ds;

	return toyipc_ctl_stat(&msg_ids, msqid, how, &ds, sizeof(ds), buf, msg_fill_stat);
}

/* MSG_INFO's sums over all queues. */
struct msg_usage {
	unsigned long msgs;	/* messages queued */
	unsigned long bytes;	/* bytes of text queued */
};

static void msg_add_usage(struct toyipc_obj *obj, void *arg)
{
	struct toy_msg_queue *q = container_of(obj, struct toy_msg_queue, obj);
	struct msg_usage *u = arg;

	u->msgs += q->qnum;
	u->bytes += q->cbytes;
}

/**
 * toyipc_msg_fill_info - struct msginfo of IPC_INFO and MSG_INFO, as msgctl_info()
 * @info: to fill
 * @cmd: IPC_INFO or MSG_INFO
 * @in_use: queues in the table
 * @msgs: messages queued in all of them
 * @bytes: bytes of text queued in all of them
 *
 * The limits msgmni, msgmax and msgmnb, the constants MSGSSZ and MSGSEG,
 * and then for IPC_INFO more constants (MSGMAP, MSGPOOL, MSGTQL), for
 * MSG_INFO the usage in the same fields: queues in msgpool, messages in
 * msgmap and bytes in msgtql, the last two capped at INT_MAX.  Pure but for
 * reading the limits: msg_test.c tests it.
 */
void toyipc_msg_fill_info(struct msginfo *info, int cmd, unsigned int in_use,
			  unsigned long msgs, unsigned long bytes)
{
	memset(info, 0, sizeof(*info));
	info->msgmni = toyipc_limit(TOYIPC_LIM_MSGMNI);
	info->msgmax = toyipc_limit(TOYIPC_LIM_MSGMAX);
	info->msgmnb = toyipc_limit(TOYIPC_LIM_MSGMNB);
	info->msgssz = MSGSSZ;
	info->msgseg = MSGSEG;
	if (cmd == MSG_INFO) {
		info->msgpool = in_use;
		info->msgmap = min_t(unsigned long, msgs, INT_MAX);
		info->msgtql = min_t(unsigned long, bytes, INT_MAX);
	} else {
		info->msgmap = MSGMAP;
		info->msgpool = MSGPOOL;
		info->msgtql = MSGTQL;
	}
}

/*
 * msgctl(IPC_INFO, MSG_INFO): msgctl_info().  The id is not looked at.
 * Return: the highest index in use (0 if none), or -EFAULT.
 */
static long msgctl_info(int cmd, void __user *buf)
{
	struct msg_usage u = { 0 };
	struct msginfo info;
	unsigned int in_use;
	int max_idx;

	max_idx = toyipc_ids_info(&msg_ids, &in_use,
				  cmd == MSG_INFO ? msg_add_usage : NULL, &u);
	toyipc_msg_fill_info(&info, cmd, in_use, u.msgs, u.bytes);
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return max_idx;
}

/*
 * msgctl(IPC_SET): msgctl_down().  Only the owner, the creator or
 * CAP_SYS_ADMIN may (-EPERM); qbytes above msgmnb needs CAP_SYS_RESOURCE
 * (-EPERM).  Sleepers are woken to look again: receivers may have lost
 * read permission, senders may have gained room.  Takes and drops
 * q->obj.lock; wakes after that.
 */
static long msgctl_set(int msqid, const void __user *buf)
{
	struct toy_wake_batch wb = { 0 };
	struct toy_msg_queue *q;
	struct toyipc_obj *obj;
	struct msqid64_ds ds;
	int qbytes;
	long err;

	if (toyipc_get_ds(TOYIPC_KIND_MSG, &ds, sizeof(ds), buf))
		return -EFAULT;
	/* An int in Linux too: msgctl_down() takes msg_qbytes as int. */
	qbytes = (int)ds.msg_qbytes;

	obj = toyipc_obtain(&msg_ids, msqid);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	q = container_of(obj, struct toy_msg_queue, obj);

	err = toyipc_ctl_perms(&q->obj);
	if (err)
		goto out_put;
	if ((unsigned int)qbytes > toyipc_limit(TOYIPC_LIM_MSGMNB) &&
	    !capable(CAP_SYS_RESOURCE)) {
		err = -EPERM;
		goto out_put;
	}

	spin_lock(&q->obj.lock);
	if (q->obj.deleted) {
		err = -EIDRM;
		goto out_unlock;
	}
	err = toyipc_set_perm(&q->obj, &ds.msg_perm);
	if (err)
		goto out_unlock;
	q->qbytes = qbytes;	/* sign-extended, as in Linux */
	q->ctime = ktime_get_real_seconds();
	expunge_all(q, &wb, -EAGAIN);
	ss_wakeup(q, &wb, false);

out_unlock:
	spin_unlock(&q->obj.lock);
	toy_wake_batch_run(&wb);
out_put:
	toyipc_put(&q->obj);
	return err;
}

/*
 * freeque - remove a queue, permission checked: msgctl(IPC_RMID) and
 * toyipcctl rm.  The registry forgets the id and key and marks the queue
 * deleted; then every sleeper is woken with -EIDRM and the messages are
 * freed.  The queue itself goes with the last reference, which the caller
 * holds.  Takes and drops q->obj.lock; wakes after that.
 */
static void freeque(struct toyipc_obj *obj)
{
	struct toy_msg_queue *q = container_of(obj, struct toy_msg_queue, obj);
	struct toy_wake_batch wb = { 0 };
	LIST_HEAD(messages);

	/* From here on no sender queues and no receiver sleeps: deleted is set. */
	toyipc_rmid(&q->obj);

	spin_lock(&q->obj.lock);
	expunge_all(q, &wb, -EIDRM);
	ss_wakeup(q, &wb, true);
	list_splice_init(&q->messages, &messages);
	q->cbytes = 0;
	q->qnum = 0;
	spin_unlock(&q->obj.lock);
	toy_wake_batch_run(&wb);
	free_messages(&messages);
}

static long do_msgctl(int msqid, int cmd, void __user *buf)
{
	if (msqid < 0 || cmd < 0)
		return -EINVAL;

	cmd = toyipc_ipc_cmd(cmd);
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msgctl_info(cmd, buf);
	case IPC_STAT:
		return msgctl_stat(msqid, TOYIPC_STAT_ID, buf);
	case MSG_STAT:	/* msqid is an index: what ipcs walks */
		return msgctl_stat(msqid, TOYIPC_STAT_INDEX, buf);
	case MSG_STAT_ANY:
		return msgctl_stat(msqid, TOYIPC_STAT_INDEX_ANY, buf);
	case IPC_SET:
		return msgctl_set(msqid, buf);
	case IPC_RMID:
		return toyipc_ctl_rmid(&msg_ids, msqid);
	default:
		return -EINVAL;
	}
}

static long ioctl_msgget(void __user *arg)
{
	struct toyipc_msgget req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_msgget(req.key, req.msgflg);
}

static long ioctl_msgsnd(void __user *arg)
{
	struct toyipc_msgsnd req;
	const void __user *text;
	long mtype;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	/* Like ksys_msgsnd(): mtype first, then the text after it. */
	if (toyipc_get_mtype(u64_to_user_ptr(req.msgp), &mtype, &text))
		return -EFAULT;
	return do_msgsnd(req.msqid, mtype, text, req.msgsz, req.msgflg);
}

static long ioctl_msgrcv(void __user *arg)
{
	struct toyipc_msgrcv req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_msgrcv(req.msqid, u64_to_user_ptr(req.msgp), req.msgsz,
			 req.msgtyp, req.msgflg);
}

static long ioctl_msgctl(void __user *arg)
{
	struct toyipc_msgctl req;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	return do_msgctl(req.msqid, req.cmd, u64_to_user_ptr(req.buf));
}

/**
 * toyipc_msg_ioctl - the message queue ioctls of /dev/toyipc
 * @cmd: TOYIPC_IOC_MSGGET, _MSGSND, _MSGRCV or _MSGCTL
 * @arg: the request struct in user space
 *
 * A 32-bit caller's long mtype and struct msqid_ds are translated by
 * compat32.c's helpers, as Linux's compat_ksys_msg*() do.
 *
 * Return: what the system call returns, or -errno.
 */
long toyipc_msg_ioctl(unsigned int cmd, void __user *arg)
{
	switch (cmd) {
	case TOYIPC_IOC_MSGGET:
		return ioctl_msgget(arg);
	case TOYIPC_IOC_MSGSND:
		return ioctl_msgsnd(arg);
	case TOYIPC_IOC_MSGRCV:
		return ioctl_msgrcv(arg);
	case TOYIPC_IOC_MSGCTL:
		return ioctl_msgctl(arg);
	default:
		return -ENOTTY;
	}
}

/*
 * /proc/toyipc/msg: the columns of /proc/sysvipc/msg (sysvipc_msg_proc_show()).
 * Pids as the reader sees them (Linux: as the opener does, the same unless
 * the open file is handed to a process in another pid namespace).
 */
static void msg_proc_show(struct seq_file *m, struct toyipc_obj *obj)
{
	struct toy_msg_queue *q = container_of(obj, struct toy_msg_queue, obj);
	struct user_namespace *ns = seq_user_ns(m);

	seq_printf(m, "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n",
		   obj->key, obj->id, obj->mode, q->cbytes, q->qnum,
		   pid_vnr(q->lspid), pid_vnr(q->lrpid),
		   from_kuid_munged(ns, obj->uid), from_kgid_munged(ns, obj->gid),
		   from_kuid_munged(ns, obj->cuid), from_kgid_munged(ns, obj->cgid),
		   q->stime, q->rtime, q->ctime);
}

/* Netlink: what IPC_STAT shows, and the queue's counters. */
static int msg_nl_fill(struct sk_buff *skb, struct toyipc_obj *obj)
{
	struct toy_msg_queue *q = container_of(obj, struct toy_msg_queue, obj);
	static const int counter_attr[TOY_MSG_NR_COUNTERS] = {
		[TOY_MSG_SENDS]		 = TOYIPC_OBJ_SENDS,
		[TOY_MSG_RECEIVES]	 = TOYIPC_OBJ_RECEIVES,
		[TOY_MSG_BYTES_SENT]	 = TOYIPC_OBJ_BYTES_IN,
		[TOY_MSG_BYTES_RECEIVED] = TOYIPC_OBJ_BYTES_OUT,
		[TOY_MSG_SEND_BLOCKS]	 = TOYIPC_OBJ_SEND_BLOCKS,
		[TOY_MSG_RECV_BLOCKS]	 = TOYIPC_OBJ_RECV_BLOCKS,
	};
	int i;

	if (nla_put_u64_64bit(skb, TOYIPC_OBJ_CBYTES, q->cbytes, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_QNUM, q->qnum, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_QBYTES, q->qbytes, TOYIPC_OBJ_PAD) ||
	    nla_put_u32(skb, TOYIPC_OBJ_LSPID, pid_vnr(q->lspid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_LRPID, pid_vnr(q->lrpid)) ||
	    nla_put_s64(skb, TOYIPC_OBJ_STIME, q->stime, TOYIPC_OBJ_PAD) ||
	    nla_put_s64(skb, TOYIPC_OBJ_RTIME, q->rtime, TOYIPC_OBJ_PAD) ||
	    nla_put_s64(skb, TOYIPC_OBJ_CTIME, q->ctime, TOYIPC_OBJ_PAD))
		return -EMSGSIZE;
	for (i = 0; i < TOY_MSG_NR_COUNTERS; i++)
		if (nla_put_u64_64bit(skb, counter_attr[i], q->counters[i],
				      TOYIPC_OBJ_PAD))
			return -EMSGSIZE;
	return 0;
}

static const struct toyipc_ops msg_ops = {
	.kind		= TOYIPC_KIND_MSG,
	.create		= msg_create,
	.free		= msg_free,
	.limit		= msg_limit,
	.proc_header	= "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n",
	.proc_show	= msg_proc_show,
	.nl_fill	= msg_nl_fill,
	.rmid		= freeque,
};

/**
 * toyipc_msg_init - start message queues: the table and /proc/toyipc/msg
 *
 * Return: 0 or -ENOMEM.
 */
int toyipc_msg_init(void)
{
	int err;

	toyipc_ids_init(&msg_ids, "msg", &msg_ops);
	err = toyipc_ids_proc_create(&msg_ids, toyipc_proc_dir);
	if (err)
		toyipc_ids_destroy(&msg_ids);
	return err;
}

/* Module unload: nobody can hold a queue (each user pins the module). */
void toyipc_msg_exit(void)
{
	toyipc_ids_destroy(&msg_ids);
}
