# static_call.s — bpf-to-bpf calls without BTF: a static function in the
# program's own section, called with no relocation (the assembler puts the
# distance in imm), which calls a function of .text (a relocation).
#   program static_call in tracepoint/syscalls/sys_enter_getppid
#   double_it: local function after the program, same section
#   add_ten: .text
# The loader appends double_it, then add_ten, and sets both calls' imm.
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	static_call
	.p2align	3
	.type	static_call,@function
static_call:
	r1 = 3
	call double_it                  # same section: no relocation
	r0 = 0
	exit
.Lstatic_call_end:
	.size	static_call, .Lstatic_call_end-static_call

	.p2align	3
	.type	double_it,@function
double_it:
	r1 += r1
	call add_ten                    # .text: R_BPF_64_32
	exit
.Ldouble_it_end:
	.size	double_it, .Ldouble_it_end-double_it

	.text
	.p2align	3
	.type	add_ten,@function
add_ten:
	r0 = r1
	r0 += 10
	exit
.Ladd_ten_end:
	.size	add_ten, .Ladd_ten_end-add_ten

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
