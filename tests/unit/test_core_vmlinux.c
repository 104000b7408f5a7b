/* tests/unit/test_core_vmlinux.c — the CO-RE relocations of
 * bpf-progs/test_core.bpf.o resolved against this machine's kernel BTF
 * (/sys/kernel/btf/vmlinux) and patched into a copy of their programs.
 *
 * Each result is checked against facts found independently: a plain
 * walk of the kernel's BTF (a struct by name, its members by name, into
 * anonymous members), the UAPI constants, and, when bpftool is
 * installed, bpftool's own dump of the kernel's BTF. Patching checks, by
 * the way, that each instruction held the value computed from the
 * object's BTF (Documentation/bpf/llvm_reloc.rst, "CO-RE Relocation
 * Examples": what clang puts into the instruction).
 *
 * Without /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF off) the tests
 * print one SKIP line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"

static struct bl_btf *vmlinux(const char *test)
{
	FILE *f = fopen(VMLINUX, "rb");
	unsigned char *data;
	struct bl_btf *btf;
	size_t len;

	if (!f) {
		fprintf(stderr, "SKIP %s: no %s (kernel without CONFIG_DEBUG_INFO_BTF)\n", test,
			VMLINUX);
		return NULL;
	}
	fclose(f);
	data = ut_slurp(VMLINUX, &len);
	btf = ut_btf_ok(data, len, VMLINUX);
	free(data);
	return btf;
}

/* --- The independent walk ------------------------------------------- */

/* Member name of struct/union id, anonymous members searched too. */
static bool walk_member(const struct bl_btf *btf, uint32_t id, const char *name, uint64_t *bits,
			uint32_t *type, uint32_t *bitfield)
{
	const struct btf_type *t = bl_btf_skip_modifiers(btf, id, NULL);

	if (!t || (bl_btf_kind(t) != BTF_KIND_STRUCT && bl_btf_kind(t) != BTF_KIND_UNION))
		return false;
	for (unsigned int i = 0; i < bl_btf_vlen(t); i++) {
		const struct btf_member *m = &bl_btf_members(t)[i];
		const char *n = bl_btf_name(btf, m->name_off);
		uint64_t sub = 0;

		if (!*n && walk_member(btf, m->type, name, &sub, type, bitfield)) {
			*bits = bl_btf_member_bit_offset(t, m) + sub;
			return true;
		}
		if (strcmp(n, name) == 0) {
			*bits = bl_btf_member_bit_offset(t, m);
			*type = m->type;
			*bitfield = bl_btf_member_bitfield_size(t, m);
			return true;
		}
	}
	return false;
}

/* "se.vruntime" in struct sname: bit offset, type, bitfield size. */
static bool walk_path(const struct bl_btf *btf, const char *sname, const char *path,
		      uint64_t *bits, uint32_t *type, uint32_t *bitfield)
{
	int id = bl_btf_find_by_name_kind(btf, sname, BTF_KIND_STRUCT);
	char buf[128], *save = NULL;
	uint32_t cur;

	ck_assert_msg(id > 0, "no struct %s in the kernel's BTF", sname);
	cur = (uint32_t)id;
	*bits = 0;
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = strtok_r(buf, ".", &save); p; p = strtok_r(NULL, ".", &save)) {
		uint64_t b;

		if (!walk_member(btf, cur, p, &b, type, bitfield))
			return false;
		*bits += b;
		cur = *type;
	}
	return true;
}

static bool walk_enum(const struct bl_btf *btf, const char *ename, const char *value, int64_t *v)
{
	int id = bl_btf_find_by_name_kind(btf, ename, BTF_KIND_ENUM);
	const struct btf_type *t;

	ck_assert_msg(id > 0, "no enum %s in the kernel's BTF", ename);
	t = bl_btf_type(btf, (uint32_t)id);
	for (unsigned int i = 0; i < bl_btf_vlen(t); i++)
		if (strcmp(bl_btf_name(btf, bl_btf_enums(t)[i].name_off), value) == 0) {
			*v = bl_btf_enums(t)[i].val;
			return true;
		}
	return false;
}

/* --- What each relocation of test_core.bpf.o must give -------------- */

enum what {
	OFF, SIZE, EXISTS, SIGNED, TSIZE, TEXISTS, TID_TARGET, TID_LOCAL,
	BF_LSHIFT, BF_RSHIFT, BF_OFF, BF_SIZE, EV_EXISTS, EV_VALUE, POISON,
};

static struct expect {
	const char *kind, *desc;
	enum what what;
	const char *sname, *path;	/* in the kernel */
	int64_t extra;			/* OFF: bytes to add; EV_VALUE: the UAPI/known value */
	int seen;
} expects[] = {
	{ "byte_off", "struct task_struct, field pid (0:1)", OFF, "task_struct", "pid", 0, 0 },
	{ "byte_off", "struct task_struct, field tgid (0:2)", OFF, "task_struct", "tgid", 0, 0 },
	{ "byte_sz", "struct task_struct, field pid (0:1)", SIZE, "task_struct", "pid", 0, 0 },
	{ "field_exists", "struct task_struct, field pid (0:1)", EXISTS, "task_struct", "pid", 0, 0 },
	{ "field_exists", "struct task_struct, field bl_no_such_member (0:8)", EXISTS,
	  "task_struct", "bl_no_such_member", 0, 0 },
	{ "signed", "struct task_struct, field pid (0:1)", SIGNED, "task_struct", "pid", 0, 0 },
	{ "signed", "struct task_struct, field flags (0:0)", SIGNED, "task_struct", "flags", 0, 0 },
	{ "type_size", "struct task_struct", TSIZE, "task_struct", NULL, 0, 0 },
	{ "type_exists", "struct task_struct", TEXISTS, "task_struct", NULL, 0, 0 },
	{ "type_exists", "struct bl_no_such_type", TEXISTS, "bl_no_such_type", NULL, 0, 0 },
	{ "target_type_id", "struct task_struct", TID_TARGET, "task_struct", NULL, 0, 0 },
	{ "local_type_id", "struct task_struct", TID_LOCAL, "task_struct", NULL, 0, 0 },
	{ "byte_off", "struct task_struct, field comm[3] (0:4:3)", OFF, "task_struct", "comm", 3, 0 },
	{ "byte_off", "struct task_struct, field se.vruntime (0:5:0)", OFF, "task_struct",
	  "se.vruntime", 0, 0 },
	{ "lshift_u64", "struct task_struct, field sched_contributes_to_load (0:7)", BF_LSHIFT,
	  "task_struct", "sched_contributes_to_load", 0, 0 },
	{ "rshift_u64", "struct task_struct, field sched_contributes_to_load (0:7)", BF_RSHIFT,
	  "task_struct", "sched_contributes_to_load", 0, 0 },
	{ "byte_off", "struct task_struct, field sched_contributes_to_load (0:7)", BF_OFF,
	  "task_struct", "sched_contributes_to_load", 0, 0 },
	{ "byte_sz", "struct task_struct, field sched_contributes_to_load (0:7)", BF_SIZE,
	  "task_struct", "sched_contributes_to_load", 0, 0 },
	/* enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, ... }
	 * (include/linux/pid_types.h, unchanged since 4.x) */
	{ "enumval_exists", "enum pid_type___bl, value PIDTYPE_SID___bl", EV_EXISTS, "pid_type",
	  "PIDTYPE_SID", 0, 0 },
	{ "enumval_value", "enum pid_type___bl, value PIDTYPE_SID___bl", EV_VALUE, "pid_type",
	  "PIDTYPE_SID", 3, 0 },
	{ "enumval_exists", "enum pid_type___bl, value BL_PIDTYPE_NONE", EV_EXISTS, "pid_type",
	  "BL_PIDTYPE_NONE", 0, 0 },
	{ "enumval_value", "enum bpf_map_type, value BPF_MAP_TYPE_RINGBUF", EV_VALUE,
	  "bpf_map_type", "BPF_MAP_TYPE_RINGBUF", BPF_MAP_TYPE_RINGBUF, 0 },
	{ "field_exists", "struct task_struct___old, field state (0:0)", EXISTS, "task_struct",
	  "state", 0, 0 },
	{ "byte_off", "struct task_struct___old, field pid (0:1)", OFF, "task_struct", "pid", 0, 0 },
	{ "byte_off", "struct task_struct, field real_parent (0:3)", OFF, "task_struct",
	  "real_parent", 0, 0 },
	{ "byte_off", "struct task_struct, field bl_no_such_member (0:8)", POISON, "task_struct",
	  "bl_no_such_member", 0, 0 },
	{ "byte_off", "struct trace_event_raw_sys_enter___bl, field id (0:0)", OFF,
	  "trace_event_raw_sys_enter", "id", 0, 0 },
	{ "byte_off", "struct trace_event_raw_sys_enter___bl, field args[1] (0:1:1)", OFF,
	  "trace_event_raw_sys_enter", "args", 8, 0 },
};

#define N_EXPECTS (sizeof(expects) / sizeof(expects[0]))

static struct expect *find_expect(const char *kind, const char *desc)
{
	for (size_t i = 0; i < N_EXPECTS; i++)
		if (strcmp(expects[i].kind, kind) == 0 && strcmp(expects[i].desc, desc) == 0)
			return &expects[i];
	return NULL;
}

/* The value e stands for, from the kernel's BTF walked by hand. */
static uint64_t expected(const struct expect *e, const struct bl_btf *vm,
			 const struct bl_object_spec *obj)
{
	uint64_t bits = 0, byte_off;
	uint32_t type = 0, bitfield = 0, size = 0;
	const struct btf_type *t;
	int64_t v;
	bool found = false;
	int id;

	if (e->path && e->what != EV_EXISTS && e->what != EV_VALUE)
		found = walk_path(vm, e->sname, e->path, &bits, &type, &bitfield);
	switch (e->what) {
	case EXISTS:
		return found;
	case OFF: case SIZE: case SIGNED: case POISON:
		ck_assert_msg(found != (e->what == POISON), "%s: the kernel's %s.%s", e->desc,
			      e->sname, e->path);
		if (e->what == POISON)
			return 0;
		ck_assert_msg(bitfield == 0 && bits % 8 == 0, "%s: a bitfield", e->desc);
		if (e->what == OFF)
			return bits / 8 + (uint64_t)e->extra;
		if (e->what == SIZE) {
			ck_assert_int_eq(bl_btf_resolve_size(vm, type, &size), 0);
			return size;
		}
		t = bl_btf_skip_modifiers(vm, type, NULL);
		return bl_btf_kind(t) == BTF_KIND_INT &&
		       (BTF_INT_ENCODING(bl_btf_int_data(t)) & BTF_INT_SIGNED);
	case BF_LSHIFT: case BF_RSHIFT: case BF_OFF: case BF_SIZE:
		ck_assert_msg(found && bitfield > 0, "%s: not a bitfield in the kernel", e->desc);
		ck_assert_int_eq(bl_btf_resolve_size(vm, type, &size), 0);
		/* llvm_reloc.rst: a load of the bitfield's type, aligned */
		byte_off = bits / 8 / size * size;
		ck_assert_msg(bits + bitfield - byte_off * 8 <= size * 8,
			      "%s straddles its %u-byte unit: this test does not compute that",
			      e->desc, size);
		if (e->what == BF_LSHIFT)
			return 64 - (bits + bitfield - byte_off * 8);
		if (e->what == BF_RSHIFT)
			return 64 - bitfield;
		return e->what == BF_OFF ? byte_off : size;
	case TSIZE:
		id = bl_btf_find_by_name_kind(vm, e->sname, BTF_KIND_STRUCT);
		ck_assert_int_gt(id, 0);
		return bl_btf_type(vm, (uint32_t)id)->size;
	case TEXISTS:
		return bl_btf_find_by_name_kind(vm, e->sname, BTF_KIND_STRUCT) > 0;
	case TID_TARGET:
		return (uint64_t)bl_btf_find_by_name_kind(vm, e->sname, BTF_KIND_STRUCT);
	case TID_LOCAL:
		return (uint64_t)bl_btf_find_by_name_kind(obj->btf, e->sname, BTF_KIND_STRUCT);
	case EV_EXISTS:
		return walk_enum(vm, e->sname, e->path, &v);
	case EV_VALUE:
		ck_assert_msg(walk_enum(vm, e->sname, e->path, &v), "no %s in the kernel", e->path);
		ck_assert_msg(v == e->extra, "%s is %lld in the kernel, %lld expected", e->path,
			      (long long)v, (long long)e->extra);
		return (uint64_t)v;
	}
	return 0;
}

/* The value a patched instruction holds. */
static uint64_t insn_value(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX: case BPF_ST: case BPF_STX:
		return (uint64_t)(int64_t)insn->off;
	case BPF_LD:
		return (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
	}
	return (uint64_t)(uint32_t)insn->imm;
}

START_TEST(test_core_against_vmlinux)
{
	struct bl_btf *vm = vmlinux(__func__);
	struct bl_object_spec *obj;
	const struct bl_btf_ext_info *cr;
	size_t total = 0;

	if (!vm)
		return;
	UT_PROG(path, "test_core");
	obj = ut_read_ok(path);
	ck_assert_ptr_nonnull(obj->btf_ext);
	cr = &obj->btf_ext->core_relo;
	for (size_t p = 0; p < obj->program_cnt; p++) {
		const struct bl_prog_spec *prog = &obj->programs[p];
		const struct bl_btf_ext_sec *sec = bl_btf_ext_find(cr, prog->section);
		struct bpf_insn *insns = malloc(prog->insn_cnt * sizeof(*insns));

		ck_assert_ptr_nonnull(sec);
		memcpy(insns, prog->insns, prog->insn_cnt * sizeof(*insns));
		for (uint32_t i = 0; i < sec->cnt; i++) {
			const struct bpf_core_relo *relo = &sec->core_relo[i];
			size_t idx = (relo->insn_off - prog->sec_offset) / 8;
			struct bl_core_result res;
			struct bl_err err;
			struct expect *e;
			uint64_t want;
			int rc;

			if (relo->insn_off < prog->sec_offset || idx >= prog->insn_cnt)
				continue;	/* another program of the section */
			total++;
			rc = bl_core_resolve(obj->btf, vm, relo, &res, &err);
			ck_assert_msg(rc == 0, "%s #%u: %s", prog->name, i, err.msg);
			e = find_expect(bl_core_relo_kind_name(relo->kind), res.desc);
			ck_assert_msg(e != NULL, "%s #%u: unexpected %s of %s", prog->name, i,
				      bl_core_relo_kind_name(relo->kind), res.desc);
			e->seen++;
			want = expected(e, vm, obj);
			ck_assert_msg(res.poison == (e->what == POISON), "%s: poison %d", e->desc,
				      res.poison);
			ck_assert_msg(res.new_val == want, "%s %s: %llu, the kernel's BTF says %llu",
				      e->kind, e->desc, (unsigned long long)res.new_val,
				      (unsigned long long)want);
			rc = bl_core_patch_insn(insns, prog->insn_cnt, idx, &res, &err);
			ck_assert_msg(rc == 0, "%s #%u: %s", prog->name, i, err.msg);
			if (res.poison)
				ck_assert(bl_core_insn_poisoned(&insns[idx]));
			else
				ck_assert_msg(insn_value(&insns[idx]) == want,
					      "%s: instruction %zu holds %llu after patching", e->desc,
					      idx, (unsigned long long)insn_value(&insns[idx]));
		}
		free(insns);
	}
	for (size_t i = 0; i < N_EXPECTS; i++)
		ck_assert_msg(expects[i].seen > 0, "no relocation %s of %s", expects[i].kind,
			      expects[i].desc);
	ck_assert_uint_eq(total, 32);
	bl_object_spec_free(obj);
	bl_btf_free(vm);
	free(path);
}
END_TEST

/* The LDX of core_ctx: ctx->id at 0 in the object, at 8 (after struct
 * trace_entry) in the kernel; its load size stays 8. */
START_TEST(test_core_ctx_load_patched)
{
	struct bl_btf *vm = vmlinux(__func__);
	const struct bl_prog_spec *prog;
	const struct bl_btf_ext_sec *sec;
	struct bl_object_spec *obj;
	struct bpf_insn insns[64];
	size_t patched = 0;

	if (!vm)
		return;
	UT_PROG(path, "test_core");
	obj = ut_read_ok(path);
	prog = bl_object_spec_find_prog(obj, "core_ctx");
	ck_assert_ptr_nonnull(prog);
	ck_assert_uint_le(prog->insn_cnt, 64);
	memcpy(insns, prog->insns, prog->insn_cnt * sizeof(*insns));
	sec = bl_btf_ext_find(&obj->btf_ext->core_relo, prog->section);
	ck_assert_ptr_nonnull(sec);
	for (uint32_t i = 0; i < sec->cnt; i++) {
		size_t idx = (sec->core_relo[i].insn_off - prog->sec_offset) / 8;
		struct bl_core_result res;
		struct bl_err err;

		ck_assert_int_eq(bl_core_resolve(obj->btf, vm, &sec->core_relo[i], &res, &err), 0);
		ck_assert_uint_eq(BPF_CLASS(insns[idx].code), BPF_LDX);
		ck_assert_int_eq(insns[idx].off, i == 0 ? 0 : 16);
		ck_assert_int_eq(bl_core_patch_insn(insns, prog->insn_cnt, idx, &res, &err), 0);
		ck_assert_int_eq(insns[idx].off, i == 0 ? 8 : 24);
		ck_assert_uint_eq(insns[idx].code, BPF_LDX | BPF_MEM | BPF_DW);
		patched++;
	}
	ck_assert_uint_eq(patched, 2);
	bl_object_spec_free(obj);
	bl_btf_free(vm);
	free(path);
}
END_TEST

/* bpftool's dump of the kernel's BTF as a third opinion: the size of
 * task_struct and the bit offsets of pid and tgid. */
static bool bpftool_task_struct(uint32_t *size, uint64_t *pid_bits, uint64_t *tgid_bits)
{
	FILE *p = popen("bpftool btf dump file " VMLINUX " 2>/dev/null", "r");
	char line[512];
	bool in = false, got_size = false;
	int found = 0;

	if (!p)
		return false;
	while (fgets(line, sizeof(line), p)) {
		unsigned long long v;

		if (line[0] == '[') {
			if (in)
				break;
			in = strstr(line, "] STRUCT 'task_struct' size=") != NULL;
			if (in)
				got_size = sscanf(strstr(line, "size="), "size=%u", size) == 1;
			continue;
		}
		if (!in)
			continue;
		if (strncmp(line, "\t'pid' ", 7) == 0 &&
		    sscanf(strstr(line, "bits_offset="), "bits_offset=%llu", &v) == 1) {
			*pid_bits = v;
			found++;
		}
		if (strncmp(line, "\t'tgid' ", 8) == 0 &&
		    sscanf(strstr(line, "bits_offset="), "bits_offset=%llu", &v) == 1) {
			*tgid_bits = v;
			found++;
		}
	}
	while (fgets(line, sizeof(line), p))
		;
	return pclose(p) == 0 && got_size && found == 2;
}

static uint64_t resolve_desc(const struct bl_object_spec *obj, const struct bl_btf *vm,
			     uint32_t kind, const char *desc)
{
	const struct bl_btf_ext_info *cr = &obj->btf_ext->core_relo;

	for (size_t s = 0; s < cr->sec_cnt; s++)
		for (uint32_t i = 0; i < cr->secs[s].cnt; i++) {
			struct bl_core_result res;
			struct bl_err err;

			if (cr->secs[s].core_relo[i].kind != kind)
				continue;
			ck_assert_int_eq(bl_core_resolve(obj->btf, vm, &cr->secs[s].core_relo[i],
							 &res, &err), 0);
			if (strcmp(res.desc, desc) == 0)
				return res.new_val;
		}
	ck_abort_msg("no relocation of %s", desc);
	return 0;
}

START_TEST(test_core_as_bpftool)
{
	struct bl_btf *vm;
	struct bl_object_spec *obj;
	uint32_t size = 0;
	uint64_t pid_bits = 0, tgid_bits = 0;

	if (system("bpftool version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "SKIP %s: bpftool is not installed (apt-get install bpftool)\n",
			__func__);
		return;
	}
	vm = vmlinux(__func__);
	if (!vm)
		return;
	UT_PROG(path, "test_core");
	ck_assert_msg(bpftool_task_struct(&size, &pid_bits, &tgid_bits),
		      "bpftool's dump has no task_struct with pid and tgid");
	obj = ut_read_ok(path);
	ck_assert_uint_eq(resolve_desc(obj, vm, BPF_CORE_TYPE_SIZE, "struct task_struct"), size);
	ck_assert_uint_eq(resolve_desc(obj, vm, BPF_CORE_FIELD_BYTE_OFFSET,
				       "struct task_struct, field pid (0:1)"), pid_bits / 8);
	ck_assert_uint_eq(resolve_desc(obj, vm, BPF_CORE_FIELD_BYTE_OFFSET,
				       "struct task_struct, field tgid (0:2)"), tgid_bits / 8);
	ck_assert_uint_eq(resolve_desc(obj, vm, BPF_CORE_FIELD_BYTE_OFFSET,
				       "struct task_struct___old, field pid (0:1)"), pid_bits / 8);
	bl_object_spec_free(obj);
	bl_btf_free(vm);
	free(path);
}
END_TEST

/* test_btf.bpf.o's two relocations (struct task_like is no kernel type:
 * type_size of struct hit gives 0, byte_off of tgid is poisoned). */
START_TEST(test_btf_against_vmlinux)
{
	struct bl_btf *vm = vmlinux(__func__);
	struct bl_object_spec *obj;
	const struct bl_btf_ext_sec *sec;

	if (!vm)
		return;
	UT_PROG(path, "test_btf");
	obj = ut_read_ok(path);
	sec = &obj->btf_ext->core_relo.secs[0];
	ck_assert_uint_eq(sec->cnt, 2);
	for (uint32_t i = 0; i < sec->cnt; i++) {
		struct bl_core_result res;
		struct bl_err err;

		ck_assert_int_eq(bl_core_resolve(obj->btf, vm, &sec->core_relo[i], &res, &err), 0);
		if (sec->core_relo[i].kind == BPF_CORE_TYPE_SIZE) {
			ck_assert_str_eq(res.desc, "struct hit");
			ck_assert_uint_eq(res.orig_val, 16);
			ck_assert(!res.poison);
			ck_assert_int_lt(bl_btf_find_by_name_kind(vm, "hit", BTF_KIND_STRUCT), 0);
			ck_assert_uint_eq(res.new_val, 0);
			ck_assert_uint_eq(res.cand_cnt, 0);
		} else {
			ck_assert_str_eq(res.desc, "struct task_like, field tgid (0:1)");
			ck_assert_uint_eq(res.orig_val, 4);
			ck_assert(res.poison);
		}
	}
	bl_object_spec_free(obj);
	bl_btf_free(vm);
	free(path);
}
END_TEST

TCase *tcase_core_vmlinux(void)
{
	TCase *tc = tcase_create("vmlinux");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_core_against_vmlinux);
	tcase_add_test(tc, test_core_ctx_load_patched);
	tcase_add_test(tc, test_core_as_bpftool);
	tcase_add_test(tc, test_btf_against_vmlinux);
	return tc;
}
