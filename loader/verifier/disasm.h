/* loader/verifier/disasm.h — BPF instructions as text, in the syntax of the
 * kernel's verifier log and of `bpftool prog dump xlated`
 * (kernel/bpf/disasm.c, print_bpf_insn; the instruction set is in
 * Documentation/bpf/standardization/instruction-set.rst).
 *
 * Pure: no syscalls. loader/verifier/log_annotate.h ties the verifier log back to
 * the source through line_info.
 */
#ifndef BL_DISASM_H
#define BL_DISASM_H

#include <linux/bpf.h>
#include <stddef.h>

struct bl_object_spec;
struct bl_prog_spec;

/* "bpf_map_lookup_elem" for helper id 1; NULL when the id is unknown to
 * the <linux/bpf.h> this was built with. */
const char *bl_disasm_helper_name(int id);

/* Writes instruction insns[0] as text into buf (len bytes), without the
 * "(code) " prefix the kernel puts before it: "r1 = *(u64 *)(r10 -8)",
 * "if r0 == 0x0 goto pc+2", "call bpf_map_lookup_elem#1". cnt is how
 * many instructions are left from insns[0] (an ld_imm64 takes two).
 * imm64_name, when not NULL, replaces the constant of an ld_imm64
 * ("map[counts]"). Returns the number of instructions used: 1, or 2 for
 * an ld_imm64. An unknown opcode is written "invalid" (the line below:
 * "(XX) invalid"). */
size_t bl_disasm_insn(const struct bpf_insn *insns, size_t cnt, const char *imm64_name,
		      char *buf, size_t len);

/* The same with the prefix, as in the verifier log: "(bf) r6 = r1". */
size_t bl_disasm_line(const struct bpf_insn *insns, size_t cnt, const char *imm64_name,
		      char *buf, size_t len);

/* What bpfload knows about ld_imm64 instruction idx of program p of obj
 * from its relocations: "map[counts]", "map[.data]+8 (var total)", a
 * function's address "func[name]", an extern "extern[name]". Returns buf,
 * or NULL when the instruction has no such relocation. */
const char *bl_disasm_reloc_name(const struct bl_object_spec *obj, const struct bl_prog_spec *p,
				 size_t idx, char *buf, size_t len);

#endif
