# reject_core_poison.s — a call of the instruction a CO-RE relocation that could not be
# resolved leaves behind (libbpf's poison: call 0xbad2310).
#
# expect: rejected
# error-class: core-poison
# message: invalid func unknown#195896080
# hint: the field, type or enum the program names through CO-RE does not exist in this kernel's BTF; guard it with bpf_core_field_exists()/bpf_core_type_exists() or use another field on this kernel

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_core_poison
	.p2align	3
	.type	reject_core_poison,@function
reject_core_poison:
	call 195896080
	r0 = 0
	exit
.Lreject_core_poison_end:
	.size	reject_core_poison, .Lreject_core_poison_end-reject_core_poison

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
