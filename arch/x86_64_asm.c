/* arch/x86_64_asm.c — x86-64: the assembler's (AT&T syntax, as gcc
 * prints operands) names of the general registers and their low parts,
 * mapped to the slots of struct pt_regs (arch/x86_64.c).
 *
 * Mirrors the Intel SDM, vol. 1, section 3.4.1.1 "General-Purpose
 * Registers in 64-Bit Mode": rax/eax/ax/al and the like; r8..r15 with
 * the suffixes d (32 bits), w (16) and b (8); sil, dil, bpl, spl need a
 * REX prefix. The high bytes (ah, bh, ch, dh) are not low parts and are
 * left out: a spec naming one is refused.
 */
#include "arch.h"

#define LEGACY(r64, r32, r16, r8, slot) \
	{ r64, slot, 8 }, { r32, slot, 4 }, { r16, slot, 2 }, { r8, slot, 1 }
#define NUMBERED(n) \
	{ "r" #n, "r" #n, 8 }, { "r" #n "d", "r" #n, 4 }, { "r" #n "w", "r" #n, 2 }, \
	{ "r" #n "b", "r" #n, 1 }

static const struct bl_arch_asm_reg regs[] = {
	LEGACY("rax", "eax", "ax", "al", "ax"),
	LEGACY("rbx", "ebx", "bx", "bl", "bx"),
	LEGACY("rcx", "ecx", "cx", "cl", "cx"),
	LEGACY("rdx", "edx", "dx", "dl", "dx"),
	LEGACY("rsi", "esi", "si", "sil", "si"),
	LEGACY("rdi", "edi", "di", "dil", "di"),
	LEGACY("rbp", "ebp", "bp", "bpl", "bp"),
	LEGACY("rsp", "esp", "sp", "spl", "sp"),
	NUMBERED(8), NUMBERED(9), NUMBERED(10), NUMBERED(11),
	NUMBERED(12), NUMBERED(13), NUMBERED(14), NUMBERED(15),
	{ "rip", "ip", 8 },
	{ "eip", "ip", 4 },
};

const struct bl_arch_asm_regs bl_arch_x86_64_asm = { regs, sizeof(regs) / sizeof(regs[0]) };
