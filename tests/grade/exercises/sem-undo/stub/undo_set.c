	/*
	 * Exercise sem-undo (docs/en/exercises/sem-undo.md): one set's part
	 * of exit_sem() in ipc/sem.c.  Until you write it, an exit leaves the
	 * values as they are.
	 */
