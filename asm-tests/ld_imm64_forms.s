# ld_imm64_forms.s — the forms of ld_imm64: a 64-bit constant, a map, and a map value.
# Each takes two instruction slots; the loader must keep the second one.
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	ld_imm64_forms
	.p2align	3
	.type	ld_imm64_forms,@function
ld_imm64_forms:
	r1 = 0x123456789abcdef0 ll
	r2 = counts ll
	r3 = limit ll
	r0 = *(u64 *)(r3 + 0)
	r0 = 0
	exit
.Lld_imm64_forms_end:
	.size	ld_imm64_forms, .Lld_imm64_forms_end-ld_imm64_forms

	.section	.rodata,"a",@progbits
	.p2align	3
	.globl	limit
	.type	limit,@object
limit:
	.quad	100
	.size	limit, 8

	.section	maps,"aw",@progbits
	.globl	counts
	.p2align	2
	.type	counts,@object
counts:
	.long	1, 4, 8, 16, 0
	.size	counts, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
