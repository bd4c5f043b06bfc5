/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc wake batches: wake sleepers after dropping a lock, like Linux's
 * wake_q (kernel/sched/core.c), which is not exported to modules.
 *
 * A waker that finishes a sleeper's work under an object's spinlock must
 * not wake it there: the woken task, if it needed the lock at once, would
 * spin on it while the waker still holds it.  So the waker pins the task
 * (a reference on its task_struct, never on its stack entry, which may be
 * gone as soon as the lock is dropped or the result is published), puts
 * it in a batch on its own stack, and wakes the batch after unlocking.
 * A wake-up may therefore come late, to a task that has moved on: every
 * sleep treats a wake-up as "look again", never as a promise.
 *
 * Used by msg.c (senders and receivers) and sem.c (semop sleepers).  A
 * call rarely wakes more than a few; should it wake more than fit, the
 * rest are woken at once, under the lock: slower, not wrong.
 */
#ifndef _TOYIPC_WAKE_H
#define _TOYIPC_WAKE_H

#include <linux/sched.h>
#include <linux/sched/task.h>

#define TOY_WAKE_BATCH 8

struct toy_wake_batch {
	unsigned int n;
	struct task_struct *task[TOY_WAKE_BATCH];
};

/* Wake @task once the caller has dropped its lock (or now, if @wb is full). */
static inline void toy_wake_batch_add(struct toy_wake_batch *wb, struct task_struct *task)
{
	if (wb->n == TOY_WAKE_BATCH) {
		wake_up_process(task);
		return;
	}
	get_task_struct(task);
	wb->task[wb->n++] = task;
}

/* Wake what toy_wake_batch_add() collected.  No spinlock held. */
static inline void toy_wake_batch_run(struct toy_wake_batch *wb)
{
	while (wb->n) {
		struct task_struct *task = wb->task[--wb->n];

		wake_up_process(task);
		put_task_struct(task);
	}
}

#endif /* _TOYIPC_WAKE_H */
