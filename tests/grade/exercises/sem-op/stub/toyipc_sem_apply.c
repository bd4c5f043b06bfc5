	/*
	 * Exercise sem-op (docs/en/exercises/sem-op.md):
	 * perform_atomic_semop() of ipc/sem.c.  Until you write it, every
	 * semop fails.
	 */
	return -EOPNOTSUPP;
