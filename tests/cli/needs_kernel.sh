#!/usr/bin/env bash
# tests/cli/needs_kernel.sh — the version-aware verdict of `verify` and
# `run` (loader/cli/needs_kernel.c, elf/kernel_req/missing.c): when the
# kernel refuses a program (or a map) and the object needs a later Linux
# than the running one, "needs Linux X.Y (WHAT at FILE:LINE); this kernel
# is A.B" comes first; otherwise nothing changes. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/needs_kernel.sh
#
# On a recent kernel nothing is refused for its version: what is tested
# here is that accepted programs, and programs refused for a mistake,
# get no such line, and, with a kernel that calls itself 2.6
# (setarch --uname-2.6: the UNAME26 personality, kernel/sys.c
# override_release), where the line goes and what it says. The real
# refusals (Linux 5.10) are tests/vm/tests.d/85-version-verdicts.sh.
# Same conventions as tests/cli/commands.sh; loading needs root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
PROGS=$BUILD/bpf-progs
REJECT=$PROGS/test_reject.bpf.o
SOAK=$PROGS/soak_ringbuf.bpf.o
KFUNC_MISSING=$BUILD/asm-tests/kfunc_missing.o
for f in "$BL" "$REJECT" "$SOAK" "$PROGS/test_buffers.bpf.o" "$PROGS/test_hist.bpf.o" \
	"$PROGS/test_subprog.bpf.o" "$KFUNC_MISSING"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
cli_name=cli-needs-kernel
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

IFS=. read -r KMAJ KMIN _ <<<"$(uname -r)"
KMIN=${KMIN%%[!0-9]*}
NEW_517=0
[ "$KMAJ" -gt 5 ] || { [ "$KMAJ" -eq 5 ] && [ "$KMIN" -ge 17 ]; } && NEW_517=1
OLD26=(setarch "$(uname -m)" --uname-2.6)
HAVE26=0
[ "$("${OLD26[@]}" uname -r 2>/dev/null | cut -d. -f1-2)" = 2.6 ] && HAVE26=1

no_needs() {
	! grep -q 'needs Linux\|needs_kernel' "$W/out" "$W/err" ||
		why "$1: a needs line: $(one_line "$(grep -h 'needs Linux\|needs_kernel' "$W/out" "$W/err" | head -c 300)")"
}

# The issue's objects, accepted on a kernel that has what they need:
# the verdicts as before, no needs line, no JSON needs.
t_accepted_no_needs() {
	local o
	for o in soak_ringbuf test_buffers test_hist test_subprog; do
		bl verify "$PROGS/$o.bpf.o"
		expect_rc 0 || return
		no_needs "verify $o" || return
		bl verify --json "$PROGS/$o.bpf.o"
		expect_rc 0 || return
		no_needs "verify --json $o" || return
	done
}

# A program refused for a mistake, on a kernel that has everything it
# needs: the class, log and hint as before, no needs line.
t_mistake_no_needs() {
	bl verify "$REJECT"
	expect_rc 1 || return
	grep_in "$W/out" '^bad +rejected' "bad's verdict" || return
	no_needs "verify" || return
	awk '/^bad /{getline; print; exit}' "$W/out" | grep -q '^    error: null-deref:' ||
		why "the class is not right after the verdict" || return
	bl verify --json "$REJECT"
	no_needs "verify --json" || return
	bl run "$REJECT" --prog bad --duration 1
	expect_rc 1 || return
	grep_in "$W/err" 'verifier log of bad' "run's report" || return
	no_needs "run" || return
	bl run "$REJECT" --prog bad --duration 1 --json
	no_needs "run --json"
}

# A kernel calling itself 2.6 refuses bad: everything the object needs is
# above 2.6, so the needs line comes right after the verdict, the further
# reasons under it, then the note and the verifier's class, log and hint.
t_old_kernel_verify() {
	bl_old verify "$REJECT"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "bad's block: $(one_line "$(head -c 900 "$W/out")")"
import re, sys
b = open(sys.argv[1]).read().splitlines()
i = next(k for k, l in enumerate(b) if l.startswith("bad "))
assert re.fullmatch(r"    needs Linux 4\.15 \(object names \(.*\), and [0-9]+ more\); this kernel is 2\.6", b[i + 1]), b[i + 1]
assert re.fullmatch(r"      3\.19  helper bpf_map_lookup_elem \(1\) at insn [0-9]+ of bad \(test_reject\.bpf\.c:[0-9]+\)", b[i + 3]), b[i + 3]
assert b[i + 5] == "    the verifier's message below is how this kernel words it", b[i + 5]
assert b[i + 6].startswith("    error: null-deref: "), b[i + 6]
g = next(k for k, l in enumerate(b) if l.startswith("good "))
assert g + 1 == len(b) or not b[g + 1].startswith("    needs"), "an accepted program has no needs line"
PY
}

t_old_kernel_json() {
	bl_old verify --json "$REJECT"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "$(one_line "$(head -c 900 "$W/out")")"
import json, sys
ls = [json.loads(l) for l in open(sys.argv[1])]
bad = next(l for l in ls if l.get("name") == "bad")
assert bad["needs_kernel"] == "4.15" and bad["running_kernel"] == "2.6", bad
n = bad["needs"]
assert n[0]["version"] == "4.15" and n[0]["kind"] == "feature", n[0]
h = next(x for x in n if x["kind"] == "helper")
assert h["file"] == "test_reject.bpf.c" and h["line"] > 0 and h["func"] == "bad", h
assert bad["class"] == "null-deref", bad
good = next(l for l in ls if l.get("name") == "good")
assert "needs_kernel" not in good and "needs" not in good, good
PY
}

# run: the same line after the error, then the verifier's report; with
# --json, the members of the error line.
t_old_kernel_run() {
	bl_old run "$REJECT" --prog bad --duration 1
	expect_rc 1 || return
	grep_in "$W/err" '^bpfload: program bad needs Linux 4\.15 \(object names .*\); this kernel is 2\.6$' "the needs line" || return
	awk '/^bpfload: program bad needs/{f=1} /^verifier log of bad/{ if (f) ok=1 } END{exit !ok}' "$W/err" ||
		why "the needs line is not before the verifier log: $(errtext)" || return
	bl_old run "$REJECT" --prog bad --duration 1 --json
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "$(one_line "$(head -c 900 "$W/out")")"
import json, sys
e = next(json.loads(l) for l in open(sys.argv[1]) if '"error"' in l)
assert e["type"] == "error" and e["needs_kernel"] == "4.15" and e["running_kernel"] == "2.6", e
assert e["needs"][0]["what"].startswith("object names"), e
PY
}

# A map the kernel refused (a ring buffer of 4 GiB - 1 bytes, EINVAL on
# any kernel): what the object needs of a kernel that calls itself 2.6;
# on the real kernel, nothing.
t_map_refused() {
	bl_old verify "$SOAK" --map soak_ring.max_entries=4294967295
	expect_rc 1 || return
	grep_in "$W/err" 'BPF_MAP_CREATE failed' "the error" || return
	grep_in "$W/err" '^bpfload: the object needs Linux 5\.8 \(map type ringbuf \(map soak_ring\), and [0-9]+ more\); this kernel is 2\.6$' "the needs line" || return
	bl_old run "$SOAK" --map soak_ring.max_entries=4294967295 --json --duration 1
	expect_rc 1 || return
	grep_in "$W/out" '"type":"error".*"needs_kernel":"5\.8","running_kernel":"2\.6"' "the JSON error" || return
	bl verify "$SOAK" --map soak_ring.max_entries=4294967295
	expect_rc 1 || return
	no_needs "this kernel"
}

# Refused by bpfload before the verifier for what the kernel lacks (a
# kfunc: 5.13): the needs line follows the "unsupported" verdict, but no
# note about the verifier's words, since no verifier ran.
t_old_kernel_unsupported() {
	bl_old verify "$KFUNC_MISSING"
	expect_rc 1 || return
	grep_in "$W/out" '^kfunc_missing  *unsupported ' "the verdict" || return
	grep_in "$W/out" '^    needs Linux 5\.13 \(kfunc bl_no_such_kfunc at insn 0 of kfunc_missing, and [0-9]+ more\); this kernel is 2\.6$' "the needs line" || return
	bl_old verify --json "$KFUNC_MISSING"
	grep_in "$W/out" '"verdict":"unsupported".*"needs_kernel":"5\.13","running_kernel":"2\.6"' "the JSON" || return
	bl_old run "$KFUNC_MISSING" --duration 1
	expect_rc 1 || return
	grep_in "$W/err" '^bpfload: program kfunc_missing needs Linux 5\.13 ' "run's needs line" || return
	if grep -q "how this kernel words it" "$W/err"; then
		why "run speaks of a verifier message where none ran: $(errtext)"
	fi
}

# Two objects in one verify: each program's needs are its own object's
# (the requirements are worked out again for every object).
t_old_kernel_two_objects() {
	bl_old verify "$REJECT" "$KFUNC_MISSING"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "$(one_line "$(head -c 900 "$W/out")")"
import sys
b = open(sys.argv[1]).read().splitlines()
i = next(k for k, l in enumerate(b) if l.startswith("bad "))
assert b[i + 1].startswith("    needs Linux 4.15 (object names"), b[i + 1]
k = next(k for k, l in enumerate(b) if l.startswith("kfunc_missing "))
assert b[k + 1].startswith("    needs Linux 5.13 (kfunc bl_no_such_kfunc at insn 0 of kfunc_missing"), b[k + 1]
PY
}

# Refused by bpfload itself (an option), not the kernel: nothing.
t_not_the_kernel() {
	bl_old verify "$SOAK" --map soak_ring.value_size=8
	expect_rc 1 || return
	no_needs "a refused option"
}

bl_old() {
	timeout -k 2 20 "${OLD26[@]}" "$BL" "$@" >"$W/out" 2>"$W/err"
	RC=$?
	json_keep "$W/out" "$@"
}

if [ "$NEW_517" -eq 1 ]; then
	rt accepted-no-needs t_accepted_no_needs
else
	skip accepted-no-needs "Linux $KMAJ.$KMIN is before 5.17 (tests/vm/tests.d/85-version-verdicts.sh)"
fi
rt mistake-no-needs t_mistake_no_needs
rt not-the-kernel t_not_the_kernel
if [ "$HAVE26" -eq 1 ]; then
	rt old-kernel-verify t_old_kernel_verify
	rt old-kernel-json t_old_kernel_json
	rt old-kernel-run t_old_kernel_run
	rt map-refused t_map_refused
	rt old-kernel-unsupported t_old_kernel_unsupported
	rt old-kernel-two-objects t_old_kernel_two_objects
else
	for n in old-kernel-verify old-kernel-json old-kernel-run map-refused old-kernel-unsupported \
		old-kernel-two-objects; do
		skip $n "setarch --uname-2.6 does not make uname say 2.6 here"
	done
fi
cli_summary
