/* tests/fuzz/fuzz_dwarf.c — libFuzzer entry of bl_fuzz_dwarf (targets_dwarf.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return bl_fuzz_dwarf(data, size);
}
