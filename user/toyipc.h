/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtoyipc: the toy_ mirror of Linux's IPC system calls.
 *
 * Every toy_ function has the signature, flags, structs and errno values of
 * the libc call of the same name without the prefix, and goes through the
 * toyipc module (/dev/toyipc) - never through the real system call.  When
 * the module is not loaded, calls fail with errno ENOENT (opening
 * /dev/toyipc failed); when the module speaks another ABI version, with
 * EPROTO.
 */
#ifndef TOYIPC_H
#define TOYIPC_H

#include <stddef.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * toyipc_abi_version - the ABI version of the loaded module.
 *
 * Returns TOYIPC_ABI_VERSION of the running module (>= 1), or -1 with errno
 * set: ENOENT when the module is not loaded.
 */
int toyipc_abi_version(void);

/*
 * Shared memory: shmget(2), shmat(2), shmdt(2), shmctl(2).
 *
 * toy_shmget - find or create a segment of SIZE bytes by KEY; the id or -1.
 * toy_shmat - map segment SHMID at SHMADDR (NULL: anywhere; SHM_RND rounds
 *	it down to SHMLBA) read-write, or read-only with SHM_RDONLY; the
 *	address or (void *)-1.  The pages are the same in every attacher,
 *	zero-filled, allocated at first touch.
 * toy_shmdt - unmap the attach that starts at SHMADDR; 0 or -1 (EINVAL).
 * toy_shmctl - IPC_STAT, IPC_SET, IPC_RMID; 0 or -1.  IPC_RMID with
 *	attaches left marks the segment SHM_DEST and frees its key; it goes
 *	at the last detach.  Other commands (SHM_INFO, SHM_STAT, SHM_LOCK...)
 *	fail with EINVAL.
 */
int toy_shmget(key_t key, size_t size, int shmflg);
void *toy_shmat(int shmid, const void *shmaddr, int shmflg);
int toy_shmdt(const void *shmaddr);
int toy_shmctl(int shmid, int cmd, struct shmid_ds *buf);

/*
 * Semaphores: semget(2), semop(2), semctl(2).
 *
 * toy_semget - find or create a set of NSEMS semaphores by KEY; the id or -1.
 * toy_semop - apply NSOPS operations atomically, sleeping until they can
 *	all go through (unless the one that waits has IPC_NOWAIT: EAGAIN);
 *	0 or -1.  A signal ends the wait with EINTR, never restarted.
 *	Unlike Linux, SEM_UNDO fails with EINVAL (see docs/en/sem.md).
 * toy_semctl - SETVAL, GETVAL, SETALL, GETALL, GETNCNT, GETZCNT, GETPID,
 *	IPC_STAT, IPC_SET, IPC_RMID, with a union semun as fourth argument
 *	where semctl(2) takes one; other commands fail with EINVAL.
 */
int toy_semget(key_t key, int nsems, int semflg);
int toy_semop(int semid, struct sembuf *sops, size_t nsops);
int toy_semctl(int semid, int semnum, int cmd, ...);

#ifdef __cplusplus
}
#endif

#endif /* TOYIPC_H */
