/* loader/attach/usdt.c — SEC("usdt/PATH:PROVIDER:NAME"), and the bare
 * SEC("usdt") with the probe given at run time (--usdt): a program on
 * every site of a USDT probe, as libbpf attaches it (docs/usdt.md).
 *
 * A USDT probe is a nop that <sys/sdt.h> compiled into the program, with
 * an ELF note saying where it is and where its arguments are
 * (elf/usdt/). The same probe may be compiled in at several places (a
 * macro in an inlined function): one uprobe per site. The program reads
 * its arguments through libbpf's <bpf/usdt.bpf.h> (or bpf-progs'
 * bpfload_usdt.h), which finds the site's spec in the array map
 * __bpf_usdt_specs by a spec id, and the loader puts the id where the
 * BPF side looks:
 *   - on kernels with BPF cookies (5.15; the kconfig extern
 *     LINUX_HAS_BPF_COOKIE is then 1): the attachment's cookie
 *     (BPF_LINK_CREATE's link_create.perf_event.bpf_cookie), which
 *     bpf_get_attach_cookie returns;
 *   - before: the hash map __bpf_usdt_ip_to_spec_id, keyed by the site's
 *     address in the process (the address in the file for an ET_EXEC
 *     executable; for a library or PIE, where --pid's process mapped it).
 *
 * A probe with a semaphore (a counter in the program's data that the
 * program checks before it computes costly arguments) must see it raised
 * while a tracer listens: the kernel does it when the uprobe is given the
 * semaphore's file offset as its reference counter offset (Linux 4.20,
 * kernel/events/uprobes.c): the uprobe PMU's attr.config bits
 * format/ref_ctr_offset ("config:32-63"), or tracefs's
 * "PATH:0xOFFSET(0xREF_CTR_OFFSET)" (Documentation/trace/uprobetracer.rst).
 *
 * On failure nothing stays: the sites attached so far are closed, their
 * tracefs events removed, the ip map entries deleted.
 */
#include "kinds.h"
#include "uprobe.h"
#include "usdt.h"
#include "loader/sys/features.h"
#include "loader/sys/permissions.h"
#include "loader/sys/sys.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PMU_DIR "/sys/bus/event_source/devices/uprobe"
#define SPECS_MAP "__bpf_usdt_specs"
#define IP_MAP "__bpf_usdt_ip_to_spec_id"

static int fail(struct bl_prog *p, int ret, struct bl_err *err)
{
	return bl_err_prefix(err, ret, "program %s (section %s)", p->spec->name, p->spec->section);
}

/* The next free spec id: past those of the other USDT programs of l
 * (their maps are the same: libbpf's are __weak, one per object). */
static uint32_t next_spec_id(const struct bl_object *l)
{
	uint32_t next = 0;

	for (size_t i = 0; i < l->prog_cnt; i++) {
		const struct bl_usdt_link *u = l->progs[i].link.usdt;

		if (u && u->spec_first + u->spec_cnt > next)
			next = u->spec_first + u->spec_cnt;
	}
	return next;
}

static void close_sites(struct bl_object *l, struct bl_usdt_link *u)
{
	for (size_t i = 0; i < u->cnt; i++) {
		bl_perf_link_close(&u->sites[i]);
		bl_probe_event_remove(l, &u->sites[i], NULL);
	}
	for (size_t i = 0; u->ip_map_fd >= 0 && u->ips && i < u->cnt; i++)
		if (u->ips[i])
			bl_sys_map_delete(u->ip_map_fd, &u->ips[i]);
	free(u->ips);
	free(u);
}

/* One site's uprobe: the PMU with the reference counter in config, or
 * tracefs. Returns the perf fd. */
static int open_site(struct bl_object *l, struct bl_link *k, const char *path,
		     const struct bl_usdt_note *n, bool via_tracefs, struct bl_err *err)
{
	int pid = l->attach_opts.uprobe_pid, type, shift, fd;
	char eb[16];

	k->link_fd = k->perf_fd = -1;
	if (via_tracefs) {
		struct bl_probe_event_req req = { .file = "uprobe_events", .group = "uprobes",
						  .kind = "uprobe", .name = n->name, .cmd = "p",
						  .pid = pid };
		char def[PATH_MAX + 64];

		if (n->sema_offset)
			snprintf(def, sizeof(def), "%s:0x%llx(0x%llx)", path,
				 (unsigned long long)n->offset, (unsigned long long)n->sema_offset);
		else
			snprintf(def, sizeof(def), "%s:0x%llx", path, (unsigned long long)n->offset);
		req.def = def;
		return bl_probe_event_open(l, k, &req, err);
	}
	if ((type = bl_probe_pmu_type(PMU_DIR)) < 0)
		return bl_err_set(err, type, "no uprobe PMU (%s/type)", PMU_DIR);
	shift = n->sema_offset ? bl_probe_pmu_ref_ctr_shift(PMU_DIR) : 0;
	if (shift < 0)
		return bl_err_set(err, -EOPNOTSUPP,
				  "%s:%s has a semaphore, and this kernel's uprobe PMU has no reference counter (%s/format/ref_ctr_offset, Linux 4.20)",
				  n->provider, n->name, PMU_DIR);
	fd = bl_sys_perf_probe_open((uint32_t)type, n->sema_offset << shift,
				    (uint64_t)(uintptr_t)path, n->offset, pid);
	if (fd == -ESRCH && pid > 0)
		return bl_err_set(err, fd, "--pid %d: no such process", pid);
	if (fd < 0) {
		char hint[200];

		bl_perf_event_hint(fd, hint, sizeof(hint));
		return bl_err_set(err, fd, "perf_event_open on the uprobe PMU for %s:0x%llx (semaphore 0x%llx): %s%s",
				  path, (unsigned long long)n->offset,
				  (unsigned long long)n->sema_offset, bl_errno_name(fd, eb), hint);
	}
	return fd;
}

/* The program on the site's event, the spec id in its cookie when the
 * kernel has cookies; else by the perf ioctls (the ip map says the id). */
static int link_site(struct bl_object *l, struct bl_prog *p, struct bl_link *k, int perf_fd,
		     uint32_t spec_id, bool cookies, struct bl_err *err)
{
	char eb[16];
	int fd, ret;

	k->perf_fd = perf_fd;
	if (cookies) {
		fd = bl_sys_link_create_perf_cookie(p->fd, perf_fd, spec_id);
		if (fd < 0)
			return bl_err_set(err, fd, "BPF_LINK_CREATE with bpf_cookie %u: %s", spec_id,
					  bl_errno_name(fd, eb));
		k->link_fd = fd;
		return 0;
	}
	if ((ret = bl_sys_perf_event_set_bpf(perf_fd, p->fd)) < 0 ||
	    (ret = bl_sys_perf_event_enable(perf_fd)) < 0)
		return bl_err_set(err, ret, "ioctl PERF_EVENT_IOC_SET_BPF/ENABLE: %s",
				  bl_errno_name(-ret, eb));
	(void)l;
	return 0;
}

struct ctx {
	struct bl_object *l;
	struct bl_prog *p;
	const char *path;
	const struct bl_usdt_file *f;
	struct bl_map *specs, *ips;
	bool cookies, via_tracefs;
};

/* The spec of note n: the id of an earlier site with the same argument
 * string, else a new one written into the specs map. */
static int spec_of(struct ctx *c, struct bl_usdt_link *u, const struct bl_usdt_note *n,
		   size_t site, uint32_t *id, struct bl_err *err)
{
	struct bl_usdt_bpf_spec spec;
	char eb[16];
	int ret;

	for (size_t j = 0; j < site; j++)
		if (!strcmp(c->f->notes[j].args, n->args)) {
			*id = u->spec_first + (uint32_t)j; /* (ids follow sites) */
			return 0;
		}
	if ((ret = bl_usdt_bpf_spec_make(c->f->arch, n->args, 0, &spec, err)))
		return bl_err_prefix(err, ret, "%s:%s:%s at offset 0x%llx, arguments '%s'", c->path,
				     n->provider, n->name, (unsigned long long)n->offset, n->args);
	*id = u->spec_first + (uint32_t)site;
	if (*id >= c->specs->max_entries)
		return bl_err_set(err, -E2BIG, "more USDT specs than %s holds (%u entries; BPF_USDT_MAX_SPEC_CNT)",
				  SPECS_MAP, c->specs->max_entries);
	ret = bl_sys_map_update(c->specs->fd, id, &spec, 0);
	if (ret < 0)
		return bl_err_set(err, ret, "%s: update of spec %u: %s", SPECS_MAP, *id,
				  bl_errno_name(-ret, eb));
	return 0;
}

static int attach_site(struct ctx *c, struct bl_usdt_link *u, const struct bl_usdt_note *n,
		       size_t site, struct bl_err *err)
{
	struct bl_link *k = &u->sites[u->cnt];
	uint32_t id;
	int fd, ret;

	if ((ret = spec_of(c, u, n, site, &id, err)))
		return ret;
	if (!c->cookies) {
		uint64_t ip = n->addr;
		char eb[16];
		int pid = c->l->attach_opts.uprobe_pid;

		if (c->f->shared && pid <= 0)
			return bl_err_set(err, -EOPNOTSUPP,
					  "%s is a library or PIE and this kernel has no BPF cookies (5.15): give --pid, the process whose mapping says the probe's address",
					  c->path);
		if (c->f->shared && (ret = bl_usdt_proc_ip(pid, c->path, n->offset, &ip, err))) {
			char why[sizeof(err->msg)];

			if (ret != -ENOENT)
				return ret;
			memcpy(why, err->msg, sizeof(why));
			return bl_err_set(err, ret, "%s: without BPF cookies (5.15) a library's or PIE's probe address is where the process mapped it: give --pid of a process that runs it (--cmd's has not started it yet)",
					  why);
		}
		if ((ret = bl_sys_map_update(c->ips->fd, &ip, &id, BPF_NOEXIST)) < 0)
			return bl_err_set(err, ret, "%s: address 0x%llx: %s%s", IP_MAP,
					  (unsigned long long)ip, bl_errno_name(-ret, eb),
					  ret == -EEXIST ? " (another USDT program has that site)" : "");
		u->ips[u->cnt] = ip;
	}
	fd = open_site(c->l, k, c->path, n, c->via_tracefs, err);
	if (fd < 0)
		return fd;
	u->cnt++; /* from here on close_sites undoes it */
	if ((ret = link_site(c->l, c->p, k, fd, id, c->cookies, err)))
		return ret;
	return 0;
}

/* How many single-character edits turn a into b (Levenshtein), capped:
 * names are short (provider and probe, 64 bytes each at most). */
static size_t edits(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[130];

	if (la > 128 || lb > 128)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* ", close: P:N, P:N" for the error of a probe that is not in the file:
 * the file's probes within a few edits of PROVIDER:NAME (the closest
 * first), or with the same name and another provider (at most 4, each
 * once). */
static void close_probes(const struct bl_usdt_file *f, const struct bl_usdt_target *t,
			 char *buf, size_t len)
{
	char want[130], have[130];
	size_t used = 0, shown = 0, limit;

	buf[0] = '\0';
	snprintf(want, sizeof(want), "%s:%s", t->provider, t->name);
	limit = strlen(want) / 3 > 2 ? strlen(want) / 3 : 2;
	for (size_t dist = 0; dist <= limit + 1; dist++)
		for (size_t i = 0; i < f->cnt && shown < 4 && used < len; i++) {
			const struct bl_usdt_note *n = &f->notes[i];
			bool seen = false;
			size_t d;

			for (size_t j = 0; j < i && !seen; j++)
				seen = !strcmp(f->notes[j].provider, n->provider) &&
				       !strcmp(f->notes[j].name, n->name);
			snprintf(have, sizeof(have), "%s:%s", n->provider, n->name);
			d = edits(want, have);
			if (d > limit) /* the same name, another provider: last */
				d = strcmp(n->name, t->name) ? SIZE_MAX : limit + 1;
			if (seen || d != dist)
				continue;
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 shown ? ", " : "; close: ", have);
			shown++;
		}
}

static void describe(struct bl_link *k, const struct ctx *c, const struct bl_usdt_target *t,
		     const struct bl_usdt_link *u, size_t semas)
{
	char line[PATH_MAX + 256];
	size_t n = strlen(c->path);

	snprintf(line, sizeof(line), "usdt %s%s:%s:%s (%zu site%s%s%s, %s, %s)",
		 n > 100 ? "..." : "", n > 100 ? c->path + n - 97 : c->path, t->provider, t->name,
		 u->cnt, u->cnt == 1 ? "" : "s", semas ? ", semaphore" : "",
		 c->l->attach_opts.uprobe_pid > 0 ? ", one process" : "",
		 c->via_tracefs ? "tracefs uprobe_events" : "uprobe PMU",
		 c->cookies ? "BPF links with cookies" : "perf ioctl, ip map");
	line[sizeof(k->what) - 1] = '\0';
	memcpy(k->what, line, sizeof(k->what));
}

static int attach_usdt(struct bl_object *l, struct bl_prog *p, struct bl_err *err)
{
	const char *text = p->spec->attach_target;
	struct ctx c = { .l = l, .p = p };
	struct bl_usdt_target t;
	struct bl_usdt_file f;
	struct bl_usdt_link *u;
	char path[PATH_MAX];
	size_t want = 0, semas = 0;
	int ret = 0;

	if (!text || !*text)
		text = l->attach_opts.usdt_target;
	if (!text || !*text)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s) names no probe: write SEC(\"usdt/PATH:PROVIDER:NAME\"), or give bpfload run --usdt PATH:PROVIDER:NAME",
				  p->spec->name, p->spec->section);
	if ((ret = bl_usdt_target_parse(text, &t, err)) ||
	    (ret = bl_uprobe_resolve_path(t.path, path, sizeof(path), err)))
		return fail(p, ret, err);
	c.specs = bl_object_find_map(l, SPECS_MAP);
	c.ips = bl_object_find_map(l, IP_MAP);
	if (!c.specs || !c.ips || c.specs->fd < 0 || c.ips->fd < 0)
		return bl_err_set(err, -EINVAL,
				  "program %s (section %s): the object has no maps %s and %s: include <bpf/usdt.bpf.h> (or bpf-progs' bpfload_usdt.h) to read USDT arguments",
				  p->spec->name, p->spec->section, SPECS_MAP, IP_MAP);
	if (c.specs->value_size != sizeof(struct bl_usdt_bpf_spec) || c.specs->key_size != 4 ||
	    c.ips->key_size != 8 || c.ips->value_size != 4)
		return bl_err_set(err, -EINVAL,
				  "program %s: map %s holds %u-byte values, not the %zu-byte struct __bpf_usdt_spec of libbpf's <bpf/usdt.bpf.h>",
				  p->spec->name, SPECS_MAP, c.specs->value_size,
				  sizeof(struct bl_usdt_bpf_spec));
	if ((ret = bl_usdt_file_read(path, &f, err)))
		return fail(p, ret, err);
	if (!f.arch || f.arch != bl_arch_native()) {
		bl_usdt_file_free(&f);
		return bl_err_set(err, -ENOEXEC, "program %s: %s is not a binary of this machine (%s)",
				  p->spec->name, path, f.arch ? f.arch->name : "unknown machine");
	}
	/* keep the sites of this probe only, at the front */
	for (size_t i = 0; i < f.cnt; i++)
		if (!strcmp(f.notes[i].provider, t.provider) && !strcmp(f.notes[i].name, t.name)) {
			f.notes[want++] = f.notes[i];
			semas += f.notes[i].sema != 0;
		}
	if (!want) {
		char close[300];

		close_probes(&f, &t, close, sizeof(close));
		ret = bl_err_set(err, -ENOENT,
				 "program %s (section %s): no USDT probe %s:%s in %s (bpfload list usdt %s%s)",
				 p->spec->name, p->spec->section, t.provider, t.name, path, path,
				 close);
		bl_usdt_file_free(&f);
		return ret;
	}
	u = calloc(1, sizeof(*u) + want * sizeof(u->sites[0]));
	if (u)
		u->ips = calloc(want, sizeof(*u->ips));
	if (!u || !u->ips) {
		free(u);
		bl_usdt_file_free(&f);
		return bl_err_set(err, -ENOMEM, "out of memory");
	}
	c.path = path;
	c.f = &f;
	c.via_tracefs = l->attach_opts.probe_mode == BL_PROBE_TRACEFS;
	if (!c.via_tracefs && !bl_uprobe_pmu_exists()) {
		if (l->attach_opts.probe_mode == BL_PROBE_PMU)
			ret = bl_err_set(err, -EOPNOTSUPP, "this kernel has no uprobe PMU; try --attach-mode tracefs");
		c.via_tracefs = true;
	}
	/* the program reads the cookie exactly when the kernel has them
	 * (LINUX_HAS_BPF_COOKIE, loader/load/kconfig.c): a cookie needs a
	 * BPF link */
	c.cookies = bl_kernel_has(BL_FEAT_BPF_COOKIE);
	if (!ret && c.cookies && l->attach_opts.no_bpf_link)
		ret = bl_err_set(err, -EOPNOTSUPP,
				 "this kernel has BPF cookies, which carry a USDT site's spec id and need BPF links: drop --no-bpf-link");
	u->ip_map_fd = c.cookies ? -1 : c.ips->fd;
	u->spec_first = next_spec_id(l);
	u->spec_cnt = (uint32_t)want;
	for (size_t i = 0; !ret && i < want; i++)
		ret = attach_site(&c, u, &f.notes[i], i, err);
	if (ret) {
		close_sites(l, u);
		bl_usdt_file_free(&f);
		return fail(p, ret, err);
	}
	p->link.usdt = u;
	describe(&p->link, &c, &t, u, semas);
	bl_usdt_file_free(&f);
	return 0;
}

static void detach_usdt(struct bl_object *l, struct bl_link *k)
{
	if (k->usdt)
		close_sites(l, k->usdt);
	k->usdt = NULL;
}

const struct bl_attach_provider bl_usdt_provider = { attach_usdt, detach_usdt };
