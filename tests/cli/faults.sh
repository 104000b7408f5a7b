#!/usr/bin/env bash
# tests/cli/faults.sh — what `bpfload run` and `bpfload verify` say when
# the machine, not the object, is in the way: no privileges (a user, or
# root without CAP_BPF / CAP_PERFMON / CAP_SYS_ADMIN: bpf(2) fails with
# EPERM), no bpffs where maps are pinned, tracefs unmounted and no right
# to mount it. Each: exit status 1, one line on stderr that says what
# failed and what to do, nothing on stdout. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/faults.sh
#
# Needs root (to become a user or drop capabilities with setpriv, and to
# unmount in a private mount namespace with `unshare -m`; both are
# util-linux); skipped without. The
# library-level tests of the same faults are in tests/host/test_faults.c.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
TRACE_OBJ=$BUILD/bpf-progs/fchmodat_trace.bpf.o	# a map and a tracepoint
NOMAP_OBJ=$BUILD/asm-tests/tp_minimal.o		# a tracepoint, no map
PIN_OBJ=$BUILD/bpf-progs/test_btf_maps.bpf.o	# bm_pinned: LIBBPF_PIN_BY_NAME
cli_name=cli-faults

for f in "$BL" "$TRACE_OBJ" "$NOMAP_OBJ" "$PIN_OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

NEED='bpfload needs root, or CAP_BPF and CAP_PERFMON'

# as CMD...: runs CMD (bpfload and its arguments) with stdout, stderr and
# RC captured, under a 20 s limit.
as() {
	timeout -k 2 20 "$@" >"$W/out" 2>"$W/err"
	RC=$?
}

as_nobody() {
	as setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"
}

# without_caps "-CAP,-CAP" CMD...: root with those capabilities dropped
# from its bounding set, so that the command starts without them.
without_caps() {
	local drop=$1
	shift
	as setpriv --bounding-set="$drop" "$@"
}

# one_error ERE: exit status 1, stdout empty, exactly one stderr line,
# "bpfload: ..." matching ERE.
one_error() {
	expect_rc 1 || return
	stdout_empty || return
	[ "$(wc -l <"$W/err")" -eq 1 ] || why "expected one line on stderr, got: $(errtext)" || return
	grep -Eq -- "^bpfload: $1" "$W/err" || why "stderr does not match /^bpfload: $1/: $(errtext)"
}

# ----------------------------------------------------------- privileges

test_run_as_nobody() {
	as_nobody "$BL" run "$TRACE_OBJ" --duration 1
	one_error "$TRACE_OBJ: map fchmodat_calls: BPF_MAP_CREATE failed: EPERM.*; $NEED\$"
}

test_verify_as_nobody() {
	as_nobody "$BL" verify "$NOMAP_OBJ"
	one_error "$NOMAP_OBJ: program tp_minimal .*BPF_PROG_LOAD failed with EPERM; $NEED\$"
}

# --json: the same message, as the one error object on stdout.
test_verify_json_as_nobody() {
	as_nobody "$BL" verify "$TRACE_OBJ" --json
	expect_rc 1 || return
	[ "$(wc -l <"$W/out")" -eq 1 ] || why "expected one line on stdout: $(one_line "$(cat "$W/out")")" || return
	grep -Eq "^\\{\"type\":\"error\",\"message\":\".*; $NEED\"\\}\$" "$W/out" ||
		why "no error object with the message: $(one_line "$(cat "$W/out")")"
}

test_run_root_without_caps() {
	without_caps -sys_admin,-bpf,-perfmon "$BL" run "$TRACE_OBJ" --duration 1
	one_error "$TRACE_OBJ: map fchmodat_calls: .*EPERM.*; $NEED\$"
}

# CAP_BPF without CAP_PERFMON: the map is created, the tracing program
# refused.
test_verify_cap_bpf_only() {
	without_caps -sys_admin,-perfmon "$BL" verify "$TRACE_OBJ"
	one_error "$TRACE_OBJ: program trace_fchmodat .*EPERM; $NEED\$"
}

# ------------------------------------------------------ bpffs and tracefs

# /sys/fs/bpf without bpffs (unmounted in a private mount namespace).
test_no_bpffs_default() {
	as unshare -m sh -c 'umount -l /sys/fs/bpf 2>/dev/null; exec "$@"' sh "$BL" verify "$PIN_OBJ"
	one_error "$PIN_OBJ: map bm_pinned: is pinned by name at /sys/fs/bpf/bm_pinned, but /sys/fs/bpf is not in the BPF file system.*mount -t bpf bpf /sys/fs/bpf\$"
}

# --pin-path a plain directory: named, and left empty.
test_no_bpffs_pin_path() {
	mkdir -p "$W/plain"
	as "$BL" run "$PIN_OBJ" --pin-path "$W/plain" --duration 1
	one_error "$PIN_OBJ: map bm_pinned: is pinned by name at $W/plain/bm_pinned, but $W/plain is not in the BPF file system.*mount -t bpf bpf $W/plain\$" || return
	[ -z "$(ls -A "$W/plain")" ] || why "left in $W/plain: $(ls -A "$W/plain")"
}

# tracefs unmounted, and CAP_SYS_ADMIN (needed to mount it) dropped: the
# program loads, attaching its tracepoint cannot find the event's id.
test_no_tracefs_no_mount() {
	as unshare -m sh -c 'umount -l /sys/kernel/tracing 2>/dev/null; umount -l /sys/kernel/debug 2>/dev/null
		exec setpriv --bounding-set=-sys_admin "$@"' sh "$BL" run "$TRACE_OBJ" --duration 1
	expect_rc 1 || return
	grep -Eq "^bpfload: $TRACE_OBJ: tracefs is not mounted and mounting it on /sys/kernel/tracing failed \\(EPERM: mounting needs root.*mount -t tracefs tracefs /sys/kernel/tracing'\$" "$W/err" ||
		why "no error saying tracefs cannot be mounted: $(errtext)"
}

if [ "$IS_ROOT" -ne 1 ]; then
	for n in run_as_nobody verify_as_nobody verify_json_as_nobody run_root_without_caps \
		verify_cap_bpf_only no_bpffs_default no_bpffs_pin_path no_tracefs_no_mount; do
		skip "$n" "needs root"
	done
	cli_summary
	exit
fi

if command -v setpriv >/dev/null 2>&1; then
	t run_as_nobody test_run_as_nobody
	t verify_as_nobody test_verify_as_nobody
	t verify_json_as_nobody test_verify_json_as_nobody
	t run_root_without_caps test_run_root_without_caps
	t verify_cap_bpf_only test_verify_cap_bpf_only
else
	for n in run_as_nobody verify_as_nobody verify_json_as_nobody run_root_without_caps \
		verify_cap_bpf_only; do
		skip "$n" "no setpriv (util-linux)"
	done
fi
if unshare -m true 2>/dev/null && command -v setpriv >/dev/null 2>&1; then
	t no_bpffs_default test_no_bpffs_default
	t no_tracefs_no_mount test_no_tracefs_no_mount
else
	skip no_bpffs_default "unshare -m or setpriv does not work here"
	skip no_tracefs_no_mount "unshare -m or setpriv does not work here"
fi
t no_bpffs_pin_path test_no_bpffs_pin_path

cli_summary
