# reject_weak_kfunc.s — a call of a __weak kfunc the kernel does not have,
# on a path the verifier walks.
#
# The loader turns the call of a missing __weak kfunc into a call of
# helper 2002000000 + the extern's index (libbpf's poison), so that a
# program that tests bpf_ksym_exists() first still loads; without the
# test, the verifier reaches it and refuses the program.
#
# The .BTF holds what clang -g writes for
#   extern void bl_no_such_kfunc(void) __ksym __weak;
#
# expect: rejected
# needs: kernel-btf
# error-class: kfunc-poison
# message: invalid func unknown#2002000000

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_weak_kfunc
	.p2align	3
	.type	reject_weak_kfunc,@function
reject_weak_kfunc:
	call bl_no_such_kfunc
	r0 = 0
	exit
.Lreject_weak_kfunc_end:
	.size	reject_weak_kfunc, .Lreject_weak_kfunc_end-reject_weak_kfunc

	.weak	bl_no_such_kfunc

	.section	.BTF,"",@progbits
	.short	0xeb9f			# magic
	.byte	1			# version
	.byte	0			# flags
	.long	24			# hdr_len
	.long	0			# type_off
	.long	.Ltypes_end-.Ltypes	# type_len
	.long	.Ltypes_end-.Ltypes	# str_off
	.long	.Lstrs_end-.Lstrs	# str_len
.Ltypes:
	# [1] FUNC_PROTO (void) -> void
	.long	0
	.long	0x0d000000
	.long	0
	# [2] FUNC 'bl_no_such_kfunc' -> [1], extern linkage
	.long	.Ls_kfunc-.Lstrs
	.long	0x0c000002
	.long	1
	# [3] DATASEC '.ksyms' size 0: [2]
	.long	.Ls_ksyms-.Lstrs
	.long	0x0f000001
	.long	0
	.long	2, 0, 0
.Ltypes_end:
.Lstrs:
	.byte	0
.Ls_kfunc:
	.asciz	"bl_no_such_kfunc"
.Ls_ksyms:
	.asciz	".ksyms"
.Lstrs_end:

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
