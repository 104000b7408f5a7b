/* loader/attach/usdt_spec.c — the parts of a USDT attachment that are not
 * probes: the target text "PATH:PROVIDER:NAME", a note's arguments in the
 * layout libbpf's BPF side reads (<bpf/usdt.bpf.h>: struct
 * __bpf_usdt_spec in the array map __bpf_usdt_specs), and where a file
 * offset is mapped in a process (/proc/PID/maps, proc(5)).
 *
 * The BPF side (bpf_usdt_arg) reads an argument as 8 bytes: the
 * constant itself, the register's slot of struct pt_regs (reg_off), or
 * 8 bytes of user memory at the register's value plus val_off; then it
 * shifts the value up by arg_bitshift (64 - 8 * size) and back down,
 * arithmetically when arg_signed, which keeps the argument's own size
 * and sign-extends it. That is why a note's "-4@%eax" becomes the slot of
 * rax with arg_bitshift 32 and arg_signed 1.
 *
 * 32-bit arm (struct pt_regs { long uregs[18]; }, 4-byte slots): the 8
 * bytes read at a register's slot are that register and the next one
 * above it (little-endian: in the high half). The shift drops the next
 * one for arguments of 1 to 4 bytes, and an 8-byte argument in registers
 * is a pair rN, rN+1 (GCC keeps a 64-bit value in consecutive registers,
 * as the AAPCS32 passes it, the lower-addressed word in the
 * lower-numbered register), named by rN: the 8 bytes are that argument.
 * As an address the high half is not ours: bpfload_usdt.h keeps the low
 * 32 bits, and the kernel truncates a helper's pointer argument to 32
 * bits anyway (BPF_CALL's __BPF_CAST, include/linux/filter.h), which is
 * what libbpf's own <bpf/usdt.bpf.h> relies on. So the spec is the same
 * as on 64-bit machines: reg_off = 4 * N, arg_bitshift = 64 - 8 * size.
 */
#include "usdt.h"
#include "loader/sys/scan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(struct bl_usdt_bpf_arg) == 16, "struct __bpf_usdt_arg_spec is 16 bytes");
_Static_assert(sizeof(struct bl_usdt_bpf_spec) == 208, "struct __bpf_usdt_spec is 208 bytes");

static bool name_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || s[i] == '.' || s[i] == '-' || (s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

int bl_usdt_target_parse(const char *text, struct bl_usdt_target *out, struct bl_err *err)
{
	const char *c2, *c1;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!text || !*text)
		return bl_err_set(err, -EINVAL, "no USDT probe named: write PATH:PROVIDER:NAME");
	c2 = strrchr(text, ':');
	for (c1 = c2 ? c2 - 1 : NULL; c1 && c1 >= text && *c1 != ':'; c1--)
		;
	if (!c2 || !c1 || c1 < text || c1 == text)
		return bl_err_set(err, -EINVAL, "'%.200s' is not PATH:PROVIDER:NAME", text);
	n = (size_t)(c1 - text);
	if (n >= sizeof(out->path))
		return bl_err_set(err, -ENAMETOOLONG, "'%.60s...': the path is too long", text);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] <= ' ' || text[i] == 0x7f)
			return bl_err_set(err, -EINVAL,
					  "'%.200s': the path holds a space or control character (tracefs's uprobe_events cannot take it)",
					  text);
	memcpy(out->path, text, n);
	if (!name_ok(c1 + 1, (size_t)(c2 - c1 - 1)) || (size_t)(c2 - c1 - 1) >= sizeof(out->provider))
		return bl_err_set(err, -EINVAL, "'%.200s': '%.*s' is not a provider name", text,
				  (int)(c2 - c1 - 1), c1 + 1);
	memcpy(out->provider, c1 + 1, (size_t)(c2 - c1 - 1));
	if (!name_ok(c2 + 1, strlen(c2 + 1)) || strlen(c2 + 1) >= sizeof(out->name))
		return bl_err_set(err, -EINVAL, "'%.200s': '%s' is not a probe name", text, c2 + 1);
	strcpy(out->name, c2 + 1);
	return 0;
}

int bl_usdt_bpf_spec_make(const struct bl_arch *arch, const char *args, uint64_t cookie,
			  struct bl_usdt_bpf_spec *out, struct bl_err *err)
{
	struct bl_usdt_arg a[BL_USDT_MAX_ARGS];
	unsigned cnt = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = bl_usdt_args_parse(arch, args, a, &cnt, err)))
		return ret;
	for (unsigned i = 0; i < cnt; i++) {
		struct bl_usdt_bpf_arg *b = &out->args[i];

		b->arg_type = a[i].kind;
		b->val_off = (uint64_t)a[i].val_off;
		b->reg_off = (int16_t)a[i].reg_off;
		b->arg_signed = a[i].is_signed;
		b->arg_bitshift = (int8_t)(64 - 8 * a[i].size);
	}
	out->arg_cnt = (int16_t)cnt;
	out->usdt_cookie = cookie;
	return 0;
}

/* One line of /proc/PID/maps: "START-END PERMS PGOFF DEV INODE   PATH"
 * (proc(5)), the numbers in hex. Read with scan.h's parsers, not
 * sscanf(3), which costs the static build 13 KB. Lines whose numbers do
 * not fit (the vsyscall page's kernel address) are -EINVAL, as are lines
 * without a path (anonymous mappings). */
struct maps_line {
	unsigned long long start, end, pgoff;
	char perms[8];
	const char *path;
};

static int parse_maps_line(const char *s, struct maps_line *m)
{
	char word[32];
	long long v;

	if (!(s = bl_scan_int(s, 16, &v)) || *s++ != '-')
		return -EINVAL;
	m->start = (unsigned long long)v;
	if (!(s = bl_scan_int(s, 16, &v)))
		return -EINVAL;
	m->end = (unsigned long long)v;
	if (!(s = bl_scan_word(s, m->perms, sizeof(m->perms))) || strlen(m->perms) < 4)
		return -EINVAL;
	if (!(s = bl_scan_int(s, 16, &v)))
		return -EINVAL;
	m->pgoff = (unsigned long long)v;
	if (!(s = bl_scan_word(s, word, sizeof(word))) ||	/* DEV */
	    !(s = bl_scan_word(s, word, sizeof(word))))		/* INODE */
		return -EINVAL;
	s += strspn(s, " \t");
	if (!*s)
		return -EINVAL;
	m->path = s;
	return 0;
}

int bl_usdt_proc_ip(int pid, const char *path, uint64_t offset, uint64_t *ip,
		    struct bl_err *err)
{
	char maps[64], line[4096 + 128];
	FILE *f;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	f = fopen(maps, "re");
	if (!f)
		return bl_err_set(err, -errno, "%s: %s", maps, strerror(errno));
	/* "START-END PERMS PGOFF DEV INODE   PATH" (proc(5)) */
	while (fgets(line, sizeof(line), f)) {
		struct maps_line m;

		line[strcspn(line, "\n")] = '\0';
		if (parse_maps_line(line, &m) || strcmp(m.path, path) || m.perms[2] != 'x')
			continue;
		if (offset >= m.pgoff && offset - m.pgoff < m.end - m.start) {
			*ip = m.start + (offset - m.pgoff);
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return bl_err_set(err, -ENOENT, "process %d has not mapped offset 0x%llx of %s (executable)",
			  pid, (unsigned long long)offset, path);
}
