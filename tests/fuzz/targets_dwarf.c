/* tests/fuzz/targets_dwarf.c — the body of the dwarf fuzz target
 * (tests/fuzz/fuzz.h): elf/dwarf/ on hostile sections, then the BTF it
 * makes through the BTF parser and the value printer. */
#include <errno.h>
#include <string.h>

#include "elf/dwarf/dwarf.h"
#include "elf/value/btf_value.h"
#include "fuzz.h"

/* The next u32-prefixed piece of the input. */
static const uint8_t *piece(const uint8_t **data, size_t *size, size_t *len)
{
	const uint8_t *p;
	uint32_t n;

	if (*size < 4)
		return NULL;
	memcpy(&n, *data, 4);
	if (n > *size - 4)
		return NULL;
	p = *data + 4;
	*len = n;
	*data += 4 + n;
	*size -= 4 + n;
	return p;
}

static void check_err(int ret, const struct bl_err *err)
{
	FZ_CHECK(ret < 0);
	if (ret == -ENOMEM)
		return;
	bl_fuzz_check_line(err->msg, sizeof(err->msg));
	FZ_CHECK_MSG(!strncmp(err->msg, BL_FUZZ_NAME ":", strlen(BL_FUZZ_NAME) + 1), err->msg);
}

static void convert(const struct bl_dwarf *dw, int die)
{
	static unsigned char zero[4096];
	struct bl_err err = { "" };
	struct bl_btf *btf;
	FILE *null;
	size_t len;
	uint32_t id;
	void *raw;
	int ret = bl_dwarf_to_btf(dw, die, &raw, &len, &id, &err);

	if (ret == -E2BIG || ret == -ENOENT)
		return;
	if (ret) {
		check_err(ret, &err);
		return;
	}
	ret = bl_btf_parse_owned(raw, len, NULL, BL_FUZZ_NAME, &btf, &err);
	if (ret) {
		check_err(ret, &err);
		return;
	}
	FZ_CHECK(id < bl_btf_type_cnt(btf));
	ret = bl_btf_check_loops(btf, BL_FUZZ_NAME, &err);
	if (!ret && (null = fopen("/dev/null", "w"))) {
		(void)bl_btf_value_print(null, btf, id, zero, sizeof(zero), BL_BTF_JSON);
		(void)bl_btf_value_header(null, btf, id);
		(void)bl_btf_value_row(null, btf, id, zero, sizeof(zero));
		fclose(null);
	}
	bl_btf_free(btf);
}

int bl_fuzz_dwarf(const uint8_t *data, size_t size)
{
	struct bl_dwarf_sections s = { 0 };
	struct bl_err err = { "" };
	struct bl_dwarf *dw;
	int ret, n = 0;

	s.abbrev = piece(&data, &size, &s.abbrev_len);
	s.str = piece(&data, &size, &s.str_len);
	s.str_offsets = piece(&data, &size, &s.str_offsets_len);
	if (!s.abbrev || !s.str || !s.str_offsets)
		return 0;
	s.info = data;
	s.info_len = size;
	ret = bl_dwarf_parse(&s, BL_FUZZ_NAME, &dw, &err);
	if (ret) {
		FZ_CHECK(!dw);
		check_err(ret, &err);
		return 0;
	}
	for (int die = 0; die < bl_dwarf_die_cnt(dw) && n < 64; die++) {
		const char *name = bl_dwarf_die_name(dw, die);

		if (*name && bl_dwarf_find_type(dw, name) == die) {
			convert(dw, die);
			n++;
		}
	}
	(void)bl_dwarf_types_of_size(dw, 0, 64, NULL, 0);
	bl_dwarf_free(dw);
	return 0;
}
