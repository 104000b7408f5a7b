#!/usr/bin/env bash
# tests/cli/list.sh — black-box tests of `bpfload list` (loader/cli/list.c):
# kprobes, tracepoints, raw-tracepoints and uprobes BINARY, the probe forms
# of bpftrace -l (tracepoint:CAT:NAME, t:, rt:, u:BINARY:FUNC, a bare name,
# nothing at all: every kind), unprivileged use (needs root), text and
# --json, GLOB, and the errors. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/list.sh
#
# Same conventions as tests/cli/commands.sh: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed.
#
# The uprobes listings read files only and run as any user; they are
# compared with what readelf(1) says the files define. Tracefs needs root: the
# tracepoint listings are skipped without it, and compared with the
# directories of tracefs itself. kprobes are listed where the kernel has
# them; elsewhere (this project's development host) the test checks that
# bpfload says so and exits 1.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
# Absolute and without symbolic links: bpfload shows the paths it resolved.
UP=$(readlink -f "$BUILD/tests/uprobe")

for f in "$BL" "$UP/target" "$UP/target-nopie" "$UP/target-stripped" "$UP/libbltarget.so"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
for tool in python3 readelf; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "FAIL setup: $tool is needed"
		exit 1
	fi
done

cli_name=cli-list
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# sorted_unique FILE: true if the lines are sorted (C locale) and unique.
sorted_unique() {
	LC_ALL=C sort -u "$1" | cmp -s - "$1" || why "$1 is not sorted and unique"
}

# json_ok FILE KIND: every line an object {"type":"probe","kind":KIND,"name":...}.
json_ok() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no output"
for l in lines:
    d = json.loads(l)
    assert d["type"] == "probe" and d["kind"] == sys.argv[2] and d["name"], l
EOF
}

# elf_funcs FILE: the functions FILE defines (FUNC or IFUNC, not UND,
# not at 0) in its .symtab and .dynsym, by readelf.
elf_funcs() {
	readelf -sW "$1" | awk '($4 == "FUNC" || $4 == "IFUNC") && $7 != "UND" && $2 !~ /^0+$/ {
		sub(/@.*/, "", $8); print $8 }' | LC_ALL=C sort -u
}

# --------------------------------------------------------------- usage

test_help() {
	bl list --help
	expect_rc 0 || return
	for w in kprobes tracepoints raw-tracepoints "uprobes BINARY" GLOB --json available_filter_functions \
		available_events; do
		grep -q -- "$w" "$W/out" || why "--help does not mention $w" || return
	done
	bl --help
	grep -q '^  list ' "$W/out" || why "bpfload --help does not list the list command"
}

test_usage_errors() {
	local args
	for args in "list foo bar" "list uprobes" "list kprobes a b" "list --bogus kprobes" \
		"list uprobes $UP/target x y" "list u:" "list uprobe::f"; do
		# shellcheck disable=SC2086
		bl $args
		[ "$RC" -eq 2 ] || why "'$args': exit $RC, not 2" || return
		grep -q "Try 'bpfload list --help'" "$W/err" || why "'$args': no hint: $(cat "$W/err")" || return
	done
}

# ------------------------------------------------------------- uprobes

# Every function readelf finds defined, no more, no less; PIE and no PIE.
test_uprobes_match_readelf() {
	local f
	for f in "$UP/target" "$UP/target-nopie" "$UP/libbltarget.so"; do
		bl list uprobes "$f"
		expect_rc 0 || return
		sorted_unique "$W/out" || return
		! grep -qv "^uprobe:$f:" "$W/out" || why "a line without uprobe:$f: in $(head -3 "$W/out")" || return
		sed "s|^uprobe:$f:||" "$W/out" >"$W/ours"
		elf_funcs "$f" >"$W/readelf"
		diff "$W/readelf" "$W/ours" >"$W/diff" || why "$f: readelf and bpfload differ: $(one_line "$(cat "$W/diff")")" ||
			return
		grep -q "from the .symtab and .dynsym of $f" "$W/err" || why "no source line: $(cat "$W/err")" || return
	done
	grep -qx bl_lib_mul "$W/ours" && ! grep -qx bl_lib_counter "$W/ours" ||
		why "bl_lib_mul missing, or the variable bl_lib_counter listed"
}

test_uprobes_glob_and_json() {
	bl list uprobes "$UP/target" 'bl_target_*'
	expect_rc 0 || return
	printf 'uprobe:%s:bl_target_add\nuprobe:%s:bl_target_static_twice\n' "$UP/target" "$UP/target" |
		cmp -s - "$W/out" || why "GLOB bl_target_*: $(one_line "$(cat "$W/out")")" || return
	bl list uprobes "$UP/target" 'uprobe:bl_target_a*' --json
	expect_rc 0 || return
	json_ok "$W/out" uprobe || why "$(head -c 300 "$W/out")" || return
	python3 - "$W/out" "$UP/target" <<'EOF' || why "$(cat "$W/out")"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
assert o == [{"type": "probe", "kind": "uprobe", "name": "bl_target_add", "path": sys.argv[2]}], o
EOF
}

# A bare library name is searched for (LD_LIBRARY_PATH, then the
# standard directories), as with --uprobe.
test_uprobes_library_name() {
	LD_LIBRARY_PATH=$UP bl list uprobes libbltarget.so 'bl_lib_*'
	expect_rc 0 || return
	grep -qx "uprobe:$UP/libbltarget.so:bl_lib_mul" "$W/out" || why "$(cat "$W/out" "$W/err")" || return
	bl list uprobes libc.so.6 memcpy
	expect_rc 0 || return
	[ "$(wc -l <"$W/out")" -eq 1 ] && grep -Eq '^uprobe:/.*/libc\.so\.6:memcpy$' "$W/out" ||
		why "libc.so.6 memcpy: $(cat "$W/out" "$W/err")"
}

test_uprobes_errors() {
	bl list uprobes "$UP/target-stripped"
	expect_rc 1 || return
	grep -q "target-stripped defines no function.*no .symtab (it is stripped)" "$W/err" ||
		why "stripped: $(cat "$W/err")" || return
	bl list uprobes "$W/no-such-file"
	expect_rc 1 || return
	grep -q "no-such-file: no such file" "$W/err" || why "missing: $(cat "$W/err")" || return
	echo "not an ELF file" >"$W/text"
	bl list uprobes "$W/text"
	expect_rc 1 || return
	grep -q "not an ELF file" "$W/err" || why "text file: $(cat "$W/err")" || return
	bl list uprobes "$W/text" --json
	expect_rc 1 || return
	python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read()); assert d["type"]=="error"' "$W/out" ||
		why "--json error: $(cat "$W/out")"
}

# ------------------------------------------------ kprobes, tracepoints

has_kprobes() {
	[ -e /sys/bus/event_source/devices/kprobe/type ] ||
		[ -e /sys/kernel/tracing/kprobe_events ] || [ -e /sys/kernel/debug/tracing/kprobe_events ]
}

test_kprobes() {
	bl list kprobes 'do_unlinkat'
	if ! has_kprobes; then
		expect_rc 1 || return
		grep -q "this kernel has no kprobes" "$W/err" || why "no kprobes, but: $(cat "$W/err")" || return
		[ ! -s "$W/out" ] || why "output without kprobes: $(head -3 "$W/out")"
		return
	fi
	expect_rc 0 || return
	grep -qx 'kprobe:do_unlinkat' "$W/out" || why "$(cat "$W/out" "$W/err")" || return
	bl list kprobes 'vfs_*' --json
	expect_rc 0 || return
	json_ok "$W/out" kprobe || why "$(head -c 300 "$W/out")"
}

tracefs_dir() {
	local d
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -e "$d/trace_pipe" ] && echo "$d" && return
	done
	echo /sys/kernel/tracing
}

# events/CAT/NAME with an id, less ftrace and the dynamic events: the
# same set as bpfload's (it mounts tracefs when it is not).
test_tracepoints() {
	local d
	bl list tracepoints 'syscalls:sys_enter_openat'
	expect_rc 0 || return
	d=$(tracefs_dir)
	if [ -e "$d/events/syscalls/sys_enter_openat/id" ]; then
		[ "$(cat "$W/out")" = tracepoint:syscalls:sys_enter_openat ] || why "$(cat "$W/out")" || return
	fi
	bl list tracepoints
	expect_rc 0 || return
	sorted_unique "$W/out" || return
	! grep -Evq '^tracepoint:[^:]+:[^:]+$' "$W/out" || why "a line not tracepoint:CAT:NAME" || return
	(cd "$d/events" && ls -d */*/id) | sed 's|/id$||; s|/|:|; s|^|tracepoint:|' |
		grep -v '^tracepoint:ftrace:' | LC_ALL=C sort >"$W/all"
	{ cat "$d/dynamic_events" 2>/dev/null || cat "$d/kprobe_events" "$d/uprobe_events" 2>/dev/null; } |
		sed -E 's/^[^:]*:([^ /]*)\/([^ ]*).*/tracepoint:\1:\2/' | LC_ALL=C sort >"$W/dyn"
	LC_ALL=C comm -23 "$W/all" "$W/dyn" >"$W/want"
	diff "$W/want" "$W/out" >"$W/diff" || why "tracefs and bpfload differ: $(one_line "$(head -20 "$W/diff")")" ||
		return
	bl list tracepoints 'sched:*' --json
	expect_rc 0 || return
	json_ok "$W/out" tracepoint || why "$(head -c 300 "$W/out")" || return
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    assert d["category"] == "sched" and d["name"].startswith("sched:"), d' "$W/out" || why "$(head -3 "$W/out")"
}

test_raw_tracepoints() {
	bl list raw-tracepoints 'sys_enter'
	expect_rc 0 || return
	[ "$(cat "$W/out")" = rawtracepoint:sys_enter ] || why "$(cat "$W/out" "$W/err")" || return
	grep -q "available_events, without the category" "$W/err" || why "source not named: $(cat "$W/err")" ||
		return
	bl list raw-tracepoints
	expect_rc 0 || return
	sorted_unique "$W/out" || return
	! grep -Evq '^rawtracepoint:[^:]+$' "$W/out" || why "a line not rawtracepoint:NAME" || return
	# the syscalls category's events are not raw tracepoints (trace_syscalls.c)
	! grep -Eq '^rawtracepoint:sys_(enter|exit)_' "$W/out" ||
		why "a syscall event listed: $(grep -Em2 '^rawtracepoint:sys_(enter|exit)_' "$W/out")" || return
	grep -qx 'rawtracepoint:sys_exit' "$W/out" || why "sys_exit missing" || return
	bl list raw-tracepoints 'sched_switch' --json
	expect_rc 0 || return
	json_ok "$W/out" rawtracepoint || why "$(cat "$W/out")"
}

# ------------------------------------------- the forms bpftrace users type

# uprobe:BINARY:FUNC and u:, with wildcards in the binary and the function;
# the lines printed are taken back.
test_uprobe_forms() {
	local line
	bl list uprobes "$UP/target" 'bl_target_*'
	expect_rc 0 || return
	cp "$W/out" "$W/want"
	for spec in "uprobe:$UP/target:bl_target_*" "u:$UP/target:bl_target_*"; do
		bl list "$spec"
		expect_rc 0 || return
		cmp -s "$W/want" "$W/out" || why "'$spec': $(one_line "$(cat "$W/out" "$W/err")")" || return
	done
	while IFS= read -r line; do
		bl list "$line"
		[ "$RC" -eq 0 ] && [ "$(cat "$W/out")" = "$line" ] ||
			why "'$line' not taken back: rc $RC, $(one_line "$(cat "$W/out" "$W/err")")" || return
	done <"$W/want"
	bl list "uprobe:$UP/target*:bl_target_add"
	expect_rc 0 || return
	printf 'uprobe:%s:bl_target_add\nuprobe:%s:bl_target_add\n' "$UP/target" "$UP/target-nopie" |
		cmp -s - "$W/out" || why "wildcard binary: $(one_line "$(cat "$W/out" "$W/err")")" || return
	grep -q "1 uprobe matching 'bl_target_add'" "$W/err" || why "singular: $(errtext)"
}

# tracepoint:CAT:NAME, t:, rawtracepoint:NAME, rt:, a bare NAME and a kind
# with wildcards; every line printed is taken back, and each count
# has the right plural.
test_tracepoint_forms() {
	local spec line
	bl list 'tracepoint:sched:*exec*'
	expect_rc 0 || return
	grep -qx 'tracepoint:sched:sched_process_exec' "$W/out" || why "$(one_line "$(cat "$W/out" "$W/err")")" || return
	! grep -qv '^tracepoint:sched:.*exec' "$W/out" || why "a line that does not match: $(cat "$W/out")" || return
	cp "$W/out" "$W/want"
	bl list 't:sched:*exec*'
	cmp -s "$W/want" "$W/out" || why "t: differs from tracepoint:" || return
	while IFS= read -r line; do
		bl list "$line"
		[ "$RC" -eq 0 ] && [ "$(cat "$W/out")" = "$line" ] ||
			why "'$line' not taken back: rc $RC, $(one_line "$(cat "$W/out" "$W/err")")" || return
		grep -q "^bpfload list: 1 tracepoint matching" "$W/err" || why "plural: $(errtext)" || return
	done <"$W/want"
	for spec in 'rawtracepoint:sched_switch' 'rt:sched_switch'; do
		bl list "$spec"
		expect_rc 0 || return
		[ "$(cat "$W/out")" = rawtracepoint:sched_switch ] || why "'$spec': $(cat "$W/out" "$W/err")" || return
		grep -q "^bpfload list: 1 raw-tracepoint matching" "$W/err" || why "plural: $(errtext)" || return
	done
	# a bare name: in any category, of any kind
	bl list tracepoints sched_process_exec
	[ "$RC" -eq 0 ] && [ "$(cat "$W/out")" = tracepoint:sched:sched_process_exec ] ||
		why "list tracepoints sched_process_exec: $(one_line "$(cat "$W/out" "$W/err")")" || return
	for spec in sched_process_exec '*:sched_process_exec'; do
		bl list "$spec"
		expect_rc 0 || return
		printf 'tracepoint:sched:sched_process_exec\nrawtracepoint:sched_process_exec\n' | cmp -s - "$W/out" ||
			why "'$spec': $(one_line "$(cat "$W/out" "$W/err")")" || return
	done
	bl list 't*:sched:sched_switch'
	[ "$RC" -eq 0 ] && [ "$(cat "$W/out")" = tracepoint:sched:sched_switch ] ||
		why "t*: $(one_line "$(cat "$W/out" "$W/err")")"
}

# `bpfload list` alone: every kind but uprobes, as the three listings
# one after the other; a kernel without kprobes is said once, exit 0.
test_list_everything() {
	bl list
	expect_rc 0 || return
	cp "$W/out" "$W/all"
	cp "$W/err" "$W/all.err"
	{
		if has_kprobes; then
			bl list kprobes
			cat "$W/out"
		fi
		bl list tracepoints
		cat "$W/out"
		bl list raw-tracepoints
		cat "$W/out"
	} >"$W/want"
	cmp -s "$W/want" "$W/all" || why "list differs from the three lists: $(wc -l <"$W/all") lines, not $(wc -l <"$W/want")" ||
		return
	if ! has_kprobes; then
		[ "$(grep -c 'kprobe' "$W/all.err")" -eq 1 ] && grep -q "no kprobes: this kernel has no kprobes" "$W/all.err" ||
			why "the note on kprobes: $(one_line "$(cat "$W/all.err")")"
	fi
}

# Unprivileged, tracefs (mode 0700 here) cannot be read: "needs root",
# not "not mounted".
test_nonroot_tracefs() {
	local d
	d=$(tracefs_dir)
	if setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$d/available_events"; then
		NOTE="tracefs is readable by nobody here: nothing to check"
		return 0
	fi
	cp "$BL" "$W/bpfload" && chmod 755 "$W/bpfload"
	for spec in tracepoints raw-tracepoints 't:sched:*' ''; do
		# shellcheck disable=SC2086
		setpriv --reuid=65534 --regid=65534 --clear-groups "$W/bpfload" list $spec >"$W/out" 2>"$W/err"
		RC=$?
		expect_rc 1 || return
		grep -q "needs root" "$W/err" && ! grep -q "not mounted" "$W/err" ||
			why "list $spec as nobody: $(errtext)" || return
	done
}

t help test_help
t usage_errors test_usage_errors
t uprobes_match_readelf test_uprobes_match_readelf
t uprobes_glob_and_json test_uprobes_glob_and_json
t uprobes_library_name test_uprobes_library_name
t uprobes_errors test_uprobes_errors
t kprobes test_kprobes
rt tracepoints test_tracepoints
rt raw_tracepoints test_raw_tracepoints
t uprobe_forms test_uprobe_forms
rt tracepoint_forms test_tracepoint_forms
rt list_everything test_list_everything
rt nonroot_tracefs test_nonroot_tracefs

cli_summary
