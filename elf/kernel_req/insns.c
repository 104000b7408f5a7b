/* elf/kernel_req/insns.c — what a program's instructions need: the
 * encodings of Documentation/bpf/standardization/instruction-set.rst
 * (BPF_JMP32, BPF_ATOMIC with BPF_FETCH, the sign-extending and signed
 * forms of cpu v4), helper calls by id, bpf-to-bpf calls, callbacks,
 * kfunc calls, global data and kernel variables through the relocations
 * (Documentation/bpf/llvm_reloc.rst). The subprograms a program calls or
 * passes as callbacks are scanned with it, as the loader appends them
 * (loader/load/subprogs.c). Pure: no syscalls.
 */
#include "kreq_internal.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80
#endif
#ifndef BPF_FETCH
#define BPF_FETCH 0x01
#endif
#ifndef BPF_XCHG
#define BPF_XCHG (0xe0 | BPF_FETCH)
#endif
#ifndef BPF_CMPXCHG
#define BPF_CMPXCHG (0xf0 | BPF_FETCH)
#endif
#ifndef BPF_ATOMIC
#define BPF_ATOMIC 0xc0
#endif
#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)
#define PSEUDO_KFUNC_CALL 2
#define PSEUDO_MAP_VALUE 2
#define PSEUDO_BTF_ID 3
#define PSEUDO_FUNC 4

/* Sources of the instruction-level versions (docs/kernel-versions.md). */
#define SRC_ATOMIC BL_KREQ_SRC("Documentation/bpf/standardization/instruction-set.rst (atomic operations); " \
		   "bpf: Add BPF_FETCH field / create atomic_fetch_add instruction")
#define SRC_CPUV4 BL_KREQ_SRC("Documentation/bpf/standardization/instruction-set.rst (sign extension, " \
		  "sdiv/smod, bswap, gotol); bpf: Support new sign-extension load insns (cpu v4 series)")
#define SRC_JMP32 BL_KREQ_SRC("bpf: introduce BPF_JMP32 instruction class (Documentation/bpf/standardization/instruction-set.rst)")
#define SRC_JLT BL_KREQ_SRC("92b31a9af73b bpf: add BPF_J{LT,LE,SLT,SLE} instructions")
#define SRC_CALLS BL_KREQ_SRC("cc8b0b92a169 bpf: introduce function calls (function boundaries)")
#define SRC_LOOPS BL_KREQ_SRC("2589726d12a1 bpf: introduce bounded loops")
#define SRC_FUNC BL_KREQ_SRC("69c087ba6225 bpf: Add bpf_for_each_map_elem() helper (BPF_PSEUDO_FUNC)")
#define SRC_KFUNC BL_KREQ_SRC("e6ac2450d6de bpf: Support bpf program calling kernel function")
#define SRC_BTF_ID BL_KREQ_SRC("4976b718c355 bpf: Introduce pseudo_btf_id")

static const struct bl_reloc *reloc_at(const struct bl_prog_spec *fn, size_t insn)
{
	for (size_t i = 0; i < fn->reloc_cnt; i++)
		if (fn->relocs[i].insn == insn)
			return &fn->relocs[i];
	return NULL;
}

static const char *atomic_name(int32_t imm)
{
	switch (imm) {
	case BPF_ADD | BPF_FETCH: return "atomic fetch-and-add (BPF_ATOMIC|BPF_FETCH)";
	case BPF_AND: return "atomic and (BPF_ATOMIC BPF_AND)";
	case BPF_OR: return "atomic or (BPF_ATOMIC BPF_OR)";
	case BPF_XOR: return "atomic xor (BPF_ATOMIC BPF_XOR)";
	case BPF_AND | BPF_FETCH: return "atomic fetch-and-and (BPF_ATOMIC|BPF_FETCH)";
	case BPF_OR | BPF_FETCH: return "atomic fetch-and-or (BPF_ATOMIC|BPF_FETCH)";
	case BPF_XOR | BPF_FETCH: return "atomic fetch-and-xor (BPF_ATOMIC|BPF_FETCH)";
	case BPF_XCHG: return "atomic exchange (BPF_XCHG)";
	case BPF_CMPXCHG: return "atomic compare-and-exchange (BPF_CMPXCHG)";
	default: return NULL;
	}
}

/* The program or subprogram whose instructions hold byte off of section
 * shndx (what elf/read/subprogs.c answers too, a layer above). */
static const struct bl_prog_spec *func_in(const struct bl_prog_spec *fns, size_t n,
					  uint32_t shndx, uint64_t off)
{
	for (size_t i = 0; i < n; i++)
		if (fns[i].shndx == shndx && off >= fns[i].sec_offset &&
		    off < fns[i].sec_offset + fns[i].insn_cnt * sizeof(struct bpf_insn))
			return &fns[i];
	return NULL;
}

static const struct bl_prog_spec *func_at(const struct bl_object_spec *obj, uint32_t shndx,
					  uint64_t off)
{
	const struct bl_prog_spec *p = func_in(obj->programs, obj->program_cnt, shndx, off);

	return p ? p : func_in(obj->subprogs, obj->subprog_cnt, shndx, off);
}

/* The function called (or whose address is taken) at instruction j of
 * fn, or NULL. */
static const struct bl_prog_spec *callee(const struct bl_object_spec *obj,
					 const struct bl_prog_spec *fn, size_t j)
{
	const struct bpf_insn *in = &fn->insns[j];
	const struct bl_reloc *r = reloc_at(fn, j);

	if (r && r->kind == BL_RELOC_CALL)
		return func_at(obj, r->sym_shndx, r->off);
	if (!r && in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL)
		return func_at(obj, fn->shndx,
			       fn->sec_offset + (uint64_t)((int64_t)j + 1 + in->imm) *
					 sizeof(*in));
	return NULL;
}

/* One instruction's needs. */
/* A call of bpf_get_attach_cookie in an object with the .kconfig extern
 * LINUX_HAS_BPF_COOKIE, as libbpf's usdt.bpf.h and bpf-progs/bpfload_usdt.h
 * have it: the call sits under `if (LINUX_HAS_BPF_COOKIE)`, which the
 * loader sets false before 5.15 (loader/load/kconfig.c); the value is a
 * constant of a frozen map, so the verifier never walks the branch and an
 * older kernel never sees the helper. Taken on trust from the extern's
 * presence: the branch itself is not looked for. */
static bool cookie_guarded(const struct bl_object_spec *obj, int32_t helper)
{
	if (helper != BPF_FUNC_get_attach_cookie)
		return false;
	for (size_t i = 0; i < obj->extern_cnt; i++)
		if (obj->externs[i].name && !strcmp(obj->externs[i].name, "LINUX_HAS_BPF_COOKIE"))
			return true;
	return false;
}

static void scan_insn(struct bl_kreq_acc *a, const struct bl_prog_spec *fn, size_t j)
{
	const struct bl_object_spec *obj = a->obj;
	const struct bpf_insn *in = &fn->insns[j];
	const struct bl_reloc *r = reloc_at(fn, j);
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	const char *name, *src;
	uint32_t v;

	switch (cls) {
	case BPF_JMP32:
		if (in->code == (BPF_JMP32 | BPF_JA))
			bl_kreq_place(a, bl_kreq_add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "long jump (gotol: BPF_JMP32|BPF_JA)"), fn, j);
		else
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 1), BL_KREQ_INSN, false, SRC_JMP32,
				     "32-bit conditional jump (BPF_JMP32 class)"), fn, j);
		if (in->off < 0 && in->code != (BPF_JMP32 | BPF_JA))
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 3), BL_KREQ_INSN, false, SRC_LOOPS,
				     "a backward jump (a loop)"), fn, j);
		return;
	case BPF_JMP:
		if (op == BPF_CALL) {
			if (BPF_SRC(in->code) == BPF_X) {
				bl_kreq_place(a, bl_kreq_add(a, 0, BL_KREQ_INSN, false, NULL,
					     "call through a register (callx, opcode 0x8d), which no "
					     "release has (built with -O0?)"), fn, j);
			} else if (r && r->kind == BL_RELOC_EXTERN) {
				const struct bl_ksym *k = r->ksym >= 0 && (size_t)r->ksym < obj->ksym_cnt ?
							  &obj->ksyms[r->ksym] : NULL;

				/* __weak: where the kernel lacks it, the call is left for
				 * the verifier to prune behind bpf_ksym_exists() (it loads
				 * on 5.10: tests/vm/tests.d/90-min-kernel.sh, test_ksyms) */
				if (k && k->is_weak)
					bl_kreq_place(a, bl_kreq_add(a, KV(5, 13), BL_KREQ_KFUNC, true, SRC_KFUNC,
						     "kfunc %s, __weak: called only where the kernel has it "
						     "(bpf_ksym_exists)", k->name), fn, j);
				else
					bl_kreq_place(a, bl_kreq_add(a, KV(5, 13), BL_KREQ_KFUNC, false, SRC_KFUNC,
						     "kfunc %s (BPF_PSEUDO_KFUNC_CALL; the kfunc's own version "
						     "is not known: it may need a later kernel)",
						     k ? k->name : r->sym_name), fn, j);
			} else if (in->src_reg == PSEUDO_KFUNC_CALL) {
				bl_kreq_place(a, bl_kreq_add(a, KV(5, 13), BL_KREQ_KFUNC, false, SRC_KFUNC,
					     "kfunc call (BPF_PSEUDO_KFUNC_CALL; per-kfunc versions are not known)"),
				      fn, j);
			} else if (in->src_reg == BPF_PSEUDO_CALL) {
				const struct bl_prog_spec *c = callee(obj, fn, j);

				bl_kreq_place(a, bl_kreq_add(a, KV(4, 16), BL_KREQ_INSN, false, SRC_CALLS,
					     "bpf-to-bpf call of %s", c ? c->name : "a subprogram"),
				      fn, j);
			} else if (in->src_reg == 0) {
				v = bl_kv_helper((uint32_t)in->imm, &name, &src);
				if (v && cookie_guarded(obj, in->imm))
					bl_kreq_place(a, bl_kreq_add(a, v, BL_KREQ_HELPER, true, src,
						     "helper bpf_%s (%d), under LINUX_HAS_BPF_COOKIE: "
						     "false on an older kernel, whose verifier then skips the call",
						     name ? name : "?", in->imm), fn, j);
				else if (v)
					bl_kreq_place(a, bl_kreq_add(a, v, BL_KREQ_HELPER, false, src, "helper bpf_%s (%d)",
						     name ? name : "?", in->imm), fn, j);
				else
					bl_kreq_place(a, bl_kreq_add(a, 0, BL_KREQ_HELPER, false, NULL,
						     "helper %d, which no release in this table knows",
						     in->imm), fn, j);
			}
			return;
		}
		if (op == BPF_JLT || op == BPF_JLE || op == BPF_JSLT || op == BPF_JSLE)
			bl_kreq_place(a, bl_kreq_add(a, KV(4, 14), BL_KREQ_INSN, false, SRC_JLT,
				     "jump on less-than (BPF_JLT/JLE/JSLT/JSLE)"), fn, j);
		if (op != BPF_EXIT && in->off < 0)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 3), BL_KREQ_INSN, false, SRC_LOOPS,
				     "a backward jump (a loop)"), fn, j);
		return;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC && (name = atomic_name(in->imm)))
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 12), BL_KREQ_INSN, false, SRC_ATOMIC, "%s", name), fn, j);
		return;
	case BPF_LDX:
		if (BPF_MODE(in->code) == BPF_MEMSX)
			bl_kreq_place(a, bl_kreq_add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "sign-extending load (BPF_MEMSX)"), fn, j);
		return;
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV && in->off && BPF_SRC(in->code) == BPF_X)
			bl_kreq_place(a, bl_kreq_add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "sign-extending move (movsx)"), fn, j);
		else if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
			bl_kreq_place(a, bl_kreq_add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "signed division or modulo (sdiv/smod)"), fn, j);
		else if (op == BPF_END && cls == BPF_ALU64)
			bl_kreq_place(a, bl_kreq_add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "unconditional byte swap (bswap)"), fn, j);
		return;
	case BPF_LD:
		if (in->code != LD_IMM64)
			return;
		if (r && r->kind == BL_RELOC_DATA)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
				     "global variable access (ld_imm64 BPF_PSEUDO_MAP_VALUE)"), fn, j);
		else if (r && r->kind == BL_RELOC_CALL)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 13), BL_KREQ_INSN, false, SRC_FUNC,
				     "callback %s (a function's address: ld_imm64 BPF_PSEUDO_FUNC)",
				     callee(obj, fn, j) ? callee(obj, fn, j)->name : "?"), fn, j);
		else if (r && r->kind == BL_RELOC_EXTERN && r->ksym >= 0 &&
			 (size_t)r->ksym < obj->ksym_cnt && obj->ksyms[r->ksym].kind == BL_KSYM_VAR)
			/* __weak: 0 where the kernel's BTF lacks it (loader/load/relocate.c) */
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 10), BL_KREQ_FEATURE, obj->ksyms[r->ksym].is_weak,
				     SRC_BTF_ID, obj->ksyms[r->ksym].is_weak ?
				     "typed kernel variable %s, __weak: 0 where the kernel's BTF lacks it" :
				     "typed kernel variable %s (ld_imm64 BPF_PSEUDO_BTF_ID)",
				     obj->ksyms[r->ksym].name), fn, j);
		else if (r && r->kind == BL_RELOC_EXTERN && r->ksym < 0 && obj->kconfig_map >= 0)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
				     ".kconfig value %s (ld_imm64 BPF_PSEUDO_MAP_VALUE)", r->sym_name),
			      fn, j);
		else if (!r && in->src_reg == PSEUDO_MAP_VALUE)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
				     "map value address (ld_imm64 BPF_PSEUDO_MAP_VALUE)"), fn, j);
		else if (!r && in->src_reg == PSEUDO_BTF_ID)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 10), BL_KREQ_FEATURE, false, SRC_BTF_ID,
				     "kernel variable by BTF id (ld_imm64 BPF_PSEUDO_BTF_ID)"), fn, j);
		else if (!r && in->src_reg == PSEUDO_FUNC)
			bl_kreq_place(a, bl_kreq_add(a, KV(5, 13), BL_KREQ_INSN, false, SRC_FUNC,
				     "callback (ld_imm64 BPF_PSEUDO_FUNC)"), fn, j);
		return;
	default:
		return;
	}
}

void bl_kreq_scan_code(struct bl_kreq_acc *a, const struct bl_prog_spec *p)
{
	const struct bl_prog_spec **fns = NULL;
	size_t cnt = 0;

	fns = malloc(sizeof(*fns));
	if (!fns) {
		a->ret = -ENOMEM;
		return;
	}
	fns[cnt++] = p;
	for (size_t f = 0; f < cnt && !a->ret; f++) {
		const struct bl_prog_spec *fn = fns[f];

		for (size_t j = 0; j < fn->insn_cnt; j++) {
			const struct bl_prog_spec *c;
			size_t k;

			scan_insn(a, fn, j);
			c = callee(a->obj, fn, j);
			if (fn->insns[j].code == LD_IMM64)
				j++;	/* its second half */
			if (!c)
				continue;
			for (k = 0; k < cnt && fns[k] != c; k++)
				;
			if (k == cnt) {
				const struct bl_prog_spec **g = realloc(fns, (cnt + 1) * sizeof(*fns));

				if (!g) {
					a->ret = -ENOMEM;
					break;
				}
				fns = g;
				fns[cnt++] = c;
			}
		}
	}
	free(fns);
}
