/* tests/fuzz/fuzz_core_access.c — libFuzzer entry of bl_fuzz_core_access (targets_core.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return bl_fuzz_core_access(data, size);
}
