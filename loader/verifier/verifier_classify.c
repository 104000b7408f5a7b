/* loader/verifier/verifier_classify.c — the error at the end of a verifier log,
 * sorted into a class with a hint.
 *
 * The verifier (kernel/bpf/verifier.c) prints the instructions it walks,
 * then on error one or a few lines of explanation, then the statistics
 * ("processed N insns ..."; kernel/bpf/verifier.c print_verification_stats).
 * The explanation is what is matched here: the lines after the last
 * instruction ("12: (85) call ..."), state ("12: R0=...") or source
 * ("; x = y") line, with the statistics left out. The patterns are the
 * kernel's format strings, cut before their first conversion, so that
 * they match every kernel version that prints them.
 */
#include "verifier_classify.h"
#include "elf/helper_names.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

/* libbpf's poison for an unresolved CO-RE relocation: call 0xbad2310. */
#define CORE_POISON_ID 195896080

struct klass {
	const char *id, *title, *hint;
	const char *patterns[8];	/* NULL-terminated */
};

/* In priority order: the first class with a pattern in the explanation wins. */
static const struct klass classes[] = {
	{ "core-poison", "a CO-RE relocation could not be resolved on this kernel",
	  "the field, type or enum the program names through CO-RE does not exist in this kernel's BTF; guard it with bpf_core_field_exists()/bpf_core_type_exists() or use another field on this kernel",
	  { "unknown#195896080", "bad CO-RE relocation", "poisoned" } },
	{ "kfunc-poison", "a call of a __weak kfunc this kernel does not have, on a reachable path",
	  "call it only inside `if (bpf_ksym_exists(kfunc))`: the loader turns a missing __weak kfunc's call into helper 2002000000 + N (libbpf's number), which the verifier accepts only where it can prove it unreachable",
	  { "unknown#2002" } },
	/* BTF-attached programs (loader/verifier/btf_attach_why.c says more):
	 * the verifier's words from bpf_check_attach_target and
	 * check_attach_btf_id; and bpfload's own line where the kernel
	 * refused with EPERM and an empty log (loader/load/prog_load.c). */
	{ "attach-target", "the function the section names cannot take this kind of program",
	  "pick another function, or another kind: kprobe/FUNCTION or kretprobe/FUNCTION attach where fentry and fexit cannot, fexit/FUNCTION sees the return value that fmod_ret may not change",
	  { "The address of function ", "Attaching tracing programs to function", "__noreturn function",
	    "is not modifiable", " is not sleepable" } },
	{ "no-trampoline", "the kernel refused a program that needs a BPF trampoline",
	  "fentry, fexit, fmod_ret, lsm and freplace programs run from BPF trampolines; on this kernel use kprobe/FUNCTION for fentry, kretprobe/FUNCTION for fexit, or a tracepoint",
	  { "run from a BPF trampoline" } },
	{ "gpl-only", "a GPL-only helper called from a program whose license is not GPL-compatible",
	  "set the license section to \"GPL\" (or \"Dual BSD/GPL\"...): char _license[] SEC(\"license\") = \"GPL\";",
	  { "cannot call GPL-restricted function" } },
	{ "unknown-helper", "a helper this kernel does not have",
	  "the helper is newer than the running kernel (or the call's id is wrong); use an older helper or a newer kernel",
	  { "invalid func unknown#", "unknown func " } },
	{ "helper-not-allowed", "a helper this program type may not call",
	  "each program type has its own set of helpers (see bpf-helpers(7)); use a helper of this type, or a program type that has this one",
	  { "cannot use helper", "helper call is not allowed", "not allowed in this context",
	    "is not allowed in this prog type", "calling kernel function" } },
	{ "unreleased-ref", "a reference acquired and not released on some path",
	  "every path to exit must release what it acquired: bpf_ringbuf_submit()/bpf_ringbuf_discard() after bpf_ringbuf_reserve(), bpf_sk_release() after a socket lookup",
	  { "Unreleased reference", "reference leak" } },
	{ "func-info", "a subprogram or callback the verifier cannot check without BTF",
	  "build with clang -g so the object has .BTF and .BTF.ext (func_info), and keep subprograms to 5 arguments",
	  { "missing btf func_info", "too many arguments", "Caller passes invalid args", "func_info",
	    "Global function" } },
	{ "too-large", "the verifier walked more instructions than its limit (1 million)",
	  "bound loops with a small constant, split the program (tail calls, bpf_loop()), or move work out of inner loops",
	  { "BPF program is too large" } },
	{ "complexity", "the program has too many paths or states to verify",
	  "reduce branching (fewer conditions inside loops), mark helper results with explicit bounds, or split the program",
	  { "is too complex", "too many states", "complexity limit" } },
	{ "infinite-loop", "a loop the verifier cannot see ending",
	  "give every loop a bound the verifier can track (a counter compared with a constant), or use bpf_loop()",
	  { "infinite loop detected", "back-edge from insn", "loop is not bounded" } },
	{ "unreachable", "an instruction no path reaches",
	  "remove the dead code; usually a jump offset is off by one or an exit comes too early",
	  { "unreachable insn" } },
	{ "jump-out-of-range", "a jump or call to outside the program",
	  "fix the jump offset; with ld_imm64 remember that it takes two instruction slots",
	  { "jump out of range", "jump into the middle of ldimm64", "call to invalid destination" } },
	{ "no-exit", "the program falls off its end",
	  "end every path with an exit instruction (return from the function)",
	  { "last insn is not an exit or jmp" } },
	/* 0x8d is BPF_JMP | BPF_CALL | BPF_X, callx: a call through a
	 * register, which the kernel does not have. clang writes it at -O0,
	 * where it calls each helper through the function pointer the
	 * helper's declaration is (static long (*bpf_x)(...) = (void *)N)
	 * instead of folding it into call N. */
	{ "built-O0", "an indirect call (callx, opcode 0x8d), which clang writes at -O0",
	  "built with -O0? BPF objects must be built with -O2 (clang -O2 -g -target bpf): without it clang calls helpers through function pointers (callx), which the kernel does not have",
	  { "unknown opcode 8d" } },
	{ "unknown-opcode", "an instruction BPF does not have",
	  "the instruction is malformed or newer than this kernel (check the opcode, or build with an older -mcpu)",
	  { "unknown opcode", "invalid BPF_LD_IMM insn", "uses reserved fields", "invalid bpf_ld_imm64",
	    "unknown insn class", "invalid BPF_" } },
	{ "ctx-access", "an access to the context the program type does not allow",
	  "read the context only at the offsets and sizes its type defines (for kprobes struct pt_regs, read-only), and never write it unless the type allows it",
	  { "invalid bpf_context access" } },
	{ "ctx-modified", "a context pointer moved before it was dereferenced",
	  "read the context at ctx + constant directly (r1 + 8), do not add to the context pointer first",
	  { "dereference of modified ctx ptr", "modified ctx ptr" } },
	{ "readonly-map", "a write into a map programs may only read",
	  "do not write into const data (.rodata, maps created with BPF_F_RDONLY_PROG); make the variable non-const to put it in .data",
	  { "write into map forbidden", "cannot write into" } },
	{ "packet-access", "a packet access not proven to be within data_end",
	  "compare data + offset + size with data_end (\"if (p + n > data_end) return\") before the access",
	  { "invalid access to packet", "outside of the packet" } },
	{ "pointer-arithmetic", "arithmetic on a pointer that does not allow it",
	  "only add or subtract scalars to pointers to stack, map values and packets; keep map pointers and ctx as they are",
	  { "pointer arithmetic", "arithmetic on ptr", "prohibited", "pointer comparison prohibited" } },
	{ "misaligned", "an access that is not aligned to its size",
	  "align the offset to the access size (8-byte loads at multiples of 8); on the stack this is always required",
	  { "misaligned" } },
	{ "stack-out-of-bounds", "an access outside the 512-byte stack",
	  "stack offsets are r10-512 .. r10-1; keep large buffers in a per-CPU array map instead of on the stack",
	  { "to stack R", "from stack R", "invalid stack off", "combined stack size", "stack depth",
	    "invalid indirect access to stack" } },
	{ "uninit-stack", "a read of stack bytes nothing has written",
	  "initialise the stack variable (or the whole struct, with __builtin_memset) before reading it or passing it to a helper",
	  { "invalid read from stack off", "invalid indirect read from stack", "invalid size of register fill" } },
	{ "uninit-reg", "a register read before anything was written to it",
	  "set the register first; \"R0 !read_ok\" at exit means the function does not return a value on that path",
	  { "!read_ok" } },
	{ "type-mismatch", "a helper argument of the wrong type",
	  "pass what the helper's prototype asks for (see bpf-helpers(7)): a map is `r1 = map ll`, a pointer to the stack is r10 plus a negative offset",
	  { "expected=" } },
	{ "scalar-deref", "a number used as a pointer",
	  "dereference only pointers the verifier knows (ctx, stack, map values, packets); kernel memory is read with bpf_probe_read_kernel()",
	  { "invalid mem access 'scalar'", "invalid mem access 'inv'" } },
	{ "null-deref", "a pointer that may be NULL used without a check",
	  "test the pointer (\"if (!p) return 0;\") after bpf_map_lookup_elem() and the other helpers that return NULL, before using it",
	  { "_or_null'", "or_null", "invalid mem access 'map_value_or_null'" } },
	{ "unbounded-access", "an offset the verifier cannot bound, or that may be negative",
	  "check the index against both ends before using it (\"if (i >= N) return\" with i unsigned)",
	  { "unbounded min value", "unbounded memory access", "min value is negative",
	    "pointer be out of bounds", "math between" } },
	{ "invalid-mem-access", "an access outside the memory a pointer points to",
	  "keep offset + size within the object (the map's value_size, the buffer's length)",
	  { "outside of the allowed memory range", "invalid access to map value", "invalid access to memory",
	    "invalid mem access", "invalid access to" } },
	{ "return-value", "the program returns a value its type does not allow",
	  "return a value in the range the message gives (e.g. 0 or 1 for cgroup programs)",
	  { "At program exit the register R0" } },
};

static const struct klass unknown_class = {
	"unknown", "the verifier refused the program",
	"read the last lines of the log: the message before \"processed N insns\" says why",
	{ NULL },
};

/* Helper names by id: elf/helper_names.c. */
#define helper_name bl_helper_name

/* "12: (85) call ...", "12: R0=...", "; source", "from 3 to 5: ...". */
static bool progress_line(const char *l, size_t len)
{
	size_t i = 0;

	if (len && l[0] == ';')
		return true;
	if (len > 5 && !strncmp(l, "from ", 5))
		return true;
	while (i < len && isdigit((unsigned char)l[i]))
		i++;
	return i > 0 && i < len && l[i] == ':';
}

static bool stats_line(const char *l)
{
	return !strncmp(l, "processed ", 10) || !strncmp(l, "verification time", 17) ||
	       !strncmp(l, "stack depth", 11);
}

/* Copies the explanation (see the top of the file) into out, one line each. */
static void explanation(const char *log, char *out, size_t size)
{
	const char *start = log, *p = log, *last_err = NULL;
	size_t n = 0;

	/* Start after the last progress line. */
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (progress_line(p, len))
			start = nl ? nl + 1 : p + len;
		else if (len && !stats_line(p))
			last_err = p;
		p = nl ? nl + 1 : p + len;
	}
	/* Nothing after it (a truncated log): the last line that is not
	 * statistics. */
	if (last_err && last_err < start)
		start = last_err;
	out[0] = '\0';
	for (p = start; *p && n + 1 < size;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len && !stats_line(p)) {
			int w = snprintf(out + n, size - n, "%.*s\n", (int)len, p);

			n = w < 0 || (size_t)w >= size - n ? size - 1 : n + (size_t)w;
		}
		p = nl ? nl + 1 : p + len;
	}
}

static const struct klass *match(const char *text)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		for (const char *const *pat = classes[i].patterns; *pat; pat++)
			if (strstr(text, *pat))
				return &classes[i];
	return NULL;
}

/* "unknown#999": the helper's name, when this header knows it. */
static void helper_detail(const char *text, struct bl_verifier_error *e)
{
	const char *u = strstr(text, "unknown#");
	long id = u ? strtol(u + 8, NULL, 10) : -1;
	const char *name = helper_name(id);

	if (id < 0)
		return;
	if (name)
		snprintf(e->detail, sizeof(e->detail),
			 "helper %ld is %s, which this kernel does not have (or not for this program type)",
			 id, name);
	else
		snprintf(e->detail, sizeof(e->detail), "no helper has id %ld", id);
}

/* "off=112 size=8" of a kprobe: the pt_regs register it means. */
static void ctx_detail(const char *text, int prog_type, const struct bl_arch *arch,
		       struct bl_verifier_error *e)
{
	const char *o = strstr(text, "off=");
	long off = o ? strtol(o + 4, NULL, 10) : -1;
	char uses[128];

	if (off < 0 || prog_type != BPF_PROG_TYPE_KPROBE || !arch)
		return;
	for (size_t i = 0; i < arch->reg_cnt; i++) {
		const struct bl_arch_reg *r = &arch->regs[i];

		if (off < r->offset || off >= r->offset + r->size)
			continue;
		bl_arch_reg_uses(arch, r, uses, sizeof(uses));
		snprintf(e->detail, sizeof(e->detail), "off=%ld is %s->%s%s%s on %s%s", off,
			 "pt_regs", r->name, uses[0] ? ", " : "",
			 uses, arch->name,
			 off != r->offset ? " (not at its start)" : "; kprobe contexts are read-only");
		return;
	}
	snprintf(e->detail, sizeof(e->detail), "off=%ld is past the end of %s on %s", off,
		 arch->ctx_type ? arch->ctx_type : "pt_regs", arch->name);
}

int bl_verifier_classify(const char *log, int prog_type, const struct bl_arch *arch,
			 struct bl_verifier_error *e)
{
	char text[2048];
	const struct klass *k;

	memset(e, 0, sizeof(*e));
	explanation(log ? log : "", text, sizeof(text));
	snprintf(e->message, sizeof(e->message), "%.*s", (int)strcspn(text, "\n"), text);
	k = match(text);
	e->id = (k ? k : &unknown_class)->id;
	e->title = (k ? k : &unknown_class)->title;
	e->hint = (k ? k : &unknown_class)->hint;
	if (!k)
		return -ENOENT;
	if (!strcmp(k->id, "unknown-helper"))
		helper_detail(text, e);
	else if (!strcmp(k->id, "ctx-access"))
		ctx_detail(text, prog_type, arch, e);
	return 0;
}
