#!/usr/bin/env bash
# tests/cli/verify.sh — black-box tests of `bpfload verify`'s report on
# rejected programs and its options (loader/cli/verify*.c): the default
# output (class, last lines of the log, notice of the lines left out,
# hint), --full-log/--log, --raw-log, --log-level, --stats, --log-file,
# --json, --color; and what `run` prints for a rejected program. Run by
# `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/verify.sh
#
# Same conventions as tests/cli/commands.sh. Loading needs root: without it every
# test but the usage ones skips.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
REJECT=$BUILD/bpf-progs/test_reject.bpf.o
LONG=$BUILD/asm-tests/long_log.o
CTX=$BUILD/asm-tests/reject_ctx_write.o
POISON=$BUILD/bpf-progs/test_core_poison.bpf.o
for f in "$BL" "$REJECT" "$LONG" "$CTX" "$POISON"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
cli_name=cli-verify
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
# Kernels since 6.4 report log_true_size and keep a long log's end.
NEW_KERNEL=0
IFS=. read -r KMAJ KMIN _ <<<"$(uname -r)"
[ "$KMAJ" -gt 6 ] || { [ "$KMAJ" -eq 6 ] && [ "${KMIN%%[!0-9]*}" -ge 4 ]; } && NEW_KERNEL=1

# The lines of the block under program NAME's verdict line in $W/out,
# without their 4-space indent, into $W/block.
block_of() {
	awk -v name="$1" '
		/^[^ ]/ { inside = ($1 == name); next }
		inside && /^    / { print substr($0, 5) }' "$W/out" >"$W/block"
}

# Default: the class first, then the end of the log with its source
# lines, the error line and the statistics, then the hint.
t_default_report() {
	bl verify "$REJECT"
	expect_rc 1 || return
	grep_in "$W/out" '^bad +rejected +EACCES' "bad's verdict" || return
	grep_in "$W/out" '^good +accepted +[0-9]+ insns' "good's verdict" || return
	block_of bad
	python3 - "$W/block" <<'PY' || why "bad's block: $(one_line "$(head -c 900 "$W/block")")"
import sys
b = open(sys.argv[1]).read().splitlines()
assert b[0] == "error: null-deref: a pointer that may be NULL used without a check", b[0]
assert b[-1].startswith('hint: test the pointer ("if (!p) return 0;")'), b[-1]
i = b.index("7: (79) r0 = *(u64 *)(r0 +0)")                 # the last instruction
assert b[i - 1].startswith("; return *v;"), b[i - 1]          # its source line
assert b[i + 1] == "R0 invalid mem access 'map_value_or_null'", b[i + 1]
assert b[i + 2].startswith("processed 7 insns"), b[i + 2]
assert not any(l.startswith("...") for l in b), "a short log has nothing left out"
PY
}

# A long log: its last 20 lines, and one line saying how many came before
# (or, where the kernel kept only the end, what it dropped) and how to
# see all; the counts add up to the whole log of --full-log.
t_default_tail() {
	local total
	bl verify --full-log "$LONG"
	expect_rc 1 || return
	block_of long_log
	total=$(($(wc -l <"$W/block") - 2)) # less the error and hint lines
	[ "$total" -gt 2900 ] || why "--full-log: only $total log lines" || return
	grep -q '^0: R1=ctx() R10=fp0$' "$W/block" || why "--full-log: the log's first line is missing" || return
	bl verify "$LONG"
	expect_rc 1 || return
	block_of long_log
	python3 - "$W/block" "$total" "$NEW_KERNEL" <<'PY' || why "tail: $(one_line "$(head -c 900 "$W/block")")"
import re, sys
b = open(sys.argv[1]).read().splitlines()
total = int(sys.argv[2])
new_kernel = sys.argv[3] == "1"
assert b[0].startswith("error: uninit-reg:"), b[0]
assert b[-1].startswith("hint: "), b[-1]
m = re.match(r"\.\.\. (\d+) earlier lines? (of the log )?not shown(, and before them (\d+) bytes of log the kernel did not keep)? \(--full-log shows the whole log\)$", b[1])
assert m, b[1]
log = b[2:-1]
assert len(log) == 20, len(log)
assert log[-2] == "R0 !read_ok", log[-2]
assert log[-1].startswith("processed "), log[-1]
if m.group(4) is None:          # the whole log was read: the counts add up
    assert not new_kernel, "6.4+ keeps the end: no need to read it all"
    assert int(m.group(1)) + 20 == total, (m.group(1), total)
else:                           # 6.4+ kept the end only
    assert int(m.group(1)) + 20 < total and int(m.group(4)) > 0, b[1]
PY
}

# The log's growth (loader/load/prog_load.c): on 6.4+ the 64 KiB buffer fails,
# then exactly the size the kernel reported (attr.log_true_size) fits;
# doubling would take 3 loads for this 150 KiB log.
t_log_growth() {
	bl verify --json "$LONG"
	expect_rc 1 || return
	python3 - "$W/out" "$NEW_KERNEL" <<'PY' || why "JSON: $(one_line "$(head -c 300 "$W/out")")"
import json, sys
d = json.loads(open(sys.argv[1]).readline())
assert d["log_truncated"] is False and d["log"].startswith("0: R1=ctx() R10=fp0"), d["log"][:80]
assert "R0 !read_ok" in d["log"]
if sys.argv[2] == "1":
    assert d["log_loads"] == 2, d["log_loads"]
else:
    assert d["log_loads"] >= 2, d["log_loads"]
PY
}

# --log is --full-log; --raw-log has no source lines of bpfload's.
t_full_and_raw() {
	bl verify --log "$REJECT"
	expect_rc 1 || return
	grep_in "$W/out" '^    0: R1=ctx\(\) R10=fp0$' "the log's first line" || return
	grep_in "$W/out" '^    ; int bad\(void \*ctx\) @ test_reject.bpf.c:17$' "a source line" || return
	bl verify --raw-log "$REJECT"
	expect_rc 1 || return
	grep_in "$W/out" '^    7: \(79\) r0 = \*\(u64 \*\)\(r0 \+0\)$' "instruction 7" || return
	grep_in "$W/out" '^    error: null-deref' "the class" || return
	block_of bad
	bl verify --json "$REJECT"
	python3 - "$W/block" "$W/out" <<'PY' || why "--raw-log is not the kernel's log: $(one_line "$(head -c 600 "$W/block")")"
import json, re, sys
addr = lambda s: re.sub(r"0x[0-9a-f]{12,}", "ADDR", s)  # the map's kernel address
b = addr(open(sys.argv[1]).read()).splitlines()
log = addr(next(d for d in map(json.loads, open(sys.argv[2])) if d["name"] == "bad")["log"])
assert b[1:-1] == log.rstrip("\n").split("\n"), (b, log)
PY
}

# --log-level: every program loaded with a log, so the accepted one has
# one too; level 2 writes more than level 1; anything else is usage.
t_log_level() {
	local l1 l2
	bl verify --log-level 1 --log-file "$W/l1" "$REJECT"
	expect_rc 1 || return
	bl verify --log-level 2 --log-file "$W/l2" "$REJECT"
	expect_rc 1 || return
	grep -q '^=== good (section raw_tp/sys_enter): accepted$' "$W/l1" ||
		why "no log of good with --log-level 1: $(one_line "$(head -c 300 "$W/l1")")" || return
	l1=$(wc -l <"$W/l1") l2=$(wc -l <"$W/l2")
	[ "$l2" -gt "$l1" ] || why "--log-level 2 wrote $l2 lines, level 1 $l1" || return
	bl verify --log-level 1 --full-log "$REJECT"
	expect_rc 1 || return
	block_of good
	grep -q '^processed 11 insns' "$W/block" || why "good's log under its verdict: $(one_line "$(cat "$W/block")")" || return
	bl verify --log-level 3 "$REJECT"
	expect_rc 2 || return
	stdout_empty || return
	grep -q -- "--log-level 3: must be 1 or 2" "$W/err" || why "usage: $(errtext)"
}

# --stats: the table; the instructions the log says were processed are
# the kernel's verified_insns of the accepted program.
t_stats() {
	bl verify --stats "$REJECT"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "table: $(one_line "$(tail -n 4 "$W/out")")"
import sys
lines = open(sys.argv[1]).read().splitlines()
h = next(i for i, l in enumerate(lines) if l.startswith("Program "))
assert lines[h].split() == ["Program", "Verdict", "Insns", "Duration", "(us)", "Processed", "States",
                            "Peak", "states", "Stack", "depth", "Verified", "insns"], lines[h]
rows = {l.split()[0]: l.split() for l in lines[h + 1:]}
good, bad = rows["good"], rows["bad"]
assert good[1] == "accepted" and bad[1] == "rejected", (good, bad)
assert int(good[3]) >= 0 and int(good[4]) > 0 and good[4] == good[8], good
assert int(bad[4]) == 7 and bad[8] == "-", bad
assert int(good[7]) >= 0 and int(bad[7]) >= 0, (good, bad)
# Insns is the count of the verdict line above the table ("N insns")
verdicts = {l.split()[0]: l for l in lines[:h] if " accepted " in l or " rejected " in l}
import re
n = re.search(r"accepted +(\d+) insns", verdicts["good"])
assert n and n.group(1) == good[2], (verdicts["good"], good)
assert int(bad[2]) == 9, bad
PY
}

# --json: one valid object per program, with the class, the hint, the
# statistics and the whole log.
t_json() {
	bl verify --json --stats "$REJECT"
	expect_rc 1 || return
	while IFS= read -r line; do
		printf '%s\n' "$line" | python3 -m json.tool >/dev/null ||
			why "not JSON: $(one_line "$line")" || return
	done <"$W/out"
	python3 - "$W/out" <<'PY' || why "JSON: $(one_line "$(head -c 600 "$W/out")")"
import json, sys
p = {d["name"]: d for d in map(json.loads, open(sys.argv[1]))}
b, g = p["bad"], p["good"]
assert b["verdict"] == "rejected" and b["errno"] == "EACCES", b
assert b["class"] == "null-deref" and b["hint"].startswith("test the pointer"), b
assert b["message"] == "R0 invalid mem access 'map_value_or_null'", b["message"]
assert "7: (79) r0 = *(u64 *)(r0 +0)" in b["log"] and "processed 7 insns" in b["log"]
assert b["stats"]["insns_processed"] == 7 and b["stats"]["verified_insns"] is None, b["stats"]
assert b["stats"]["verify_usec"] >= 0 and b["stats"]["stack_depth"] >= 0, b["stats"]
s = g["stats"]
assert g["verdict"] == "accepted" and "class" not in g, g
assert s["insns_processed"] > 0 and s["insns_processed"] == s["verified_insns"], s
assert s["total_states"] >= 0 and s["peak_states"] >= 0 and s["insn_limit"] == 1000000, s
PY
}

# --log-file: every log whole (even when the screen shows the end only);
# a file that cannot be written is one error line, exit 1.
t_log_file() {
	bl verify --log-file "$W/logs" "$LONG"
	expect_rc 1 || return
	grep -q '^=== long_log (section tracepoint/syscalls/sys_enter_getppid): rejected$' "$W/logs" ||
		why "no header: $(one_line "$(head -c 300 "$W/logs")")" || return
	grep -q '^0: R1=ctx() R10=fp0$' "$W/logs" || why "the log's start is missing" || return
	grep -q '^R0 !read_ok$' "$W/logs" || why "the error is missing" || return
	[ "$(grep -c ': (07) r1 += 1' "$W/logs")" -ge 2900 ] || why "the log is not whole" || return
	grep_in "$W/out" '^    \.\.\. [0-9]+ earlier line' "the screen still shows the end only" || return
	bl verify --log-file "$W/no/such/dir/log" "$REJECT"
	expect_rc 1 || return
	[ "$(wc -l <"$W/err")" -eq 1 ] && grep -q -- "--log-file $W/no/such/dir/log: No such file or directory" "$W/err" ||
		why "expected one line naming the file: $(errtext)"
}

# Colour: never on a pipe by default, on with --color=always, off with
# never; auto on a terminal (script(1) gives one), not with NO_COLOR.
t_color() {
	bl verify "$REJECT"
	! grep -q "$ESC" "$W/out" || why "colour on a pipe" || return
	bl verify --color=never "$REJECT"
	! grep -q "$ESC" "$W/out" || why "colour with --color=never" || return
	bl verify --color=always "$REJECT"
	grep -q "^    ${ESC}\[1;31merror: null-deref" "$W/out" || why "no red error line with --color=always" || return
	grep -q "${ESC}\[32mhint:" "$W/out" || why "no green hint" || return
	grep -q "${ESC}\[36m; return \*v;" "$W/out" || why "no cyan source line" || return
	bl verify --color bogus "$REJECT"
	expect_rc 2 || return
	grep -q -- "--color bogus: must be auto, always or never" "$W/err" || why "usage: $(errtext)" || return
	if ! command -v script >/dev/null; then
		NOTE="auto not tested: no script(1)"
		return 0
	fi
	TERM=xterm NO_COLOR= script -qec "$BL verify $REJECT" /dev/null >"$W/tty" 2>&1
	grep -q "${ESC}\[1;31merror: null-deref" "$W/tty" || why "no colour on a terminal: $(one_line "$(head -c 300 "$W/tty")")" || return
	TERM=xterm NO_COLOR=1 script -qec "$BL verify $REJECT" /dev/null >"$W/tty" 2>&1
	! grep -q "${ESC}\[1;31m" "$W/tty" || why "colour on a terminal with NO_COLOR=1"
}

# A kprobe writing its context: the offset named as a pt_regs register.
t_ctx_detail() {
	bl verify "$CTX"
	expect_rc 1 || return
	block_of reject_ctx_write
	sed -n 1,2p "$W/block" >"$W/head"
	grep_in "$W/head" '^error: ctx-access: ' "the class" || return
	grep_in "$W/head" '^off=112 is pt_regs->di, argument 1, syscall argument 1 on x86_64; kprobe contexts are read-only$' "the register"
}

# CO-RE: which relocation it was, once (it heads the log: loader/load/core_apply.c).
t_core_poison() {
	local n
	bl verify "$POISON"
	expect_rc 1 || return
	grep_in "$W/out" '^    error: core-poison: ' "the class" || return
	n=$(grep -c '^    CO-RE relocation 0 (struct task_struct___bl_gone, field bl_no_such_member' "$W/out")
	[ "$n" -eq 1 ] || why "the relocation is named $n times: $(one_line "$(head -c 600 "$W/out")")"
}

# run: the same explanation on stderr, after the error line.
t_run_rejected() {
	bl run "$REJECT" --duration 1
	expect_rc 1 || return
	grep_in "$W/err" '^verifier log of bad:$' "the header" || return
	grep_in "$W/err" '^    error: null-deref: ' "the class" || return
	grep_in "$W/err" "^    R0 invalid mem access 'map_value_or_null'$" "the error line" || return
	grep_in "$W/err" '^    hint: test the pointer' "the hint"
}

t_help() {
	bl verify --help
	expect_rc 0 || return
	for o in --log-level --stats --full-log --raw-log --log-file --color --json; do
		grep -q -- "$o" "$W/out" || why "--help does not mention $o" || return
	done
}

t help t_help
rt default_report t_default_report
rt default_tail t_default_tail
rt log_growth t_log_growth
rt full_and_raw_log t_full_and_raw
rt log_level t_log_level
rt stats t_stats
rt json t_json
rt log_file t_log_file
rt color t_color
if [ "$(uname -m)" = x86_64 ]; then
	rt ctx_access_detail t_ctx_detail
else
	skip ctx_access_detail "the expected register is x86_64's"
fi
rt core_poison_once t_core_poison
rt run_rejected t_run_rejected
cli_summary
