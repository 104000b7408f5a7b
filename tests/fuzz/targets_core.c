/* tests/fuzz/targets_core.c — the fuzz targets of elf/core/ (CO-RE
 * relocations, elf/core/core.h): the access-string parser on its own, and
 * every relocation of a .BTF.ext resolved and patched (see fuzz.h).
 */
#include "fuzz.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"
#include "elf/core/core.h"

int bl_fuzz_core_access(const uint8_t *data, size_t size)
{
	uint32_t idx[BL_CORE_ACCESS_MAX];
	char *s = malloc(size + 1), back[BL_CORE_ACCESS_MAX * 12 + 1];
	size_t bad = (size_t)-1, len, pos = 0;
	int n;

	FZ_CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);
	FZ_CHECK(bl_btf_essential_name_len(s) <= len);
	n = bl_core_parse_access(s, idx, &bad);
	if (n > 0) {
		/* Strict: the indices written back are the string itself. */
		FZ_CHECK(n <= BL_CORE_ACCESS_MAX);
		for (int i = 0; i < n; i++) {
			FZ_CHECK(idx[i] <= INT32_MAX);
			pos += (size_t)snprintf(back + pos, sizeof(back) - pos, "%s%" PRIu32,
						i ? ":" : "", idx[i]);
		}
		FZ_CHECK(strcmp(back, s) == 0);
	} else if (n == -EINVAL) {
		FZ_CHECK(bad <= len);
	} else {
		FZ_CHECK(n == -E2BIG);
	}
	free(s);
	return 0;
}

/* The instructions a CO-RE relocation may sit on: ALU64 mov with an
 * immediate, a load, a store, an LD_IMM64 (two slots). */
static void patch_all(const struct bl_core_result *res)
{
	const struct bpf_insn base[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 1,
		  .imm = (int32_t)res->orig_val },
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2,
		  .off = (int16_t)res->orig_val },
		{ .code = BPF_STX | BPF_MEM | BPF_DW, .dst_reg = 2, .src_reg = 1,
		  .off = (int16_t)res->orig_val },
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 1, .imm = (int32_t)res->orig_val },
		{ .imm = (int32_t)(res->orig_val >> 32) },
	};
	const size_t cnt = sizeof(base) / sizeof(base[0]);

	for (size_t i = 0; i < cnt; i++) {
		/* Exactly cnt instructions on the heap: ASan sees a read past. */
		struct bpf_insn *insns = malloc(sizeof(base));
		struct bl_err err = { "" };
		int ret;

		FZ_CHECK(insns != NULL);
		memcpy(insns, base, sizeof(base));
		ret = bl_core_patch_insn(insns, cnt, i, res, &err);
		if (ret) {
			FZ_CHECK(ret < 0);
			bl_fuzz_check_line(err.msg, sizeof(err.msg));
		} else if (res->poison) {
			FZ_CHECK(bl_core_insn_poisoned(&insns[i]));
		}
		/* Past the end: refused, never written. */
		FZ_CHECK(bl_core_patch_insn(insns, cnt, cnt, res, &err) < 0);
		free(insns);
	}
}

int bl_fuzz_core(const uint8_t *data, size_t size)
{
	struct bl_btf *btf = NULL;
	struct bl_btf_ext *ext = NULL;
	struct bl_err err = { "" };
	uint32_t btf_len, done = 0;

	if (size < 4)
		return 0;
	btf_len = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		  (uint32_t)data[3] << 24;
	if (btf_len > size - 4)
		return 0;
	if (bl_btf_parse(data + 4, btf_len, BL_FUZZ_NAME, &btf, &err))
		return 0;
	if (bl_btf_ext_parse(data + 4 + btf_len, size - 4 - btf_len, btf, BL_FUZZ_NAME, &ext,
			     &err)) {
		bl_btf_free(btf);
		return 0;
	}
	/* The object against itself: every local type is also a candidate. */
	for (size_t s = 0; s < ext->core_relo.sec_cnt; s++) {
		const struct bl_btf_ext_sec *sec = &ext->core_relo.secs[s];

		for (uint32_t r = 0; r < sec->cnt && done < 64; r++, done++) {
			const struct bpf_core_relo *relo = &sec->core_relo[r];
			struct bl_core_result res;
			int ret;

			memset(&res, 0xa5, sizeof(res));
			ret = bl_core_resolve(btf, btf, relo, &res, &err);
			FZ_CHECK(strnlen(res.desc, sizeof(res.desc)) < sizeof(res.desc));
			if (ret) {
				FZ_CHECK(ret < 0);
				bl_fuzz_check_line(err.msg, sizeof(err.msg));
				continue;
			}
			FZ_CHECK(res.kind == relo->kind);
			FZ_CHECK(res.match_cnt <= res.cand_cnt);
			FZ_CHECK(bl_btf_type(btf, res.target_id) != NULL);
			patch_all(&res);
		}
	}
	bl_btf_ext_free(ext);
	bl_btf_free(btf);
	return 0;
}
