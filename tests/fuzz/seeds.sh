#!/bin/sh
# tests/fuzz/seeds.sh BUILD OUT — the seed corpora of the fuzz targets,
# derived from the objects the build made (BUILD/bpf-progs/*.bpf.o,
# BUILD/bpf-progs/compat/*.bpf.o, BUILD/asm-tests/*.o):
#
#   OUT/object/NAME    the object file itself
#   OUT/btf/NAME       its .BTF section
#   OUT/btf_ext/NAME   the input form of fuzz_btf_ext (tests/fuzz/fuzz.h):
#                      u32 length of .BTF (little-endian), .BTF, .BTF.ext
#   OUT/core/NAME      the same, for the objects with CO-RE relocations
#   OUT/core_access/N  access strings
#   OUT/inflate/NAME   a byte picking the wrapper (0 raw, 1 zlib, 2 gzip),
#                      then the object compressed (gzip -n; zlib's by
#                      python3 when there is one)
#   OUT/dwarf/NAME     the input form of fuzz_dwarf: u32 length and
#                      .debug_abbrev, u32 length and .debug_str, u32
#                      length and .debug_str_offsets, .debug_info
#
# Sections are extracted with llvm-objcopy --dump-section.
set -eu
BUILD=$1
OUT=$2
OBJCOPY=${LLVM_OBJCOPY:-llvm-objcopy}

rm -rf "$OUT"
mkdir -p "$OUT/object" "$OUT/btf" "$OUT/btf_ext" "$OUT/core" "$OUT/core_access" "$OUT/inflate" "$OUT/dwarf"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bpfload-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# le32 N: N as four little-endian bytes on stdout.
le32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255)))"
}

n=0
for obj in "$BUILD"/bpf-progs/*.bpf.o "$BUILD"/bpf-progs/compat/*.bpf.o "$BUILD"/asm-tests/*.o; do
	[ -f "$obj" ] || continue
	case $obj in
	*/compat/*) name=compat_$(basename "$obj") ;;
	*/asm-tests/*) name=asm_$(basename "$obj") ;;
	*) name=$(basename "$obj") ;;
	esac
	cp "$obj" "$OUT/object/$name"
	n=$((n + 1))
	if [ "$n" -le 12 ]; then
		# gzip -1 and -9, and the raw DEFLATE inside (10-byte header, 8-byte trailer)
		{ printf '\002'; gzip -n -1 -c "$obj"; } >"$OUT/inflate/gz1_$name"
		{ printf '\002'; gzip -n -9 -c "$obj"; } >"$OUT/inflate/gz9_$name"
		gzip -n -c "$obj" >"$tmp/gz"
		{ printf '\000'; head -c "$(($(wc -c <"$tmp/gz") - 8))" "$tmp/gz" | tail -c +11; } \
			>"$OUT/inflate/raw_$name"
		if command -v python3 >/dev/null; then
			{ printf '\001'; python3 -c 'import sys, zlib
sys.stdout.buffer.write(zlib.compress(open(sys.argv[1], "rb").read(), 6))' "$obj"; } \
				>"$OUT/inflate/zlib_$name"
		fi
	fi
	rm -f "$tmp/info" "$tmp/abbrev" "$tmp/str" "$tmp/stro"
	if "$OBJCOPY" --dump-section ".debug_info=$tmp/info" --dump-section ".debug_abbrev=$tmp/abbrev" \
		"$obj" "$tmp/copy" 2>/dev/null; then
		"$OBJCOPY" --dump-section ".debug_str=$tmp/str" "$obj" "$tmp/copy" 2>/dev/null || : >"$tmp/str"
		"$OBJCOPY" --dump-section ".debug_str_offsets=$tmp/stro" "$obj" "$tmp/copy" 2>/dev/null || : >"$tmp/stro"
		{
			le32 "$(wc -c <"$tmp/abbrev")"; cat "$tmp/abbrev"
			le32 "$(wc -c <"$tmp/str")"; cat "$tmp/str"
			le32 "$(wc -c <"$tmp/stro")"; cat "$tmp/stro"
			cat "$tmp/info"
		} >"$OUT/dwarf/$name"
	fi
	rm -f "$tmp/btf" "$tmp/ext"
	"$OBJCOPY" --dump-section ".BTF=$tmp/btf" "$obj" "$tmp/copy" 2>/dev/null || continue
	cp "$tmp/btf" "$OUT/btf/$name"
	"$OBJCOPY" --dump-section ".BTF.ext=$tmp/ext" "$obj" "$tmp/copy" 2>/dev/null || continue
	{ le32 "$(wc -c <"$tmp/btf")"; cat "$tmp/btf" "$tmp/ext"; } >"$OUT/btf_ext/$name"
	# bytes 28..31 of .BTF.ext: core_relo_len (when hdr_len >= 32)
	if [ "$(od -An -tu4 -j28 -N4 "$tmp/ext" | tr -d ' ')" != 0 ] 2>/dev/null; then
		cp "$OUT/btf_ext/$name" "$OUT/core/$name"
	fi
done
i=0
for s in 0 0:1 0:1:3 1:0:2:0 0:2147483647 12 "0:0:0:0:0:0:0:0" 00 0: :0 0::1 task_struct___v2 a___b___c; do
	i=$((i + 1))
	printf '%s' "$s" >"$OUT/core_access/$i"
done
if [ "$n" -eq 0 ]; then
	echo "seeds.sh: no objects in $BUILD (run make first)" >&2
	exit 1
fi
echo "seeds: $n objects, $(ls "$OUT/inflate" | wc -l) compressed, $(ls "$OUT/btf" | wc -l) .BTF, $(ls "$OUT/btf_ext" | wc -l) .BTF.ext, $(ls "$OUT/core" | wc -l) with CO-RE relocations, $(ls "$OUT/dwarf" | wc -l) with DWARF in $OUT"
