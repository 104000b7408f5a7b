#!/usr/bin/env bash
# tests/cli/selftest.sh — black-box tests of `bpfload selftest`
# (loader/cli/selftest.c). Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/selftest.sh
#
# What selftest reports is compared with what the machine has, found
# another way: the kprobe and uprobe PMUs in sysfs, tracefs's
# kprobe_events, /sys/kernel/btf/vmlinux. On the development host
# (CONFIG_KPROBES off) kprobes must be reported missing; in the VMs
# (tests/vm/tests.d/selftest.sh) ok. --json must be valid and say the same
# as the text. Nothing may be left behind: no program or map (bpftool), no
# mount, no pin, no scratch directory; and with tracefs
# unmounted (in a private mount namespace) selftest mounts it on a
# directory of its own for the checks and removes both.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
cli_name=cli-selftest
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if [ ! -x "$BL" ]; then
	echo "FAIL setup: $BL is missing (run make first)"
	exit 1
fi

# status NAME FILE: the status column of check NAME in the text output.
status() {
	awk -v n="$1" '$1 == n { print $2 }' "$2"
}

# expect NAME STATUS
expect() {
	local s
	s=$(status "$1" "$W/out")
	[ "$s" = "$2" ] || why "check $1 is '$s', expected '$2': $(grep "^$1 " "$W/out")"
}

test_help() {
	bl selftest --help
	expect_rc 0 || return
	grep_in "$W/out" '^usage: bpfload selftest' "usage line" || return
	grep_in "$W/out" -- '--json' "--json in help" || return
	bl selftest --bogus
	expect_rc 2 || return
	grep_in "$W/err" "unknown option '--bogus'" "unknown option named" || return
	bl selftest extra
	expect_rc 2 || return
	grep_in "$W/err" "unexpected argument 'extra'" "extra argument named" || return
	bl --help
	grep_in "$W/out" '^  selftest ' "selftest in bpfload --help"
}

test_text() {
	local kp=missing up=missing tfs
	bl selftest
	expect_rc 0 || return
	grep_in "$W/out" '^CHECK +STATUS' "header" || return
	# every line after the header: NAME STATUS TEXT, a known status
	awk 'NR > 1 && !/^essentials/ && $2 !~ /^(ok|missing|unknown|info)$/ { bad = 1; print } END { exit bad }' \
		"$W/out" >"$W/bad" || why "lines without a status: $(cat "$W/bad")" || return
	grep_in "$W/out" '^essentials ok' "essentials ok" || return
	expect bpf ok || return
	expect maps ok || return
	expect tracepoints ok || return
	expect raw-tracepoints ok || return
	expect ringbuf ok || return
	expect perfbuf ok || return
	if [ -r /sys/kernel/btf/vmlinux ]; then expect btf ok || return; else expect btf missing || return; fi
	tfs=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
	[ -e /sys/bus/event_source/devices/kprobe/type ] && kp=ok
	[ -n "$tfs" ] && [ -e "$tfs/kprobe_events" ] && kp=ok
	[ -e /sys/bus/event_source/devices/uprobe/type ] && up=ok
	expect kprobes $kp || return
	expect uprobes $up || return
	if grep -q 'CONFIG_KPROBES=y' <(zcat /proc/config.gz 2>/dev/null); then
		expect CONFIG_KPROBES ok || return
	elif [ -r /proc/config.gz ]; then
		expect CONFIG_KPROBES missing || return
	fi
	NOTE="kprobes $kp, uprobes $up"
}

test_json() {
	bl selftest
	cp "$W/out" "$W/text"
	bl selftest --json
	expect_rc 0 || return
	python3 - "$W/out" "$W/text" >"$W/py" 2>&1 <<'PY' || why "$(cat "$W/py")"
import json, sys
checks, summary = [], None
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d["type"] == "check":
        assert set(d) == {"type", "name", "status", "detail"}, d
        checks.append(d)
    else:
        assert d["type"] == "selftest" and summary is None, d
        summary = d
assert summary and summary["essentials"] is True, summary
text = {}
for line in open(sys.argv[2]).read().splitlines()[1:-1]:
    name, status = line.split()[:2]
    text[name] = status
# the same checks, in the same state, as the text (the detail may differ
# where a number changes, such as the JIT's size)
names = [c["name"] for c in checks]
assert names == list(text), (names, list(text))
for c in checks:
    assert text[c["name"]] == c["status"], (c, text[c["name"]])
n = {s: sum(c["status"] == s for c in checks) for s in ("ok", "missing", "unknown")}
assert (summary["ok"], summary["missing"], summary["unknown"]) == (n["ok"], n["missing"], n["unknown"]), summary
PY
}

# bl_st_* programs and maps still in the kernel (they go when their last
# fd closes; the kernel frees them after an RCU grace period).
leftovers() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		{ bpftool prog show; bpftool map show; } 2>/dev/null | grep -o 'name bl_st_[a-z_]*' >"$W/left"
		[ -s "$W/left" ] || return 0
		sleep 0.3
	done
	return 1
}

test_nothing_left() {
	local n
	grep bpfload-selftest /proc/self/mounts >"$W/mounts.before"
	ls -A /sys/fs/bpf >"$W/pins.before" 2>/dev/null
	ls -d /tmp/bpfload-selftest.* >"$W/tmp.before" 2>/dev/null
	bl selftest --json
	expect_rc 0 || return
	grep bpfload-selftest /proc/self/mounts >"$W/mounts.after"
	ls -A /sys/fs/bpf >"$W/pins.after" 2>/dev/null
	ls -d /tmp/bpfload-selftest.* >"$W/tmp.after" 2>/dev/null
	cmp -s "$W/mounts.before" "$W/mounts.after" || why "mounts changed: $(diff "$W/mounts.before" "$W/mounts.after")" || return
	cmp -s "$W/pins.before" "$W/pins.after" || why "pins changed: $(diff "$W/pins.before" "$W/pins.after")" || return
	cmp -s "$W/tmp.before" "$W/tmp.after" || why "scratch directories left: $(diff "$W/tmp.before" "$W/tmp.after")" || return
	if command -v bpftool >/dev/null; then
		leftovers || why "left in the kernel: $(sort -u "$W/left" | tr '\n' ' ')" || return
		n=$({ bpftool prog show; bpftool map show; } 2>/dev/null | grep -c 'name bl_st_')
		NOTE="bpftool: $n bl_st_ programs or maps after the run"
	else
		NOTE="no bpftool: programs and maps not looked for"
	fi
}

# With tracefs unmounted (a private mount namespace: the rest of the
# machine keeps its mounts), selftest mounts it somewhere of its own, and
# unmounts it and removes the directory afterwards.
test_tracefs_unmounted() {
	command -v unshare >/dev/null || { NOTE="no unshare: not run"; return 0; }
	# what an earlier run (killed) or another user left is not this run's
	ls -d /tmp/bpfload-selftest.* >"$W/tmp.before" 2>/dev/null
	timeout -k 2 30 unshare -m --propagation private bash -c '
		for m in $(awk '\''$3 == "tracefs" || $3 == "debugfs" { print $2 }'\'' /proc/mounts | sort -r); do
			umount -l "$m" || exit 3
		done
		"$1" selftest >"$2/out" 2>"$2/err"; echo $? >"$2/rc"
		grep -c bpfload-selftest /proc/self/mounts >"$2/mounted"
		exit 0
	' sh "$BL" "$W" || why "could not unmount tracefs in a private mount namespace" || return
	RC=$(cat "$W/rc")
	expect_rc 0 || return
	grep_in "$W/out" '^tracefs +ok +not mounted, but mountable' "tracefs reported mountable" || return
	expect tracepoints ok || return
	[ "$(cat "$W/mounted")" = 0 ] || why "selftest's tracefs mount is left: $(cat "$W/mounted")" || return
	ls -d /tmp/bpfload-selftest.* >"$W/tmp.after" 2>/dev/null
	cmp -s "$W/tmp.before" "$W/tmp.after" || why "scratch directory left: $(diff "$W/tmp.before" "$W/tmp.after")"
}

test_not_root() {
	bl_nobody() {
		timeout -k 2 20 setpriv --reuid=65534 --regid=65534 --clear-groups "$BL" "$@" >"$W/out" 2>"$W/err"
		RC=$?
	}
	command -v setpriv >/dev/null || { NOTE="no setpriv: not run"; return 0; }
	bl_nobody selftest
	expect_rc 1 || return
	expect privileges missing || return
	expect bpf missing || return
	grep_in "$W/out" '^essentials missing' "essentials missing"
}

t help test_help
rt text test_text
rt json test_json
rt nothing_left test_nothing_left
rt tracefs_unmounted test_tracefs_unmounted
rt not_root test_not_root

cli_summary
