# xdp_packet_checked.s — an XDP program that reads the first byte of the packet after the
# bounds check.
#
# expect: accepted

	.section	xdp,"ax",@progbits
	.globl	xdp_packet_checked
	.p2align	3
	.type	xdp_packet_checked,@function
xdp_packet_checked:
	r2 = *(u32 *)(r1 + 0)           # ctx->data
	r3 = *(u32 *)(r1 + 4)           # ctx->data_end
	r4 = r2
	r4 += 1
	if r4 > r3 goto .Lpass
	r0 = *(u8 *)(r2 + 0)
.Lpass:
	r0 = 2                          # XDP_PASS
	exit
.Lxdp_packet_checked_end:
	.size	xdp_packet_checked, .Lxdp_packet_checked_end-xdp_packet_checked

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
