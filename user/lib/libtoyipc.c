// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: the toy_ calls, each an ioctl on /dev/toyipc.
 *
 * The control device is opened on first use, close-on-exec, and kept: an
 * IPC call must not cost an open(2).  A failed open is not remembered, so a
 * program that started before the module was loaded works once it is.
 * Holding the descriptor pins the module (rmmod says "in use") for the life
 * of the process, which is right: a process using toy objects needs them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

static atomic_int ctl_fd = -1;

/*
 * Threads racing on the first call each open the device; one descriptor
 * wins and the others are closed.
 */
int toy_ctl(void)
{
	struct toyipc_version v = { 0 };
	int fd = atomic_load(&ctl_fd);
	int none = -1;

	if (fd >= 0)
		return fd;
	fd = open("/dev/" TOYIPC_DEV_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ioctl(fd, TOYIPC_IOC_VERSION, &v) < 0 || v.abi != TOYIPC_ABI_VERSION) {
		close(fd);
		errno = EPROTO;
		return -1;
	}
	if (!atomic_compare_exchange_strong(&ctl_fd, &none, fd)) {
		close(fd);
		fd = none;
	}
	return fd;
}

unsigned long long toy_timeout(const struct timespec *ts, struct timespec *copy)
{
#ifdef __i386__
	if (!ts)
		return 0;
	*copy = *ts;
	return (uintptr_t)copy;
#else
	(void)copy;
	return (uintptr_t)ts;
#endif
}

int toy_ioctl(unsigned long cmd, void *arg)
{
	int fd = toy_ctl();

	if (fd < 0)
		return -1;
	return ioctl(fd, cmd, arg);
}

int toyipc_abi_version(void)
{
	struct toyipc_version v = { 0 };

	if (toy_ioctl(TOYIPC_IOC_VERSION, &v) < 0)
		return -1;
	return (int)v.abi;
}
