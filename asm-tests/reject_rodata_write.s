# reject_rodata_write.s — a store into .rodata: the map is read-only for programs.
#
# expect: rejected
# error-class: readonly-map
# message: write into map forbidden
# hint: do not write into const data (.rodata, maps created with BPF_F_RDONLY_PROG); make the variable non-const to put it in .data

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_rodata_write
	.p2align	3
	.type	reject_rodata_write,@function
reject_rodata_write:
	r1 = limit ll
	r2 = 1
	*(u64 *)(r1 + 0) = r2
	r0 = 0
	exit
.Lreject_rodata_write_end:
	.size	reject_rodata_write, .Lreject_rodata_write_end-reject_rodata_write

	.section	.rodata,"a",@progbits
	.p2align	3
	.globl	limit
	.type	limit,@object
limit:
	.quad	100
	.size	limit, 8

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
