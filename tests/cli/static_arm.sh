#!/usr/bin/env bash
# tests/cli/static_arm.sh — the 32-bit ARM static bpfload (make ARCH=arm
# static) run under qemu-arm user mode (Debian's qemu-user-static), no
# kernel needed: what it prints must be what the x86_64 static bpfload
# (make static, the same sources and options) prints on the same input.
# A 32-bit process catches pointer-size and long-size assumptions in the
# ELF, BTF and CO-RE readers. Run by `make arm-qemu-check` (which builds
# both) and by `make cli-check`, as
#
#     BL_BUILD_DIR=build bash tests/cli/static_arm.sh
#
# Skips (one line each) without qemu-arm or either static binary.
set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/static/arm/bpfload
X86=$BUILD/static/x86_64/bpfload
cli_name=static_arm
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

TESTS="inspect_same inspect_json_same bad_file_same regs_native regs_native_only"
QEMU=$(command -v qemu-arm-static || command -v qemu-arm || true)
why_skip=
[ -n "$QEMU" ] || why_skip="no qemu-arm (apt-get install qemu-user-static)"
[ -n "$why_skip" ] || [ -x "$BL" ] || why_skip="$BL is not built (make ARCH=arm static)"
[ -n "$why_skip" ] || [ -x "$X86" ] || why_skip="$X86 is not built (make static)"
[ -n "$why_skip" ] || [ "$(uname -m)" = x86_64 ] || why_skip="compares with the x86_64 static build: needs an x86_64 machine"
if [ -n "$why_skip" ]; then
	for n in $TESTS; do skip "$n" "$why_skip"; done
	cli_summary
	exit $?
fi

# The objects: every BPF object of the build (and the compat ones).
OBJS=$(ls "$BUILD"/bpf-progs/*.bpf.o "$BUILD"/bpf-progs/compat/*.bpf.o 2>/dev/null)

# same ARGS...: the arm binary (under qemu) and the x86_64 one agree on
# stdout, stderr and exit status of `bpfload ARGS`.
same() {
	local rc_a rc_x
	timeout -k 2 60 "$QEMU" "$BL" "$@" >"$W/a.out" 2>"$W/a.err"
	rc_a=$?
	timeout -k 2 60 "$X86" "$@" >"$W/x.out" 2>"$W/x.err"
	rc_x=$?
	[ "$rc_a" -eq "$rc_x" ] || why "bpfload $*: exit $rc_a on arm, $rc_x on x86_64; $(one_line "$(head -c 300 "$W/a.err")")" || return
	cmp -s "$W/a.out" "$W/x.out" ||
		why "bpfload $*: stdout differs: $(one_line "$(diff "$W/x.out" "$W/a.out" | head -8)")" || return
	cmp -s "$W/a.err" "$W/x.err" ||
		why "bpfload $*: stderr differs: $(one_line "$(diff "$W/x.err" "$W/a.err" | head -8)")"
}

test_inspect_same() {
	local o n=0
	[ -n "$OBJS" ] || why "no BPF objects in $BUILD/bpf-progs (run make)" || return
	for o in $OBJS; do
		same inspect "$o" || return
		n=$((n + 1))
	done
	NOTE="$n objects"
}

test_inspect_json_same() {
	local o
	for o in $OBJS; do
		same inspect --json "$o" || return
	done
}

# A truncated object: the same message, the same exit status.
test_bad_file_same() {
	local o
	o=$(printf '%s\n' $OBJS | head -1)
	head -c 200 "$o" >"$W/short.o"
	same inspect "$W/short.o" || return
	[ -s "$W/a.err" ] || why "no message for a truncated object"
}

# On arm, the default architecture of regs is arm (bl_arch_native).
test_regs_native() {
	timeout -k 2 60 "$QEMU" "$BL" regs >"$W/out" 2>"$W/err" || why "regs: $(errtext)" || return
	grep -q '^arm: the context of a kprobe program is struct pt_regs' "$W/out" ||
		why "regs without ARCH: $(one_line "$(head -3 "$W/out")")"
}

# A static build carries its own machine's table only (arch/arch.c,
# BL_NATIVE_ARCH_ONLY): each refuses the other's by name, exit 2.
test_regs_native_only() {
	local rc=0
	"$X86" regs arm >"$W/out" 2>"$W/err" || rc=$?
	[ "$rc" = 2 ] || why "x86_64 static: regs arm: exit $rc, not 2" || return
	grep -q "unknown architecture 'arm' (this static build knows only its own: x86_64" "$W/err" ||
		why "x86_64 static: regs arm: $(errtext)" || return
	rc=0
	timeout -k 2 60 "$QEMU" "$BL" regs x86_64 >"$W/out" 2>"$W/err" || rc=$?
	[ "$rc" = 2 ] || why "arm static: regs x86_64: exit $rc, not 2" || return
	grep -q "unknown architecture 'x86_64' (this static build knows only its own: arm;" "$W/err" ||
		why "arm static: regs x86_64: $(errtext)"
}

t inspect_same test_inspect_same
t inspect_json_same test_inspect_json_same
t bad_file_same test_bad_file_same
t regs_native test_regs_native
t regs_native_only test_regs_native_only
cli_summary
