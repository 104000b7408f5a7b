/* tests/uprobe/lib.c — libbltarget.so, a shared library for uprobes:
 * its functions' addresses are relative to wherever it is loaded, and
 * the uprobe offsets must come out as offsets into the file. */

/* A real function with a symbol of its own: never inlined, and (gcc's
 * noipa) never cloned into name.constprop.0 or similar. */
#if defined(__clang__)
#define NOIPA __attribute__((noinline))
#else
#define NOIPA __attribute__((noinline, noipa))
#endif

NOIPA long bl_lib_mul(long a, long b)
{
	return a * b;
}

/* Weak: found like any other function. */
__attribute__((weak)) NOIPA long bl_lib_weak(long a)
{
	return a - 1;
}

/* A variable: a symbol, but not a function. */
long bl_lib_counter = 1;
