/* loader/verifier/btf_attach_why.c — a BTF-attached program's refusal,
 * explained (see btf_attach_why.h). The log patterns are the kernel's
 * format strings cut before their first conversion, as in
 * verifier_classify.c.
 */
#include "btf_attach_why.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Is word an element of the comma-separated list? */
static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, word, n))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

int bl_bpf_lsm_active(const struct bl_btf_attach_facts *f)
{
	if (f->bpf_lsm == 0)
		return 0;
	if (!f->lsm[0])
		return -1;
	return in_list(f->lsm, "bpf") ? 1 : 0;
}

/* "fentry/tun:tun_chr_open": the target as the section names it. */
static const char *label(const struct bl_btf_target *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s%s%s", t->what, t->module, t->module[0] ? ":" : "", t->name);
	return buf;
}

static bool is_lsm(const struct bl_btf_target *t)
{
	return t->kind == BL_BTF_TARGET_LSM || t->kind == BL_BTF_TARGET_LSM_CGROUP;
}

/* "; use kprobe/x instead", or "" where nothing else does the job. */
static void instead(const struct bl_btf_target *t, char *buf, size_t len)
{
	char alt[192];

	bl_btf_target_instead(t, alt, sizeof(alt));
	if (alt[0])
		snprintf(buf, len, ": use %s instead", alt);
	else
		snprintf(buf, len, "%s", t->kind == BL_BTF_TARGET_FREPLACE
			 ? ": nothing else replaces a function of a loaded program on this kernel"
			 : "");
}

static bool lsm_inactive(const struct bl_btf_target *t, const struct bl_btf_attach_facts *f,
			 char *buf, size_t len)
{
	if (f->bpf_lsm == 0) {
		snprintf(buf, len, "%s programs need the BPF LSM, and this kernel was built without it (CONFIG_BPF_LSM is not set): kprobe/security_%s can watch the hook but not deny",
			 t->what, t->name);
		return true;
	}
	snprintf(buf, len, "%s programs need the BPF LSM to be active, and it is not: \"bpf\" is not among this kernel's LSMs (%s, from %s); it takes CONFIG_BPF_LSM=y and \"bpf\" in the lsm= boot parameter (lsm=%s,bpf)",
		 t->what, f->lsm, f->lsm_from[0] ? f->lsm_from : "?", f->lsm);
	return true;
}

/* The verifier's own words (bpf_check_attach_target, check_attach_btf_id). */
static bool from_log(const struct bl_btf_target *t, const char *log, char *buf, size_t len)
{
	char alt[256], lb[224];

	instead(t, alt, sizeof(alt));
	label(t, lb, sizeof(lb));
	if (strstr(log, "The address of function ")) {
		snprintf(buf, len, "%s: %s is in the kernel's BTF but /proc/kallsyms has no symbol of that name (the compiler inlined it where it is called, or renamed it: look for %s.isra.0, %s.constprop.0 or %s.part.0 there); attach a kprobe to the name /proc/kallsyms shows, or use a tracepoint",
			 lb, t->name, t->name, t->name, t->name);
		return true;
	}
	if (strstr(log, "__noreturn function")) {
		snprintf(buf, len, "%s: %s never returns, so there is no exit to attach fexit or fmod_ret to (the verifier's noreturn list): use fentry/%s or kprobe/%s",
			 lb, t->name, t->name, t->name);
		return true;
	}
	if (strstr(log, "Attaching tracing programs to function")) {
		snprintf(buf, len, "%s: the kernel does not let tracing programs attach to %s (the verifier's deny list: functions the trampoline itself calls)%s",
			 lb, t->name, alt);
		return true;
	}
	if (strstr(log, "is not modifiable")) {
		snprintf(buf, len, "fmod_ret/%s: fmod_ret can change the return value only of security_* hooks and of functions marked ALLOW_ERROR_INJECTION (CONFIG_FUNCTION_ERROR_INJECTION; listed in /sys/kernel/debug/error_injection/list), and %s is neither: use fexit/%s to see its return value",
			 t->name, t->name, t->name);
		return true;
	}
	if (strstr(log, " is not sleepable")) {
		snprintf(buf, len, "%s.s/%s: sleepable %s programs attach only to %s, and %s is not one: drop the .s",
			 t->what, t->name, t->what,
			 is_lsm(t) ? "the LSM hooks the kernel lists as sleepable"
				   : "functions marked ALLOW_ERROR_INJECTION (CONFIG_FUNCTION_ERROR_INJECTION)",
			 t->name);
		return true;
	}
	return false;
}

/* " (built without CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS...)" */
static void direct_calls_note(const struct bl_btf_attach_facts *f, char *buf, size_t len)
{
	if (f->direct_calls == 0)
		snprintf(buf, len, ": the kernel has no ftrace direct calls (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS is not set%s)",
			 !strcmp(f->machine, "aarch64") ? "; arm64 has them since Linux 6.4" : "");
	else
		buf[0] = '\0';
}

bool bl_btf_attach_why(const struct bl_btf_target *t, enum bl_btf_attach_stage stage, int errnum,
		       const char *log, const struct bl_btf_attach_facts *f, char *buf, size_t len)
{
	const char *call = stage == BL_BTF_STAGE_LOAD ? "BPF_PROG_LOAD" : "BPF_LINK_CREATE";
	char alt[256], note[160], lb[224];

	if (is_lsm(t) && bl_bpf_lsm_active(f) == 0)
		return lsm_inactive(t, f, buf, len);
	if (!errnum)
		return false;
	if (log && *log && from_log(t, log, buf, len))
		return true;
	if (!bl_btf_target_needs_trampoline(t->kind))
		return false;
	instead(t, alt, sizeof(alt));
	label(t, lb, sizeof(lb));
	if (stage == BL_BTF_STAGE_LOAD && errnum == EPERM && (!log || !*log) && f->privileged) {
		snprintf(buf, len, "%s programs run from a BPF trampoline, and this kernel refuses them: BPF_PROG_LOAD failed with EPERM before the verifier ran (empty log) though bpfload has the privileges%s%s",
			 t->what,
			 f->direct_calls == 1 ? ", on a kernel built with trampolines (CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS=y): a policy of this kernel, not a missing feature"
					      : "",
			 alt);
		return true;
	}
	if (errnum == BL_ENOTSUPP || errnum == EOPNOTSUPP || errnum == ENODEV) {
		direct_calls_note(f, note, sizeof(note));
		snprintf(buf, len, "%s needs a BPF trampoline on %s, and this kernel cannot make one there (%s failed with %s%s)%s",
			 lb, t->type_name, call,
			 errnum == BL_ENOTSUPP ? "ENOTSUPP" : errnum == ENODEV ? "ENODEV" : "EOPNOTSUPP",
			 note, alt);
		return true;
	}
	if (errnum == EBUSY && stage == BL_BTF_STAGE_ATTACH && t->kind != BL_BTF_TARGET_FREPLACE) {
		snprintf(buf, len, "%s: the kernel could not patch the entry of %s (BPF_LINK_CREATE failed with EBUSY): it has no ftrace entry (notrace), or another tracer holds it%s",
			 lb, t->name, alt);
		return true;
	}
	return false;
}
