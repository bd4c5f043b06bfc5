	/* Broken on purpose: a semop that fails halfway keeps what its first operations did. */
	unsigned int i;
	int result;

	for (i = 0; i < nsops; i++) {
		struct toyipc_sem *sem = &sems[sops[i].sem_num];

		result = sem->semval + sops[i].sem_op;
		if ((sops[i].sem_op == 0 && sem->semval) || result < 0) {
			*blocking = i;
			return (sops[i].sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
		}
		if (result > SEMVMX)
			return -ERANGE;
		sem->semval = result;
	}
	for (i = 0; i < nsops; i++)
		sems[sops[i].sem_num].sempid = pid;
	return 0;
