/* tests/fuzz/fuzz_inflate.c — libFuzzer entry of bl_fuzz_inflate (targets_inflate.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return bl_fuzz_inflate(data, size);
}
