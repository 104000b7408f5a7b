/* tests/fuzz/fuzz_btf_ext.c — libFuzzer entry of bl_fuzz_btf_ext (targets.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return bl_fuzz_btf_ext(data, size);
}
