# tp_minimal.s — the smallest program bpfload should load and attach.
#
# Exercises: one global function in a tracepoint/ section, a "license"
# section holding "GPL", no maps, no relocations. The reader must find one
# program "tp_minimal" (2 instructions, BPF_PROG_TYPE_TRACEPOINT, attach
# target "syscalls/sys_enter_getppid") and license "GPL".
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	tp_minimal
	.p2align	3
	.type	tp_minimal,@function
tp_minimal:
	r0 = 0
	exit
.Ltp_minimal_end:
	.size	tp_minimal, .Ltp_minimal_end-tp_minimal

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
