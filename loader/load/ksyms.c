/* loader/load/ksyms.c — .ksyms externs found on the running kernel.
 *
 * What an extern (elf/read/ksyms.c) becomes, and where it comes from
 * (include/uapi/linux/bpf.h, "BPF_PSEUDO_BTF_ID" and
 * "BPF_PSEUDO_KFUNC_CALL"; Documentation/bpf/kfuncs.rst):
 *
 *   typed variable   its VAR in the kernel's BTF (vmlinux, or a loaded
 *                    module's split BTF): ld_imm64 src_reg
 *                    BPF_PSEUDO_BTF_ID, imm the VAR's id, the second imm
 *                    the module BTF's fd (0: vmlinux). The verifier then
 *                    takes the address from kallsyms_lookup_name(), which
 *                    knows variables only in a kernel built with
 *                    CONFIG_KALLSYMS_ALL: so the variable must also be in
 *                    /proc/kallsyms, else the kernel would refuse it.
 *   typeless         its address in /proc/kallsyms: a plain ld_imm64 of
 *                    the address. Addresses read as 0 when the kernel
 *                    hides them (kptr_restrict, no CAP_SYSLOG).
 *   kfunc            its FUNC in the kernel's BTF: call src_reg
 *                    BPF_PSEUDO_KFUNC_CALL, imm the FUNC's id, off 0 for
 *                    vmlinux or, for a module's kfunc, the index of the
 *                    module BTF's fd in attr.fd_array (slot 0 unused, as
 *                    libbpf does). Its address (bpf_ksym_exists) is an
 *                    ld_imm64 BPF_PSEUDO_BTF_ID of the FUNC (kernels 6.4+).
 *
 * As libbpf checks (bpf_object__resolve_ksym_var_btf_id, ..._func_btf_id),
 * the declared type must be compatible with the kernel's (the rule of
 * CO-RE type relocations, elf/core/core.h, plus the same name for a
 * struct, union or enum and the same size for a scalar). A __weak extern
 * the kernel lacks becomes 0: an ld_imm64 of 0, and a call of a kfunc
 * the kernel lacks is poisoned (a call of helper BL_KFUNC_POISON + its
 * index, libbpf's number), which the verifier accepts only where it can
 * prove it is never reached: behind `if (bpf_ksym_exists(f))`.
 *
 * Everything is resolved once per load, before the programs; what cannot
 * be resolved fails only the programs that use it (relocate.c), with
 * the reason kept here.
 */
#include "internal.h"
#include "kernel_btf.h"
#include "loader/sys/kallsyms.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"
#include "elf/core/core.h"

#define FD_INDEX_MAX INT16_MAX	/* insn.off is an s16 */

/* What /proc/kallsyms says of the variables (typed and typeless). */
struct scan {
	const struct bl_object_spec *spec;
	struct bl_ksym_value *v;
	bool *seen;
	uint64_t *other;	/* a second, different address: ambiguous */
	bool any_addr;		/* some address is not 0: they are not hidden */
};

static int on_symbol(uint64_t addr, char type, const char *name, const char *module, void *ctx)
{
	struct scan *s = ctx;

	(void)type;
	(void)module;
	s->any_addr |= addr != 0;
	for (size_t i = 0; i < s->spec->ksym_cnt; i++) {
		if (s->spec->ksyms[i].kind == BL_KSYM_FUNC || strcmp(s->spec->ksyms[i].name, name))
			continue;
		if (!s->seen[i]) {
			s->seen[i] = true;
			s->v[i].addr = addr;
		} else if (addr != s->v[i].addr) {
			s->other[i] = addr;
		}
	}
	return 0;
}

static int why(struct bl_ksym_value *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int why(struct bl_ksym_value *v, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(v->why);
	v->why = strdup(buf);
	return v->why ? 0 : -ENOMEM;
}

/* "STRUCT 'rq' (3584 bytes)", "PTR", "INT 'int' (4 bytes)". */
static void describe(const struct bl_btf *btf, uint32_t id, char *buf, size_t n)
{
	const struct btf_type *t = bl_btf_skip_modifiers(btf, id, &id);
	const char *name = t ? bl_btf_name(btf, t->name_off) : NULL;
	uint32_t size = 0;
	int len;

	if (!t) {
		snprintf(buf, n, "type [%u]", id);
		return;
	}
	len = snprintf(buf, n, "%s", id ? bl_btf_kind_name(bl_btf_kind(t)) : "void");
	if (name && *name && len >= 0 && (size_t)len < n)
		len += snprintf(buf + len, n - (size_t)len, " '%.64s'", name);
	if (bl_btf_kind(t) != BTF_KIND_PTR && !bl_btf_resolve_size(btf, id, &size) && len >= 0 &&
	    (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, " (%u bytes)", size);
}

/* The declared type of a variable against the kernel's: libbpf's rule,
 * and for named composites the name, for scalars the size. */
static bool var_types_match(const struct bl_btf *local, uint32_t lid, const struct bl_btf *kern,
			    uint32_t kid)
{
	const struct btf_type *lt = bl_btf_skip_modifiers(local, lid, &lid);
	const struct btf_type *kt = bl_btf_skip_modifiers(kern, kid, &kid);
	uint32_t ls, ks;

	if (!lt || !kt || bl_core_types_compat(local, lid, kern, kid) != 1)
		return false;
	switch (bl_btf_kind(lt)) {
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: {
		const char *ln = bl_btf_name(local, lt->name_off), *kn = bl_btf_name(kern, kt->name_off);
		size_t len = bl_btf_essential_name_len(ln);

		return !*ln || (len == strlen(kn) && strncmp(ln, kn, len) == 0);
	}
	case BTF_KIND_INT: case BTF_KIND_FLOAT:
		return !bl_btf_resolve_size(local, lid, &ls) && !bl_btf_resolve_size(kern, kid, &ks) &&
		       ls == ks;
	}
	return true;
}

/* Where kfuncs of the module whose BTF is fd go in fd_array: an index
 * given once per module, from 1. */
static int fd_index(struct bl_object *l, int fd, int16_t *out)
{
	int *grown;

	for (size_t i = 1; i < l->fd_array_cnt; i++)
		if (l->fd_array[i] == fd) {
			*out = (int16_t)i;
			return 0;
		}
	if (l->fd_array_cnt >= FD_INDEX_MAX)
		return -E2BIG;
	grown = realloc(l->fd_array, (l->fd_array_cnt ? l->fd_array_cnt + 1 : 2) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	l->fd_array = grown;
	if (!l->fd_array_cnt)
		l->fd_array[l->fd_array_cnt++] = -1; /* slot 0: unused */
	*out = (int16_t)l->fd_array_cnt;
	l->fd_array[l->fd_array_cnt++] = fd;
	return 0;
}

static int resolve_func(struct bl_object *l, struct bl_kernel_btf *kb, const struct bl_ksym *k,
			struct bl_ksym_value *v)
{
	char lookup[256], mine[128], theirs[128];
	struct bl_kernel_type kt;
	struct bl_err e;
	int ret;

	/* a flavor ("bpf_f___v2") names the same kfunc, as in CO-RE */
	snprintf(lookup, sizeof(lookup), "%.*s", (int)bl_btf_essential_name_len(k->name), k->name);
	ret = bl_kernel_btf_find(kb, NULL, lookup, BTF_KIND_FUNC, &kt, &e);
	if (ret == -ENOENT)
		return k->is_weak ? 0
				  : why(v, "kfunc %s: %s: this kernel does not have it (declare it __weak and call it only where bpf_ksym_exists(%s) holds, to load without it)",
					k->name, e.msg, k->name);
	if (ret)
		return why(v, "kfunc %s: %s", k->name, e.msg);
	if (bl_core_types_compat(l->spec->btf, k->type_id, kt.btf,
				 bl_btf_type(kt.btf, kt.id)->type) != 1) {
		if (k->is_weak)
			return 0; /* libbpf: a weak kfunc of another prototype is absent */
		describe(l->spec->btf, k->type_id, mine, sizeof(mine));
		describe(kt.btf, bl_btf_type(kt.btf, kt.id)->type, theirs, sizeof(theirs));
		return why(v, "kfunc %s: its prototype here (%s [%u] with %u parameters) does not match the kernel's (%s FUNC [%u] with %u parameters): declare it as the kernel does",
			   k->name, mine, k->type_id, bl_btf_vlen(bl_btf_type(l->spec->btf, k->type_id)),
			   kt.module, kt.id,
			   bl_btf_vlen(bl_btf_type(kt.btf, bl_btf_type(kt.btf, kt.id)->type)));
	}
	if (kt.btf_fd && (ret = fd_index(l, kt.btf_fd, &v->fd_index)))
		return ret == -ENOMEM ? ret
				      : why(v, "kfunc %s: more modules than insn.off can number (%d)",
					    k->name, FD_INDEX_MAX);
	v->found = true;
	v->btf_id = kt.id;
	v->btf_fd = kt.btf_fd;
	v->module = kt.module;
	return 0;
}

static int resolve_var(struct bl_object *l, struct bl_kernel_btf *kb, const struct bl_ksym *k,
		       struct bl_ksym_value *v, bool in_kallsyms)
{
	char mine[128], theirs[128];
	struct bl_kernel_type kt;
	const struct btf_type *kv;
	struct bl_err e;
	int ret = bl_kernel_btf_find(kb, NULL, k->name, BTF_KIND_VAR, &kt, &e);

	if (ret == -ENOENT)
		return k->is_weak ? 0
				  : why(v, "kernel variable %s (typed __ksym): %s: this kernel does not have it",
					k->name, e.msg);
	if (ret)
		return why(v, "kernel variable %s (typed __ksym): %s", k->name, e.msg);
	kv = bl_btf_type(kt.btf, kt.id);
	if (!var_types_match(l->spec->btf, k->type_id, kt.btf, kv->type)) {
		describe(l->spec->btf, k->type_id, mine, sizeof(mine));
		describe(kt.btf, kv->type, theirs, sizeof(theirs));
		return why(v, "kernel variable %s (typed __ksym): declared here as %s, but the kernel's (%s VAR [%u]) is %s",
			   k->name, mine, kt.module, kt.id, theirs);
	}
	if (!in_kallsyms)
		return k->is_weak ? 0
				  : why(v, "kernel variable %s (typed __ksym) is in the kernel's BTF but not in /proc/kallsyms, where the verifier looks up its address: typed __ksym variables need a kernel built with CONFIG_KALLSYMS_ALL, which this one lacks",
					k->name);
	v->found = true;
	v->btf_id = kt.id;
	v->btf_fd = kt.btf_fd;
	v->module = kt.module;
	return 0;
}

static int resolve_typeless(const struct bl_ksym *k, struct bl_ksym_value *v, const struct scan *s,
			    size_t i)
{
	if (!s->seen[i])
		return k->is_weak ? 0
				  : why(v, "kernel symbol %s (typeless __ksym) is not in /proc/kallsyms: this kernel has no such symbol (variables are listed only when it is built with CONFIG_KALLSYMS_ALL)",
					k->name);
	if (!s->any_addr)
		return why(v, "kernel symbol %s (typeless __ksym): /proc/kallsyms shows every address as 0 to this process: addresses need root (CAP_SYSLOG) and kernel.kptr_restrict below 2",
			   k->name);
	if (s->other[i])
		return why(v, "kernel symbol %s (typeless __ksym) has several addresses in /proc/kallsyms (0x%llx, 0x%llx, ...): static symbols of different files; which one is meant cannot be told",
			   k->name, (unsigned long long)v->addr, (unsigned long long)s->other[i]);
	v->found = true;
	return 0;
}

/* /proc/kallsyms once, for every variable; -errno when it cannot be read
 * (every variable then says so). */
static int scan_kallsyms(struct bl_object *l, struct scan *s)
{
	const struct bl_object_spec *spec = l->spec;
	bool need = false;

	for (size_t i = 0; i < spec->ksym_cnt; i++)
		need |= spec->ksyms[i].kind != BL_KSYM_FUNC;
	if (!need)
		return 0;
	return bl_kallsyms_each(on_symbol, s);
}

int bl_resolve_ksyms(struct bl_object *l, struct bl_err *err)
{
	const struct bl_object_spec *spec = l->spec;
	struct scan s = { .spec = spec };
	struct bl_kernel_btf *kb = NULL;
	struct bl_err kb_err = { "" };
	int kallsyms_ret, kb_ret = 1, ret = 0;

	if (!spec->ksym_cnt)
		return 0;
	l->ksyms = calloc(spec->ksym_cnt, sizeof(*l->ksyms));
	s.v = l->ksyms;
	s.seen = calloc(spec->ksym_cnt, sizeof(*s.seen));
	s.other = calloc(spec->ksym_cnt, sizeof(*s.other));
	if (!l->ksyms || !s.seen || !s.other) {
		ret = -ENOMEM;
		goto out;
	}
	kallsyms_ret = scan_kallsyms(l, &s);
	for (size_t i = 0; !ret && i < spec->ksym_cnt; i++) {
		const struct bl_ksym *k = &spec->ksyms[i];
		struct bl_ksym_value *v = &l->ksyms[i];

		if (k->kind != BL_KSYM_FUNC && kallsyms_ret) {
			ret = why(v, "kernel symbol %s (__ksym): cannot read /proc/kallsyms: %s", k->name,
				  strerror(-kallsyms_ret));
			continue;
		}
		if (k->kind == BL_KSYM_TYPELESS) {
			ret = resolve_typeless(k, v, &s, i);
			continue;
		}
		if (kb_ret == 1)	/* the kernel's BTF, on first need */
			kb_ret = bl_object_kernel_btf(l, &kb, &kb_err);
		if (kb_ret)
			ret = why(v, "%s %s (__ksym) needs the kernel's BTF: %s",
				  k->kind == BL_KSYM_FUNC ? "kfunc" : "kernel variable", k->name,
				  kb_err.msg);
		else if (k->kind == BL_KSYM_FUNC)
			ret = resolve_func(l, kb, k, v);
		else
			ret = resolve_var(l, kb, k, v, s.seen[i]);
	}
out:
	free(s.seen);
	free(s.other);
	if (ret)
		return bl_err_set(err, ret, "%s: out of memory", spec->path);
	return 0;
}

bool bl_ksym_explain(const struct bl_object *l, struct bl_prog *p, const char **name)
{
	static const char invalid[] = "invalid func unknown#";
	const char *hit = p->log ? strstr(p->log, invalid) : NULL;
	unsigned long n;
	char *end, *log;
	size_t len;

	if (!hit || !l->ksyms)
		return false;
	n = strtoul(hit + sizeof(invalid) - 1, &end, 10);
	if (end == hit + sizeof(invalid) - 1 || n < BL_KFUNC_POISON ||
	    n - BL_KFUNC_POISON >= l->spec->ksym_cnt)
		return false;
	n -= BL_KFUNC_POISON;
	if (l->spec->ksyms[n].kind != BL_KSYM_FUNC || l->ksyms[n].found)
		return false;
	*name = l->spec->ksyms[n].name;
#define HEAD "kfunc %s, which this kernel does not have (a __weak extern), is called on a path the verifier found reachable: the call became helper %lu; the verifier's log:\n%s"
	len = (size_t)snprintf(NULL, 0, HEAD, *name, BL_KFUNC_POISON + n, p->log) + 1;
	log = malloc(len);
	if (log) {
		snprintf(log, len, HEAD, *name, BL_KFUNC_POISON + n, p->log);
		free(p->log);
		p->log = log;
	}
#undef HEAD
	return true;
}

void bl_ksyms_free(struct bl_object *l)
{
	for (size_t i = 0; l->ksyms && i < l->spec->ksym_cnt; i++)
		free(l->ksyms[i].why);
	free(l->ksyms);
	free(l->fd_array);
	l->ksyms = NULL;
	l->fd_array = NULL;
	l->fd_array_cnt = 0;
}
