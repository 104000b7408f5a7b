/* loader/cli/selftest.c — `bpfload selftest`: what this kernel offers
 * bpfload, one line per check, the first command to run on a new board.
 *
 * Every check asks the kernel itself, through the interfaces bpfload
 * uses (docs/kernel-interfaces.md): a tiny BPF_PROG_LOAD of each program
 * type (bpf(2) man page), BPF_MAP_CREATE of each map kind, a real attach
 * and detach of a tracepoint (perf_event_open(2) with
 * PERF_TYPE_TRACEPOINT, BPF_LINK_CREATE) and of a raw tracepoint
 * (BPF_RAW_TRACEPOINT_OPEN), the kprobe and uprobe PMUs
 * (/sys/bus/event_source/devices/{kprobe,uprobe}/type) and tracefs's
 * kprobe_events and uprobe_events (Documentation/trace/kprobetrace.rst,
 * uprobetracer.rst), the kernel's BTF (/sys/kernel/btf/vmlinux,
 * Documentation/bpf/btf.rst), bpffs, and the kernel's configuration
 * (/proc/config.gz or /boot/config-RELEASE). Everything it creates is
 * closed before it returns: programs, maps and links go with their fds;
 * when tracefs is not mounted, it is mounted on a private directory for
 * the checks and unmounted again.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arch/arch.h"
#include "elf/btf/btf.h"
#include "loader/load/internal.h"
#include "loader/load/pin.h"
#include "loader/attach/probe.h"
#include "loader/sys/sys.h"
#include "loader/attach/uprobe.h"
#include "output.h"

#ifndef BPF_MAP_TYPE_RINGBUF
#define BPF_MAP_TYPE_RINGBUF 27
#endif
#ifndef BPF_PERF_EVENT
#define BPF_PERF_EVENT 41
#endif

static const char selftest_help[] =
	"usage: bpfload selftest [--json]\n\n"
	"Checks what the running kernel offers bpfload and prints one line per\n"
	"check: its name, ok / missing / unknown / info, and what it means here.\n"
	"It loads tiny programs, creates maps, attaches a tracepoint and a raw\n"
	"tracepoint for a moment, and reads the kprobe and uprobe PMUs, tracefs,\n"
	"BTF, bpffs and the kernel's configuration; it leaves nothing behind.\n"
	"Run it as root, as bpfload runs.\n\n"
	"  --json      one JSON object per line: a \"check\" per check, then a\n"
	"              \"selftest\" summary\n"
	"  -h, --help  this text\n\n"
	"exit status: 0 when the essentials work (bpf(2), maps, and a tracepoint\n"
	"or raw tracepoint attach), 1 otherwise, 2 on wrong usage\n";

enum status { ST_OK, ST_MISSING, ST_UNKNOWN, ST_INFO };
static const char *const status_names[] = { "ok", "missing", "unknown", "info" };

#define MAX_CHECKS 48

struct check {
	char name[32];
	enum status st;
	char detail[320];
};

struct selftest {
	struct check c[MAX_CHECKS];
	size_t n;
	char tracefs[256];	/* "" when neither mounted nor mountable */
	char tmp_mount[64];	/* our private tracefs mount, "" when none */
	bool bpf_ok;
};

static enum status add(struct selftest *t, const char *name, enum status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum status add(struct selftest *t, const char *name, enum status st, const char *fmt, ...)
{
	struct check *c;
	va_list ap;

	if (t->n == MAX_CHECKS)
		return st;
	c = &t->c[t->n++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->st = st;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	return st;
}

static const char *err_name(int neg, char eb[16])
{
	return bl_errno_name(-neg, eb);
}

/* --- the kernel and the machine ---------------------------------------- */

static void check_kernel(struct selftest *t)
{
	struct utsname u;
	uint32_t v = bl_running_kernel_version();
	const struct bl_arch *a = bl_arch_native();

	if (uname(&u)) {
		add(t, "kernel", ST_UNKNOWN, "uname failed");
		return;
	}
	add(t, "kernel", ST_INFO, "Linux %s (%u.%u.%u)", u.release, v >> 16, (v >> 8) & 0xff,
	    v & 0xff);
	if (a)
		add(t, "arch", ST_OK, "%s: bpfload knows its pt_regs and system call numbers "
		    "(bpfload regs, bpfload syscall)", u.machine);
	else
		add(t, "arch", ST_MISSING, "%s: bpfload has no register tables for it: kprobe "
		    "argument macros and system call names do not work", u.machine);
}

/* CapEff of /proc/self/status: CAP_SYS_ADMIN 21, CAP_PERFMON 38, CAP_BPF 39. */
static void check_privileges(struct selftest *t)
{
	unsigned long long caps = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	int unpriv = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	if (f)
		fclose(f);
	if ((f = fopen("/proc/sys/kernel/unprivileged_bpf_disabled", "re"))) {
		if (fscanf(f, "%d", &unpriv) != 1)
			unpriv = -1;
		fclose(f);
	}
	if (geteuid() == 0)
		add(t, "privileges", ST_OK, "root (euid 0)");
	else if ((caps >> 21 & 1) || ((caps >> 38 & 1) && (caps >> 39 & 1)))
		add(t, "privileges", ST_OK, "not root, but CAP_SYS_ADMIN or CAP_BPF and CAP_PERFMON");
	else
		add(t, "privileges", ST_MISSING, "not root and no CAP_BPF/CAP_PERFMON: loading tracing "
		    "programs needs them (kernel.unprivileged_bpf_disabled=%d)", unpriv);
}

/* --- bpf(2) --------------------------------------------------------------- */

/* r0 = 0; exit */
static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int load(enum bpf_prog_type type, const char *name)
{
	struct bl_prog_load_args a = {
		.type = type, .name = name, .insns = ret0, .insn_cnt = 2,
		.license = "GPL", .prog_btf_fd = -1,
		.kern_version = bl_running_kernel_version(),
	};

	return bl_sys_prog_load(&a);
}

static void check_bpf(struct selftest *t)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	char eb[16];
	int fd = load(BPF_PROG_TYPE_SOCKET_FILTER, "bl_st_socket");

	if (fd == -ENOSYS) {
		add(t, "bpf", ST_MISSING, "no bpf(2) system call (CONFIG_BPF_SYSCALL is off): "
		    "nothing bpfload loads can work");
		return;
	}
	if (fd < 0) {
		add(t, "bpf", ST_MISSING, "BPF_PROG_LOAD of a 2-instruction socket filter: %s%s",
		    err_name(fd, eb), fd == -EPERM ? " (run as root)" : "");
		return;
	}
	t->bpf_ok = true;
	add(t, "bpf", ST_OK, "BPF_PROG_LOAD of a 2-instruction socket filter: programs load");
	memset(&info, 0, sizeof(info));
	if (bl_sys_obj_info(fd, &info, &len) == 0 && info.jited_prog_len)
		add(t, "jit", ST_OK, "programs are compiled to machine code (%u bytes for 2 insns)",
		    info.jited_prog_len);
	else
		add(t, "jit", ST_MISSING, "programs are interpreted, slower (CONFIG_BPF_JIT, "
		    "net.core.bpf_jit_enable)");
	close(fd);

	fd = bl_sys_map_create(BPF_MAP_TYPE_ARRAY, "bl_st_array", 4, 8, 1, 0);
	if (fd < 0) {
		add(t, "maps", ST_MISSING, "BPF_MAP_CREATE of an array: %s", err_name(fd, eb));
	} else {
		add(t, "maps", ST_OK, "BPF_MAP_CREATE of an array: maps and global variables work");
		close(fd);
	}
}

static void check_btf(struct selftest *t)
{
	static const char path[] = "/sys/kernel/btf/vmlinux";
	FILE *f = fopen(path, "re");
	unsigned char *data = NULL, *grown;
	size_t len = 0, cap = 0, n;
	struct bl_btf *btf = NULL;
	struct bl_err e;
	unsigned missing;
	char eb[16];

	if (!f) {
		add(t, "btf", ST_MISSING, "no %s (%s; CONFIG_DEBUG_INFO_BTF): CO-RE programs need "
		    "--btf FILE", path, bl_errno_name(errno, eb));
	} else {
		do {
			if (len == cap) {
				if (!(grown = realloc(data, cap = cap ? 2 * cap : 1 << 20)))
					break;
				data = grown;
			}
			n = fread(data + len, 1, cap - len, f);
			len += n;
		} while (n > 0);
		fclose(f);
		if (bl_btf_parse(data, len, path, &btf, &e) == 0) {
			add(t, "btf", ST_OK, "%s: %u types: CO-RE relocations resolve against it", path,
			    bl_btf_type_cnt(btf));
			bl_btf_free(btf);
		} else {
			add(t, "btf", ST_MISSING, "%s does not parse: %s", path, e.msg);
		}
		free(data);
	}
	if (!t->bpf_ok)
		return;
	missing = bl_btf_missing_features();
	if (!missing)
		add(t, "btf-load", ST_OK, "BPF_BTF_LOAD takes every BTF kind clang emits");
	else if (missing == BL_BTF_ALL)
		add(t, "btf-load", ST_MISSING, "BPF_BTF_LOAD refuses even a FUNC: programs load "
		    "without their BTF (no func_info, line_info, typed maps)");
	else
		add(t, "btf-load", ST_OK, "BPF_BTF_LOAD lacks some kinds (mask 0x%x of "
		    "enum bl_btf_feature): bpfload rewrites them before loading", missing);
}

/* --- tracefs and attaching --------------------------------------------- */

static bool proc_filesystems_has(const char *fs)
{
	char line[128], name[64];
	FILE *f = fopen("/proc/filesystems", "re");
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "nodev %63s", name) == 1 && !strcmp(name, fs);
	if (f)
		fclose(f);
	return found;
}

static void check_tracefs(struct selftest *t)
{
	char eb[16];

	if (bl_tracefs_find(t->tracefs, sizeof(t->tracefs)) == 0) {
		add(t, "tracefs", ST_OK, "mounted at %s: trace_pipe, events/*/id", t->tracefs);
		return;
	}
	t->tracefs[0] = '\0';
	if (!proc_filesystems_has("tracefs")) {
		add(t, "tracefs", ST_MISSING, "the kernel has no tracefs (CONFIG_FTRACE): no "
		    "tracepoints, bpf_printk output or probe events");
		return;
	}
	snprintf(t->tmp_mount, sizeof(t->tmp_mount), "/tmp/bpfload-selftest.XXXXXX");
	if (!mkdtemp(t->tmp_mount)) {
		t->tmp_mount[0] = '\0';
		add(t, "tracefs", ST_UNKNOWN, "not mounted; cannot make a directory to try: %s",
		    bl_errno_name(errno, eb));
		return;
	}
	if (mount("tracefs", t->tmp_mount, "tracefs", 0, NULL) != 0) {
		int e = errno;

		rmdir(t->tmp_mount);
		t->tmp_mount[0] = '\0';
		add(t, "tracefs", ST_MISSING, "not mounted, and mounting it fails (%s): run as root "
		    "or mount -t tracefs tracefs /sys/kernel/tracing", bl_errno_name(e, eb));
		return;
	}
	snprintf(t->tracefs, sizeof(t->tracefs), "%s", t->tmp_mount);
	add(t, "tracefs", ST_OK, "not mounted, but mountable: bpfload mounts it on "
	    "/sys/kernel/tracing when a run needs it");
}

static void tracefs_done(struct selftest *t)
{
	if (!t->tmp_mount[0])
		return;
	umount2(t->tmp_mount, MNT_DETACH);
	rmdir(t->tmp_mount);
}

static int tracepoint_id(const struct selftest *t, const char *tp)
{
	char path[512];
	int id = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "%s/events/%s/id", t->tracefs, tp);
	if ((f = fopen(path, "re"))) {
		if (fscanf(f, "%d", &id) != 1)
			id = -EINVAL;
		fclose(f);
	}
	return id;
}

/* A tracepoint program on sched/sched_switch, attached for a moment:
 * through a BPF link (5.15), else PERF_EVENT_IOC_SET_BPF. */
static void check_tracepoint(struct selftest *t, bool *attached)
{
	static const char tp[] = "sched/sched_switch";
	struct perf_event_attr attr;
	int prog, pfd, link, id;
	char eb[16];

	prog = load(BPF_PROG_TYPE_TRACEPOINT, "bl_st_tp");
	if (prog < 0) {
		add(t, "tracepoints", ST_MISSING, "BPF_PROG_LOAD of a tracepoint program: %s "
		    "(CONFIG_BPF_EVENTS)", err_name(prog, eb));
		return;
	}
	if (!t->tracefs[0] || (id = tracepoint_id(t, tp)) < 0) {
		add(t, "tracepoints", ST_MISSING, "tracepoint programs load, but %s has no "
		    "events/%s/id to attach them to", t->tracefs[0] ? t->tracefs : "(no tracefs)", tp);
		close(prog);
		return;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = (uint64_t)id;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	pfd = bl_sys_perf_event_open(&attr, -1, 0, -1, 0);
	if (pfd < 0) {
		add(t, "tracepoints", ST_MISSING, "perf_event_open(PERF_TYPE_TRACEPOINT, %s): %s", tp,
		    err_name(pfd, eb));
		close(prog);
		return;
	}
	link = bl_sys_link_create(prog, pfd, BPF_PERF_EVENT);
	if (link >= 0) {
		add(t, "tracepoints", ST_OK, "attached a program to %s and detached it", tp);
		add(t, "links", ST_OK, "BPF_LINK_CREATE on a perf event: attachments are BPF links "
		    "(bpftool link shows them)");
		*attached = true;
		close(link);
	} else if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog) == 0) {
		add(t, "tracepoints", ST_OK, "attached a program to %s with PERF_EVENT_IOC_SET_BPF "
		    "and detached it", tp);
		add(t, "links", ST_MISSING, "BPF_LINK_CREATE on a perf event: %s (Linux 5.15): "
		    "bpfload attaches with PERF_EVENT_IOC_SET_BPF instead", err_name(link, eb));
		*attached = true;
	} else {
		add(t, "tracepoints", ST_MISSING, "attaching to %s: BPF_LINK_CREATE %s, "
		    "PERF_EVENT_IOC_SET_BPF %s", tp, err_name(link, eb), strerror(errno));
	}
	close(pfd);
	close(prog);
}

static void check_raw_tracepoint(struct selftest *t, bool *attached)
{
	int prog = load(BPF_PROG_TYPE_RAW_TRACEPOINT, "bl_st_raw_tp"), fd;
	char eb[16];

	if (prog < 0) {
		add(t, "raw-tracepoints", ST_MISSING, "BPF_PROG_LOAD of a raw tracepoint program: %s "
		    "(Linux 4.17)", err_name(prog, eb));
		return;
	}
	fd = bl_sys_raw_tracepoint_open("sched_switch", prog);
	if (fd >= 0) {
		add(t, "raw-tracepoints", ST_OK, "BPF_RAW_TRACEPOINT_OPEN of sched_switch: attached "
		    "and detached");
		*attached = true;
		close(fd);
	} else {
		add(t, "raw-tracepoints", ST_MISSING, "BPF_RAW_TRACEPOINT_OPEN of sched_switch: %s",
		    err_name(fd, eb));
	}
	close(prog);
}

static bool tracefs_has(const struct selftest *t, const char *file)
{
	char path[512];

	if (!t->tracefs[0])
		return false;
	snprintf(path, sizeof(path), "%s/%s", t->tracefs, file);
	return access(path, F_OK) == 0;
}

/* One kind of dynamic probe: its perf PMU (sysfs, Linux 4.17), else its
 * tracefs events file (the older interface bpfload falls back to). */
static void check_probe_kind(struct selftest *t, const char *kind, const char *configs,
			     const char *programs, const char *else_use)
{
	char pmu[64], events_file[32];
	int type;
	bool events;

	snprintf(pmu, sizeof(pmu), "/sys/bus/event_source/devices/%.6s", kind);
	snprintf(events_file, sizeof(events_file), "%.6s_events", kind);
	type = bl_probe_pmu_type(pmu);
	events = tracefs_has(t, events_file);
	if (type >= 0)
		add(t, kind[0] == 'k' ? "kprobes" : "uprobes", ST_OK, "%s PMU (perf type %d)%s%s: %s "
		    "programs attach", kind, type, events ? ", and tracefs " : "",
		    events ? events_file : "", programs);
	else if (events)
		add(t, kind[0] == 'k' ? "kprobes" : "uprobes", ST_OK, "no %s PMU, but tracefs %s: "
		    "%ss are made there (--attach-mode tracefs)", kind, events_file, kind);
	else
		add(t, kind[0] == 'k' ? "kprobes" : "uprobes", ST_MISSING, "no %s PMU and no %s "
		    "(%s): %s programs cannot attach%s", kind, events_file, configs, programs,
		    else_use);
}

static void check_probes(struct selftest *t)
{
	check_probe_kind(t, "kprobe", "CONFIG_KPROBES, CONFIG_KPROBE_EVENTS",
			 "kprobe/kretprobe/ksyscall", "; use tracepoints");
	check_probe_kind(t, "uprobe", "CONFIG_UPROBE_EVENTS", "uprobe/uretprobe", "");
}

/* --- buffers and bpffs ------------------------------------------------- */

static void check_buffers(struct selftest *t)
{
	long page = sysconf(_SC_PAGESIZE);
	struct perf_event_attr attr;
	int fd, ev, key = 0, ret;
	char eb[16];

	fd = bl_sys_map_create(BPF_MAP_TYPE_RINGBUF, "bl_st_ringbuf", 0, 0, (uint32_t)page, 0);
	if (fd >= 0) {
		add(t, "ringbuf", ST_OK, "BPF_MAP_CREATE of a ring buffer: bpf_ringbuf_* records");
		close(fd);
	} else {
		add(t, "ringbuf", ST_MISSING, "BPF_MAP_CREATE of a ring buffer: %s (Linux 5.8): use "
		    "perf buffers", err_name(fd, eb));
	}

	fd = bl_sys_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "bl_st_perfbuf", 4, 4, 1, 0);
	if (fd < 0) {
		add(t, "perfbuf", ST_MISSING, "BPF_MAP_CREATE of a perf event array: %s",
		    err_name(fd, eb));
		return;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	ev = bl_sys_perf_event_open(&attr, -1, 0, -1, 0);
	if (ev < 0) {
		add(t, "perfbuf", ST_MISSING, "perf_event_open of PERF_COUNT_SW_BPF_OUTPUT: %s",
		    err_name(ev, eb));
	} else {
		ret = bl_sys_map_update(fd, &key, &ev, BPF_ANY);
		if (ret == 0)
			add(t, "perfbuf", ST_OK, "a PERF_COUNT_SW_BPF_OUTPUT event in a perf event "
			    "array: bpf_perf_event_output records");
		else
			add(t, "perfbuf", ST_MISSING, "BPF_MAP_UPDATE_ELEM of a perf event array: %s",
			    err_name(ret, eb));
		close(ev);
	}
	close(fd);
}

static void check_bpffs(struct selftest *t)
{
	if (bl_in_bpffs(BL_PIN_DEFAULT_DIR))
		add(t, "bpffs", ST_OK, "%s is a BPF file system: maps can be pinned",
		    BL_PIN_DEFAULT_DIR);
	else if (proc_filesystems_has("bpf"))
		add(t, "bpffs", ST_MISSING, "%s is not mounted: pinning needs mount -t bpf bpf %s",
		    BL_PIN_DEFAULT_DIR, BL_PIN_DEFAULT_DIR);
	else
		add(t, "bpffs", ST_MISSING, "the kernel has no bpf file system: maps cannot be pinned");
}

/* --- the kernel's configuration ---------------------------------------- */

static const struct {
	const char *name;
	const char *what;
} options[] = {
	{ "CONFIG_BPF_SYSCALL", "the bpf(2) system call" },
	{ "CONFIG_BPF_JIT", "programs compiled to machine code" },
	{ "CONFIG_DEBUG_INFO_BTF", "/sys/kernel/btf/vmlinux, for CO-RE" },
	{ "CONFIG_BPF_EVENTS", "BPF programs on tracepoints, kprobes, uprobes" },
	{ "CONFIG_PERF_EVENTS", "perf_event_open(2): attaching, perf buffers" },
	{ "CONFIG_FTRACE", "tracefs and trace_pipe" },
	{ "CONFIG_FTRACE_SYSCALLS", "the syscalls/ tracepoints" },
	{ "CONFIG_KPROBES", "kprobes" },
	{ "CONFIG_KPROBE_EVENTS", "kprobe PMU and kprobe_events" },
	{ "CONFIG_UPROBES", "uprobes" },
	{ "CONFIG_UPROBE_EVENTS", "uprobe PMU and uprobe_events" },
};

static const char *config_value(const char *text, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, name, n) && l[n] == '=') {
			snprintf(buf, len, "%.*s", (int)strcspn(l + n + 1, "\n"), l + n + 1);
			return buf;
		}
	return NULL;
}

static void check_config(struct selftest *t)
{
	char used[512], val[64];
	size_t len = 0;
	char *text = bl_kconfig_text(NULL, used, sizeof(used), &len);

	if (!text) {
		add(t, "kconfig", ST_UNKNOWN, "no kernel configuration (%s): CONFIG_* options "
		    "cannot be shown, and CONFIG_* __kconfig externs need --kconfig FILE", used);
		return;
	}
	add(t, "kconfig", ST_INFO, "from %s", used);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		const char *v = config_value(text, options[i].name, val, sizeof(val));

		if (v && (!strcmp(v, "y") || !strcmp(v, "m")))
			add(t, options[i].name, ST_OK, "=%s: %s", v, options[i].what);
		else
			add(t, options[i].name, ST_MISSING, "not set: no %s", options[i].what);
	}
	free(text);
}

/* --- output ------------------------------------------------------------ */

static bool status_of(const struct selftest *t, const char *name, enum status st)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].name, name))
			return t->c[i].st == st;
	return false;
}

static void print(const struct bl_out *o, const struct selftest *t, bool essentials)
{
	size_t cnt[4] = { 0 };

	for (size_t i = 0; i < t->n; i++)
		cnt[t->c[i].st]++;
	if (!o->json)
		fprintf(o->f, "%-22s %-8s %s\n", "CHECK", "STATUS", "WHAT IT MEANS HERE");
	for (size_t i = 0; i < t->n; i++) {
		const struct check *c = &t->c[i];

		if (!o->json) {
			fprintf(o->f, "%-22s %-8s %s\n", c->name, status_names[c->st], c->detail);
			continue;
		}
		fputs("{\"type\":\"check\",\"name\":", o->f);
		bl_json_str(o->f, c->name);
		fputs(",\"status\":", o->f);
		bl_json_str(o->f, status_names[c->st]);
		fputs(",\"detail\":", o->f);
		bl_json_str(o->f, c->detail);
		fputs("}\n", o->f);
	}
	if (o->json)
		fprintf(o->f, "{\"type\":\"selftest\",\"essentials\":%s,\"ok\":%zu,\"missing\":%zu,"
			"\"unknown\":%zu}\n", essentials ? "true" : "false", cnt[ST_OK],
			cnt[ST_MISSING], cnt[ST_UNKNOWN]);
	else
		fprintf(o->f, "%s: %zu ok, %zu missing, %zu unknown\n",
			essentials ? "essentials ok (bpf, maps, attaching): bpfload can run tracing programs here"
				   : "essentials missing: bpfload cannot run tracing programs here",
			cnt[ST_OK], cnt[ST_MISSING], cnt[ST_UNKNOWN]);
}

int bl_cmd_selftest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct bl_out o = { .json = false, .f = stdout };
	struct selftest *t;
	bool attached = false, essentials;
	int opt;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': o.json = true; break;
		case 'h': fputs(selftest_help, stdout); return BL_EXIT_OK;
		default: return bl_unknown_option("selftest", argv);
		}
	}
	if (optind < argc)
		return bl_usage_error("selftest", "unexpected argument '%s'", argv[optind]);
	if (!(t = calloc(1, sizeof(*t)))) {
		bl_print_error(&o, "selftest: out of memory");
		return BL_EXIT_FAIL;
	}
	check_kernel(t);
	check_privileges(t);
	check_bpf(t);
	check_btf(t);
	check_tracefs(t);
	if (t->bpf_ok) {
		check_tracepoint(t, &attached);
		check_raw_tracepoint(t, &attached);
	}
	check_probes(t);
	if (t->bpf_ok)
		check_buffers(t);
	check_bpffs(t);
	check_config(t);
	tracefs_done(t);

	essentials = t->bpf_ok && status_of(t, "maps", ST_OK) && attached;
	print(&o, t, essentials);
	free(t);
	return essentials ? BL_EXIT_OK : BL_EXIT_FAIL;
}
