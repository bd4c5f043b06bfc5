	/*
	 * Exercise sem-undo (docs/en/exercises/sem-undo.md): what SETVAL
	 * and SETALL do to the adjustments in ipc/sem.c.  Until you write
	 * it, the adjustments survive them.
	 */
