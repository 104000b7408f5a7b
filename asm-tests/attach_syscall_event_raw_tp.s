# attach_syscall_event_raw_tp.s — a raw tracepoint program named after a
# per-syscall event of tracefs.
#
# Exercises: the attach error for raw_tp/sys_enter_NAME. tracefs shows
# events/syscalls/sys_enter_openat, but kernel/trace/trace_syscalls.c
# makes those events from the raw tracepoints sys_enter and sys_exit:
# BPF_RAW_TRACEPOINT_OPEN("sys_enter_openat") fails with ENOENT, and
# bpfload says to use raw_tp/sys_enter (tests/cli/commands.sh
# run_raw_tp_syscall_event).
#
# expect: accepted

	.section	raw_tp/sys_enter_openat,"ax",@progbits
	.globl	syscall_event
	.p2align	3
	.type	syscall_event,@function
syscall_event:
	r0 = 0
	exit
.Lsyscall_event_end:
	.size	syscall_event, .Lsyscall_event_end-syscall_event

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
