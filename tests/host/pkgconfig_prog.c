// SPDX-License-Identifier: GPL-2.0
/*
 * pkgconfig_prog.c: the program tests/host/package.sh builds against an
 * installed toyipc with nothing but `pkg-config --cflags --libs toyipc`.
 * It needs both installed headers (<toyipc.h> and the UAPI header
 * <linux/toyipc.h>) and the library; on the host, where the module is not
 * loaded, every toy_ call must fail with ENOENT (no fallback to the real
 * call).  It prints what it saw, one fact per line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>

#include <linux/toyipc.h>
#include <toyipc.h>

int main(void)
{
	int id = toy_msgget(IPC_PRIVATE, IPC_CREAT | 0600);

	printf("abi %d\n", TOYIPC_ABI_VERSION);
	printf("toy_msgget %d %s\n", id, id < 0 ? strerrorname_np(errno) : "-");
	return 0;
}
