# kfunc_missing.s — a call of a kfunc no kernel has, not __weak.
#
# The loader looks each kfunc up by name in the kernel's BTF (vmlinux,
# then the loaded modules') before the load; a strong one that is not
# there fails the program with one line that names it and says how to
# load without it (__weak and bpf_ksym_exists()), instead of an EINVAL
# from the kernel.
#
# The .BTF holds what clang -g writes for
#   extern void bl_no_such_kfunc(void) __ksym;
#
# expect: unsupported
# needs: kernel-btf
# message: kfunc bl_no_such_kfunc: FUNC 'bl_no_such_kfunc' is in neither the kernel's BTF

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	kfunc_missing
	.p2align	3
	.type	kfunc_missing,@function
kfunc_missing:
	call bl_no_such_kfunc
	r0 = 0
	exit
.Lkfunc_missing_end:
	.size	kfunc_missing, .Lkfunc_missing_end-kfunc_missing


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
