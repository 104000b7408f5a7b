# no_autoload.s — libbpf's "no autoload" mark: a section name that starts
# with '?'.
#
# Exercises: SEC("?tracepoint/...") is a tracepoint program that is not
# loaded unless selected (--prog); the section-name table is consulted
# without the '?'. The other program loads as usual.
#
# expect: accepted

	.section	"?tracepoint/syscalls/sys_enter_getppid","ax",@progbits
	.globl	on_demand
	.p2align	3
	.type	on_demand,@function
on_demand:
	r0 = 0
	exit
.Lon_demand_end:
	.size	on_demand, .Lon_demand_end-on_demand

	.section	tracepoint/syscalls/sys_enter_getpid,"ax",@progbits
	.globl	always
	.p2align	3
	.type	always,@function
always:
	r0 = 0
	exit
.Lalways_end:
	.size	always, .Lalways_end-always

	.section	license,"aw",@progbits
	.globl	_license
	.type	_license,@object
_license:
	.asciz	"GPL"
	.size	_license, 4
