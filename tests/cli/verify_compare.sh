#!/usr/bin/env bash
# tests/cli/verify_compare.sh — black-box tests of `bpfload verify` with
# several objects, --save, --compare and --hot (loader/cli/verify.c,
# verify_table.c, verify_compare.c, verify_hot.c): the table of every
# program, the saved file read back (CSV and JSON Lines), two builds
# compared (a saved file edited here to differ), a saved file against an
# object verified now, the source lines the verifier walked most in a
# program over the limit (bpf-progs/test_too_complex.bpf.c), and bad input.
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/verify_compare.sh
#
# Same conventions as tests/cli/commands.sh. Loading needs root: without it
# only the usage tests and the malformed files run.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
SUB=$BUILD/bpf-progs/test_subprog.bpf.o
REJECT=$BUILD/bpf-progs/test_reject.bpf.o
COMPLEX=$BUILD/bpf-progs/test_too_complex.bpf.o
for f in "$BL" "$SUB" "$REJECT" "$COMPLEX"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
cli_name=cli-verify-compare
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# Two objects: each under a line naming it, then one table of all four
# programs; exit 1 (test_reject's bad).
t_several() {
	bl verify "$SUB" "$REJECT"
	expect_rc 1 || return
	grep_in "$W/out" "^$SUB:\$" "the first object's line" || return
	grep_in "$W/out" "^$REJECT:\$" "the second object's line" || return
	python3 - "$W/out" <<'PY' || why "table: $(one_line "$(tail -n 6 "$W/out")")"
import sys
lines = open(sys.argv[1]).read().splitlines()
i = max(n for n, l in enumerate(lines) if l.startswith("Object "))
head = lines[i].split()
assert head[:3] == ["Object", "Program", "Verdict"], head
rows = {tuple(l.split()[:3]) for l in lines[i + 1:]}
assert rows == {("test_subprog.bpf.o", "call_subprogs", "accepted"),
                ("test_subprog.bpf.o", "call_square", "accepted"),
                ("test_reject.bpf.o", "bad", "rejected"),
                ("test_reject.bpf.o", "good", "accepted")}, rows
for l in lines[i + 1:]:
    f = l.split()
    assert f[3].isdigit() and f[4].isdigit() and int(f[4]) > 0, l  # insns, processed
PY
}

# --save: a CSV with the header of bpfload's columns, the kernel release
# and one row per program; JSON Lines for a .json name; both read back by
# --compare against the objects verified now: the same verdicts, exit 0.
t_save_round_trip() {
	bl verify --save "$W/a.csv" "$SUB" "$REJECT"
	expect_rc 1 || return
	python3 - "$W/a.csv" "$(uname -r)" <<'PY' || why "CSV: $(one_line "$(head -c 600 "$W/a.csv")")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 4, rows
for r in rows:
    assert r["kernel"] == sys.argv[2], r
    assert r["processed"].isdigit() and r["states"].isdigit(), r
bad = [r for r in rows if r["program"] == "bad"][0]
assert bad["verdict"] == "rejected" and bad["errno"] == "EACCES" and bad["class"] == "null-deref", bad
PY
	bl verify --save "$W/a.json" "$SUB" "$REJECT"
	expect_rc 1 || return
	python3 - "$W/a.json" <<'PY' || why "JSON Lines: $(one_line "$(head -c 600 "$W/a.json")")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 4 and all(r["type"] == "verify_result" for r in rows), rows
assert {r["program"] for r in rows} == {"call_subprogs", "call_square", "bad", "good"}
PY
	bl verify --compare "$W/a.csv" "$W/a.json"
	expect_rc 0 || return
	bl verify --compare "$W/a.json" "$SUB"
	expect_rc 1 || return # the programs of test_reject are in OLD only
	grep_in "$W/out" '^test_subprog\.bpf\.o +call_subprogs +accepted +[0-9]+ ' "call_subprogs" || return
	grep_in "$W/out" '^test_reject\.bpf\.o +bad +rejected -> \(none\)' "bad, in OLD only" || return
	grep_in "$W/out" "^new: $SUB, verified now \\($(uname -r)\\)\$" "the NEW line" || return
}

# Two builds: the saved file edited as another build would differ (more
# instructions processed for call_subprogs, bad now accepted, good gone,
# a program only in NEW): each difference shown, exit 1; in JSON too.
t_compare_builds() {
	bl verify --save "$W/old.csv" "$SUB" "$REJECT"
	[ -s "$W/old.csv" ] || why "no saved file" || return
	python3 - "$W/old.csv" "$W/new.csv" <<'PY' || why "editing the saved file failed"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
fields = list(rows[0].keys())
out = []
for r in rows:
    if r["program"] == "call_subprogs":
        r["processed"] = str(int(r["processed"]) * 2)
        r["states"] = str(int(r["states"]) + 5)
    if r["program"] == "bad":
        r["verdict"], r["errno"], r["class"] = "accepted", "", ""
    if r["program"] == "good":
        continue
    out.append(r)
new = dict(out[0]); new["program"] = "a, \"quoted\" name"
out.append(new)
w = csv.DictWriter(open(sys.argv[2], "w", newline=""), fieldnames=fields, lineterminator="\n")
w.writeheader(); w.writerows(out)
PY
	bl verify --compare "$W/old.csv" "$W/new.csv"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "compare: $(one_line "$(cat "$W/out")")"
import re, sys
out = open(sys.argv[1]).read()
m = re.search(r"^test_subprog\.bpf\.o +call_subprogs +accepted +(\d+) -> (\d+) \(\+(\d+), \+100\.0%\) +(\d+) -> (\d+) \(\+5, ", out, re.M)
assert m and int(m.group(2)) == 2 * int(m.group(1)) and int(m.group(3)) == int(m.group(1)), out
assert re.search(r"^test_reject\.bpf\.o +bad +rejected -> accepted ", out, re.M), out
assert re.search(r"^test_reject\.bpf\.o +good +accepted -> \(none\) ", out, re.M), out
assert re.search(r'^test_subprog\.bpf\.o +a, "quoted" name +\(none\) -> accepted ', out, re.M), out
assert re.search(r"^test_subprog\.bpf\.o +call_square +accepted +\d+ +\d+ +\d+$", out, re.M), out
PY
	bl verify --compare --json "$W/old.csv" "$W/new.csv"
	expect_rc 1 || return
	python3 - "$W/out" <<'PY' || why "JSON: $(one_line "$(head -c 800 "$W/out")")"
import json, sys
rows = {d["program"]: d for d in map(json.loads, open(sys.argv[1]))}
assert all(d["type"] == "verify_compare" for d in rows.values())
c = rows["call_subprogs"]
assert c["new"]["processed"] == 2 * c["old"]["processed"] and c["same_verdict"], c
b = rows["bad"]
assert (b["old"]["verdict"], b["new"]["verdict"], b["same_verdict"]) == ("rejected", "accepted", False), b
assert rows["good"]["new"] is None and rows['a, "quoted" name']["old"] is None
PY
}

# A program over the limit: the source lines the verifier walked most,
# without asking; the loop's body first.
t_hot_too_large() {
	bl verify "$COMPLEX"
	expect_rc 1 || return
	grep_in "$W/out" '^mix +rejected +E2BIG' "mix's verdict" || return
	python3 - "$W/out" <<'PY' || why "hot lines: $(one_line "$(grep -A4 'where the verifier' "$W/out")")"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
i = next(n for n, l in enumerate(lines) if l.startswith("    where the verifier spent its effort"))
assert re.search(r"from the \d+ instruction lines of the log's last \d+ KiB, of \d+ MiB", lines[i]) \
    or re.search(r"from all \d+ instruction lines", lines[i]) \
    or "first" in lines[i], lines[i]
top = lines[i + 1].split(None, 3)
assert top[2] == "test_too_complex.bpf.c:25" and "the loop body" in top[3], lines[i + 1]
second = lines[i + 2].split(None, 3)
assert second[2] == "test_too_complex.bpf.c:24" and second[3].startswith("for ("), lines[i + 2]
assert float(top[0].rstrip("%")) > float(second[0].rstrip("%")), (top, second)
PY
}

# --hot N on an accepted program: its log of level 1 from the first load,
# N lines at most; in JSON a "hot_lines" line whose counts add up.
t_hot_accepted() {
	bl verify --hot 3 "$SUB"
	expect_rc 0 || return
	[ "$(grep -c 'where the verifier spent its effort: the source lines walked most, from all' "$W/out")" -eq 2 ] ||
		why "no hot lines of both programs: $(one_line "$(cat "$W/out")")" || return
	grep_in "$W/out" '^ +[0-9.]+% +[0-9]+  test_subprog\.bpf\.c:[0-9]+  ' "a line of test_subprog.bpf.c" || return
	bl verify --hot 2 --json "$SUB"
	expect_rc 0 || return
	python3 - "$W/out" <<'PY' || why "JSON: $(one_line "$(grep hot_lines "$W/out" | head -c 600)")"
import json, sys
hot = [d for d in map(json.loads, open(sys.argv[1])) if d["type"] == "hot_lines"]
assert {d["program"] for d in hot} == {"call_subprogs", "call_square"}, hot
for d in hot:
    assert 1 <= len(d["lines"]) <= 2 and not d["log_truncated"], d
    assert sum(l["count"] for l in d["lines"]) <= d["walked"], d
    assert d["lines"][0]["file"].endswith("test_subprog.bpf.c") and d["lines"][0]["line"] > 0, d
PY
}

# Bad input: a malformed saved file named with its line; a missing file;
# usage errors.
t_bad_input() {
	printf 'kernel,object,program,verdict\n6.1,o.bpf.o,p,accepted\n6.1,o.bpf.o,"q,accepted\n' >"$W/bad.csv"
	bl verify --compare "$W/bad.csv" "$W/bad.csv"
	expect_rc 1 || return
	grep_in "$W/err" "^bpfload: $W/bad.csv:3: a quoted field is never closed\$" "the error" || return
	printf 'kernel,object,program,verdict,processed\n6.1,o.bpf.o,p,accepted,lots\n' >"$W/bad2.csv"
	bl verify --compare "$W/bad2.csv" "$W/bad2.csv"
	expect_rc 1 || return
	grep_in "$W/err" "^bpfload: $W/bad2.csv:2: processed: 'lots' is not a count\$" "the error" || return
	bl verify --compare "$W/missing.csv" "$W/bad.csv"
	expect_rc 1 || return
	grep_in "$W/err" "$W/missing.csv: No such file or directory" "the missing file" || return
	bl verify --compare "$W/bad.csv"
	expect_rc 2 || return
	grep_in "$W/err" "needs two arguments" "one argument" || return
	bl verify --prog bad "$SUB" "$REJECT"
	expect_rc 2 || return
	grep_in "$W/err" "take one object" "--prog with two objects" || return
	bl verify --hot 0 "$SUB"
	expect_rc 2 || return
	[ ! -e "$W/never.csv" ] || why "a file left behind" || return
}

# docs/verifier.md, "Two kernels compared": its block is what --compare
# of the two files of docs/verifier-results/ prints (no root: files only).
t_docs_two_kernels() {
	local docs bl
	docs=$(cd "$(dirname "$0")/../../docs" && pwd)
	bl=$(cd "$(dirname "$BL")" && pwd)/${BL##*/}
	(cd "$docs/verifier-results" && "$bl" verify --compare linux-6.1.csv linux-6.18.csv) \
		>"$W/out" 2>"$W/err"
	RC=$?
	expect_rc 1 || return
	grep -E '^(old|new|Object)| -> ' "$W/out" >"$W/shown"
	python3 - "$docs/verifier.md" "$W/shown" <<'PY' || why "docs/verifier.md's block differs from the output"
import sys
doc = open(sys.argv[1]).read()
cmd = "$ bpfload verify --compare linux-6.1.csv linux-6.18.csv | grep -E '^(old|new|Object)| -> '\n"
i = doc.index(cmd) + len(cmd)
block = doc[i:doc.index("```", i)]
shown = open(sys.argv[2]).read()
assert block == shown, (block[:300], shown[:300])
PY
}

t bad_input t_bad_input
rt several t_several
rt save_round_trip t_save_round_trip
rt compare_builds t_compare_builds
rt hot_accepted t_hot_accepted
rt hot_too_large t_hot_too_large
t docs_two_kernels t_docs_two_kernels
cli_summary
