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
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/toyipc.h>

#include "toyipc.h"

static atomic_int ctl_fd = -1;

/*
 * toy_ctl - the control descriptor, opened on first use.
 *
 * Returns it, or -1 with errno set: ENOENT when the module is not loaded,
 * EPROTO when it speaks another ABI version.  Threads racing on the first
 * call each open the device; one descriptor wins and the others are closed.
 */
static int toy_ctl(void)
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

int toyipc_abi_version(void)
{
	struct toyipc_version v = { 0 };
	int fd = toy_ctl();

	if (fd < 0)
		return -1;
	if (ioctl(fd, TOYIPC_IOC_VERSION, &v) < 0)
		return -1;
	return (int)v.abi;
}
