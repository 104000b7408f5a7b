/* elf/core/core_calc.c — the value of a CO-RE relocation, for the object's
 * own BTF and for the target, and bl_core_resolve.
 *
 * Documentation/bpf/llvm_reloc.rst, "Relocation kinds" says what each
 * kind asks and, in its notes, how FIELD_LSHIFT_U64 and FIELD_RSHIFT_U64
 * read a bitfield: load FIELD_BYTE_SIZE bytes at FIELD_BYTE_OFFSET into
 * a u64, shift left, then right (arithmetic if FIELD_SIGNED). For a
 * bitfield, offset and size are those of the smallest aligned load of
 * 1, 2, 4 or 8 bytes that holds it; clang may have chosen otherwise, so
 * those values are not checked against the instruction (libbpf's rule).
 *
 * When nothing in the target matches, the "absent" answer is 0 for
 * FIELD_EXISTS, ENUMVAL_EXISTS and every type kind; the others cannot be
 * answered and the instruction is poisoned (core.h). When several
 * candidates match (flavors, or duplicated kernel types) they must agree
 * on the offset and the value, else the relocation is ambiguous.
 */
#include "core_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CORE_POISON 1	/* calc_*: no value, poison the instruction */

/* One side's value: local spec, or target spec (NULL: no match). */
struct calc {
	uint64_t val;
	uint32_t sz;		/* byte_off of a whole field: its size ... */
	uint32_t type_id;	/* ... and type, for resizing loads */
	bool validate;
	bool bitfield;
	bool enum32;		/* ENUMVAL_VALUE of a 32-bit enum without sign */
	uint64_t bit_offset;
	uint32_t bit_size;
};

static bool is_any_enum(const struct btf_type *t)
{
	return bl_btf_kind(t) == BTF_KIND_ENUM || bl_btf_kind(t) == BTF_KIND_ENUM64;
}

/* A field reached through an array index (or the root itself). */
static int calc_element(const struct core_spec *spec, const struct core_acc *acc, uint32_t kind,
			struct calc *c, struct bl_err *err)
{
	uint32_t size;

	if (kind != BPF_CORE_FIELD_BYTE_OFFSET && kind != BPF_CORE_FIELD_BYTE_SIZE)
		return bl_err_set(err, -EINVAL, "only byte_off and byte_sz apply to an array element or a whole type");
	if (bl_btf_resolve_size(spec->btf, acc->type_id, &size))
		return bl_err_set(err, -EINVAL, "the accessed type [%u] has no size", acc->type_id);
	c->validate = true;
	c->bit_offset = spec->bit_offset;
	if (kind == BPF_CORE_FIELD_BYTE_SIZE) {
		c->val = size;
		return 0;
	}
	c->val = spec->bit_offset / 8;
	c->sz = size;
	c->type_id = acc->type_id;
	return 0;
}

static int calc_field(const struct core_spec *spec, uint32_t kind, struct calc *c,
		      struct bl_err *err)
{
	const struct core_acc *acc;
	const struct btf_type *t, *mt;
	const struct btf_member *m;
	uint64_t bit_off, bit_sz, byte_off, byte_sz;
	uint32_t ftid, size;

	c->validate = true;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		c->val = spec != NULL;
		return 0;
	}
	if (!spec)
		return CORE_POISON;
	if (spec->bit_offset > UINT32_MAX)
		return bl_err_set(err, -E2BIG, "the field is more than 4 GiB from the start");
	acc = &spec->acc[spec->len - 1];
	if (!acc->name)
		return calc_element(spec, acc, kind, c, err);
	t = bl_btf_type(spec->btf, acc->type_id);
	m = &bl_btf_members(t)[acc->idx];
	mt = bl_btf_skip_modifiers(spec->btf, m->type, &ftid);
	if (!mt)
		return bl_err_set(err, -EINVAL, "the field's type [%u] is a cycle", m->type);
	bit_off = spec->bit_offset;
	bit_sz = bl_btf_member_bitfield_size(t, m);
	c->bitfield = bit_sz > 0;
	if (c->bitfield) {
		byte_sz = mt->size;
		if ((bl_btf_kind(mt) != BTF_KIND_INT && !is_any_enum(mt)) ||
		    (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8))
			return bl_err_set(err, -EINVAL, "a bitfield of type [%u], which is not an integer of 1, 2, 4 or 8 bytes",
					  ftid);
		byte_off = bit_off / 8 / byte_sz * byte_sz;
		/* the smallest aligned load that holds the whole bitfield */
		while (bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return bl_err_set(err, -E2BIG, "the bitfield (%llu bits at bit %llu) does not fit an aligned 8-byte load",
						  (unsigned long long)bit_sz,
						  (unsigned long long)bit_off);
			byte_sz *= 2;
			byte_off = bit_off / 8 / byte_sz * byte_sz;
		}
	} else {
		if (bl_btf_resolve_size(spec->btf, ftid, &size))
			return bl_err_set(err, -EINVAL, "the field's type [%u] has no size", ftid);
		byte_sz = size;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	c->validate = !c->bitfield;
	c->bit_offset = bit_off;
	c->bit_size = c->bitfield ? (uint32_t)bit_sz : 0;
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		c->val = byte_off;
		if (!c->bitfield) {
			c->sz = (uint32_t)byte_sz;
			c->type_id = ftid;
		}
		return 0;
	case BPF_CORE_FIELD_BYTE_SIZE:
		c->val = byte_sz;
		return 0;
	case BPF_CORE_FIELD_SIGNED:
		c->val = (is_any_enum(mt) && bl_btf_kflag(mt)) ||
			 (bl_btf_kind(mt) == BTF_KIND_INT &&
			  (BTF_INT_ENCODING(bl_btf_int_data(mt)) & BTF_INT_SIGNED));
		c->validate = true;
		return 0;
	case BPF_CORE_FIELD_LSHIFT_U64:
	case BPF_CORE_FIELD_RSHIFT_U64:
		/* the bits from the load's start to the field's end */
		if (bit_off + bit_sz - byte_off * 8 > 64)
			return bl_err_set(err, -ERANGE, "a field of %llu bits at bit %llu cannot be shifted within a u64",
					  (unsigned long long)bit_sz, (unsigned long long)bit_off);
		if (kind == BPF_CORE_FIELD_RSHIFT_U64) {
			c->val = 64 - bit_sz;
			c->validate = true;
		} else {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* the field's top bit goes to bit 63 */
			c->val = 64 - (bit_off + bit_sz - byte_off * 8);
#else
			c->val = (8 - byte_sz) * 8 + (bit_off - byte_off * 8);
#endif
		}
		return 0;
	}
	return bl_err_set(err, -EINVAL, "unknown field relocation kind %u", kind);
}

static int calc_type(const struct core_spec *spec, uint32_t kind, struct calc *c,
		     struct bl_err *err)
{
	uint32_t size;

	c->validate = true;
	if (!spec) {
		c->val = 0;
		return 0;
	}
	switch (kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		c->val = spec->root_id;
		c->validate = false;	/* linking may renumber the local type */
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		c->val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		if (bl_btf_resolve_size(spec->btf, spec->root_id, &size))
			return bl_err_set(err, -EINVAL, "type [%u] has no size", spec->root_id);
		c->val = size;
		return 0;
	}
	return bl_err_set(err, -EINVAL, "unknown type relocation kind %u", kind);
}

static int calc_enumval(const struct core_spec *spec, uint32_t kind, struct calc *c)
{
	const struct btf_type *t;
	uint32_t idx;

	c->validate = true;
	if (kind == BPF_CORE_ENUMVAL_EXISTS) {
		c->val = spec != NULL;
		return 0;
	}
	if (!spec)
		return CORE_POISON;
	t = bl_btf_type(spec->btf, spec->acc[0].type_id);
	idx = spec->acc[0].idx;
	if (bl_btf_kind(t) == BTF_KIND_ENUM64) {
		const struct btf_enum64 *e = &bl_btf_enum64s(t)[idx];

		c->val = (uint64_t)e->val_hi32 << 32 | e->val_lo32;
	} else if (bl_btf_kflag(t)) {	/* a signed enum (BTF since Linux 6.0) */
		c->val = (uint64_t)(int64_t)bl_btf_enums(t)[idx].val;
	} else {
		/* Unsigned, or clang < 15, which does not say: clang 14 puts
		 * -1 sign-extended into the instruction but 0x80000000 of an
		 * unsigned enum as is (see bl_core_patch_insn). */
		c->val = (uint32_t)bl_btf_enums(t)[idx].val;
		c->enum32 = true;
	}
	return 0;
}

static int calc_one(const struct core_spec *spec, uint32_t kind, struct calc *c,
		    struct bl_err *err)
{
	memset(c, 0, sizeof(*c));
	if (core_kind_is_field(kind))
		return calc_field(spec, kind, c, err);
	if (core_kind_is_type(kind))
		return calc_type(spec, kind, c, err);
	return calc_enumval(spec, kind, c);
}

/* Both sides into res (its value fields only). */
static int calc_relo(const struct core_spec *local, const struct core_spec *targ, uint32_t kind,
		     struct bl_core_result *res, struct bl_err *err)
{
	struct calc lc, tc;
	int rc = calc_one(local, kind, &lc, err);

	if (rc < 0)
		return rc;
	if (rc == CORE_POISON)
		return bl_err_set(err, -EINVAL, "no value in the object's own BTF");
	rc = calc_one(targ, kind, &tc, err);
	if (rc < 0)
		return rc;
	res->orig_val = lc.val;
	res->validate = lc.validate;
	res->orig_sz = lc.sz;
	res->poison = rc == CORE_POISON;
	res->new_val = res->poison ? 0 : tc.val;
	res->new_sz = res->poison ? 0 : tc.sz;
	res->fail_memsz_adjust = false;
	res->enum32 = lc.enum32;
	/* where the field is: in the target if it is there */
	res->bitfield = res->poison || !targ ? lc.bitfield : tc.bitfield;
	res->bit_offset = res->poison || !targ ? lc.bit_offset : tc.bit_offset;
	res->bit_size = res->poison || !targ ? lc.bit_size : tc.bit_size;
	if (!res->poison && core_kind_is_field(kind) && lc.sz != tc.sz) {
		/* A load or store can change width only for pointers (the
		 * kernel's may be 32-bit, BPF's are 64) and unsigned integers
		 * (zero extension keeps the value). */
		const struct btf_type *lt = bl_btf_type(local->btf, lc.type_id);
		const struct btf_type *tt = bl_btf_type(targ->btf, tc.type_id);
		bool ptrs = bl_btf_kind(lt) == BTF_KIND_PTR && bl_btf_kind(tt) == BTF_KIND_PTR;
		bool uints = bl_btf_kind(lt) == BTF_KIND_INT && bl_btf_kind(tt) == BTF_KIND_INT &&
			     !(BTF_INT_ENCODING(bl_btf_int_data(lt)) & BTF_INT_SIGNED) &&
			     !(BTF_INT_ENCODING(bl_btf_int_data(tt)) & BTF_INT_SIGNED);

		res->fail_memsz_adjust = !ptrs && !uints;
	}
	return 0;
}

static int fail(struct bl_core_result *res, struct bl_err *err, int rc)
{
	const char *kind = bl_core_relo_kind_name(res->kind);

	return bl_err_prefix(err, rc, "%s of %s", kind ? kind : "CO-RE relocation", res->desc);
}

/* The match, told to the visitor of bl_core_resolve_visit. */
static int visit(const struct core_spec *cspec, bl_core_match_fn fn, void *ctx)
{
	struct bl_core_match m = {
		.kind = cspec->kind,
		.root_id = cspec->root_id,
		.raw_len = core_kind_is_type(cspec->kind) ? 0 : cspec->raw_len,
	};

	memcpy(m.raw, cspec->raw, m.raw_len * sizeof(m.raw[0]));
	return fn(ctx, &m);
}

int bl_core_resolve(const struct bl_btf *local, const struct bl_btf *target,
		    const struct bpf_core_relo *relo, struct bl_core_result *res,
		    struct bl_err *err)
{
	return bl_core_resolve_visit(local, target, relo, res, err, NULL, NULL);
}

int bl_core_resolve_visit(const struct bl_btf *local, const struct bl_btf *target,
			  const struct bpf_core_relo *relo, struct bl_core_result *res,
			  struct bl_err *err, bl_core_match_fn fn, void *ctx)
{
	struct core_spec lspec, cspec;
	uint64_t targ_bits = 0;
	struct core_work work = { 0 };
	struct bl_btf_name_iter it;
	const struct btf_type *lt;
	const char *name;
	uint32_t tid;
	size_t ess;
	int rc;

	memset(res, 0, sizeof(*res));
	res->kind = relo->kind;
	if (!bl_btf_type(local, relo->type_id)) {
		snprintf(res->desc, sizeof(res->desc), "type [%u]", relo->type_id);
		return bl_err_set(err, -EINVAL, "CO-RE relocation of type [%u]: type id out of range (%u types)",
				  relo->type_id, bl_btf_type_cnt(local));
	}
	core_describe_raw(local, relo, res->desc, sizeof(res->desc));
	if (!bl_core_relo_kind_name(relo->kind))
		return bl_err_set(err, -EINVAL, "CO-RE relocation of %s: unknown kind %u", res->desc,
				  relo->kind);
	rc = core_spec_parse(local, relo, &lspec, err);
	if (rc)
		return fail(res, err, rc);
	core_describe(&lspec, res->desc, sizeof(res->desc));
	if (relo->kind == BPF_CORE_TYPE_ID_LOCAL) {
		res->orig_val = res->new_val = relo->type_id;
		res->validate = false;	/* linking may renumber types */
		return 0;
	}
	lt = bl_btf_type(local, relo->type_id);
	name = bl_btf_name(local, lt->name_off);
	if (!*name)
		return fail(res, err, bl_err_set(err, -EOPNOTSUPP,
			"an anonymous type has no name to find it by in the target"));
	ess = bl_btf_essential_name_len(name);
	bl_btf_name_iter_init(&it, target, name, ess, bl_btf_kind(lt));
	while ((tid = bl_btf_name_iter_next(&it))) {
		struct bl_core_result c = { .kind = relo->kind };

		if (!core_is_candidate(lt, name, ess, target, tid))
			continue;
		res->cand_cnt++;
		rc = core_spec_match(&lspec, target, tid, &cspec, &work, err);
		if (rc < 0)
			return fail(res, err, rc);
		if (rc == 0)
			continue;
		if (fn && (rc = visit(&cspec, fn, ctx)))
			return rc;
		rc = calc_relo(&lspec, &cspec, relo->kind, &c, err);
		if (rc)
			return fail(res, err, bl_err_prefix(err, rc, "target type [%u]", tid));
		if (res->match_cnt == 0) {
			c.cand_cnt = res->cand_cnt;
			c.target_id = tid;
			memcpy(c.desc, res->desc, sizeof(c.desc));
			*res = c;
			targ_bits = cspec.bit_offset;
		} else if (cspec.bit_offset != targ_bits || c.poison != res->poison ||
			   c.new_val != res->new_val) {
			char a[96], b[96];

			core_type_str(target, res->target_id, a, sizeof(a));
			core_type_str(target, tid, b, sizeof(b));
			return fail(res, err, bl_err_set(err, -EINVAL,
				"ambiguous: target types [%u] %s and [%u] %s both match but give %llu (bit %llu) and %llu (bit %llu)",
				res->target_id, a, tid, b, (unsigned long long)res->new_val,
				(unsigned long long)targ_bits, (unsigned long long)c.new_val,
				(unsigned long long)cspec.bit_offset));
		}
		res->match_cnt++;
	}
	if (res->match_cnt == 0) {
		rc = calc_relo(&lspec, NULL, relo->kind, res, err);
		if (rc)
			return fail(res, err, rc);
	}
	return 0;
}
