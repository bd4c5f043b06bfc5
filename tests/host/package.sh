# shellcheck shell=bash
# tests/host/package.sh: the host-side checks of toyipc as a package:
# `make install` into a staging DESTDIR with a non-default PREFIX, a
# program built from it with pkg-config (static and shared), `make
# uninstall`, the man pages, dkms builds for both Debian kernels, a build
# without linker warnings and without untracked outputs.  tests/check
# sources it after tests/vm/lib.sh and runs each function as one check.
# Everything goes under $TOY_BUILD/pkg; nothing outside it is changed
# (dkms gets a private tree and signing key).

PKG_OUT=$TOY_BUILD/pkg
PKG_PREFIX=/opt/toyipc-test
PKG_DESTDIR=$PKG_OUT/destdir

# pkg_installed_files: what `make install` must have put under DESTDIR
# (relative paths, sorted), besides the module.
pkg_installed_files() {
	local p=${PKG_PREFIX#/} f
	{
		printf '%s\n' "$p/lib/libtoyipc.a" "$p/lib/libtoyipc32.a" \
			"$p/lib/libtoyipc.so" "$p/lib/libtoyipc.so.0" \
			"$p/lib/libtoyipc.so.0.$(pkg_version)" "$p/lib/pkgconfig/toyipc.pc" \
			"$p/include/toyipc.h" "$p/include/toyipc/linux/toyipc.h" \
			"$p/sbin/toyipcctl" "$p/bin/toyipc-bench" "$p/bin/toyipc-demo" \
			"$p/bin/toyipc-run" "$p/lib/toyipc/libtoyipc-preload.so" \
			"$p/lib/toyipc/preload/$(pkg_dst_lib /lib64/ld-linux-x86-64.so.2)/libtoyipc-preload.so" \
			"$p/lib/toyipc/preload/$(pkg_dst_lib /lib/ld-linux.so.2)/libtoyipc-preload.so"
		for f in "$TOY_ROOT"/user/labs/lab-*.c; do
			f=${f##*/}
			printf '%s\n' "$p/bin/${f%.c}"
		done
		for f in "$TOY_ROOT"/docs/man/man?/*.?; do
			printf '%s\n' "$p/share/man/${f#"$TOY_ROOT"/docs/man/}"
		done
	} | sort
}

# pkg_dst_lib LDSO: what that dynamic linker puts for $LIB (user/run/Makefile).
pkg_dst_lib() {
	"$1" --list-diagnostics | sed -n 's/^dl_dst_lib="\(.*\)"$/\1/p'
}

pkg_version() {
	sed -n 's/^VERSION := //p' "$TOY_ROOT/user/config.mk"
}

# pkg_files DIR: every file and symlink under DIR, relative, sorted.
pkg_files() {
	(cd "$1" && find . \( -type f -o -type l \) -printf '%P\n' | sort)
}

# The module goes where kbuild puts an external module for the newest
# installed headers (the top-level Makefile's default KDIR).
pkg_module_files() {
	pkg_files "$PKG_DESTDIR" | grep -E '^lib/modules/[^/]+/(updates|extra)/toyipc\.ko(\.xz|\.zst|\.gz)?$'
}

# make install with PREFIX and DESTDIR puts every file in its place (and
# nothing else but depmod's indexes).
install_puts_every_file_in_place() {
	rm -rf "$PKG_OUT"
	mkdir -p "$PKG_OUT"
	make -C "$TOY_ROOT" install PREFIX="$PKG_PREFIX" DESTDIR="$PKG_DESTDIR" || return 1
	pkg_module_files | grep -q . || { echo "no toyipc.ko under $PKG_DESTDIR/lib/modules"; return 1; }
	diff -u <(pkg_installed_files) \
		<(pkg_files "$PKG_DESTDIR" | grep -v '^lib/modules/') || return 1
	pkg_files "$PKG_DESTDIR" | grep '^lib/modules/' | grep -vE '/modules\.[a-z.]+$' |
		grep -vxF "$(pkg_module_files)" && { echo "unexpected files above"; return 1; }
	return 0
}

# toyipc.pc names PREFIX (not DESTDIR, not the default /usr/local), and the
# soname of the shared library is libtoyipc.so.0.
installed_pc_and_soname_are_right() {
	local pc=$PKG_DESTDIR$PKG_PREFIX/lib/pkgconfig/toyipc.pc
	cat "$pc"
	grep -qx "prefix=$PKG_PREFIX" "$pc" || return 1
	! grep -e "$PKG_DESTDIR" -e /usr/local "$pc" || return 1
	readelf -d "$PKG_DESTDIR$PKG_PREFIX/lib/libtoyipc.so.0" | tee /dev/stderr |
		grep -q 'SONAME.*\[libtoyipc\.so\.0\]'
}

# pkg_build OUT [--static]: build tests/host/pkgconfig_prog.c with only
# what pkg-config says about the staged install.
pkg_build() {
	local out=$1 flags
	shift
	flags=$(PKG_CONFIG_PATH=$PKG_DESTDIR$PKG_PREFIX/lib/pkgconfig \
		PKG_CONFIG_SYSROOT_DIR=$PKG_DESTDIR pkg-config --cflags --libs "$@" toyipc) || return 1
	echo "pkg-config: $flags"
	# shellcheck disable=SC2086
	cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror ${1:+-static} \
		-o "$out" "$TOY_ROOT/tests/host/pkgconfig_prog.c" $flags
}

# pkg_run PROG: it must see the UAPI header's ABI version and, with no
# module on the host, ENOENT from toy_msgget.
pkg_run() {
	local want
	[ ! -e /dev/toyipc ] || { echo "/dev/toyipc exists on the host: cannot test"; return 1; }
	want="abi $(sed -n 's/^#define TOYIPC_ABI_VERSION[[:space:]]*//p' \
		"$TOY_ROOT/kmod/uapi/linux/toyipc.h")
toy_msgget -1 ENOENT"
	diff -u <(echo "$want") <("$@")
}

installed_library_links_a_static_program() {
	pkg_build "$PKG_OUT/prog-static" --static || return 1
	file "$PKG_OUT/prog-static" | tee /dev/stderr | grep -q 'statically linked' || return 1
	pkg_run "$PKG_OUT/prog-static"
}

installed_library_links_a_shared_program() {
	pkg_build "$PKG_OUT/prog-shared" || return 1
	readelf -d "$PKG_OUT/prog-shared" | grep -q 'NEEDED.*\[libtoyipc\.so\.0\]' || return 1
	pkg_run env LD_LIBRARY_PATH="$PKG_DESTDIR$PKG_PREFIX/lib" "$PKG_OUT/prog-shared"
}

# The installed libtoyipc32.a links a 32-bit static program from the
# installed headers (-m32: gcc-multilib).  Linking is the test: the host
# kernel need not run i386 programs.
installed_32_bit_library_links_a_static_program() {
	local p=$PKG_DESTDIR$PKG_PREFIX
	cc -m32 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -static \
		-I"$p/include" -I"$p/include/toyipc" -o "$PKG_OUT/prog-static32" \
		"$TOY_ROOT/tests/host/pkgconfig_prog.c" -L"$p/lib" -ltoyipc32 || return 1
	file "$PKG_OUT/prog-static32" | tee /dev/stderr | grep -q 'ELF 32-bit.*Intel 80386.*statically linked'
}

# make uninstall removes every file make install put there.
uninstall_leaves_no_file() {
	make -C "$TOY_ROOT" uninstall PREFIX="$PKG_PREFIX" DESTDIR="$PKG_DESTDIR" || return 1
	pkg_files "$PKG_DESTDIR" | grep -vE '^lib/modules/[^/]+/modules\.[a-z.]+$' |
		grep . && { echo "left behind: the files above"; return 1; }
	return 0
}

# Every page renders with man-db and groff without a single warning.
man_pages_render_without_warnings() {
	local f out bad=0
	cd "$TOY_ROOT/docs/man" || return 1
	for f in man?/*.?; do
		out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "$f" 2>&1 >/dev/null)
		[ -z "$out" ] && MANWIDTH=80 LC_ALL=C.UTF-8 man -E UTF-8 -l "$f" 2>&1 | grep -q . ||
			{ echo "$f: ${out:-renders empty}"; bad=1; }
		echo "$f: rendered"
	done
	return $bad
}

# dkms builds toyipc.ko for kernel NAME from `make dkms-source`, in a
# private tree (--sourcetree/--dkmstree/--installtree, a signing key of
# its own), and removes it again.
dkms_builds_the_module() {
	local rel ver tree=$PKG_OUT/dkms-$1 ko
	rel=$(kernel_release "$1")
	ver=$(pkg_version)
	[ -n "$rel" ] || { echo "no Debian $1 kernel headers"; return 1; }
	grep -qx "PACKAGE_VERSION=\"$ver\"" "$TOY_ROOT/kmod/dkms.conf" ||
		{ echo "kmod/dkms.conf's PACKAGE_VERSION is not user/config.mk's $ver"; return 1; }
	rm -rf "$tree"
	mkdir -p "$tree/dkms" "$tree/install"
	make -s -C "$TOY_ROOT" dkms-source DESTDIR="$tree" || return 1
	local d=(-m toyipc -v "$ver" --sourcetree "$tree/usr/src" --dkmstree "$tree/dkms"
		 --installtree "$tree/install")
	export mok_signing_key=$tree/mok.key mok_certificate=$tree/mok.pub
	dkms add "${d[@]}" || return 1
	dkms build "${d[@]}" -k "$rel" || { cat "$tree/dkms/toyipc/$ver/build/make.log"; return 1; }
	ko=$(ls "$tree/dkms/toyipc/$ver/$rel/x86_64/module/"toyipc.ko* 2>/dev/null)
	[ -n "$ko" ] || { echo "dkms build left no toyipc.ko"; return 1; }
	modinfo -F vermagic "$ko" | tee /dev/stderr | grep -q "^$rel " || return 1
	dkms remove "${d[@]}" --all || return 1
	[ ! -e "$tree/dkms/toyipc" ] || { echo "dkms remove left $tree/dkms/toyipc"; return 1; }
	rm -rf "$tree"
}

# Building user/ prints no warning (the static libnl link once printed
# glibc's getaddrinfo ones).  The compiler's warnings are errors already
# (-Werror), so what can still warn is the linker: every program and the
# shared library are linked again.
user_build_prints_no_warning() {
	local p
	mkdir -p "$PKG_OUT"
	for p in $(make_list "$TOY_ROOT/user" print-guest-programs); do
		# Only what is built: scripts (toyipc-demo, toyipc-run) are sources.
		case $(head -c 2 "$TOY_ROOT/user/$p" 2>/dev/null) in '#!') continue ;; esac
		rm -f "$TOY_ROOT/user/$p"
	done
	rm -f "$TOY_ROOT"/user/lib/libtoyipc.so.*
	make -C "$TOY_ROOT/user" >"$PKG_OUT/user-build.log" 2>&1 || { cat "$PKG_OUT/user-build.log"; return 1; }
	grep -c ' -o ' "$PKG_OUT/user-build.log"
	! grep -i 'warning:' "$PKG_OUT/user-build.log"
}

# pkg_untracked: the files git would list as new (not ignored).
pkg_untracked() {
	git -C "$TOY_ROOT" ls-files --others --exclude-standard | sort
}

# No tracked file is a build output, and building leaves no new file that
# .gitignore does not cover.  $1: the untracked list from before the builds.
builds_leave_no_unignored_output() {
	git -C "$TOY_ROOT" ls-files -z | (cd "$TOY_ROOT" && xargs -0 file -N) |
		grep -E ': .*(ELF|current ar archive)' && { echo "tracked build outputs above"; return 1; }
	diff -u "$1" <(pkg_untracked)
}
