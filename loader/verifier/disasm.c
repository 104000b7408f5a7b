/* loader/verifier/disasm.c — BPF instructions as text, in the verifier log's
 * syntax.
 *
 * The format is the kernel's (kernel/bpf/disasm.c, print_bpf_insn), which
 * the verifier log and `bpftool prog dump xlated` both use, so that what
 * bpfload prints can be read next to them: "r1 = *(u64 *)(r10 -8)",
 * "w0 = 1", "if r0 == 0x0 goto pc+2", "call bpf_map_lookup_elem#1",
 * "lock *(u64 *)(r0 +0) += r1". The opcodes are those of
 * Documentation/bpf/standardization/instruction-set.rst; helper names come
 * from <linux/bpf.h>'s __BPF_FUNC_MAPPER, expanded here at compile time
 * as the kernel does.
 */
#include "disasm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "elf/helper_names.h"
#include "elf/object.h"

/* Newer than some <linux/bpf.h> (include/uapi/linux/bpf.h, 6.6 .. 6.15). */
#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80
#endif
#ifndef BPF_JCOND
#define BPF_JCOND 0xe0
#endif
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ 0x100
#endif
#ifndef BPF_STORE_REL
#define BPF_STORE_REL 0x110
#endif
#define MAY_GOTO 0		/* BPF_MAY_GOTO: src_reg of BPF_JCOND */
#define ADDR_SPACE_CAST 1	/* BPF_ADDR_SPACE_CAST: off of a mov */

/* The names: elf/helper_names.c, one table for bpfload. */
const char *bl_disasm_helper_name(int id)
{
	return bl_helper_name(id);
}

static const char *const alu_ops[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"neg", "%=", "^=", "=", "s>>=", "endian", NULL, NULL,
};
static const char *const jmp_ops[16] = {
	"jmp", "==", ">", ">=", "&", "!=", "s>", "s>=",
	"call", "exit", "<", "<=", "s<", "s<=", NULL, NULL,
};
static const char *const sizes[4] = { "u32", "u16", "u8", "u64" };
static const char *const ssizes[4] = { "s32", "s16", "s8", NULL };
static const char *const atomic_ops[16] = {
	[BPF_ADD >> 4] = "add", [BPF_OR >> 4] = "or", [BPF_AND >> 4] = "and",
	[BPF_XOR >> 4] = "xor",
};

#define SIZE_IDX(code) (BPF_SIZE(code) >> 3)

static bool alu(const struct bpf_insn *in, char *buf, size_t len)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_ALU ? 'w' : 'r';
	const char *s = alu_ops[op >> 4];

	if (!s)
		return false;
	if (op == BPF_END) {
		if (cls == BPF_ALU64)
			snprintf(buf, len, "r%d = bswap%d r%d", in->dst_reg, in->imm, in->dst_reg);
		else
			snprintf(buf, len, "r%d = %s%d r%d", in->dst_reg,
				 BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm, in->dst_reg);
		return true;
	}
	if (op == BPF_NEG) {
		snprintf(buf, len, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
		return true;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
		s = op == BPF_DIV ? "s/=" : "s%=";
	if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->off == ADDR_SPACE_CAST) {
		snprintf(buf, len, "r%d = addr_space_cast(r%d, %u, %u)", in->dst_reg, in->src_reg,
			 (uint32_t)in->imm >> 16, (uint16_t)in->imm);
		return true;
	}
	if (BPF_SRC(in->code) == BPF_X) {
		const char *sx = "";

		if (op == BPF_MOV)
			sx = in->off == 8 ? "(s8)" : in->off == 16 ? "(s16)" : in->off == 32 ? "(s32)" : "";
		snprintf(buf, len, "%c%d %s %s%c%d", r, in->dst_reg, s, sx, r, in->src_reg);
	} else {
		snprintf(buf, len, "%c%d %s %d", r, in->dst_reg, s, in->imm);
	}
	return true;
}

static bool stx(const struct bpf_insn *in, char *buf, size_t len)
{
	const char *sz = sizes[SIZE_IDX(in->code)];
	const char *w = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	int imm = in->imm;

	if (BPF_MODE(in->code) == BPF_MEM) {
		snprintf(buf, len, "*(%s *)(r%d %+d) = r%d", sz, in->dst_reg, in->off, in->src_reg);
		return true;
	}
	if (BPF_MODE(in->code) != BPF_ATOMIC)
		return false;
	if (imm == BPF_ADD || imm == BPF_AND || imm == BPF_OR || imm == BPF_XOR)
		snprintf(buf, len, "lock *(%s *)(r%d %+d) %s r%d", sz, in->dst_reg, in->off,
			 alu_ops[imm >> 4], in->src_reg);
	else if ((imm & BPF_FETCH) && (imm & ~BPF_FETCH) >= 0 && (imm & ~BPF_FETCH) < 0x100 &&
		 !(imm & 0x0f & ~BPF_FETCH) && atomic_ops[imm >> 4])
		snprintf(buf, len, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", in->src_reg, w,
			 atomic_ops[imm >> 4], sz, in->dst_reg, in->off, in->src_reg);
	else if (imm == BPF_CMPXCHG)
		snprintf(buf, len, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", w, sz,
			 in->dst_reg, in->off, in->src_reg);
	else if (imm == BPF_XCHG)
		snprintf(buf, len, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", in->src_reg, w, sz,
			 in->dst_reg, in->off, in->src_reg);
	else if (imm == BPF_LOAD_ACQ)
		snprintf(buf, len, "r%d = load_acquire((%s *)(r%d %+d))", in->dst_reg, sz,
			 in->src_reg, in->off);
	else if (imm == BPF_STORE_REL)
		snprintf(buf, len, "store_release((%s *)(r%d %+d), r%d)", sz, in->dst_reg, in->off,
			 in->src_reg);
	else
		return false;
	return true;
}

static bool jmp(const struct bpf_insn *in, char *buf, size_t len)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	char r = cls == BPF_JMP32 ? 'w' : 'r';

	if (op == BPF_CALL) {
		const char *name = bl_disasm_helper_name(in->imm);

		if (in->src_reg == BPF_PSEUDO_CALL)
			snprintf(buf, len, "call pc%+d", in->imm);
		else if (in->src_reg == BPF_PSEUDO_KFUNC_CALL)
			snprintf(buf, len, "call kernel-function#%d", in->imm);
		else
			snprintf(buf, len, "call %s#%d", name && !in->src_reg ? name : "unknown",
				 in->imm);
		return cls == BPF_JMP;
	}
	if (in->code == (BPF_JMP | BPF_JA)) {
		snprintf(buf, len, "goto pc%+d", in->off);
	} else if (in->code == (BPF_JMP32 | BPF_JA)) {
		snprintf(buf, len, "gotol pc%+d", in->imm);
	} else if (in->code == (BPF_JMP | BPF_JA | BPF_X)) {
		snprintf(buf, len, "gotox r%d", in->dst_reg);
	} else if (in->code == (BPF_JMP | BPF_JCOND) && in->src_reg == MAY_GOTO) {
		snprintf(buf, len, "may_goto pc%+d", in->off);
	} else if (in->code == (BPF_JMP | BPF_EXIT)) {
		snprintf(buf, len, "exit");
	} else if (op == BPF_JA || op == BPF_EXIT || !jmp_ops[op >> 4]) {
		return false;
	} else if (BPF_SRC(in->code) == BPF_X) {
		snprintf(buf, len, "if %c%d %s %c%d goto pc%+d", r, in->dst_reg, jmp_ops[op >> 4], r,
			 in->src_reg, in->off);
	} else {
		snprintf(buf, len, "if %c%d %s 0x%x goto pc%+d", r, in->dst_reg, jmp_ops[op >> 4],
			 (uint32_t)in->imm, in->off);
	}
	return true;
}

static bool ld(const struct bpf_insn *in, size_t cnt, const char *imm64_name, char *buf,
	       size_t len)
{
	const char *sz = sizes[SIZE_IDX(in->code)];

	if (BPF_MODE(in->code) == BPF_ABS && BPF_SIZE(in->code) != BPF_DW) {
		snprintf(buf, len, "r0 = *(%s *)skb[%d]", sz, in->imm);
	} else if (BPF_MODE(in->code) == BPF_IND && BPF_SIZE(in->code) != BPF_DW) {
		snprintf(buf, len, "r0 = *(%s *)skb[r%d + %d]", sz, in->src_reg, in->imm);
	} else if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && cnt >= 2) {
		uint64_t imm = (uint64_t)(uint32_t)in[1].imm << 32 | (uint32_t)in->imm;

		if (imm64_name)
			snprintf(buf, len, "r%d = %s", in->dst_reg, imm64_name);
		else
			snprintf(buf, len, "r%d = 0x%llx", in->dst_reg, (unsigned long long)imm);
	} else {
		return false;
	}
	return true;
}

size_t bl_disasm_insn(const struct bpf_insn *insns, size_t cnt, const char *imm64_name,
		      char *buf, size_t len)
{
	const struct bpf_insn *in = insns;
	bool ok = false;

	if (!cnt) {
		snprintf(buf, len, "invalid");
		return 0;
	}
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		ok = alu(in, buf, len);
		break;
	case BPF_STX:
		ok = stx(in, buf, len);
		break;
	case BPF_ST:
		ok = BPF_MODE(in->code) == BPF_MEM;
		if (ok)
			snprintf(buf, len, "*(%s *)(r%d %+d) = %d", sizes[SIZE_IDX(in->code)],
				 in->dst_reg, in->off, in->imm);
		break;
	case BPF_LDX:
		ok = BPF_MODE(in->code) == BPF_MEM ||
		     (BPF_MODE(in->code) == BPF_MEMSX && ssizes[SIZE_IDX(in->code)]);
		if (ok)
			snprintf(buf, len, "r%d = *(%s *)(r%d %+d)", in->dst_reg,
				 BPF_MODE(in->code) == BPF_MEM ? sizes[SIZE_IDX(in->code)]
							       : ssizes[SIZE_IDX(in->code)],
				 in->src_reg, in->off);
		break;
	case BPF_LD:
		ok = ld(in, cnt, imm64_name, buf, len);
		if (ok && in->code == (BPF_LD | BPF_IMM | BPF_DW))
			return 2;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		ok = jmp(in, buf, len);
		break;
	}
	if (!ok)
		snprintf(buf, len, "invalid");
	return 1;
}

size_t bl_disasm_line(const struct bpf_insn *insns, size_t cnt, const char *imm64_name,
		      char *buf, size_t len)
{
	int n;

	if (!cnt) {
		snprintf(buf, len, "invalid");
		return 0;
	}
	n = snprintf(buf, len, "(%02x) ", insns->code);
	if (n < 0 || (size_t)n >= len)
		return 1;
	return bl_disasm_insn(insns, cnt, imm64_name, buf + n, len - (size_t)n);
}

const char *bl_disasm_reloc_name(const struct bl_object_spec *obj, const struct bl_prog_spec *p,
				 size_t idx, char *buf, size_t len)
{
	for (size_t i = 0; i < p->reloc_cnt; i++) {
		const struct bl_reloc *r = &p->relocs[i];
		const struct bl_map_spec *m;
		const char *sec;

		if (r->insn != idx || p->insns[idx].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		m = r->map >= 0 && (size_t)r->map < obj->map_cnt ? &obj->maps[r->map] : NULL;
		switch (r->kind) {
		case BL_RELOC_MAP:
			snprintf(buf, len, "map[%s]", m ? m->name : r->sym_name);
			return buf;
		case BL_RELOC_DATA:
			sec = r->sym_shndx < obj->section_cnt ? obj->sections[r->sym_shndx].name
							      : "?";
			if (r->sym_name && *r->sym_name && strcmp(r->sym_name, sec))
				snprintf(buf, len, "map[%s]+%llu (var %s)", sec,
					 (unsigned long long)r->off, r->sym_name);
			else
				snprintf(buf, len, "map[%s]+%llu", sec, (unsigned long long)r->off);
			return buf;
		case BL_RELOC_CALL:
			snprintf(buf, len, "func[%s]", r->sym_name ? r->sym_name : "?");
			return buf;
		case BL_RELOC_EXTERN:
			snprintf(buf, len, "extern[%s]", r->sym_name ? r->sym_name : "?");
			return buf;
		}
	}
	return NULL;
}
