# reject_ringbuf_leak.s — a ring buffer record reserved and never submitted nor discarded.
#
# expect: rejected
# error-class: unreleased-ref
# message: Unreleased reference
# hint: every path to exit must release what it acquired: bpf_ringbuf_submit()/bpf_ringbuf_discard() after bpf_ringbuf_reserve(), bpf_sk_release() after a socket lookup

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	reject_ringbuf_leak
	.p2align	3
	.type	reject_ringbuf_leak,@function
reject_ringbuf_leak:
	r1 = events ll
	r2 = 8
	r3 = 0
	call 131                        # bpf_ringbuf_reserve
	if r0 == 0 goto .Lout
	r1 = 1
	*(u64 *)(r0 + 0) = r1           # ... but no bpf_ringbuf_submit
.Lout:
	r0 = 0
	exit
.Lreject_ringbuf_leak_end:
	.size	reject_ringbuf_leak, .Lreject_ringbuf_leak_end-reject_ringbuf_leak

	.section	maps,"aw",@progbits
	.globl	events
	.p2align	2
	.type	events,@object
events:
	.long	27, 0, 0, 4096, 0
	.size	events, 20

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
