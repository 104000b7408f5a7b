# ksym_percpu.s — a typed __ksym variable: an ld_imm64 BPF_PSEUDO_BTF_ID.
#
# runqueues is the scheduler's per-CPU struct rq, a VAR in the kernel's
# BTF. Declared __weak, so that the program loads whether or not the
# kernel can resolve it: the verifier finds a typed variable's address
# with kallsyms_lookup_name(), which knows variables only in a kernel
# built with CONFIG_KALLSYMS_ALL. Debian's amd64 6.1 has it: the
# ld_imm64 gets src_reg BPF_PSEUDO_BTF_ID, imm = the VAR's id in
# vmlinux's BTF, the second imm 0 (vmlinux, not a module), and
# bpf_this_cpu_ptr() takes it. Its arm64 6.1 and the development
# machine's kernel have not: the loader loads 0 instead,
# and the verifier drops the guarded call as dead code. Accepted either
# way.
#
# The .BTF holds what clang -g writes for
#   struct rq {};
#   extern const struct rq runqueues __ksym __weak;
#
# expect: accepted
# needs: kernel-btf

	.section	raw_tp/sys_enter,"ax",@progbits
	.globl	ksym_percpu
	.p2align	3
	.type	ksym_percpu,@function
ksym_percpu:
	r1 = runqueues ll		# &runqueues (0 when absent)
	if r1 == 0 goto .Lout
	call 154			# bpf_this_cpu_ptr(&runqueues)
.Lout:
	r0 = 0
	exit
.Lksym_percpu_end:
	.size	ksym_percpu, .Lksym_percpu_end-ksym_percpu

	.weak	runqueues

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
	# [1] STRUCT 'rq' size 0, no members
	.long	.Ls_rq-.Lstrs
	.long	0x04000000
	.long	0
	# [2] CONST -> [1]
	.long	0
	.long	0x0a000000
	.long	1
	# [3] VAR 'runqueues' -> [2], extern linkage
	.long	.Ls_runqueues-.Lstrs
	.long	0x0e000000
	.long	2
	.long	2			# BTF_VAR_GLOBAL_EXTERN
	# [4] DATASEC '.ksyms' size 0: [3]
	.long	.Ls_ksyms-.Lstrs
	.long	0x0f000001
	.long	0
	.long	3, 0, 0
.Ltypes_end:
.Lstrs:
	.byte	0
.Ls_rq:
	.asciz	"rq"
.Ls_runqueues:
	.asciz	"runqueues"
.Ls_ksyms:
	.asciz	".ksyms"
.Lstrs_end:

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
