# shellcheck shell=bash
# tests/vm/lib.sh: what the VM scripts share.  Source it; do not run it.
#
# Kernels are named 6.1, 6.12 (Debian's distro kernels from apt) and debug
# (built from linux-source-6.12 by tests/vm/debug-kernel).  For each name
# this file knows the image to boot and the build tree to compile against.

TOY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Generated files of the work tree (module builds per kernel, initramfs).
TOY_BUILD=${TOY_BUILD:-$TOY_ROOT/.build}
# Outside the work tree: the debug kernel, which survives a fresh clone.
TOY_CACHE=${TOY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/toyipc}

say() { printf 'vm: %s\n' "$*" >&2; }
die() { printf 'vm: error: %s\n' "$*" >&2; exit 125; }

# newest_release PREFIX: the newest Debian amd64 kernel release with both
# an image in /boot and headers in /usr/src, whose version starts PREFIX.
newest_release() {
	local prefix=$1 img rel best=
	for img in /boot/vmlinuz-"$prefix".*-amd64 /boot/vmlinuz-"$prefix"-*-amd64; do
		[ -e "$img" ] || continue
		rel=${img#/boot/vmlinuz-}
		case $rel in *-cloud-amd64|*-rt-amd64) continue ;; esac
		[ -e "/usr/src/linux-headers-$rel/Makefile" ] || continue
		best=$(printf '%s\n%s\n' "$best" "$rel" | sort -V | tail -n 1)
	done
	printf '%s\n' "$best"
}

# kernel_release NAME: the release string (uname -r) of kernel NAME.
kernel_release() {
	case $1 in
	6.1|6.12)
		newest_release "$1" ;;
	debug)
		cat "$TOY_CACHE/debug/release" 2>/dev/null ;;
	*)
		die "unknown kernel '$1' (expected 6.1, 6.12 or debug)" ;;
	esac
}

# kernel_image NAME / kernel_kdir NAME: the bzImage and the build tree.
kernel_image() {
	case $1 in
	debug) printf '%s\n' "$TOY_CACHE/debug/bzImage" ;;
	*) printf '/boot/vmlinuz-%s\n' "$(kernel_release "$1")" ;;
	esac
}

kernel_kdir() {
	case $1 in
	debug) printf '%s\n' "$TOY_CACHE/debug/linux" ;;
	*) printf '/usr/src/linux-headers-%s\n' "$(kernel_release "$1")" ;;
	esac
}

# require_kernel NAME: fail clearly unless kernel NAME is there to boot.
require_kernel() {
	local rel
	rel=$(kernel_release "$1")
	[ -n "$rel" ] && [ -e "$(kernel_image "$1")" ] && return 0
	case $1 in
	debug) die "no debug kernel yet: run tests/vm/debug-kernel (make debug-kernel)" ;;
	*) die "no Debian $1 kernel with headers installed: run tests/deps (make deps)" ;;
	esac
}

# make_list DIR TARGET: the words a print-* target of DIR's Makefile prints.
# Under `make -C CHECKOUT ...` MAKEFLAGS carries w, which would add
# "Entering directory" lines to what is captured; this is the one place that
# turns them off.
make_list() {
	make -s --no-print-directory -C "$1" "$2"
}

# build_external NAME [MAKE ARGS...] SRCDIR: build the out-of-tree module in
# SRCDIR against kernel NAME, in a copy per kernel so builds for different
# kernels never share objects; print the copy's directory.  Its build log
# is DIR.log.
build_external() {
	local name=$1 src=${*: -1} dir
	set -- "${@:2:$#-2}"
	dir=$TOY_BUILD/$name/$(basename "$src")
	sync_tree "$src" "$dir"
	if ! make -C "$(kernel_kdir "$name")" M="$dir" "$@" modules >"$dir.log" 2>&1; then
		cat "$dir.log" >&2
		die "$(basename "$src") failed to build for kernel $name"
	fi
	printf '%s\n' "$dir"
}

# build_module NAME [MAKE ARGS...]: build toyipc.ko for kernel NAME; print
# its path.
# The debug kernel builds toyipc in its own tree (tests/vm/debug-kernel);
# distro kernels get an out-of-tree build of kmod/.
build_module() {
	if [ "$1" = debug ]; then
		"$TOY_ROOT/tests/vm/debug-kernel" >&2 || die "debug kernel build failed"
		printf '%s\n' "$TOY_CACHE/debug/toyipc.ko"
		return
	fi
	local dir
	mkdir -p "$TOY_BUILD/$1"
	cp -p "$TOY_ROOT/Kconfig" "$TOY_BUILD/$1/Kconfig"
	dir=$(build_external "$@" "$TOY_ROOT/kmod") || exit
	printf '%s/toyipc.ko\n' "$dir"
}

# sync_tree SRC DST: make DST a copy of SRC, touching only files that
# changed, so that make in DST rebuilds only what changed.  A changed file
# gets the time of the copy, not its own (no cp -p): an object built from
# a newer other version (another checkout, another branch) must not look
# up to date against it.
sync_tree() {
	local src=$1 dst=$2 f
	mkdir -p "$dst"
	(cd "$src" && find . -type f ! -name '*.o' ! -name '*.ko' ! -name '.*' \
		! -name '*.mod*' ! -name 'Module.symvers' ! -name 'modules.order') |
	while read -r f; do
		mkdir -p "$dst/$(dirname "$f")"
		cmp -s "$src/$f" "$dst/$f" || cp "$src/$f" "$dst/$f"
	done
}

# add_9p_modules NAME ROOT: put the modules kernel NAME needs to mount the
# host's root over virtio-9p into the initramfs at ROOT, uncompressed (for
# busybox insmod), and their load order into ROOT/etc/toyipc/9p-modules.
# The debug kernel has them built in; Debian 6.1 needs netfs, fscache,
# 9pnet, 9p, virtio(_ring), 9pnet_virtio and virtio_pci(_*_dev), 6.12 the
# same less fscache and the virtio ones (built in).
add_9p_modules() {
	local rel ko name
	mkdir -p "$2/lib/9p"
	: >"$2/etc/toyipc/9p-modules"
	[ "$1" = debug ] && return 0
	rel=$(kernel_release "$1")
	for name in 9p 9pnet_virtio virtio_pci; do
		modprobe -S "$rel" --show-depends "$name"
	done | sed -n 's/^insmod \([^ ]*\).*/\1/p' | awk '!seen[$0]++' |
	while read -r ko; do
		name=$(basename "$ko")
		case $name in
		*.xz) name=${name%.xz}; xz -dc "$ko" >"$2/lib/9p/$name" ;;
		*.zst) name=${name%.zst}; zstd -qdc "$ko" >"$2/lib/9p/$name" ;;
		*) cp "$ko" "$2/lib/9p/$name" ;;
		esac
		echo "$name" >>"$2/etc/toyipc/9p-modules"
	done
}

# guest_user: "NAME UID GID" of the Debian guest's normal user: the owner of
# the checkout (so files edited in the guest stay theirs), or 1000 when
# root owns it; named as the host names that uid, else "student".
guest_user() {
	local uid gid name
	uid=$(stat -c %u "$TOY_ROOT")
	gid=$(stat -c %g "$TOY_ROOT")
	[ "$uid" != 0 ] || { uid=1000; gid=1000; }
	name=$(getent passwd "$uid" | cut -d: -f1)
	printf '%s %s %s\n' "${name:-student}" "$uid" "$gid"
}
