# SPDX-License-Identifier: GPL-2.0
#
# toyipc top-level Makefile.
#
#   make              toyipc.ko (kmod/) and user/
#   make demo         install what is missing, boot a VM, show toyipc working
#   make demo LAB=x   the same, one lab only (pipe fifo popen shm race msg
#                     signals kill unix mmap ipcs posix-shm mq: user/labs/lab-x.c)
#   make check        host build checks + the test suite on 6.1, 6.12, debug
#   make fuzz         coverage-guided fuzzing on the debug kernel, DURATION=300
#                     seconds per fuzzer; reproducers in .build/fuzz/crashes.txt
#   make vm           an interactive shell in a VM with toyipc loaded
#   make bench        toyipc-bench in a VM: the report in docs/bench/ (minutes)
#   make deps         install the Debian packages toyipc needs (as root)
#   make debug-kernel build the debug kernel (KASAN, lockdep, ...) into the cache
#   make docs         regenerate docs/architecture.svg from docs/architecture.dot
#   make install      the module, libtoyipc, headers, toyipc.pc, the programs
#                     and the man pages (PREFIX, DESTDIR, INSTALL_MOD_PATH);
#                     make uninstall removes them
#   make dkms-source  kmod/ as /usr/src/toyipc-VERSION/ for dkms (kmod/dkms.conf)
#   make grade        score this tree's exercises with the differential tests
#   make grade EX=x   one exercise (tests/grade/exercises/x)
#   make student-tree DEST=dir   the student tree: marked bodies as stubs
#   make grade-class SUBMISSIONS=dir OUT=dir   grade a class into a CSV
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

DURATION ?= 300
fuzz: deps
	tests/fuzz --duration $(DURATION)

# A lab that does not exist fails here, before anything is built or booted.
DEMO_LABS = $(shell sed -n 's/^LABS="\(.*\)"$$/\1/p' user/labs/toyipc-demo)
demo-lab:
	@test -z "$(LAB)" || case " $(DEMO_LABS) " in *" $(LAB) "*) ;; \
		*) echo "make demo: no lab '$(LAB)'; the labs are: $(DEMO_LABS)" >&2; exit 2 ;; esac

demo: demo-lab deps
	tests/vm/run --kernel $(KERNEL) -- toyipc-demo $(LAB)

vm: deps
	tests/vm/run --kernel $(KERNEL) --shell $(if $(ROOT),--root) $(if $(BUSYBOX),--busybox)

docs: docs/architecture.svg

docs/architecture.svg: docs/architecture.dot
	dot -Tsvg $< -o $@

bench: deps
	tests/bench --kernel $(KERNEL)

# make install / make uninstall: the module (kbuild's modules_install into
# INSTALL_MOD_PATH/lib/modules/RELEASE/, for the kernel KDIR/KVER names),
# then user/ (PREFIX, DESTDIR: libtoyipc, headers, toyipc.pc, the programs,
# the man pages).  INSTALL_MOD_PATH defaults to DESTDIR, so one DESTDIR
# stages everything; depmod runs on the tree the module went into.
INSTALL_MOD_PATH ?= $(DESTDIR)
KREL = $(shell $(MAKE) -s -C $(KDIR) kernelrelease)

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) modules_install
	$(MAKE) -C user install

# make dkms-source: the module's DKMS source tree, kmod/ (with its dkms.conf)
# and Kconfig, as $(DESTDIR)/usr/src/toyipc-VERSION/ for `dkms add`.
DKMS_VERSION = $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' kmod/dkms.conf)
dkms_srcdir ?= /usr/src/toyipc-$(DKMS_VERSION)

dkms-source:
	rm -rf $(DESTDIR)$(dkms_srcdir)
	mkdir -p $(DESTDIR)$(dkms_srcdir)/uapi/linux
	cp -p kmod/Kbuild kmod/dkms.conf $(filter-out %.mod.c,$(wildcard kmod/*.[ch])) Kconfig $(DESTDIR)$(dkms_srcdir)/
	cp -p kmod/uapi/linux/toyipc.h $(DESTDIR)$(dkms_srcdir)/uapi/linux/

uninstall:
	@test -n "$(KDIR)" -a -e "$(KDIR)/Makefile" || \
		{ echo "no kernel build tree (KDIR='$(KDIR)'): pass KDIR= / KVER="; exit 1; }
	rm -f $(INSTALL_MOD_PATH)/lib/modules/$(KREL)/updates/toyipc.ko* \
	      $(INSTALL_MOD_PATH)/lib/modules/$(KREL)/extra/toyipc.ko*
	-depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL)
	$(MAKE) -C user uninstall

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null || true
	$(MAKE) -C user clean
	$(MAKE) -C tests/guest clean
	rm -rf .build

grade: deps
	tests/grade/grade --kernel $(KERNEL) $(EX)

DEST ?= ../toyipc-student
student-tree:
	tests/grade/mktree --student $(DEST)

grade-class: deps
	@test -n "$(SUBMISSIONS)" -a -n "$(OUT)" || \
		{ echo "usage: make grade-class SUBMISSIONS=dir OUT=dir"; exit 2; }
	tests/grade/class --kernel $(KERNEL) $(SUBMISSIONS) $(OUT) $(EX)

.PHONY: all kmod user deps debug-kernel check demo vm docs bench install uninstall dkms-source clean \
	grade student-tree grade-class demo-lab fuzz
