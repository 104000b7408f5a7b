/* elf/usdt/arg_spec.c — the argument specs of USDT probes.
 *
 * <sys/sdt.h> (systemtap-sdt-dev) puts each probe argument into an asm
 * operand with the constraint "nor" (a constant, memory, or a register)
 * and lets the compiler print the operand, preceded by its size: the
 * note's argument string is "SIZE@OPERAND SIZE@OPERAND ...", SIZE the
 * argument's size in bytes, negative when its type is signed
 * (sourceware.org/systemtap/wiki/UserSpaceProbeImplementation). The
 * operand is in the assembler's own syntax:
 *
 *              x86_64 (AT&T)          arm64                 arm (armhf)
 *   constant   4@$5   -4@$-9          4@5   -4@-9           -4@#5  -4@#-9
 *   register   -4@%eax  8@%r12        -4@w1  8@x0           -4@r3  -2@ip
 *   memory     -4@-20(%rbp) 8@(%rsp)  -4@[sp, 12] 8@[x19]   -4@[r1, #-8] 8@[r2]
 *
 * (arm: what arm-linux-gnueabihf-gcc 12 writes for tests/uprobe/
 * usdt_target.c at -O2 and -O0; an 8-byte argument in registers is a
 * pair, named by its first register: "8@r0" is r1:r0, see
 * loader/attach/usdt_spec.c.)
 *
 * Other forms exist and are refused with the reason: x86's
 * symbol(%rip) (a global's address, which needs the process's load
 * address) and base+index*scale; libbpf 1.1 refuses them too.
 *
 * A register names a slot of the probe's context (struct pt_regs; arch/
 * maps the assembler's names to slots), so the BPF side reads it at a
 * fixed offset (<bpf/usdt.bpf.h>'s reg_off).
 */
#include "usdt.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
	const char *s;		/* the current argument's text */
	unsigned n;		/* its number, from 1 */
	size_t len;		/* its length */
};

static int bad(struct bl_err *err, const struct cursor *c, const char *why)
{
	return bl_err_set(err, -EINVAL, "argument %u '%.*s': %s", c->n, (int)c->len, c->s, why);
}

/* A signed decimal or 0x number at *p, moving *p past it; false if none. */
static bool number(const char **p, const char *end, int64_t *out)
{
	char buf[32], *stop;
	size_t n = (size_t)(end - *p);

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	if (!n || !(isdigit((unsigned char)buf[0]) ||
		    ((buf[0] == '-' || buf[0] == '+') && isdigit((unsigned char)buf[1]))))
		return false;
	errno = 0;
	*out = strtoll(buf, &stop, 0);
	if (errno)
		return false;
	*p += stop - buf;
	return true;
}

/* The register named by [p, end) into a; its size must hold the value. */
static int reg(const struct bl_arch *arch, const struct cursor *c, const char *p, const char *end,
	       struct bl_usdt_arg *a, bool deref, struct bl_err *err)
{
	const struct bl_arch_reg *r;
	char name[sizeof(a->reg)];
	unsigned size = 0;
	size_t n = (size_t)(end - p);

	if (n == 0 || n >= sizeof(name))
		return bad(err, c, "not a register name");
	memcpy(name, p, n);
	name[n] = '\0';
	r = bl_arch_asm_reg(arch, name, &size);
	if (!r) {
		char why[96];

		snprintf(why, sizeof(why), "%s has no register %s", arch->name, name);
		return bad(err, c, why);
	}
	/* The BPF side reads the whole slot and keeps the argument's size:
	 * a part of a register is its low bytes (x86 zero-extends a 32-bit
	 * write, "8@%eax" is fine). Through a register, the register is an
	 * address and its part a mistake; a whole register is the slot's
	 * size (8 bytes, 4 on 32-bit arm). */
	if (deref && size != r->size)
		return bad(err, c, "an address in a part of a register");
	memcpy(a->reg, name, n + 1);
	a->reg_off = r->offset;
	return 0;
}

static int x86_operand(const struct bl_arch *arch, const struct cursor *c, const char *p,
		       const char *end, struct bl_usdt_arg *a, struct bl_err *err)
{
	const char *open;
	int64_t v;

	if (*p == '$') { /* $IMM */
		p++;
		if (!number(&p, end, &a->val_off) || p != end)
			return bad(err, c, "'$' is not followed by a number");
		a->kind = BL_USDT_ARG_CONST;
		return 0;
	}
	if (*p == '%') { /* %REG */
		a->kind = BL_USDT_ARG_REG;
		return reg(arch, c, p + 1, end, a, false, err);
	}
	open = memchr(p, '(', (size_t)(end - p));
	if (!open || end[-1] != ')')
		return bad(err, c, "not $CONSTANT, %REGISTER or OFFSET(%REGISTER)");
	v = 0;
	if (open != p) { /* OFFSET( */
		const char *q = p;

		if (!number(&q, open, &v) || q != open)
			return bad(err, c, "the offset before '(' is a symbol, not a number (a global variable's address, which bpfload does not resolve)");
	}
	if (memchr(open, ',', (size_t)(end - open)))
		return bad(err, c, "base + index * scale addressing is not supported");
	if (open[1] != '%')
		return bad(err, c, "no %REGISTER inside '(...)'");
	a->kind = BL_USDT_ARG_REG_DEREF;
	a->val_off = v;
	if (end - open >= 5 && !strncmp(open + 2, "rip", 3))
		return bad(err, c, "an address relative to %rip (a global variable), which bpfload does not resolve");
	return reg(arch, c, open + 2, end - 1, a, true, err);
}

/* arm64 and 32-bit arm: the same forms, but 32-bit arm writes its
 * constants as #IMM (arm64 may too; its assembler takes both). */
static int arm_operand(const struct bl_arch *arch, const struct cursor *c, const char *p,
		       const char *end, struct bl_usdt_arg *a, struct bl_err *err)
{
	const char *comma, *q;
	int64_t v = 0;

	if (*p != '[') {
		bool hash = *p == '#';

		q = p + hash;
		if (number(&q, end, &a->val_off)) { /* IMM or #IMM */
			if (q != end)
				return bad(err, c, "not a number");
			a->kind = BL_USDT_ARG_CONST;
			return 0;
		}
		if (hash)
			return bad(err, c, "'#' is not followed by a number");
		a->kind = BL_USDT_ARG_REG; /* REG */
		return reg(arch, c, p, end, a, false, err);
	}
	/* [REG] or [REG, OFF] (OFF may be written #OFF) */
	if (end[-1] != ']')
		return bad(err, c, "'[' without ']'");
	p++;
	end--;
	comma = memchr(p, ',', (size_t)(end - p));
	if (comma) {
		q = comma + 1;
		while (q < end && *q == ' ')
			q++;
		if (q < end && *q == '#')
			q++;
		if (!number(&q, end, &v) || q != end)
			return bad(err, c, "the offset after ',' is not a number");
	}
	a->kind = BL_USDT_ARG_REG_DEREF;
	a->val_off = v;
	return reg(arch, c, p, comma ? comma : end, a, true, err);
}

/* One "SIZE@OPERAND" of c into a. */
static int one(const struct bl_arch *arch, const struct cursor *c, struct bl_usdt_arg *a,
	       struct bl_err *err)
{
	const char *p = c->s, *end = c->s + c->len, *at = memchr(p, '@', c->len);
	int64_t size;

	memset(a, 0, sizeof(*a));
	if (!at)
		return bad(err, c, "no SIZE@ in front (an old note format bpfload does not read)");
	if (!number(&p, at, &size) || p != at)
		return bad(err, c, "the size before '@' is not a number");
	a->is_signed = size < 0;
	a->size = (unsigned)(size < 0 ? -size : size);
	if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
		return bad(err, c, "the size is not 1, 2, 4 or 8 bytes");
	if (at + 1 == end)
		return bad(err, c, "nothing after '@'");
	if (!strcmp(arch->name, "x86_64"))
		return x86_operand(arch, c, at + 1, end, a, err);
	if (!strcmp(arch->name, "arm64") || !strcmp(arch->name, "arm"))
		return arm_operand(arch, c, at + 1, end, a, err);
	return bl_err_set(err, -EOPNOTSUPP, "USDT arguments of %s are not supported", arch->name);
}

int bl_usdt_args_parse(const struct bl_arch *arch, const char *spec,
		       struct bl_usdt_arg args[BL_USDT_MAX_ARGS], unsigned *cnt, struct bl_err *err)
{
	const char *p = spec;
	unsigned n = 0;

	*cnt = 0;
	if (!arch)
		return bl_err_set(err, -EOPNOTSUPP, "USDT arguments of this architecture are not supported");
	while (p && *p) {
		struct cursor c;
		int ret;

		p += strspn(p, " \t");
		if (!*p)
			break;
		/* arm's "[sp, #12]" holds a space: an argument ends at a
		 * space outside brackets. */
		c.s = p;
		for (int depth = 0; *p && (depth || (*p != ' ' && *p != '\t')); p++)
			depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
		c.len = (size_t)(p - c.s);
		c.n = n + 1;
		if (n == BL_USDT_MAX_ARGS)
			return bad(err, &c, "more than 12 arguments");
		if ((ret = one(arch, &c, &args[n], err)))
			return ret;
		n++;
	}
	*cnt = n;
	return 0;
}

const char *bl_usdt_arg_describe(const struct bl_usdt_arg *a, const struct bl_arch *arch,
				 char *buf, size_t len)
{
	bool x86 = arch && !strcmp(arch->name, "x86_64");
	char type[16];

	snprintf(type, sizeof(type), "%sint%u", a->is_signed ? "" : "u", a->size * 8);
	switch (a->kind) {
	case BL_USDT_ARG_CONST:
		snprintf(buf, len, "%s %lld", type, (long long)a->val_off);
		break;
	case BL_USDT_ARG_REG:
		snprintf(buf, len, "%s %s%s", type, x86 ? "%" : "", a->reg);
		break;
	case BL_USDT_ARG_REG_DEREF:
		if (a->val_off)
			snprintf(buf, len, "%s [%s%s %c %lld]", type, x86 ? "%" : "", a->reg,
				 a->val_off < 0 ? '-' : '+',
				 (long long)(a->val_off < 0 ? -(uint64_t)a->val_off : (uint64_t)a->val_off));
		else
			snprintf(buf, len, "%s [%s%s]", type, x86 ? "%" : "", a->reg);
		break;
	}
	return buf;
}
