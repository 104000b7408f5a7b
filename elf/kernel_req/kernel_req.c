/* elf/kernel_req/kernel_req.c — the lowest Linux version an object needs,
 * and every reason, from the object alone.
 *
 * Per program: its section's program type and expected attach type, how
 * bpfload attaches it, and its instructions together with those of every
 * subprogram it calls (a call, or a callback's address) — the encodings
 * of Documentation/bpf/standardization/instruction-set.rst, the helper
 * ids, kfunc calls, global data and kernel variables through their
 * relocations. Object-wide: the maps (types, flags), the BTF kinds,
 * global data, names. Versions come from versions.c; each reason found
 * at an instruction carries the source line (.BTF.ext line_info,
 * Documentation/bpf/btf.rst "4.2 .BTF.ext section"). Pure: no syscalls.
 */
#include "kernel_req.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "elf/btf/btf_ext.h"

#define KV BL_KV

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
#define SRC_ATOMIC "Documentation/bpf/standardization/instruction-set.rst (atomic operations); " \
		   "bpf: Add BPF_FETCH field / create atomic_fetch_add instruction"
#define SRC_CPUV4 "Documentation/bpf/standardization/instruction-set.rst (sign extension, " \
		  "sdiv/smod, bswap, gotol); bpf: Support new sign-extension load insns (cpu v4 series)"
#define SRC_JMP32 "bpf: introduce BPF_JMP32 instruction class (Documentation/bpf/standardization/instruction-set.rst)"
#define SRC_JLT "92b31a9af73b bpf: add BPF_J{LT,LE,SLT,SLE} instructions"
#define SRC_CALLS "cc8b0b92a169 bpf: introduce function calls (function boundaries)"
#define SRC_LOOPS "2589726d12a1 bpf: introduce bounded loops"
#define SRC_FUNC "69c087ba6225 bpf: Add bpf_for_each_map_elem() helper (BPF_PSEUDO_FUNC)"
#define SRC_KFUNC "e6ac2450d6de bpf: Support bpf program calling kernel function"
#define SRC_BTF_ID "4976b718c355 bpf: Introduce pseudo_btf_id"
#define SRC_GLOBAL "d8eca5bbb2be bpf: implement lookup-free direct value access for maps"
#define SRC_FREEZE "87df15de441b bpf: add syscall side map freeze support"
#define SRC_NAMES "ad5b177bd73f bpf: Add map_name to bpf_map_info; cb4d2b3f03d8 bpf: Add name, load_time, uid and map_ids to bpf_prog_info"
#define SRC_SLEEP "1e6c62a88215 bpf: Introduce sleepable BPF programs"
#define SRC_FRAGS "bpf: introduce BPF_F_XDP_HAS_FRAGS flag in prog_flags loading the ebpf program"
#define SRC_UPROBE "04a22fae4cbc tracing, perf: Implement BPF programs attached to uprobes"
#define SRC_PERF_LINK "b89fbfbb854c bpf: Implement minimal BPF perf link"
#define SRC_KPROBE_PMU "e12f03d7031a perf/core: Implement the 'perf_kprobe' PMU"
#define SRC_BTF "69b693f0aefa bpf: btf: Introduce BPF Type Format (BTF)"

struct acc {
	struct bl_kreq *r;
	const struct bl_object_spec *obj;
	int ret;
};

/* Adds a reason; one with the same kind and text only counts one more
 * place (the first place is kept). */
static struct bl_kreq_reason *add(struct acc *a, uint32_t version, enum bl_kreq_kind kind,
				  bool note, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static struct bl_kreq_reason *add(struct acc *a, uint32_t version, enum bl_kreq_kind kind,
				  bool note, const char *source, const char *fmt, ...)
{
	struct bl_kreq_reason *rs, *x;
	char what[sizeof(x->what)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < a->r->cnt; i++)
		if (a->r->reasons[i].kind == kind && !strcmp(a->r->reasons[i].what, what)) {
			a->r->reasons[i].more++;
			return NULL;
		}
	rs = realloc(a->r->reasons, (a->r->cnt + 1) * sizeof(*rs));
	if (!rs) {
		a->ret = -ENOMEM;
		return NULL;
	}
	a->r->reasons = rs;
	x = &rs[a->r->cnt++];
	memset(x, 0, sizeof(*x));
	x->version = version;
	x->kind = kind;
	x->note = note;
	x->source = source;
	x->insn = -1;
	memcpy(x->what, what, sizeof(what));
	if (!note && version > a->r->version)
		a->r->version = version;
	return x;
}

/* The source line of instruction i of fn, from line_info. */
static void place(struct acc *a, struct bl_kreq_reason *x, const struct bl_prog_spec *fn, size_t i)
{
	const struct bl_btf_ext_sec *sec;
	uint64_t off = fn->sec_offset + i * sizeof(struct bpf_insn);
	const struct bpf_line_info *best = NULL;

	if (!x)
		return;
	x->func = fn->name;
	x->insn = (long)i;
	if (!a->obj->btf_ext || !a->obj->btf)
		return;
	sec = bl_btf_ext_find(&a->obj->btf_ext->line_info, fn->section);
	for (uint32_t k = 0; sec && k < sec->cnt; k++) {
		const struct bpf_line_info *li = &sec->line_info[k];

		if (li->insn_off >= fn->sec_offset && li->insn_off <= off &&
		    (!best || li->insn_off >= best->insn_off))
			best = li;
	}
	if (best && BPF_LINE_INFO_LINE_NUM(best->line_col)) {
		const char *file = bl_btf_name(a->obj->btf, best->file_name_off);
		const char *slash = file ? strrchr(file, '/') : NULL;

		x->file = slash ? slash + 1 : file;
		x->line = BPF_LINE_INFO_LINE_NUM(best->line_col);
	}
}

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
static void scan_insn(struct acc *a, const struct bl_prog_spec *fn, size_t j)
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
			place(a, add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "long jump (gotol: BPF_JMP32|BPF_JA)"), fn, j);
		else
			place(a, add(a, KV(5, 1), BL_KREQ_INSN, false, SRC_JMP32,
				     "32-bit conditional jump (BPF_JMP32 class)"), fn, j);
		if (in->off < 0 && in->code != (BPF_JMP32 | BPF_JA))
			place(a, add(a, KV(5, 3), BL_KREQ_INSN, false, SRC_LOOPS,
				     "a backward jump (a loop)"), fn, j);
		return;
	case BPF_JMP:
		if (op == BPF_CALL) {
			if (r && r->kind == BL_RELOC_EXTERN) {
				const struct bl_ksym *k = r->ksym >= 0 && (size_t)r->ksym < obj->ksym_cnt ?
							  &obj->ksyms[r->ksym] : NULL;

				place(a, add(a, KV(5, 13), BL_KREQ_KFUNC, false, SRC_KFUNC,
					     "kfunc %s (BPF_PSEUDO_KFUNC_CALL; the kfunc's own version "
					     "is not known: it may need a later kernel)",
					     k ? k->name : r->sym_name), fn, j);
			} else if (in->src_reg == PSEUDO_KFUNC_CALL) {
				place(a, add(a, KV(5, 13), BL_KREQ_KFUNC, false, SRC_KFUNC,
					     "kfunc call (BPF_PSEUDO_KFUNC_CALL; per-kfunc versions are not known)"),
				      fn, j);
			} else if (in->src_reg == BPF_PSEUDO_CALL) {
				const struct bl_prog_spec *c = callee(obj, fn, j);

				place(a, add(a, KV(4, 16), BL_KREQ_INSN, false, SRC_CALLS,
					     "bpf-to-bpf call of %s", c ? c->name : "a subprogram"),
				      fn, j);
			} else if (in->src_reg == 0) {
				v = bl_kv_helper((uint32_t)in->imm, &name, &src);
				if (v)
					place(a, add(a, v, BL_KREQ_HELPER, false, src, "helper bpf_%s (%d)",
						     name ? name : "?", in->imm), fn, j);
				else
					place(a, add(a, 0, BL_KREQ_HELPER, false, NULL,
						     "helper %d, which no release in this table knows",
						     in->imm), fn, j);
			}
			return;
		}
		if (op == BPF_JLT || op == BPF_JLE || op == BPF_JSLT || op == BPF_JSLE)
			place(a, add(a, KV(4, 14), BL_KREQ_INSN, false, SRC_JLT,
				     "jump on less-than (BPF_JLT/JLE/JSLT/JSLE)"), fn, j);
		if (op != BPF_EXIT && in->off < 0)
			place(a, add(a, KV(5, 3), BL_KREQ_INSN, false, SRC_LOOPS,
				     "a backward jump (a loop)"), fn, j);
		return;
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC && (name = atomic_name(in->imm)))
			place(a, add(a, KV(5, 12), BL_KREQ_INSN, false, SRC_ATOMIC, "%s", name), fn, j);
		return;
	case BPF_LDX:
		if (BPF_MODE(in->code) == BPF_MEMSX)
			place(a, add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "sign-extending load (BPF_MEMSX)"), fn, j);
		return;
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV && in->off && BPF_SRC(in->code) == BPF_X)
			place(a, add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "sign-extending move (movsx)"), fn, j);
		else if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1)
			place(a, add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "signed division or modulo (sdiv/smod)"), fn, j);
		else if (op == BPF_END && cls == BPF_ALU64)
			place(a, add(a, KV(6, 6), BL_KREQ_INSN, false, SRC_CPUV4,
				     "unconditional byte swap (bswap)"), fn, j);
		return;
	case BPF_LD:
		if (in->code != LD_IMM64)
			return;
		if (r && r->kind == BL_RELOC_DATA)
			place(a, add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
				     "global variable access (ld_imm64 BPF_PSEUDO_MAP_VALUE)"), fn, j);
		else if (r && r->kind == BL_RELOC_CALL)
			place(a, add(a, KV(5, 13), BL_KREQ_INSN, false, SRC_FUNC,
				     "callback %s (a function's address: ld_imm64 BPF_PSEUDO_FUNC)",
				     callee(obj, fn, j) ? callee(obj, fn, j)->name : "?"), fn, j);
		else if (r && r->kind == BL_RELOC_EXTERN && r->ksym >= 0 &&
			 (size_t)r->ksym < obj->ksym_cnt && obj->ksyms[r->ksym].kind == BL_KSYM_VAR)
			place(a, add(a, KV(5, 10), BL_KREQ_FEATURE, false, SRC_BTF_ID,
				     "typed kernel variable %s (ld_imm64 BPF_PSEUDO_BTF_ID)",
				     obj->ksyms[r->ksym].name), fn, j);
		else if (r && r->kind == BL_RELOC_EXTERN && r->ksym < 0 && obj->kconfig_map >= 0)
			place(a, add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
				     ".kconfig value %s (ld_imm64 BPF_PSEUDO_MAP_VALUE)", r->sym_name),
			      fn, j);
		else if (!r && in->src_reg == PSEUDO_MAP_VALUE)
			place(a, add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
				     "map value address (ld_imm64 BPF_PSEUDO_MAP_VALUE)"), fn, j);
		else if (!r && in->src_reg == PSEUDO_BTF_ID)
			place(a, add(a, KV(5, 10), BL_KREQ_FEATURE, false, SRC_BTF_ID,
				     "kernel variable by BTF id (ld_imm64 BPF_PSEUDO_BTF_ID)"), fn, j);
		else if (!r && in->src_reg == PSEUDO_FUNC)
			place(a, add(a, KV(5, 13), BL_KREQ_INSN, false, SRC_FUNC,
				     "callback (ld_imm64 BPF_PSEUDO_FUNC)"), fn, j);
		return;
	default:
		return;
	}
}

/* A program's instructions and those of every function it reaches. */
static void scan_code(struct acc *a, const struct bl_prog_spec *p)
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

static void scan_section(struct acc *a, const struct bl_prog_spec *p)
{
	const struct bl_section_def *d = p->def;
	const char *src;
	uint32_t v;

	if (!d) {
		add(a, 0, BL_KREQ_PROG_TYPE, false, NULL,
		    "section %s names no program type bpfload knows", p->section);
		return;
	}
	v = bl_kv_prog_type(d->prog_type, &src);
	add(a, v, BL_KREQ_PROG_TYPE, false, src, "program type %s (SEC(\"%s\"))",
	    bl_prog_type_name(d->prog_type), p->section);
	if (d->has_expected) {
		v = bl_kv_attach_type(d->expected_attach_type, &src);
		add(a, v ? v : KV(4, 17), BL_KREQ_ATTACH, false,
		    v ? src : "5e43f899b03a bpf: Check attach type at prog load time (expected_attach_type)",
		    "expected attach type %s (%u)",
		    bl_attach_type_str(d->expected_attach_type) ? bl_attach_type_str(d->expected_attach_type) : "?",
		    d->expected_attach_type);
	}
	if (d->flags & BL_SEC_SLEEPABLE)
		add(a, KV(5, 10), BL_KREQ_ATTACH, false, SRC_SLEEP, "sleepable program (BPF_F_SLEEPABLE)");
	if (d->flags & BL_SEC_XDP_FRAGS)
		add(a, KV(5, 18), BL_KREQ_ATTACH, false, SRC_FRAGS,
		    "XDP with fragments (BPF_F_XDP_HAS_FRAGS)");
	switch (d->attach) {
	case BL_ATTACH_UPROBE:
	case BL_ATTACH_URETPROBE:
		add(a, KV(4, 3), BL_KREQ_ATTACH, false, SRC_UPROBE, "BPF program on a uprobe");
		add(a, KV(4, 17), BL_KREQ_ATTACH, true, "trace_uprobe: support perf_uprobe PMU",
		    "uprobe PMU; bpfload uses tracefs uprobe_events before it");
		/* fall through */
	case BL_ATTACH_KPROBE:
	case BL_ATTACH_KRETPROBE:
	case BL_ATTACH_KSYSCALL:
	case BL_ATTACH_KRETSYSCALL:
		if (d->attach != BL_ATTACH_UPROBE && d->attach != BL_ATTACH_URETPROBE)
			add(a, KV(4, 17), BL_KREQ_ATTACH, true, SRC_KPROBE_PMU,
			    "kprobe PMU; bpfload uses tracefs kprobe_events before it");
		/* fall through */
	case BL_ATTACH_TRACEPOINT:
		add(a, KV(5, 15), BL_KREQ_ATTACH, true, SRC_PERF_LINK,
		    "BPF link on a perf event; bpfload uses PERF_EVENT_IOC_SET_BPF before it");
		break;
	case BL_ATTACH_BTF_TRACE:
	case BL_ATTACH_FREPLACE:
	case BL_ATTACH_ITER:
		add(a, 0, BL_KREQ_ATTACH, true, NULL,
		    "needs the kernel's BTF (CONFIG_DEBUG_INFO_BTF, /sys/kernel/btf/vmlinux)");
		break;
	default:
		break;
	}
}

static void scan_maps(struct acc *a)
{
	const struct bl_object_spec *obj = a->obj;
	bool data = false;
	const char *src, *name;
	uint32_t v;

	for (size_t i = 0; i < obj->map_cnt; i++) {
		const struct bl_map_spec *m = &obj->maps[i];

		if (m->inner_template)
			continue;
		v = bl_kv_map_type(m->type, &src);
		add(a, v, BL_KREQ_MAP, false, src, "map type %s (map %s)", bl_map_type_name(m->type),
		    m->name);
		for (uint32_t bit = 1; bit; bit <<= 1) {
			if (!(m->map_flags & bit))
				continue;
			v = bl_kv_map_flag(bit, &name, &src);
			if (bit == BPF_F_MMAPABLE && m->origin == BL_MAP_DATA)
				add(a, v, BL_KREQ_MAP, true, src,
				    "%s on global data (map %s): bpfload leaves it out before 5.5",
				    name, m->name);
			else
				add(a, v, BL_KREQ_MAP, false, src, "map flag %s (map %s)",
				    name ? name : "unknown", m->name);
		}
		if (m->origin == BL_MAP_DATA)
			data = true;
		if (m->origin == BL_MAP_DATA && m->map_flags & BPF_F_RDONLY_PROG)
			add(a, KV(5, 2), BL_KREQ_MAP, false, SRC_FREEZE,
			    "read-only global data frozen (BPF_MAP_FREEZE, map %s)", m->name);
	}
	if (data)
		add(a, KV(5, 2), BL_KREQ_FEATURE, false, SRC_GLOBAL,
		    "global data (.data, .rodata, .bss, .kconfig as array maps)");
	if (obj->map_cnt || obj->program_cnt)
		add(a, KV(4, 15), BL_KREQ_FEATURE, false, SRC_NAMES,
		    "object names (bpfload names every map and program: BPF_OBJ_NAME_LEN)");
}

static void scan_btf(struct acc *a)
{
	const struct bl_btf *btf = a->obj->btf;
	bool seen[32] = { false };
	const char *src;
	uint32_t v;

	if (!btf)
		return;
	add(a, KV(4, 18), BL_KREQ_BTF, true, SRC_BTF,
	    "BTF (types for maps, func_info, line_info): bpfload loads the object without it "
	    "when the kernel refuses it");
	for (uint32_t id = bl_btf_first_id(btf); id < bl_btf_type_cnt(btf); id++) {
		const struct btf_type *t = bl_btf_type(btf, id);
		unsigned kind = t ? bl_btf_kind(t) : 0;

		if (!t || kind >= 32 || seen[kind])
			continue;
		seen[kind] = true;
		v = bl_kv_btf_kind(kind, &src);
		if (v > KV(4, 18))
			add(a, v, BL_KREQ_BTF, true, src,
			    "BTF kind %s: bpfload rewrites it for an older kernel",
			    bl_btf_kind_name(kind));
	}
}

/* Highest version first; notes after requirements of the same version. */
static int by_version(const void *x, const void *y)
{
	const struct bl_kreq_reason *a = x, *b = y;

	if (a->note != b->note)
		return a->note ? 1 : -1;
	if (a->version != b->version)
		return a->version > b->version ? -1 : 1;
	return 0;
}

static void finish(struct bl_kreq *r)
{
	if (r->cnt > 1)
		qsort(r->reasons, r->cnt, sizeof(*r->reasons), by_version);
}

/* What a group of alternatives needs: of its ranks (mechanisms), the
 * one whose programs need the least (bpfload loads the most preferred
 * rank the kernel takes: loader/load/alternatives.c). */
static uint32_t group_version(const struct bl_object_spec *obj, const struct bl_kernel_reqs *res,
			      size_t g)
{
	const struct bl_alt_group *grp = &obj->alt_groups[g];
	uint32_t best = UINT32_MAX;

	for (unsigned rank = 0; rank <= BL_ALT_RANK_PERF; rank++) {
		uint32_t v = 0;
		bool any = false;

		for (size_t m = 0; m < grp->member_cnt; m++) {
			size_t i = grp->members[m];

			if (obj->programs[i].alt_rank != rank || res->progs[i].optional)
				continue;
			any = true;
			if (res->progs[i].version > v)
				v = res->progs[i].version;
		}
		if (any && v < best)
			best = v;
	}
	return best == UINT32_MAX ? 0 : best;
}

int bl_kernel_reqs(const struct bl_object_spec *obj, struct bl_kernel_reqs **out,
		   struct bl_err *err)
{
	struct bl_kernel_reqs *res = calloc(1, sizeof(*res));
	struct acc a = { NULL, obj, 0 };

	*out = NULL;
	if (!res || !(res->progs = calloc(obj->program_cnt ? obj->program_cnt : 1,
					  sizeof(*res->progs)))) {
		free(res);
		return bl_err_set(err, -ENOMEM, "%s: out of memory", obj->path);
	}
	res->prog_cnt = obj->program_cnt;
	a.r = &res->object;
	scan_maps(&a);
	scan_btf(&a);
	finish(&res->object);
	res->version = res->object.version;
	for (size_t i = 0; i < obj->program_cnt && !a.ret; i++) {
		a.r = &res->progs[i];
		a.r->name = obj->programs[i].name;
		a.r->optional = !obj->programs[i].autoload;
		a.r->alt_group = obj->programs[i].alt_group;
		scan_section(&a, &obj->programs[i]);
		scan_code(&a, &obj->programs[i]);
		finish(a.r);
		if (!a.r->optional && a.r->alt_group < 0 && a.r->version > res->version)
			res->version = a.r->version;
	}
	for (size_t g = 0; g < obj->alt_group_cnt && !a.ret; g++) {
		uint32_t v = group_version(obj, res, g);

		if (v > res->version)
			res->version = v;
	}
	if (a.ret) {
		bl_kernel_reqs_free(res);
		return bl_err_set(err, a.ret, "%s: out of memory", obj->path);
	}
	*out = res;
	return 0;
}

void bl_kernel_reqs_free(struct bl_kernel_reqs *r)
{
	if (!r)
		return;
	free(r->object.reasons);
	for (size_t i = 0; i < r->prog_cnt; i++)
		free(r->progs[i].reasons);
	free(r->progs);
	free(r);
}

const char *bl_kv_str(uint32_t v, char *buf, size_t len)
{
	if (!v)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%u.%u", BL_KV_MAJOR(v), BL_KV_MINOR(v));
	return buf;
}

const char *bl_kreq_kind_name(enum bl_kreq_kind kind)
{
	switch (kind) {
	case BL_KREQ_PROG_TYPE: return "prog_type";
	case BL_KREQ_ATTACH: return "attach";
	case BL_KREQ_HELPER: return "helper";
	case BL_KREQ_INSN: return "insn";
	case BL_KREQ_KFUNC: return "kfunc";
	case BL_KREQ_MAP: return "map";
	case BL_KREQ_BTF: return "btf";
	case BL_KREQ_FEATURE: return "feature";
	}
	return "?";
}
