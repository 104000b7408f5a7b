/* loader/load/attach_why.c — what the running kernel is, for explaining
 * why it refused a BTF-attached program (loader/verifier/btf_attach_why.c
 * words it):
 *
 *   - the capabilities (loader/sys/permissions.c);
 *   - CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS (BPF trampolines on kernel
 *     functions) and CONFIG_BPF_LSM, from the kernel's configuration
 *     (kconfig.h: /proc/config.gz or /boot/config-RELEASE);
 *   - the active LSMs: /sys/kernel/security/lsm where securityfs is
 *     mounted (Documentation/admin-guide/LSM/index.rst); else the lsm=
 *     boot parameter (/proc/cmdline); else CONFIG_LSM, the order the
 *     kernel uses when lsm= is not given (security/Kconfig). A security=
 *     parameter (the older way to choose one major LSM) makes the list
 *     unknown.
 */
#include "attach_target.h"
#include "kconfig.h"
#include "loader/sys/permissions.h"
#include "loader/sys/read_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* The value of "NAME=..." at the start of a line of text, into buf
 * (quotes dropped); false when there is no such line. */
static bool line_value(const char *text, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t l = strcspn(p, "\n");

		if (l > n && !strncmp(p, name, n) && p[n] == '=') {
			const char *v = p + n + 1;
			size_t vl = l - n - 1;

			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			snprintf(buf, len, "%.*s", (int)vl, v);
			return true;
		}
	}
	return false;
}

static int config_bool(const char *config, const char *name)
{
	char v[8];

	if (!config)
		return -1;
	return line_value(config, name, v, sizeof(v)) && !strcmp(v, "y");
}

/* "lsm=a,b" among the words of the kernel's command line. */
static bool cmdline_param(const char *cmdline, const char *param, char *buf, size_t len)
{
	size_t n = strlen(param);

	for (const char *p = cmdline; *p;) {
		size_t l;

		p += strspn(p, " \n");
		l = strcspn(p, " \n");
		if (l > n && !strncmp(p, param, n) && p[n] == '=') {
			snprintf(buf, len, "%.*s", (int)(l - n - 1), p + n + 1);
			return true;
		}
		p += l;
	}
	return false;
}

static void active_lsms(struct bl_btf_attach_facts *f, const char *config)
{
	unsigned char *text = NULL;
	char legacy[64];
	size_t len;

	if (!bl_read_file("/sys/kernel/security/lsm", 4096, &text, &len)) {
		snprintf(f->lsm, sizeof(f->lsm), "%.*s", (int)strcspn((char *)text, "\n"), (char *)text);
		snprintf(f->lsm_from, sizeof(f->lsm_from), "/sys/kernel/security/lsm");
		free(text);
		return;
	}
	if (!bl_read_file("/proc/cmdline", 65536, &text, &len)) {
		bool given = cmdline_param((char *)text, "lsm", f->lsm, sizeof(f->lsm));
		bool legacy_given = cmdline_param((char *)text, "security", legacy, sizeof(legacy));

		free(text);
		if (given) {
			snprintf(f->lsm_from, sizeof(f->lsm_from), "lsm= on the kernel command line");
			return;
		}
		if (legacy_given) {
			f->lsm[0] = '\0';
			return;
		}
	}
	if (config && line_value(config, "CONFIG_LSM", f->lsm, sizeof(f->lsm)))
		snprintf(f->lsm_from, sizeof(f->lsm_from), "CONFIG_LSM, as no lsm= was given");
}

void bl_btf_attach_facts_read(struct bl_btf_attach_facts *f)
{
	char used[256];
	size_t len;
	char *config = bl_kconfig_text(NULL, used, sizeof(used), &len);
	struct utsname u;

	memset(f, 0, sizeof(*f));
	f->privileged = bl_have_bpf_privileges();
	f->direct_calls = config_bool(config, "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS");
	f->bpf_lsm = config_bool(config, "CONFIG_BPF_LSM");
	active_lsms(f, config);
	if (!uname(&u))
		snprintf(f->machine, sizeof(f->machine), "%.31s", u.machine);
	free(config);
}

bool bl_attach_refusal_explain(const struct bl_prog *p, enum bl_btf_attach_stage stage, int errnum,
			       char *buf, size_t len)
{
	struct bl_btf_attach_facts f;
	struct bl_btf_target t;

	if (bl_btf_target_parse(p->spec->def, p->spec->attach_target, &t, NULL))
		return false;
	bl_btf_attach_facts_read(&f);
	return bl_btf_attach_why(&t, stage, errnum, stage == BL_BTF_STAGE_LOAD ? p->log : NULL, &f,
				 buf, len);
}
