#!/bin/sh
# tests/compat/compat.sh — the compatibility table (docs/compat.md), run
# by `make compat` from the top of the tree once the tools are built:
#
#     BL_BUILD_DIR=build BL_MAKE=make COMPAT_STRICT=1 COMPAT_VM=1 sh tests/compat/compat.sh
#
# 1. The corpus. Debian's libbpf-tools package for amd64 (the candidate
#    version of `apt-cache show`), fetched with `apt-get download` and
#    unpacked into $BL_BUILD_DIR/compat/deb/ once per version; every
#    regular file of its /usr/sbin (the links, ext4dist -> fsdist and the
#    like, are the same programs) goes through tests/compat/extract.c,
#    which cuts out the BPF object each tool's skeleton embeds:
#    $BL_BUILD_DIR/compat/corpus/libbpf-tools/TOOL.bpf.o. The examples of
#    README.md are a second, smaller set (corpus/examples/).
# 2. The host: tests/compat/run.sh on each set (root, x86_64); then
#    tests/compat/tools_run.sh runs libbpf-tools' tp_btf tools
#    (runqlat, hardirqs, softirqs, biolatency) and checks their data.
# 3. The x86_64 VM with Debian's 6.1 kernel: tests/vm/vm-check.sh with
#    BL_VM_SUITE=compat (tests/vm/compat.d), whose console log holds each
#    set's table between marker lines.
# 4. $BL_BUILD_DIR/compat/table.md: every table with its summary line;
#    the summary lines are printed too.
#
# 5. With COMPAT_DOCS=1, the part of docs/compat.md between the lines
#    "<!-- compat-table: begin -->" and "<!-- compat-table: end -->"
#    becomes table.md (less its title, its headings one level down).
#
# Exits 1 when, on some machine, bpfload does not load an object that
# libbpf loads (COMPAT_STRICT=0: reported only), or when a run that could
# start did not finish. Without libbpf-tools (no network, not Debian), a
# non-x86_64 host or qemu, the part concerned is skipped with one line.
set -eu

BUILD=${BL_BUILD_DIR:-build}
STRICT=${COMPAT_STRICT:-1}
VMRUN=${COMPAT_VM:-1}
OUT=$BUILD/compat
CORPUS=$OUT/corpus
EXTRACT=$BUILD/tests/compat/extract
LIBBPF_LOAD=$BUILD/static/x86_64/libbpf_load
BPFLOAD=$BUILD/bpfload
RUN=tests/compat/run.sh
# The examples of README.md (bpf-progs/), built for the host.
EXAMPLES="syscall_count fchmodat_trace fchmodat_raw kfree_skb_count exec_ringbuf
	open_perfbuf unlink_trace uprobe_trace bashreadline latency_hist"
FAILED=0

say() {
	printf '%s\n' "$*"
}

# libbpf_tools_dir: the unpacked package of the candidate version (fetched
# when not cached), or the newest cached one when apt cannot give it.
libbpf_tools_dir() {
	ver=$(apt-cache show --no-all-versions libbpf-tools:amd64 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1) || ver=""
	if [ -n "$ver" ]; then
		d=$OUT/deb/libbpf-tools_$(printf '%s' "$ver" | tr ':~' '__')
		if [ ! -e "$d/.done" ]; then
			rm -rf "$d"
			mkdir -p "$d"
			if (cd "$d" && apt-get download -q "libbpf-tools:amd64=$ver" >download.log 2>&1) &&
				dpkg-deb -x "$d"/libbpf-tools_*.deb "$d/root"; then
				rm -f "$d"/*.deb "$d/download.log"
				say "$ver" >"$d/.done"
			else
				sed 's/^/    /' "$d/download.log" >&2 || true
				rm -rf "$d"
			fi
		fi
		if [ -e "$d/.done" ]; then
			say "$d"
			return 0
		fi
	fi
	# shellcheck disable=SC2012 # our own names
	ls -1dt "$OUT"/deb/libbpf-tools_*/.done 2>/dev/null | head -n 1 | sed 's|/\.done$||'
}

# extract_selfcheck: the extractor on a made-up binary holding two of the
# examples between other bytes must give back both, byte for byte, and
# nothing else; 1 (with a FAIL line) when it does not.
extract_selfcheck() {
	d=$OUT/selfcheck
	a=$BUILD/bpf-progs/fchmodat_trace.bpf.o b=$BUILD/bpf-progs/latency_hist.bpf.o
	rm -rf "$d"
	mkdir -p "$d/out"
	{
		printf 'a binary \177ELF, not one\n'
		cat "$a"
		printf '\177ELF\002\001\001 cut short'
		cat "$b"
		printf 'trailing bytes\n'
	} >"$d/tool"
	if "$EXTRACT" "$d/out" "$d/tool" >"$d/log" 2>&1 && cmp -s "$a" "$d/out/tool.bpf.o" &&
		cmp -s "$b" "$d/out/tool.2.bpf.o" && [ "$(find "$d/out" -type f | wc -l)" -eq 2 ]; then
		rm -rf "$d"
		return 0
	fi
	say "FAIL compat: $EXTRACT did not give back the two objects of $d/tool ($d/log)"
	FAILED=1
	return 1
}

# corpus: corpus/libbpf-tools and corpus/examples; 1 when there is no
# libbpf-tools to take objects from.
corpus() {
	rm -rf "$CORPUS"
	mkdir -p "$CORPUS/libbpf-tools" "$CORPUS/examples"
	for e in $EXAMPLES; do
		cp "$BUILD/bpf-progs/$e.bpf.o" "$CORPUS/examples/"
	done
	if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
		say "SKIP compat: no apt-get or dpkg-deb to fetch Debian's libbpf-tools"
		return 1
	fi
	extract_selfcheck || return 1
	dir=$(libbpf_tools_dir)
	if [ -z "$dir" ]; then
		say "SKIP compat: Debian's libbpf-tools (amd64) is not available (apt-get download libbpf-tools:amd64 failed)"
		return 1
	fi
	LBT_VERSION=$(cat "$dir/.done")
	find "$dir/root/usr/sbin" -type f | LC_ALL=C sort >"$OUT/tools.list"
	N_TOOLS=$(wc -l <"$OUT/tools.list")
	# shellcheck disable=SC2046 # file names without blanks
	"$EXTRACT" "$CORPUS/libbpf-tools" $(cat "$OUT/tools.list") >"$OUT/extract.log"
	N_OBJS=$(find "$CORPUS/libbpf-tools" -name '*.bpf.o' | wc -l)
	say "compat: corpus: $N_OBJS BPF objects from the $N_TOOLS programs of libbpf-tools $LBT_VERSION (amd64), and the $(echo "$EXAMPLES" | wc -w) examples"
	if [ "$N_OBJS" -eq 0 ]; then
		say "FAIL compat: no BPF object found in libbpf-tools (see $OUT/extract.log)"
		FAILED=1
		return 1
	fi
}

# run_host: host-SET.md for each set.
run_host() {
	rm -f "$OUT"/host-*.md
	if [ "$(uname -m)" != x86_64 ]; then
		say "SKIP compat host: $(uname -m): the corpus is built for x86_64"
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		say "SKIP compat host: loading programs needs root"
		return 0
	fi
	for set in libbpf-tools examples; do
		sh "$RUN" "$BPFLOAD" "$LIBBPF_LOAD" "$CORPUS/$set"/*.bpf.o >"$OUT/host-$set.md"
	done
	HOST_KERNEL="Linux $(uname -r) $(uname -m)"
	# the tp_btf tools run, and show their data
	sh tests/compat/tools_run.sh "$BPFLOAD" "$CORPUS/libbpf-tools" | sed 's/^/compat host run: /' >"$OUT/tools_run.out"
	cat "$OUT/tools_run.out"
	if grep -q '^compat host run: FAIL' "$OUT/tools_run.out"; then
		FAILED=1
	fi
}

# run_vm: vm-SET.md for each set, cut out of the VM's console log.
run_vm() {
	rm -f "$OUT"/vm-*.md
	[ "$VMRUN" = 1 ] || {
		say "SKIP compat vm: COMPAT_VM=0"
		return 0
	}
	log=$BUILD/vm/x86_64-6.1-compat.log
	rm -f "$log"
	t0=$(date +%s)
	rc=0
	BL_VM_ARCHES=x86_64 BL_VM_KERNELS=6.1 BL_VM_SUITE=compat BL_BUILD_DIR=$BUILD sh tests/vm/vm-check.sh >"$OUT/vm.out" 2>&1 || rc=$?
	VM_SECONDS=$(($(date +%s) - t0))
	grep -E '^(ok|FAIL|SKIP|note) vm-check' "$OUT/vm.out" || true
	if [ "$rc" -ne 0 ]; then
		say "FAIL compat vm: tests/vm/vm-check.sh failed ($OUT/vm.out):"
		tail -n 30 "$OUT/vm.out"
		FAILED=1
	fi
	[ -e "$log" ] || return 0
	VM_KERNEL=$(sed -n 's/.*init: Linux \([^ ]*\) on \([^ ,]*\).*/Linux \1 \2/p' "$log" | head -n 1)
	for set in libbpf-tools examples; do
		sed -n "/^BPFLOAD-COMPAT-BEGIN $set\$/,/^BPFLOAD-COMPAT-END $set\$/p" "$log" |
			sed '1d;$d' >"$OUT/vm-$set.md"
		[ -s "$OUT/vm-$set.md" ] || rm -f "$OUT/vm-$set.md"
	done
	say "compat vm: the VM run took $VM_SECONDS s (building, booting, both sets)"
}

# section TITLE PREFIX: the tables of one machine into table.md, and its
# summary lines on stdout; a libbpf-only object fails when strict.
section() {
	[ -e "$OUT/$2-libbpf-tools.md" ] || [ -e "$OUT/$2-examples.md" ] || return 0
	{
		say "## $1"
		say
	} >>"$OUT/table.md"
	for set in libbpf-tools examples; do
		f=$OUT/$2-$set.md
		[ -e "$f" ] || continue
		summary=$(sed -n 's/^summary: //p' "$f")
		only=$(sed -n 's/^libbpf-only: *//p' "$f")
		say "$2 $set: ${summary:-no summary: the run was cut short}"
		{
			say "### $set"
			say
			say "${summary:-(no summary: the run was cut short)}"
			say
			grep '^|' "$f"
			say
		} >>"$OUT/table.md"
		if [ -z "$summary" ]; then
			FAILED=1
		elif [ -n "$only" ] && [ "$STRICT" != 0 ]; then
			say "FAIL compat $2 $set: libbpf loads and bpfload does not: $only"
			FAILED=1
		fi
	done
}

mkdir -p "$OUT"
HOST_KERNEL="" VM_KERNEL="" VM_SECONDS="" LBT_VERSION="" N_OBJS=0 N_TOOLS=0
if ! corpus; then
	exit "$FAILED"
fi
run_host
run_vm

LIBBPF_VERSION=$(dpkg-query -W -f '${Version}' libbpf-dev 2>/dev/null || echo unknown)
{
	say "# Compatibility table"
	say
	say "Made by \`make compat\` (tests/compat/compat.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), bpfload $(git describe --always --dirty 2>/dev/null || echo '(no git)')."
	say "Corpus: the $N_OBJS BPF objects embedded in the $N_TOOLS programs of Debian's libbpf-tools $LBT_VERSION (amd64), and the examples of README.md."
	say "Reference: libbpf $LIBBPF_VERSION (libbpf-dev), every program of the object at its default autoload."
	say
} >"$OUT/table.md"
section "host: $HOST_KERNEL" host
section "VM: Debian's $VM_KERNEL under qemu (TCG)${VM_SECONDS:+, the run took $VM_SECONDS s}" vm
say "compat: $OUT/table.md"
if [ "${COMPAT_DOCS:-0}" = 1 ]; then
	doc=docs/compat.md
	if grep -q '^<!-- compat-table: begin -->$' "$doc" && grep -q '^<!-- compat-table: end -->$' "$doc"; then
		awk -v table="$OUT/table.md" '
			/^<!-- compat-table: end -->$/ { skip = 0 }
			!skip { print }
			/^<!-- compat-table: begin -->$/ {
				skip = 1
				# less its title; its sections one level down
				while ((getline l < table) > 0) if (n++) print (l ~ /^#/ ? "#" l : l)
			}
		' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
		say "compat: the table of $doc is now $OUT/table.md"
	else
		say "FAIL compat: $doc has no compat-table markers to put the table between"
		FAILED=1
	fi
fi
exit "$FAILED"
