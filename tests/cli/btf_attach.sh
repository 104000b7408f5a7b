#!/usr/bin/env bash
# tests/cli/btf_attach.sh — black-box tests of BTF-attached programs
# through `bpfload run` and `bpfload verify`: tp_btf with typed arguments,
# an iterator read to its end by run (which then exits), the one-line
# explanations of refused fentry/lsm/freplace programs, --replace-target's
# errors, and nothing left in the kernel afterwards (bpftool link list,
# bpftool prog show). Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/btf_attach.sh
#
# Where the kernel makes BPF trampolines, the fentry checks look at what
# it accepted instead. The harness is tests/cli/lib.sh's; loading needs root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
PROGS=$BUILD/bpf-progs
BPFTOOL=${BPFTOOL:-$(command -v bpftool || echo /usr/sbin/bpftool)}

# shellcheck disable=SC2034 # read by lib.sh
cli_name=cli-btf-attach
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

test_help() {
	local c
	for c in run verify; do
		bl "$c" --help
		expect_rc 0 || return
		grep_in "$W/out" '--replace-target PROG_ID\|PATH' "$c --help" || return
	done
	bl verify --replace-target "" "$PROGS/test_freplace.bpf.o"
	expect_rc 2 || return
	grep_in "$W/err" 'replace-target wants a program id' "the usage error"
}

test_inspect_targets() {
	bl inspect "$PROGS/test_fentry_module.bpf.o"
	expect_rc 0 || return
	grep_in "$W/out" 'on_tun_open .*fentry/tun:tun_chr_open .*attach btf_trace tun:tun_chr_open' "inspect" || return
	bl inspect "$PROGS/test_iter.bpf.o"
	grep_in "$W/out" 'dump_task .*attach iter task' "inspect" || return
	bl inspect "$PROGS/test_freplace.bpf.o"
	grep_in "$W/out" 'type ext +attach freplace bl_freplace_value' "inspect"
}

# The ids of the programs a run printed ("loaded NAME id N ...").
prog_ids() {
	awk '/^loaded/ { print $4 }' "$W/out"
}

# Nothing of a run's programs is left: no program of those ids, no link
# to them.
nothing_left() {
	local id
	[ -x "$BPFTOOL" ] || return 0
	for id in "$@"; do
		"$BPFTOOL" prog show id "$id" >/dev/null 2>&1 && why "program $id is still loaded" && return 1
		"$BPFTOOL" link list 2>/dev/null | grep -Eq "prog $id( |\$)" && why "a link to program $id is left" && return 1
	done
	return 0
}

test_iter_run() {
	local ids me
	# this shell's name as the kernel has it (bash, or the script's name
	# when run as ./btf_attach.sh), not assumed
	me=$(cat /proc/$$/comm)
	bl run "$PROGS/test_iter.bpf.o"
	expect_rc 0 || return
	grep_in "$W/out" "^attached dump_task +iterator task \(vmlinux\)" "run" || return
	grep_in "$W/out" "^$$ $$ $me\$" "this script's line" || return
	grep_in "$W/out" '^2 2 kthreadd$' "kthreadd's line" || return
	grep_in "$W/out" '^detached; done' "run" || return
	! grep -q '^running' "$W/out" || why "an iterator-only object should not wait" || return
	ids=$(prog_ids)
	# shellcheck disable=SC2086 # one argument per id
	nothing_left $ids || return
	bl run --json "$PROGS/test_iter.bpf.o"
	expect_rc 0 || return
	grep_in "$W/out" "^\{\"type\":\"iter\",\"program\":\"dump_task\",\"line\":\"$$ $$ $me\"\}\$" "--json"
}

test_tp_btf_run() {
	local sleeper ids
	bash -c 'for i in $(seq 60); do sleep 0.05; done' &
	sleeper=$!
	BG_PIDS+=("$sleeper")
	start run "$PROGS/test_tp_btf.bpf.o" --set target_tgid=$sleeper --duration 2 || why "did not start: $(errtext)" || return
	ids=$(prog_ids)
	if [ -x "$BPFTOOL" ]; then
		"$BPFTOOL" link list 2>/dev/null | grep -Eq "prog $ids( |\$)" || why "no link to program $ids while running" || return
	fi
	finish
	expect_rc 0 || return
	grep_in "$W/out" "^attached on_switch +btf_trace tp_btf/sched_switch \(vmlinux\)" "run" || return
	# KEY COUNT PREV_PID PREV_TGID NEXT_PID PREV_COMM
	grep_in "$W/out" "^  0 +[1-9][0-9]* +$sleeper +$sleeper +[0-9]+ +bash\$" "the map" || return
	# shellcheck disable=SC2086
	nothing_left $ids
}

# fentry, fexit, fmod_ret and lsm: accepted where the kernel makes
# trampolines; else one line each that says why, and what to use.
test_verify_trampolines() {
	local obj
	for obj in test_fentry test_lsm; do
		bl verify "$PROGS/$obj.bpf.o"
		if [ "$RC" -eq 0 ]; then
			grep_in "$W/out" ' accepted ' "verify $obj" || return
			continue
		fi
		expect_rc 1 || return
		grep_in "$W/out" 'error: (no-trampoline|attach-target)' "verify $obj" || return
		grep_in "$W/out" '^    .*(run from a BPF trampoline|needs the BPF LSM).*instead' "verify $obj" || return
	done
	bl verify "$PROGS/test_fentry.bpf.o"
	[ "$RC" -eq 0 ] && return 0
	grep_in "$W/out" 'use kprobe/do_unlinkat instead' "fentry's alternative" || return
	grep_in "$W/out" 'use kretprobe/do_unlinkat instead' "fexit's alternative" || return
	bl verify --json "$PROGS/test_fentry.bpf.o"
	grep_in "$W/out" '"name":"on_unlink_entry".*"verdict":"rejected".*"class":"no-trampoline"' "--json" || return
	bl run "$PROGS/test_fentry.bpf.o" --duration 1
	expect_rc 1 || return
	[ "$(grep -c 'bpfload: .*program on_unlink_entry' "$W/err")" -eq 1 ] || why "not one error line: $(errtext)" || return
	grep_in "$W/err" 'program on_unlink_entry \(section fentry/do_unlinkat\): fentry programs run from a BPF trampoline.*use kprobe/do_unlinkat instead' "run"
}

test_missing_function() {
	bl verify "$BUILD/asm-tests/fentry_missing_func.o"
	expect_rc 1 || return
	grep_in "$W/out" "unsupported .*fentry/bl_no_such_function: FUNC 'bl_no_such_function' is in neither the kernel's BTF .*notrace.*kprobe" "verify"
}

test_replace_target_errors() {
	bl verify "$PROGS/test_freplace.bpf.o"
	expect_rc 1 || return
	grep_in "$W/out" 'unsupported .*name that program with --replace-target PROG_ID\|/sys/fs/bpf/PATH' "no target" || return
	bl verify "$PROGS/test_freplace.bpf.o" --replace-target 3999999999
	expect_rc 1 || return
	grep_in "$W/out" '--replace-target 3999999999: no program with that id' "a missing id" || return
	bl verify "$PROGS/test_freplace.bpf.o" --replace-target relative/path
	expect_rc 1 || return
	grep_in "$W/out" 'absolute path of a pinned program' "a relative path"
}

# freplace against a running target: replaced, or one line saying why not.
test_freplace_run() {
	local id target_out=$W/target.out
	"$BL" run "$PROGS/test_freplace_target.bpf.o" --duration 8 >"$target_out" 2>&1 &
	BG_PIDS+=("$!")
	for _ in $(seq 100); do
		grep -q '^running' "$target_out" && break
		sleep 0.05
	done
	id=$(awk '/^loaded/ { print $4; exit }' "$target_out")
	[ -n "$id" ] || why "the target did not load: $(one_line "$(cat "$target_out")")" || return
	bl run "$PROGS/test_freplace.bpf.o" --replace-target "$id" --duration 1
	if [ "$RC" -eq 0 ]; then
		grep_in "$W/out" "^attached bl_freplace_value +freplace bl_freplace_value in program $id" "run"
		return
	fi
	expect_rc 1 || return
	grep_in "$W/err" 'program bl_freplace_value \(section freplace/bl_freplace_value\): freplace (programs run from|/bl_freplace_value needs) a BPF trampoline' "run"
}

t help test_help
t inspect_targets test_inspect_targets
if [ -e "$PROGS/test_iter.bpf.o" ] && [ -r /sys/kernel/btf/vmlinux ]; then
	rt iter_run test_iter_run
	rt tp_btf_run test_tp_btf_run
	rt verify_trampolines test_verify_trampolines
	rt missing_function test_missing_function
	rt replace_target_errors test_replace_target_errors
	rt freplace_run test_freplace_run
else
	skip btf_attach "no $PROGS/test_iter.bpf.o or no /sys/kernel/btf/vmlinux"
fi
cli_summary
