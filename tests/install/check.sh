#!/bin/sh
# tests/install/check.sh — `make install` into a scratch DESTDIR, then a
# program built only against what was installed (header and static
# library) reads an object through the library API.
set -eu
BUILD=${1:-build}
DEST=$(mktemp -d)
trap 'rm -rf "$DEST"' EXIT INT TERM
PREFIX=/opt/bpfload

make -s install PREFIX="$PREFIX" DESTDIR="$DEST" BUILD="$BUILD" >/dev/null
for f in bin/bpfload lib/libbpfload.a include/bpfload/bpfload.h include/bpfload/elf/object.h \
	share/man/man1/bpfload.1; do
	[ -f "$DEST$PREFIX/$f" ] || { echo "FAIL install: $PREFIX/$f not installed"; exit 1; }
done
"$DEST$PREFIX/bin/bpfload" --version | grep -q '^bpfload [0-9]' ||
	{ echo "FAIL install: installed bpfload --version"; exit 1; }
if command -v man >/dev/null 2>&1; then
	MANPATH="$DEST$PREFIX/share/man" MANWIDTH=80 man bpfload 2>/dev/null | grep -q 'bpfload selftest' ||
		{ echo "FAIL install: man bpfload (MANPATH=$PREFIX/share/man) does not show the page"; exit 1; }
fi

cat > "$DEST/use_api.c" <<'C'
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
${CC:-cc} -Wall -Werror -I"$DEST$PREFIX/include" -o "$DEST/use_api" "$DEST/use_api.c" \
	"$DEST$PREFIX/lib/libbpfload.a" $(pkg-config --libs libelf)
out=$("$DEST/use_api" "$BUILD/bpf-progs/syscall_count.bpf.o")
[ "$out" = "1 count_syscalls" ] || { echo "FAIL install: API program printed '$out'"; exit 1; }
echo "ok install: bin, lib, headers, man page under DESTDIR; a program built against them works"
