	/*
	 * Exercise msg-pipelined (docs/en/exercises/msg-pipelined.md):
	 * pipelined_send() of ipc/msg.c.  Until you write it, no sleeping
	 * receiver is given anything.
	 */
	return false;
