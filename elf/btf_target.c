/* elf/btf_target.c — the kernel type a BTF-attached program names (see
 * btf_target.h for the rules and where they come from).
 */
#include "btf_target.h"

#include <errno.h>
#include <linux/btf.h>
#include <stdio.h>
#include <string.h>

enum bl_btf_target_kind bl_btf_target_kind_of(const struct bl_section_def *def)
{
	if (!def)
		return BL_BTF_TARGET_NONE;
	if (def->prog_type == BPF_PROG_TYPE_EXT)
		return BL_BTF_TARGET_FREPLACE;
	if (def->prog_type == BPF_PROG_TYPE_LSM)
		return def->has_expected && def->expected_attach_type == BPF_LSM_CGROUP
			       ? BL_BTF_TARGET_LSM_CGROUP
			       : BL_BTF_TARGET_LSM;
	if (def->prog_type != BPF_PROG_TYPE_TRACING || !def->has_expected)
		return BL_BTF_TARGET_NONE;
	switch (def->expected_attach_type) {
	case BPF_TRACE_RAW_TP: return BL_BTF_TARGET_TP_BTF;
	case BPF_TRACE_FENTRY: return BL_BTF_TARGET_FENTRY;
	case BPF_TRACE_FEXIT: return BL_BTF_TARGET_FEXIT;
	case BPF_MODIFY_RETURN: return BL_BTF_TARGET_FMOD_RET;
	case BPF_TRACE_ITER: return BL_BTF_TARGET_ITER;
	default: return BL_BTF_TARGET_NONE;
	}
}

const char *bl_btf_target_kind_name(enum bl_btf_target_kind kind)
{
	static const char *const names[] = {
		[BL_BTF_TARGET_NONE] = "none",
		[BL_BTF_TARGET_TP_BTF] = "tp_btf",
		[BL_BTF_TARGET_FENTRY] = "fentry",
		[BL_BTF_TARGET_FEXIT] = "fexit",
		[BL_BTF_TARGET_FMOD_RET] = "fmod_ret",
		[BL_BTF_TARGET_LSM] = "lsm",
		[BL_BTF_TARGET_LSM_CGROUP] = "lsm_cgroup",
		[BL_BTF_TARGET_ITER] = "iter",
		[BL_BTF_TARGET_FREPLACE] = "freplace",
	};

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "none";
}

/* What the name after the '/' stands for, in messages and in the
 * SEC("...") the user is told to write. */
static const char *placeholder(enum bl_btf_target_kind kind)
{
	switch (kind) {
	case BL_BTF_TARGET_TP_BTF: return "TRACEPOINT";
	case BL_BTF_TARGET_LSM:
	case BL_BTF_TARGET_LSM_CGROUP: return "HOOK";
	case BL_BTF_TARGET_ITER: return "ITERATOR";
	default: return "FUNCTION";
	}
}

/* The type-name prefix libbpf adds to the section's name. */
static const char *type_prefix(enum bl_btf_target_kind kind)
{
	switch (kind) {
	case BL_BTF_TARGET_TP_BTF: return "btf_trace_";
	case BL_BTF_TARGET_LSM:
	case BL_BTF_TARGET_LSM_CGROUP: return "bpf_lsm_";
	case BL_BTF_TARGET_ITER: return "bpf_iter_";
	default: return "";
	}
}

/* C identifiers, and the '.' of compiler-made names (foo.isra.0). */
static bool symbol_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.'))
			return false;
	return n > 0;
}

/* Module names: identifiers and '-' (the kernel turns '-' into '_' in
 * them, but users write either). */
static bool module_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return n > 0;
}

int bl_btf_target_parse(const struct bl_section_def *def, const char *target,
			struct bl_btf_target *out, struct bl_err *err)
{
	enum bl_btf_target_kind kind = bl_btf_target_kind_of(def);
	const char *what = bl_btf_target_kind_name(kind), *name = target, *colon;
	size_t mod_len = 0, name_len;

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->what = what;
	if (kind == BL_BTF_TARGET_NONE)
		return bl_err_set(err, -EOPNOTSUPP, "section %s: not a BTF-attached program",
				  def ? def->pattern : "(unknown)");
	if (!target || !*target)
		return bl_err_set(err, -EINVAL, "a %s program must name its %s: SEC(\"%s/%s\")", what,
				  placeholder(kind), what, placeholder(kind));
	colon = strchr(target, ':');
	if (colon) {
		if (kind == BL_BTF_TARGET_FREPLACE)
			return bl_err_set(err, -EINVAL, "freplace/%s: a freplace target is a function of the program given with --replace-target, without MODULE:",
					  target);
		mod_len = (size_t)(colon - target);
		name = colon + 1;
		if (!module_chars(target, mod_len) || mod_len >= sizeof(out->module))
			return bl_err_set(err, -EINVAL, "%s/%s: '%.*s' is not a module name (MODULE:%s)",
					  what, target, (int)mod_len, target, placeholder(kind));
	}
	name_len = strlen(name);
	if (!symbol_chars(name, name_len))
		return bl_err_set(err, -EINVAL, "%s/%s: '%s' is not a %s name (letters, digits, '_' and '.')",
				  what, target, name, kind == BL_BTF_TARGET_TP_BTF ? "tracepoint" : "function");
	if (name_len >= sizeof(out->name) ||
	    strlen(type_prefix(kind)) + name_len >= sizeof(out->type_name))
		return bl_err_set(err, -ENAMETOOLONG, "%s/%s: the name is too long", what, target);
	memcpy(out->module, target, mod_len);
	memcpy(out->name, name, name_len + 1);
	snprintf(out->type_name, sizeof(out->type_name), "%s%s", type_prefix(kind), name);
	out->btf_kind = kind == BL_BTF_TARGET_TP_BTF ? BTF_KIND_TYPEDEF : BTF_KIND_FUNC;
	return 0;
}

bool bl_btf_target_needs_trampoline(enum bl_btf_target_kind kind)
{
	switch (kind) {
	case BL_BTF_TARGET_FENTRY:
	case BL_BTF_TARGET_FEXIT:
	case BL_BTF_TARGET_FMOD_RET:
	case BL_BTF_TARGET_LSM:
	case BL_BTF_TARGET_LSM_CGROUP:
	case BL_BTF_TARGET_FREPLACE:
		return true;
	default:
		return false;
	}
}

const char *bl_btf_target_instead(const struct bl_btf_target *t, char *buf, size_t len)
{
	switch (t->kind) {
	case BL_BTF_TARGET_TP_BTF:
		snprintf(buf, len, "raw_tp/%s", t->name);
		break;
	case BL_BTF_TARGET_FENTRY:
		snprintf(buf, len, "kprobe/%s", t->name);
		break;
	case BL_BTF_TARGET_FEXIT:
		snprintf(buf, len, "kretprobe/%s", t->name);
		break;
	case BL_BTF_TARGET_FMOD_RET:
		snprintf(buf, len, "kretprobe/%s (which sees the return value but cannot change it)",
			 t->name);
		break;
	case BL_BTF_TARGET_LSM:
	case BL_BTF_TARGET_LSM_CGROUP:
		snprintf(buf, len, "kprobe/security_%s (which sees the hook but cannot deny)", t->name);
		break;
	default:
		snprintf(buf, len, "%s", "");
	}
	return buf;
}

const char *bl_btf_target_missing(const struct bl_btf_target *t, char *buf, size_t len)
{
	switch (t->kind) {
	case BL_BTF_TARGET_TP_BTF:
		snprintf(buf, len, "this kernel has no tracepoint %s (bpfload list raw-tracepoints '%s')",
			 t->name, t->name);
		break;
	case BL_BTF_TARGET_LSM:
	case BL_BTF_TARGET_LSM_CGROUP:
		snprintf(buf, len, "this kernel has no LSM hook %s, or was built without the BPF LSM (CONFIG_BPF_LSM), which makes bpf_lsm_HOOK for every hook",
			 t->name);
		break;
	case BL_BTF_TARGET_ITER:
		snprintf(buf, len, "this kernel has no iterator %s", t->name);
		break;
	default:
		/* pahole writes into the kernel's BTF only the functions that
		 * have a symbol and an ftrace entry */
		snprintf(buf, len, "%s was inlined, is static and never emitted, or is notrace (the kernel's BTF lists only the functions ftrace can attach to): use a kprobe/kretprobe on a symbol /proc/kallsyms shows, or a tracepoint",
			 t->name);
	}
	return buf;
}
