# ringbuf_submit.s — a ring buffer record reserved, written and submitted.
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	ringbuf_submit
	.p2align	3
	.type	ringbuf_submit,@function
ringbuf_submit:
	r1 = events ll
	r2 = 8
	r3 = 0
	call 131                        # bpf_ringbuf_reserve
	if r0 == 0 goto .Lout
	r1 = 1
	*(u64 *)(r0 + 0) = r1
	r1 = r0
	r2 = 0
	call 132                        # bpf_ringbuf_submit
.Lout:
	r0 = 0
	exit
.Lringbuf_submit_end:
	.size	ringbuf_submit, .Lringbuf_submit_end-ringbuf_submit

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
