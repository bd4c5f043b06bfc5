// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtoyipc: toy_shm_open and toy_shm_unlink over kmod/posix_shm.c.
 *
 * glibc's shm_open is open("/dev/shm/NAME", oflag | O_NOFOLLOW |
 * O_CLOEXEC, mode) and shm_unlink is unlink() of it, after the name checks
 * of __shm_get_name(); these make the same checks and open or unlink NAME
 * in the module's toyshm filesystem instead.  The descriptor is a plain
 * file: ftruncate, fstat, fchmod, mmap and close are the system calls.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "toyipc_internal.h"

/*
 * __shm_get_name(): leading slashes skipped; an empty name or one with a
 * slash is EINVAL; one longer than NAME_MAX is ENAMETOOLONG.
 */
static const char *shm_name(const char *name)
{
	size_t len;

	while (name[0] == '/')
		name++;
	len = strlen(name);
	if (len == 0 || memchr(name, '/', len)) {
		errno = EINVAL;
		return NULL;
	}
	if (len > NAME_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return name;
}

int toy_shm_open(const char *name, int oflag, mode_t mode)
{
	struct toyipc_shm_open req = { .oflag = oflag, .mode = mode };
	const char *n = shm_name(name);
	int fd;

	if (!n)
		return -1;
	req.name = (uintptr_t)n;
	fd = toy_ioctl(TOYIPC_IOC_SHM_OPEN, &req);
	if (fd < 0 && errno == EISDIR)
		errno = EINVAL;	/* glibc's word for "." and ".." */
	return fd;
}

int toy_shm_unlink(const char *name)
{
	struct toyipc_shm_open req = { 0 };
	const char *n = shm_name(name);
	int ret;

	if (!n)
		return -1;
	req.name = (uintptr_t)n;
	ret = toy_ioctl(TOYIPC_IOC_SHM_UNLINK, &req);
	if (ret < 0 && errno == EPERM)
		errno = EACCES;
	return ret;
}
