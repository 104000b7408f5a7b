#!/usr/bin/env bash
# tests/cli/no_btf.sh — run and verify on a kernel without
# /sys/kernel/btf/vmlinux (loader/load/core_target.c, docs/btf-min.md,
# "Kernels without BTF"). The host's kernel has BTF: each command here
# runs in a private mount namespace (unshare -m) with an empty tmpfs
# mounted over /sys/kernel/btf, which is what a kernel built without
# CONFIG_DEBUG_INFO_BTF shows; the minimized BTF files are made first,
# from the real one, with `bpfload btf min`. Checked: the one message
# naming what is missing and what to do; --btf, $BPFLOAD_BTF and OBJ.btf
# next to the object, each named in the "kernel BTF" line; OBJ.btf left
# alone while the kernel has its own; garbage, missing and mismatched
# files refused clearly; an object without CO-RE loads with no message;
# a tp_btf program refused specifically; the raw tracepoint CO-RE example
# prints with a minimized BTF what it prints with the full one. Run by
# `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/no_btf.sh
#
# The harness is tests/cli/lib.sh's. Needs root (mount namespaces, loads)
# and /sys/kernel/btf/vmlinux (to make the minimized files).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
P=$BUILD/bpf-progs
VMLINUX=/sys/kernel/btf/vmlinux
CORE=$P/test_core.bpf.o
EXEC=$P/exec_core_raw.bpf.o
NOCORE=$P/fchmodat_raw.bpf.o
TPBTF=$P/test_tp_btf.bpf.o

cli_name=cli-no-btf
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# nobtf ARGS...: bpfload ARGS with /sys/kernel/btf hidden, output in
# $W/out and $W/err, status in $RC.
nobtf() {
	timeout -k 2 30 unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$0" "$@"' \
		"$BL" "$@" >"$W/out" 2>"$W/err"
	RC=$?
	json_keep "$W/out" "$@"
}

# The hiding works: no vmlinux BTF in the namespace.
test_hidden() {
	unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && ! [ -e /sys/kernel/btf/vmlinux ]' ||
		why "cannot hide /sys/kernel/btf with unshare -m and a tmpfs"
}

# Nothing found: one message, naming what is missing and what to do;
# nothing printed on stdout, nothing written next to the object.
test_message() {
	cp "$CORE" "$W/m.bpf.o"
	nobtf verify "$W/m.bpf.o"
	expect_rc 1 || return
	local e
	for e in '/sys/kernel/btf/vmlinux is missing' 'CONFIG_DEBUG_INFO_BTF' \
		"bpfload btf min $W/m.bpf.o -o $W/m.bpf.o.btf" '--btf FILE' 'BPFLOAD_BTF=FILE' \
		"no $W/m.bpf.o.btf"; do
		grep -qF -- "$e" "$W/err" || why "the message lacks '$e': $(errtext)" || return
	done
	[ "$(grep -c 'CO-RE relocations' "$W/err")" -eq 1 ] || why "said more than once: $(errtext)" || return
	[ ! -s "$W/out" ] || why "stdout: $(one_line "$(cat "$W/out")")" || return
	[ "$(ls "$W" | grep -c '^m\.')" -eq 1 ] || why "files left: $(ls "$W")"
}

# --btf with `btf min`'s output: the same verdicts as with the kernel's
# BTF, and the line naming the file.
test_option() {
	bl verify "$CORE"
	expect_rc 0 || return
	cp "$W/out" "$W/full.out"
	nobtf verify "$CORE" --btf "$W/core.btf"
	expect_rc 0 || return
	grep_in "$W/out" "^kernel BTF: $W/core.btf \(from --btf\)$" "kernel BTF line" || return
	sed -i '/^kernel BTF: /d' "$W/out"
	cmp -s "$W/out" "$W/full.out" ||
		why "differs from the full BTF's: $(one_line "$(diff "$W/full.out" "$W/out" | head -5)")"
}

test_env() {
	BPFLOAD_BTF=$W/core.btf nobtf verify "$CORE"
	expect_rc 0 || return
	grep_in "$W/out" "^kernel BTF: $W/core.btf \(from BPFLOAD_BTF\)$" "kernel BTF line" || return
	grep_in "$W/out" '^core_task +accepted' "core_task" || return
	# and in JSON
	BPFLOAD_BTF=$W/core.btf nobtf verify "$CORE" --json
	expect_rc 0 || return
	grep_in "$W/out" "^\{\"type\":\"kernel_btf\",\"path\":\"$W/core.btf\",\"from\":\"BPFLOAD_BTF\"\}$" "JSON line"
}

# OBJ.btf beside a copied object; ignored while the kernel has its own
# BTF (here: garbage there, and the load still succeeds, silently).
test_next_to_object() {
	cp "$CORE" "$W/n.bpf.o"
	cp "$W/core.btf" "$W/n.bpf.o.btf"
	nobtf verify "$W/n.bpf.o"
	expect_rc 0 || return
	grep_in "$W/out" "^kernel BTF: $W/n.bpf.o.btf \(from next to the object\)$" "kernel BTF line" || return
	grep_in "$W/out" '^core_ctx +accepted' "core_ctx" || return
	head -c 100 "$CORE" >"$W/n.bpf.o.btf"
	bl verify "$W/n.bpf.o"
	expect_rc 0 || return
	! grep -q 'kernel BTF' "$W/out" "$W/err" || why "OBJ.btf used although the kernel has BTF"
}

# Garbage, a missing file, a mismatched file: one clear error each.
test_bad_files() {
	cp "$CORE" "$W/g.bpf.o"
	head -c 100 "$CORE" >"$W/g.bpf.o.btf"
	nobtf verify "$W/g.bpf.o"
	expect_rc 1 || return
	grep_in "$W/err" "$W/g.bpf.o.btf \(from next to the object\) is not usable as the target BTF.*raw BTF wanted" "garbage OBJ.btf" || return
	BPFLOAD_BTF=$W/none.btf nobtf verify "$CORE"
	expect_rc 1 || return
	grep_in "$W/err" "the target BTF \(from BPFLOAD_BTF\): cannot read $W/none.btf: No such file" "missing BPFLOAD_BTF" || return
	# another object's minimized BTF lacks what test_core asks for
	nobtf verify "$CORE" --btf "$W/exec.btf"
	expect_rc 1 || return
	grep_in "$W/out" "could not be resolved in the target BTF $W/exec.btf \(from --btf\)" "mismatched --btf"
}

# No CO-RE: loads as before, no line, no message.
test_no_core() {
	nobtf verify "$NOCORE"
	expect_rc 0 || return
	grep_in "$W/out" '^raw_fchmodat +accepted' "raw_fchmodat" || return
	! grep -q 'BTF' "$W/out" || why "stdout names BTF: $(one_line "$(cat "$W/out")")" || return
	[ ! -s "$W/err" ] || why "stderr: $(errtext)"
}

# tp_btf's target is the running kernel's type id: no file stands in.
test_tp_btf() {
	nobtf verify "$TPBTF" --btf "$W/tpbtf.btf"
	expect_rc 1 || return
	grep_in "$W/out" 'on_switch +unsupported .*tp_btf programs are named by the kernel.s BTF: /sys/kernel/btf/vmlinux is missing.*stands in for CO-RE relocations only' "tp_btf refusal"
}

# The raw tracepoint CO-RE example, run with the kernel's BTF and with the
# minimized one: the same lines, but for pids, ids and times.
normalize() {
	# blanks too: a time column's width grows with its digits (9.9, 10.1)
	sed -e '/^kernel BTF: /d' -e 's/[0-9][0-9]*/N/g' -e 's/  */ /g' "$1"
}
test_run_same() {
	bl run "$EXEC" --cmd /bin/true
	expect_rc 0 || return
	normalize "$W/out" >"$W/full.out"
	grep_in "$W/out" 'exec\(core\) pid=[0-9]+ file=/bin/true' "full BTF run" || return
	nobtf run "$EXEC" --btf "$W/exec.btf" --cmd /bin/true
	expect_rc 0 || return
	grep_in "$W/out" "^kernel BTF: $W/exec.btf \(from --btf\)$" "kernel BTF line" || return
	normalize "$W/out" >"$W/min.out"
	cmp -s "$W/full.out" "$W/min.out" ||
		why "differs: $(one_line "$(diff "$W/full.out" "$W/min.out" | head -6)")"
}

TESTS="hidden message option env next-to-object bad-files no-core tp-btf run-same"
if [ "$IS_ROOT" -ne 1 ]; then
	for n in $TESTS; do skip "$n" "needs root (mount namespace, loads)"; done
elif [ ! -r "$VMLINUX" ]; then
	for n in $TESTS; do skip "$n" "no $VMLINUX to make the minimized BTF from"; done
elif ! "$BL" btf min "$CORE" -o "$W/core.btf" >/dev/null 2>&1 ||
	! "$BL" btf min "$EXEC" -o "$W/exec.btf" >/dev/null 2>&1 ||
	! "$BL" btf min "$TPBTF" -o "$W/tpbtf.btf" >/dev/null 2>&1; then
	for n in $TESTS; do skip "$n" "bpfload btf min failed"; done
	N_FAIL=$((N_FAIL + 1))
	echo "FAIL btf-min: bpfload btf min could not make the files"
else
	t hidden test_hidden
	t message test_message
	t option test_option
	t env test_env
	t next-to-object test_next_to_object
	t bad-files test_bad_files
	t no-core test_no_core
	t tp-btf test_tp_btf
	t run-same test_run_same
fi
cli_summary
