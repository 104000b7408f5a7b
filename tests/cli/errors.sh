#!/usr/bin/env bash
# tests/cli/errors.sh — errors that say what happened (issue 16, point 8):
#
#   - a write to stdout that fails (/dev/full: ENOSPC; a pipe whose
#     reader is gone: EPIPE) is exit 1 with "writing to stdout failed:
#     ERRNO" on stderr (loader/cli/stdout.c), for list, inspect,
#     --version and run (which stops, and detaches);
#   - an unprivileged user with CAP_BPF and CAP_PERFMON (it may load) for
#     whom tracefs is mode 0700 is told that root is needed, not that
#     tracefs "is not mounted" (loader/sys/tracefs.c), and so is selftest;
#   - an object built with -O0 (helper calls through function pointers:
#     callx, opcode 0x8d) is named as such, not "an older -mcpu";
#   - a name the command line gives that the object or the architecture
#     lacks (--map, --prog, --skip, --set, --event-type, syscall NAME) is
#     a usage error, exit 2, for run and verify alike, and the message
#     names the option and what the object has.
#
# Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/errors.sh
#
# Same conventions as tests/cli/commands.sh: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed. The
# loading tests need root; the -O0 one needs clang (make deps installs it).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
OBJ=$BUILD/bpf-progs/syscall_count.bpf.o	# raw_tracepoint, map syscall_count
TRACE_OBJ=$BUILD/bpf-progs/fchmodat_trace.bpf.o	# a tracepoint, bpf_printk
EXEC_OBJ=$BUILD/bpf-progs/exec_ringbuf.bpf.o	# a ring buffer
SRC=$(dirname "$0")/../..
cli_name=cli-errors

for f in "$BL" "$OBJ" "$TRACE_OBJ" "$EXEC_OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# ------------------------------------------------------ writing to stdout

# CMD... > /dev/full: exit 1 and the one message, naming stdout and ENOSPC.
full() {
	timeout -k 2 20 "$BL" "$@" >/dev/full 2>"$W/err"
	RC=$?
	expect_rc 1 || return
	grep -q "^bpfload: writing to stdout failed: ENOSPC (No space left on device)$" "$W/err" ||
		why "'$*' > /dev/full: $(errtext)"
}

test_full_disk() {
	full --version || return
	full inspect "$OBJ" || return
	full list uprobes "$BUILD/tests/uprobe/target" || return
	full syscall --list
}

test_full_disk_list_tracepoints() {
	full list tracepoints
}

# run: the first line ("running") cannot be written: the run stops at
# once (not after --duration), detaches, exit 1. (Whether it detached is
# not checked here: other runs on the machine load the same program.)
test_full_disk_run() {
	local t0 t1
	t0=$(date +%s)
	full run "$OBJ" --duration 8 || return
	t1=$(date +%s)
	[ $((t1 - t0)) -lt 6 ] || why "run went on for $((t1 - t0)) s with stdout failing"
}

# run | a reader that leaves: SIGPIPE stops the run, EPIPE is said, exit 1.
test_closed_pipe_run() {
	local rc
	rc=$( { timeout -k 2 20 "$BL" run "$OBJ" --duration 8 2>"$W/err"; echo $? >"$W/rc"; } | head -c 1 >/dev/null
		cat "$W/rc")
	RC=$rc
	expect_rc 1 || return
	grep -q "^bpfload: writing to stdout failed: EPIPE (Broken pipe): the reader of the pipe has gone$" "$W/err" ||
		why "closed pipe: $(errtext)"
}

# ---------------------------------------------------------- needs root

# With CAP_BPF and CAP_PERFMON an unprivileged user loads the program;
# tracefs, mode 0700, is root's: "needs root", not "not mounted".
test_tracefs_needs_root() {
	local d=/sys/kernel/tracing
	if setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$d/trace_pipe"; then
		NOTE="tracefs is readable by nobody here: nothing to check"
		return 0
	fi
	cp "$BL" "$W/bpfload" && cp "$TRACE_OBJ" "$W/trace.o" && chmod 755 "$W/bpfload" && chmod 644 "$W/trace.o"
	timeout -k 2 20 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+bpf,+perfmon \
		--ambient-caps=+bpf,+perfmon "$W/bpfload" run "$W/trace.o" --duration 1 >"$W/out" 2>"$W/err"
	RC=$?
	expect_rc 1 || return
	grep -q "^bpfload: $W/trace.o: tracefs at $d cannot be read by this user (EACCES.*needs root$" "$W/err" ||
		why "no 'needs root' for the tracepoint: $(errtext)" || return
	! grep -q "not mounted" "$W/err" || why "says 'not mounted': $(errtext)" || return
	# selftest's tracefs line, for a user without capabilities
	setpriv --reuid=65534 --regid=65534 --clear-groups "$W/bpfload" selftest >"$W/out" 2>"$W/err"
	grep -Eq "^tracefs +missing +mounted at $d, but this user cannot read it .*need root$" "$W/out" ||
		why "selftest as nobody: $(one_line "$(grep tracefs "$W/out")")"
}

# ---------------------------------------------------------------- -O0

# The project's own program built with -O0: the verdict says -O0 and -O2.
test_built_O0() {
	local cc=${CLANG:-clang} arch
	command -v "$cc" >/dev/null || { NOTE="no clang: not run"; return 0; }
	case $(uname -m) in aarch64) arch=arm64 ;; *) arch=x86 ;; esac
	"$cc" -O0 -g -target bpf -D__TARGET_ARCH_$arch -I"$SRC/bpf-progs" -I"$BUILD/gen" \
		-c "$SRC/bpf-progs/syscall_count.bpf.c" -o "$W/o0.o" 2>"$W/cc.err" ||
		why "clang -O0 failed: $(one_line "$(cat "$W/cc.err")")" || return
	if command -v llvm-objdump >/dev/null; then
		llvm-objdump -d "$W/o0.o" | grep -q callx || why "clang -O0 wrote no callx here" || return
	fi
	bl verify "$W/o0.o"
	expect_rc 1 || return
	grep -q "error: built-O0: an indirect call (callx, opcode 0x8d), which clang writes at -O0" "$W/out" ||
		why "class: $(one_line "$(cat "$W/out")")" || return
	grep -q "hint: built with -O0? BPF objects must be built with -O2 (clang -O2 -g -target bpf)" "$W/out" ||
		why "hint: $(one_line "$(cat "$W/out")")" || return
	! grep -q -- "-mcpu" "$W/out" || why "still hints at -mcpu: $(one_line "$(cat "$W/out")")"
}

# ------------------------------------------------------ usage errors: 2

# CMD...: exit 2, stdout empty, one line on stderr matching ERE ($1).
usage2() {
	local ere=$1
	shift
	bl "$@"
	expect_rc 2 || { WHY="'$*': $WHY"; return 1; }
	stdout_empty || return
	grep -Eq -- "$ere" "$W/err" || why "'$*': stderr does not match /$ere/: $(errtext)"
}

test_unknown_names() {
	local cmd
	for cmd in verify run; do
		usage2 "--map nosuch: the object has no map of that name \\(its maps: syscall_count\\)" \
			$cmd "$OBJ" --map nosuch.max_entries=4 || return
		usage2 "--prog nosuch: the object has no program of that name \\(its programs: count_syscalls\\)" \
			$cmd "$OBJ" --prog nosuch || return
		usage2 "--skip nosuch: the object has no program of that name" $cmd "$OBJ" --skip nosuch || return
		usage2 "no variable nosuch" $cmd "$OBJ" --set nosuch=1 || return
	done
	usage2 "--event-type no_such_type: no struct" run "$EXEC_OBJ" --event-type no_such_type || return
	usage2 "has no system call named 'nosuch'" syscall nosuch --arch x86_64 || return
	usage2 "unknown architecture" syscall openat --arch nosuch
}

# The man page documents the rule.
test_exit_status_documented() {
	local page=$SRC/docs/bpfload.1
	sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$page" >"$W/exit"
	grep -q "a name the object or the architecture does not have" "$W/exit" &&
		grep -q "writing to standard output failed" "$W/exit" ||
		why "EXIT STATUS of docs/bpfload.1 does not say it: $(one_line "$(cat "$W/exit")")"
}

t full_disk test_full_disk
rt full_disk_list_tracepoints test_full_disk_list_tracepoints
rt full_disk_run test_full_disk_run
rt closed_pipe_run test_closed_pipe_run
if command -v setpriv >/dev/null 2>&1; then
	rt tracefs_needs_root test_tracefs_needs_root
else
	skip tracefs_needs_root "no setpriv (util-linux)"
fi
rt built_O0 test_built_O0
t unknown_names test_unknown_names
t exit_status_documented test_exit_status_documented

cli_summary
