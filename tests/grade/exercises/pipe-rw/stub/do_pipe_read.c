	/*
	 * Exercise pipe-rw (docs/en/exercises/pipe-rw.md): read(2) on a
	 * pipe, like pipe_read() in fs/pipe.c.  The helpers named below are
	 * yours to call; naming them keeps the compiler quiet until you do.
	 */
	(void)pipe_take;
	(void)pipe_readable;
	(void)pipe_blocks;
	(void)pipe_woken;
	return -EOPNOTSUPP;
