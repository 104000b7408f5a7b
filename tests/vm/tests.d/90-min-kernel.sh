#!/bin/sh
# tests/vm/tests.d/90-min-kernel.sh — `bpfload verify OBJ` of every BPF
# object, once, and two sets of checks on what it did:
#
# verify-NAME (the objects of bpf-progs/): the exit status the examples
# and test_reject must give, and 0 or 1 for any other (never a crash,
# never usage). These were 10-bpfload-cli.sh's; they are made here, on the
# same run of verify, so that no object is verified twice per VM.
#
# min-kernel NAME (bpf-progs/ and asm-tests/): the predicted minimum
# kernel (`bpfload inspect OBJ --kernel --json`: the line
# {"type":"min_kernel","version":"X.Y",...}, elf/kernel_req/,
# docs/kernel-versions.md) against what this kernel does with it:
#
#   predicted <= running: verify exits 0, unless the object is refused
#                         for another reason (below);
#   predicted >  running: verify exits 1 and says "needs Linux X.Y".
#
# The other reasons: an asm-test whose header says "# expect: rejected"
# or "unsupported", or "# needs: " what this kernel lacks
# (tests/host/test_asm.c reads the same header), and the objects of
# EXCUSED below, each with why. One line per object, naming
# the prediction and what the kernel did.
#
# This runs late, after 15-modules.sh has loaded tun: what the kernel
# offers then is what `excused` probes. Under TCG every process costs
# tens of milliseconds, and this loop runs ~120 times: the shell's own
# `read` and arithmetic stand in for cut, sed and awk where they can.
set -eu

BL=$BL_BUILD_DIR/bpfload
SRC=${BL_SRC_DIR:-/bl/src}
OUT=/tmp/minkernel.out

JIT=$(cat /proc/sys/net/core/bpf_jit_enable 2>/dev/null || echo 1)
RUNNING=$(uname -r | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
# the width of the kernel's registers, as bl_kernel_long_size()
# (loader/sys/kernel_version.c) tells it from uname's machine
case $(uname -m) in
x86_64 | aarch64 | armv8*) KERNEL_BITS=64 ;;
*) KERNEL_BITS=32 ;;
esac

# ver_gt A B: is version A (X.Y) newer than B?
ver_gt() {
	a1=${1%%.*} a2=${1#*.} b1=${2%%.*} b2=${2#*.}
	[ "$a1" -gt "$b1" ] || { [ "$a1" -eq "$b1" ] && [ "$a2" -gt "$b2" ]; }
}

# uptime_cs: the uptime in hundredths of a second, into CS (no process:
# /proc/uptime is "SECONDS.CC IDLE").
uptime_cs() {
	read -r up _ </proc/uptime
	CS=$((${up%.*} * 100 + 1${up#*.} - 100))
}

# excused NAME: prints why NAME may be refused on this kernel although
# the prediction is met (nothing when it must load). Each is something
# the prediction does not cover: the kernel's configuration or boot
# parameters, or what the object needs at run time.
excused() {
	# what this kernel lacks, probed, and named in verify's output: the
	# kernel's BTF (CONFIG_DEBUG_INFO_BTF off: CO-RE, tp_btf, fentry,
	# iter, lsm, __ksym, kfuncs), the JIT (the interpreter refuses
	# callbacks, kfunc calls and tail calls beside subprograms: "... are
	# not allowed in non-JITed programs", kernel/bpf/verifier.c)
	if [ ! -e /sys/kernel/btf/vmlinux ] &&
		grep -q "CONFIG_DEBUG_INFO_BTF\|needs the kernel's BTF\|named by the kernel's BTF" $OUT; then
		echo "no /sys/kernel/btf/vmlinux (kernel without CONFIG_DEBUG_INFO_BTF), which it needs"
		return 0
	fi
	if [ "$JIT" = 0 ] && grep -q "not allowed in non-JITed programs" $OUT; then
		echo "the BPF JIT is off (net.core.bpf_jit_enable=0): $(grep -o '[a-z_][a-z_ ]* not allowed in non-JITed programs' $OUT | head -n 1)"
		return 0
	fi
	# what an asm-test's header says it needs ("# needs: 64-bit", read
	# into NEEDS below, as tests/host/test_asm.c reads it), which this
	# kernel lacks
	if [ "$NEEDS" = 64-bit ] && [ "$KERNEL_BITS" = 32 ]; then
		echo "its header says '# needs: 64-bit', and this kernel is 32-bit"
		return 0
	fi
	case $1 in
	# verifier rejections on purpose (tests/host/test_examples.c,
	# test_alternatives.c, test_core.c)
	test_reject.bpf.o) echo "rejected by the verifier on purpose" ;;
	test_alt_reject.bpf.o) echo "a group whose every alternative is rejected, on purpose" ;;
	test_core_poison.bpf.o) echo "a CO-RE relocation to a missing member, poisoned on purpose" ;;
	test_btf.bpf.o) echo "its CO-RE relocation of struct task_like's tgid is poisoned on every kernel tried (a BTF test object)" ;;
	# needs a program to replace, given on the command line
	test_freplace.bpf.o) echo "freplace needs --replace-target (70-btf-attach.sh runs it)" ;;
	test_fentry_module.bpf.o)
		[ -e /sys/kernel/btf/tun ] || echo "no BTF of module tun (/sys/kernel/btf/tun)"
		;;
	test_lsm.bpf.o)
		grep -qw bpf /sys/kernel/security/lsm 2>/dev/null ||
			echo "the BPF LSM is not active (/sys/kernel/security/lsm)"
		;;
	test_ksyms.bpf.o | ksym_percpu.o)
		if ! grep -qw runqueues /proc/kallsyms; then
			echo "runqueues is not in /proc/kallsyms (CONFIG_KALLSYMS_ALL off)"
		elif grep -q "VAR 'runqueues' is in neither the kernel's BTF" $OUT; then
			# Debian's 5.10: its BTF has no per-CPU variables (pahole
			# added them later), though the kernel could take them
			echo "runqueues is not in this kernel's BTF"
		fi
		;;
	esac
}

# verify_want NAME: the exit status verify must give for bpf-progs/NAME
# (the verify-NAME check), as a list.
verify_want() {
	case $1 in
	test_reject) want=1 ;;
	syscall_count | fchmodat_trace | kfree_skb_count | test_maps | test_two_in_one | latency_hist) want=0 ;;
	*) want="0 or 1" ;;
	esac
}

# read_header SRC: the values of an asm-test's "# expect: " and
# "# needs: " lines (the first word of the latter) into EXPECT and NEEDS,
# empty when absent; the header is the comment lines that open the file.
# The shell's own read: no process per object.
read_header() {
	EXPECT="" NEEDS=""
	[ -r "$1" ] || return 0
	while IFS= read -r line; do
		case $line in
		"# expect: "*) EXPECT=${line#"# expect: "} ;;
		"# needs: "*) NEEDS=${line#"# needs: "} NEEDS=${NEEDS%% *} ;;
		"#"*) ;;
		*) break ;;
		esac
	done <"$1"
}

# min_kernel OBJ: the predicted version (X.Y) into PRED, empty if the
# JSON of inspect has no min_kernel line.
min_kernel() {
	json=$("$BL" inspect "$1" --kernel --json 2>/dev/null || true)
	PRED=""
	case $json in
	*'"type":"min_kernel","version":"'*)
		PRED=${json#*\"type\":\"min_kernel\",\"version\":\"}
		PRED=${PRED%%\"*}
		;;
	esac
	case $PRED in
	[0-9]*.[0-9]*) ;;
	*) PRED="" ;;
	esac
}

for obj in "$BL_BUILD_DIR"/bpf-progs/*.o "$BL_BUILD_DIR"/asm-tests/*.o; do
	name=${obj##*/}
	base=""
	case $obj in */bpf-progs/*.bpf.o) base=${name%.bpf.o} ;; esac
	min_kernel "$obj"
	pred=$PRED
	if [ -z "$pred" ]; then
		echo "FAIL min-kernel $name: no min_kernel line from inspect --kernel --json"
	fi
	expect=accepted
	NEEDS=""
	case $obj in
	*/asm-tests/*)
		src=$SRC/asm-tests/${name%.o}.s
		read_header "$src"
		[ -z "$EXPECT" ] || expect=$EXPECT
		;;
	esac
	# reject_too_large and test_too_complex make the verifier walk a
	# million instructions: a minute or more under TCG. reject_too_large's
	# verdict on this kernel is checked by the host suite
	# (20-host-tests.sh, test_asm.c), test_too_complex's on the host
	# (tests/cli/verify_compare.sh); here they are verified only where
	# the prediction says they cannot load.
	limit=30
	case $name in
	reject_too_large.o | test_too_complex.bpf.o)
		if [ -z "$pred" ] || ! ver_gt "$pred" "$RUNNING"; then
			[ -z "$base" ] || echo "skip verify-$base: too slow under TCG"
			[ -z "$pred" ] || echo "ok min-kernel $name: predicted $pred, kernel $RUNNING, not verified (a minute under TCG; 20-host-tests.sh or the host's tests/cli/verify_compare.sh verifies it)"
			continue
		fi
		limit=90
		;;
	esac
	rc=0
	uptime_cs
	t0=$CS
	timeout $limit "$BL" verify "$obj" >$OUT 2>&1 || rc=$?
	uptime_cs
	cs=$((CS - t0))
	secs=$((cs / 100)).$((cs % 100 / 10))

	# the verify-NAME check (bpf-progs/ only)
	if [ -n "$base" ]; then
		verify_want "$base"
		case " $want " in
		*" $rc "*) echo "ok verify-$base (exit $rc)" ;;
		*)
			echo "FAIL verify-$base: exit $rc, expected $want"
			sed 's/^/    /' $OUT | head -n 40
			;;
		esac
	fi

	# the min-kernel check
	[ -n "$pred" ] || continue
	what="predicted $pred, kernel $RUNNING, verify $secs s"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || [ "$rc" -eq 143 ]; then
		echo "FAIL min-kernel $name: $what: verify did not finish within $limit s"
		continue
	fi
	if ver_gt "$pred" "$RUNNING"; then
		if [ "$rc" -eq 0 ]; then
			echo "FAIL min-kernel $name: $what, but it loads (the prediction is too high)"
		elif ! grep -q "needs Linux $pred" $OUT; then
			echo "FAIL min-kernel $name: $what, refused (exit $rc) without \"needs Linux $pred\":"
			sed 's/^/    /' $OUT | head -n 12
		else
			echo "ok min-kernel $name: $what, refused: $(grep -o "needs Linux ${pred}[^;]*" $OUT | head -n 1)"
		fi
		continue
	fi
	if [ "$expect" != accepted ]; then
		if [ "$rc" -ne 0 ]; then
			echo "ok min-kernel $name: $what, $expect as its header says (exit $rc)"
		else
			echo "FAIL min-kernel $name: $what, its header says $expect, but it loads"
		fi
		continue
	fi
	if [ "$rc" -eq 0 ]; then
		echo "ok min-kernel $name: $what, loads"
		continue
	fi
	why=$(excused "$name")
	if [ -n "$why" ]; then
		echo "ok min-kernel $name: $what, refused (exit $rc), excused: $why"
	else
		echo "FAIL min-kernel $name: $what, refused (exit $rc):"
		grep -v ' accepted ' $OUT | sed 's/^/    /' | head -n 12
	fi
done
