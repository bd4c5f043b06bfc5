	/*
	 * Exercise mq-prio (docs/en/exercises/mq-prio.md): msg_insert() of
	 * ipc/mqueue.c.  Until you write it, a message that no receiver is
	 * waiting for is dropped.
	 */
	kfree(msg);
