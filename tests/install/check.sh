#!/bin/sh
# tests/install/check.sh — `make install` into a scratch DESTDIR, then:
#   - a program built only against what was installed (headers, static
#     library) reads an object through the library API, once with
#     -I$PREFIX/include -I$PREFIX/include/bpfload and once with the flags
#     of the installed bpfload.pc;
#   - the command line (loader/cli/*.c) built
#     from the installed headers alone (-I$PREFIX/include/bpfload, not the
#     source tree) and the installed libbpfload.a; the headers it includes
#     that are not installed are listed (PUBLIC_HEADERS in GNUmakefile);
#   - `make uninstall` with the same DESTDIR and PREFIX leaves no file.
# Run by `make install-check` as
#
#     sh tests/install/check.sh build
set -eu
BUILD=${1:-build}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEST=$(mktemp -d)
trap 'rm -rf "$DEST" "$DEST.work"' EXIT INT TERM
mkdir "$DEST.work"
WORK=$DEST.work
PREFIX=/opt/bpfload
P=$DEST$PREFIX
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

fail() {
	echo "FAIL install: $*"
	exit 1
}

$MAKE -s -C "$SRC" install PREFIX="$PREFIX" DESTDIR="$DEST" BUILD="$BUILD" >/dev/null
for f in bin/bpfload lib/libbpfload.a lib/pkgconfig/bpfload.pc include/bpfload/bpfload.h \
	include/bpfload/loader/bpfload.h include/bpfload/elf/object.h share/man/man1/bpfload.1; do
	[ -f "$P/$f" ] || fail "$PREFIX/$f not installed"
done
"$P/bin/bpfload" --version | grep -q '^bpfload [0-9]' || fail "installed bpfload --version"
if command -v man >/dev/null 2>&1; then
	MANPATH="$P/share/man" MANWIDTH=80 man bpfload 2>/dev/null | grep -q 'bpfload selftest' ||
		fail "man bpfload (MANPATH=$PREFIX/share/man) does not show the page"
fi

cat > "$WORK/use_api.c" <<'C'
#include <bpfload/bpfload.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	struct bl_object_spec *obj;
	struct bl_err err;

	if (argc != 2 || bl_object_spec_read(argv[1], &obj, &err)) {
		fprintf(stderr, "%s\n", argc == 2 ? err.msg : "usage");
		return 1;
	}
	printf("%zu %s\n", obj->program_cnt, obj->programs[0].name);
	bl_object_spec_free(obj);
	return 0;
}
C
# use_api FLAGS...: the API program built with FLAGS, run on an object.
use_api() {
	# shellcheck disable=SC2068 # the flags are words
	$CC -Wall -Werror -o "$WORK/use_api" "$WORK/use_api.c" "$@" ||
		fail "the API program does not build with: $*"
	out=$("$WORK/use_api" "$BUILD/bpf-progs/syscall_count.bpf.o")
	[ "$out" = "1 count_syscalls" ] || fail "API program (built with: $*) printed '$out'"
}
# By hand, the two include folders bpfload.pc names: <bpfload/bpfload.h>
# from the first, and the "layer/file.h" includes of the installed
# headers from the second.
# shellcheck disable=SC2046 # the flags are words
use_api -I"$P/include" -I"$P/include/bpfload" "$P/lib/libbpfload.a" $($PKG_CONFIG --libs libelf zlib)

# pkg-config with the installed bpfload.pc. The library is static only:
# --static adds libelf and zlib (Requires.private). Its prefix is the one
# installed to, without DESTDIR: --define-prefix is not used, so prefix is
# overridden to point into DESTDIR.
PC="$PKG_CONFIG --define-variable=prefix=$P"
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
[ "$($PKG_CONFIG --modversion bpfload)" = "$(sed -n 's/^#define BL_VERSION "\(.*\)"/\1/p' "$SRC/loader/bpfload.h")" ] ||
	fail "pkg-config --modversion bpfload: $($PKG_CONFIG --modversion bpfload 2>&1)"
$PKG_CONFIG --variable=prefix bpfload | grep -qx "$PREFIX" ||
	fail "bpfload.pc: prefix is not $PREFIX"
# shellcheck disable=SC2046
use_api $($PC --cflags bpfload) $($PC --static --libs bpfload)
sed -i 's|<bpfload/bpfload.h>|"loader/bpfload.h"|' "$WORK/use_api.c"
# shellcheck disable=SC2046
use_api $($PC --cflags bpfload) $($PC --static --libs bpfload)

# The command line from the installed headers only (no -I of the source
# tree). BL_INSTALL_CHECK_CLI=0 leaves it out.
if [ "${BL_INSTALL_CHECK_CLI:-1}" = 1 ]; then
	# The command's own headers, alone in a folder of their own.
	mkdir -p "$WORK/cli/loader/cli"
	cp "$SRC"/loader/cli/*.h "$WORK/cli/loader/cli/"
	missing=
	for c in "$SRC"/loader/cli/*.c "$SRC"/loader/cli/*.h; do
		for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$c"); do
			[ -f "$(dirname "$c")/$h" ] || [ -f "$WORK/cli/$h" ] || [ -f "$P/include/bpfload/$h" ] ||
				missing="$missing ${c#"$SRC"/}:$h"
		done
	done
	if [ -n "$missing" ]; then
		echo "FAIL install: loader/cli/ includes headers that are not installed" \
			"(PUBLIC_HEADERS in GNUmakefile):"
		for m in $missing; do echo "    $m"; done
		exit 1
	fi
	objs=
	for c in "$SRC"/loader/cli/*.c; do
		o=$WORK/$(basename "$c" .c).o
		# shellcheck disable=SC2046
		$CC -std=gnu11 -Wall -Wextra -Werror -I"$WORK/cli" -I"$P/include/bpfload" \
			$($PKG_CONFIG --cflags libelf) -c "$c" -o "$o" 2>"$WORK/cc.err" || {
			echo "FAIL install: loader/cli/$(basename "$c") does not build from the installed headers:"
			sed 's/^/    /' "$WORK/cc.err" | head -20
			exit 1
		}
		objs="$objs $o"
	done
	# shellcheck disable=SC2046,SC2086
	$CC -o "$WORK/bpfload" $objs $($PC --static --libs bpfload) ||
		fail "the command line does not link against the installed libbpfload.a"
	"$WORK/bpfload" --version | grep -q '^bpfload [0-9]' ||
		fail "bpfload built from the installed headers: --version"
	echo "ok install: the command line builds from the installed headers and library alone"
fi

$MAKE -s -C "$SRC" uninstall PREFIX="$PREFIX" DESTDIR="$DEST" BUILD="$BUILD" >/dev/null
left=$(cd "$DEST" && find . ! -type d)
[ -z "$left" ] || fail "make uninstall left:$(echo "$left" | sed 's/^\./ /' | tr -d '\n')"
[ ! -e "$P/include/bpfload" ] || fail "make uninstall left $PREFIX/include/bpfload/"
echo "ok install: bin, lib, bpfload.pc, headers, man page under DESTDIR; programs built" \
	"against them (-I, pkg-config) work; uninstall removes them"
