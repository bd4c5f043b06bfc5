	/* Broken on purpose: any room lets a write go on, so PIPE_BUF writes tear. */
	return room > 0;
