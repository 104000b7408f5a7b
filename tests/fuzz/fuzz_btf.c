/* tests/fuzz/fuzz_btf.c — libFuzzer entry of bl_fuzz_btf (targets.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return bl_fuzz_btf(data, size);
}
