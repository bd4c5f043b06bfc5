/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc compat: the one place where kernel-version differences live.
 *
 * toyipc builds against Debian's 6.1 and 6.12 kernels.  When an API changed
 * between them, the file that needs it calls the toyipc_ wrapper defined
 * here, and the #if stays in this header instead of in the logic.
 */
#ifndef _TOYIPC_COMPAT_H
#define _TOYIPC_COMPAT_H

#include <linux/version.h>

#endif /* _TOYIPC_COMPAT_H */
