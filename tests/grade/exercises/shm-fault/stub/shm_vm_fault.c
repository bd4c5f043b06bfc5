	/*
	 * Exercise shm-fault (docs/en/exercises/shm-fault.md): the fault
	 * handler, like shmem_fault() in mm/shmem.c.  Until you write it,
	 * every touch of a segment is SIGBUS.
	 */
	return VM_FAULT_SIGBUS;
