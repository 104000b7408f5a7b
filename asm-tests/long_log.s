# long_log.s — a rejected program whose verifier log is longer than
# bpfload's first log buffer (64 KiB).
#
# Exercises: the log mechanics of loader/load/prog_load.c. With log_level 1
# the verifier writes one line per instruction it checks; 3000 straight
# "r1 += 1" lines make about 150 KiB of log, so the first retry fails
# with ENOSPC and the buffer must grow until the whole log fits, from
# "0: R1=ctx() R10=fp0" to the error at the end (on 6.4+ in one step, to
# the log_true_size the kernel reports; tests/cli/verify.sh log_growth).
#
# expect: rejected
# error-class: uninit-reg
# message: R0 !read_ok

	.section	tracepoint/syscalls/sys_enter_getppid,"ax",@progbits
	.globl	long_log
	.p2align	3
	.type	long_log,@function
long_log:
	r1 = 0
	.rept	3000
	r1 += 1
	.endr
	exit                            # r0 was never set
.Llong_log_end:
	.size	long_log, .Llong_log_end-long_log

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
