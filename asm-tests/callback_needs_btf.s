# callback_needs_btf.s — a bpf_loop callback in an object without BTF.
# The address of a function is an ld_imm64 with a relocation against it
# (here against .text); the loader appends the callback and makes the
# instruction BPF_PSEUDO_FUNC. The verifier wants the program's BTF
# func_info to check that a callback is a static function, so without
# .BTF it refuses the program (clang -g objects have it: see
# bpf-progs/test_subprog.bpf.c).
#   program loop_no_btf in raw_tracepoint/sys_enter
#
# expect: rejected
# error-class: func-info
# message: missing btf func_info
# min-kernel: 5.17 (no bpf_loop before 5.17: older kernels refuse the helper call first)

	.section	raw_tracepoint/sys_enter,"ax",@progbits
	.globl	loop_no_btf
	.p2align	3
	.type	loop_no_btf,@function
loop_no_btf:
	r1 = 4                          # nr_loops
	r2 = step ll                    # the callback
	r3 = 0                          # its context
	r4 = 0                          # flags
	call 181                        # bpf_loop
	r0 = 0
	exit
.Lloop_no_btf_end:
	.size	loop_no_btf, .Lloop_no_btf_end-loop_no_btf

	.text
	.p2align	3
	.type	step,@function
step:
	r0 = 0
	exit
.Lstep_end:
	.size	step, .Lstep_end-step

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
