/* loader/cli/run.c — `bpfload run OBJ`: load, attach, stream what the
 * programs print, dump the maps, detach.
 *
 * The steps are named functions on one struct run_cmd, in the order
 * bl_cmd_run calls them; what is printed while the programs run, and the
 * loop that waits for it, are in run_stream.c. SIGINT, SIGTERM,
 * SIGHUP and SIGPIPE only set a flag (the one global variable bpfload
 * has): the loop then ends and the normal teardown runs. So does a
 * write to stdout that failed (ferror: a full disk, or the reader of a
 * pipe gone); the exit status is then 1 (stdout.c).
 */
#include "loader/cli/cli.h"
#include "loader/cli/help_text.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/value/btf_value.h"
#include "loader/cli/histogram.h"
#include "loader/cli/parse.h"
#include "loader/cli/pid_filter.h"
#include "loader/cli/run_stream.h"

static const char run_help[] =
	"usage: bpfload run OBJ [--duration SECONDS] [--attach-mode MODE] [--maxactive N]\n"
	"                       [--uprobe PATH:FUNC[+OFF]] [--usdt PATH:PROVIDER:NAME]\n"
	"                       [--pid PID | --cmd 'CMD ARGS']\n"
	"                       [--pin-path DIR] [--map NAME.FIELD=N]... [--prog NAME]...\n"
	"                       [--skip NAME]... [--all-alternatives] [--set NAME=VALUE]...\n"
	"                       [--event-type [MAP=]TYPE]... [--types FILE]\n"
	"                       [--interval SECONDS [--clear]]\n"
	"                       [--hist log2|linear] [--all-maps] [--top N]\n"
	"                       [--perf-pages N] [--no-multi-link]\n"
	"                       [--replace-target PROG_ID|PATH] [--json]\n\n"
	"Loads every program of OBJ, attaches each as its section name says\n"
	"(tracepoint/CAT/NAME, raw_tracepoint/NAME, kprobe/FUNC, tp_btf/NAME,\n"
	"fentry/FUNC, lsm/HOOK, ...), prints the lines its\n"
	"bpf_printk calls write to tracefs's trace_pipe and the records its\n"
	"programs send through ring buffers and perf buffers while it runs, and\n"
	"when stopped (Ctrl-C, SIGTERM, SIGHUP, or the end of --duration) prints\n"
	"the contents of every array and hash map and detaches everything.\n"
	"Hash maps come sorted; runs of zeros in arrays as one line.\n"
	"An object of maps and no programs: its maps are created and shown, and\n"
	"run ends there (pinned maps stay pinned).\n"
	"Of programs that implement one event by different mechanisms (tp_btf/X,\n"
	"raw_tp/X and tracepoint/CAT/X; fentry/F and kprobe/F; fexit/F and\n"
	"kretprobe/F), one is attached: the most preferred that loads and attaches\n"
	"(docs/alternatives.md); one line per such group says which and why.\n"
	"Iterators (iter/NAME) are read once, what they print shown; an object\n"
	"of iterators only then stops at once.\n"
	"Records, keys and values are decoded with the object's BTF (hex where it\n"
	"has no type for them); a map whose value is a struct with an array member\n"
	"named slots is drawn as a histogram, one per key.\n"
	"Needs root (or CAP_BPF and CAP_PERFMON).\n\n"
	"  -d, --duration SECONDS  stop after this long (default: until a signal)\n"
	"      --attach-mode MODE  how kprobes and uprobes are made: auto (the\n"
	"                          kprobe/uprobe PMU, or tracefs kprobe_events /\n"
	"                          uprobe_events where there is none), pmu, or tracefs\n"
	"      --maxactive N       kretprobe instances per function (tracefs only)\n"
	"      --uprobe PATH:FUNC[+OFF]\n"
	"                          where the programs of a bare SEC(\"uprobe\") or\n"
	"                          SEC(\"uretprobe\") go: FUNC (+OFF bytes) in the\n"
	"                          executable or library PATH (a bare name such as\n"
	"                          libc.so.6 or bash is searched for); PATH:PATTERN\n"
	"                          for a bare uprobe.multi\n"
	"      --usdt PATH:PROVIDER:NAME\n"
	"                          where the programs of a bare SEC(\"usdt\") go:\n"
	"                          every site of that USDT probe of PATH (bpfload\n"
	"                          list usdt PATH shows them; docs/usdt.md)\n"
	"      --no-multi-link     kprobe.multi, uprobe.multi: one probe per function\n"
	"  -p, --pid PID           only process PID: uprobes fire in it alone; the\n"
	"                          object's filter variable (the first it has of\n"
	"                          targ_tgid, target_tgid, targ_pid, target_pid,\n"
	"                          filter_pid, pid_target) is set to PID; without\n"
	"                          one, trace lines are shown when of PID or its\n"
	"                          threads, ring and perf buffer records when their\n"
	"                          tgid or pid member is PID\n"
	"  -c, --cmd 'CMD ARGS'    start CMD once everything is attached, follow it as\n"
	"                          --pid does, stop when it exits and say how it\n"
	"                          ended; split into words as a shell splits a simple\n"
	"                          command, not expanded (or: --cmd \"sh -c '...'\")\n"
	"      --event-type [MAP=]TYPE\n"
	"                          the struct of the records of ring and perf buffers\n"
	"                          (of MAP's only; repeatable), in the BTF or DWARF\n"
	"                          (default: event or data_t, else the one struct of\n"
	"                          the record's size; else hex)\n"
	"      --types FILE        the record types from FILE's BTF and DWARF instead\n"
	"      --interval SECONDS  print the maps every SECONDS while running, each\n"
	"                          time after a line with the time of day\n"
	"      --clear             empty the hash and array maps after each --interval\n"
	"                          print (hash entries deleted, array values zeroed)\n"
	"      --hist log2|linear  how histogram slots read (default log2, or linear\n"
	"                          when the value type's or map's name says linear)\n"
	"      --all-maps          also print the maps of global data (.rodata, .data,\n"
	"                          .bss, .kconfig, bpf_printk's .rodata.str1.1) and\n"
	"                          of USDT (__bpf_usdt_*), hidden by default\n"
	"      --top N             hash maps: the first N entries only (entries are\n"
	"                          sorted by value, largest first, when the value is\n"
	"                          one integer, else by key)\n"
	"      --perf-pages N      ring pages per CPU of each perf buffer, a power of\n"
	"                          2 (default 64, 256 KiB with 4 KiB pages: libbpf's\n"
	"                          usual size; more if records are lost)\n"
	BL_MAP_OPTIONS_HELP BL_PROG_OPTIONS_HELP BL_SET_HELP
	"      --json              one JSON object per line (types \"program\",\n"
	"                          \"attach\", \"alternatives\", \"trace\", \"event\",\n"
	"                          \"iter\", \"lost\", \"map_dump\", \"interval\", \"error\");\n"
	"                          records and map entries as typed JSON where the\n"
	"                          BTF has their type\n"
	"  -h, --help              this text\n";

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_stop_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void discard_line(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

/* What `run` was asked (its options) and what it has made so far; run_free
 * releases whatever is there, whatever step the command got to. */
struct run_cmd {
	struct bl_out o;
	struct bl_load_opts lo;
	struct bl_cli_sets sets;
	struct bl_attach_opts ao;
	struct bl_cli_events_opts eo;
	struct bl_dump_opts dump;
	struct bl_run_periodic pr;
	double duration;		/* --duration; 0: until a signal */
	int pid;			/* --pid, or the pid of --cmd's command; 0: none */
	const char *pid_var;		/* the object's filter variable set to pid */
	const char *cmd_str;		/* --cmd */
	struct bl_cli_command cmd;
	const char *path;		/* OBJ */
	struct bl_object_spec *obj;
	struct bl_object *l;
	struct bl_trace_pipe tp;
	struct bl_trace_comm comm;	/* names for trace_pipe's COMM column */
	struct bl_cli_events *ev;
	const char *types_file;		/* --types */
	struct bl_record_types *types;	/* where --event-type names are found */
};

static void run_free(struct run_cmd *c)
{
	bl_trace_pipe_close(&c->tp);
	bl_trace_comm_close(&c->comm);
	bl_cli_events_close(c->ev);
	c->ev = NULL;
	bl_close(c->l);
	c->l = NULL;
	bl_record_types_free(c->types); /* borrows c->obj's BTF */
	c->types = NULL;
	free(c->eo.map_types);
	c->eo.map_types = NULL;
	bl_object_spec_free(c->obj);
	c->obj = NULL;
	bl_cli_load_options_free(&c->lo);
	bl_cli_sets_free(&c->sets);
	bl_cli_command_free(&c->cmd);
}

static const struct option run_longopts[] = {
	{ "duration", required_argument, NULL, 'd' },
	{ "attach-mode", required_argument, NULL, 'A' },
	{ "maxactive", required_argument, NULL, 'M' },
	{ "uprobe", required_argument, NULL, 'U' },
	{ "usdt", required_argument, NULL, 'S' },
	{ "no-multi-link", no_argument, NULL, 'L' },
	{ "pid", required_argument, NULL, 'p' },
	{ "cmd", required_argument, NULL, 'c' },
	BL_CLI_LOAD_LONGOPTS,
	{ "event-type", required_argument, NULL, 'E' },
	{ "types", required_argument, NULL, 'T' },
	{ "interval", required_argument, NULL, 'I' },
	{ "clear", no_argument, NULL, 'C' },
	{ "hist", required_argument, NULL, 'H' },
	{ "perf-pages", required_argument, NULL, 'G' },
	{ "all-maps", no_argument, NULL, 'a' },
	{ "top", required_argument, NULL, 'N' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* --attach-mode, --maxactive, --uprobe, --usdt, --pid, --cmd: how to attach,
 * which process. */
static int attach_option(struct run_cmd *c, int opt, const char *arg)
{
	unsigned long v;

	switch (opt) {
	case 'A':
		if (!strcmp(arg, "auto"))
			c->ao.probe_mode = BL_PROBE_AUTO;
		else if (!strcmp(arg, "pmu"))
			c->ao.probe_mode = BL_PROBE_PMU;
		else if (!strcmp(arg, "tracefs"))
			c->ao.probe_mode = BL_PROBE_TRACEFS;
		else
			return bl_usage_error("run", "--attach-mode is auto, pmu or tracefs, not '%s'", arg);
		return 0;
	case 'M': /* the kernel takes at most 4096 (KRETPROBE_MAXACTIVE_MAX, trace_kprobe.c) */
		if (bl_cli_parse_uint(arg, 1, 4096, &v))
			return bl_usage_error("run", "--maxactive wants a number from 1 to 4096, not '%s'", arg);
		c->ao.kretprobe_maxactive = (unsigned)v;
		return 0;
	case 'U':
		c->ao.uprobe_target = arg;
		return 0;
	case 'S':
		c->ao.usdt_target = arg;
		return 0;
	case 'L':
		c->lo.no_multi_link = true;
		return 0;
	case 'c':
		c->cmd_str = arg;
		return 0;
	default: /* 'p' */
		if (bl_cli_parse_uint(arg, 1, 0x3fffffff, &v))
			return bl_usage_error("run", "--pid wants a process id > 0, not '%s'", arg);
		c->pid = c->ao.uprobe_pid = (int)v;
		return 0;
	}
}

/* --event-type [MAP=]TYPE: TYPE for every map, MAP=TYPE (repeated) for one. */
static int event_type_option(struct run_cmd *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char **n;

	if (!*arg || (eq && (eq == arg || !eq[1])))
		return bl_usage_error("run", "--event-type wants TYPE or MAP=TYPE, not '%s'", arg);
	if (!eq) {
		c->eo.event_type = arg;
		return 0;
	}
	n = realloc(c->eo.map_types, (c->eo.map_type_cnt + 1) * sizeof(*n));
	if (!n)
		return bl_usage_error("run", "out of memory");
	c->eo.map_types = n;
	n[c->eo.map_type_cnt++] = arg;
	return 0;
}

/* --event-type, --types, --interval, --clear, --hist, --perf-pages,
 * --all-maps, --top: what is printed. */
static int output_option(struct run_cmd *c, int opt, const char *arg)
{
	unsigned long v;

	switch (opt) {
	case 'E':
		return event_type_option(c, arg);
	case 'T':
		c->types_file = arg;
		return 0;
	case 'I':
		if (bl_cli_parse_seconds(arg, &c->pr.interval))
			return bl_usage_error("run", "--interval wants a number of seconds > 0, not '%s'", arg);
		return 0;
	case 'C':
		c->pr.clear = true;
		return 0;
	case 'a':
		c->dump.all_maps = true;
		return 0;
	case 'N':
		if (bl_cli_parse_uint(arg, 1, 1000000000, &v))
			return bl_usage_error("run", "--top wants a number of entries > 0, not '%s'", arg);
		c->dump.top = v;
		return 0;
	case 'H':
		if (!strcmp(arg, "log2"))
			c->dump.hist = BL_HIST_LOG2;
		else if (!strcmp(arg, "linear"))
			c->dump.hist = BL_HIST_LINEAR;
		else
			return bl_usage_error("run", "--hist is log2 or linear, not '%s'", arg);
		return 0;
	default: /* 'G': a power of 2 (the kernel's rule for the mmap of a perf
		  * event, minus the header page); 1 GiB per CPU at most */
		if (bl_cli_parse_uint(arg, 1, 262144, &v) || (v & (v - 1)))
			return bl_usage_error("run", "--perf-pages wants a power of 2 from 1 to 262144, not '%s'", arg);
		c->eo.perf_pages = (unsigned)v;
		return 0;
	}
}

/* --cmd: alone of --pid, split into words. */
static int command_option(struct run_cmd *c)
{
	char why[256];

	if (c->pid)
		return bl_usage_error("run", "--pid and --cmd do not go together: --cmd follows its command's process");
	if (bl_cli_command_split(&c->cmd, c->cmd_str, why, sizeof(why)))
		return bl_usage_error("run", "--cmd '%s': %s", c->cmd_str, why);
	return 0;
}

/* The options into c; 0, BL_EXIT_USAGE after saying why, or -1 after
 * --help (exit 0). */
static int parse_run_options(struct run_cmd *c, int argc, char **argv)
{
	int opt, ret = 0;

	optind = 1;
	opterr = 0; /* bl_unknown_option says it, with the command */
	while ((opt = getopt_long(argc, argv, ":d:p:c:jh", run_longopts, NULL)) != -1) {
		if (bl_cli_load_option("run", opt, optarg, &c->lo, &c->sets, &ret)) {
			if (ret)
				return BL_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'd':
			if (bl_cli_parse_seconds(optarg, &c->duration))
				ret = bl_usage_error("run", "--duration wants a number of seconds > 0, not '%s'", optarg);
			break;
		case 'A': case 'M': case 'U': case 'S': case 'p': case 'c': case 'L':
			ret = attach_option(c, opt, optarg);
			break;
		case 'E': case 'T': case 'I': case 'C': case 'H': case 'G': case 'a': case 'N':
			ret = output_option(c, opt, optarg);
			break;
		case 'j': c->o.json = true; break;
		case 'h': fputs(BL_HELP("run", run_help), stdout); return -1;
		case ':': return bl_usage_error("run", "option '%s' needs an argument", argv[optind - 1]);
		default: return bl_unknown_option("run", argv);
		}
		if (ret)
			return BL_EXIT_USAGE;
	}
	ret = bl_one_object("run", argc, argv, &c->path);
	if (!ret && c->pr.clear && !(c->pr.interval > 0))
		ret = bl_usage_error("run", "--clear needs --interval SECONDS");
	if (!ret && c->cmd_str)
		ret = command_option(c);
	return ret;
}

/* An --event-type name: in the types, and MAP= a buffer of the object. */
static int check_event_type(struct run_cmd *c, const char *arg)
{
	const char *eq = strchr(arg, '='), *name = eq ? eq + 1 : arg;
	const char *file = c->types_file ? c->types_file : c->path;
	struct bl_record_type t;
	struct bl_err err = { "" };
	int ret;

	if (eq) {
		char map[256];
		const struct bl_map_spec *m;

		snprintf(map, sizeof(map), "%.*s", (int)(eq - arg), arg);
		m = bl_object_spec_find_map(c->obj, map);
		if (!m || (m->type != BPF_MAP_TYPE_RINGBUF && m->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)) {
			bl_err_set(&err, 0, "%s: --event-type %s: %s", c->path, arg,
				   m ? "that map is not a ring buffer or perf event array" :
				       "the object has no map of that name");
			bl_print_error(&c->o, err.msg);
			return BL_EXIT_USAGE; /* a name the object does not have */
		}
	}
	ret = bl_record_type_find(c->types, name, &t, &err);
	if (ret == -ENOENT)
		bl_err_set(&err, 0, "%s: --event-type %s: no struct, union or typedef %s in the BTF or DWARF of %s%s",
			   c->path, arg, name, file,
#ifdef BL_NO_DWARF
			   " (" BL_NO_DWARF_HINT ")");
#else
			   bl_record_types_have_dwarf(c->types) ? "" : " (it has no DWARF: build it with clang -g, or see --types)");
#endif
	if (ret) {
		bl_print_error(&c->o, err.msg);
		return ret == -ENOENT ? BL_EXIT_USAGE : BL_EXIT_FAIL; /* -EINVAL: the DWARF */
	}
	return 0;
}

/* --cmd: its process, waiting to run (its pid is --pid's); --pid: the
 * process must be there. */
static int start_process(struct run_cmd *c)
{
	char why[256];
	struct bl_err err;

	if (c->cmd_str) {
		c->cmd.stdout_to_stderr = c->o.json;
		if (bl_cli_command_start(&c->cmd, why, sizeof(why))) {
			bl_err_set(&err, 0, "--cmd: %s", why);
			bl_print_error(&c->o, err.msg);
			return BL_EXIT_FAIL;
		}
		c->pid = c->ao.uprobe_pid = (int)c->cmd.pid;
	} else if (c->pid && kill(c->pid, 0) && errno == ESRCH) {
		bl_err_set(&err, 0, "--pid %d: no such process", c->pid);
		bl_print_error(&c->o, err.msg);
		return BL_EXIT_FAIL;
	}
	return 0;
}

/* --pid, --cmd: the object's filter variable set, else run filters trace
 * lines and records (pid_filter.c); one line says which. */
static int set_pid_filter(struct run_cmd *c)
{
	int ret = bl_cli_pid_set_var(&c->o, c->obj, c->pid, &c->pid_var);
	FILE *f = c->o.f;

	if (ret)
		return ret;
	if (!c->pid_var)
		c->eo.filter_pid = c->pid;
	if (c->o.json) {
		fprintf(f, "{\"type\":\"pid_filter\",\"pid\":%d,\"variable\":", c->pid);
		if (c->pid_var)
			bl_json_str(f, c->pid_var);
		else
			fputs("null", f);
		fputs("}\n", f);
	} else if (c->pid_var) {
		fprintf(f, "pid filter: %s = %d, the object's own filter\n", c->pid_var, c->pid);
	} else {
		fprintf(f, "pid filter: %d, by run: trace lines by their pid, records by a tgid or pid member (the object has no filter variable)\n",
			c->pid);
	}
	return 0;
}

/* Reads OBJ and sets its --set variables and --pid's; checks the names
 * of --map, --prog and --skip; opens the record types (the object's, or
 * --types FILE's) and checks the names of --event-type. */
static int read_object(struct run_cmd *c)
{
	struct bl_err err;
	int ret = bl_cli_read_object(&c->o, c->path, &c->sets, &c->obj);
	const struct bl_btf *btf;

	if (ret || (ret = bl_cli_check_names(&c->o, &c->lo, c->obj)) ||
	    (c->pid && (ret = set_pid_filter(c))))
		return ret;
	btf = c->obj->btf_fixed ? c->obj->btf_fixed : c->obj->btf;
	if (bl_record_types_open(c->types_file ? c->types_file : c->path,
				 c->types_file ? NULL : btf, &c->types, &err)) {
		struct bl_err e = err;

		bl_err_set(&err, 0, "%s%s", c->types_file ? "--types: " : "", e.msg);
		bl_print_error(&c->o, err.msg);
		return BL_EXIT_FAIL;
	}
	c->eo.types = c->types;
	c->eo.types_path = c->types_file ? c->types_file : c->path;
	if (c->eo.event_type && (ret = check_event_type(c, c->eo.event_type)))
		return ret;
	for (size_t i = 0; i < c->eo.map_type_cnt; i++)
		if ((ret = check_event_type(c, c->eo.map_types[i])))
			return ret;
	return 0;
}

/* Loads the programs and says which were loaded. */
static int load(struct run_cmd *c)
{
	struct bl_err err;
	int ret;

	/* A rejected program is reported with the end of its log only
	 * (bl_cli_report_rejected); JSON carries the whole log. */
	c->lo.log_tail_ok = !c->o.json;
	install_stop_handlers();
	ret = bl_load(c->obj, &c->lo, &c->l, &err);
	bl_cli_load_options_free(&c->lo);
	bl_cli_print_btf_source(&c->o, c->l);
	bl_cli_print_warnings(&c->o, c->l);
	if (ret) {
		bl_run_print_load_failure(&c->o, c->l, &err);
		return BL_EXIT_FAIL;
	}
	for (size_t i = 0; i < c->l->prog_cnt; i++)
		bl_run_print_loaded(&c->o, &c->l->progs[i]);
	return 0;
}

/* Whether the object prints to trace_pipe: bpf_printk is
 * bpf_trace_printk, or bpf_trace_vprintk with more than three arguments
 * (libbpf's bpf_helpers.h). trace_pipe takes one reader at a time, and
 * what other programs print there is not this run's: an object that
 * never prints leaves it alone. */
static bool prints_to_trace_pipe(const struct bl_object_spec *obj)
{
	return bl_object_spec_calls_helper(obj, BPF_FUNC_trace_printk) ||
	       bl_object_spec_calls_helper(obj, BPF_FUNC_trace_vprintk);
}

/* trace_pipe and the event readers, opened before attaching, so that no
 * early line or record is missed. */
static void open_streams(struct run_cmd *c)
{
	struct bl_err err;

	if (!prints_to_trace_pipe(c->obj)) {
		/* nothing to read there */
	} else if (bl_trace_pipe_open(&c->tp, &err)) {
		struct bl_err w;

		bl_err_set(&w, 0, "bpf_printk output will not be shown: %s", err.msg);
		bl_print_warning(&c->o, w.msg);
	} else {
		/* trace_pipe keeps what nobody has read yet, from any earlier
		 * bpf_printk: drop it, so that the output is this run's. */
		bl_trace_pipe_read(&c->tp, discard_line, NULL);
		/* without its recorder of names at exit, COMM comes from
		 * /proc and the kernel only: no need to say so */
		bl_trace_comm_open(&c->comm, &err);
	}
	c->ev = bl_cli_events_open(&c->o, c->l, &c->eo);
}

/* Attaches every program and says where; warns of an unused --uprobe or
 * --usdt. */
static int attach(struct run_cmd *c)
{
	struct bl_err err;

	if (bl_attach(c->l, &c->ao, &err)) {
		bl_print_error(&c->o, err.msg);
		return BL_EXIT_FAIL;
	}
	for (size_t i = 0; i < c->l->prog_cnt; i++)
		bl_run_print_attached(&c->o, &c->l->progs[i]);
	bl_cli_print_alt_choices(&c->o, c->l, true);
	bl_run_warn_unused_targets(&c->o, c->l, &c->ao, c->path);
	return 0;
}

/* --cmd: the line that says it starts. */
static void print_command_start(const struct run_cmd *c)
{
	if (c->o.json) {
		fprintf(c->o.f, "{\"type\":\"command\",\"pid\":%d,\"state\":\"started\",\"argv\":[",
			(int)c->cmd.pid);
		for (size_t i = 0; c->cmd.argv[i]; i++) {
			fputs(i ? "," : "", c->o.f);
			bl_json_str(c->o.f, c->cmd.argv[i]);
		}
		fputs("]}\n", c->o.f);
	} else {
		fprintf(c->o.f, "; command pid %d: %s", (int)c->cmd.pid, c->cmd_str);
	}
}

/* Until a signal, --duration or the end of --cmd's command: what the
 * programs print and send. */
static void run_stream(struct run_cmd *c)
{
	struct bl_run_follow fw = { c->pid_var ? 0 : c->pid, c->cmd_str ? &c->cmd : NULL };

	if (!c->o.json) {
		if (c->duration > 0)
			fprintf(c->o.f, "running for %g s", c->duration);
		else
			fputs("running", c->o.f);
	}
	if (c->cmd_str)
		print_command_start(c);
	if (!c->o.json)
		fputs("; Ctrl-C to stop\n", c->o.f);
	fflush(c->o.f);
	c->pr.l = c->l;
	if (c->cmd_str)
		bl_cli_command_release(&c->cmd);
	bl_run_stream(&stop_requested, &c->o, &c->tp, &c->comm, c->ev, c->duration, &c->pr, &fw);
	if (c->cmd_str)
		bl_cli_command_stop(&c->cmd);
}

/* The streams' last records, then the maps, then everything detached. */
static void *close_comm(void *comm)
{
	bl_trace_comm_close(comm);
	return NULL;
}

static void teardown(struct run_cmd *c)
{
	pthread_t t;
	bool threaded;

	bl_trace_pipe_close(&c->tp);
	bl_cli_events_close(c->ev);
	c->ev = NULL;
	bl_cli_command_print_end(&c->o, &c->cmd);
	bl_print_map_dumps(&c->o, c->l, &c->dump);
	/* The recorder of names is a tracepoint program too: closed beside
	 * the object's links, which bl_close closes side by side, since the
	 * last perf event of a tracepoint takes grace periods to close
	 * (docs/performance.md, "Loading"); one after the other they add up. */
	threaded = c->comm.perf_fd >= 0 && pthread_create(&t, NULL, close_comm, &c->comm) == 0;
	if (!threaded)
		bl_trace_comm_close(&c->comm);
	bl_close(c->l);
	c->l = NULL;
	if (threaded)
		pthread_join(t, NULL);
	if (!c->o.json)
		fprintf(c->o.f, "detached; %s\n", stop_requested ? "stopped by signal" : "done");
	fflush(c->o.f);
}

/* --cmd with an object that has nothing to wait for (maps only,
 * iterators only): the command does not run; say so. */
static void command_not_run(const struct run_cmd *c, const char *why)
{
	struct bl_err w;

	if (!c->cmd_str)
		return;
	bl_err_set(&w, 0, "--cmd: %s not run: %s", c->cmd.argv[0], why);
	bl_print_warning(&c->o, w.msg);
}

/* An object of maps and no programs: nothing to attach or stream; its
 * maps as made, their contents, and done (pinned ones stay pinned). */
static void maps_only(struct run_cmd *c)
{
	command_not_run(c, "the object has no programs");
	bl_print_maps_created(&c->o, c->l);
	bl_print_map_dumps(&c->o, c->l, &c->dump);
	bl_close(c->l);
	c->l = NULL;
	if (!c->o.json)
		fprintf(c->o.f, "%s: no programs: nothing to attach; done\n", c->path);
	fflush(c->o.f);
}

int bl_cmd_run(int argc, char **argv)
{
	struct run_cmd c = {
		.o = { false, stdout },
		.lo = { .keep_going = false, .log_level = 1 },
		.ao = { .probe_mode = BL_PROBE_AUTO },
		.dump = { BL_HIST_AUTO },
		.tp = { .fd = -1 },
		.comm = { .map_fd = -1, .prog_fd = -1, .perf_fd = -1 },
		.cmd = { .go_fd = -1 },
	};
	bool only_iterators = false;
	int ret;

	c.pr.dump = &c.dump;
	ret = parse_run_options(&c, argc, argv);
	if (ret < 0)
		ret = BL_EXIT_OK; /* --help */
	else if (!ret && !(ret = start_process(&c)) && !(ret = read_object(&c)) &&
		 !(ret = load(&c)) && !c.l->prog_cnt) {
		maps_only(&c);
	} else if (!ret) {
		open_streams(&c);
		ret = attach(&c);
		if (!ret && bl_cli_run_iterators(&c.o, c.l, &only_iterators))
			ret = BL_EXIT_FAIL;
		if (!ret) {
			if (!only_iterators) /* iterators alone: read, nothing to wait for */
				run_stream(&c);
			else
				command_not_run(&c, "the object's iterators were read once, nothing runs after");
			teardown(&c);
		}
	}
	run_free(&c);
	return ret;
}
