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
# tests/uprobe/usdt_target.c cross-built for arm (the VM's, GNUmakefile)
USDT_ARM=$BUILD/static/arm/tests/uprobe/usdt_target
cli_name=static_arm
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

TESTS="inspect_same inspect_json_same bad_file_same help_same workstation_commands usdt_args usdt_bad_arg usdt_foreign"
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

# The packed help texts (loader/cli/help_text.h): each static build
# prints, for every command it has, what the normal build prints.
test_help_same() {
	local c n=0
	[ -x "$BUILD/bpfload" ] || { why "$BUILD/bpfload is not built"; return; }
	for c in $("$X86" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'); do
		"$BUILD/bpfload" "$c" --help >"$W/want" 2>&1
		"$X86" "$c" --help >"$W/x86" 2>&1
		cmp -s "$W/want" "$W/x86" || why "x86_64 static: $c --help differs from the normal build's" || return
		timeout -k 2 60 "$QEMU" "$BL" "$c" --help >"$W/arm" 2>&1
		cmp -s "$W/want" "$W/arm" || why "arm static: $c --help differs from the normal build's" || return
		n=$((n + 1))
	done
	[ "$n" -ge 5 ] || why "only $n commands in the static build's --help"
	NOTE="$n commands"
}

# The workstation's commands are not in the static builds
# (BL_STATIC_TARGET, loader/cli/main.c): each says so, exit 2.
test_workstation_commands() {
	local c rc n=0
	[ -x "$BUILD/bpfload" ] || { why "$BUILD/bpfload is not built"; return; }
	for c in $("$BUILD/bpfload" --help | awk '/^workstation commands/ { on = 1; next } on && /^$/ { exit } on { print $1 }'); do
		n=$((n + 1))
		rc=0
		"$X86" "$c" >"$W/out" 2>"$W/err" || rc=$?
		[ "$rc" = 2 ] && grep -q "bpfload: $c is not in the static build" "$W/err" ||
			why "x86_64 static: $c: exit $rc, $(errtext)" || return
		rc=0
		timeout -k 2 60 "$QEMU" "$BL" "$c" >"$W/out" 2>"$W/err" || rc=$?
		[ "$rc" = 2 ] && grep -q "bpfload: $c is not in the static build" "$W/err" ||
			why "arm static: $c: exit $rc, $(errtext)" || return
		timeout -k 2 60 "$QEMU" "$BL" --help | grep -q "^not in the static build.*: .*\<$c\>" ||
			why "arm static: --help does not name $c among the commands it leaves out" || return
	done
	[ "$n" -ge 3 ] || why "the normal build's --help lists only $n workstation commands" || return
	NOTE="$n commands"
}

# The USDT notes of an armhf binary (GCC writes "-4@r3", "-4@#5",
# "-4@[r1, #-8]"): the arm bpfload lists every site with its arguments
# described, as the workstation build (which knows every architecture)
# does; the constants as written in tests/uprobe/usdt_target.c.
test_usdt_args() {
	local line n sites=0 args=0 rc=0
	[ -x "$BUILD/bpfload" ] || { why "$BUILD/bpfload is not built"; return; }
	timeout -k 2 60 "$QEMU" "$BL" list usdt "$USDT_ARM" >"$W/a.out" 2>"$W/a.err" || rc=$?
	[ "$rc" = 0 ] || why "arm static: list usdt: exit $rc, $(one_line "$(head -c 300 "$W/a.err")")" || return
	"$BUILD/bpfload" list usdt "$USDT_ARM" >"$W/x.out" 2>"$W/x.err"
	cmp -s "$W/a.out" "$W/x.out" ||
		why "list usdt: arm and workstation builds differ: $(one_line "$(diff "$W/x.out" "$W/a.out" | head -8)")" || return
	cmp -s "$W/a.err" "$W/x.err" ||
		why "list usdt: stderr differs: $(one_line "$(diff "$W/x.err" "$W/a.err" | head -8)")" || return
	while IFS= read -r line; do
		sites=$((sites + 1))
		case $line in
		*" args '"*) why "arguments not understood: $line"; return ;;
		*:bltest:noargs\ *) continue ;;
		*" args "*) ;;
		*) why "no arguments listed: $line"; return ;;
		esac
		# "int32 r1, uint16 ip, int32 5, int32 [r1 - 8]"
		for n in $(printf '%s\n' "${line#* args }" | tr ',' '\n' | sed 's/^ *//; s/ /_/g'); do
			printf '%s\n' "$n" | grep -Eq '^u?int(8|16|32|64)_(r([0-9]|1[0-5])|sb|sl|fp|ip|sp|lr|pc|-?[0-9]+|\[(r([0-9]|1[0-5])|sb|sl|fp|ip|sp|lr|pc)(_[-+]_[0-9]+)?\])$' ||
				why "not an arm argument: '$n' in: $line" || return
			args=$((args + 1))
		done
	done <"$W/a.out"
	[ "$sites" = 5 ] || why "$sites sites listed, want 5: $(one_line "$(cat "$W/a.out")")" || return
	grep -q ':bltest:consts .* args int32 5, int32 -9, int32 100000$' "$W/a.out" ||
		why "bltest:consts: not int32 5, -9, 100000: $(one_line "$(grep consts "$W/a.out")")" || return
	NOTE="$sites sites, $args arguments"
}

# A malformed argument (the note's "-4@#100000" made "-4@#10000x" in a
# copy): its site's line names the probe, the argument and why.
test_usdt_bad_arg() {
	local rc=0
	perl -0777 -pe 's/-4\@#100000/-4\@#10000x/' "$USDT_ARM" >"$W/bad_target" || return
	cmp -s "$USDT_ARM" "$W/bad_target" && { why "no '-4@#100000' in $USDT_ARM's notes"; return; }
	timeout -k 2 60 "$QEMU" "$BL" list usdt "$W/bad_target" >"$W/a.out" 2>"$W/a.err" || rc=$?
	[ "$rc" = 0 ] || why "list usdt: exit $rc, $(one_line "$(head -c 300 "$W/a.err")")" || return
	grep -q ":bltest:consts .* args '-4@#5 -4@#-9 -4@#10000x': argument 3 '-4@#10000x': not a number$" "$W/a.out" ||
		why "no reason on the consts line: $(one_line "$(grep consts "$W/a.out")")" || return
	[ "$(grep -c ' args int' "$W/a.out")" = 3 ] || why "the other sites' arguments are not listed" || return
}

# A binary of another machine: the x86_64 static build has no 32-bit ELF
# headers, the arm one no 64-bit programs to read (BL_ELF_NATIVE_ONLY),
# each said, exit 1; and a 64-bit arm64 binary (the x86_64 usdt_target
# with e_machine 183) has its sites listed, each saying why its arguments
# are not (the static build has its own arch/ table only).
test_usdt_foreign() {
	local rc=0 x86_target=$BUILD/tests/uprobe/usdt_target
	[ -f "$x86_target" ] || { why "$x86_target is not built"; return; }
	"$X86" list usdt "$USDT_ARM" >"$W/x.out" 2>"$W/x.err" || rc=$?
	[ "$rc" = 1 ] && grep -q "usdt_target: a 32-bit ELF file, which the static bpfload does not read" "$W/x.err" ||
		why "x86_64 static: list usdt of an arm binary: exit $rc, $(errtext)" || return
	rc=0
	timeout -k 2 60 "$QEMU" "$BL" list usdt "$x86_target" >"$W/a.out" 2>"$W/a.err" || rc=$?
	[ "$rc" = 1 ] && grep -q "usdt_target: a 64-bit ELF file, which the static bpfload does not read" "$W/a.err" ||
		why "arm static: list usdt of an x86_64 binary: exit $rc, $(one_line "$(head -c 300 "$W/a.err")")" || return
	cp "$x86_target" "$W/arm64_target"
	printf '\267\000' | dd of="$W/arm64_target" bs=1 seek=18 conv=notrunc status=none
	rc=0
	"$X86" list usdt "$W/arm64_target" >"$W/x.out" 2>"$W/x.err" || rc=$?
	[ "$rc" = 0 ] || why "x86_64 static: list usdt of an arm64 binary: exit $rc, $(errtext)" || return
	[ "$(grep -c "own machine's binaries only, not arm64's .*normal bpfload" "$W/x.out")" -ge 5 ] ||
		why "not every site says why: $(one_line "$(head -c 400 "$W/x.out")")"
}

t inspect_same test_inspect_same
t inspect_json_same test_inspect_json_same
t bad_file_same test_bad_file_same
t help_same test_help_same
t workstation_commands test_workstation_commands
if [ -f "$USDT_ARM" ]; then
	t usdt_args test_usdt_args
	t usdt_bad_arg test_usdt_bad_arg
	t usdt_foreign test_usdt_foreign
else
	for n in usdt_args usdt_bad_arg usdt_foreign; do
		skip "$n" "$USDT_ARM is not built (make ARCH=arm vm-files, or make arm-qemu-check)"
	done
fi
cli_summary
