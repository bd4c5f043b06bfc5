// SPDX-License-Identifier: GPL-2.0
/*
 * no_nss.c - what toyipcctl's static link uses instead of glibc's name
 * service calls.
 *
 * libnl-3 has helpers that turn host and protocol names into addresses
 * (nl_addr_info, nl_str2ip_proto, nl_ip_proto2str).  toyipcctl calls none
 * of them, but they share object files with functions it does call, so a
 * static link would bring in glibc's getaddrinfo and getprotoby* and their
 * "requires at runtime the shared libraries" warnings.  The Makefile links
 * with ld's --wrap for those three names, which sends libnl's calls here:
 * they fail as a resolver with no name service would.
 */
#include <errno.h>
#include <netdb.h>
#include <stddef.h>

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res);
struct protoent *__wrap_getprotobyname(const char *name);
struct protoent *__wrap_getprotobynumber(int proto);

int __wrap_getaddrinfo(const char *node, const char *service,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	(void)node;
	(void)service;
	(void)hints;
	*res = NULL;
	errno = ENOSYS;
	return EAI_SYSTEM;
}

struct protoent *__wrap_getprotobyname(const char *name)
{
	(void)name;
	return NULL;
}

struct protoent *__wrap_getprotobynumber(int proto)
{
	(void)proto;
	return NULL;
}
