/* tests/uprobe/target.c — a program for uprobes to probe: the target of
 * bpf-progs/uprobe_trace.bpf.c and of the command-line tests.
 *
 *     target [CALLS [A [B [DELAY_MS]]]]
 *
 * waits DELAY_MS (default 0), then calls bl_target_add(A, B) (default 2
 * and 40) and bl_lib_mul(A, B) (in libbltarget.so, found next to the
 * program through its RPATH) CALLS times (default 1), and prints the last
 * results: "add=42 mul=80 twice=4".
 *
 * The GNUmakefile builds it three times: as a PIE (the default on
 * Debian), with -no-pie, and stripped (no .symtab); the unit tests
 * compare the offsets bpfload finds in them with readelf's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* A real function with a symbol of its own: never inlined, and (gcc's
 * noipa) never cloned into name.constprop.0 or similar. */
#if defined(__clang__)
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noinline, noipa))
#endif

long bl_lib_mul(long a, long b);

NOIPA long bl_target_add(long a, long b)
{
	return a + b;
}

/* A static function: only in .symtab, gone when the file is stripped. */
static NOIPA long bl_target_static_twice(long a)
{
	return 2 * a;
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 1;
	long a = argc > 2 ? atol(argv[2]) : 2, b = argc > 3 ? atol(argv[3]) : 40;
	long delay_ms = argc > 4 ? atol(argv[4]) : 0, add = 0, mul = 0;
	struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000 };

	if (delay_ms > 0)
		nanosleep(&ts, NULL);
	for (long i = 0; i < calls; i++) {
		add = bl_target_add(a, b);
		mul = bl_lib_mul(a, b);
	}
	printf("add=%ld mul=%ld twice=%ld\n", add, mul, bl_target_static_twice(a));
	return 0;
}
