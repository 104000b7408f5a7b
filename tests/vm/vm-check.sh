#!/bin/sh
# tests/vm/vm-check.sh — the VM tests (docs/vm-tests.md), run by
# `make vm-check` from the top of the tree:
#
#     BL_BUILD_DIR=build BL_MAKE=make sh tests/vm/vm-check.sh
#
# For each architecture (x86_64, arm64) it takes Debian's current kernel
# (the package linux-image-<abi>-<arch> that linux-image-<arch> depends on,
# resolved every time), builds an initramfs with busybox-static, the static
# bpfload, the static host tests, the BPF objects and tests/vm/tests.d, and
# boots it once under qemu (TCG); the architectures boot in parallel.
# tests/vm/init prints one marker line, "BPFLOAD-VM-RESULT: PASS n/m" or
# "BPFLOAD-VM-RESULT: FAIL ...": qemu exits 0 either way, so the marker
# alone decides. The serial console is kept in $BL_BUILD_DIR/vm/ARCH.log.
#
# Downloads are cached in $BL_BUILD_DIR/vm/cache. Without qemu, the
# compilers or the kernel package, an architecture is skipped with one
# line (a failure when BL_VM_REQUIRE=1, as in CI).
#
# Environment: BL_VM_ARCHES (default "x86_64 arm64"), BL_VM_TIMEOUT
# (seconds per boot, default 300), BL_VM_REQUIRE, BL_MAKE (the make that
# builds the static files: `make ARCH=... vm-files`).
#
# BL_VM_SUITE=bench boots with the benchmarks of tests/vm/bench.d instead
# of the tests (make bench: tests/bench/overhead_vm.sh), and the static
# benchmark binaries (`make ARCH=... vm-bench-files`); its files and log
# are $BL_BUILD_DIR/vm/ARCH-bench*, beside the tests' own.
# BL_VM_SUITE=compat boots with tests/vm/compat.d, the static libbpf
# loader and the corpus of the compatibility table (make compat:
# tests/compat/compat.sh, x86_64 only; `make ARCH=x86_64 compat-vm-files`);
# its files and log are $BL_BUILD_DIR/vm/x86_64-compat*. Its default
# BL_VM_TIMEOUT is 900 s.
set -eu

BUILD=${BL_BUILD_DIR:-build}
MAKE_CMD=${BL_MAKE:-make}
ARCHES=${BL_VM_ARCHES:-x86_64 arm64}
REQUIRE=${BL_VM_REQUIRE:-0}
VM=$BUILD/vm
CACHE=$VM/cache
HERE=tests/vm
SUITE=${BL_VM_SUITE:-tests}
case $SUITE in
tests) SFX="" FILES=vm-files ICOUNT="" ;;
# The guest's clock counts instructions (1 ns each), not the host's time:
# a benchmark's rates then do not depend on how busy the host is.
bench) SFX=-bench FILES=vm-bench-files ICOUNT="-icount shift=0" ;;
# Every object loaded twice (libbpf, bpfload) under TCG.
compat) SFX=-compat FILES=compat-vm-files ICOUNT="" ;;
*)
	echo "vm-check: BL_VM_SUITE=$SUITE: tests, bench or compat"
	exit 1
	;;
esac
if [ "$SUITE" = compat ]; then
	TIMEOUT=${BL_VM_TIMEOUT:-900}
else
	TIMEOUT=${BL_VM_TIMEOUT:-300}
fi

N_PASS=0 N_FAIL=0 N_SKIP=0
READY="" # the architectures prepared for booting

say() {
	printf '%s\n' "$*"
}

# skip ARCH REASON
skip() {
	if [ "$REQUIRE" = 1 ]; then
		say "FAIL vm-check $1: $2 (BL_VM_REQUIRE=1)"
		N_FAIL=$((N_FAIL + 1))
	else
		say "SKIP vm-check $1: $2"
		N_SKIP=$((N_SKIP + 1))
	fi
}

# arch_vars ARCH: the Debian and qemu names of ARCH.
arch_vars() {
	case $1 in
	x86_64)
		deb_arch=amd64 qemu=qemu-system-x86_64 cc=musl-gcc
		machine="-M q35 -cpu max" console=ttyS0
		;;
	arm64)
		deb_arch=arm64 qemu=qemu-system-aarch64 cc=aarch64-linux-gnu-gcc
		machine="-M virt -cpu cortex-a57" console=ttyAMA0
		;;
	*) return 1 ;;
	esac
}

# ---------------------------------------------------------------- packages

# Every apt-cache call reads all package lists (seconds, on a machine
# without apt's binary cache), so the names and versions of all
# architectures are asked for at once: VERSIONS holds "NAME:ARCH VERSION"
# lines of the candidates.
resolve_packages() {
	metas="" want=""
	for a in $ARCHES; do
		arch_vars "$a" || continue
		metas="$metas linux-image-$deb_arch:$deb_arch"
		want="$want busybox-static:$deb_arch"
	done
	# shellcheck disable=SC2086 # lists of package names
	DEPENDS=$(apt-cache depends $metas 2>/dev/null || true)
	for a in $ARCHES; do
		arch_vars "$a" || continue
		k=$(kernel_pkg "$deb_arch")
		[ -z "$k" ] || want="$want $k:$deb_arch"
	done
	# shellcheck disable=SC2086
	VERSIONS=$(apt-cache show --no-all-versions $want 2>/dev/null |
		awk '/^Package: / { p = $2 } /^Architecture: / { a = $2 }
		     /^Version: / { v = $2 } /^$/ { if (p != "") print p ":" a, v; p = "" }
		     END { if (p != "") print p ":" a, v }' || true)
}

# kernel_pkg DEB_ARCH: linux-image-<abi>-DEB_ARCH, from DEPENDS.
kernel_pkg() {
	printf '%s\n' "$DEPENDS" |
		sed -n "s/^ *Depends: \(linux-image-[0-9][^ :]*-$1\)\( .*\)\{0,1\}\(:$1\)\{0,1\}$/\1/p" |
		head -n 1
}

# candidate_version NAME:ARCH
candidate_version() {
	printf '%s\n' "$VERSIONS" | awk -v p="$1" '$1 == p { print $2; exit }'
}

# fetch NAME:ARCH VERSION DIR: downloads the package into DIR; shows apt's
# error when that fails.
fetch() {
	mkdir -p "$3"
	if ! (cd "$3" && apt-get download -q "$1=$2" >download.log 2>&1); then
		sed 's/^/    /' "$3/download.log" >&2
		return 1
	fi
	rm -f "$3/download.log"
}

# unpack_debs DIR PATTERN...: the matching files of DIR/*.deb into DIR.
# A PATTERN that starts with '?' is optional: a package without such a
# file unpacks all the same (then DIR/.optional is written, to say that
# the optional files were looked for).
unpack_debs() {
	d=$1
	shift
	need="" optional=""
	for p in "$@"; do
		case $p in
		\?*) optional="$optional ${p#?}" ;;
		*) need="$need $p" ;;
		esac
	done
	for deb in "$d"/*.deb; do
		set -f # the patterns are tar's, not the shell's
		# shellcheck disable=SC2086 # lists of patterns
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$d" --wildcards $need
		if [ -n "$optional" ]; then
			# shellcheck disable=SC2086
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$d" --wildcards $optional 2>/dev/null || true
			touch "$d/.optional"
		fi
		set +f
		rm -f "$deb"
	done
}

# newest_cached PATTERN: the newest complete directory $CACHE/PATTERN*.
newest_cached() {
	# shellcheck disable=SC2012,SC2086 # the names are ours; $1 is a pattern
	ls -1dt "$CACHE"/$1*/.done 2>/dev/null | head -n 1 | sed 's|/\.done$||'
}

# cached_pkg NAME:ARCH PATTERN...: prints the directory with the unpacked
# files of the candidate version, downloaded when not cached; the newest
# cached version when apt cannot name or download one; nothing if neither.
cached_pkg() {
	pkg=$1
	shift
	base=$(printf '%s' "$pkg" | tr ':' '_')
	ver=$(candidate_version "$pkg")
	if [ -n "$ver" ]; then
		dir=$CACHE/${base}_$(printf '%s' "$ver" | tr ':~' '__')
		if [ -e "$dir/.done" ]; then
			say "$dir"
			return 0
		fi
		rm -rf "$dir"
		if fetch "$pkg" "$ver" "$dir" && unpack_debs "$dir" "$@"; then
			touch "$dir/.done"
			say "$dir"
			return 0
		fi
		rm -rf "$dir"
	fi
	newest_cached "${base}_"
}

# bzimage_payload BZIMAGE OUT: the ELF vmlinux inside an x86 bzImage (XZ
# payload). qemu boots it through its PVH note, in about half the time of
# the bzImage (no decompression in the guest). The payload starts at
# (setup_sects + 1) * 512 + payload_offset (Documentation/arch/x86/boot.rst:
# setup_sects at 0x1f1, payload_offset at 0x248).
bzimage_payload() {
	setup_sects=$(od -An -tu1 -j 497 -N 1 "$1" | tr -d ' ')
	payload_offset=$(od -An -tu4 -j 584 -N 4 "$1" | tr -d ' ')
	start=$(((setup_sects + 1) * 512 + payload_offset))
	tail -c +$((start + 1)) "$1" | xz -dc --single-stream >"$2.tmp" 2>/dev/null &&
		[ "$(od -An -c -j 1 -N 3 "$2.tmp" | tr -d ' ')" = ELF ] &&
		mv "$2.tmp" "$2"
}

# The kernel modules the tests insmod (tests/vm/tests.d/15-modules.sh),
# from Debian's kernel package: tun has no dependencies, and open(2) of
# /dev/net/tun calls its tun_chr_open (fentry on a module's function,
# tests/host/test_btf_attach.c). Debian ships them uncompressed in 6.1,
# xz-compressed in later releases: busybox's insmod may not read .ko.xz,
# so they are decompressed here.
VM_MODULES="drivers/net/tun"

# module_patterns: the optional unpack patterns of VM_MODULES.
module_patterns() {
	for m in $VM_MODULES; do
		printf '?./lib/modules/*/kernel/%s.ko*\n' "$m"
	done
}

# kernel_pkg_dir NAME:ARCH: cached_pkg of the kernel package: the kernel,
# its configuration and the modules of VM_MODULES.
kernel_pkg_dir() {
	set -f # one tar pattern per module, not the shell's
	# shellcheck disable=SC2046
	set -- "$1" './boot/vmlinuz-*' './boot/config-*' $(module_patterns)
	set +f
	cached_pkg "$@"
}

# stage_modules KDIR ROOT: VM_MODULES of the unpacked kernel package
# KDIR into ROOT/bl/modules/NAME.ko.
stage_modules() {
	mkdir -p "$2/bl/modules"
	for m in $VM_MODULES; do
		for f in "$1"/lib/modules/*/kernel/"$m".ko*; do
			[ -e "$f" ] || continue
			name=${m##*/}
			case $f in
			*.ko.xz) xz -dc "$f" >"$2/bl/modules/$name.ko" ;;
			*.ko) cp "$f" "$2/bl/modules/$name.ko" ;;
			*) say "note vm-check: $f: not a .ko or .ko.xz; left out" ;;
			esac
		done
	done
}

# ---------------------------------------------------------------- prepare

# stage ARCH ROOT BUSYBOX KDIR: the initramfs tree.
stage() {
	arch=$1 root=$2
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
		"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" \
		"$root/tests.d" "$root/bl/build"
	cp "$3" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh" # for #!/bin/sh; init installs the rest
	cp "$HERE/init" "$root/init"
	chmod 755 "$root/init" "$root/bin/busybox"
	cp "$HERE/$SUITE.d"/*.sh "$root/tests.d/"
	cp "$BUILD/static/$arch/bpfload" "$root/bl/build/bpfload"
	say "$arch" >"$root/bl/ARCH"
	if [ "$SUITE" = compat ]; then
		# tests/compat/compat.sh wrote the corpus: a folder per set.
		mkdir -p "$root/bl/compat"
		cp tests/compat/run.sh "$BUILD/static/$arch/libbpf_load" "$root/bl/compat/"
		for set in "$BUILD"/compat/corpus/*/; do
			[ -d "$set" ] || continue
			set=${set%/}
			mkdir -p "$root/bl/compat/corpus/${set##*/}"
			cp "$set"/*.bpf.o "$root/bl/compat/corpus/${set##*/}/"
		done
		return 0
	fi
	mkdir -p "$root/bl/build/bpf-progs" "$root/bl/build/asm-tests" \
		"$root/bl/build/tests" "$root/bl/src/asm-tests"
	if [ "$SUITE" = bench ]; then
		mkdir -p "$root/bl/build/tests/bench"
		cp "$BUILD/static/$arch/bench_overhead" "$root/bl/build/tests/bench/overhead"
	fi
	cp "$BUILD/static/$arch/host_tests" "$root/bl/build/tests/host_tests"
	cp -r "$BUILD/static/$arch/tests/uprobe" "$root/bl/build/tests/uprobe"
	cp "$BUILD/bpf-progs-$arch"/*.bpf.o "$root/bl/build/bpf-progs/"
	cp "$BUILD"/asm-tests/*.o "$root/bl/build/asm-tests/"
	cp asm-tests/*.s "$root/bl/src/asm-tests/"
	stage_modules "$4" "$root"
}

# prepare ARCH: kernel, static files, initramfs; adds ARCH to READY and
# writes $VM/ARCH/boot.env, or counts a skip or a failure.
prepare() {
	arch=$1
	if ! arch_vars "$arch"; then
		say "FAIL vm-check $arch: unknown architecture (x86_64 or arm64)"
		N_FAIL=$((N_FAIL + 1))
		return 0
	fi
	if [ "$SUITE" = compat ] && [ "$arch" != x86_64 ]; then
		skip "$arch" "the compat corpus is built for x86 (x86_64 only)"
		return 0
	fi
	for tool in "$qemu" "$cc" apt-cache apt-get dpkg-deb cpio gzip xz timeout; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			skip "$arch" "no $tool (make deps installs it)"
			return 0
		fi
	done
	t0=$(date +%s)

	kpkg=$(kernel_pkg "$deb_arch")
	if [ -n "$kpkg" ]; then
		kdir=$(kernel_pkg_dir "$kpkg:$deb_arch")
		# unpacked before the modules were wanted: unpacked again
		if [ -n "$kdir" ] && [ ! -e "$kdir/.optional" ]; then
			rm -rf "$kdir"
			kdir=$(kernel_pkg_dir "$kpkg:$deb_arch")
		fi
	else
		kdir=$(newest_cached "linux-image-*_${deb_arch}_")
	fi
	if [ -z "$kdir" ]; then
		if [ "$arch" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
			skip "$arch" "no arm64 packages: dpkg --add-architecture arm64 && apt-get update (make deps does it)"
		else
			skip "$arch" "Debian's kernel package (linux-image-$deb_arch) is not available"
		fi
		return 0
	fi
	# Older kernels (another ABI or upload) are not needed again.
	for old in "$CACHE"/linux-image-*_"$deb_arch"_*; do
		[ ! -e "$old" ] || [ "$old" = "$kdir" ] || rm -rf "$old"
	done
	bbdir=$(cached_pkg "busybox-static:$deb_arch" ./bin/busybox)
	if [ -z "$bbdir" ]; then
		skip "$arch" "busybox-static:$deb_arch is not available"
		return 0
	fi
	kernel=$(ls "$kdir"/boot/vmlinuz-*)
	kname=${kernel##*/vmlinuz-}
	if [ "$arch" = x86_64 ]; then
		if [ -e "$kdir/vmlinux" ] || bzimage_payload "$kernel" "$kdir/vmlinux"; then
			kernel=$kdir/vmlinux
		else
			rm -f "$kdir/vmlinux.tmp"
			say "note vm-check $arch: no XZ payload in $kernel; booting the bzImage"
		fi
	fi

	if ! $MAKE_CMD --no-print-directory ARCH="$arch" "$FILES"; then
		say "FAIL vm-check $arch: building the static files failed"
		N_FAIL=$((N_FAIL + 1))
		return 0
	fi
	stage "$arch" "$VM/$arch$SFX/root" "$bbdir/bin/busybox" "$kdir"
	(cd "$VM/$arch$SFX/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$VM/$arch$SFX/initrd.gz"
	{
		say "kernel='$kernel'"
		say "kname='$kname'"
		say "prepared=$(($(date +%s) - t0))"
	} >"$VM/$arch$SFX/boot.env"
	READY="$READY $arch"
}

# ---------------------------------------------------------------- boot

# boot ARCH: one qemu run; the console in $VM/ARCH.log, qemu's exit status
# and the time taken in $VM/ARCH/boot.rc.
boot() {
	arch=$1
	arch_vars "$arch"
	# shellcheck source=/dev/null # written by prepare
	. "$VM/$arch$SFX/boot.env"
	log=$VM/$arch$SFX.log
	t0=$(date +%s)
	rc=0
	# shellcheck disable=SC2086 # $machine is several options
	timeout -k 5 "$TIMEOUT" "$qemu" $machine -accel tcg $ICOUNT -m 512M -smp 1 \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$kernel" -initrd "$VM/$arch$SFX/initrd.gz" \
		-append "console=$console panic=-1 oops=panic quiet" \
		</dev/null >"$log.raw" 2>&1 || rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	rm -f "$log.raw"
	say "rc=$rc booted=$(($(date +%s) - t0))" >"$VM/$arch$SFX/boot.rc"
}

# judge ARCH: the marker line decides.
judge() {
	arch=$1
	log=$VM/$arch$SFX.log
	kname=unknown prepared=unknown rc=0 booted=unknown
	# shellcheck source=/dev/null # written by prepare and boot
	. "$VM/$arch$SFX/boot.env"
	# shellcheck source=/dev/null
	[ ! -e "$VM/$arch$SFX/boot.rc" ] || . "$VM/$arch$SFX/boot.rc"
	marker=$(grep -a -o 'BPFLOAD-VM-RESULT: .*' "$log" | tail -n 1 || true)
	times="kernel $kname; prepared in $prepared s, booted and tested in $booted s"
	case $marker in
	"BPFLOAD-VM-RESULT: PASS "*)
		counts=${marker#BPFLOAD-VM-RESULT: PASS }
		N_PASS=$((N_PASS + ${counts%%/*}))
		say "ok vm-check $arch: $counts in-VM tests passed ($times)"
		;;
	"BPFLOAD-VM-RESULT: FAIL "*)
		counts=${marker#BPFLOAD-VM-RESULT: FAIL }
		counts=${counts%% *}
		passed=${counts%%/*}
		N_PASS=$((N_PASS + passed))
		N_FAIL=$((N_FAIL + ${counts##*/} - passed))
		say "FAIL vm-check $arch: $marker ($times; log $log)"
		say "--- the failures in $log, with the lines before them:"
		grep -a -B 8 '^FAIL ' "$log" | head -n 200 || true
		say "---"
		;;
	*)
		N_FAIL=$((N_FAIL + 1))
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			say "FAIL vm-check $arch: no result within $TIMEOUT s ($times; log $log)"
		else
			say "FAIL vm-check $arch: the VM stopped without a result line, qemu exit $rc ($times; log $log)"
		fi
		say "--- the end of $log:"
		tail -n 40 "$log"
		say "---"
		;;
	esac
}

mkdir -p "$CACHE"
# One run at a time in a build tree: a second one waits.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$VM/.lock"
	if ! flock -n 9; then
		say "vm-check: waiting for the other run in $VM"
		flock 9
	fi
fi
resolve_packages
for a in $ARCHES; do
	prepare "$a"
done
PIDS=""
for a in $READY; do
	boot "$a" &
	PIDS="$PIDS $!"
done
for p in $PIDS; do
	wait "$p" || true
done
for a in $READY; do
	judge "$a"
done
say "vm: $N_PASS passed, $N_FAIL failed, $N_SKIP skipped"
[ "$N_FAIL" -eq 0 ]
