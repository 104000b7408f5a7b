#!/usr/bin/env bash
# shellcheck disable=SC2034 # NOTE and cli_name are read by the harness
# tests/docs/layers.sh — the layer rule of docs/layout.md: a file uses its
# own folder and folders of a strictly lower rank only, nobody calls its
# folder's orchestrator, no two files of one folder call each other. Run
# from anywhere, no root, as
#
#     BL_BUILD_DIR=build bash tests/docs/layers.sh
#
# The ranks come from the table of docs/layout.md (the single source of
# truth). Checked:
#   includes FOLDER  every #include "..." of the .c/.h files of FOLDER,
#                    resolved against the file's folder, then the
#                    repository root (-I.); headers generated into
#                    build/gen are skipped. loader/cli/ ("installed headers
#                    only") may include its own headers and the
#                    PUBLIC_HEADERS of GNUmakefile.
#   calls FOLDER     nm on the built objects: each undefined symbol another
#                    of our objects defines is defined in FOLDER or a lower
#                    rank; no file calls its folder's orchestrator; no
#                    circle of calls between the files of FOLDER.
#   selftest-*       the same script on a fake tree that breaks each rule
#                    must fail (so this test can fail).
# Options: --root DIR checks another tree (the self-test uses it),
# --no-selftest leaves the self-test out.
#
# Output as the command-line tests: "ok NAME", "FAIL NAME: why" (the
# offending lines above it), "skip NAME: why", a summary, exit status 1 if
# any test failed.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")
ROOT=$(cd "$HERE/../.." && pwd)
SELFTEST=1
while [ $# -gt 0 ]; do
	case $1 in
	--root) ROOT=$(cd "$2" && pwd) || exit 2; shift 2 ;;
	--no-selftest) SELFTEST=0; shift ;;
	*) echo "usage: $0 [--root DIR] [--no-selftest]" >&2; exit 2 ;;
	esac
done
BUILD=${BL_BUILD_DIR:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac

# The shared harness (t, why, NOTE, skip, cli_summary, scratch dir $W).
cli_name=layers
# shellcheck source=/dev/null
if [ -f "$HERE/../cli/lib.sh" ]; then
	. "$HERE/../cli/lib.sh"
else
	. "$HERE/../cli_lib.sh"
fi

cd "$ROOT" || exit 1

# ------------------------------------------------------------ the table

declare -A RANK=() PUBLIC_ONLY=() ORCH=()
LAYOUT=docs/layout.md

# Rows "| rank | `folder/` | `orchestrator.c` | ...": a rank that is not a
# number (tests/, bpf-progs/) is no row of the order.
read_table() {
	local rank folder orch public
	[ -f "$LAYOUT" ] || return 1
	while IFS=$'\t' read -r rank folder orch public; do
		RANK[$folder]=$rank
		[ "$orch" != - ] && ORCH[$folder]=$orch
		[ "$public" = 1 ] && PUBLIC_ONLY[$folder]=1
	done < <(awk -F'|' '
		/^\|/ && NF >= 4 {
			r = $2; f = $3; o = $4
			gsub(/[ `]/, "", f); gsub(/[ `]/, "", o)
			if (f !~ /\/$/ || r !~ /^ *[0-9]+/) next
			p = (r ~ /installed headers only/) ? 1 : 0
			sub(/^ */, "", r); sub(/[^0-9].*/, "", r)
			printf "%s\t%s\t%s\t%s\n", r, f, (o == "" ? "-" : o), p
		}' "$LAYOUT")
	[ ${#RANK[@]} -gt 0 ]
}

# Folders that hold C: every one must have a row.
c_folders() {
	find arch elf loader -name '*.[ch]' -printf '%h/\n' 2>/dev/null | sort -u
}

test_table() {
	local d bad=0
	read_table || why "$LAYOUT: no table of ranks" || return
	for d in $(c_folders); do
		if [ -z "${RANK[$d]+x}" ]; then
			echo "  $d holds .c/.h files but has no row in $LAYOUT"
			bad=$((bad + 1))
		fi
	done
	for d in "${!RANK[@]}"; do
		if ! compgen -G "$d*.[ch]" >/dev/null; then
			echo "  $LAYOUT lists $d, which holds no .c/.h file"
			bad=$((bad + 1))
		fi
	done
	[ $bad -eq 0 ] || why "$bad folder(s) missing from or stale in the table (above)"
}

# ------------------------------------------------------------ includes

# PUBLIC_HEADERS of GNUmakefile, as make sees it; PUBLIC_SET stays unset
# when the variable is absent.
declare -A PUBLIC=()
PUBLIC_SET=0
read_public_headers() {
	local line h
	[ -f GNUmakefile ] || return
	# shellcheck disable=SC2016 # $(...) is make's, not the shell's
	line=$(printf '_bl_layers_print:\n\t@echo "BL_LAYERS|$(origin PUBLIC_HEADERS)|$(PUBLIC_HEADERS)"\n' |
		make -s --no-print-directory -f GNUmakefile -f - _bl_layers_print 2>/dev/null |
		grep '^BL_LAYERS|')
	case $line in
	"BL_LAYERS|undefined|"* | "") return ;;
	esac
	PUBLIC_SET=1
	for h in ${line#BL_LAYERS|*|}; do
		PUBLIC[$h]=1
	done
}

# norm PATH: without "./" and "dir/../".
norm() {
	realpath -m --relative-to=. -- "$1"
}

GENERATED=()
test_includes() {
	local dir=$1 f n inc rel hdir bad=0
	for f in "$dir"*.[ch]; do
		[ -f "$f" ] || continue
		while IFS=: read -r n inc; do
			inc=${inc#*\"}
			inc=${inc%%\"*}
			if [ -f "$dir$inc" ]; then
				rel=$dir$inc
			elif [ -f "$inc" ]; then
				rel=$inc
			else
				GENERATED+=("$f:$n: $inc")
				continue
			fi
			case $rel in *./*) rel=$(norm "$rel") ;; esac
			hdir=${rel%/*}/
			[ "$hdir" = "$rel/" ] && hdir=./
			[ "$hdir" = "$dir" ] && continue
			if [ -z "${RANK[$hdir]+x}" ]; then
				echo "  $f:$n: includes $rel, of $hdir, a folder with no rank in $LAYOUT"
				bad=$((bad + 1))
			elif [ -n "${PUBLIC_ONLY[$dir]+x}" ] && [ $PUBLIC_SET -eq 1 ]; then
				if [ -z "${PUBLIC[$rel]+x}" ]; then
					echo "  $f:$n: includes $rel (rank ${RANK[$hdir]}), which is not installed (PUBLIC_HEADERS); $dir may include installed headers only"
					bad=$((bad + 1))
				fi
			elif [ "${RANK[$hdir]}" -ge "${RANK[$dir]}" ]; then
				echo "  $f:$n: includes $rel (rank ${RANK[$hdir]}), not below its own rank ${RANK[$dir]}"
				bad=$((bad + 1))
			fi
		done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f")
	done
	if [ -n "${PUBLIC_ONLY[$dir]+x}" ] && [ $PUBLIC_SET -eq 0 ]; then
		NOTE="PUBLIC_HEADERS absent from GNUmakefile: installed-headers check skipped, rank checked only"
	fi
	[ $bad -eq 0 ] || why "$bad include(s) against the layer order (above)"
}

# ------------------------------------------------------------ calls

# EDGES: lines "from.c to.c symbol" (from uses symbol, defined in to.c).
EDGES=""
collect_edges() {
	local o src objs=() stale=()
	while IFS= read -r o; do
		src=${o#"$BUILD"/}
		src=${src%.o}.c
		if [ -f "$src" ]; then
			objs+=("$o")
		else
			stale+=("$src")
		fi
	done < <(find "$BUILD/arch" "$BUILD/elf" "$BUILD/loader" -name '*.o' 2>/dev/null | sort)
	[ ${#stale[@]} -eq 0 ] || echo "# objects without a source (stale, ignored): ${stale[*]}"
	[ ${#objs[@]} -gt 0 ] || return 1
	# One nm for all: "build/elf/x.o: sym T value size" (-A names the file).
	EDGES=$({
		nm -A -P -g --defined-only "${objs[@]}" | awk '$3 ~ /^[TDBRVWGSCi]$/ {print "D", $2, $1}'
		nm -A -P -u "${objs[@]}" | awk '{print "U", $2, $1}'
	} | awk -v b="$BUILD/" '
		{ f = substr($3, length(b) + 1); sub(/\.o:$/, ".c", f) }
		$1 == "D" { def[$2] = def[$2] " " f; next }
		{ use[++n] = f " " $2 }
		END {
			for (i = 1; i <= n; i++) {
				split(use[i], u, " ")
				if (!(u[2] in def)) continue
				k = split(def[u[2]], d, " ")
				for (j = 1; j <= k; j++)
					if (d[j] != u[1]) print u[1], d[j], u[2]
			}
		}' | sort -u)
}

test_calls() {
	local dir=$1 from to sym fd td bad=0
	while read -r from to sym; do
		[ -n "$from" ] || continue
		fd=${from%/*}/
		[ "$fd" = "$dir" ] || continue
		td=${to%/*}/
		if [ "$td" != "$dir" ]; then
			if [ -z "${RANK[$td]+x}" ]; then
				echo "  $from calls $sym, defined in $to, a folder with no rank in $LAYOUT"
				bad=$((bad + 1))
			elif [ "${RANK[$td]}" -ge "${RANK[$dir]}" ]; then
				echo "  $from calls $sym, defined in $to (rank ${RANK[$td]}), not below its own rank ${RANK[$dir]}"
				bad=$((bad + 1))
			fi
		elif [ -n "${ORCH[$dir]+x}" ] && [ "${to##*/}" = "${ORCH[$dir]}" ]; then
			echo "  $from calls $sym, defined in $to, the orchestrator of $dir"
			bad=$((bad + 1))
		fi
	done <<<"$EDGES"
	# Circles between the files of this folder: two files that call each
	# other, with what they call; longer loops as tsort names them.
	local pairs loops
	: >"$W/edges"
	pairs=$(awk -v d="$dir" -v out="$W/edges" '{
			f = $1; t = $2; sub(/[^\/]*$/, "", f); sub(/[^\/]*$/, "", t)
			if (f == d && t == d) e[$1 " " $2] = e[$1 " " $2] " " $3
		}
		END {
			for (k in e) {
				split(k, x, " ")
				r = x[2] " " x[1]
				if ((r in e) && x[1] < x[2])
					printf "  circle: %s calls%s; %s calls%s\n", x[1], e[k], x[2], e[r]
				print k > out
			}
			close(out)
		}' <<<"$EDGES" | sort)
	if [ -n "$pairs" ]; then
		echo "$pairs"
		bad=$((bad + $(grep -c . <<<"$pairs")))
	fi
	# Loops of three files or more (the two-file ones are above).
	loops=$(tsort "$W/edges" 2>&1 >/dev/null | sed -n 's/^tsort: //p' |
		awk '/input contains a loop/ { if (n > 2) print l; l = ""; n = 0; next }
		     { l = l " " $0; n++ } END { if (n > 2) print l }')
	if [ -n "$loops" ]; then
		echo "$loops" | sed 's/^ */  circle: /; s/$/ (each calls the next, the last the first)/'
		bad=$((bad + $(grep -c . <<<"$loops")))
	fi
	[ $bad -eq 0 ] || why "$bad call(s) against the layer order (above)"
}

# ------------------------------------------------------------ self-test

# A fake tree: arch/ 0, elf/ 1, elf/read/ 2 (orchestrator reader.c),
# loader/ 3, and loader/x/, with no row.
make_fake() {
	local r=$1
	mkdir -p "$r/docs" "$r/arch" "$r/elf/read" "$r/loader/x"
	cat >"$r/docs/layout.md" <<-'EOF'
		| rank | folder | orchestrator | concern |
		|---|---|---|---|
		| 0 | `arch/` | | tables |
		| 1 | `elf/` | | objects |
		| 2 | `elf/read/` | `reader.c` | reader |
		| 3 | `loader/` | | loader |
		| any | `tests/` | | not ranked |
	EOF
	printf 'int arch_fn(void);\n' >"$r/arch/arch.h"
	printf '#include "arch.h"\nint arch_fn(void) { return 0; }\n' >"$r/arch/arch.c"
	printf 'int loader_fn(void);\n' >"$r/loader/loader.h"
	printf '#include "arch/arch.h"\nint loader_fn(void) { return arch_fn(); }\n' >"$r/loader/loader.c"
	# elf/obj.c: an upward include and an upward call.
	printf '#include "arch/arch.h"\n#include "loader/loader.h"\nint obj_fn(void) { return loader_fn(); }\n' >"$r/elf/obj.c"
	# elf/read/: stage.c calls its orchestrator; a.c and b.c call each other.
	printf 'int read_all(void);\nint a_fn(int);\nint b_fn(int);\nint stage_fn(void);\n' >"$r/elf/read/read.h"
	printf '#include "read.h"\nint read_all(void) { return stage_fn(); }\n' >"$r/elf/read/reader.c"
	printf '#include "read.h"\nint stage_fn(void) { return read_all(); }\n' >"$r/elf/read/stage.c"
	printf '#include "read.h"\nint a_fn(int n) { return n ? b_fn(n - 1) : 0; }\n' >"$r/elf/read/a.c"
	printf '#include "read.h"\nint b_fn(int n) { return n ? a_fn(n - 1) : 1; }\n' >"$r/elf/read/b.c"
	printf 'int x;\n' >"$r/loader/x/x.c"
}

compile_fake() {
	local r=$1 c
	command -v cc >/dev/null || return 1
	for c in $(cd "$r" && find arch elf loader -name '*.c'); do
		mkdir -p "$r/build/$(dirname "$c")"
		cc -I"$r" -c "$r/$c" -o "$r/build/${c%.c}.o" || return 1
	done
}

FAKE_OUT=""
run_fake() {
	make_fake "$W/fake"
	compile_fake "$W/fake" || NOTE="no cc: the call checks of the fake tree are not exercised"
	FAKE_OUT=$(BL_BUILD_DIR=build bash "$SELF" --root "$W/fake" --no-selftest 2>&1)
	FAKE_RC=$?
}

# expect_fake ERE DESCRIPTION: the fake tree's output has a matching line.
expect_fake() {
	grep -Eq -- "$1" <<<"$FAKE_OUT" || why "$2: no line matches /$1/ in: $(one_line "$FAKE_OUT")"
}

selftest_fails() {
	[ "$FAKE_RC" -ne 0 ] || why "the fake tree passed: $(one_line "$FAKE_OUT")"
}
selftest_clean_ok() {
	expect_fake '^ok includes arch/$' "a clean folder" &&
		expect_fake '^ok includes loader/$' "a clean folder"
}
selftest_upward_include() {
	expect_fake '^  elf/obj.c:2: includes loader/loader.h \(rank 3\), not below its own rank 1$' "upward include" &&
		expect_fake '^FAIL includes elf/:' "upward include"
}
selftest_unlisted_folder() {
	expect_fake '^  loader/x/ holds .c/.h files but has no row' "unlisted folder" &&
		expect_fake '^FAIL layout-table:' "unlisted folder"
}
selftest_upward_call() {
	[ -e "$W/fake/build/elf/obj.o" ] || { NOTE="no objects"; return 0; }
	expect_fake '^  elf/obj.c calls loader_fn, defined in loader/loader.c \(rank 3\), not below its own rank 1$' "upward call"
}
selftest_orchestrator() {
	[ -e "$W/fake/build/elf/obj.o" ] || { NOTE="no objects"; return 0; }
	expect_fake '^  elf/read/stage.c calls read_all, defined in elf/read/reader.c, the orchestrator of elf/read/$' "orchestrator called back"
}
selftest_circle() {
	[ -e "$W/fake/build/elf/obj.o" ] || { NOTE="no objects"; return 0; }
	expect_fake '^  circle: elf/read/a.c calls b_fn; elf/read/b.c calls a_fn$' "circle"
}

# ------------------------------------------------------------ run

t layout-table test_table
read_public_headers
for d in $(printf '%s\n' "${!RANK[@]}" | sort); do
	compgen -G "$d*.[ch]" >/dev/null || continue
	t "includes $d" test_includes "$d"
done
[ ${#GENERATED[@]} -eq 0 ] ||
	echo "# not in the tree, generated into build/gen (skipped): $(printf '%s\n' "${GENERATED[@]##* }" | sort -u | tr '\n' ' ')"

if collect_edges; then
	for d in $(printf '%s\n' "${!RANK[@]}" | sort); do
		compgen -G "$d*.c" >/dev/null || continue
		t "calls $d" test_calls "$d"
	done
else
	skip calls "no objects under $BUILD/{arch,elf,loader} (run make first, or set BL_BUILD_DIR)"
fi

if [ $SELFTEST -eq 1 ]; then
	run_fake
	t selftest-fails selftest_fails
	t selftest-clean-folder selftest_clean_ok
	t selftest-upward-include selftest_upward_include
	t selftest-unlisted-folder selftest_unlisted_folder
	t selftest-upward-call selftest_upward_call
	t selftest-orchestrator selftest_orchestrator
	t selftest-circle selftest_circle
fi

cli_summary
