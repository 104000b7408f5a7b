#!/bin/sh
# tests/vm/vm-check.sh — the VM tests (docs/vm-tests.md), run by
# `make vm-check` from the top of the tree:
#
#     BL_BUILD_DIR=build BL_MAKE=make sh tests/vm/vm-check.sh
#
# For each architecture (x86_64, arm64, arm) and each kernel (5.10, 6.1,
# 6.12: Debian 11 bullseye, 12 bookworm, 13 trixie) it takes Debian's
# kernel of that release (the package linux-image-<abi>-<flavour> that
# linux-image-<flavour> depends on, resolved every time: bookworm from this
# machine's own package lists, the others from lists of their own under
# $BL_BUILD_DIR/vm/apt), builds an initramfs with busybox-static, the
# static bpfload, the static host tests, the BPF objects and
# tests/vm/tests.d (the static files are built once per architecture),
# and boots it once under qemu (TCG), BL_VM_JOBS (2) VMs at a time.
# tests/vm/init prints one marker line, "BPFLOAD-VM-RESULT: PASS n/m" or
# "BPFLOAD-VM-RESULT: FAIL ...": qemu exits 0 either way, so the marker
# alone decides. The serial console is kept in
# $BL_BUILD_DIR/vm/ARCH-KVER.log (x86_64-5.10.log, ...).
#
# Downloads are cached in $BL_BUILD_DIR/vm/cache (one version per
# release and architecture). Without qemu, the compilers or a kernel
# package (no network), that VM is skipped with one line (a failure when
# BL_VM_REQUIRE=1, as in CI).
#
# 32-bit arm (armv7, Debian's armhf and its armmp kernel) boots 6.1 only:
# its other kernels are left out with a note line (arm_kernel).
#
# Environment: BL_VM_ARCHES (default "x86_64 arm64 arm"; arm boots one
# VM, 6.1), BL_VM_KERNELS
# (default "5.10 6.1 6.12"), BL_VM_JOBS (qemu at once, default 2),
# BL_VM_TIMEOUT (seconds per boot, default 480), BL_VM_REQUIRE, BL_MAKE,
# BL_VM_TESTS (the scripts of tests.d to run, as "NN-name ...": all by default)
# (the make that builds the static files: `make ARCH=... vm-files`).
#
# BL_VM_SUITE=bench boots with the benchmarks of tests/vm/bench.d instead
# of the tests (make bench: tests/bench/overhead_vm.sh), and the static
# benchmark binaries (`make ARCH=... vm-bench-files`); its files and log
# are $BL_BUILD_DIR/vm/ARCH-KVER-bench*, beside the tests' own.
# BL_VM_SUITE=compat boots with tests/vm/compat.d, the static libbpf
# loader and the corpus of the compatibility table (make compat:
# tests/compat/compat.sh, x86_64 only; `make ARCH=x86_64 compat-vm-files`);
# its files and log are $BL_BUILD_DIR/vm/x86_64-KVER-compat*. Its default
# BL_VM_TIMEOUT is 900 s. Both boot 6.1 unless BL_VM_KERNELS says otherwise.
set -eu

BUILD=${BL_BUILD_DIR:-build}
MAKE_CMD=${BL_MAKE:-make}
ARCHES=${BL_VM_ARCHES:-x86_64 arm64 arm}
JOBS=${BL_VM_JOBS:-2}
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
# The benchmarks and the compatibility table are measured on 6.1.
if [ "$SUITE" = tests ]; then
	KERNELS=${BL_VM_KERNELS:-5.10 6.1 6.12}
else
	KERNELS=${BL_VM_KERNELS:-6.1}
fi
if [ "$SUITE" = compat ]; then
	TIMEOUT=${BL_VM_TIMEOUT:-900}
else
	TIMEOUT=${BL_VM_TIMEOUT:-480}
fi

N_PASS=0 N_FAIL=0 N_SKIP=0 BUILT=0
READY="" # the VMs (ARCH-KVER) prepared for booting

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

# arch_vars ARCH: the Debian and qemu names of ARCH; flavour is the
# kernel's (linux-image-FLAVOUR).
arch_vars() {
	case $1 in
	x86_64)
		deb_arch=amd64 flavour=amd64 qemu=qemu-system-x86_64 cc=musl-gcc
		machine="-M q35 -cpu max" console=ttyS0
		;;
	arm64)
		deb_arch=arm64 flavour=arm64 qemu=qemu-system-aarch64 cc=aarch64-linux-gnu-gcc
		machine="-M virt -cpu cortex-a57" console=ttyAMA0
		;;
	# armv7: Debian's armmp kernel (not LPAE) has the virt board
	# (CONFIG_ARCH_VIRT) and the PL011 console; highmem=off keeps qemu's
	# devices below 4 GB, where a kernel without LPAE can reach them.
	arm)
		deb_arch=armhf flavour=armmp qemu=qemu-system-arm cc=arm-linux-gnueabihf-gcc
		machine="-M virt,highmem=off -cpu cortex-a15" console=ttyAMA0
		;;
	*) return 1 ;;
	esac
}

# arm_kernel ARCH KVER: false (with a note line) for the kernels that arm
# does not boot: only Debian 12's armmp 6.1 is tested on 32-bit arm (the
# matrix of releases runs on x86_64 and arm64; one more VM per kernel
# would cost minutes of TCG each in make check).
arm_kernel() {
	[ "$1" = arm ] || return 0
	[ "$2" != 6.1 ] || return 0
	say "note vm-check arm-$2: not booted: 32-bit arm is tested on Debian 12's armmp 6.1 only"
	return 1
}

# ---------------------------------------------------------------- packages

# kernel_suite KVER: the Debian release whose kernel is KVER (SUITE).
kernel_suite() {
	case $1 in
	5.10) SUITE_OF=bullseye ;;
	6.1) SUITE_OF=bookworm ;;
	6.12) SUITE_OF=trixie ;;
	*) return 1 ;;
	esac
}

# mirror: the Debian archive this machine's apt uses (the first URI of
# .../debian in its sources, one-line or deb822 format).
mirror() {
	m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		sed -n 's|^deb \(\[[^]]*\] \)\{0,1\}\([a-z]*://[^ ]*/debian\)/\{0,1\} .*|\2|p' | head -n 1)
	[ -n "$m" ] || m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -n 's|^URIs:[[:space:]]*\([a-z]*://[^ ]*/debian\)/\{0,1\}\( .*\)\{0,1\}$|\1|p' | head -n 1)
	say "${m:-http://deb.debian.org/debian}"
}

# use_suite SUITE: APT holds the options that make apt-get and apt-cache
# read SUITE's package lists. bookworm is this machine's own release: its
# own lists. Other releases have a source list and package lists of their
# own under $VM/apt/SUITE; the machine's sources are not touched.
use_suite() {
	CUR_SUITE=$1
	if [ "$1" = bookworm ]; then
		APT=""
	else
		d=$ABS_VM/apt/$1
		APT="-o Dir::Etc::sourcelist=$d/sources.list -o Dir::Etc::sourceparts=-"
		APT="$APT -o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache"
	fi
}

# apt_update SUITE: the package lists of another release, fetched again
# every run (apt asks only for what changed). When the archive cannot be
# reached the lists of an earlier run, or the cache, are used.
apt_update() {
	[ "$1" != bookworm ] || return 0
	d=$VM/apt/$1
	mkdir -p "$d/lists/partial" "$d/cache"
	say "deb [arch=amd64,arm64] $(mirror) $1 main" >"$d/sources.list"
	use_suite "$1"
	# shellcheck disable=SC2086 # $APT is a list of options
	if ! apt-get $APT -q update >"$d/update.log" 2>&1 ||
		grep -q '^[WE]: ' "$d/update.log"; then
		say "note vm-check: apt-get update of $1 failed (its log: $d/update.log)"
	fi
}

# Every apt-cache call reads all package lists (seconds, on a machine
# without apt's binary cache), so the names and versions of all
# architectures are asked for at once: $VM/apt/SUITE.versions holds
# "NAME:ARCH VERSION" lines of the candidates, $VM/apt/SUITE.depends what
# the kernel metapackages depend on. busybox is bookworm's for every kernel.
resolve_packages() {
	use_suite "$1"
	metas="" want=""
	for a in $ARCHES; do
		arch_vars "$a" || continue
		[ "$a" != arm ] || [ "$1" = bookworm ] || continue
		metas="$metas linux-image-$flavour:$deb_arch"
		[ "$1" != bookworm ] || want="$want busybox-static:$deb_arch"
	done
	# shellcheck disable=SC2086 # lists of package names and options
	apt-cache $APT depends $metas >"$VM/apt/$1.depends" 2>/dev/null || true
	for a in $ARCHES; do
		arch_vars "$a" || continue
		k=$(kernel_pkg "$flavour" "$deb_arch")
		[ -z "$k" ] || want="$want $k:$deb_arch"
	done
	# shellcheck disable=SC2086
	apt-cache $APT show --no-all-versions $want 2>/dev/null |
		awk '/^Package: / { p = $2 } /^Architecture: / { a = $2 }
		     /^Version: / { v = $2 } /^$/ { if (p != "") print p ":" a, v; p = "" }
		     END { if (p != "") print p ":" a, v }' >"$VM/apt/$1.versions" || true
}

# kernel_pkg FLAVOUR DEB_ARCH: linux-image-<abi>-FLAVOUR of CUR_SUITE.
kernel_pkg() {
	sed -n "s/^ *Depends: \(linux-image-[0-9][^ :]*-$1\)\( .*\)\{0,1\}\(:$2\)\{0,1\}$/\1/p" \
		"$VM/apt/$CUR_SUITE.depends" 2>/dev/null | head -n 1
}

# candidate_version NAME:ARCH: its version in CUR_SUITE.
candidate_version() {
	awk -v p="$1" '$1 == p { print $2; exit }' "$VM/apt/$CUR_SUITE.versions" 2>/dev/null
}

# fetch NAME:ARCH VERSION DIR: downloads the package into DIR; shows apt's
# error when that fails.
fetch() {
	mkdir -p "$3"
	# shellcheck disable=SC2086 # $APT is a list of options
	if ! (cd "$3" && apt-get $APT download -q "$1=$2" >download.log 2>&1); then
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

# bzimage_payload BZIMAGE OUT: the ELF vmlinux inside an x86 bzImage. qemu
# boots it through its PVH note, in about half the time of the bzImage (no
# decompression in the guest). The payload starts at (setup_sects + 1) *
# 512 + payload_offset and is payload_length bytes long
# (Documentation/arch/x86/boot.rst: setup_sects at 0x1f1, payload_offset
# at 0x248, payload_length at 0x24c). Debian compresses it with XZ up to
# 6.1 and with zstd in 6.12 (CONFIG_KERNEL_ZSTD), whose payload ends with
# 4 bytes of the uncompressed size (arch/x86/boot/compressed/Makefile,
# zstd22_with_size), cut off here.
bzimage_payload() {
	setup_sects=$(od -An -tu1 -j 497 -N 1 "$1" | tr -d ' ')
	payload_offset=$(od -An -tu4 -j 584 -N 4 "$1" | tr -d ' ')
	payload_length=$(od -An -tu4 -j 588 -N 4 "$1" | tr -d ' ')
	start=$(((setup_sects + 1) * 512 + payload_offset))
	magic=$(od -An -tx1 -j "$start" -N 4 "$1" | tr -d ' ')
	case $magic in
	fd377a58) tail -c +$((start + 1)) "$1" | xz -dc --single-stream >"$2.tmp" 2>/dev/null ;;
	28b52ffd)
		command -v zstd >/dev/null 2>&1 &&
			tail -c +$((start + 1)) "$1" | head -c $((payload_length - 4)) |
			zstd -dcq >"$2.tmp" 2>/dev/null
		;;
	*) false ;;
	esac &&
		[ "$(od -An -c -j 1 -N 3 "$2.tmp" | tr -d ' ')" = ELF ] &&
		mv "$2.tmp" "$2"
}

# The kernel modules the tests insmod (tests/vm/tests.d/15-modules.sh),
# from Debian's kernel package: tun has no dependencies, and open(2) of
# /dev/net/tun calls its tun_chr_open (fentry on a module's function,
# tests/host/test_btf_attach.c). Debian ships them uncompressed in 6.1,
# xz-compressed in later releases: busybox's insmod may not read .ko.xz,
# so they are decompressed here. trixie (6.12) has them under
# /usr/lib/modules, the earlier releases under /lib/modules.
VM_MODULES="drivers/net/tun"

# module_patterns: the optional unpack patterns of VM_MODULES.
module_patterns() {
	for m in $VM_MODULES; do
		printf '?./lib/modules/*/kernel/%s.ko*\n' "$m"
		printf '?./usr/lib/modules/*/kernel/%s.ko*\n' "$m"
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
		for f in "$1"/lib/modules/*/kernel/"$m".ko* "$1"/usr/lib/modules/*/kernel/"$m".ko*; do
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
	if [ -n "${BL_VM_TESTS:-}" ]; then
		# only the scripts named (NN-name, without .sh), to iterate on a
		# few of them on a slow VM
		for t in $BL_VM_TESTS; do
			cp "$HERE/$SUITE.d/$t.sh" "$root/tests.d/"
		done
	else
		cp "$HERE/$SUITE.d"/*.sh "$root/tests.d/"
	fi
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
		cp "$BUILD/static/$arch/bench_multi_attach" "$root/bl/build/tests/bench/multi_attach"
	fi
	cp "$BUILD/static/$arch/host_tests" "$root/bl/build/tests/host_tests"
	# the workstation's commands (btf min, verify --compare): GNUmakefile, VM_FULL_BIN
	cp "$BUILD/static/$arch/bpfload-full" "$root/bl/build/bpfload-full"
	cp -r "$BUILD/static/$arch/tests/uprobe" "$root/bl/build/tests/uprobe"
	cp "$BUILD/bpf-progs-$arch"/*.bpf.o "$root/bl/build/bpf-progs/"
	cp "$BUILD"/asm-tests/*.o "$root/bl/build/asm-tests/"
	cp asm-tests/*.s "$root/bl/src/asm-tests/"
	stage_modules "$4" "$root"
}

# prepare_arch ARCH: the tools, busybox and the static files of ARCH,
# built once for all its kernels; sets BBDIR. Returns 1 (after counting a
# skip or a failure) when ARCH cannot boot.
prepare_arch() {
	arch=$1
	if ! arch_vars "$arch"; then
		say "FAIL vm-check $arch: unknown architecture (x86_64, arm64 or arm)"
		N_FAIL=$((N_FAIL + 1))
		return 1
	fi
	if [ "$SUITE" = compat ] && [ "$arch" != x86_64 ]; then
		skip "$arch" "the compat corpus is built for x86 (x86_64 only)"
		return 1
	fi
	for tool in "$qemu" "$cc" apt-cache apt-get dpkg-deb cpio gzip xz timeout python3 objcopy; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			skip "$arch" "no $tool (make deps installs it)"
			return 1
		fi
	done
	use_suite bookworm
	BBDIR=$(cached_pkg "busybox-static:$deb_arch" ./bin/busybox)
	if [ -z "$BBDIR" ]; then
		if [ "$arch" != x86_64 ] && ! dpkg --print-foreign-architectures | grep -qx "$deb_arch"; then
			skip "$arch" "no $deb_arch packages: dpkg --add-architecture $deb_arch && apt-get update (make deps does it)"
		else
			skip "$arch" "busybox-static:$deb_arch is not available"
		fi
		return 1
	fi
	t0=$(date +%s)
	# BL_VM_JOBS compilers at once, unless the make that runs us shares
	# its own jobs (make -jN passes --jobserver-auth in MAKEFLAGS): make
	# check runs without -j, and these three builds were most of its
	# preparing time.
	case " ${MAKEFLAGS:-} " in
	*jobserver*) jobs_flag="" ;;
	*) jobs_flag="-j$JOBS" ;;
	esac
	if ! $MAKE_CMD --no-print-directory $jobs_flag ARCH="$arch" "$FILES"; then
		say "FAIL vm-check $arch: building the static files failed"
		N_FAIL=$((N_FAIL + 1))
		return 1
	fi
	BUILT=$(($(date +%s) - t0))
}

# host_btf ARCH KERNEL DIR: what a user does on the build machine for a
# board whose kernel has no /sys/kernel/btf/vmlinux (docs/btf-min.md):
# the kernel's BTF taken from its image (tests/vm/kernel_btf.py), then,
# with this machine's bpfload, the minimized BTF of each CO-RE example of
# ARCH's build; into DIR, with the kernel BTF's SHA-256 instead of its 5
# MB, or DIR/why. tests.d/75-no-btf.sh runs the examples with them.
host_btf() {
	dir=$3
	mkdir -p "$dir"
	if ! python3 "$HERE/kernel_btf.py" "$2" "$dir/kernel.btf" >"$dir/why" 2>&1; then
		rm -f "$dir/kernel.btf"
		return 0
	fi
	for ex in unlink_core exec_core_raw; do
		if ! "$BUILD/bpfload" btf min --btf "$dir/kernel.btf" "$BUILD/bpf-progs-$1/$ex.bpf.o" \
			-o "$dir/$ex.btf" >"$dir/why" 2>&1; then
			rm -f "$dir"/*.btf
			return 0
		fi
	done
	sha256sum "$dir/kernel.btf" | cut -d' ' -f1 >"$dir/kernel.sha256"
	rm -f "$dir/kernel.btf" "$dir/why"
}

# prepare ARCH KVER: the kernel and the initramfs of one VM; adds
# ARCH-KVER to READY and writes $VM/ARCH-KVER/boot.env, or counts a skip.
prepare() {
	arch=$1 kver=$2
	arch_vars "$arch"
	kernel_suite "$kver"
	use_suite "$SUITE_OF"
	vm=$arch-$kver
	t0=$(date +%s)
	kpkg=$(kernel_pkg "$flavour" "$deb_arch")
	if [ -n "$kpkg" ]; then
		kdir=$(kernel_pkg_dir "$kpkg:$deb_arch")
		# unpacked before the modules were wanted: unpacked again
		if [ -n "$kdir" ] && [ ! -e "$kdir/.optional" ]; then
			rm -rf "$kdir"
			kdir=$(kernel_pkg_dir "$kpkg:$deb_arch")
		fi
	else
		kdir=$(newest_cached "linux-image-$kver.*-${flavour}_${deb_arch}_")
	fi
	if [ -z "$kdir" ]; then
		skip "$vm" "Debian $SUITE_OF's kernel package (linux-image-$flavour) is not available (no network?)"
		return 0
	fi
	# Older kernels of the same release (another ABI or upload) are not
	# needed again; the other releases' are.
	for old in "$CACHE"/linux-image-"$kver".*-"$flavour"_"$deb_arch"_*; do
		[ ! -e "$old" ] || [ "$old" = "$kdir" ] || rm -rf "$old"
	done
	kernel=$(ls "$kdir"/boot/vmlinuz-*)
	kname=${kernel##*/vmlinuz-}
	if [ "$arch" = x86_64 ]; then
		if [ -e "$kdir/vmlinux" ] || bzimage_payload "$kernel" "$kdir/vmlinux"; then
			kernel=$kdir/vmlinux
		else
			rm -f "$kdir/vmlinux.tmp"
			say "note vm-check $vm: no XZ or zstd payload in $kernel; booting the bzImage"
		fi
	fi
	# Debian's 5.10 has the BPF LSM built in (CONFIG_BPF_LSM=y) but not
	# among the LSMs it starts (CONFIG_LSM): it is added on the command
	# line, so that the lsm tests run there too.
	# shellcheck disable=SC2012 # names of our own unpacking
	config=$(ls "$kdir"/boot/config-* 2>/dev/null | head -n 1)
	lsm=$(sed -n 's/^CONFIG_LSM="\(.*\)"$/\1/p' "$config" 2>/dev/null)
	extra=""
	if grep -qx CONFIG_BPF_LSM=y "$config" 2>/dev/null && [ -n "$lsm" ]; then
		case ",$lsm," in *,bpf,*) ;; *) extra="lsm=$lsm,bpf" ;; esac
	fi
	stage "$arch" "$VM/$vm$SFX/root" "$BBDIR/bin/busybox" "$kdir"
	# the kernel's configuration, for the tests that skip what it lacks
	[ -z "$config" ] || cp "$config" "$VM/$vm$SFX/root/bl/kernel-config"
	[ "$SUITE" != tests ] || host_btf "$arch" "$kernel" "$VM/$vm$SFX/root/bl/nobtf"
	(cd "$VM/$vm$SFX/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$VM/$vm$SFX/initrd.gz"
	rm -rf "$VM/$vm$SFX/root"
	{
		say "kernel='$kernel'"
		say "kname='$kname'"
		say "prepared=$(($(date +%s) - t0 + BUILT))"
		say "extra='$extra'"
	} >"$VM/$vm$SFX/boot.env"
	rm -f "$VM/$vm$SFX/boot.rc"
	READY="$READY $vm"
}

# ---------------------------------------------------------------- boot

# boot ARCH-KVER: one qemu run; the console in $VM/ARCH-KVER.log, qemu's
# exit status and the time taken in $VM/ARCH-KVER/boot.rc.
boot() {
	vm=$1
	arch_vars "${vm%%-*}"
	extra=""
	# shellcheck source=/dev/null # written by prepare
	. "$VM/$vm$SFX/boot.env"
	log=$VM/$vm$SFX.log
	t0=$(date +%s)
	rc=0
	# shellcheck disable=SC2086 # $machine is several options
	timeout -k 5 "$TIMEOUT" "$qemu" $machine -accel tcg $ICOUNT -m 512M -smp 1 \
		-nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$kernel" -initrd "$VM/$vm$SFX/initrd.gz" \
		-append "console=$console panic=-1 oops=panic quiet${extra:+ $extra}" \
		</dev/null >"$log.raw" 2>&1 || rc=$?
	tr -d '\r' <"$log.raw" >"$log"
	rm -f "$log.raw"
	say "rc=$rc booted=$(($(date +%s) - t0))" >"$VM/$vm$SFX/boot.rc"
}

# lane: boots the VMs of READY, in order, that no other lane has claimed
# (mkdir is atomic); JOBS lanes run at once, so at most JOBS qemu do.
lane() {
	for vm in $READY; do
		mkdir "$VM/.claims/$vm" 2>/dev/null || continue
		boot "$vm"
	done
}

# judge ARCH-KVER: the marker line decides.
judge() {
	vm=$1
	log=$VM/$vm$SFX.log
	kname=unknown prepared=unknown rc=0 booted=unknown
	# shellcheck source=/dev/null # written by prepare and boot
	. "$VM/$vm$SFX/boot.env"
	# shellcheck source=/dev/null
	[ ! -e "$VM/$vm$SFX/boot.rc" ] || . "$VM/$vm$SFX/boot.rc"
	marker=$(grep -a -o 'BPFLOAD-VM-RESULT: .*' "$log" 2>/dev/null | tail -n 1 || true)
	skips=$(grep -a -c '^SKIP \|^ *SKIP ' "$log" 2>/dev/null || true)
	times="kernel $kname; prepared in $prepared s, booted and tested in $booted s"
	case $marker in
	"BPFLOAD-VM-RESULT: PASS "*)
		counts=${marker#BPFLOAD-VM-RESULT: PASS }
		N_PASS=$((N_PASS + ${counts%%/*}))
		say "ok vm-check $vm: $counts in-VM tests passed, ${skips:-0} SKIP lines ($times)"
		;;
	"BPFLOAD-VM-RESULT: FAIL "*)
		counts=${marker#BPFLOAD-VM-RESULT: FAIL }
		counts=${counts%% *}
		passed=${counts%%/*}
		N_PASS=$((N_PASS + passed))
		N_FAIL=$((N_FAIL + ${counts##*/} - passed))
		say "FAIL vm-check $vm: $marker ($times; log $log)"
		say "--- the failures in $log, with the lines before them:"
		grep -a -B 8 '^FAIL ' "$log" | head -n 200 || true
		say "---"
		;;
	*)
		N_FAIL=$((N_FAIL + 1))
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			say "FAIL vm-check $vm: no result within $TIMEOUT s ($times; log $log)"
		else
			say "FAIL vm-check $vm: the VM stopped without a result line, qemu exit $rc ($times; log $log)"
		fi
		say "--- the end of $log:"
		tail -n 40 "$log"
		say "---"
		;;
	esac
}

T_START=$(date +%s)
mkdir -p "$CACHE" "$VM/apt"
ABS_VM=$(cd "$VM" && pwd)
# One run at a time in a build tree: a second one waits.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$VM/.lock"
	if ! flock -n 9; then
		say "vm-check: waiting for the other run in $VM"
		flock 9
	fi
fi
SUITES=""
for k in $KERNELS; do
	if ! kernel_suite "$k"; then
		say "FAIL vm-check: BL_VM_KERNELS: no Debian release for kernel $k (5.10, 6.1 or 6.12)"
		N_FAIL=$((N_FAIL + 1))
		continue
	fi
	case " $SUITES " in *" $SUITE_OF "*) ;; *) SUITES="$SUITES $SUITE_OF" ;; esac
done
case " $SUITES " in *" bookworm "*) ;; *) SUITES="$SUITES bookworm" ;; esac # busybox
for s in $SUITES; do
	apt_update "$s"
	resolve_packages "$s"
done
for a in $ARCHES; do
	prepare_arch "$a" || continue
	for k in $KERNELS; do
		kernel_suite "$k" 2>/dev/null || continue
		arm_kernel "$a" "$k" || continue
		prepare "$a" "$k"
	done
done
T_BOOT=$(date +%s)
rm -rf "$VM/.claims"
mkdir -p "$VM/.claims"
PIDS=""
j=0
while [ "$j" -lt "$JOBS" ]; do
	lane &
	PIDS="$PIDS $!"
	j=$((j + 1))
done
for p in $PIDS; do
	wait "$p" || true
done
rm -rf "$VM/.claims"
for vm in $READY; do
	judge "$vm"
done
T_END=$(date +%s)
say "vm: $N_PASS passed, $N_FAIL failed, $N_SKIP skipped; $((T_END - T_START)) s ($((T_BOOT - T_START)) s preparing, $((T_END - T_BOOT)) s booting, $JOBS at a time)"
[ "$N_FAIL" -eq 0 ]
