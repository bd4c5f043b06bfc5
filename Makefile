# SPDX-License-Identifier: GPL-2.0
#
# toyipc top-level Makefile.
#
#   make              toyipc.ko (kmod/) and user/
#   make demo         install what is missing, boot a VM, show toyipc working
#   make demo LAB=x   the same, one lab only (pipe fifo popen shm race msg
#                     signals ipcs posix-shm mq: user/labs/lab-x.c)
#   make check        host build checks + the test suite on 6.1, 6.12, debug
#   make vm           an interactive shell in a VM with toyipc loaded
#   make bench        toyipc-bench in a VM: the report in docs/bench/ (minutes)
#   make deps         install the Debian packages toyipc needs (as root)
#   make debug-kernel build the debug kernel (KASAN, lockdep, ...) into the cache
#   make docs         regenerate docs/architecture.svg from docs/architecture.dot
#
# Choose the kernel to build against the kbuild way: KDIR=/path/to/build/tree
# or KVER=$(uname -r) of an installed kernel.  Default: the newest installed
# Debian headers.  W=1 and C=1 are passed to kbuild as usual.
# For the VM targets, KERNEL=6.1|6.12|debug picks the guest kernel.

KVER ?=
ifneq ($(KVER),)
KDIR ?= /lib/modules/$(KVER)/build
else
KDIR ?= $(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
	grep -vE -- '-(cloud|rt)-amd64$$' | sort -V))
endif
KERNEL ?= 6.12

all: kmod user

kmod:
	@test -n "$(KDIR)" -a -e "$(KDIR)/Makefile" || \
		{ echo "no kernel build tree (KDIR='$(KDIR)'): run 'make deps' or pass KDIR= / KVER="; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

user:
	$(MAKE) -C user

deps:
	tests/deps

debug-kernel: deps
	tests/vm/debug-kernel

check: deps
	tests/check

demo: deps
	tests/vm/run --kernel $(KERNEL) -- toyipc-demo $(LAB)

vm: deps
	tests/vm/run --kernel $(KERNEL) --shell

docs: docs/architecture.svg

docs/architecture.svg: docs/architecture.dot
	dot -Tsvg $< -o $@

bench: deps
	tests/bench --kernel $(KERNEL)

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules_install
	$(MAKE) -C user install

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null || true
	$(MAKE) -C user clean
	$(MAKE) -C tests/guest clean
	rm -rf .build

.PHONY: all kmod user deps debug-kernel check demo vm docs bench install clean
