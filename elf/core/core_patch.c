/* elf/core/core_patch.c — writing the result of a CO-RE relocation into its
 * instruction.
 *
 * Documentation/bpf/llvm_reloc.rst, "CO-RE Relocations": the field
 * patched depends on the instruction class: the immediate of BPF_ALU,
 * BPF_ALU64 (rX = imm, rX += imm, ...) and BPF_LD (the 64-bit immediate
 * of LD_IMM64, in two instructions), the offset of BPF_LDX, BPF_STX and
 * BPF_ST; BPF_JMP and BPF_JMP32 are never patched. Instruction encoding:
 * Documentation/bpf/standardization/instruction-set.rst; <linux/bpf.h>.
 *
 * As libbpf does: before patching, the instruction must hold the value
 * computed from the object's own BTF (res->validate), which catches a
 * relocation record that does not belong to its instruction; a load or
 * store whose field changed size gets the new size when that is safe
 * (res->fail_memsz_adjust says when it is not: then it is poisoned).
 *
 * Poisoning: an unresolvable relocation does not fail the load, since the
 * program may guard that instruction with bpf_core_field_exists() and
 * friends so that it is dead code on this kernel. It becomes a call of
 * the non-existent helper BL_CORE_POISON_HELPER; the verifier removes it
 * when unreachable and otherwise fails with "invalid func
 * unknown#195896080" at that instruction.
 */
#include "core.h"

#include <errno.h>

static bool is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

bool bl_core_insn_poisoned(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0 &&
	       insn->imm == BL_CORE_POISON_HELPER;
}

static void poison(struct bpf_insn *insn)
{
	insn->code = BPF_JMP | BPF_CALL;
	insn->dst_reg = 0;
	insn->src_reg = 0;
	insn->off = 0;
	insn->imm = BL_CORE_POISON_HELPER;
}

/* The value in the instruction is the object's own (see enum32). */
static bool holds_orig(const struct bl_core_result *res, uint64_t have)
{
	return have == res->orig_val ||
	       (res->enum32 && have == (uint64_t)(int64_t)(int32_t)(uint32_t)res->orig_val);
}

static int size_bytes(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	case BPF_DW: return 8;
	}
	return -1;
}

static int size_code(uint32_t bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	}
	return -1;
}

static int bad(const struct bl_core_result *res, struct bl_err *err, int code, size_t idx,
	       const char *what, unsigned long long have)
{
	return bl_err_set(err, code, "%s: instruction %zu %s %llu, but the object's own value is %llu (new %llu)",
			  res->desc, idx, what, have, (unsigned long long)res->orig_val,
			  (unsigned long long)res->new_val);
}

static int patch_mem(struct bpf_insn *insn, size_t idx, const struct bl_core_result *res,
		     struct bl_err *err)
{
	int have, code;

	if (res->validate && !holds_orig(res, (uint64_t)(int64_t)insn->off))
		return bad(res, err, -EINVAL, idx, "(load/store) has offset", (long long)insn->off);
	if (res->new_val > INT16_MAX)
		return bl_err_set(err, -ERANGE, "%s: instruction %zu (load/store): offset %llu does not fit its 16-bit field",
				  res->desc, idx, (unsigned long long)res->new_val);
	if (res->fail_memsz_adjust) {
		/* the kernel's field has another size and is not an unsigned
		 * integer or a pointer: reading it with either size is wrong */
		poison(insn);
		return 0;
	}
	code = insn->code;
	if (res->new_sz != res->orig_sz) {
		have = size_bytes(insn->code);
		if (have < 0 || (uint32_t)have != res->orig_sz)
			return bl_err_set(err, -EINVAL, "%s: instruction %zu (load/store) accesses %d bytes, but the field has %u",
					  res->desc, idx, have, res->orig_sz);
		code = size_code(res->new_sz);
		if (code < 0)
			return bl_err_set(err, -EINVAL, "%s: instruction %zu (load/store): the kernel's field has %u bytes, which no load or store has",
					  res->desc, idx, res->new_sz);
		code |= BPF_MODE(insn->code) | BPF_CLASS(insn->code);
	}
	insn->off = (int16_t)res->new_val;
	insn->code = (uint8_t)code;
	return 0;
}

int bl_core_patch_insn(struct bpf_insn *insns, size_t insn_cnt, size_t idx,
		       const struct bl_core_result *res, struct bl_err *err)
{
	struct bpf_insn *insn;
	uint64_t imm;

	if (idx >= insn_cnt)
		return bl_err_set(err, -EINVAL, "%s: instruction %zu is past the end of the program (%zu instructions)",
				  res->desc, idx, insn_cnt);
	insn = &insns[idx];
	if (res->poison) {
		/* both halves of an LD_IMM64: else the verifier complains
		 * about the second one ("unknown opcode 00") */
		if (is_ldimm64(insn) && idx + 1 < insn_cnt)
			poison(insn + 1);
		poison(insn);
		return 0;
	}
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(insn->code) != BPF_K)
			return bl_err_set(err, -EINVAL, "%s: instruction %zu (code 0x%02x) takes a register, not an immediate",
					  res->desc, idx, insn->code);
		if (res->validate && !holds_orig(res, (uint64_t)(int64_t)insn->imm) &&
		    !holds_orig(res, (uint32_t)insn->imm))
			return bad(res, err, -EINVAL, idx, "(ALU) has immediate", (long long)insn->imm);
		if (res->new_val > UINT32_MAX &&
		    res->new_val != (uint64_t)(int64_t)(int32_t)(uint32_t)res->new_val)
			return bl_err_set(err, -ERANGE, "%s: instruction %zu (ALU): %llu does not fit its 32-bit immediate",
					  res->desc, idx, (unsigned long long)res->new_val);
		insn->imm = (int32_t)(uint32_t)res->new_val;
		return 0;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return patch_mem(insn, idx, res, err);
	case BPF_LD:
		if (!is_ldimm64(insn) || insn->src_reg != 0 || insn->off != 0)
			return bl_err_set(err, -EINVAL, "%s: instruction %zu (code 0x%02x, src_reg %u) is not a plain LD_IMM64",
					  res->desc, idx, insn->code, insn->src_reg);
		if (idx + 1 >= insn_cnt || insn[1].code || insn[1].dst_reg || insn[1].src_reg ||
		    insn[1].off)
			return bl_err_set(err, -EINVAL, "%s: instruction %zu: LD_IMM64 without its second half",
					  res->desc, idx);
		imm = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
		if (res->validate && !holds_orig(res, imm))
			return bad(res, err, -EINVAL, idx, "(LD_IMM64) has", imm);
		insn[0].imm = (int32_t)(uint32_t)res->new_val;
		insn[1].imm = (int32_t)(uint32_t)(res->new_val >> 32);
		return 0;
	}
	return bl_err_set(err, -EINVAL, "%s: instruction %zu (code 0x%02x) is a jump: CO-RE patches only ALU, LD_IMM64, LDX, ST and STX",
			  res->desc, idx, insn->code);
}
