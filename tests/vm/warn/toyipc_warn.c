// SPDX-License-Identifier: GPL-2.0
/*
 * toyipc_warn: WARN once at load, then refuse to load.  Used by
 * tests/vm/selftest only; it is never part of toyipc.ko.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init toyipc_warn_init(void)
{
	WARN(1, "toyipc_warn: deliberate warning for the harness self-test\n");
	return -ENODEV;
}
module_init(toyipc_warn_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Deliberate WARN for the toyipc VM harness self-test");
