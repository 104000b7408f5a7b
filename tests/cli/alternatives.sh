#!/usr/bin/env bash
# tests/cli/alternatives.sh — black-box tests of groups of alternatives
# (docs/alternatives.md): what `inspect`, `verify` and `run` print about
# them, text and --json, their exit status, and --skip, --prog and
# --all-alternatives. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/alternatives.sh
#
# Same conventions as tests/cli/commands.sh. The objects:
# bpf-progs/test_alternatives.bpf.c (sys_enter as tp_btf, raw_tp and
# tracepoint, slots 0-2 of alt_calls; sys_enter_getppid as raw_tp, which
# cannot be attached, and tracepoint, slots 3-4), test_alt_reject.bpf.c
# (rejected alternatives), test_alt_kprobe.bpf.c (fentry/kprobe and
# fexit/kretprobe of do_unlinkat). Whether tp_btf and fentry load depends
# on the kernel and on this bpfload: the tests accept the lowest rank
# that loaded, and check that it is the only one attached.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
ALT=$BUILD/bpf-progs/test_alternatives.bpf.o
REJ=$BUILD/bpf-progs/test_alt_reject.bpf.o
KP=$BUILD/bpf-progs/test_alt_kprobe.bpf.o
TWO=$BUILD/bpf-progs/test_two_in_one.bpf.o
for f in "$BL" "$ALT" "$REJ" "$KP" "$TWO"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL setup: python3 is needed"
	exit 1
fi
cli_name=cli-alternatives
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# inspect: one line per group, members by preference; none for two
# programs of one mechanism.
t_inspect() {
	bl inspect "$ALT"
	expect_rc 0 || return
	grep_in "$W/out" '^alternatives tracepoint sys_enter, by preference: tp_btf/sys_enter \(on_btf\), raw_tp/sys_enter \(on_raw\), tracepoint/raw_syscalls/sys_enter \(on_tp\)$' "the sys_enter group" || return
	grep_in "$W/out" '^alternatives tracepoint sys_enter_getppid, by preference: raw_tp/sys_enter_getppid \(getppid_raw\), tracepoint/syscalls/sys_enter_getppid \(getppid_tp\)$' "the getppid group" || return
	bl inspect "$KP"
	grep_in "$W/out" '^alternatives function entry do_unlinkat, by preference: fentry/do_unlinkat \(entry_btf\), kprobe/do_unlinkat \(entry_kprobe\)$' "the entry group" || return
	grep_in "$W/out" '^alternatives function return do_unlinkat, by preference: fexit/do_unlinkat \(exit_btf\), kretprobe/do_unlinkat \(exit_kprobe\)$' "the return group" || return
	bl inspect "$TWO"
	expect_rc 0 || return
	! grep -q '^alternatives' "$W/out" || why "two tracepoint programs of one event are no alternatives"
}

t_inspect_json() {
	bl inspect --json "$KP"
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "inspect --json: $(one_line "$(grep alternatives "$W/out")")"
import json, sys
groups = [json.loads(l) for l in open(sys.argv[1]) if '"alternatives"' in l]
assert len(groups) == 2, groups
e, r = groups
assert (e["event"], e["name"]) == ("function entry", "do_unlinkat"), e
assert [(m["program"], m["mechanism"], m["rank"]) for m in e["members"]] == \
    [("entry_btf", "fentry", 0), ("entry_kprobe", "kprobe", 2)], e
assert r["event"] == "function return" and [m["mechanism"] for m in r["members"]] == ["fexit", "kretprobe"], r
PY
}

# The program of sys_enter that should be used: on_btf when it loaded,
# else on_raw (from verify's verdicts).
chosen_sys_enter() {
	"$BL" verify "$ALT" --prog on_btf >/dev/null 2>&1 && echo on_btf || echo on_raw
}

t_verify() {
	local want
	want=$(chosen_sys_enter)
	bl verify "$ALT"
	expect_rc 0 || return
	grep_in "$W/out" "^alternative tracepoint sys_enter: [^ ]+ \\($want\\) would be attached" "the choice ($want)" || return
	grep_in "$W/out" 'tracepoint/raw_syscalls/sys_enter \(on_tp\) fallback: loaded, attached only if (tp_btf|raw_tp) cannot be' "on_tp as the fallback" || return
	# raw_tp sys_enter_getppid loads: verify cannot know it will not attach
	grep_in "$W/out" '^alternative tracepoint sys_enter_getppid: raw_tp/sys_enter_getppid \(getppid_raw\) would be attached; tracepoint/syscalls/sys_enter_getppid \(getppid_tp\) fallback' "the getppid choice"
}

t_verify_json() {
	bl verify --json "$ALT"
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "verify --json: $(one_line "$(grep alternatives "$W/out")")"
import json, sys
groups = {}
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["type"] == "alternatives":
        groups[d["name"]] = d
g = groups["sys_enter"]
roles = {m["program"]: m["role"] for m in g["members"]}
assert g["used"] in ("tp_btf", "raw_tp"), g
assert roles["on_tp"] == "fallback", roles
assert roles["on_btf"] == ("chosen" if g["used"] == "tp_btf" else "unused"), roles
assert groups["sys_enter_getppid"]["used"] == "raw_tp", groups
PY
}

# A rejected alternative is no failure; a group with nothing loaded is.
t_verify_rejected() {
	bl verify "$REJ"
	expect_rc 1 || return
	grep_in "$W/out" '^alternative tracepoint sys_enter: tracepoint/raw_syscalls/sys_enter \(enter_tp\) would be attached; raw_tp/sys_enter \(enter_raw\) not used: not loaded: the kernel refused it with EACCES' "the sys_enter choice" || return
	grep_in "$W/out" '^alternative tracepoint sys_exit: none loaded;' "the failed group" || return
	bl verify "$REJ" --skip exit_raw --skip exit_tp
	expect_rc 0 || return
	grep_in "$W/out" '^enter_raw +rejected' "enter_raw's verdict, still shown" || return
	bl verify "$REJ" --skip exit_raw --skip exit_tp --all-alternatives
	expect_rc 1 || return
	! grep -q '^alternative' "$W/out" || why "--all-alternatives still shows a group"
}

# The value of slot N of alt_calls in a `run --json` output file.
slot() {
	python3 - "$1" "$2" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["type"] == "map_dump" and d["name"] == "alt_calls":
        for e in d["entries"]:
            if int(e["key"].split()[0], 16) == int(sys.argv[2]):
                print(int.from_bytes(bytes.fromhex(e["value"].replace(" ", "")), "little"))
PY
}

# run: one implementation of sys_enter attached and counting, the other
# two not; the fallback of sys_enter_getppid; one line per group.
t_run() {
	local want n
	want=$(chosen_sys_enter)
	start run "$ALT" --duration 2 || why "did not start: $(errtext)" || return
	python3 -c 'import os
for _ in range(200): os.getppid()'
	finish
	expect_rc 0 || return
	grep_in "$W/out" "^attached $want " "$want attached" || return
	for p in on_btf on_raw on_tp getppid_raw; do
		[ "$p" = "$want" ] && continue
		! grep -q "^attached $p " "$W/out" || why "$p attached too" || return
	done
	grep_in "$W/out" "^alternative tracepoint sys_enter: [^ ]+ \\($want\\) attached;.* tracepoint/raw_syscalls/sys_enter \\(on_tp\\) not used: loaded, (tp_btf|raw_tp) preferred" "the sys_enter line" || return
	grep_in "$W/out" '^alternative tracepoint sys_enter_getppid: tracepoint/syscalls/sys_enter_getppid \(getppid_tp\) attached; raw_tp/sys_enter_getppid \(getppid_raw\) not used: could not be attached: .*ENOENT' "the fallback line" || return
	if [ "$want" = on_raw ]; then
		grep_in "$W/out" '^unused +on_btf +not loaded: ' "on_btf's line" || return
	fi
	# the counts: slot 2 (tracepoint sys_enter) and 3 stay 0
	bl run "$ALT" --duration 1 --json
	expect_rc 0 || return
	n=$(slot "$W/out" 2)
	[ "$n" = 0 ] || why "the tracepoint sys_enter counted $n: two implementations attached" || return
	n=$(slot "$W/out" "$([ "$want" = on_btf ] && echo 0 || echo 1)")
	[ "${n:-0}" -gt 0 ] || why "$want counted nothing"
}

t_run_json() {
	bl run "$ALT" --duration 0.5 --json
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "run --json: $(one_line "$(grep alternatives "$W/out")")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
groups = {d["name"]: d for d in lines if d["type"] == "alternatives"}
g = groups["sys_enter"]
roles = {m["program"]: (m["role"], m.get("reason", "")) for m in g["members"]}
assert roles["on_tp"][0] == "unused" and "preferred" in roles["on_tp"][1], roles
assert sum(r == "attached" for r, _ in roles.values()) == 1, roles
gp = {m["program"]: m for m in groups["sys_enter_getppid"]["members"]}
assert groups["sys_enter_getppid"]["used"] == "tracepoint", groups
assert gp["getppid_raw"]["role"] == "unused" and "ENOENT" in gp["getppid_raw"]["reason"], gp
attached = {d["program"] for d in lines if d["type"] == "attach"}
assert "on_tp" not in attached and "getppid_raw" not in attached, attached
PY
}

# The options: every loaded program attached, each counting.
t_run_all_alternatives() {
	bl run "$ALT" --duration 1 --json --all-alternatives --skip on_btf --skip getppid_raw
	expect_rc 0 || return
	! grep -q '"alternatives"' "$W/out" || why "a group line with --all-alternatives" || return
	[ "$(slot "$W/out" 1)" -gt 0 ] && [ "$(slot "$W/out" 2)" -gt 0 ] ||
		why "raw_tp and tracepoint should both count: $(slot "$W/out" 1), $(slot "$W/out" 2)" || return
	# the raw tracepoint sys_enter_getppid then fails the run
	bl run "$ALT" --duration 1 --all-alternatives --skip on_btf
	expect_rc 1 || return
	grep_in "$W/err" 'getppid_raw.*ENOENT' "the attach error"
}

t_run_prog_and_skip() {
	bl run "$ALT" --duration 0.5 --prog on_raw --prog on_tp
	expect_rc 0 || return
	grep_in "$W/out" '^attached on_raw ' "on_raw attached" || return
	grep_in "$W/out" '^attached on_tp ' "on_tp attached (named by --prog)" || return
	bl run "$ALT" --duration 0.5 --skip on_btf --skip on_raw
	expect_rc 0 || return
	grep_in "$W/out" '^attached on_tp ' "on_tp attached (the only one left)" || return
	! grep -q '^alternative tracepoint sys_enter:' "$W/out" || why "a group of one mechanism"
}

# fentry/kprobe: where neither can be attached, one message; where one
# can (kprobes, or trampolines), one per event.
t_run_kprobe() {
	bl run "$KP" --duration 1
	if [ -e /sys/bus/event_source/devices/kprobe ] || [ -e /sys/kernel/tracing/kprobe_events ] ||
		"$BL" verify "$KP" --prog entry_btf >/dev/null 2>&1; then
		expect_rc 0 || return
		grep_in "$W/out" '^alternative function entry do_unlinkat: [^ ]+ \((entry_btf|entry_kprobe)\) attached' "the entry line" || return
		grep_in "$W/out" '^alternative function return do_unlinkat: [^ ]+ \((exit_btf|exit_kprobe)\) attached' "the return line"
	else
		NOTE="no kprobes, no trampolines"
		expect_rc 1 || return
		grep_in "$W/err" 'function entry do_unlinkat: none of its alternatives can be attached on this kernel; fentry/do_unlinkat \(entry_btf\): not loaded: .*; kprobe/do_unlinkat \(entry_kprobe\): .*kprobes' "the message" || return
		grep_in "$W/out" '^unused +entry_btf ' "entry_btf's line"
	fi
}

t_help() {
	local c
	for c in run verify; do
		bl "$c" --help
		expect_rc 0 || return
		grep -q -- '--all-alternatives' "$W/out" || why "$c --help does not mention --all-alternatives" || return
		grep -q 'docs/alternatives.md' "$W/out" || why "$c --help does not point to docs/alternatives.md" || return
	done
}

t help t_help
t inspect t_inspect
t inspect_json t_inspect_json
rt verify t_verify
rt verify_json t_verify_json
rt verify_rejected t_verify_rejected
rt run t_run
rt run_json t_run_json
rt run_all_alternatives t_run_all_alternatives
rt run_prog_and_skip t_run_prog_and_skip
rt run_kprobe t_run_kprobe
cli_summary
