# tests/cli/lib.sh — the harness the command-line test scripts share
# (tests/cli/*.sh but maps.sh, and tests/docs/*.sh): a scratch directory
# cleaned up on exit, one "ok NAME" / "FAIL NAME: why" / "skip NAME: why"
# line per test, and running bpfload with its output captured. Sourced, after the script
# has set BL (the bpfload binary) and cli_name (for the scratch dir).
# shellcheck shell=bash

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

W=$(mktemp -d "${TMPDIR:-/tmp}/bpfload-${cli_name:-cli}.XXXXXX") || exit 1
chmod 755 "$W" # the "nobody" tests read files in it
EXTRA_FILES=()  # scratch files outside $W
BG_PIDS=()      # background processes this script started

cleanup() {
	local p
	for p in "${BG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$W"
	for p in "${EXTRA_FILES[@]}"; do
		rm -f "$p"
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---------------------------------------------------------------- helpers

N_OK=0 N_FAIL=0 N_SKIP=0
WHY=""  # a test function sets this and returns 1 when it fails
NOTE="" # a passing test may add a remark to its "ok" line

# why MSG: records why the test fails; returns 1, so `cond || why ... || return`.
why() {
	WHY=$*
	return 1
}

# one_line TEXT: newlines shown as " | ", at most 400 characters.
one_line() {
	printf '%s' "$1" | tr '\n' '\036' | sed 's/\x1e/ | /g' | cut -c1-400
}

# t NAME FUNC ARGS...: runs one test.
t() {
	local name=$1
	shift
	WHY="" NOTE=""
	if "$@"; then
		N_OK=$((N_OK + 1))
		echo "ok $name${NOTE:+ ($NOTE)}"
	else
		N_FAIL=$((N_FAIL + 1))
		echo "FAIL $name: $(one_line "${WHY:-failed}")"
	fi
}

# rt NAME FUNC ARGS...: a test that needs root.
rt() {
	if [ "$IS_ROOT" -eq 1 ]; then
		t "$@"
	else
		N_SKIP=$((N_SKIP + 1))
		echo "skip $1: needs root"
	fi
}

skip() {
	N_SKIP=$((N_SKIP + 1))
	echo "skip $1: $2"
}

# json_keep FILE ARGS...: when BL_JSON_LOG names a file (make cli-check
# sets it), the lines of FILE, the stdout of `bpfload ARGS` with --json,
# are appended to it, each after the script's name and the command and a
# tab; `make cli-check` then checks every one against the schema of
# docs/json.md (tests/cli/json_schema.py). Nothing without --json.
json_keep() {
	local f=$1 a src
	shift
	[ -n "${BL_JSON_LOG:-}" ] && [ -s "$f" ] || return 0
	for a in "$@"; do
		if [ "$a" = --json ]; then
			src="${cli_name:-cli}: bpfload $*"
			src=${src//[$'\n\t']/ } # one line, no tab: the tab ends it
			JSON_SRC=$src awk '{ print ENVIRON["JSON_SRC"] "\t" $0 }' "$f" >>"$BL_JSON_LOG"
			return 0
		fi
	done
}

# bl ARGS...: runs bpfload in the foreground; stdout in $W/out, stderr in
# $W/err, exit status in RC. A hang is cut off after 20 s (RC 124).
bl() {
	timeout -k 2 20 "$BL" "$@" >"$W/out" 2>"$W/err"
	RC=$?
	json_keep "$W/out" "$@"
}

errtext() {
	one_line "$(head -c 300 "$W/err")"
}

expect_rc() {
	[ "$RC" -eq "$1" ] || why "exit status $RC, expected $1; stderr: $(errtext)"
}

stdout_empty() {
	[ ! -s "$W/out" ] || why "stdout should be empty, has: $(one_line "$(head -c 200 "$W/out")")"
}

stderr_empty() {
	[ ! -s "$W/err" ] || why "stderr should be empty, has: $(errtext)"
}

# grep_in FILE ERE DESCRIPTION
grep_in() {
	grep -Eq -- "$2" "$1" || why "$3: no line matches /$2/ in $(basename "$1"): $(one_line "$(head -c 300 "$1")")"
}

# start ARGS...: bpfload in the background, stdout in $W/out, stderr in
# $W/err, its pid in $PID; returns once it says it is running (or has
# died). The previous run's files go first: an old "running" line must
# not let a test trigger before this run has attached.
START_ARGS=()   # the arguments of the last start, for json_keep
start() {
	rm -f "$W/out" "$W/err"
	START_ARGS=("$@")
	"$BL" "$@" >"$W/out" 2>"$W/err" &  # the caller's --duration or kill bounds it
	PID=$!
	BG_PIDS+=("$PID")
	for _ in $(seq 100); do
		grep -q -e '^running' -e '"type":"attach"' "$W/out" 2>/dev/null && return 0
		kill -0 $PID 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# finish: waits for the bpfload of start; its exit status in $RC.
finish() {
	wait $PID
	RC=$?
	json_keep "$W/out" "${START_ARGS[@]}"
}

# cli_summary: the last line, and the exit status (1 if any test failed).
cli_summary() {
	echo "$((N_OK + N_FAIL + N_SKIP)) tests: $N_OK ok, $N_FAIL failed, $N_SKIP skipped"
	[ "$N_FAIL" -eq 0 ]
}
