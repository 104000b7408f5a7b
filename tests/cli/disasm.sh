#!/usr/bin/env bash
# tests/cli/disasm.sh — black-box tests of `bpfload inspect --disasm`
# (loader/verifier/disasm.c, in kernel/bpf/disasm.c's syntax) and of the source
# lines `bpfload verify` puts in a rejected program's log
# (loader/verifier/log_annotate.c, from line_info: Documentation/bpf/btf.rst). Run
# by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/disasm.sh
#
# Same conventions as tests/cli/commands.sh. The verify tests need root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
REJECT=$BUILD/bpf-progs/test_reject.bpf.o
GLOBALS=$BUILD/bpf-progs/test_globals.bpf.o
for f in "$BL" "$REJECT" "$GLOBALS"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
cli_name=cli-disasm
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

t_disasm_text() {
	bl inspect --disasm "$REJECT"
	expect_rc 0 || return
	grep_in "$W/out" '^program bad \(section tracepoint/syscalls/sys_enter_getppid\):$' "header" || return
	grep_in "$W/out" '^ +1: \(63\) \*\(u32 \*\)\(r10 -4\) = r1$' "store" || return
	grep_in "$W/out" '^ +3: \(07\) r2 \+= -4$' "alu imm" || return
	grep_in "$W/out" '^ +4: \(18\) r1 = map\[values\]$' "map name" || return
	grep_in "$W/out" '^ +6: \(85\) call bpf_map_lookup_elem#1$' "helper" || return
	grep_in "$W/out" '^ +7: \(15\) if r0 == 0x0 goto pc\+1$' "jump" || return
	grep_in "$W/out" '^ +8: \(95\) exit$' "exit" || return
	! grep -q '^ *5:' "$W/out" || why "the second half of ld_imm64 has a line"
}

t_disasm_globals() {
	bl inspect --disasm "$GLOBALS"
	expect_rc 0 || return
	grep_in "$W/out" '\(18\) r2 = map\[\.bss\]\+0 \(var calls\)$' "variable" || return
	grep_in "$W/out" '\(db\) lock \*\(u64 \*\)\(r2 \+0\) \+= r3$' "atomic" || return
	grep_in "$W/out" '\(85\) call bpf_get_current_pid_tgid#14$' "helper"
}

t_disasm_json() {
	bl inspect --disasm --json "$REJECT"
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "JSON: $(one_line "$(head -c 300 "$W/out")")"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["type"] == "insn" for r in recs)
bad = [r for r in recs if r["program"] == "bad"]
assert [r["idx"] for r in bad] == [0, 1, 2, 3, 4, 6, 7, 8], bad
assert bad[4]["text"] == "r1 = map[values]" and bad[4]["code"] == 0x18
assert bad[5]["text"] == "call bpf_map_lookup_elem#1"
PY
}

# The source line of instruction 7 is right above it, once.
t_verify_annotated() {
	bl verify "$REJECT"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "log: $(one_line "$(head -c 1500 "$W/out")")"
import sys
lines = [l.strip() for l in open(sys.argv[1])]
i = next(i for i, l in enumerate(lines) if l.startswith("7: (79) r0 = *(u64 *)(r0 +0)"))
assert lines[i - 1].startswith("; return *v;") and lines[i - 1].endswith("@ test_reject.bpf.c:24"), lines[i - 1]
assert sum(l.startswith("; return *v;") for l in lines) == 1
assert not any(l.endswith("@ test_reject.bpf.c:0") for l in lines)
j = next(i for i, l in enumerate(lines) if l.startswith("4: (18) r1 = 0x"))
assert lines[j - 1].startswith("; v = bpf_map_lookup_elem(&values, &key);"), lines[j - 1]
PY
}

t_verify_raw_log() {
	bl verify --raw-log "$REJECT"
	expect_rc 1 || return
	grep_in "$W/out" '^ +7: \(79\) r0 = \*\(u64 \*\)\(r0 \+0\)' "instruction 7"
}

t disasm_text t_disasm_text
t disasm_globals t_disasm_globals
t disasm_json t_disasm_json
rt verify_annotated t_verify_annotated
rt verify_raw_log t_verify_raw_log
cli_summary
