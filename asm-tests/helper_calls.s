# helper_calls.s — calls of helpers every tracing program may use, with their results used.
#
# expect: accepted

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	helper_calls
	.p2align	3
	.type	helper_calls,@function
helper_calls:
	call 5                          # bpf_ktime_get_ns
	r6 = r0
	call 14                         # bpf_get_current_pid_tgid
	r6 += r0
	call 8                          # bpf_get_smp_processor_id
	r0 = 0
	exit
.Lhelper_calls_end:
	.size	helper_calls, .Lhelper_calls_end-helper_calls

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
