# reject_return_range.s — a return value outside what the program type allows.
# A cgroup_skb program returns 0 (drop) or 1 (allow); the verifier checks.
#
# expect: rejected
# error-class: return-value
# message: At program exit the register R0
# hint: return a value in the range the message gives (e.g. 0 or 1 for cgroup programs)

	.section	cgroup_skb/ingress,"ax",@progbits
	.globl	reject_return_range
	.p2align	3
	.type	reject_return_range,@function
reject_return_range:
	r0 = 7
	exit
.Lreject_return_range_end:
	.size	reject_return_range, .Lreject_return_range_end-reject_return_range

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
