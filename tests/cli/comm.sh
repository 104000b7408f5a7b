#!/usr/bin/env bash
# tests/cli/comm.sh — the COMM column of bpf_printk lines as `bpfload run`
# prints it (loader/output/trace_comm.c): the name a process has after
# its exec, whether it has already exited when its line is read (a
# chmod) or still lives (a python), with the kernel's own pid-to-name
# cache (saved_cmdlines) emptied first, as a fresh boot leaves it. Run by
# `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/comm.sh
#
# The harness is tests/cli/lib.sh. The tests load programs: root.
# The processes exec a symlink with a name made for this run (the kernel
# names a process after the file it was exec'd as), so no cache of the
# machine can know the name from an earlier run; they are forked from
# this shell, so the name the pid had before the exec is bash.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/fchmodat_trace.bpf.o

for f in "$BL" "$OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done

cli_name=cli-comm
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# empty_comm_cache: writing saved_cmdlines_size empties the kernel's
# cache of names; its own value is written back, so its size stays.
empty_comm_cache() {
	local f n
	for f in /sys/kernel/tracing/saved_cmdlines_size /sys/kernel/debug/tracing/saved_cmdlines_size; do
		[ -w "$f" ] || continue
		n=$(cat "$f") && echo "$n" >"$f"
		return
	done
}

# A chmod that exits at once: its line is read after it is gone, when
# /proc has no name for its pid.
test_name_of_exited_process() {
	local name=blcx$$ line
	ln -s "$(command -v chmod)" "$W/$name"
	: >"$W/f"
	empty_comm_cache
	start run "$OBJ" --duration 2 || why "bpfload did not start: $(errtext)" || return
	bash -c 'exec "$0" 0600 "$1"' "$W/$name" "$W/f"
	finish
	expect_rc 0 || return
	line=$(grep -F "path=$W/f mode=0600" "$W/out")
	[ "$(printf '%s\n' "$line" | grep -c .)" -eq 1 ] || why "one line for $W/f expected: $(one_line "$(cat "$W/out")")" || return
	printf '%s\n' "$line" | grep -Eq "^ *[0-9]+\.[0-9]+ $name +[0-9]+  fchmodat " ||
		why "COMM should be $name: $line"
}

# A python that calls fchmodat, then waits: its line is read while it
# lives. JSON's "comm" says the same as the text column.
test_name_of_living_process() {
	local name=blcp$$ py
	py=$(python3 -c 'import sys; print(sys.executable)') || why "no python3" || return
	ln -s "$py" "$W/$name"
	: >"$W/g"
	empty_comm_cache
	start run "$OBJ" --duration 2.5 --json || why "bpfload did not start: $(errtext)" || return
	bash -c 'exec "$0" -c "import os, sys, time; os.chmod(\"g\", 0o640, dir_fd=os.open(sys.argv[1], os.O_RDONLY)); time.sleep(1.5)" "$1"' \
		"$W/$name" "$W"
	finish
	expect_rc 0 || return
	python3 - "$W/out" "$name" <<'EOF' || why "$(grep '"trace"' "$W/out" | head -c 600)"
import json, sys
o = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
mine = [x for x in o if x["type"] == "trace" and "path=g mode=0640" in x.get("message", "")]
assert len(mine) == 1, mine
assert mine[0]["comm"] == sys.argv[2], mine[0]
EOF
}

rt name_of_exited_process test_name_of_exited_process
rt name_of_living_process test_name_of_living_process

cli_summary
