	/*
	 * Exercise msg-select (docs/en/exercises/msg-select.md): testmsg()
	 * of ipc/msg.c.  Until you write it, no message matches.
	 */
	return false;
