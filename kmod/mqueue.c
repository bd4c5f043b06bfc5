// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc POSIX message queues: mq_open, mq_unlink, mq_timedsend,
 * mq_timedreceive, mq_getsetattr and mq_notify, like ipc/mqueue.c.
 *
 * Every queue is an inode of the "toymqueue" filesystem (toyfs.c), as every
 * Linux queue is an inode of mqueue; a mqd_t is a file descriptor of it.
 * Reading the file shows what ipc/mqueue.c shows:
 *	QSIZE:129        NOTIFY:2     SIGNO:0     NOTIFY_PID:8
 * The names match ipc/mqueue.c: do_toy_mq_open() is do_mq_open(),
 * wq_sleep(), pipelined_send(), pipelined_receive() and __do_notify() are
 * theirs.  What is simpler:
 *  - messages are one list, highest priority first and FIFO within a
 *    priority (Linux keeps an rbtree of priorities, each with a list);
 *  - RLIMIT_MSGQUEUE sums the user's toy queues, not their real ones too
 *    (struct mq_user below says why); queues_max counts the toy's queues
 *    alone.
 * The limits are the caller's IPC namespace's /proc/sys/fs/mqueue values,
 * read where Linux reads them, so toy and real follow the same sysctls.
 *
 * Why a filesystem: a POSIX queue has a name in one flat namespace,
 * permissions, an owner, and lives until it is unlinked and the last
 * descriptor is closed.  That is exactly an inode in a directory; the VFS
 * gives all of it (lookup, permission, unlink, the open-file count) and a
 * mount shows the queues to ls and cat.
 *
 * Locking:
 *  - The root directory's inode lock serialises lookup-and-create in
 *    mq_open and unlink (toyfs.c), as in ipc/mqueue.c.
 *  - q->lock, a spinlock, protects everything in struct toy_mq marked [q].
 *    Never sleep under it: messages are allocated and copied outside it.
 *  - toy_mq_lock, a spinlock, protects the list of all queues, their count
 *    and the users' RLIMIT_MSGQUEUE sums (mq_users).
 *    Order: toy_mq_lock, then q->lock (only /proc/toyipc/mqueue takes both).
 *  - Waiting (wq_sleep) is Linux's handshake: a waiter on waiters[] is
 *    served under q->lock by the other side, which hands the message over,
 *    sets the waiter's state to READY with a release store and wakes it
 *    after unlocking; the waiter reads its state with an acquire load, so
 *    it never touches its stack frame after the server has let it go.
 *
 * Lifetime: the inode holds the queue; the inode lives while it has a name
 * or an open file.  Each open file pins the module, so no queue operation
 * runs after toyipc_mq_exit().
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/ipc_namespace.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/mqueue.h>
#include <linux/msg.h>
#include <linux/namei.h>
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/anon_inodes.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/wait.h>

#include <linux/toyipc.h>
#include <net/netlink.h>
#include "compat.h"
#include "netlink.h"
#include "stats.h"
#include "toyfs.h"
#include "toyipc.h"

#define TOYMQUEUE_MAGIC	0x544d5150	/* "PQMT" */
#define FILENT_SIZE	80		/* the size a queue file reports, as mqueue's */

enum { SEND, RECV };
enum { STATE_NONE, STATE_READY };

/* One message: struct msg_msg, in one allocation. */
struct toy_mq_msg {
	struct list_head list;		/* in q->messages */
	unsigned int	prio;		/* 0 .. MQ_PRIO_MAX - 1 */
	size_t		size;		/* bytes of text */
	char		text[];
};

/* A task waiting to send or receive: struct ext_wait_queue, on its stack. */
struct toy_mq_waiter {
	struct list_head list;		/* in q->waiters[SEND or RECV]; [q] */
	struct task_struct *task;
	struct toy_mq_msg *msg;		/* the message it sends, or is handed */
	int		state;		/* STATE_READY once served; see the top */
};

/*
 * A SIGEV_THREAD registration: the file libtoyipc's helper thread reads.
 * It reads one byte, TOYIPC_MQ_NOTE_FIRED or _REMOVED, once the
 * registration ends; glibc's helper thread reads the same news from a
 * netlink socket (NOTIFY_WOKENUP, NOTIFY_REMOVED).
 */
struct toy_mq_note {
	wait_queue_head_t wait;
	int		state;		/* 0 while registered, then FIRED or REMOVED */
};

/* One queue: struct mqueue_inode_info. */
struct toy_mq {
	spinlock_t	lock;
	struct mq_attr	attr;		/* maxmsg, msgsize fixed; curmsgs [q] */
	struct list_head messages;	/* by priority, highest first, FIFO within; [q] */
	unsigned long	qsize;		/* bytes of text queued: QSIZE; [q] */
	struct list_head waiters[2];	/* [SEND], [RECV]: as wq_add() puts them; [q] */
	wait_queue_head_t wait_q;	/* poll() */
	/* mq_notify: the registrant, or NULL; all [q] */
	struct pid	*notify_owner;
	struct user_namespace *notify_user_ns;
	int		notify;		/* SIGEV_NONE, SIGEV_SIGNAL or SIGEV_THREAD */
	int		notify_signo;
	sigval_t	notify_value;
	u64		notify_self_exec_id;
	struct file	*notify_file;	/* SIGEV_THREAD: its toy_mq_note's file */
	/* for /proc/toyipc/mqueue */
	struct list_head all;		/* in mq_all; under toy_mq_lock */
	struct inode	*inode;
	char		*name;		/* as created; fixed */
	u64		sends, receives; /* [q] */
	struct mq_user	*user;		/* charged RLIMIT_MSGQUEUE; fixed */
	unsigned long	charge;		/* what it charged, bytes; fixed */
};

/*
 * RLIMIT_MSGQUEUE: Linux's mqueue_get_inode() charges each new queue's
 * worst case (its messages' bytes plus their headers and tree nodes) to the
 * creator's ucounts, UCOUNT_RLIMIT_MSGQUEUE, fails with EMFILE when the sum
 * of the user's queues would pass the creator's limit, and gives it back
 * when the queue is freed.  inc_rlimit_ucounts() is not exported, so the
 * toy keeps a sum of its own per effective uid (what ucounts are counted
 * by), of the toy queues alone: one mq_user per uid that has queues, in
 * mq_users under toy_mq_lock, freed with the uid's last queue.
 */
struct mq_user {
	struct hlist_node node;		/* in mq_users */
	kuid_t		uid;
	unsigned long	bytes;		/* the charges of the uid's queues */
};

static DEFINE_HASHTABLE(mq_users, 4);

static LIST_HEAD(mq_all);
static unsigned int mq_queues_count;	/* under toy_mq_lock */
static DEFINE_SPINLOCK(toy_mq_lock);
static struct toyfs mq_fs;
static const struct file_operations mq_fops;

static struct toy_mq *MQ_I(struct inode *inode)
{
	return inode->i_private;
}

/* Linux's worst-case accounting of a queue against RLIMIT_MSGQUEUE. */
struct toy_posix_msg_tree_node {
	struct rb_node		rb_node;
	struct list_head	msg_list;
	int			priority;
};

/*
 * mq_attr_check - the size rules of mqueue_get_inode() for a new queue:
 * defaults from the namespace's msg_default and msgsize_default, the
 * maximums msg_max and msgsize_max (or the hard ones with
 * CAP_SYS_RESOURCE), and EOVERFLOW.  *@charge is what the queue costs
 * against RLIMIT_MSGQUEUE (mq_charge()).
 */
static int mq_attr_check(struct mq_attr *attr, const struct mq_attr *asked,
			 unsigned long *charge)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	unsigned long mq_bytes, mq_treesize;

	memset(attr, 0, sizeof(*attr));
	attr->mq_maxmsg = min(ns->mq_msg_max, ns->mq_msg_default);
	attr->mq_msgsize = min(ns->mq_msgsize_max, ns->mq_msgsize_default);
	if (asked) {
		attr->mq_maxmsg = asked->mq_maxmsg;
		attr->mq_msgsize = asked->mq_msgsize;
	}
	if (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0)
		return -EINVAL;
	if (capable(CAP_SYS_RESOURCE)) {
		if (attr->mq_maxmsg > HARD_MSGMAX || attr->mq_msgsize > HARD_MSGSIZEMAX)
			return -EINVAL;
	} else if (attr->mq_maxmsg > ns->mq_msg_max ||
		   attr->mq_msgsize > ns->mq_msgsize_max) {
		return -EINVAL;
	}
	if (attr->mq_msgsize > ULONG_MAX / attr->mq_maxmsg)
		return -EOVERFLOW;
	mq_treesize = attr->mq_maxmsg * sizeof(struct msg_msg) +
		min_t(unsigned int, attr->mq_maxmsg, MQ_PRIO_MAX) *
		sizeof(struct toy_posix_msg_tree_node);
	mq_bytes = attr->mq_maxmsg * attr->mq_msgsize;
	if (mq_bytes + mq_treesize < mq_bytes)
		return -EOVERFLOW;
	*charge = mq_bytes + mq_treesize;
	return 0;
}

static struct mq_user *mq_find_user(kuid_t uid)
{
	struct mq_user *u;

	hash_for_each_possible(mq_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/*
 * mq_charge - charge @q's worst case to the caller's effective uid, or
 * -EMFILE if the uid's toy queues would then pass the caller's
 * RLIMIT_MSGQUEUE (no capability exempts it, as in Linux), or -ENOMEM.
 */
static int mq_charge(struct toy_mq *q, unsigned long charge)
{
	struct mq_user *new = kzalloc(sizeof(*new), GFP_KERNEL), *u;
	kuid_t uid = current_euid();
	int err = 0;

	spin_lock(&toy_mq_lock);
	u = mq_find_user(uid);
	if (!u && new) {
		u = new;
		new = NULL;
		u->uid = uid;
		hash_add(mq_users, &u->node, __kuid_val(uid));
	}
	if (!u)
		err = -ENOMEM;
	else if (u->bytes + charge < u->bytes ||
		 u->bytes + charge > rlimit(RLIMIT_MSGQUEUE))
		err = -EMFILE;
	if (!err) {
		u->bytes += charge;
		q->user = u;
		q->charge = charge;
	} else if (u && !u->bytes) {
		hash_del(&u->node);	/* made for this queue alone */
		new = u;
	}
	spin_unlock(&toy_mq_lock);
	kfree(new);
	return err;
}

/* Give @q's charge back; the uid's entry goes with its last queue.  toy_mq_lock held. */
static struct mq_user *mq_uncharge(struct toy_mq *q)
{
	struct mq_user *u = q->user;

	lockdep_assert_held(&toy_mq_lock);
	if (!u)
		return NULL;
	q->user = NULL;
	u->bytes -= q->charge;
	if (u->bytes)
		return NULL;
	hash_del(&u->node);
	return u;	/* the caller kfree()s it after unlocking */
}

/*
 * mq_create_attr - make the queue for a new name, like
 * mqueue_create_attr(): vfs_mkobj()'s callback from mq_open, and the
 * directory's ->create for open(O_CREAT) in a user's mount (@asked NULL:
 * the default sizes).  The directory's inode lock is held.
 */
static int mq_create_attr(struct dentry *dentry, umode_t mode, void *asked)
{
	struct inode *dir = d_inode(dentry->d_parent), *inode;
	struct mq_user *gone = NULL;
	unsigned long charge;
	struct toy_mq *q;
	int err;

	spin_lock(&toy_mq_lock);
	if (mq_queues_count >= current->nsproxy->ipc_ns->mq_queues_max &&
	    !capable(CAP_SYS_RESOURCE)) {
		spin_unlock(&toy_mq_lock);
		return -ENOSPC;
	}
	mq_queues_count++;
	spin_unlock(&toy_mq_lock);

	err = -ENOMEM;
	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		goto out_count;
	err = mq_attr_check(&q->attr, asked, &charge);
	if (err)
		goto out_free;
	err = mq_charge(q, charge);
	if (err)
		goto out_free;
	err = -ENOMEM;
	q->name = kstrdup(dentry->d_name.name, GFP_KERNEL);
	if (!q->name)
		goto out_free;
	inode = toyfs_new_inode(dir->i_sb, S_IFREG | (mode & 07777));
	if (!inode)
		goto out_free;
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->messages);
	INIT_LIST_HEAD(&q->waiters[SEND]);
	INIT_LIST_HEAD(&q->waiters[RECV]);
	init_waitqueue_head(&q->wait_q);
	q->inode = inode;
	inode->i_private = q;
	inode->i_fop = &mq_fops;
	inode->i_size = FILENT_SIZE;
	spin_lock(&toy_mq_lock);
	list_add_tail(&q->all, &mq_all);
	spin_unlock(&toy_mq_lock);
	toyfs_instantiate(dir, dentry, inode);
	toyipc_event(TOYIPC_KIND_MQ, TOYIPC_EVENT_CREATED, inode->i_ino);
	return 0;

out_free:
	kfree(q->name);
out_count:
	spin_lock(&toy_mq_lock);
	mq_queues_count--;
	if (q)
		gone = mq_uncharge(q);
	spin_unlock(&toy_mq_lock);
	kfree(gone);
	kfree(q);
	return err;
}

static int mq_create(struct toyipc_idmap *idmap, struct inode *dir,
		     struct dentry *dentry, umode_t mode, bool excl)
{
	return mq_create_attr(dentry, mode, NULL);
}

static const struct inode_operations mq_dir_iops = {
	.lookup		= simple_lookup,
	.create		= mq_create,
	.unlink		= simple_unlink,
};

/* Drop the registration, telling a SIGEV_THREAD helper.  q->lock held. */
static struct file *remove_notification(struct toy_mq *q, int why)
{
	struct file *note_file = q->notify_file;

	lockdep_assert_held(&q->lock);
	if (note_file) {
		struct toy_mq_note *note = note_file->private_data;

		WRITE_ONCE(note->state, why);
		wake_up(&note->wait);
	}
	put_pid(q->notify_owner);
	if (q->notify_user_ns)
		put_user_ns(q->notify_user_ns);
	q->notify_owner = NULL;
	q->notify_user_ns = NULL;
	q->notify_file = NULL;
	return note_file;	/* the caller fput()s it after unlocking */
}

/* The last reference to a queue's inode is gone: free the queue. */
static void mq_evict_inode(struct inode *inode)
{
	struct toy_mq *q = MQ_I(inode);
	struct toy_mq_msg *msg, *next;
	struct mq_user *gone;
	struct file *note_file;

	clear_inode(inode);
	if (!q)
		return;	/* the directory */
	spin_lock(&q->lock);
	note_file = remove_notification(q, TOYIPC_MQ_NOTE_REMOVED);
	spin_unlock(&q->lock);
	if (note_file)
		fput(note_file);
	list_for_each_entry_safe(msg, next, &q->messages, list)
		kfree(msg);
	spin_lock(&toy_mq_lock);
	list_del(&q->all);
	mq_queues_count--;
	gone = mq_uncharge(q);
	spin_unlock(&toy_mq_lock);
	kfree(gone);
	toyipc_event(TOYIPC_KIND_MQ, TOYIPC_EVENT_REMOVED, inode->i_ino);
	kfree(q->name);
	kfree(q);
}

static const struct super_operations mq_sops = {
	.statfs		= simple_statfs,
	.drop_inode	= generic_delete_inode,
	.evict_inode	= mq_evict_inode,
};

static struct toyfs mq_fs = {
	.type		= { .name = "toymqueue", .owner = THIS_MODULE },
	.magic		= TOYMQUEUE_MAGIC,
	.root_mode	= S_IFDIR | S_ISVTX | 0777,
	.dir_iops	= &mq_dir_iops,
	.sops		= &mq_sops,
};

/* Reading a queue file: its status line, as mqueue_read_file() writes it. */
static ssize_t mq_read_file(struct file *file, char __user *buf, size_t count,
			    loff_t *off)
{
	struct toy_mq *q = MQ_I(file_inode(file));
	char buffer[FILENT_SIZE];

	spin_lock(&q->lock);
	snprintf(buffer, sizeof(buffer),
		 "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
		 q->qsize, q->notify_owner ? q->notify : 0,
		 q->notify_owner && q->notify == SIGEV_SIGNAL ? q->notify_signo : 0,
		 pid_vnr(q->notify_owner));
	spin_unlock(&q->lock);
	return simple_read_from_buffer(buf, count, off, buffer, strlen(buffer));
}

/* close(): a registration of the closing process ends, as mqueue_flush_file(). */
static int mq_flush(struct file *file, fl_owner_t id)
{
	struct toy_mq *q = MQ_I(file_inode(file));
	struct file *note_file = NULL;

	spin_lock(&q->lock);
	if (q->notify_owner == task_tgid(current))
		note_file = remove_notification(q, TOYIPC_MQ_NOTE_REMOVED);
	spin_unlock(&q->lock);
	if (note_file)
		fput(note_file);
	return 0;
}

static __poll_t mq_poll(struct file *file, struct poll_table_struct *wait)
{
	struct toy_mq *q = MQ_I(file_inode(file));
	__poll_t mask = 0;

	poll_wait(file, &q->wait_q, wait);
	spin_lock(&q->lock);
	if (q->attr.mq_curmsgs)
		mask = EPOLLIN | EPOLLRDNORM;
	if (q->attr.mq_curmsgs < q->attr.mq_maxmsg)
		mask |= EPOLLOUT | EPOLLWRNORM;
	spin_unlock(&q->lock);
	return mask;
}

static const struct file_operations mq_fops = {
	.owner		= THIS_MODULE,	/* rmmod is refused while a queue is open */
	.flush		= mq_flush,
	.poll		= mq_poll,
	.read		= mq_read_file,
	.llseek		= default_llseek,
};

/*
 * mq_fdget - the queue of descriptor @fd, as the mq system calls find it:
 * -EBADF unless it is open, is a toy queue and has @fmode (FMODE_READ to
 * receive, FMODE_WRITE to send, 0 for attr and notify).
 */
static struct toy_mq *mq_fdget(int fd, fmode_t fmode, struct file **filep)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &mq_fops || (file->f_mode & fmode) != fmode) {
		fput(file);
		return ERR_PTR(-EBADF);
	}
	*filep = file;
	return MQ_I(file_inode(file));
}

/* Insert @msg behind every message of its priority or a higher one.  q->lock held. */
static void msg_insert(struct toy_mq *q, struct toy_mq_msg *msg)
{
	/* EXERCISE: mq-prio BEGIN */
	struct toy_mq_msg *pos;

	list_for_each_entry(pos, &q->messages, list)
		if (pos->prio < msg->prio)
			break;
	list_add_tail(&msg->list, &pos->list);
	q->attr.mq_curmsgs++;
	q->qsize += msg->size;
	/* EXERCISE: mq-prio END */
}

/* Take the first message: the oldest of the highest priority.  q->lock held. */
static struct toy_mq_msg *msg_get(struct toy_mq *q)
{
	struct toy_mq_msg *msg = list_first_entry(&q->messages, struct toy_mq_msg, list);

	list_del(&msg->list);
	q->attr.mq_curmsgs--;
	q->qsize -= msg->size;
	return msg;
}

/*
 * wq_add - put @w on q->waiters[@sr] where ipc/mqueue.c's wq_add() puts it:
 * behind every waiter of the same or a more urgent scheduling priority
 * (task->prio, lower is more urgent, as each task's is at this moment),
 * ahead of the rest.  The first on the list is served first: by priority,
 * then oldest first.  (Linux keeps the list the other way round and serves
 * from its tail.)  q->lock held.
 */
static void wq_add(struct toy_mq *q, int sr, struct toy_mq_waiter *w)
{
	struct toy_mq_waiter *walk;

	list_for_each_entry(walk, &q->waiters[sr], list) {
		if (walk->task->prio > current->prio) {
			list_add_tail(&w->list, &walk->list);
			return;
		}
	}
	list_add_tail(&w->list, &q->waiters[sr]);
}

/*
 * wq_sleep - wait to be served, until @timeout (absolute, CLOCK_REALTIME)
 * or a signal.  Called with q->lock held; returns with it dropped.
 *
 * Return: 0 when served, -ETIMEDOUT, or -ERESTARTSYS for a signal (EINTR,
 * or a restart under SA_RESTART, as for the real calls).
 */
static int wq_sleep(struct toy_mq *q, int sr, ktime_t *timeout,
		    struct toy_mq_waiter *w)
	__releases(&q->lock)
{
	int ret;
	int left;

	wq_add(q, sr, w);
	toyipc_count(TOYIPC_KIND_MQ, TOYIPC_STAT_BLOCKS, 1);
	for (;;) {
		__set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock(&q->lock);
		left = schedule_hrtimeout_range_clock(timeout, 0, HRTIMER_MODE_ABS,
						      CLOCK_REALTIME);
		/* Pairs with serve()'s release: the message is ours. */
		if (smp_load_acquire(&w->state) == STATE_READY)
			return 0;
		spin_lock(&q->lock);
		if (w->state == STATE_READY) {
			ret = 0;
			goto out_unlock;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (!left) {
			ret = -ETIMEDOUT;
			break;
		}
	}
	list_del(&w->list);
out_unlock:
	spin_unlock(&q->lock);
	return ret;
}

/*
 * serve - let waiter @w go: it is off the list and READY; its task is
 * returned with a reference, to be woken after q->lock is dropped
 * (wake_served()), since @w may vanish the moment its state is READY.
 */
static struct task_struct *serve(struct toy_mq_waiter *w)
{
	struct task_struct *task = get_task_struct(w->task);

	list_del(&w->list);
	/* Pairs with wq_sleep()'s acquire: everything before is seen there. */
	smp_store_release(&w->state, STATE_READY);
	return task;
}

static void wake_served(struct task_struct *task)
{
	if (!task)
		return;
	wake_up_process(task);
	put_task_struct(task);
	toyipc_count(TOYIPC_KIND_MQ, TOYIPC_STAT_WAKEUPS, 1);
}

/*
 * __do_notify - the queue went from empty to one message and nobody was
 * waiting to receive it: tell the registrant, once, and forget it.
 * q->lock held.  Return: a SIGEV_THREAD file to fput() after unlocking.
 */
static struct file *__do_notify(struct toy_mq *q)
{
	struct kernel_siginfo info;
	struct task_struct *task;

	if (!q->notify_owner || q->attr.mq_curmsgs != 1)
		return NULL;
	if (q->notify == SIGEV_SIGNAL && q->notify_signo) {
		clear_siginfo(&info);
		info.si_signo = q->notify_signo;
		info.si_code = SI_MESGQ;
		info.si_value = q->notify_value;
		rcu_read_lock();
		/* the sender's pid and uid as the registrant sees them */
		info.si_pid = task_tgid_nr_ns(current, ns_of_pid(q->notify_owner));
		info.si_uid = from_kuid_munged(q->notify_user_ns, current_uid());
		task = pid_task(q->notify_owner, PIDTYPE_TGID);
		if (task && task->self_exec_id == q->notify_self_exec_id)
			send_sig_info(q->notify_signo, &info, task);
		rcu_read_unlock();
	}
	return remove_notification(q, TOYIPC_MQ_NOTE_FIRED);
}

/* A timeout from user space: EFAULT, or EINVAL for a bad tv_nsec. */
static int prepare_timeout(u64 uts, ktime_t *expires, ktime_t **timeout)
{
	struct timespec64 ts;

	*timeout = NULL;
	if (!uts)
		return 0;
	if (toyipc_get_timespec(&ts, u64_to_user_ptr(uts)))
		return -EFAULT;
	if (!timespec64_valid(&ts))
		return -EINVAL;
	*expires = timespec64_to_ktime(ts);
	*timeout = expires;
	return 0;
}

/**
 * do_toy_mq_timedsend - mq_timedsend(), like do_mq_timedsend()
 * @req: the arguments
 *
 * A waiting receiver is handed the message directly (pipelined_send), so
 * the queue never looked non-empty and no notification fires; otherwise
 * the message is queued, and a registrant told if the queue was empty.
 *
 * Return: 0, or -EINVAL, -EBADF, -EMSGSIZE, -EAGAIN, -ETIMEDOUT,
 * -ERESTARTSYS, -EFAULT, -ENOMEM.
 */
static long do_toy_mq_timedsend(const struct toyipc_mq_send *req)
{
	struct task_struct *woken = NULL;
	struct toy_mq_waiter wait, *receiver;
	struct file *file, *note_file = NULL;
	ktime_t expires, *timeout;
	struct toy_mq_msg *msg;
	struct toy_mq *q;
	long ret;

	if (req->msg_prio >= MQ_PRIO_MAX)
		return -EINVAL;
	ret = prepare_timeout(req->abs_timeout, &expires, &timeout);
	if (ret)
		return ret;
	q = mq_fdget(req->mqdes, FMODE_WRITE, &file);
	if (IS_ERR(q))
		return PTR_ERR(q);
	ret = -EMSGSIZE;
	if (req->msg_len > q->attr.mq_msgsize)
		goto out_fput;

	ret = -ENOMEM;
	msg = kmalloc(struct_size(msg, text, req->msg_len), GFP_KERNEL_ACCOUNT);
	if (!msg)
		goto out_fput;
	ret = -EFAULT;
	if (copy_from_user(msg->text, u64_to_user_ptr(req->msg_ptr), req->msg_len))
		goto out_free;
	msg->size = req->msg_len;
	msg->prio = req->msg_prio;

	ret = 0;
	spin_lock(&q->lock);
	if (q->attr.mq_curmsgs == q->attr.mq_maxmsg) {
		if (file->f_flags & O_NONBLOCK) {
			spin_unlock(&q->lock);
			ret = -EAGAIN;
			goto out_free;
		}
		wait.task = current;
		wait.msg = msg;
		wait.state = STATE_NONE;
		/* A receiver takes the message from us: pipelined_receive(). */
		ret = wq_sleep(q, SEND, timeout, &wait);
		if (ret)
			goto out_free;
		goto out_count;
	}
	receiver = list_first_entry_or_null(&q->waiters[RECV], struct toy_mq_waiter, list);
	if (receiver) {
		receiver->msg = msg;	/* pipelined_send() */
		woken = serve(receiver);
	} else {
		msg_insert(q, msg);
		note_file = __do_notify(q);
		wake_up(&q->wait_q);
	}
	q->sends++;
	toyipc_inode_touch(file_inode(file));
	spin_unlock(&q->lock);
	wake_served(woken);
	if (note_file)
		fput(note_file);
out_count:
	toyipc_count(TOYIPC_KIND_MQ, TOYIPC_STAT_BYTES, req->msg_len);
	fput(file);
	return 0;

out_free:
	kfree(msg);
out_fput:
	fput(file);
	return ret;
}

/*
 * pipelined_receive - a message was taken, so there is room: queue the
 * first waiting sender's message and let it go, or tell poll().
 * q->lock held.  Return: the sender's task to wake, or NULL.
 */
static struct task_struct *pipelined_receive(struct toy_mq *q)
{
	/* EXERCISE: mq-prio BEGIN */
	struct toy_mq_waiter *sender;

	sender = list_first_entry_or_null(&q->waiters[SEND], struct toy_mq_waiter, list);
	if (!sender) {
		wake_up(&q->wait_q);
		return NULL;
	}
	msg_insert(q, sender->msg);
	q->sends++;
	return serve(sender);
	/* EXERCISE: mq-prio END */
}

/**
 * do_toy_mq_timedreceive - mq_timedreceive(), like do_mq_timedreceive()
 * @req: the arguments
 *
 * Return: the message's length, or -EBADF, -EMSGSIZE (buffer smaller than
 * mq_msgsize), -EAGAIN, -ETIMEDOUT, -ERESTARTSYS, -EINVAL, -EFAULT.
 */
static long do_toy_mq_timedreceive(const struct toyipc_mq_receive *req)
{
	struct task_struct *woken = NULL;
	struct toy_mq_waiter wait;
	ktime_t expires, *timeout;
	struct toy_mq_msg *msg;
	struct file *file;
	struct toy_mq *q;
	long ret;

	ret = prepare_timeout(req->abs_timeout, &expires, &timeout);
	if (ret)
		return ret;
	q = mq_fdget(req->mqdes, FMODE_READ, &file);
	if (IS_ERR(q))
		return PTR_ERR(q);
	ret = -EMSGSIZE;
	if (req->msg_len < q->attr.mq_msgsize)
		goto out_fput;

	spin_lock(&q->lock);
	if (q->attr.mq_curmsgs == 0) {
		if (file->f_flags & O_NONBLOCK) {
			spin_unlock(&q->lock);
			ret = -EAGAIN;
			goto out_fput;
		}
		wait.task = current;
		wait.msg = NULL;
		wait.state = STATE_NONE;
		ret = wq_sleep(q, RECV, timeout, &wait);
		if (ret)
			goto out_fput;
		msg = wait.msg;
		spin_lock(&q->lock);
		q->receives++;
		spin_unlock(&q->lock);
	} else {
		msg = msg_get(q);
		q->receives++;
		toyipc_inode_touch(file_inode(file));
		woken = pipelined_receive(q);
		spin_unlock(&q->lock);
		wake_served(woken);
	}

	ret = msg->size;
	if ((req->msg_prio && put_user(msg->prio, (unsigned int __user *)
				       u64_to_user_ptr(req->msg_prio))) ||
	    copy_to_user(u64_to_user_ptr(req->msg_ptr), msg->text, msg->size))
		ret = -EFAULT;	/* the message is lost, as on Linux */
	else
		toyipc_count(TOYIPC_KIND_MQ, TOYIPC_STAT_BYTES, msg->size);
	kfree(msg);
out_fput:
	fput(file);
	return ret;
}

/*
 * mq_getsetattr(): the attributes to @uold, then O_NONBLOCK from @unew, the
 * only flag that can change, as do_mq_getsetattr().
 */
static long do_toy_mq_getsetattr(int mqdes, u64 unew, u64 uold)
{
	struct mq_attr new, old;
	struct file *file;
	struct toy_mq *q;

	if (unew) {
		if (toyipc_get_mq_attr(&new, u64_to_user_ptr(unew)))
			return -EFAULT;
		if (new.mq_flags & ~O_NONBLOCK)
			return -EINVAL;
	}
	q = mq_fdget(mqdes, 0, &file);
	if (IS_ERR(q))
		return PTR_ERR(q);
	spin_lock(&q->lock);
	old = q->attr;
	old.mq_flags = file->f_flags & O_NONBLOCK;
	if (unew) {
		spin_lock(&file->f_lock);
		if (new.mq_flags & O_NONBLOCK)
			file->f_flags |= O_NONBLOCK;
		else
			file->f_flags &= ~O_NONBLOCK;
		spin_unlock(&file->f_lock);
	}
	spin_unlock(&q->lock);
	fput(file);
	if (uold && toyipc_put_mq_attr(u64_to_user_ptr(uold), &old))
		return -EFAULT;
	return 0;
}

/* The SIGEV_THREAD file: read() waits for the registration's end. */
static ssize_t note_read(struct file *file, char __user *buf, size_t count, loff_t *off)
{
	struct toy_mq_note *note = file->private_data;
	char state;
	int err;

	if (!count)
		return 0;
	err = wait_event_interruptible(note->wait, READ_ONCE(note->state));
	if (err)
		return err;
	state = READ_ONCE(note->state);
	return copy_to_user(buf, &state, 1) ? -EFAULT : 1;
}

/* Readable once the registration has ended: libtoyipc's helper polls them all. */
static __poll_t note_poll(struct file *file, struct poll_table_struct *wait)
{
	struct toy_mq_note *note = file->private_data;

	poll_wait(file, &note->wait, wait);
	return READ_ONCE(note->state) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int note_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations note_fops = {
	.owner		= THIS_MODULE,
	.read		= note_read,
	.poll		= note_poll,
	.release	= note_release,
	.llseek		= noop_llseek,
};

/* A new SIGEV_THREAD file; the caller keeps one reference, the queue another. */
static struct file *note_file_create(void)
{
	struct toy_mq_note *note = kzalloc(sizeof(*note), GFP_KERNEL);
	struct file *file;

	if (!note)
		return ERR_PTR(-ENOMEM);
	init_waitqueue_head(&note->wait);
	file = anon_inode_getfile("toyipc-mq-notify", &note_fops, note, O_RDONLY);
	if (IS_ERR(file))
		kfree(note);
	return file;
}

/**
 * do_toy_mq_notify - mq_notify(), like do_mq_notify()
 * @mqdes: the queue
 * @usev: the caller's struct sigevent, or 0 to deregister
 *
 * SIGEV_SIGNAL and SIGEV_NONE are Linux's.  For SIGEV_THREAD, where glibc
 * hands the kernel a netlink socket, libtoyipc asks for a file instead:
 * the return value is a new descriptor whose read() gives one byte when
 * the registration fires or is removed (see struct toy_mq_note).
 *
 * Return: 0 (a descriptor for SIGEV_THREAD), or -EINVAL, -EBADF, -EBUSY
 * (another process is registered), -EFAULT, -ENOMEM.
 */
static long do_toy_mq_notify(int mqdes, u64 usev)
{
	struct file *file, *note_file = NULL, *old_note = NULL;
	struct sigevent sev;
	struct toy_mq *q;
	long ret = 0;
	int fd = -1;

	if (usev) {
		if (toyipc_get_sigevent(&sev, u64_to_user_ptr(usev)))
			return -EFAULT;
		if (sev.sigev_notify != SIGEV_NONE && sev.sigev_notify != SIGEV_SIGNAL &&
		    sev.sigev_notify != SIGEV_THREAD)
			return -EINVAL;
		if (sev.sigev_notify == SIGEV_SIGNAL && !valid_signal(sev.sigev_signo))
			return -EINVAL;
	}
	q = mq_fdget(mqdes, 0, &file);
	if (IS_ERR(q))
		return PTR_ERR(q);
	if (usev && sev.sigev_notify == SIGEV_THREAD) {
		note_file = note_file_create();
		if (IS_ERR(note_file)) {
			ret = PTR_ERR(note_file);
			goto out_fput;
		}
		fd = get_unused_fd_flags(O_CLOEXEC);
		if (fd < 0) {
			ret = fd;
			fput(note_file);
			goto out_fput;
		}
	}

	spin_lock(&q->lock);
	if (!usev) {
		if (q->notify_owner == task_tgid(current))
			old_note = remove_notification(q, TOYIPC_MQ_NOTE_REMOVED);
	} else if (q->notify_owner) {
		ret = -EBUSY;
	} else {
		q->notify = sev.sigev_notify;
		q->notify_signo = sev.sigev_signo;
		q->notify_value = sev.sigev_value;
		q->notify_self_exec_id = current->self_exec_id;
		q->notify_owner = get_pid(task_tgid(current));
		q->notify_user_ns = get_user_ns(current_user_ns());
		if (note_file)
			q->notify_file = get_file(note_file);
	}
	spin_unlock(&q->lock);
	if (old_note)
		fput(old_note);
	if (note_file) {
		if (ret) {
			put_unused_fd(fd);
			fput(note_file);
		} else {
			fd_install(fd, note_file);
			ret = fd;
		}
	}
out_fput:
	fput(file);
	return ret;
}

/**
 * do_toy_mq_open - mq_open(), like do_mq_open()
 * @uname: the name without glibc's leading slash
 * @oflag: O_RDONLY, O_WRONLY or O_RDWR, O_CREAT, O_EXCL, O_NONBLOCK
 * @mode: permission bits of a new queue, before the umask
 * @attr: the sizes of a new queue, or NULL for the namespace's defaults
 *
 * Return: the descriptor (close-on-exec), or -ENOENT, -EEXIST, -EACCES,
 * -EINVAL, -ENAMETOOLONG, -ENOSPC, -EMFILE, -ENFILE, -ENOMEM, -EFAULT.
 */
static long do_toy_mq_open(const char __user *uname, int oflag, umode_t mode,
			   struct mq_attr *attr)
{
	static const int oflag2acc[O_ACCMODE] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
	struct dentry *root = mq_fs.mnt->mnt_root;
	struct file *file = NULL;
	struct path path;
	char *name;
	long err;

	name = toyfs_getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	inode_lock(d_inode(root));
	path.dentry = lookup_one_len(name, root, strlen(name));
	if (IS_ERR(path.dentry)) {
		err = PTR_ERR(path.dentry);
		goto out_unlock;
	}
	path.mnt = mntget(mq_fs.mnt);
	if (d_really_is_negative(path.dentry)) {
		err = -ENOENT;
		if (oflag & O_CREAT)
			err = vfs_mkobj(path.dentry, mode & ~current_umask(),
					mq_create_attr, attr);
	} else if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		err = -EEXIST;
	} else if ((oflag & O_ACCMODE) == (O_RDWR | O_WRONLY)) {
		err = -EINVAL;
	} else {
		err = inode_permission(TOYIPC_NOP_IDMAP, d_inode(path.dentry),
				       oflag2acc[oflag & O_ACCMODE]);
	}
	if (!err)
		file = dentry_open(&path, oflag, current_cred());
	path_put(&path);
out_unlock:
	inode_unlock(d_inode(root));
	kfree(name);
	return err ? err : toyfs_install(file, O_CLOEXEC);
}

/**
 * toyipc_mq_ioctl - the POSIX message queue ioctls of /dev/toyipc
 * @cmd: TOYIPC_IOC_MQ_*
 * @arg: the request in user space
 *
 * Return: what the system call returns, or -errno.
 */
long toyipc_mq_ioctl(unsigned int cmd, void __user *arg)
{
	union {
		struct toyipc_mq_open open;
		struct toyipc_mq_unlink unlink;
		struct toyipc_mq_send send;
		struct toyipc_mq_receive receive;
		struct toyipc_mq_getsetattr attr;
		struct toyipc_mq_notify notify;
	} req;
	struct mq_attr attr;
	char *name;
	long ret;

	switch (cmd) {
	case TOYIPC_IOC_MQ_OPEN:
	case TOYIPC_IOC_MQ_UNLINK:
	case TOYIPC_IOC_MQ_TIMEDSEND:
	case TOYIPC_IOC_MQ_TIMEDRECEIVE:
	case TOYIPC_IOC_MQ_GETSETATTR:
	case TOYIPC_IOC_MQ_NOTIFY:
		break;
	default:
		return -ENOTTY;
	}
	if (copy_from_user(&req, arg, _IOC_SIZE(cmd)))
		return -EFAULT;
	switch (cmd) {
	case TOYIPC_IOC_MQ_OPEN:
		if (req.open.attr && toyipc_get_mq_attr(&attr, u64_to_user_ptr(req.open.attr)))
			return -EFAULT;
		return do_toy_mq_open(u64_to_user_ptr(req.open.name), req.open.oflag,
				      req.open.mode, req.open.attr ? &attr : NULL);
	case TOYIPC_IOC_MQ_UNLINK:
		name = toyfs_getname(u64_to_user_ptr(req.unlink.name));
		if (IS_ERR(name))
			return PTR_ERR(name);
		ret = toyfs_unlink(&mq_fs, name);
		kfree(name);
		return ret;
	case TOYIPC_IOC_MQ_TIMEDSEND:
		return do_toy_mq_timedsend(&req.send);
	case TOYIPC_IOC_MQ_TIMEDRECEIVE:
		return do_toy_mq_timedreceive(&req.receive);
	case TOYIPC_IOC_MQ_GETSETATTR:
		return do_toy_mq_getsetattr(req.attr.mqdes, req.attr.newattr, req.attr.oldattr);
	case TOYIPC_IOC_MQ_NOTIFY:
		return do_toy_mq_notify(req.notify.mqdes, req.notify.sevp);
	default:
		return -ENOTTY;
	}
}

/*
 * /proc/toyipc/mqueue: one row per queue, with what `cat /dev/mqueue/NAME`
 * shows; an unlinked queue still open shows "(deleted)".
 */
static int mq_proc_show(struct seq_file *m, void *v)
{
	struct user_namespace *ns = seq_user_ns(m);
	struct toy_mq *q;

	seq_printf(m, "%-24s %5s %5s %5s %7s %7s %7s %10s %6s %5s %10s\n",
		   "name", "perms", "uid", "gid", "maxmsg", "msgsize", "curmsgs",
		   "QSIZE", "NOTIFY", "SIGNO", "NOTIFY_PID");
	spin_lock(&toy_mq_lock);
	list_for_each_entry(q, &mq_all, all) {
		struct inode *inode = q->inode;

		spin_lock(&q->lock);
		seq_printf(m, "/%-23s %5o %5u %5u %7ld %7ld %7ld %10lu %6d %5d %10d%s\n",
			   q->name, inode->i_mode & 07777,
			   from_kuid_munged(ns, inode->i_uid),
			   from_kgid_munged(ns, inode->i_gid),
			   q->attr.mq_maxmsg, q->attr.mq_msgsize, q->attr.mq_curmsgs,
			   q->qsize, q->notify_owner ? q->notify : 0,
			   q->notify_owner && q->notify == SIGEV_SIGNAL ? q->notify_signo : 0,
			   pid_vnr(q->notify_owner), inode->i_nlink ? "" : " (deleted)");
		spin_unlock(&q->lock);
	}
	spin_unlock(&toy_mq_lock);
	return 0;
}

/* Netlink GET_OBJECTS: one message per queue, from position cb->args[1]. */
static int mq_nl_fill(struct sk_buff *skb, struct toy_mq *q)
{
	struct inode *inode = q->inode;

	if (nla_put_u32(skb, TOYIPC_OBJ_KIND, TOYIPC_KIND_MQ) ||
	    nla_put_s32(skb, TOYIPC_OBJ_ID, inode->i_ino) ||
	    nla_put_u32(skb, TOYIPC_OBJ_UID, from_kuid_munged(current_user_ns(), inode->i_uid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_GID, from_kgid_munged(current_user_ns(), inode->i_gid)) ||
	    nla_put_u32(skb, TOYIPC_OBJ_MODE, inode->i_mode & 07777) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_QNUM, q->attr.mq_curmsgs, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_CBYTES, q->qsize, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_MAXMSG, q->attr.mq_maxmsg, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_MSGSIZE, q->attr.mq_msgsize, TOYIPC_OBJ_PAD) ||
	    nla_put_u32(skb, TOYIPC_OBJ_NOTIFY, q->notify_owner ? q->notify : 0) ||
	    nla_put_u32(skb, TOYIPC_OBJ_SIGNO, q->notify_owner && q->notify == SIGEV_SIGNAL ?
			q->notify_signo : 0) ||
	    nla_put_u32(skb, TOYIPC_OBJ_NOTIFY_PID, pid_vnr(q->notify_owner)) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_SENDS, q->sends, TOYIPC_OBJ_PAD) ||
	    nla_put_u64_64bit(skb, TOYIPC_OBJ_RECEIVES, q->receives, TOYIPC_OBJ_PAD))
		return -EMSGSIZE;
	return 0;
}

static int mq_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct toyipc_nl_msg msg;
	unsigned long i = 0;
	struct toy_mq *q;
	int err = 0;

	spin_lock(&toy_mq_lock);
	list_for_each_entry(q, &mq_all, all) {
		if (i++ < cb->args[1])
			continue;
		err = toyipc_nl_obj_begin(skb, cb, &msg);
		if (!err) {
			spin_lock(&q->lock);
			err = toyipc_nl_obj_end(skb, &msg, mq_nl_fill(skb, q));
			spin_unlock(&q->lock);
		}
		if (err)
			break;
		cb->args[1] = i;
	}
	spin_unlock(&toy_mq_lock);
	return err;
}

/**
 * toyipc_mq_init - register and mount toymqueue, create /proc/toyipc/mqueue
 *
 * Return: 0 or -errno.
 */
int toyipc_mq_init(void)
{
	int err = toyfs_register(&mq_fs);

	if (err)
		return err;
	if (!proc_create_single("mqueue", 0444, toyipc_proc_dir, mq_proc_show)) {
		toyfs_unregister(&mq_fs);
		return -ENOMEM;
	}
	toyipc_nl_set_dump(TOYIPC_KIND_MQ, mq_nl_dump);
	return 0;
}

/* Module unload: no queue is open (each pins the module); the named ones go now. */
void toyipc_mq_exit(void)
{
	toyipc_nl_set_dump(TOYIPC_KIND_MQ, NULL);
	remove_proc_entry("mqueue", toyipc_proc_dir);
	toyfs_unregister(&mq_fs);
}
