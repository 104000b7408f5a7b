#!/usr/bin/env bash
# tests/cli/commands.sh — black-box tests of the bpfload command line, run by
# `make cli-check` as
#
#     BL_BUILD_DIR=build bash tests/cli/commands.sh
#
# Each test prints "ok NAME", "FAIL NAME: why" or "skip NAME: why"; a
# summary follows, and the exit status is 1 if any test failed.
#
# Tests that load programs need root; without it they are skipped. The
# rest (usage, inspect, bad input) run as any user. JSON output is checked
# with python3 (no jq): every stdout line must be valid UTF-8 and a JSON
# object with a "type" field. That a program or map id is gone from the
# kernel is checked with bpf(BPF_PROG_GET_FD_BY_ID / BPF_MAP_GET_FD_BY_ID)
# from python3's ctypes, so bpftool is not needed either.
#
# Note: trace_pipe has one reader at a time. The run tests that expect a
# bpf_printk line can fail if something else (another bpfload run, a
# `cat trace_pipe`) reads it at the same moment.

set -u

BUILD=${BL_BUILD_DIR:-build}
BL=$BUILD/bpfload
PROGS=$BUILD/bpf-progs
ASM=$BUILD/asm-tests
MAPS_OBJ=$PROGS/test_maps.bpf.o
REJECT_OBJ=$PROGS/test_reject.bpf.o
COUNT_OBJ=$PROGS/syscall_count.bpf.o
CHMOD_OBJ=$PROGS/fchmodat_trace.bpf.o
MISSING_TP_OBJ=$ASM/attach_missing_tp.o
SYSCALL_EVENT_OBJ=$ASM/attach_syscall_event_raw_tp.o

for f in "$BL" "$MAPS_OBJ" "$REJECT_OBJ" "$COUNT_OBJ" "$CHMOD_OBJ"; do
	if [ ! -e "$f" ]; then
		echo "FAIL setup: $f is missing (run make first)"
		exit 1
	fi
done
if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL setup: python3 is needed to check the JSON output"
	exit 1
fi

cli_name=cli
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# ms: a monotonic-enough clock in milliseconds.
ms() {
	date +%s%3N
}

# alive PID: running and not a zombie.
alive() {
	[ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# start_bg OUTFILE ERRFILE ARGS...: bpfload in the background; PID in BGPID.
declare -A BG_OUT BG_ARGS # per pid, for json_keep
start_bg() {
	local out=$1 err=$2
	shift 2
	"$BL" "$@" >"$out" 2>"$err" &
	BGPID=$!
	BG_PIDS+=("$BGPID")
	BG_OUT[$BGPID]=$out BG_ARGS[$BGPID]="$*"
}

# finish_bg PID: waits for it (it must have exited); status in RC.
finish_bg() {
	local p keep=()
	wait "$1"
	RC=$?
	# shellcheck disable=SC2086 # the arguments, split again
	[ -p "${BG_OUT[$1]:-}" ] || json_keep "${BG_OUT[$1]:-}" ${BG_ARGS[$1]:-}
	for p in "${BG_PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	BG_PIDS=("${keep[@]}")
}

kill_bg() {
	kill -KILL "$1" 2>/dev/null
	finish_bg "$1"
}

# wait_line FILE ERE PID TENTHS: until a line of FILE matches, while PID lives.
wait_line() {
	local i
	for ((i = 0; i < $4; i++)); do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		alive "$3" || break
		sleep 0.1
	done
	grep -Eq -- "$2" "$1" 2>/dev/null && return 0
	why "no line matching /$2/ within $(($4 / 10)) s; output: $(one_line "$(head -c 300 "$1")")"
}

# wait_exit PID TENTHS: returns 1 if PID still runs after that long.
wait_exit() {
	local i
	for ((i = 0; i < $2; i++)); do
		alive "$1" || return 0
		sleep 0.1
	done
	! alive "$1"
}

# The python side: checks of JSON Lines and text output, an ELF reader
# for the expected values, and the bpf() id probe.
cat >"$W/chk.py" <<'PY'
import ctypes, errno, json, os, platform, re, struct, sys, time

class Fail(Exception):
    pass

def check(cond, msg):
    if not cond:
        raise Fail(msg)

def load_json_lines(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        raise Fail('%s: stdout is not valid UTF-8: %s' % (path, e))
    check(text == '' or text.endswith('\n'), 'the last stdout line has no newline')
    lines = text.split('\n')[:-1] if text else []
    out = []
    for n, line in enumerate(lines, 1):
        try:
            d = json.loads(line)
        except ValueError as e:
            raise Fail('stdout line %d is not JSON (%s): %r' % (n, e, line[:200]))
        check(isinstance(d, dict), 'stdout line %d is not a JSON object: %r' % (n, line[:200]))
        check(isinstance(d.get('type'), str), 'stdout line %d has no string "type": %r' % (n, line[:200]))
        out.append(d)
    return out

def elf(path):
    """Sections of an ELF64 file: {name: dict(type, size, flags, data)},
    the section count, and per REL section the (insn, symbol) pairs."""
    b = open(path, 'rb').read()
    check(b[:4] == b'\x7fELF' and b[4] == 2, '%s: not ELF64' % path)
    e = '<' if b[5] == 1 else '>'
    shoff, = struct.unpack_from(e + 'Q', b, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(e + 'HHH', b, 0x3a)
    hdrs = []
    for i in range(shnum):
        name, typ, flags, addr, off, size, link, info, align, entsize = \
            struct.unpack_from(e + 'IIQQQQIIQQ', b, shoff + i * shentsize)
        hdrs.append(dict(name=name, type=typ, flags=flags, off=off, size=size, link=link))
    strtab = hdrs[shstrndx]
    def s(tab, off):
        start = tab['off'] + off
        return b[start:b.index(b'\0', start)].decode()
    secs = {}
    for i, h in enumerate(hdrs):
        h['index'] = i
        h['sname'] = s(strtab, h['name']) if i else ''
        secs.setdefault(h['sname'], h)
    rels = {}
    for h in hdrs:
        if h['type'] != 9:  # SHT_REL
            continue
        symtab = hdrs[h['link']]
        symstr = hdrs[symtab['link']]
        pairs = []
        for k in range(h['size'] // 16):
            off, info = struct.unpack_from(e + 'QQ', b, h['off'] + 16 * k)
            st_name, = struct.unpack_from(e + 'I', b, symtab['off'] + 24 * (info >> 32))
            pairs.append((off // 8, s(symstr, st_name)))
        rels[h['sname']] = pairs
    return secs, shnum, rels

def le(hexstr):
    """A hex dump "01 00 00 00" as a number in this machine's byte order."""
    return int.from_bytes(bytes.fromhex(hexstr.replace(' ', '')), sys.byteorder)

# --- bpf(2) id probe
SYS_BPF = {'x86_64': 321, 'aarch64': 280, 'riscv64': 280}.get(platform.machine())
CMD = {'prog': 13, 'map': 14}  # BPF_PROG_GET_FD_BY_ID, BPF_MAP_GET_FD_BY_ID

def id_exists(kind, ident):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    attr = ctypes.create_string_buffer(struct.pack('=IIII', ident, 0, 0, 0), 16)
    fd = libc.syscall(ctypes.c_long(SYS_BPF), ctypes.c_long(CMD[kind]), attr, ctypes.c_long(16))
    if fd >= 0:
        os.close(fd)
        return True
    err = ctypes.get_errno()
    if err == errno.ENOENT:
        return False
    raise OSError(err, os.strerror(err))

def ids_main(mode, args):
    """ids exists|gone KIND ID [KIND ID ...]; exit 3: cannot tell."""
    if SYS_BPF is None:
        print('no bpf(2) syscall number known for %s' % platform.machine())
        return 3
    pairs = [(args[i], int(args[i + 1])) for i in range(0, len(args), 2)]
    deadline = time.monotonic() + 2.0  # the kernel frees after an RCU grace period
    while True:
        try:
            present = [(k, i) for k, i in pairs if id_exists(k, i)]
        except OSError as e:
            print('bpf(2) id lookup failed: %s' % e)
            return 3
        if mode == 'exists':
            if len(present) == len(pairs):
                return 0
            print('not in the kernel: %s' % ', '.join('%s id %d' % p for p in pairs if p not in present))
            return 1
        if not present:
            return 0
        if time.monotonic() > deadline:
            print('still in the kernel 2 s after exit: %s' % ', '.join('%s id %d' % p for p in present))
            return 1
        time.sleep(0.05)

def main():
    if sys.argv[1] == 'ids':
        return ids_main(sys.argv[2], sys.argv[3:])
    mode, path, code = sys.argv[1], sys.argv[2], sys.argv[3]
    env = dict(A=sys.argv[4:], check=check, elf=elf, le=le, re=re, os=os, Fail=Fail)
    try:
        if mode == 'json':
            L = load_json_lines(path)
            env['L'] = L
            env['of'] = lambda t: [d for d in L if d['type'] == t]
        else:
            env['T'] = open(path, 'rb').read().decode('utf-8', 'replace').split('\n')
        exec(code, env)
    except Fail as e:
        print(e)
        return 1
    except Exception as e:
        print('check raised %s: %s' % (type(e).__name__, e))
        return 1
    return 0

sys.exit(main())
PY

# jcheck FILE CODE ARGS...: FILE must be JSON Lines; then CODE (python,
# with L = the parsed lines, of(type), check(cond, msg), elf(path), le(hex)
# and A = ARGS) must not fail.
jcheck() {
	local msg
	msg=$(python3 "$W/chk.py" json "$@" 2>&1) || why "$msg"
}

# tcheck FILE CODE ARGS...: the same for text output, T = its lines.
tcheck() {
	local msg
	msg=$(python3 "$W/chk.py" text "$@" 2>&1) || why "$msg"
}

# ids_gone KIND ID ...: those kernel objects are freed (within 2 s).
# When that cannot be checked here, only notes it.
ids_gone() {
	local msg rc
	msg=$(python3 "$W/chk.py" ids gone "$@" 2>&1)
	rc=$?
	case $rc in
	0) return 0 ;;
	3) NOTE="ids not checked: $msg"; return 0 ;;
	*) why "$msg" ;;
	esac
}

ids_exist() {
	local msg rc
	msg=$(python3 "$W/chk.py" ids exists "$@" 2>&1)
	rc=$?
	case $rc in
	0 | 3) return 0 ;;
	*) why "$msg" ;;
	esac
}

# json_field FILE TYPE FIELD: the FIELD of the first TYPE line (empty if none).
json_field() {
	python3 - "$1" "$2" "$3" <<'PY' 2>/dev/null
import json, sys
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get('type') == sys.argv[2] and sys.argv[3] in d:
        print(d[sys.argv[3]])
        break
PY
}

# as_nobody CMD ARGS...: runs a command as user nobody (65534).
as_nobody() {
	if command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		su -s /bin/sh nobody -c "$(printf '%q ' "$@")"
	fi
}

can_be_nobody() {
	[ "$IS_ROOT" -eq 1 ] || return 1
	command -v setpriv >/dev/null 2>&1 || command -v su >/dev/null 2>&1 || return 1
	[ "$(as_nobody id -u 2>/dev/null)" = 65534 ]
}

# ------------------------------------------------------------ usage tests

test_version() {
	bl --version
	expect_rc 0 || return
	stderr_empty || return
	[ "$(wc -l <"$W/out")" -eq 1 ] || why "expected one line, got: $(one_line "$(cat "$W/out")")" || return
	grep -Eq '^bpfload [0-9]+\.[0-9]+\.[0-9]+$' "$W/out" ||
		why "not 'bpfload x.y.z': $(cat "$W/out")"
}

test_top_help() {
	bl --help
	expect_rc 0 || return
	grep_in "$W/out" '^usage: bpfload' "top-level help" || return
	local c
	for c in run verify inspect; do
		grep_in "$W/out" "^  $c " "command $c listed" || return
	done
}

test_no_args() {
	bl
	expect_rc 2 || return
	stdout_empty || return
	grep_in "$W/err" 'usage:' "usage text on stderr"
}

test_unknown_command() {
	bl frobnicate "$MAPS_OBJ"
	expect_rc 2 || return
	stdout_empty || return
	grep_in "$W/err" "frobnicate" "the unknown command is named"
}

test_cmd_help() { # CMD
	local opt
	for opt in --help -h; do
		bl "$1" "$opt"
		expect_rc 0 || return
		stderr_empty || return
		head -n1 "$W/out" | grep -Eq "^usage: bpfload $1 OBJ" ||
			why "$1 $opt: first line is not 'usage: bpfload $1 OBJ ...': $(head -n1 "$W/out")" || return
	done
}

test_unknown_option() { # CMD
	bl "$1" --frobnicate "$W/no-such.o"
	expect_rc 2 || return
	stdout_empty || return
	grep_in "$W/err" "bpfload $1 --help" "hint to --help"
}

test_missing_obj() { # CMD
	bl "$1"
	expect_rc 2 || return
	stdout_empty || return
	grep_in "$W/err" 'missing' "says OBJ is missing" || return
	bl "$1" --json
	expect_rc 2
}

test_extra_operand() { # CMD
	bl "$1" "$MAPS_OBJ" "$MAPS_OBJ"
	expect_rc 2 || return
	stdout_empty
}

# An object that does not exist: if a bad duration were accepted, the
# exit status would be 1 (cannot open), not 2, and nothing gets loaded.
test_duration_invalid() {
	local v
	for v in abc 0 -1 1x nan inf ''; do
		bl run --duration "$v" "$W/no-such.o"
		[ "$RC" -eq 2 ] || why "--duration '$v': exit status $RC, expected 2; stderr: $(errtext)" || return
		stdout_empty || return
	done
	bl run --duration abc "$W/no-such.o"
	grep_in "$W/err" "'abc'" "the bad value is named" || return
	bl run "$W/no-such.o" --duration
	[ "$RC" -eq 2 ] || why "--duration without a value: exit status $RC, expected 2"
}

test_duration_valid() {
	# a valid duration passes option parsing: the failure is the object's (1)
	bl run --duration 0.5 "$W/no-such.o"
	expect_rc 1
}

# ---------------------------------------------------------- inspect tests

# What inspect must say about test_maps.bpf.o, computed from the ELF
# itself: section sizes (insns = size / 8), section count, relocations.
INSPECT_EXPECT='
secs, shnum, rels = elf(A[0])
progs = {
    "on_getppid": ("tracepoint/syscalls/sys_enter_getppid", "tracepoint", "tracepoint", "syscalls/sys_enter_getppid"),
    "on_sys_exit": ("raw_tp/sys_exit", "raw_tracepoint", "raw_tracepoint", "sys_exit"),
}
maps = {
    "counts": ("hash", 4, 8, 128),
    "hits": ("array", 4, 16, 4),
    "percpu": ("percpu_array", 4, 8, 2),
}
insns = {p: secs[v[0]]["size"] // 8 for p, v in progs.items()}
relocs = sorted((p, i, s) for p, v in progs.items() for i, s in rels[".rel" + v[0]])
check(len(relocs) == 5, "test_maps.bpf.o should have 5 relocations, the ELF has %r" % relocs)
'

test_inspect_text() {
	bl inspect "$MAPS_OBJ"
	expect_rc 0 || return
	stderr_empty || return
	tcheck "$W/out" "$INSPECT_EXPECT"'
check(T[0].split() == ["object", A[0]], "first line: %r" % T[0])
check(T[1] == "license \"GPL\"", "second line: %r" % T[1])
sec_lines = [l for l in T if l.startswith("section ")]
check(len(sec_lines) == shnum - 1, "%d section lines, the ELF has %d sections" % (len(sec_lines), shnum - 1))
for p, (sec, ptype, att, target) in progs.items():
    want = r"^program\s+%s\s+section\s+%s\s+type\s+%s\s+attach\s+%s\s+%s,\s+(\d+) insns$" % (
        p, re.escape(sec), ptype, att, re.escape(target))
    m = [re.match(want, l) for l in T]
    m = [x for x in m if x]
    check(len(m) == 1, "no line /%s/" % want)
    check(int(m[0].group(1)) == insns[p], "%s: %s insns, the section has %d" % (p, m[0].group(1), insns[p]))
check(len([l for l in T if l.startswith("program ")]) == 2, "not exactly 2 program lines")
for n, (mtype, ks, vs, me) in maps.items():
    want = r"^map\s+%s\s+type\s+%s\s+key %d value %d max_entries %d flags 0x0$" % (n, mtype, ks, vs, me)
    check(any(re.match(want, l) for l in T), "no line /%s/" % want)
check(len([l for l in T if l.startswith("map ")]) == 3, "not exactly 3 map lines")
got = sorted((m.group(1), int(m.group(2)), m.group(3)) for m in
             (re.match(r"^reloc\s+(\S+)\s+insn\s+(\d+)\s+map\s+->\s+(\S+)$", l) for l in T) if m)
check(len([l for l in T if l.startswith("reloc ")]) == len(got), "a reloc line of another form")
check(got == relocs, "relocations %r, the ELF says %r" % (got, relocs))
' "$MAPS_OBJ"
}

test_inspect_json() {
	bl inspect --json "$MAPS_OBJ"
	expect_rc 0 || return
	stderr_empty || return
	jcheck "$W/out" "$INSPECT_EXPECT"'
types = {d["type"] for d in L}
check(types <= {"object", "section", "program", "map", "relocation", "min_kernel", "kernel_req"}, "unexpected types %r" % types)
o = of("object")
check(len(o) == 1 and L[0] is o[0], "not one object line, first")
o = o[0]
check(o["path"] == A[0] and o["license"] == "GPL", "object line %r" % o)
check((o["sections"], o["programs"], o["maps"]) == (shnum, 2, 3), "object counts %r, ELF has %d sections" % (o, shnum))
sl = of("section")
check(len(sl) == shnum - 1, "%d section lines for %d sections" % (len(sl), shnum - 1))
by_index = {h["index"]: h for h in secs.values()}
for s in sl:
    h = by_index.get(s["index"])
    check(h and h["sname"] == s["name"] and h["size"] == s["size"], "section %r does not match the ELF" % s)
    check(s["exec"] == bool(h["flags"] & 4), "section %r: exec flag" % s)
pl = {d["name"]: d for d in of("program")}
check(sorted(pl) == sorted(progs) and len(of("program")) == 2, "programs %r" % sorted(pl))
for p, (sec, ptype, att, target) in progs.items():
    d = pl[p]
    check((d["section"], d["prog_type"], d["attach"], d["target"]) == (sec, ptype, att, target), "program %r" % d)
    check(d["insns"] == insns[p], "%s: insns %r, the section has %d" % (p, d["insns"], insns[p]))
    n = len([r for r in relocs if r[0] == p])
    check(d["relocations"] == n, "%s: relocations %r, the ELF has %d" % (p, d["relocations"], n))
ml = {d["name"]: d for d in of("map")}
check(sorted(ml) == sorted(maps) and len(of("map")) == 3, "maps %r" % sorted(ml))
for n, (mtype, ks, vs, me) in maps.items():
    d = ml[n]
    check((d["map_type"], d["key_size"], d["value_size"], d["max_entries"], d["map_flags"]) == (mtype, ks, vs, me, 0), "map %r" % d)
rl = of("relocation")
check(all(r["kind"] == "map" for r in rl), "relocation kinds %r" % rl)
got = sorted((r["program"], r["insn"], r["symbol"]) for r in rl)
check(got == relocs, "relocations %r, the ELF says %r" % (got, relocs))
' "$MAPS_OBJ"
}

# Every object of the build: inspect succeeds (or fails with one error
# line), and the counts on the object line match the lines that follow.
test_inspect_all_objects() {
	local f n=0
	for f in "$PROGS"/*.o "$ASM"/*.o; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		bl inspect --json "$f"
		if [ "$RC" -eq 0 ]; then
			jcheck "$W/out" '
o = of("object")
check(len(o) == 1, "%s: %d object lines" % (A[0], len(o)))
o = o[0]
check(o["programs"] == len(of("program")), "%s: programs %d, %d lines" % (A[0], o["programs"], len(of("program"))))
check(o["maps"] == len(of("map")), "%s: maps %d, %d lines" % (A[0], o["maps"], len(of("map"))))
check(o["sections"] == len(of("section")) + 1, "%s: sections %d, %d lines" % (A[0], o["sections"], len(of("section"))))
check(sum(p["relocations"] for p in of("program")) == len(of("relocation")), "%s: relocation count" % A[0])
' "$f" || return
		elif [ "$RC" -eq 1 ]; then
			jcheck "$W/out" 'check(len(L) == 1 and L[0]["type"] == "error", "%s: exit 1 without one error line" % A[0])' "$f" || return
		else
			why "$f: exit status $RC; stderr: $(errtext)" || return
		fi
	done
	[ "$n" -gt 0 ] || why "no objects found in $PROGS and $ASM"
}

# inspect as user nobody: same output as root's, byte for byte.
test_inspect_nobody() {
	local opt
	cp "$BL" "$W/bpfload" && cp "$MAPS_OBJ" "$W/test_maps.bpf.o" || why "cannot copy to $W" || return
	chmod 755 "$W/bpfload" && chmod 644 "$W/test_maps.bpf.o"
	for opt in --json ""; do
		as_nobody "$W/bpfload" inspect $opt "$W/test_maps.bpf.o" >"$W/nobody.out" 2>"$W/nobody.err"
		RC=$?
		[ "$RC" -eq 0 ] || why "inspect $opt as nobody: exit status $RC: $(one_line "$(head -c 300 "$W/nobody.err")")" || return
		"$W/bpfload" inspect $opt "$W/test_maps.bpf.o" >"$W/root.out" 2>&1
		cmp -s "$W/nobody.out" "$W/root.out" || why "inspect $opt: output as nobody differs from root's" || return
		[ -s "$W/nobody.out" ] || why "inspect $opt as nobody: no output" || return
	done
}

# ------------------------------------------------------------ bad input

mk_bad_inputs() {
	local size
	printf 'this is not an object file\n' >"$W/text.o"
	: >"$W/empty.o"
	size=$(wc -c <"$MAPS_OBJ")
	head -c 100 "$MAPS_OBJ" >"$W/trunc100.o"
	head -c $((size / 2)) "$MAPS_OBJ" >"$W/trunchalf.o"
	mkdir -p "$W/a-directory.o"
	HAVE_X86=0
	if command -v cc >/dev/null 2>&1; then
		printf 'int bpfload_cli_test;\n' >"$W/host.c"
		cc -c -o "$W/host.o" "$W/host.c" 2>/dev/null && HAVE_X86=1
	fi
}

# What the message must say, per kind of bad input.
bad_pattern() {
	case $1 in
	text) echo 'not an ELF|ELF magic' ;;
	empty) echo 'not an ELF|empty|too small|truncated' ;;
	host) echo 'machine|EM_BPF' ;;
	trunc100 | trunchalf) echo 'truncated' ;;
	no-such) echo 'ENOENT|No such file|does not exist' ;;
	a-directory) echo 'regular file|directory|EISDIR' ;;
	esac
}

test_bad_input() { # CMD KIND
	local cmd=$1 kind=$2 path="$W/$2.o" pat
	pat=$(bad_pattern "$kind")
	# text mode: exit 1, one line on stderr, nothing on stdout
	bl "$cmd" "$path"
	expect_rc 1 || return
	stdout_empty || return
	[ "$(wc -l <"$W/err")" -eq 1 ] || why "text: stderr should be one line, is: $(errtext)" || return
	grep -q "^bpfload: " "$W/err" || why "text: stderr does not start with 'bpfload: ': $(errtext)" || return
	grep -qF -- "$path" "$W/err" || why "text: the message does not name $path: $(errtext)" || return
	grep -Eq -- "$pat" "$W/err" || why "text: the message does not match /$pat/: $(errtext)" || return
	# --json: exit 1, one error line on stdout, nothing on stderr
	bl "$cmd" --json "$path"
	expect_rc 1 || return
	stderr_empty || return
	jcheck "$W/out" '
check(len(L) == 1, "--json: expected 1 stdout line, got %d" % len(L))
d = L[0]
check(d["type"] == "error" and isinstance(d.get("message"), str), "--json: not an error line: %r" % d)
check(A[0] in d["message"], "--json: the message does not name %s: %r" % (A[0], d["message"]))
check(re.search(A[1], d["message"]), "--json: the message does not match /%s/: %r" % (A[1], d["message"]))
' "$path" "$pat"
}

# A file nobody may not read.
test_bad_input_unreadable() {
	local path="$W/unreadable.o"
	cp "$MAPS_OBJ" "$path" && chmod 000 "$path"
	as_nobody "$BL" inspect "$path" >"$W/out" 2>"$W/err"
	RC=$?
	expect_rc 1 || return
	stdout_empty || return
	{ [ "$(wc -l <"$W/err")" -eq 1 ] && grep -q "^bpfload: .*$path" "$W/err"; } ||
		why "expected one 'bpfload: ... $path' line on stderr: $(errtext)" || return
	grep -Eq 'EACCES|Permission denied' "$W/err" || why "does not say EACCES: $(errtext)"
}

# Quotes, backslashes and UTF-8 in a path come out as valid, exact JSON;
# control characters (tab, newline) as '?'.
test_json_escaping() {
	local path
	path="$W/$(printf 'we"ird\\na\tme\nwith é')"
	bl inspect --json "$path"
	expect_rc 1 || return
	jcheck "$W/out" '
check(len(L) == 1 and L[0]["type"] == "error", "expected one error line: %r" % L)
# Control characters become "?" (elf/error.c keeps every message one line).
want = "".join("?" if ord(ch) < 0x20 or ord(ch) == 0x7f else ch for ch in A[0])
check(L[0]["message"].startswith(want + ":"), "the path is not given back as %r: %r" % (want, L[0]["message"]))
' "$path"
}

# Bytes that are not UTF-8 (a path may hold any byte but '/' and NUL)
# still give valid JSON: each such byte comes back as \u00XX.
test_json_invalid_utf8() {
	local path
	path="$W/$(printf 'bad\377utf8\303')"
	bl inspect --json "$path"
	expect_rc 1 || return
	jcheck "$W/out" '
check(len(L) == 1 and L[0]["type"] == "error", "expected one error line: %r" % L)
want = A[0].encode("utf-8", "surrogateescape").decode("latin-1")
check(L[0]["message"].startswith(want + ":"), "bytes not kept as \\u00XX: %r" % L[0]["message"])
' "$path"
}

# -------------------------------------------------------------- verify

test_verify_reject_text() {
	bl verify "$REJECT_OBJ"
	expect_rc 1 || return
	grep_in "$W/out" '^bad +rejected +EACCES' "bad is rejected with EACCES" || return
	grep_in "$W/out" 'invalid mem access' "the verifier log of bad" || return
	grep_in "$W/out" '^good +accepted +[0-9]+ insns' "good is accepted"
}

test_verify_reject_json() {
	bl verify --json "$REJECT_OBJ"
	expect_rc 1 || return
	jcheck "$W/out" '
check({d["type"] for d in L} == {"program"}, "types %r" % {d["type"] for d in L})
p = {d["name"]: d for d in L}
check(sorted(p) == ["bad", "good"] and len(L) == 2, "programs %r" % sorted(p))
b, g = p["bad"], p["good"]
check(b["verdict"] == "rejected", "bad: verdict %r" % b["verdict"])
check(b.get("errno") == "EACCES", "bad: errno %r" % b.get("errno"))
check("invalid mem access" in b.get("log", ""), "bad: log %r" % b.get("log", "")[-300:])
check(g["verdict"] == "accepted", "good: verdict %r" % g["verdict"])
check("errno" not in g, "good has an errno: %r" % g)
check(isinstance(g.get("id"), int) and g["id"] > 0, "good: id %r" % g.get("id"))
'
}

test_verify_accept() {
	local id
	bl verify "$COUNT_OBJ"
	expect_rc 0 || return
	grep_in "$W/out" '^count_syscalls +accepted +[0-9]+ insns' "count_syscalls accepted" || return
	bl verify --json "$COUNT_OBJ"
	expect_rc 0 || return
	jcheck "$W/out" '
secs, shnum, rels = elf(A[0])
check(len(L) == 1 and L[0]["type"] == "program", "expected one program line: %r" % L)
d = L[0]
check(d["name"] == "count_syscalls" and d["verdict"] == "accepted", "%r" % d)
check(d["insns"] == secs[d["section"]]["size"] // 8, "insns %r, section size %d" % (d["insns"], secs[d["section"]]["size"]))
' "$COUNT_OBJ" || return
	# "Everything is released before exit"
	id=$(json_field "$W/out" program id)
	[ -n "$id" ] || why "no id in the verify --json line" || return
	ids_gone prog "$id"
}

# --skip leaves the rejected program out (exit 0); --prog names one to
# load alone; a name the object lacks is one error line, exit 2 (a usage
# error, as for every name given on the command line).
test_verify_select() {
	bl verify --skip bad "$REJECT_OBJ"
	expect_rc 0 || return
	grep_in "$W/out" '^bad +skipped' "bad skipped" || return
	grep_in "$W/out" '^good +accepted' "good accepted" || return
	bl verify --prog bad "$REJECT_OBJ"
	expect_rc 1 || return
	grep_in "$W/out" '^good +skipped' "good skipped" || return
	grep_in "$W/out" '^bad +rejected' "bad rejected" || return
	bl verify --prog no_such_prog "$REJECT_OBJ"
	expect_rc 2 || return
	[ "$(wc -l <"$W/err")" -eq 1 ] && grep -q "^bpfload: .*--prog no_such_prog.*no program of that name" "$W/err" ||
		why "expected one line naming --prog no_such_prog: $(errtext)"
}

test_verify_nobody() {
	as_nobody "$BL" verify "$MAPS_OBJ" >"$W/out" 2>"$W/err"
	RC=$?
	expect_rc 1 || return
	stdout_empty || return
	{ [ "$(wc -l <"$W/err")" -eq 1 ] && grep -q "^bpfload: .*$MAPS_OBJ" "$W/err"; } ||
		why "expected one 'bpfload: $MAPS_OBJ: ...' line on stderr: $(errtext)"
}

# ----------------------------------------------------------------- run

new_chmod_file() {
	# in /tmp, short: the BPF program copies at most 63 bytes of the path
	CHMOD_FILE=$(mktemp /tmp/bpfload-cli.XXXXXX) || return 1
	EXTRA_FILES+=("$CHMOD_FILE")
}

test_run_fchmodat_json() {
	local pid id
	new_chmod_file || why "mktemp failed" || return
	chmod 0600 "$CHMOD_FILE"
	start_bg "$W/run.out" "$W/run.err" run "$CHMOD_OBJ" --duration 2 --json
	pid=$BGPID
	wait_line "$W/run.out" '"type":"attach"' "$pid" 50 || { kill_bg "$pid"; return 1; }
	sleep 0.2
	chmod 0640 "$CHMOD_FILE"
	wait_exit "$pid" 60 || { kill_bg "$pid"; why "still running 6 s after a 2 s --duration"; return 1; }
	finish_bg "$pid"
	cp "$W/run.err" "$W/err"
	expect_rc 0 || return
	jcheck "$W/run.out" '
types = {d["type"] for d in L}
check(types <= {"program", "attach", "trace", "map_dump"}, "unexpected types %r" % types)
want = ["path=%s" % A[0], "mode=0640"]
tr = [d for d in of("trace") if all(w in d.get("message", "") for w in want)]
check(tr, "no trace line whose message has %r; trace lines: %r" % (want, [d.get("line") for d in of("trace")][:5]))
check(tr[0]["event"] == "bpf_trace_printk", "trace event %r" % tr[0]["event"])
md = [d for d in of("map_dump") if d["name"] == "fchmodat_calls"]
check(len(md) == 1, "no map_dump of fchmodat_calls")
check(any(le(e["value"]) > 0 for e in md[0]["entries"]), "fchmodat_calls has no non-zero entry: %r" % md[0]["entries"])
check(L[-1]["type"] == "map_dump", "the map dump is not last")
' "$CHMOD_FILE" || return
	id=$(json_field "$W/run.out" program id)
	[ -n "$id" ] || why "no program id" || return
	ids_gone prog "$id"
}

test_run_fchmodat_text() {
	local pid
	new_chmod_file || why "mktemp failed" || return
	chmod 0600 "$CHMOD_FILE"
	start_bg "$W/run.out" "$W/run.err" run "$CHMOD_OBJ" --duration 2
	pid=$BGPID
	wait_line "$W/run.out" '^attached ' "$pid" 50 || { kill_bg "$pid"; return 1; }
	sleep 0.2
	chmod 0604 "$CHMOD_FILE"
	wait_exit "$pid" 60 || { kill_bg "$pid"; why "still running 6 s after a 2 s --duration"; return 1; }
	finish_bg "$pid"
	cp "$W/run.err" "$W/err"
	expect_rc 0 || return
	stderr_empty || return
	grep -qF "path=$CHMOD_FILE mode=0604" "$W/run.out" ||
		why "no line with 'path=$CHMOD_FILE mode=0604': $(one_line "$(head -c 400 "$W/run.out")")" || return
	grep_in "$W/run.out" '^map fchmodat_calls ' "the map dump" || return
	grep_in "$W/run.out" '^  0 +[1-9][0-9]*$' "a non-zero count" || return
	[ "$(tail -n1 "$W/run.out")" = "detached; done" ] || why "last line is not 'detached; done': $(tail -n1 "$W/run.out")"
}

test_run_syscall_count_json() {
	local pid t0 t1
	t0=$(ms)
	start_bg "$W/run.out" "$W/run.err" run "$COUNT_OBJ" --duration 1 --json
	pid=$BGPID
	wait_exit "$pid" 60 || { kill_bg "$pid"; why "still running 6 s after a 1 s --duration"; return 1; }
	t1=$(ms)
	finish_bg "$pid"
	cp "$W/run.err" "$W/err"
	expect_rc 0 || return
	[ $((t1 - t0)) -ge 900 ] || why "--duration 1 ended after $((t1 - t0)) ms" || return
	# the map is keyed by tgid: bpfload's own system calls are counted
	jcheck "$W/run.out" '
md = [d for d in of("map_dump") if d["name"] == "syscall_count"]
check(len(md) == 1, "no map_dump of syscall_count")
e = md[0]["entries"]
check(len(e) >= 1, "syscall_count is empty")
mine = [x for x in e if le(x["key"]) == int(A[0])]
check(mine and le(mine[0]["value"]) > 0, "no non-zero entry for bpfload itself (tgid %s) among %d" % (A[0], len(e)))
' "$pid"
}

# trace_pipe takes one reader at a time: while another holds it, an
# object that never calls bpf_printk runs without a word about it, and
# one that does is told its lines will not be shown.
test_run_trace_pipe_only_for_printk() {
	local tp=/sys/kernel/tracing/trace_pipe rc_count err_count
	# a fresh machine has tracefs unmounted: mounted as bpfload would
	[ -r "$tp" ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	[ -r "$tp" ] || { NOTE="skipped: no $tp"; return 0; }
	exec 9<"$tp" || why "cannot open $tp" || return
	bl run "$COUNT_OBJ" --duration 0.3
	rc_count=$RC
	err_count=$(cat "$W/err")
	bl run "$CHMOD_OBJ" --duration 0.3
	exec 9<&-
	[ "$rc_count" -eq 0 ] || why "syscall_count: exit $rc_count: $err_count" || return
	case $err_count in
	*trace_pipe*) why "syscall_count (no bpf_printk) opened trace_pipe: $err_count"; return 1 ;;
	esac
	expect_rc 0 || return
	grep -q 'bpf_printk output will not be shown.*EBUSY' "$W/err" ||
		why "fchmodat_trace (bpf_printk) was not told trace_pipe is busy: $(cat "$W/err")"
}

# run without --duration, stopped by a signal.
test_run_signal() { # SIG
	local sig=$1 pid id
	start_bg "$W/run.out" "$W/run.err" run "$COUNT_OBJ" --json
	pid=$BGPID
	wait_line "$W/run.out" '"type":"attach"' "$pid" 50 || { kill_bg "$pid"; return 1; }
	id=$(json_field "$W/run.out" program id)
	[ -n "$id" ] || { kill_bg "$pid"; why "no program id in the output"; return 1; }
	ids_exist prog "$id" || { kill_bg "$pid"; return 1; }
	sleep 0.2
	kill -s "$sig" "$pid"
	wait_exit "$pid" 30 || { kill_bg "$pid"; why "still running 3 s after SIG$sig"; return 1; }
	finish_bg "$pid"
	cp "$W/run.err" "$W/err"
	expect_rc 0 || return
	jcheck "$W/run.out" '
md = [d for d in of("map_dump") if d["name"] == "syscall_count"]
check(len(md) == 1 and md[0]["entries"], "no non-empty map_dump of syscall_count")
' || return
	! [ -d "/proc/$pid" ] || why "/proc/$pid still exists" || return
	ids_gone prog "$id"
}

# Text mode, SIGINT: says so, and the program and the map are freed.
test_run_signal_text() {
	local pid prog_id map_id
	start_bg "$W/run.out" "$W/run.err" run "$COUNT_OBJ"
	pid=$BGPID
	wait_line "$W/run.out" '^running' "$pid" 50 || { kill_bg "$pid"; return 1; }
	prog_id=$(sed -n 's/^loaded .* id \([0-9]*\) .*/\1/p' "$W/run.out" | head -n1)
	[ -n "$prog_id" ] || { kill_bg "$pid"; why "no 'loaded ... id N' line"; return 1; }
	sleep 0.2
	kill -s INT "$pid"
	wait_exit "$pid" 30 || { kill_bg "$pid"; why "still running 3 s after SIGINT"; return 1; }
	finish_bg "$pid"
	cp "$W/run.err" "$W/err"
	expect_rc 0 || return
	[ "$(tail -n1 "$W/run.out")" = "detached; stopped by signal" ] ||
		why "last line is not 'detached; stopped by signal': $(tail -n1 "$W/run.out")" || return
	map_id=$(sed -n 's/^map syscall_count (hash, id \([0-9]*\)):.*$/\1/p' "$W/run.out")
	[ -n "$map_id" ] || why "no 'map syscall_count (hash, id N):' line" || return
	ids_gone prog "$prog_id" map "$map_id"
}

# The reader of --json goes away (`| head -n1`): SIGPIPE stops bpfload
# like the other signals, and it still detaches; what it wrote did not
# all arrive, so it exits 1 and says why (loader/cli/stdout.c).
test_run_sigpipe() {
	local pid hpid id i
	new_chmod_file || why "mktemp failed" || return
	mkfifo "$W/fifo" || why "mkfifo failed" || return
	start_bg "$W/fifo" "$W/run.err" run "$CHMOD_OBJ" --json
	pid=$BGPID
	head -n1 <"$W/fifo" >"$W/head.out" &
	hpid=$!
	BG_PIDS+=("$hpid")
	# something to print after head has gone: a trace line per chmod
	for ((i = 0; i < 50; i++)); do
		alive "$pid" || break
		chmod 0600 "$CHMOD_FILE"
		sleep 0.1
	done
	if alive "$hpid"; then
		kill_bg "$hpid"
	else
		finish_bg "$hpid"
	fi
	rm -f "$W/fifo"
	wait_exit "$pid" 30 || { kill_bg "$pid"; why "still running after its reader went away"; return 1; }
	finish_bg "$pid"
	cp "$W/run.err" "$W/err"
	expect_rc 1 || return
	grep -q "^bpfload: writing to stdout failed: EPIPE" "$W/err" || why "no EPIPE message: $(errtext)" || return
	id=$(json_field "$W/head.out" program id)
	[ -n "$id" ] || why "head did not get the program line: $(cat "$W/head.out")" || return
	ids_gone prog "$id"
}

# A program the verifier rejects: run says why and shows the log.
test_run_load_failure() {
	bl run --duration 1 --json "$REJECT_OBJ"
	expect_rc 1 || return
	jcheck "$W/out" '
types = [d["type"] for d in L]
check("attach" not in types and "map_dump" not in types, "types %r" % types)
err = of("error")
check(len(err) == 1 and "bad" in err[0]["message"] and "EACCES" in err[0]["message"], "error lines %r" % err)
vl = of("verifier_log")
check(len(vl) == 1 and vl[0]["program"] == "bad" and "invalid mem access" in vl[0]["log"], "verifier_log lines %r" % vl)
' || return
	bl run --duration 1 "$REJECT_OBJ"
	expect_rc 1 || return
	stdout_empty || return
	head -n1 "$W/err" | grep -q "^bpfload: .*$REJECT_OBJ.*EACCES" || why "first stderr line: $(head -n1 "$W/err")" || return
	grep_in "$W/err" '^verifier log of bad:' "the verifier log" || return
	grep_in "$W/err" 'invalid mem access' "the verifier log"
}

# One of two programs cannot attach: exit 1, and the one that did attach
# is detached and freed too.
test_run_attach_failure() {
	[ -e "$MISSING_TP_OBJ" ] || why "$MISSING_TP_OBJ is missing" || return
	bl run --duration 1 --json "$MISSING_TP_OBJ"
	expect_rc 1 || return
	jcheck "$W/out" '
err = of("error")
check(len(err) == 1 and "no_such_event" in err[0]["message"], "error lines %r" % err)
check(len(of("program")) == 2, "expected 2 program lines")
check(not of("attach") and not of("map_dump"), "attach or map_dump lines after a failed attach")
' || return
	# shellcheck disable=SC2046 # "prog ID" pairs, split on purpose
	ids_gone $(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["type"] == "program":
        print("prog", d["id"])
' "$W/out")
}

# raw_tp/sys_enter_openat: tracefs has that event, but it is made from the
# raw tracepoint sys_enter; the error says so.
test_run_raw_tp_syscall_event() {
	[ -e "$SYSCALL_EVENT_OBJ" ] || why "$SYSCALL_EVENT_OBJ is missing" || return
	bl run --duration 1 "$SYSCALL_EVENT_OBJ"
	expect_rc 1 || return
	grep_in "$W/err" 'BPF_RAW_TRACEPOINT_OPEN sys_enter_openat: ENOENT \(a syscall event of tracefs, not a raw tracepoint: use raw_tp/sys_enter and test the syscall number' "the error" || return
	grep_in "$W/err" 'or tracepoint/syscalls/sys_enter_openat\)' "the error"
}

# ------------------------------------------------------------------ main

t version test_version
t top_help test_top_help
t no_args_exit_2 test_no_args
t unknown_command_exit_2 test_unknown_command
for c in run verify inspect; do
	t "help_$c" test_cmd_help "$c"
	t "unknown_option_${c}_exit_2" test_unknown_option "$c"
	t "missing_obj_${c}_exit_2" test_missing_obj "$c"
	# verify takes several objects (verify_compare.sh tests that)
	[ "$c" = verify ] || t "extra_operand_${c}_exit_2" test_extra_operand "$c"
done
t run_duration_invalid_exit_2 test_duration_invalid
t run_duration_valid_parses test_duration_valid

t inspect_text test_inspect_text
t inspect_json test_inspect_json
t inspect_all_objects test_inspect_all_objects
if can_be_nobody; then
	t inspect_as_nobody test_inspect_nobody
elif [ "$IS_ROOT" -eq 1 ]; then
	skip inspect_as_nobody "cannot run commands as user nobody here"
else
	skip inspect_as_nobody "needs root (to switch to nobody); inspect_* ran unprivileged already"
fi

mk_bad_inputs
for kind in text empty host trunc100 trunchalf no-such a-directory; do
	for c in inspect verify run; do
		if [ "$kind" = host ] && [ "$HAVE_X86" -eq 0 ]; then
			skip "bad_input_${c}_$kind" "no C compiler to make a host ELF object"
			continue
		fi
		t "bad_input_${c}_$kind" test_bad_input "$c" "$kind"
	done
done
if can_be_nobody; then
	t bad_input_inspect_unreadable test_bad_input_unreadable
else
	skip bad_input_inspect_unreadable "needs root and user nobody"
fi
t json_escaping test_json_escaping
t json_invalid_utf8 test_json_invalid_utf8

rt verify_reject_text test_verify_reject_text
rt verify_reject_json test_verify_reject_json
rt verify_accept test_verify_accept
rt verify_select_programs test_verify_select
if can_be_nobody; then
	t verify_as_nobody_fails test_verify_nobody
else
	skip verify_as_nobody_fails "needs root and user nobody"
fi

rt run_fchmodat_json test_run_fchmodat_json
rt run_fchmodat_text test_run_fchmodat_text
rt run_syscall_count_json test_run_syscall_count_json
rt run_trace_pipe_only_for_printk test_run_trace_pipe_only_for_printk
for s in INT TERM HUP; do
	rt "run_stops_on_SIG$s" test_run_signal "$s"
done
rt run_stops_on_SIGINT_text test_run_signal_text
rt run_stops_on_SIGPIPE test_run_sigpipe
rt run_load_failure test_run_load_failure
rt run_attach_failure test_run_attach_failure
rt run_raw_tp_syscall_event test_run_raw_tp_syscall_event

cli_summary
