// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc: a teaching re-implementation of Linux IPC.
 *
 * This file is the module's front door: it checks the limits given as
 * module parameters, registers the control device /dev/toyipc (libtoyipc
 * speaks ioctl to it) and creates /proc/toyipc/.  Each mechanism lives in
 * its own file and is reached from toyipc_ctl_ioctl().
 *
 * Locking: nothing here takes a lock.  The limits are read-only after load
 * (see limits.c) and the device and /proc directory are created before and
 * removed after anything can use them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

#include <linux/toyipc.h>
#include "netlink.h"
#include "stats.h"
#include "toyipc.h"

struct proc_dir_entry *toyipc_proc_dir;

static long toyipc_ioctl_version(void __user *arg)
{
	struct toyipc_version v = { .abi = TOYIPC_ABI_VERSION };

	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

/*
 * One ioctl handler per mechanism, chosen by the high nibble of the ioctl
 * number (its enum toyipc_kind) in toyipc_ctl_ioctl(); the handler picks the
 * command, copies the request in and calls do_toy_xxx(), like a syscall
 * entry calling do_msgsnd().  Kind 0 is the module itself.
 */
static long toyipc_module_ioctl(unsigned int cmd, void __user *arg)
{
	switch (cmd) {
	case TOYIPC_IOC_VERSION:
		return toyipc_ioctl_version(arg);
	default:
		return -ENOTTY;
	}
}

/*
 * The entry of /dev/toyipc's ioctls.  Every ioctl of a mechanism counts as
 * one call of it in the statistics, with its errno if it fails.  A switch
 * of direct calls, not a table of function pointers: each call of the fast
 * paths would otherwise pay an indirect call (a retpoline on these kernels).
 */
static long toyipc_ctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	unsigned int kind;
	long ret;

	if (_IOC_TYPE(cmd) != TOYIPC_IOC_MAGIC)
		return -ENOTTY;
	kind = _IOC_NR(cmd) >> 4;
	switch (kind) {
	case TOYIPC_KIND_MSG:
		ret = toyipc_msg_ioctl(cmd, uarg);
		break;
	case TOYIPC_KIND_SEM:
		ret = toyipc_sem_ioctl(cmd, uarg);
		break;
	case TOYIPC_KIND_PIPE:
		ret = toyipc_pipe_ioctl(cmd, uarg);
		break;
	case TOYIPC_KIND_SHM:
		ret = toyipc_shm_ioctl(cmd, uarg);
		break;
	case TOYIPC_KIND_MQ:
		ret = toyipc_mq_ioctl(cmd, uarg);
		break;
	case TOYIPC_KIND_POSIX_SHM:
		ret = toyipc_posix_shm_ioctl(cmd, uarg);
		break;
	case 0:		/* the module itself: not a mechanism's call */
		return toyipc_module_ioctl(cmd, uarg);
	default:
		return -ENOTTY;
	}
	return toyipc_count_call(kind, ret);
}

static const struct file_operations toyipc_ctl_fops = {
	.owner		= THIS_MODULE,	/* rmmod is refused while it is open */
	.unlocked_ioctl	= toyipc_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/*
 * Mode 0666 like /dev/null: the device only lets callers reach the toy
 * objects, and every object checks its own ipc_perm bits.
 */
static struct miscdevice toyipc_ctl_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= TOYIPC_DEV_NAME,
	.fops	= &toyipc_ctl_fops,
	.mode	= 0666,
};

static int __init toyipc_init(void)
{
	int err;

	err = toyipc_limits_check(&toyipc_limits);
	if (err)
		return err;

	toyipc_proc_dir = proc_mkdir("toyipc", NULL);
	if (!toyipc_proc_dir)
		return -ENOMEM;
	err = toyipc_stats_init(toyipc_proc_dir);
	if (err)
		goto out_proc;

	/* Every mechanism is ready before the device lets anyone reach it. */
	err = toyipc_pipe_init();
	if (err)
		goto out_proc;
	err = toyipc_msg_init();
	if (err)
		goto out_pipe;
	err = toyipc_shm_init();
	if (err)
		goto out_msg;
	err = toyipc_sem_init();
	if (err)
		goto out_shm;
	err = toyipc_mq_init();
	if (err)
		goto out_sem;
	err = toyipc_posix_shm_init();
	if (err)
		goto out_mq;

	err = misc_register(&toyipc_ctl_dev);
	if (err)
		goto out_posix_shm;
	err = toyipc_netlink_init();
	if (err)
		goto out_misc;

	pr_info("loaded: abi %d, %u fifos, pipe_size %u, msgmax %lu, msgmnb %lu\n",
		TOYIPC_ABI_VERSION, toyipc_limits.nr_fifos, toyipc_limits.pipe_size,
		toyipc_limit(TOYIPC_LIM_MSGMAX), toyipc_limit(TOYIPC_LIM_MSGMNB));
	return 0;

out_misc:
	misc_deregister(&toyipc_ctl_dev);
out_posix_shm:
	toyipc_posix_shm_exit();
out_mq:
	toyipc_mq_exit();
out_sem:
	toyipc_sem_exit();
out_shm:
	toyipc_shm_exit();
out_msg:
	toyipc_msg_exit();
out_pipe:
	toyipc_pipe_exit();
out_proc:
	proc_remove(toyipc_proc_dir);
	return err;
}

static void __exit toyipc_exit(void)
{
	toyipc_netlink_exit();
	misc_deregister(&toyipc_ctl_dev);
	toyipc_posix_shm_exit();
	toyipc_mq_exit();
	toyipc_sem_exit();
	toyipc_shm_exit();
	toyipc_msg_exit();
	toyipc_pipe_exit();
	proc_remove(toyipc_proc_dir);
	pr_info("unloaded\n");
}

module_init(toyipc_init);
module_exit(toyipc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("toyipc: toy pipes, message queues, shared memory and semaphores for teaching");
MODULE_AUTHOR("toyipc developers");
