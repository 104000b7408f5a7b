/* tests/unit/arch_regs_hdr.h — the body of tests/unit/arch_regs_hdr_ARCH.c,
 * after it included one generated bpfload_regs_ARCH.h: calls every macro
 * the header defines, and counts PT_REGS_PARMn up to the first missing. */

#define PARM(n)								\
	if (v->parm_cnt == (n) - 1)					\
		v->parm[v->parm_cnt++] = PT_REGS_PARM##n(ctx)
#define SPARM(n)							\
	if (v->sparm_cnt == (n) - 1)					\
		v->sparm[v->sparm_cnt++] = PT_REGS_PARM##n##_SYSCALL(regs)

void ARCH_FN(const void *ctx, const void *ctx2, struct ut_hdr_vals *v)
{
	struct pt_regs *regs;

	memset(v, 0, sizeof(*v));
	v->arch = BL_REGS_ARCH;
	v->prefix = BL_SYSCALL_PREFIX;

	kernel_reads = 0;
#ifdef PT_REGS_PARM1
	PARM(1);
#endif
#ifdef PT_REGS_PARM2
	PARM(2);
#endif
#ifdef PT_REGS_PARM3
	PARM(3);
#endif
#ifdef PT_REGS_PARM4
	PARM(4);
#endif
#ifdef PT_REGS_PARM5
	PARM(5);
#endif
#ifdef PT_REGS_PARM6
	PARM(6);
#endif
#ifdef PT_REGS_PARM7
	PARM(7);
#endif
#ifdef PT_REGS_PARM8
	PARM(8);
#endif
#ifdef PT_REGS_PARM9
	PARM(9);
#endif
	v->rc = PT_REGS_RC(ctx);
	v->sp = PT_REGS_SP(ctx);
	v->ip = PT_REGS_IP(ctx);
	v->fp = PT_REGS_FP(ctx);
	v->plain_kernel_reads = kernel_reads;

	kernel_reads = 0;
#ifdef PT_REGS_SYSCALL_REGS
	regs = PT_REGS_SYSCALL_REGS(ctx2);
	v->syscall_regs = regs;
#else
	/* no syscall wrapper (arm): ctx2 is the user's struct pt_regs itself */
	regs = (struct pt_regs *)ctx2;
	v->syscall_regs = NULL;
#endif
#ifdef PT_REGS_PARM1_SYSCALL
	SPARM(1);
#endif
#ifdef PT_REGS_PARM2_SYSCALL
	SPARM(2);
#endif
#ifdef PT_REGS_PARM3_SYSCALL
	SPARM(3);
#endif
#ifdef PT_REGS_PARM4_SYSCALL
	SPARM(4);
#endif
#ifdef PT_REGS_PARM5_SYSCALL
	SPARM(5);
#endif
#ifdef PT_REGS_PARM6_SYSCALL
	SPARM(6);
#endif
#ifdef PT_REGS_PARM7_SYSCALL
	SPARM(7);
#endif
	v->src = PT_REGS_RC_SYSCALL(regs);
	v->ssp = PT_REGS_SP_SYSCALL(regs);
	v->sip = PT_REGS_IP_SYSCALL(regs);
	v->sfp = PT_REGS_FP_SYSCALL(regs);
	v->syscall_kernel_reads = kernel_reads;
}
