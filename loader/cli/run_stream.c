/* loader/cli/run_stream.c — what `bpfload run` shows while it runs: a
 * line per program loaded (or skipped, or an unused alternative) and per
 * attachment, the verifier's log of a program that failed, then the
 * stream: each line of tracefs's trace_pipe with its process name
 * (trace_comm.c), the records of the ring and perf buffers (events.c) and,
 * every --interval, the maps, in text or JSON (docs/json.md).
 *
 * The loop waits in poll(2) on trace_pipe and on the buffers, at most
 * 100 ms at a time, so that it notices the end of --duration, the
 * signals (run.c's flag) and the end of --cmd's command, and so that
 * perf buffer records under their ring's watermark come out too. */
#include "loader/cli/run_stream.h"

#include <poll.h>
#include <stdio.h>
#include <time.h>

#include "loader/cli/needs_kernel.h"
#include "loader/cli/pid_filter.h"

void bl_run_print_trace_line(const char *line, void *arg)
{
	struct bl_run_trace_out *to = arg;
	const struct bl_out *o = to->o;
	struct bl_trace_line t;
	bool parsed = bl_trace_line_parse(line, &t) == 0;
	const char *comm;

	if (parsed && to->pid > 0 && !bl_cli_pid_trace_match(t.pid, to->pid))
		return;
	comm = parsed ? bl_trace_comm_name(to->comm, t.pid, t.comm, NULL) : "";
	/* JSON: the kernel's trace clock where the line has its time, else
	 * the time bpfload read it (docs/json.md) */
	if (o->json) {
		fputs("{\"type\":\"trace\"", o->f);
		if (!parsed)
			fprintf(o->f, ",\"timestamp\":%.6f,\"clock\":\"monotonic\"", bl_cli_now());
		if (parsed) {
			fprintf(o->f, ",\"timestamp\":%.6f,\"clock\":\"trace\",\"cpu\":%d,\"pid\":%d,\"comm\":",
				t.timestamp, t.cpu, t.pid);
			bl_json_str(o->f, comm);
			fputs(",\"event\":", o->f);
			bl_json_str(o->f, t.event);
			fputs(",\"message\":", o->f);
			bl_json_str(o->f, t.message);
		}
		fputs(",\"line\":", o->f);
		bl_json_str(o->f, line);
		fputs("}\n", o->f);
	} else if (parsed) {
		if (!to->header_done)
			fprintf(o->f, "%12s %-16s %7s  %s\n", "TIME(s)", "COMM", "PID",
				"MESSAGE (trace_pipe)");
		to->header_done = true;
		fprintf(o->f, "%12.6f %-16s %7d  %s\n", t.timestamp, comm, t.pid, t.message);
	} else {
		fprintf(o->f, "%s\n", line);
	}
	fflush(o->f);
}

/* A program that did not load, of a group whose chosen rank did
 * (docs/alternatives.md): not the object's failure. */
static void print_unused(const struct bl_out *o, const struct bl_prog *p)
{
	char buf[BL_ERR_MAX];
	const char *why = bl_prog_outcome(p, buf, sizeof(buf));

	if (o->json) {
		fputs("{\"type\":\"program\",\"name\":", o->f);
		bl_json_str(o->f, p->spec->name);
		fputs(",\"loaded\":false,\"alternative\":\"unused\",\"reason\":", o->f);
		bl_json_str(o->f, why);
		fputs("}\n", o->f);
	} else {
		fprintf(o->f, "unused   %-24s %s (section %s; an alternative loaded)\n", p->spec->name,
			why, p->spec->section);
	}
}

void bl_run_print_loaded(const struct bl_out *o, const struct bl_prog *p)
{
	const char *type;

	if (p->state == BL_PROG_SKIPPED) {
		if (o->json) {
			fputs("{\"type\":\"program\",\"name\":", o->f);
			bl_json_str(o->f, p->spec->name);
			fputs(",\"skipped\":true}\n", o->f);
		} else {
			fprintf(o->f, "skipped  %s\n", p->spec->name);
		}
		return;
	}
	if (p->state != BL_PROG_LOADED) { /* an unused alternative */
		print_unused(o, p);
		return;
	}
	type = bl_prog_type_name(p->spec->def->prog_type);
	if (o->json) {
		fputs("{\"type\":\"program\",\"name\":", o->f);
		bl_json_str(o->f, p->spec->name);
		fprintf(o->f, ",\"id\":%u,\"prog_type\":\"%s\",\"insns\":%zu}\n", p->id, type,
			p->spec->insn_cnt);
	} else {
		fprintf(o->f, "loaded   %-24s id %-6u %s, %zu insns\n", p->spec->name, p->id, type,
			p->spec->insn_cnt);
	}
}

void bl_run_print_attached(const struct bl_out *o, const struct bl_prog *p)
{
	const char *what = p->link.what[0] ? p->link.what : "not attached (load only)";

	/* an alternative not attached: its group's line says why */
	if (p->state != BL_PROG_LOADED || (p->alt != BL_ALT_NONE && !p->link.what[0]))
		return;
	if (o->json) {
		fputs("{\"type\":\"attach\",\"program\":", o->f);
		bl_json_str(o->f, p->spec->name);
		fputs(",\"target\":", o->f);
		bl_json_str(o->f, what);
		fputs("}\n", o->f);
	} else {
		fprintf(o->f, "attached %-24s %s\n", p->spec->name, what);
	}
}

/* Shows why loading failed: the error, and the log of the program at fault. */
void bl_run_print_load_failure(const struct bl_out *o, const struct bl_object *l,
				const struct bl_err *err)
{
	bl_cli_print_load_error(o, l, err->msg);
	for (size_t i = 0; l && i < l->prog_cnt; i++) {
		const struct bl_prog *p = &l->progs[i];

		if (p->state != BL_PROG_REJECTED || !p->log || !bl_prog_failed(p))
			continue;
		if (o->json) {
			fputs("{\"type\":\"verifier_log\",\"program\":", o->f);
			bl_json_str(o->f, p->spec->name);
			fputs(",\"log\":", o->f);
			bl_json_str(o->f, p->log);
			fputs("}\n", o->f);
		} else {
			bl_cli_report_rejected(stderr, l, p);
		}
	}
}

/* --interval: the time of day, as bcc's tools print it, then the maps. */
static void print_interval(const struct bl_out *o, const struct bl_run_periodic *pr)
{
	time_t now = time(NULL);
	struct tm tm;
	char hms[16] = "";

#ifdef BL_STATIC_UTC
	/* The static build says UTC: musl's time-zone reader (TZ, zoneinfo
	 * files) would cost it 6 KB, and small boards mostly run in UTC, with
	 * no zoneinfo to read (docs/performance.md, size). */
	if (gmtime_r(&now, &tm))
#else
	if (localtime_r(&now, &tm))
#endif
		snprintf(hms, sizeof(hms), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
			 tm.tm_sec);	/* strftime's %H:%M:%S, without its 2.5 KB */
	if (o->json)
		fprintf(o->f, "{\"type\":\"interval\",\"time\":\"%s\",\"unix\":%lld}\n", hms,
			(long long)now);
	else
		fprintf(o->f, "\n%s\n", hms);
	bl_print_map_dumps(o, pr->l, pr->dump);
	if (pr->clear)
		bl_clear_maps(o, pr->l);
}

/* Streams trace_pipe and the records of ev until a signal, the deadline
 * (0: none) or the end of the command; prints the maps every
 * pr->interval seconds. */
void bl_run_stream(volatile sig_atomic_t *stop, const struct bl_out *o, struct bl_trace_pipe *tp, struct bl_trace_comm *comm,
		   struct bl_cli_events *ev, double duration, const struct bl_run_periodic *pr,
		   const struct bl_run_follow *fw)
{
	double deadline = duration > 0 ? bl_cli_now() + duration : 0;
	double next = pr->interval > 0 ? bl_cli_now() + pr->interval : 0;
	struct bl_run_trace_out to = { o, comm, false, fw->trace_pid };

	/* a write to stdout that failed (a full disk, a closed pipe) ends
	 * the run as a signal does; main.c's bl_cli_close_stdout says why */
	while (!*stop && !ferror(o->f) && !(fw->cmd && bl_cli_command_ended(fw->cmd))) {
		int timeout = 100;

		if (deadline) {
			double left = deadline - bl_cli_now();

			if (left <= 0)
				break;
			if (left < 0.1)
				timeout = (int)(left * 1000) + 1;
		}
		if (next) {
			double left = next - bl_cli_now();

			if (left <= 0) {
				print_interval(o, pr);
				next += pr->interval;
				continue;
			}
			if (left < timeout / 1000.0)
				timeout = (int)(left * 1000) + 1;
		}
		/* poll(2) skips an fd of -1 */
		struct pollfd pfd[2] = { { .fd = tp->fd, .events = POLLIN },
					 { .fd = bl_cli_events_fd(ev), .events = POLLIN } };

		if (poll(pfd, 2, timeout) > 0 && pfd[0].revents)
			bl_trace_pipe_read(tp, bl_run_print_trace_line, &to);
		bl_cli_events_print(ev);
	}
	if (tp->fd >= 0) /* what was printed just before the end */
		bl_trace_pipe_read(tp, bl_run_print_trace_line, &to);
	bl_cli_events_print(ev);
}
