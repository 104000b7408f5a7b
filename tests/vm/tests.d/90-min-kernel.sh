#!/bin/sh
# tests/vm/tests.d/90-min-kernel.sh — the predicted minimum kernel of
# every object (`bpfload inspect OBJ --kernel --json`: the line
# {"type":"min_kernel","version":"X.Y",...}, elf/kernel_req/,
# docs/kernel-versions.md) against what this kernel does with it
# (`bpfload verify OBJ`):
#
#   predicted <= running: verify exits 0, unless the object is refused
#                         for another reason (below);
#   predicted >  running: verify exits 1 and says "needs Linux X.Y".
#
# The other reasons: an asm-test whose header says "# expect: rejected"
# or "unsupported" (tests/host/test_asm.c reads the same header), and the
# objects of EXCUSED below, each with why. One line per object, naming
# the prediction and what the kernel did.
set -eu

BL=$BL_BUILD_DIR/bpfload
SRC=${BL_SRC_DIR:-/bl/src}
OUT=/tmp/minkernel.out

RUNNING=$(uname -r | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')

# ver_gt A B: is version A (X.Y) newer than B?
ver_gt() {
	a1=${1%%.*} a2=${1#*.} b1=${2%%.*} b2=${2#*.}
	[ "$a1" -gt "$b1" ] || { [ "$a1" -eq "$b1" ] && [ "$a2" -gt "$b2" ]; }
}

# excused NAME: prints why NAME may be refused on this kernel although
# the prediction is met (nothing when it must load). Each is something
# the prediction does not cover: the kernel's configuration or boot
# parameters, or what the object needs at run time.
excused() {
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

for obj in "$BL_BUILD_DIR"/bpf-progs/*.o "$BL_BUILD_DIR"/asm-tests/*.o; do
	name=${obj##*/}
	pred=$("$BL" inspect "$obj" --kernel --json 2>/dev/null |
		sed -n 's/.*"type":"min_kernel","version":"\([0-9]*\.[0-9]*\)".*/\1/p')
	if [ -z "$pred" ]; then
		echo "FAIL min-kernel $name: no min_kernel line from inspect --kernel --json"
		continue
	fi
	expect=accepted
	case $obj in
	*/asm-tests/*)
		src=$SRC/asm-tests/${name%.o}.s
		expect=$(sed -n 's/^# expect: //p' "$src" 2>/dev/null | head -n 1)
		[ -n "$expect" ] || expect=accepted
		;;
	esac
	# reject_too_large makes the verifier walk a million instructions:
	# a minute under TCG. Its verdict on this kernel is checked by the
	# host suite (20-host-tests.sh, asm-tests verdicts); here only where
	# the prediction says it cannot load.
	# test_too_complex likewise (about a minute): 10-bpfload-cli.sh
	# verifies it.
	case $name in
	reject_too_large.o | test_too_complex.bpf.o)
		if ! ver_gt "$pred" "$RUNNING"; then
			echo "ok min-kernel $name: predicted $pred, kernel $RUNNING, not verified again (a minute under TCG: 20-host-tests.sh and 10-bpfload-cli.sh verify it)"
			continue
		fi
		;;
	esac
	rc=0
	t0=$(cut -d' ' -f1 /proc/uptime)
	timeout 60 "$BL" verify "$obj" >$OUT 2>&1 || rc=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	what="predicted $pred, kernel $RUNNING, verify $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }') s"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || [ "$rc" -eq 143 ]; then
		echo "FAIL min-kernel $name: $what: verify did not finish within 60 s"
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
	why=$(excused "$name")
	if [ "$rc" -eq 0 ]; then
		echo "ok min-kernel $name: $what, loads"
	elif [ -n "$why" ]; then
		echo "ok min-kernel $name: $what, refused (exit $rc), excused: $why"
	else
		echo "FAIL min-kernel $name: $what, refused (exit $rc):"
		grep -v ' accepted ' $OUT | sed 's/^/    /' | head -n 12
	fi
done
