// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kmod/main.c and kmod/limits.c: the control device, /proc/toyipc,
 * the module parameters and the module's lifetime, seen from userspace.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/toyipc.h>

#include "toyipc.h"
#include "tt.h"

#define MODULE_PATH	"/lib/toyipc.ko"		/* where tests/vm/init loads it from */
#define MODULE_PARAMS	"/etc/toyipc/modparams"

static void control_device_is_a_char_device_open_to_all(void)
{
	struct stat st;

	TT_ASSERT(stat("/dev/toyipc", &st) == 0);
	TT_ASSERT(S_ISCHR(st.st_mode));
	if ((st.st_mode & 07777) != 0666)
		TT_FAIL("mode is %04o, expected 0666", st.st_mode & 07777);
}

static void version_ioctl_reports_the_abi_version(void)
{
	struct toyipc_version v;
	int fd = open("/dev/toyipc", O_RDWR);

	memset(&v, 0xff, sizeof(v));
	TT_ASSERT(fd >= 0);
	TT_ASSERT(ioctl(fd, TOYIPC_IOC_VERSION, &v) == 0);
	TT_ASSERT(v.abi == TOYIPC_ABI_VERSION);
	TT_ASSERT(v.reserved == 0);
}

static void libtoyipc_reports_the_abi_version(void)
{
	TT_ASSERT(toyipc_abi_version() == TOYIPC_ABI_VERSION);
}

static void unknown_ioctl_fails_with_enotty(void)
{
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	TT_ASSERT_ERRNO(ioctl(fd, _IO(TOYIPC_IOC_MAGIC, 0xff)), ENOTTY);
	TT_ASSERT_ERRNO(ioctl(fd, _IOR('x', 0x00, struct toyipc_version), NULL), ENOTTY);
}

/*
 * ABI 3 moved off 'T', termios's magic: the old numbers are not toyipc's
 * any more, and a tty ioctl such as TCGETS is refused like any other.
 */
static void ioctls_of_the_termios_magic_fail_with_enotty(void)
{
	struct toyipc_version v;
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	TT_ASSERT(TOYIPC_IOC_MAGIC != 'T');
	TT_ASSERT_ERRNO(ioctl(fd, _IOR('T', 0x00, struct toyipc_version), &v), ENOTTY);
	TT_ASSERT_ERRNO(ioctl(fd, TCGETS, &v), ENOTTY);
}

static void version_ioctl_with_a_bad_pointer_fails_with_efault(void)
{
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	TT_ASSERT_ERRNO(ioctl(fd, TOYIPC_IOC_VERSION, (void *)16), EFAULT);
}

static void control_device_cannot_be_read_or_written(void)
{
	char buf[8] = "x";
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	TT_ASSERT_ERRNO(read(fd, buf, sizeof(buf)), EINVAL);
	TT_ASSERT_ERRNO(write(fd, buf, 1), EINVAL);
}

static void proc_toyipc_is_a_directory(void)
{
	struct stat st;

	TT_ASSERT(stat("/proc/toyipc", &st) == 0);
	TT_ASSERT(S_ISDIR(st.st_mode));
}

static int read_text(const char *path, char *buf, size_t size)
{
	if (tt_read_line(path, buf, size))
		return -1;
	/* /proc/sys/kernel/sem separates its four numbers with tabs. */
	for (char *p = buf; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return 0;
}

/*
 * Differential: unless the harness was given --modparam, every limit equals
 * the running kernel's own sysctl of the same name.
 */
static void limits_default_to_the_running_kernels(void)
{
	static const struct { const char *param, *sysctl; } pairs[] = {
		{ "pipe_max_size", "/proc/sys/fs/pipe-max-size" },
		{ "msgmax", "/proc/sys/kernel/msgmax" },
		{ "msgmnb", "/proc/sys/kernel/msgmnb" },
		{ "msgmni", "/proc/sys/kernel/msgmni" },
		{ "shmmax", "/proc/sys/kernel/shmmax" },
		{ "shmall", "/proc/sys/kernel/shmall" },
		{ "shmmni", "/proc/sys/kernel/shmmni" },
	};
	char path[128], toy[64], real[64], sem[4 * 64];
	const char *sem_params[] = { "semmsl", "semmns", "semopm", "semmni" };
	int bad = 0;

	TT_ASSERT(read_text(MODULE_PARAMS, toy, sizeof(toy)) == 0);
	if (toy[0])
		TT_FAIL("module loaded with parameters '%s'; this test needs the defaults", toy);

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		snprintf(path, sizeof(path), "/sys/module/toyipc/parameters/%s", pairs[i].param);
		TT_ASSERT(read_text(path, toy, sizeof(toy)) == 0);
		TT_ASSERT(read_text(pairs[i].sysctl, real, sizeof(real)) == 0);
		if (strcmp(toy, real)) {
			printf("# %s=%s but %s is %s\n", pairs[i].param, toy, pairs[i].sysctl, real);
			bad = 1;
		}
	}

	sem[0] = '\0';
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "/sys/module/toyipc/parameters/%s", sem_params[i]);
		TT_ASSERT(read_text(path, toy, sizeof(toy)) == 0);
		snprintf(sem + strlen(sem), sizeof(sem) - strlen(sem), "%s%s", i ? " " : "", toy);
	}
	TT_ASSERT(read_text("/proc/sys/kernel/sem", real, sizeof(real)) == 0);
	if (strcmp(sem, real)) {
		printf("# semmsl semmns semopm semmni = %s but kernel.sem is %s\n", sem, real);
		bad = 1;
	}
	if (bad)
		TT_FAIL("limits differ from the running kernel's");
}

/* The default pipe capacity is what F_GETPIPE_SZ says of a real pipe. */
static void pipe_size_defaults_to_a_real_pipes_capacity(void)
{
	char toy[32];
	int fd[2];

	TT_ASSERT(pipe(fd) == 0);
	TT_ASSERT(read_text("/sys/module/toyipc/parameters/pipe_size", toy, sizeof(toy)) == 0);
	if (atoi(toy) != fcntl(fd[0], F_GETPIPE_SZ))
		TT_FAIL("pipe_size=%s, a real pipe holds %d", toy, fcntl(fd[0], F_GETPIPE_SZ));
}

static void rmmod_is_refused_while_the_control_device_is_open(void)
{
	int fd = open("/dev/toyipc", O_RDWR);

	TT_ASSERT(fd >= 0);
	TT_ASSERT_ERRNO(syscall(SYS_delete_module, "toyipc", O_NONBLOCK), EWOULDBLOCK);
}

/* Unloads and reloads the module: keep it last. */
static void without_the_module_libtoyipc_fails_with_enoent(void)
{
	char params[256];
	int ko, ret, err;

	TT_ASSERT(read_text(MODULE_PARAMS, params, sizeof(params)) == 0);
	ko = open(MODULE_PATH, O_RDONLY | O_CLOEXEC);
	TT_ASSERT(ko >= 0);
	TT_ASSERT(syscall(SYS_delete_module, "toyipc", O_NONBLOCK) == 0);
	errno = 0;
	ret = toyipc_abi_version();
	err = errno;
	/* Reload before judging, so the tests after this one have a module. */
	TT_ASSERT(syscall(SYS_finit_module, ko, params, 0) == 0);
	if (ret != -1 || err != ENOENT)
		TT_FAIL("without the module: returned %d errno %d (%s), expected -1 ENOENT",
			ret, err, strerror(err));
	TT_ASSERT(toyipc_abi_version() == TOYIPC_ABI_VERSION);
}

int main(void)
{
	static const struct tt_case cases[] = {
		TT_CASE(control_device_is_a_char_device_open_to_all),
		TT_CASE(version_ioctl_reports_the_abi_version),
		TT_CASE(libtoyipc_reports_the_abi_version),
		TT_CASE(unknown_ioctl_fails_with_enotty),
		TT_CASE(ioctls_of_the_termios_magic_fail_with_enotty),
		TT_CASE(version_ioctl_with_a_bad_pointer_fails_with_efault),
		TT_CASE(control_device_cannot_be_read_or_written),
		TT_CASE(proc_toyipc_is_a_directory),
		TT_CASE(limits_default_to_the_running_kernels),
		TT_CASE(pipe_size_defaults_to_a_real_pipes_capacity),
		TT_CASE(rmmod_is_refused_while_the_control_device_is_open),
		TT_CASE(without_the_module_libtoyipc_fails_with_enoent),
		{ NULL, NULL },
	};

	return tt_main("main", cases);
}
