# SPDX-License-Identifier: GPL-2.0
# user/config.mk: the flags every folder of user/ builds with.  Included by
# each folder's Makefile; SRCROOT is the top of the checkout.

VERSION := 0.1

# `make` in a folder builds its all, not the first rule below.
.DEFAULT_GOAL := all

# Where `make install` puts things, the GNU way: PREFIX and the directories
# under it, each overridable; DESTDIR is prepended to every one of them at
# install time only (a staging root: nothing built records it).
PREFIX ?= /usr/local
bindir ?= $(PREFIX)/bin
sbindir ?= $(PREFIX)/sbin
libdir ?= $(PREFIX)/lib
includedir ?= $(PREFIX)/include
mandir ?= $(PREFIX)/share/man
INSTALL ?= install

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
# Programs that go into the busybox guest are linked statically.
LDFLAGS += -static

LIBDIR := $(SRCROOT)/user/lib
LIBTOYIPC := $(LIBDIR)/libtoyipc.a
CPPFLAGS += -I$(LIBDIR) -I$(SRCROOT)/kmod/uapi

# The library, for the programs that link it.
$(LIBTOYIPC): FORCE
	$(MAKE) -C $(LIBDIR) libtoyipc.a

FORCE:
.PHONY: FORCE
