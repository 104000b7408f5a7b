/* arch/arm_asm.c — 32-bit ARM: the assembler's names of the general
 * registers, mapped to the slots of struct pt_regs (arch/arm.c).
 *
 * Mirrors the Arm Architecture Reference Manual (ARMv7-A/R, DDI 0406),
 * section A2.3 "ARM core registers", and the AAPCS32's register names
 * (section 6.1.1): r0..r15, with r9 also sb, r10 sl, r11 fp, r12 ip,
 * r13 sp, r14 lr, r15 pc.  Every register is 32 bits; there are no
 * named low parts.
 */
#include "arch.h"

#define RN(n, slot) { "r" #n, slot, 4 }

static const struct bl_arch_asm_reg regs[] = {
	RN(0, "r0"), RN(1, "r1"), RN(2, "r2"), RN(3, "r3"), RN(4, "r4"), RN(5, "r5"),
	RN(6, "r6"), RN(7, "r7"), RN(8, "r8"), RN(9, "r9"), RN(10, "r10"),
	RN(11, "fp"), RN(12, "ip"), RN(13, "sp"), RN(14, "lr"), RN(15, "pc"),
	{ "sb", "r9", 4 },
	{ "sl", "r10", 4 },
	{ "fp", "fp", 4 },
	{ "ip", "ip", 4 },
	{ "sp", "sp", 4 },
	{ "lr", "lr", 4 },
	{ "pc", "pc", 4 },
};

const struct bl_arch_asm_regs bl_arch_arm_asm = { regs, sizeof(regs) / sizeof(regs[0]) };
