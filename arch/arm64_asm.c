/* arch/arm64_asm.c — AArch64: the assembler's names of the general
 * registers, mapped to the slots of struct user_pt_regs (arch/arm64.c).
 *
 * Mirrors the Arm Architecture Reference Manual (DDI 0487), section C1.2.5
 * "Register names": xN is the 64-bit register N (0..30), wN its low 32
 * bits; sp the stack pointer (wsp its low half). x29 and x30 are also
 * written fp and lr by some tools.
 */
#include "arch.h"

#define XW(n) { "x" #n, "x" #n, 8 }, { "w" #n, "x" #n, 4 }

static const struct bl_arch_asm_reg regs[] = {
	XW(0), XW(1), XW(2), XW(3), XW(4), XW(5), XW(6), XW(7),
	XW(8), XW(9), XW(10), XW(11), XW(12), XW(13), XW(14), XW(15),
	XW(16), XW(17), XW(18), XW(19), XW(20), XW(21), XW(22), XW(23),
	XW(24), XW(25), XW(26), XW(27), XW(28), XW(29), XW(30),
	{ "fp", "x29", 8 },
	{ "lr", "x30", 8 },
	{ "sp", "sp", 8 },
	{ "wsp", "sp", 4 },
};

const struct bl_arch_asm_regs bl_arch_arm64_asm = { regs, sizeof(regs) / sizeof(regs[0]) };
