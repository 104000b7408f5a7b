# reject_packet_unchecked.s — an XDP program that reads the packet without comparing against
# data_end first.
#
# expect: rejected
# error-class: packet-access
# message: invalid access to packet
# hint: compare data + offset + size with data_end ("if (p + n > data_end) return") before the access

	.section	xdp,"ax",@progbits
	.globl	reject_packet_unchecked
	.p2align	3
	.type	reject_packet_unchecked,@function
reject_packet_unchecked:
	r2 = *(u32 *)(r1 + 0)           # ctx->data
	r0 = *(u8 *)(r2 + 0)
	r0 = 2
	exit
.Lreject_packet_unchecked_end:
	.size	reject_packet_unchecked, .Lreject_packet_unchecked_end-reject_packet_unchecked

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
