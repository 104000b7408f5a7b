/* tests/fuzz/fuzz_object.c — libFuzzer entry of bl_fuzz_object (targets.c). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return bl_fuzz_object(data, size);
}
