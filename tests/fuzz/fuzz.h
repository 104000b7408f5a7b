/* tests/fuzz/fuzz.h — the bodies of the libFuzzer targets (targets.c).
 *
 * Each takes one input and returns 0; a broken invariant (a crash, an
 * error message that is not one line starting with the name, a parsed
 * result that points outside itself) aborts. The fuzz binaries
 * (fuzz_*.c, built by `make fuzz` with clang -fsanitize=fuzzer) call
 * them from LLVMFuzzerTestOneInput; the unit tests
 * (tests/unit/test_fuzz_regress.c) replay tests/fuzz/regressions/ through
 * them in the normal build.
 */
#ifndef BL_FUZZ_H
#define BL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The object reader: bl_object_spec_read_mem on the input as a whole file. */
int bl_fuzz_object(const uint8_t *data, size_t size);

/* bl_btf_parse on the input as a .BTF section. */
int bl_fuzz_btf(const uint8_t *data, size_t size);

/* bl_btf_ext_parse. The input is split: a little-endian u32 n, n bytes
 * of .BTF (which must parse, else the input is ignored), then the
 * .BTF.ext section (tests/fuzz/seeds.sh writes seeds of this form). */
int bl_fuzz_btf_ext(const uint8_t *data, size_t size);

/* CO-RE (elf/core/core.h): the input with a NUL added, through
 * bl_core_parse_access (written back, the indices must give the string
 * itself) and bl_btf_essential_name_len. */
int bl_fuzz_core_access(const uint8_t *data, size_t size);

/* CO-RE: the input in the form of bl_fuzz_btf_ext; every core_relo
 * record (up to 64) resolved with the .BTF as both local and target
 * (bl_core_resolve), and the result patched into each kind of
 * instruction (bl_core_patch_insn). */
int bl_fuzz_core(const uint8_t *data, size_t size);

/* The static build's inflate (loader/static/inflate.c) against zlib's:
 * the first byte picks raw, zlib or gzip (modulo 3), the rest is the
 * stream; both must accept or refuse it alike (targets_inflate.c). */
int bl_fuzz_inflate(const uint8_t *data, size_t size);

/* The DWARF reader (elf/dwarf/dwarf.h): the input split as u32 n,
 * n bytes of .debug_abbrev, u32 m, m bytes of .debug_str, u32 k, k bytes
 * of .debug_str_offsets, then .debug_info (little-endian lengths;
 * tests/fuzz/seeds.sh writes seeds of this form); parsed, and when that
 * works every struct, union and typedef (up to 64) converted to BTF
 * (bl_dwarf_to_btf), which is parsed and, when it passes, prints a
 * record of zeros (targets_dwarf.c). */
int bl_fuzz_dwarf(const uint8_t *data, size_t size);

/* Where the input comes from, named when an invariant breaks (the unit
 * test that replays regressions sets it; NULL under libFuzzer). */
extern const char *bl_fuzz_current;

/* The name the inputs are read under, which every message must start
 * with. */
#define BL_FUZZ_NAME "fuzz.o"

/* --- For the targets' own use ------------------------------------------ */

/* A broken invariant: says which (and msg, when not empty), then aborts;
 * libFuzzer keeps the input. */
#define FZ_CHECK(cond) FZ_CHECK_MSG(cond, "")
#define FZ_CHECK_MSG(cond, msg)                                                 \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s%s%s:%d: invariant broken: %s%s%s\n", \
				bl_fuzz_current ? bl_fuzz_current : "",         \
				bl_fuzz_current ? ": " : "", __FILE__, __LINE__, \
				#cond, *(msg) ? "; message: " : "", (msg));      \
			abort();                                                \
		}                                                               \
	} while (0)

/* An error message: not empty, inside its buffer of cap bytes, one line
 * without control characters. */
void bl_fuzz_check_line(const char *msg, size_t cap);

#endif
