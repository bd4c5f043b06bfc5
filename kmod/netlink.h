/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toyipc netlink: what the mechanisms use of netlink.c, to be listed by
 * toyipcctl and to send events.
 */
#ifndef _TOYIPC_NETLINK_H
#define _TOYIPC_NETLINK_H

#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/toyipc.h>

/* One object's message in a GET_OBJECTS dump. */
struct toyipc_nl_msg {
	void		*hdr;
	struct nlattr	*nest;
};

int toyipc_nl_obj_begin(struct sk_buff *skb, struct netlink_callback *cb,
			struct toyipc_nl_msg *m);
int toyipc_nl_obj_end(struct sk_buff *skb, struct toyipc_nl_msg *m, int err);

/*
 * A mechanism's part of a dump: put one message per object, starting at
 * position cb->args[1] and keeping it there; 0 when done, -EMSGSIZE when
 * the buffer is full (the dump goes on from cb->args[1] in the next call).
 */
typedef int (*toyipc_nl_dump_fn)(struct sk_buff *skb, struct netlink_callback *cb);
void toyipc_nl_set_pipe_dump(toyipc_nl_dump_fn fn);
void toyipc_nl_set_dump(enum toyipc_kind kind, toyipc_nl_dump_fn fn);

void toyipc_event(enum toyipc_kind kind, enum toyipc_event event, int id);

int toyipc_netlink_init(void);
void toyipc_netlink_exit(void);

#endif /* _TOYIPC_NETLINK_H */
