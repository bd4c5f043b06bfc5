	/*
	 * Exercise sem-op (docs/en/exercises/sem-op.md): update_queue() of
	 * ipc/sem.c.  Until you write it, no sleeper is woken.
	 */
