# reject_callx.s — a call through a register (callx, opcode 0x8d), as
# clang writes helper calls at -O0: the kernel has no such instruction.
#
# expect: rejected
# error-class: built-O0
# message: unknown opcode 8d
# hint: built with -O0? BPF objects must be built with -O2 (clang -O2 -g -target bpf): without it clang calls helpers through function pointers (callx), which the kernel does not have

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_callx
	.p2align	3
	.type	reject_callx,@function
reject_callx:
	r1 = 14
	.byte 0x8d, 0x01, 0, 0, 0, 0, 0, 0
	r0 = 0
	exit
.Lreject_callx_end:
	.size	reject_callx, .Lreject_callx_end-reject_callx

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
