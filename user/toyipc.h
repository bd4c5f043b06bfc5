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

#ifdef __cplusplus
}
#endif

#endif /* TOYIPC_H */
