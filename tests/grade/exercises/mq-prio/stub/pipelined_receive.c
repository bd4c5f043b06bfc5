	/*
	 * Exercise mq-prio (docs/en/exercises/mq-prio.md): pipelined_receive()
	 * of ipc/mqueue.c.  Until you write it, a sender blocked on a full
	 * queue sleeps until its timeout or a signal.
	 */
	wake_up(&q->wait_q);
	return NULL;
