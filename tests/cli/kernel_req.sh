#!/usr/bin/env bash
# tests/cli/kernel_req.sh — `bpfload inspect` on the lowest Linux version an
# object needs (elf/kernel_req/, docs/kernel-versions.md): the text, the
# --kernel form, --json, and the errors. Files only: no root, no kernel.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/kernel_req.sh
#
# Same conventions as tests/cli/commands.sh: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
SOAK=$BUILD/bpf-progs/soak_ringbuf.bpf.o
SUB=$BUILD/bpf-progs/test_subprog.bpf.o
ALT=$BUILD/bpf-progs/test_alt_kprobe.bpf.o
TP=$BUILD/asm-tests/tp_minimal.o

for f in "$BL" "$SOAK" "$SUB" "$ALT" "$TP"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL setup: python3 is needed"
	exit 1
fi

cli_name=cli-kernel-req
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# The issue's first case: an atomic fetch-and-add, 5.12, with its line.
t_text_atomic() {
	bl inspect "$SOAK"
	expect_rc 0 || return
	grep_in "$W/out" '^kernel  needs Linux 5\.12 or later' "the object's minimum" || return
	grep_in "$W/out" '^  program soak_getppid needs 5\.12$' "the program's minimum" || return
	grep_in "$W/out" '^    5\.12  atomic fetch-and-add \(BPF_ATOMIC\|BPF_FETCH\) at insn [0-9]+ of soak_getppid \(soak_ringbuf\.bpf\.c:[0-9]+\)' "the reason" || return
	grep_in "$W/out" '^    5\.8   map type ringbuf \(map soak_ring\)$' "the ring buffer" || return
	grep_in "$W/out" '^    note  5\.15  BPF link on a perf event' "the perf link is a note" || return
	# the rest of inspect is still there
	grep_in "$W/out" '^object  ' "the object line"
}

# The second: bpf_loop and its callback.
t_kernel_subprog() {
	bl inspect --kernel "$SUB"
	expect_rc 0 || return
	grep_in "$W/out" '^kernel  needs Linux 5\.17 or later' "the object's minimum" || return
	grep_in "$W/out" '^    5\.17  helper bpf_loop \(181\) at insn [0-9]+ of call_subprogs \(test_subprog\.bpf\.c:[0-9]+\)' "bpf_loop" || return
	grep_in "$W/out" '^    5\.13  callback loop_step' "the callback" || return
	grep_in "$W/out" '^  program call_square needs 5\.2$' "the other program" || return
	! grep -q '^object  \|^section ' "$W/out" || why "--kernel prints only the requirements"
}

# Alternatives: the object needs its least demanding mechanism.
t_kernel_alternatives() {
	bl inspect --kernel "$ALT"
	expect_rc 0 || return
	grep_in "$W/out" '^  program entry_btf needs 5\.5 \(an alternative' "the fentry member" || return
	grep_in "$W/out" '^kernel  needs Linux 5\.2 or later' "the kprobe members are enough"
}

t_json() {
	bl inspect --json "$SOAK"
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "inspect --json: $(one_line "$(grep kernel "$W/out")")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
mins = [d for d in lines if d["type"] == "min_kernel"]
assert mins == [{"type": "min_kernel", "version": "5.12", "unmet": False}], mins
reqs = [d for d in lines if d["type"] == "kernel_req"]
assert reqs[0]["scope"] == "object" and reqs[0]["version"] == "5.8", reqs[0]
p = [d for d in reqs if d.get("program") == "soak_getppid"]
assert len(p) == 1 and p[0]["version"] == "5.12" and p[0]["optional"] is False, p
r = p[0]["reasons"][0]
assert r["version"] == "5.12" and r["kind"] == "insn" and r["note"] is False, r
assert r["func"] == "soak_getppid" and r["file"] == "soak_ringbuf.bpf.c" and r["line"] > 0, r
assert "fetch-and-add" in r["what"] and r["source"], r
notes = [x for x in p[0]["reasons"] if x["note"]]
assert any(x["version"] == "5.15" for x in notes), notes
PY
}

# A program without BTF: no source lines, but the instruction.
t_no_btf() {
	bl inspect --kernel --json "$TP"
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "$(one_line "$(cat "$W/out")")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[0]["type"] == "min_kernel", lines[0]
for d in lines[1:]:
    assert d["type"] == "kernel_req", d
    for r in d["reasons"]:
        assert "file" not in r, r
PY
}

t_errors() {
	bl inspect --kernel --disasm "$SOAK"
	expect_rc 2 || return
	grep_in "$W/err" 'do not go together' "--kernel with --disasm" || return
	bl inspect --kernel "$W/none.o"
	[ "$RC" -ne 0 ] || why "a missing file: exit status 0" || return
	grep_in "$W/err" 'none\.o' "names the file"
}

t text_atomic t_text_atomic
t kernel_subprog t_kernel_subprog
t kernel_alternatives t_kernel_alternatives
t json t_json
t no_btf t_no_btf
t errors t_errors
cli_summary
