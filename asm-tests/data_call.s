# data_call.s — global data and a bpf-to-bpf call.
#
# Exercises: ld_imm64 of variables in .rodata, .data and .bss (BL_RELOC_DATA;
# the loader turns each section into a one-element array map and the
# instruction into BPF_PSEUDO_MAP_VALUE with the offset), and a call of a
# subprogram in .text (src_reg BPF_PSEUDO_CALL, BL_RELOC_CALL; the loader
# appends .text to the program and fixes the call offset).
#   program data_call in raw_tracepoint/sys_enter
#   relocations, in order: call add_one (insn 0), limit in .rodata (insn 2),
#   total in .data (insn 5), last in .bss (insn 10)
#
# expect: accepted

	.section	raw_tracepoint/sys_enter,"ax",@progbits
	.globl	data_call
	.p2align	3
	.type	data_call,@function
data_call:
	call add_one                    # r0 = add_one(): bpf-to-bpf call
	r6 = r0
	r1 = limit ll                   # .rodata
	r2 = *(u64 *)(r1 + 0)
	r1 = total ll                   # .data
	r3 = *(u64 *)(r1 + 0)
	r3 += r2
	*(u64 *)(r1 + 0) = r3
	r1 = last ll                    # .bss
	*(u64 *)(r1 + 0) = r6
	r0 = 0
	exit
.Ldata_call_end:
	.size	data_call, .Ldata_call_end-data_call

	.text
	.p2align	3
	.type	add_one,@function
add_one:
	r0 = 1
	exit
.Ladd_one_end:
	.size	add_one, .Ladd_one_end-add_one

	.section	.rodata,"a",@progbits
	.p2align	3
	.globl	limit
	.type	limit,@object
limit:
	.quad	100
	.size	limit, 8

	.data
	.p2align	3
	.globl	total
	.type	total,@object
total:
	.quad	0
	.size	total, 8

	.bss
	.p2align	3
	.globl	last
	.type	last,@object
last:
	.quad	0
	.size	last, 8

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
