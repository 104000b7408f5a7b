# kprobe_minimal.s — the smallest kprobe and kretprobe programs.
#
# Exercises: SEC("kprobe/do_unlinkat") and SEC("kretprobe/do_unlinkat")
# as BPF_PROG_TYPE_KPROBE; the loader's kprobe attach paths (kprobe PMU
# and tracefs kprobe_events) and their clean-up. The verifier accepts
# them on any kernel with BPF events, kprobes or not.
#
# expect: accepted

	.section	kprobe/do_unlinkat,"ax",@progbits
	.globl	on_unlink
	.p2align	3
	.type	on_unlink,@function
on_unlink:
	r0 = 0
	exit
.Lon_unlink_end:
	.size	on_unlink, .Lon_unlink_end-on_unlink

	.section	kretprobe/do_unlinkat,"ax",@progbits
	.globl	on_unlink_ret
	.p2align	3
	.type	on_unlink_ret,@function
on_unlink_ret:
	r0 = 0
	exit
.Lon_unlink_ret_end:
	.size	on_unlink_ret, .Lon_unlink_ret_end-on_unlink_ret

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
