#!/usr/bin/env bash
# tests/cli/arch.sh — black-box tests of `bpfload regs` and `bpfload
# syscall` (loader/cli/regs.c, loader/cli/syscall.c), and of the generated
# PT_REGS_* macros on the running kernel. Run by `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/arch.sh
#
# Same conventions as tests/cli/commands.sh: "ok NAME", "FAIL NAME: why" or
# "skip NAME: why" per test, a summary, exit status 1 if any failed.
# JSON output is checked with python3. The expected values come from the
# kernel's headers and calling conventions (docs/arch.md); the full x86_64
# syscall list is compared with <asm/unistd_64.h> itself.
#
# Two tests need root: one loads build/bpf-progs/test_syscall_regs.bpf.o
# (a raw tracepoint on sys_enter that reads the user's registers with
# PT_REGS_PARMn_SYSCALL) and makes a getppid call with six chosen
# arguments; the other has the verifier check every PT_REGS_* macro in
# kprobe programs (build/bpf-progs/test_pt_regs.bpf.o, loaded, not attached).

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
PROGS=$BUILD/bpf-progs
REGS_OBJ=$PROGS/test_syscall_regs.bpf.o
PT_REGS_OBJ=$PROGS/test_pt_regs.bpf.o
UNISTD_X86_64=${BL_UNISTD_X86_64:-/usr/include/x86_64-linux-gnu/asm/unistd_64.h}

for f in "$BL" "$REGS_OBJ" "$PT_REGS_OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL setup: python3 is needed to check the JSON output"
	exit 1
fi

case $(uname -m) in
x86_64) NATIVE=x86_64 ;;
aarch64) NATIVE=arm64 ;;
*) NATIVE= ;;
esac

cli_name=cli-arch
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# has FILE ERE: a line of FILE matches.
has() {
	grep -Eq -- "$2" "$1" || why "no line matches /$2/ in $(basename "$1"): $(one_line "$(head -c 300 "$1")")"
}

# pycheck CODE ARGS...: runs CODE with L = the JSON Lines of $W/out (each
# a dict with a "type"), A = ARGS and check(cond, msg); its message is the
# failure reason.
cat >"$W/chk.py" <<'PY'
import json, sys
class Fail(Exception):
    pass
def check(cond, msg):
    if not cond:
        raise Fail(msg)
def main():
    code, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    try:
        text = open(path, 'rb').read().decode('utf-8')
        check(text == '' or text.endswith('\n'), 'the last stdout line has no newline')
        L = []
        for n, line in enumerate(text.split('\n')[:-1] if text else [], 1):
            try:
                d = json.loads(line)
            except ValueError as e:
                raise Fail('stdout line %d is not JSON (%s): %r' % (n, e, line[:200]))
            check(isinstance(d, dict) and isinstance(d.get('type'), str),
                  'stdout line %d is not an object with a "type": %r' % (n, line[:200]))
            L.append(d)
        exec(code, dict(L=L, A=args, check=check, Fail=Fail, of=lambda t: [d for d in L if d['type'] == t]))
    except Fail as e:
        print(e)
        return 1
    except Exception as e:
        print('check raised %s: %s' % (type(e).__name__, e))
        return 1
    return 0
sys.exit(main())
PY

pycheck() {
	local code=$1 msg
	shift
	msg=$(python3 "$W/chk.py" "$code" "$W/out" "$@") || why "$msg"
}

# ---------------------------------------------------------------- usage

test_help() {
	bl "$1" --help
	expect_rc 0 && stderr_empty && has "$W/out" "^usage: bpfload $1 " || return
	bl "$1" -h
	expect_rc 0 && has "$W/out" "^usage: bpfload $1 "
}

test_listed_in_usage() {
	bl --help
	expect_rc 0 && has "$W/out" '^  regs +[a-z]' && has "$W/out" '^  syscall +[a-z]'
}

test_usage_error() { # EXPECTED-STDERR-ERE ARGS...
	local ere=$1
	shift
	bl "$@"
	expect_rc 2 && stdout_empty && has "$W/err" "$ere" && has "$W/err" "Try 'bpfload $1 --help'"
}

# ---------------------------------------------------------------- regs

# regs_row FILE NAME OFFSET SIZE: the table row of register NAME.
regs_row() {
	has "$1" "^$2 +([a-z_0-9]+ +)?$3 +$4( |\$)"
}

test_regs_x86_64_text() {
	bl regs x86_64
	expect_rc 0 && stderr_empty || return
	has "$W/out" '^x86_64: the context of a kprobe program is struct pt_regs' || return
	regs_row "$W/out" r15 0 8 && regs_row "$W/out" di 112 8 && regs_row "$W/out" si 104 8 &&
		regs_row "$W/out" orig_ax 120 8 && regs_row "$W/out" ip 128 8 &&
		regs_row "$W/out" sp 152 8 && regs_row "$W/out" ss 160 8 && regs_row "$W/out" r10 56 8 ||
		return
	# function call: 4th in cx; system call: 4th in r10
	sed -n '/^function call/,/^$/p' "$W/out" >"$W/fn"
	sed -n '/^system call/,/^$/p' "$W/out" >"$W/sc"
	has "$W/fn" '^  argument 1 is in di \(offset 112\)' && has "$W/fn" '^  argument 4 is in cx ' &&
		has "$W/fn" '^  argument 6 is in r9 ' && ! grep -q 'argument 7' "$W/fn" || return
	has "$W/sc" '__x64_sys_NAME, since Linux 4\.17' && has "$W/sc" '^  argument 1 is in di ' &&
		has "$W/sc" '^  argument 4 is in r10 \(offset 56\)' && has "$W/sc" '^  argument 6 is in r9 ' ||
		return
	has "$W/out" '^return value +ax ' && has "$W/out" '^stack pointer +sp ' &&
		has "$W/out" '^instruction pointer +ip ' && has "$W/out" '^frame pointer +bp ' &&
		has "$W/out" '^syscall function +__x64_sys_NAME'
}

test_regs_arm64_text() {
	bl regs arm64
	expect_rc 0 && stderr_empty || return
	regs_row "$W/out" x0 0 8 && regs_row "$W/out" x29 232 8 && regs_row "$W/out" x30 240 8 &&
		regs_row "$W/out" sp 248 8 && regs_row "$W/out" pc 256 8 &&
		regs_row "$W/out" pstate 264 8 && regs_row "$W/out" orig_x0 272 8 || return
	sed -n '/^function call/,/^$/p' "$W/out" >"$W/fn"
	sed -n '/^system call/,/^$/p' "$W/out" >"$W/sc"
	has "$W/fn" '^  argument 1 is in x0 \(offset 0\)' && has "$W/fn" '^  argument 8 is in x7 ' || return
	has "$W/sc" '__arm64_sys_NAME, since Linux 4\.19' &&
		has "$W/sc" '^  argument 1 is in orig_x0 \(offset 272\)' && has "$W/sc" '^  argument 2 is in x1 ' &&
		! grep -q 'argument 7' "$W/sc" || return
	has "$W/out" '^return value +x0 ' && has "$W/out" '^instruction pointer +pc ' &&
		has "$W/out" '^frame pointer +x29 '
}

test_regs_json() { # ARCH
	bl regs "$1" --json
	expect_rc 0 && stderr_empty || return
	pycheck '
arch = A[0]
a = of("arch")
check(len(a) == 1, "%d arch lines" % len(a))
a = a[0]
regs = {d["name"]: d for d in of("register")}
check(len(L) == 1 + len(regs), "lines other than arch and register")
want = {
    "x86_64": dict(n=21, regs=dict(r15=0, bp=32, r10=56, ax=80, cx=88, dx=96, si=104, di=112,
                                   orig_ax=120, ip=128, cs=136, flags=144, sp=152, ss=160),
                   args=["di", "si", "dx", "cx", "r8", "r9"],
                   sargs=["di", "si", "dx", "r10", "r8", "r9"],
                   ret="ax", sp="sp", ip="ip", fp="bp", prefix="__x64_sys_", target="x86",
                   alias=dict(di="rdi", ip="rip", flags="eflags", orig_ax="orig_rax")),
    "arm64": dict(n=35, regs=dict(x0=0, x1=8, x7=56, x29=232, x30=240, sp=248, pc=256, pstate=264,
                                  orig_x0=272),
                  args=["x%d" % i for i in range(8)],
                  sargs=["orig_x0", "x1", "x2", "x3", "x4", "x5"],
                  ret="x0", sp="sp", ip="pc", fp="x29", prefix="__arm64_sys_", target="arm64",
                  alias=dict(x29="fp", x30="lr")),
}[arch]
check(a["name"] == arch, "name %r" % a["name"])
check(len(regs) == want["n"], "%d registers, expected %d" % (len(regs), want["n"]))
for name, off in want["regs"].items():
    check(name in regs, "no register %s" % name)
    check(regs[name]["offset"] == off and regs[name]["size"] == 8,
          "%s at %r size %r, expected %d size 8" % (name, regs[name]["offset"], regs[name]["size"], off))
    check(regs[name]["arch"] == arch, "register line arch %r" % regs[name]["arch"])
for name, alias in want["alias"].items():
    check(regs[name]["alias"] == alias, "%s alias %r, expected %r" % (name, regs[name]["alias"], alias))
offs = [d["offset"] for d in of("register")]
check(offs == sorted(offs), "registers not in offset order")
check(a["args"] == want["args"], "args %r" % a["args"])
check(a["syscall_args"] == want["sargs"], "syscall_args %r" % a["syscall_args"])
for k in "ret", "sp", "ip", "fp":
    key = "return" if k == "ret" else k
    check(a[key] == want[k], "%s is %r, expected %r" % (key, a[key], want[k]))
check(a["syscall_prefix"] == want["prefix"], "prefix %r" % a["syscall_prefix"])
check(a["bpf_target"] == want["target"], "bpf_target %r" % a["bpf_target"])
check(isinstance(a["syscalls"], int) and a["syscalls"] > 250, "syscalls %r" % a["syscalls"])
check("syscall argument 1" in regs[want["sargs"][0]]["holds"], "holds of %s: %r"
      % (want["sargs"][0], regs[want["sargs"][0]]["holds"]))
' "$1"
}

# ARCH and ALIAS print the same; no ARCH is this machine's.
test_regs_alias() { # ARCH ALIAS
	bl regs "$1"
	expect_rc 0 || return
	cp "$W/out" "$W/out.1"
	bl regs "$2"
	expect_rc 0 || return
	cmp -s "$W/out" "$W/out.1" || why "'regs $2' differs from 'regs $1'"
}

test_regs_native() {
	bl regs "$NATIVE"
	cp "$W/out" "$W/out.1"
	bl regs
	expect_rc 0 && stderr_empty || return
	cmp -s "$W/out" "$W/out.1" || why "'regs' differs from 'regs $NATIVE'"
}

# ---------------------------------------------------------------- syscall

test_syscall_name() { # ARCH NAME NR
	bl syscall "$2" --arch "$1"
	expect_rc 0 && stderr_empty || return
	[ "$(wc -l <"$W/out")" -eq 1 ] || why "expected one line: $(one_line "$(cat "$W/out")")" || return
	local pfx=__x64_sys_
	[ "$1" = arm64 ] && pfx=__arm64_sys_
	has "$W/out" "^$1: $2 = $3, function $pfx$2\$"
}

test_syscall_number() { # ARCH NR NAME
	bl syscall "$2" -a "$1"
	expect_rc 0 && stderr_empty && has "$W/out" "^$1: $3 = $(($2)), "
}

test_syscall_spellings() {
	local s
	for s in openat sys_openat __NR_openat __x64_sys_openat 257 0x101; do
		bl syscall "$s" --arch x86_64
		expect_rc 0 && has "$W/out" '^x86_64: openat = 257, function __x64_sys_openat$' || return
	done
	bl syscall __arm64_sys_openat --arch aarch64
	expect_rc 0 && has "$W/out" '^arm64: openat = 56, ' || return
	# another architecture's prefix is not stripped
	bl syscall __arm64_sys_openat --arch x86_64
	expect_rc 2
}

test_syscall_native() {
	bl syscall getppid --arch "$NATIVE"
	cp "$W/out" "$W/out.1"
	bl syscall getppid
	expect_rc 0 && stderr_empty || return
	cmp -s "$W/out" "$W/out.1" || why "'syscall getppid' differs from '--arch $NATIVE'"
}

test_syscall_json() {
	bl syscall fchmodat 110 --arch x86_64 --json
	expect_rc 0 && stderr_empty || return
	pycheck '
s = of("syscall")
check(len(s) == 2 and len(L) == 2, "expected two syscall lines: %r" % L)
check(s[0] == dict(type="syscall", arch="x86_64", name="fchmodat", nr=268,
                   function="__x64_sys_fchmodat"), "line 1: %r" % s[0])
check(s[1]["name"] == "getppid" and s[1]["nr"] == 110, "line 2: %r" % s[1])
' || return
	bl syscall fchmodat --arch arm64 --json
	expect_rc 0 && pycheck '
check(L == [dict(type="syscall", arch="arm64", name="fchmodat", nr=53,
                 function="__arm64_sys_fchmodat")], "%r" % L)'
}

test_syscall_unknown() {
	bl syscall nosuch_call --arch x86_64
	expect_rc 2 && stdout_empty && has "$W/err" "x86_64 has no system call named 'nosuch_call'" || return
	bl syscall 99999 --arch x86_64
	expect_rc 2 && stdout_empty && has "$W/err" 'x86_64 has no system call number 99999' || return
	bl syscall 99999999999999999999 --arch arm64
	expect_rc 2 && has "$W/err" 'arm64 has no system call number 99999999999999999999' || return
	# open(2) exists on x86_64, not on arm64 (asm-generic has only openat)
	bl syscall open --arch arm64
	expect_rc 2 && has "$W/err" "arm64 has no system call named 'open'" || return
	# the known ones are printed, the unknown one is named, exit 2 (a
	# name the architecture does not have is a usage error)
	bl syscall openat nosuch_call getppid --arch x86_64
	expect_rc 2 && has "$W/out" '^x86_64: openat = 257' && has "$W/out" '^x86_64: getppid = 110' &&
		has "$W/err" "'nosuch_call'"
}

test_syscall_unknown_json() {
	bl syscall nosuch_call 300000 --json --arch arm64
	expect_rc 2 && pycheck '
e = of("error")
check(len(e) == 2 and len(L) == 2, "expected two error lines: %r" % L)
check("nosuch_call" in e[0]["message"] and "300000" in e[1]["message"], "%r" % e)'
}

# Every __NR_ of <asm/unistd_64.h>, and nothing else, read here by python.
test_syscall_list_x86_64() {
	[ -r "$UNISTD_X86_64" ] || { why "cannot read $UNISTD_X86_64"; return; }
	bl syscall --list --arch x86_64 --json
	expect_rc 0 && stderr_empty || return
	pycheck '
import re
want = {}
for line in open(A[0]):
    m = re.match(r"#define __NR_(\w+)\s+(\d+)\s*$", line)
    if m:
        want[m.group(1)] = int(m.group(2))
check(len(want) > 300, "only %d __NR_ in %s" % (len(want), A[0]))
got = {d["name"]: d["nr"] for d in of("syscall")}
check(len(got) == len(of("syscall")) == len(L), "duplicate names or other lines")
check(got == want, "differs from %s: only in bpfload %r, only in the header %r, different %r" % (A[0],
      sorted(set(got) - set(want))[:5], sorted(set(want) - set(got))[:5],
      [k for k in got if k in want and got[k] != want[k]][:5]))
nrs = [d["nr"] for d in of("syscall")]
check(nrs == sorted(nrs), "not in number order")
' "$UNISTD_X86_64" || return
	# the text form: one "  NR  NAME" line each
	bl syscall --list --arch x86_64
	expect_rc 0 && has "$W/out" '^ 268  fchmodat$' && [ "$(wc -l <"$W/out")" -eq "$(grep -c '^#define __NR_' "$UNISTD_X86_64")" ] ||
		why "the text list has $(wc -l <"$W/out") lines"
}

test_syscall_list_arm64() {
	bl syscall --list --arch arm64 --json
	expect_rc 0 && pycheck '
got = {d["name"]: d["nr"] for d in of("syscall")}
for name, nr in dict(io_setup=0, fcntl=25, fchmodat=53, openat=56, newfstatat=79, getppid=173,
                     mmap=222, bpf=280, clone3=435).items():
    check(got.get(name) == nr, "%s is %r, expected %d" % (name, got.get(name), nr))
for name in "open", "stat", "fork", "syscalls", "arch_specific_syscall":
    check(name not in got, "%s should not be there" % name)'
}

# ---------------------------------------------------------------- on the kernel

# A getppid call whose six arguments are chosen: the raw tracepoint program
# reads them from the user's pt_regs with PT_REGS_PARMn_SYSCALL.
test_run_syscall_regs() {
	local nr pid i
	bl syscall getppid --json
	nr=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["nr"])' <"$W/out") ||
		{ why "no getppid number"; return; }
	"$BL" run "$REGS_OBJ" --duration 3 --json >"$W/run.out" 2>"$W/run.err" &
	pid=$!
	BG_PIDS+=("$pid")
	for ((i = 0; i < 50; i++)); do
		grep -q '"type":"attach"' "$W/run.out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '"type":"attach"' "$W/run.out" ||
		{ why "not attached: $(one_line "$(head -c 300 "$W/run.err")")"; return; }
	python3 -c '
import ctypes, sys
libc = ctypes.CDLL(None)
libc.syscall.restype = ctypes.c_long
args = [int(sys.argv[1]), 0xb1f10ad5ca11, 2, 3, 4, 5, 6]
r = libc.syscall(*[ctypes.c_long(a) for a in args])
sys.exit(0 if r > 0 else 1)' "$nr" || { why "the getppid call failed"; return; }
	wait "$pid"
	RC=$?
	BG_PIDS=()
	[ "$RC" -eq 0 ] || { why "run exit status $RC: $(one_line "$(head -c 300 "$W/run.err")")"; return; }
	cp "$W/run.out" "$W/out"
	pycheck '
d = [m for m in of("map_dump") if m["name"] == "syscall_regs"]
check(len(d) == 1, "no dump of syscall_regs")
v = {}
for e in d[0]["entries"]:
    k = int.from_bytes(bytes.fromhex(e["key"].replace(" ", "")), "little")
    v[k] = int.from_bytes(bytes.fromhex(e["value"].replace(" ", "")), "little")
check(v.get(1) == 0xb1f10ad5ca11, "argument 1 not seen (the program stores only when it is the marker): %r" % v)
check(v.get(0) == int(A[0]), "syscall number %r, expected getppid = %s" % (v.get(0), A[0]))
for n in range(2, 7):
    check(v.get(n) == n, "PT_REGS_PARM%d_SYSCALL read %#x, expected %d" % (n, v.get(n, -1), n))
check(0 < v.get(7, 0) < 1 << 48, "PT_REGS_IP_SYSCALL read %#x, not a user address" % v.get(7, 0))
' "$nr"
}

test_verify_pt_regs() {
	bl verify "$PT_REGS_OBJ"
	expect_rc 0 && has "$W/out" '^pt_regs_function +accepted' && has "$W/out" '^pt_regs_syscall +accepted'
}

# ---------------------------------------------------------------- run them

for c in regs syscall; do
	t "help_$c" test_help "$c"
	t "unknown_option_${c}_exit_2" test_usage_error "unknown option '--bogus'" "$c" --bogus
	t "unknown_arch_${c}_exit_2" test_usage_error "unknown architecture 'sparc' \\(known: x86_64, arm64, arm\\)" \
		"$c" $([ "$c" = syscall ] && echo openat --arch) sparc
done
t usage_lists_regs_and_syscall test_listed_in_usage
t regs_extra_operand_exit_2 test_usage_error "unexpected argument 'arm64'" regs x86_64 arm64
t syscall_missing_operand_exit_2 test_usage_error "missing the system call" syscall
t syscall_arch_needs_argument_exit_2 test_usage_error "'--arch' needs an argument" syscall openat --arch
t syscall_list_with_operand_exit_2 test_usage_error "--list takes no NAME" syscall --list openat

t regs_x86_64_text test_regs_x86_64_text
t regs_arm64_text test_regs_arm64_text
t regs_x86_64_json test_regs_json x86_64
t regs_arm64_json test_regs_json arm64
t regs_alias_amd64 test_regs_alias x86_64 amd64
t regs_alias_x86 test_regs_alias x86_64 x86
t regs_alias_aarch64 test_regs_alias arm64 aarch64
if [ -n "$NATIVE" ]; then
	t regs_native test_regs_native
	t syscall_native test_syscall_native
else
	skip regs_native "no table for $(uname -m)"
	skip syscall_native "no table for $(uname -m)"
fi

t syscall_fchmodat_x86_64 test_syscall_name x86_64 fchmodat 268
t syscall_fchmodat_arm64 test_syscall_name arm64 fchmodat 53
t syscall_openat_x86_64 test_syscall_name x86_64 openat 257
t syscall_openat_arm64 test_syscall_name arm64 openat 56
t syscall_getppid_x86_64 test_syscall_name x86_64 getppid 110
t syscall_getppid_arm64 test_syscall_name arm64 getppid 173
t syscall_268_x86_64 test_syscall_number x86_64 268 fchmodat
t syscall_53_arm64 test_syscall_number arm64 53 fchmodat
t syscall_0x10c_x86_64 test_syscall_number x86_64 0x10c fchmodat
t syscall_spellings test_syscall_spellings
t syscall_json test_syscall_json
t syscall_unknown_exit_1 test_syscall_unknown
t syscall_unknown_json_exit_1 test_syscall_unknown_json
t syscall_list_x86_64_is_unistd_64_h test_syscall_list_x86_64
t syscall_list_arm64 test_syscall_list_arm64

if [ "$NATIVE" = x86_64 ] || [ "$NATIVE" = arm64 ]; then
	rt run_syscall_regs_on_kernel test_run_syscall_regs
	rt verify_pt_regs_macros test_verify_pt_regs
else
	skip run_syscall_regs_on_kernel "no table for $(uname -m)"
	skip verify_pt_regs_macros "no table for $(uname -m)"
fi

cli_summary
