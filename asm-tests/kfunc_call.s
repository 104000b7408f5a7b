# kfunc_call.s — kfunc calls and a kfunc's address (bpf_ksym_exists), and
# the BTF that declares them.
#
# bpf_task_from_pid and bpf_task_release are kfuncs (Linux 6.2; callable
# from syscall programs since 6.9), declared __weak in .ksyms: the
# ld_imm64 of bpf_task_from_pid's address is what bpf_ksym_exists()
# compiles to. Where the kernel has them (the development machine), the
# loader makes each call BPF_PSEUDO_KFUNC_CALL with imm = the FUNC's id
# in the kernel's BTF, and the ld_imm64 BPF_PSEUDO_BTF_ID of that FUNC
# (6.4+). Where it does not (Debian's 6.1), the ld_imm64 loads 0, the
# calls are poisoned, and the verifier drops them as dead code: accepted
# either way.
#
# The hand-written .BTF holds what clang -g writes for
#   struct task_struct;
#   extern struct task_struct *bpf_task_from_pid(int pid) __ksym __weak;
#   extern void bpf_task_release(struct task_struct *p) __ksym __weak;
# FUNCs of extern linkage listed in a DATASEC ".ksyms" of size 0, which
# BPF_BTF_LOAD refuses as they are (the loader rewrites them: see
# elf/read/ksyms_btf.c).
#
# expect: accepted
# needs: kernel-btf

	.section	syscall,"ax",@progbits
	.globl	kfunc_call
	.p2align	3
	.type	kfunc_call,@function
kfunc_call:
	r1 = bpf_task_from_pid ll	# bpf_ksym_exists(bpf_task_from_pid)
	if r1 == 0 goto .Lout
	r1 = 1				# init's pid
	call bpf_task_from_pid
	if r0 == 0 goto .Lout
	r1 = r0
	call bpf_task_release
.Lout:
	r0 = 0
	exit
.Lkfunc_call_end:
	.size	kfunc_call, .Lkfunc_call_end-kfunc_call

	.weak	bpf_task_from_pid
	.weak	bpf_task_release

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
	# [1] INT 'int' size 4, signed 32 bits
	.long	.Ls_int-.Lstrs
	.long	0x01000000		# kind INT
	.long	4
	.long	0x01000020		# BTF_INT_SIGNED, offset 0, 32 bits
	# [2] PTR -> [3]
	.long	0
	.long	0x02000000
	.long	3
	# [3] STRUCT 'task_struct' size 0, no members
	.long	.Ls_task-.Lstrs
	.long	0x04000000
	.long	0
	# [4] FUNC_PROTO (int pid) -> [2]
	.long	0
	.long	0x0d000001
	.long	2
	.long	.Ls_pid-.Lstrs
	.long	1
	# [5] FUNC 'bpf_task_from_pid' -> [4], extern linkage
	.long	.Ls_from_pid-.Lstrs
	.long	0x0c000002
	.long	4
	# [6] FUNC_PROTO (struct task_struct *p) -> void
	.long	0
	.long	0x0d000001
	.long	0
	.long	.Ls_p-.Lstrs
	.long	2
	# [7] FUNC 'bpf_task_release' -> [6], extern linkage
	.long	.Ls_release-.Lstrs
	.long	0x0c000002
	.long	6
	# [8] DATASEC '.ksyms' size 0: [5] and [7]
	.long	.Ls_ksyms-.Lstrs
	.long	0x0f000002
	.long	0
	.long	5, 0, 0
	.long	7, 0, 0
.Ltypes_end:
.Lstrs:
	.byte	0
.Ls_int:
	.asciz	"int"
.Ls_task:
	.asciz	"task_struct"
.Ls_pid:
	.asciz	"pid"
.Ls_from_pid:
	.asciz	"bpf_task_from_pid"
.Ls_p:
	.asciz	"p"
.Ls_release:
	.asciz	"bpf_task_release"
.Ls_ksyms:
	.asciz	".ksyms"
.Lstrs_end:

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
