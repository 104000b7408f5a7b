/* tests/uprobe/usdt_target.c — a program with USDT probes (statically
 * defined tracepoints, <sys/sdt.h> of systemtap-sdt-dev) for bpfload's
 * usdt programs, `bpfload list usdt` and the tests.
 *
 *     usdt_target [CALLS [DELAY_MS]]
 *
 * waits DELAY_MS (default 0), then CALLS times (default 1) fires:
 *   bltest:regs     in registers: a negative char, short, int and long,
 *                   and an unsigned char, short, int and long
 *                   (-7 -300 -70000 -5000000000 200 60000 4000000000 7;
 *                   on 32-bit arm a long is 4 bytes and the fourth is
 *                   -5000000000's low half, -705032704)
 *   bltest:mem      in memory addressed by a register ("N@OFF(%REG)",
 *                   arm64 "N@[REG, OFF]"): -12, 34, -56 (int, short,
 *                   long through a volatile struct on the stack; armhf
 *                   GCC -O2 loads them into registers first)
 *   bltest:consts   constants ("N@$V", arm64 "N@V", arm "N@#V"): 5, -9,
 *                   100000
 *   bltest:noargs   no arguments
 *   bltest:sema     one argument (42), only when its semaphore is
 *                   raised: bltest_sema_semaphore is the counter a
 *                   tracer increments (the uprobe's ref_ctr_offset);
 * and prints "fired=N sema=S" (S: the semaphore's value at the end).
 * The expected argument values are in tests/cli/usdt.sh.
 */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* With _SDT_HAS_SEMAPHORES every probe of the file has a semaphore, a
 * counter in the section .probes named PROVIDER_NAME_semaphore; only
 * bltest:sema looks at its own. */
#define SEMAPHORE(name) \
	__extension__ unsigned short name __attribute__((unused, section(".probes")))
SEMAPHORE(bltest_regs_semaphore);
SEMAPHORE(bltest_mem_semaphore);
SEMAPHORE(bltest_consts_semaphore);
SEMAPHORE(bltest_noargs_semaphore);
SEMAPHORE(bltest_sema_semaphore);

struct mem_args {
	int i;
	short s;
	long l;
};

/* Values the compiler cannot fold into constants: read from volatiles. */
static volatile long seed = 1;

static void __attribute__((noinline)) fire(long n)
{
	signed char c = (signed char)(-7 * seed);
	short s = (short)(-300 * seed);
	int i = (int)(-70000 * seed);
	long l = -5000000000L * seed;
	unsigned char uc = (unsigned char)(200 * seed);
	unsigned short us = (unsigned short)(60000 * seed);
	unsigned int ui = (unsigned int)(4000000000UL * (unsigned long)seed);
	unsigned long ul = (unsigned long)(7 * seed);
	volatile struct mem_args m = { (int)(-12 * seed), (short)(34 * seed), -56 * seed };

	STAP_PROBE8(bltest, regs, c, s, i, l, uc, us, ui, ul);
	STAP_PROBE3(bltest, mem, m.i, m.s, m.l);
	STAP_PROBE3(bltest, consts, 5, -9, 100000);
	STAP_PROBE(bltest, noargs);
	if (bltest_sema_semaphore)
		STAP_PROBE1(bltest, sema, 42 * seed);
	(void)n;
}

/* For uprobe.multi (tests/vm/tests.d/46-uprobe-multi.sh): two functions
 * of one pattern, bl_um_*, called a known number of times: bl_um_each
 * once per call, bl_um_once once. */
void __attribute__((noinline)) bl_um_each(long k)
{
	seed += k & 0;
}

void __attribute__((noinline)) bl_um_once(void)
{
	seed += 0;
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 1;
	long delay_ms = argc > 2 ? atol(argv[2]) : 0;
	struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000 };

	if (delay_ms > 0)
		nanosleep(&ts, NULL);
	for (long k = 0; k < calls; k++) {
		fire(k);
		bl_um_each(k);
	}
	bl_um_once();
	printf("fired=%ld sema=%u\n", calls, (unsigned)bltest_sema_semaphore);
	return 0;
}
