#!/usr/bin/env bash
# tests/cli/btf_min.sh — black-box tests of `bpfload btf min OBJ... [--btf
# FULL] -o OUT` (loader/cli/btf_min.c, elf/btf_min/, docs/btf-min.md):
# the file it writes is raw BTF that bpftool dumps and BPF_BTF_LOAD takes,
# loading the objects with --btf OUT gives what the full BTF gives, and
# bad input (truncated or garbage FULL, objects that need nothing, a
# FULL that lacks what a relocation asks for, an output that cannot be
# written) gets one clear line and no file. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/btf_min.sh
#
# The harness is tests/cli/lib.sh's. Needs /sys/kernel/btf/vmlinux as
# FULL (skips without); BPF_BTF_LOAD and verify need root.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
P=$BUILD/bpf-progs
VMLINUX=/sys/kernel/btf/vmlinux
CORE=$P/test_core.bpf.o
BENCH=$P/compat/bench_core.bpf.o

cli_name=cli-btf-min
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# btf_load FILE: BPF_BTF_LOAD (cmd 18, include/uapi/linux/bpf.h) of FILE
# through bpf(2); prints the kernel's log on failure.
btf_load() {
	python3 - "$1" <<'PY'
import ctypes, os, sys
data = open(sys.argv[1], 'rb').read()
buf = ctypes.create_string_buffer(data, len(data))
log = ctypes.create_string_buffer(65536)
class Attr(ctypes.Structure):
    _fields_ = [("btf", ctypes.c_uint64), ("btf_log_buf", ctypes.c_uint64),
                ("btf_size", ctypes.c_uint32), ("btf_log_size", ctypes.c_uint32),
                ("btf_log_level", ctypes.c_uint32), ("pad", ctypes.c_uint32 * 8)]
a = Attr(ctypes.addressof(buf), ctypes.addressof(log), len(data), len(log), 1)
libc = ctypes.CDLL(None, use_errno=True)
nr = {"x86_64": 321, "aarch64": 280}[os.uname().machine]
fd = libc.syscall(nr, 18, ctypes.byref(a), ctypes.sizeof(a))
if fd < 0:
    print("BPF_BTF_LOAD: %s: %s" % (os.strerror(ctypes.get_errno()), log.value.decode(errors="replace")[-400:]))
    sys.exit(1)
os.close(fd)
PY
}

test_usage() {
	bl btf
	expect_rc 2 || return
	grep_in "$W/err" 'subcommand' "no subcommand" || return
	bl btf max "$CORE" -o "$W/x.btf"
	expect_rc 2 || return
	bl btf min "$CORE"
	expect_rc 2 || return
	grep_in "$W/err" '-o OUT' "no output" || return
	bl btf min -o "$W/x.btf"
	expect_rc 2 || return
	[ ! -e "$W/x.btf" ] || why "a file was written on a usage error"
	bl btf --help
	expect_rc 0 || return
	grep_in "$W/out" 'usage: bpfload btf min OBJ' "help"
}

test_writes_core() {
	bl btf min "$CORE" "$BENCH" -o "$W/min.btf"
	expect_rc 0 || return
	grep_in "$W/out" "min.btf: [0-9]+ types, [0-9]+ bytes .*CO-RE relocations in 2 objects" "summary" || return
	# test_core has a relocation no kernel satisfies (bl_no_such_member): named
	grep_in "$W/err" 'test_core.bpf.o: program core_task: CO-RE relocation [0-9]+: byte_off of struct task_struct, field bl_no_such_member.*poisoned' \
		"the poisoned relocation" || return
	local n
	n=$(stat -c %s "$W/min.btf")
	[ "$n" -gt 24 ] && [ "$n" -lt 20000 ] || why "minimized BTF has $n bytes"
}

test_bpftool_dumps() {
	command -v bpftool >/dev/null || { NOTE="no bpftool, not checked"; return 0; }
	bpftool btf dump file "$W/min.btf" >"$W/dump" 2>&1 || why "bpftool btf dump: $(one_line "$(head -c 300 "$W/dump")")" || return
	grep_in "$W/dump" "STRUCT 'task_struct' size=[0-9]+ vlen=[0-9]+" "task_struct" || return
	grep_in "$W/dump" "'pid' type_id=" "pid member" || return
	# members not used are gone
	! grep -q "'mm' type_id=" "$W/dump" || why "task_struct kept its member mm"
}

test_btf_load() {
	local log
	log=$(btf_load "$W/min.btf") || why "$log" || return
	# with attach targets: FUNC, FUNC_PROTO, the btf_trace_ typedefs
	bl btf min "$P/test_tp_btf.bpf.o" "$P/test_fentry.bpf.o" "$P/test_lsm.bpf.o" "$P/test_iter.bpf.o" -o "$W/targets.btf"
	expect_rc 0 || return
	grep_in "$W/out" ' [1-9][0-9]* attach targets' "targets kept" || return
	log=$(btf_load "$W/targets.btf") || why "targets.btf: $log" || return
	# and a file that is no BTF is refused (so this test can fail)
	head -c 300 "$CORE" >"$W/not.btf"
	! btf_load "$W/not.btf" >/dev/null || why "BPF_BTF_LOAD took an ELF header"
}

# verify with --btf OUT says what it says with the full BTF.
test_verify_same() {
	local o
	for o in "$CORE" "$BENCH"; do
		bl verify "$o" --btf "$VMLINUX"
		sed '/^kernel BTF: /d' "$W/out" >"$W/full.out"
		bl verify "$o" --btf "$W/min.btf"
		expect_rc 0 || return
		grep_in "$W/out" "^kernel BTF: $W/min.btf \\(from --btf\\)$" "the line naming the file" || return
		sed -i '/^kernel BTF: /d' "$W/out"
		cmp -s "$W/out" "$W/full.out" || why "$(basename "$o"): verify --btf min.btf differs: $(one_line "$(diff "$W/full.out" "$W/out" | head -5)")" || return
		grep_in "$W/out" 'accepted' "$(basename "$o")" || return
	done
}

# Minimizing the minimized BTF changes nothing.
test_idempotent() {
	bl btf min "$CORE" "$BENCH" --btf "$W/min.btf" -o "$W/min2.btf"
	expect_rc 0 || return
	cmp -s "$W/min.btf" "$W/min2.btf" || why "minimizing min.btf again gives another file"
}

test_bad_full() {
	head -c 2000 "$VMLINUX" >"$W/trunc.btf"
	bl btf min "$CORE" --btf "$W/trunc.btf" -o "$W/o1.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'trunc.btf is not usable as FULL \(raw BTF wanted' "truncated" || return
	[ ! -e "$W/o1.btf" ] || why "a file was written for a truncated FULL" || return
	head -c 4096 /dev/urandom >"$W/garbage.btf"
	bl btf min "$CORE" --btf "$W/garbage.btf" -o "$W/o1.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'garbage.btf is not usable as FULL' "garbage" || return
	bl btf min "$CORE" --btf "$W/none.btf" -o "$W/o1.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'cannot read .*none.btf' "missing" || return
	# an ELF object is no raw BTF either
	bl btf min "$CORE" --btf "$CORE" -o "$W/o1.btf"
	expect_rc 1 || return
	[ ! -e "$W/o1.btf" ] || why "a file was written"
}

test_needs_nothing() {
	bl btf min "$P/test_maps.bpf.o" -o "$W/o2.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'test_maps.bpf.o: no CO-RE relocations and no BTF-attached programs' "warning" || return
	grep_in "$W/err" 'nothing to keep.*no file written' "error" || return
	[ ! -e "$W/o2.btf" ] || why "a file was written" || return
	# with one that needs something: the note, and a file
	bl btf min "$P/test_maps.bpf.o" "$CORE" -o "$W/o2.btf"
	expect_rc 0 || return
	[ -s "$W/o2.btf" ] || why "no file"
}

# A FULL that lacks what the object asks for: each relocation named.
test_mismatched_full() {
	bl btf min "$P/test_iter.bpf.o" -o "$W/iter.btf"
	expect_rc 0 || return
	bl btf min "$CORE" --btf "$W/iter.btf" -o "$W/o3.btf"
	grep_in "$W/err" 'test_core.bpf.o: program core_task: CO-RE relocation [0-9]+: .* of struct task_struct, field [a-z_.]+ .*no type of that name in FULL has it' \
		"relocation named" || return
	# only poisoned ones: nothing of FULL matched
	bl btf min "$P/test_core_poison.bpf.o" -o "$W/o4.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'CO-RE relocation 0: byte_off of struct task_struct___bl_gone, field bl_no_such_member' "poisoned named" || return
	[ ! -e "$W/o4.btf" ] || why "a file was written"
}

test_bad_output() {
	bl btf min "$CORE" -o "$W/no/such/dir/x.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'cannot create .*x.btf' "message"
}

test_bad_object() {
	head -c 100 "$CORE" >"$W/cut.o"
	bl btf min "$W/cut.o" -o "$W/o5.btf"
	expect_rc 1 || return
	grep_in "$W/err" 'cut.o' "names the object" || return
	[ ! -e "$W/o5.btf" ] || why "a file was written"
}

t usage test_usage
t bad-object test_bad_object
t bad-output test_bad_output
if [ ! -r "$VMLINUX" ]; then
	for n in writes-core bpftool-dumps btf-load verify-same idempotent bad-full needs-nothing mismatched-full; do
		skip "$n" "no $VMLINUX (kernel without CONFIG_DEBUG_INFO_BTF)"
	done
else
	t writes-core test_writes_core
	t bpftool-dumps test_bpftool_dumps
	rt btf-load test_btf_load
	rt verify-same test_verify_same
	t idempotent test_idempotent
	t bad-full test_bad_full
	t needs-nothing test_needs_nothing
	t mismatched-full test_mismatched_full
fi
cli_summary
