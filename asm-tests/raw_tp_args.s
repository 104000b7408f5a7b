# raw_tp_args.s — a raw tracepoint program reading its two arguments (u64 args[]).
#
# expect: accepted

	.section	raw_tracepoint/sys_enter,"ax",@progbits
	.globl	raw_tp_args
	.p2align	3
	.type	raw_tp_args,@function
raw_tp_args:
	r2 = *(u64 *)(r1 + 0)
	r3 = *(u64 *)(r1 + 8)
	r0 = 0
	exit
.Lraw_tp_args_end:
	.size	raw_tp_args, .Lraw_tp_args_end-raw_tp_args

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
