	/* Broken on purpose: O_WRONLY | O_NONBLOCK without a reader opens instead of ENXIO. */
	struct toy_pipe *pipe = fifo_pipes[iminor(inode)];
	fmode_t mode = filp->f_mode & (FMODE_READ | FMODE_WRITE);
	bool nonblock = filp->f_flags & O_NONBLOCK;
	struct toy_pipe_end *end;
	int err = 0;

	if (!mode)
		return -EINVAL;
	end = kzalloc(sizeof(*end), GFP_KERNEL_ACCOUNT);
	if (!end)
		return -ENOMEM;
	end->pipe = pipe;
	filp->private_data = end;
	stream_open(inode, filp);

	mutex_lock(&pipe->mutex);
	if (!pipe->files) {
		err = pipe_alloc_ring(pipe);
		if (err)
			goto out_unlock;
	}
	pipe_add_end(pipe, mode);

	if (mode == FMODE_READ && !pipe->writers) {
		if (nonblock)
			end->w_seen = pipe->w_counter;	/* no POLLHUP until a writer came */
		else
			err = wait_for_partner(pipe, &pipe->w_counter);
	} else if (mode == FMODE_WRITE && !pipe->readers) {
		err = wait_for_partner(pipe, &pipe->r_counter);
	}
	if (err)
		goto out_drop;
	mutex_unlock(&pipe->mutex);
	return 0;

out_drop:
	pipe_drop_end(pipe, mode);
out_unlock:
	mutex_unlock(&pipe->mutex);
	kfree(end);
	return err;
