/* arch/arch.c — finding an architecture's table and looking things up in
 * it.  The tables themselves are in arch/x86_64.c, arch/arm64.c and arch/arm.c; see
 * arch/arch.h. */
#include "arch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The static build (make static, -DBL_NATIVE_ARCH_ONLY) knows only the
 * machine it runs on: it reads that machine's binaries and kprobes, and
 * the other tables (7 KB each with their assembler names) would be dead
 * weight on a small board; `regs arm64` and the like are for the normal
 * build on the workstation (the static build has no `regs`). The linker
 * drops the tables nothing refers to (--gc-sections). */
#ifdef BL_NATIVE_ARCH_ONLY
#if defined(__x86_64__)
static const struct bl_arch *const arches[] = { &bl_arch_x86_64 };
#elif defined(__aarch64__)
static const struct bl_arch *const arches[] = { &bl_arch_arm64 };
#elif defined(__arm__)
static const struct bl_arch *const arches[] = { &bl_arch_arm };
#else
#error "BL_NATIVE_ARCH_ONLY: no table for this machine"
#endif
#else
static const struct bl_arch *const arches[] = { &bl_arch_x86_64, &bl_arch_arm64, &bl_arch_arm };
#endif

const struct bl_arch *bl_arch_at(size_t i)
{
	return i < sizeof(arches) / sizeof(arches[0]) ? arches[i] : NULL;
}

const struct bl_arch *bl_arch_find(const char *name)
{
	const struct bl_arch *a;

	if (!name)
		return NULL;
	for (size_t i = 0; (a = bl_arch_at(i)) != NULL; i++) {
		if (!strcasecmp(name, a->name))
			return a;
		for (const char *const *al = a->aliases; al && *al; al++)
			if (!strcasecmp(name, *al))
				return a;
	}
	return NULL;
}

const struct bl_arch *bl_arch_native(void)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	return bl_arch_find("x86_64");
#elif defined(__aarch64__) && !defined(__ILP32__)
	return bl_arch_find("arm64");
#elif defined(__arm__) && defined(__ARM_EABI__)
	return bl_arch_find("arm");
#else
	return NULL;
#endif
}

const struct bl_arch_reg *bl_arch_reg(const struct bl_arch *arch, const char *name)
{
	if (!arch || !name)
		return NULL;
	for (size_t i = 0; i < arch->reg_cnt; i++) {
		const struct bl_arch_reg *r = &arch->regs[i];

		if (!strcmp(name, r->name) || (r->alias && !strcmp(name, r->alias)))
			return r;
	}
	return NULL;
}

const struct bl_arch_reg *bl_arch_asm_reg(const struct bl_arch *arch, const char *name,
					  unsigned *size)
{
	if (!arch || !name || !arch->asm_regs)
		return NULL;
	for (size_t i = 0; i < arch->asm_regs->cnt; i++) {
		const struct bl_arch_asm_reg *a = &arch->asm_regs->regs[i];

		if (!strcmp(name, a->name)) {
			if (size)
				*size = a->size;
			return bl_arch_reg(arch, a->reg);
		}
	}
	return NULL;
}

const struct bl_arch_reg *bl_arch_call_arg(const struct bl_arch *arch, unsigned n)
{
	if (!arch || n == 0 || n > arch->call_arg_cnt)
		return NULL;
	return bl_arch_reg(arch, arch->call_args[n - 1]);
}

const struct bl_arch_reg *bl_arch_syscall_arg(const struct bl_arch *arch, unsigned n)
{
	if (!arch || n == 0 || n > arch->syscall_arg_cnt)
		return NULL;
	return bl_arch_reg(arch, arch->syscall_args[n - 1]);
}

const char *bl_arch_syscall_at(const struct bl_arch *arch, size_t i, int *nr)
{
	if (!arch || i >= arch->syscall_cnt)
		return NULL;
	*nr = arch->syscalls[i].nr;
	return arch->syscall_names + arch->syscalls[i].name;
}

int bl_arch_syscall_nr(const struct bl_arch *arch, const char *name)
{
	const char *s;
	int nr;

	if (!name)
		return -ENOENT;
	for (size_t i = 0; (s = bl_arch_syscall_at(arch, i, &nr)); i++)
		if (!strcmp(name, s))
			return nr;
	return -ENOENT;
}

const char *bl_arch_syscall_name(const struct bl_arch *arch, int nr)
{
	const char *s;
	int n;

	for (size_t i = 0; (s = bl_arch_syscall_at(arch, i, &n)); i++)
		if (n == nr)
			return s;
	return NULL;
}

/* Appends ", what" (or "what" first) to buf. */
static void add_use(char *buf, size_t size, const char *what, unsigned n)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, n ? "%s%s %u" : "%s%s", len ? ", " : "", what, n);
}

const char *bl_arch_reg_uses(const struct bl_arch *a, const struct bl_arch_reg *r, char *buf,
			     size_t size)
{
	const char *const role_reg[] = { a->ret_reg, a->sp_reg, a->ip_reg, a->fp_reg };
	static const char *const role[] = {
		"return value", "stack pointer", "instruction pointer", "frame pointer",
	};

	buf[0] = '\0';
	for (unsigned i = 1; i <= a->call_arg_cnt; i++)
		if (bl_arch_call_arg(a, i) == r)
			add_use(buf, size, "argument", i);
	for (unsigned i = 1; i <= a->syscall_arg_cnt; i++)
		if (bl_arch_syscall_arg(a, i) == r)
			add_use(buf, size, "syscall argument", i);
	for (size_t i = 0; i < sizeof(role) / sizeof(role[0]); i++)
		if (bl_arch_reg(a, role_reg[i]) == r)
			add_use(buf, size, role[i], 0);
	return buf;
}
