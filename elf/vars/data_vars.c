/* elf/vars/data_vars.c — global variables by name, and setting them before
 * the load (bpfload --set NAME=VALUE).
 *
 * Documentation/bpf/btf.rst, "2.2.15 BTF_KIND_VAR" and "2.2.16
 * BTF_KIND_DATASEC": the DATASEC of .data, .rodata or .bss lists the
 * section's variables: for each a VAR (its name and type) and its offset
 * and size in the section (filled in by btf_fixup.c). A variable's
 * initial value is the bytes at that offset in the map's initial contents
 * (elf/read/data_sections.c), which the loader writes into the map before any
 * program runs. This is how a tool configures a program without
 * recompiling it, typically `const volatile` variables in .rodata, which
 * the verifier then sees as constants (libbpf skeletons do the same
 * through bpf_map__initial_value / skel->rodata).
 * Pure: no syscalls.
 */
#include "elf/object.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf/btf/btf.h"

static uint32_t datasec_of(const struct bl_object_spec *obj, const struct bl_map_spec *m)
{
	int id;

	if (m->btf_value_type_id)
		return m->btf_value_type_id;
	id = bl_btf_find_by_name_kind(obj->btf_fixed, obj->sections[m->sec_idx].name,
				      BTF_KIND_DATASEC);
	return id > 0 ? (uint32_t)id : 0;
}

/* "a, b, c": the variables there are, for the message of a wrong name. */
static void list_vars(const struct bl_object_spec *obj, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < obj->map_cnt && n < len; i++) {
		const struct bl_map_spec *m = &obj->maps[i];
		const struct btf_type *t;
		uint32_t ds;

		if (m->origin != BL_MAP_DATA || !(ds = datasec_of(obj, m)))
			continue;
		t = bl_btf_type(obj->btf_fixed, ds);
		for (unsigned k = 0; k < bl_btf_vlen(t) && n < len; k++) {
			const struct btf_type *v =
				bl_btf_type(obj->btf_fixed, bl_btf_secinfos(t)[k].type);

			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
					      bl_btf_name(obj->btf_fixed, v->name_off));
		}
	}
}

int bl_object_spec_find_var(const struct bl_object_spec *obj, const char *name, struct bl_var *out,
		       struct bl_err *err)
{
	char vars[256];

	if (!obj->btf_fixed)
		return bl_err_set(err, -ENOENT,
				  "%s: variable %s: the object has no .BTF, through which variables are found by name (build it with clang -g)",
				  obj->path, name);
	for (size_t i = 0; i < obj->map_cnt; i++) {
		const struct bl_map_spec *m = &obj->maps[i];
		const struct btf_type *t;
		uint32_t ds;

		if (m->origin != BL_MAP_DATA || !(ds = datasec_of(obj, m)))
			continue;
		t = bl_btf_type(obj->btf_fixed, ds);
		for (unsigned k = 0; k < bl_btf_vlen(t); k++) {
			const struct btf_var_secinfo *vsi = &bl_btf_secinfos(t)[k];
			const struct btf_type *v = bl_btf_type(obj->btf_fixed, vsi->type);

			if (bl_btf_kind(v) != BTF_KIND_VAR ||
			    strcmp(bl_btf_name(obj->btf_fixed, v->name_off), name) != 0)
				continue;
			if ((uint64_t)vsi->offset + vsi->size > m->value_size)
				return bl_err_set(err, -ENOEXEC,
						  "%s: variable %s: bytes %u..%llu lie outside section %s (%u bytes)",
						  obj->path, name, vsi->offset,
						  (unsigned long long)vsi->offset + vsi->size,
						  obj->sections[m->sec_idx].name, m->value_size);
			out->name = bl_btf_name(obj->btf_fixed, v->name_off);
			out->map = (int)i;
			out->offset = vsi->offset;
			out->size = vsi->size;
			out->type_id = v->type;
			return 0;
		}
	}
	list_vars(obj, vars, sizeof(vars));
	return bl_err_set(err, -ENOENT, "%s: no variable %s in .data, .rodata or .bss (%s%s)",
			  obj->path, name, vars[0] ? "there are: " : "there are none",
			  vars);
}

/* An integer: decimal, 0x hex, 0 octal, with a sign; or for an enum the
 * name of one of its values. */
static int parse_int(const struct bl_btf *btf, const struct btf_type *t, const char *s,
		     int64_t *v, bool *negative)
{
	char *end;

	*negative = s[0] == '-';
	errno = 0;
	if (*negative)
		*v = strtoll(s, &end, 0);
	else
		*v = (int64_t)strtoull(s, &end, 0);
	if (!errno && end != s && *end == '\0')
		return 0;
	if (errno == ERANGE)
		return -ERANGE;
	if (bl_btf_kind(t) == BTF_KIND_ENUM) {
		for (unsigned i = 0; i < bl_btf_vlen(t); i++)
			if (!strcmp(bl_btf_name(btf, bl_btf_enums(t)[i].name_off), s)) {
				*v = bl_btf_kflag(t) ? (int64_t)bl_btf_enums(t)[i].val
						     : (int64_t)(uint32_t)bl_btf_enums(t)[i].val;
				*negative = *v < 0;
				return 0;
			}
	} else if (bl_btf_kind(t) == BTF_KIND_ENUM64) {
		for (unsigned i = 0; i < bl_btf_vlen(t); i++)
			if (!strcmp(bl_btf_name(btf, bl_btf_enum64s(t)[i].name_off), s)) {
				const struct btf_enum64 *e = &bl_btf_enum64s(t)[i];

				*v = (int64_t)((uint64_t)e->val_hi32 << 32 | e->val_lo32);
				*negative = bl_btf_kflag(t) && *v < 0;
				return 0;
			}
	}
	return -EINVAL;
}

/* Does v fit in size bytes, signed or not? */
static bool fits(int64_t v, bool negative, uint32_t size, bool is_signed)
{
	unsigned bits = size * 8;

	if (bits >= 64)
		return !negative || is_signed;
	if (negative)
		return is_signed && v >= -((int64_t)1 << (bits - 1));
	return (uint64_t)v < ((uint64_t)1 << (is_signed ? bits - 1 : bits));
}

static int set_bytes(struct bl_object_spec *obj, const struct bl_var *var, const void *bytes,
		     struct bl_err *err)
{
	struct bl_map_spec *m = &obj->maps[var->map];
	unsigned char *data = (unsigned char *)m->init_data;

	if (!data) { /* .bss: zeros until now */
		data = calloc(1, m->init_size ? m->init_size : 1);
		if (!data)
			return bl_err_set(err, -ENOMEM, "%s: out of memory", obj->path);
		m->init_data = data;
	}
	memcpy(data + var->offset, bytes, var->size);
	return 0;
}

int bl_object_spec_set_var(struct bl_object_spec *obj, const char *name, const char *value,
		      struct bl_err *err)
{
	const struct bl_btf *btf = obj->btf_fixed;
	const struct btf_type *t;
	struct bl_var var;
	unsigned char bytes[8];
	uint32_t size;
	int64_t v;
	bool negative, is_signed = false, is_bool = false;
	int ret = bl_object_spec_find_var(obj, name, &var, err);

	if (ret)
		return ret;
	/* The loader fills that map from the kernel's configuration
	 * (loader/load/kconfig.c); it has no initial contents to change. */
	if (var.map == obj->kconfig_map)
		return bl_err_set(err, -EINVAL,
				  "%s: %s is a .kconfig extern: its value comes from the kernel's configuration and cannot be set",
				  obj->path, name);
	t = bl_btf_skip_modifiers(btf, var.type_id, NULL);
	if (!t || bl_btf_resolve_size(btf, var.type_id, &size) || size != var.size)
		return bl_err_set(err, -EINVAL,
				  "%s: variable %s: its type's size does not match its %u bytes in section %s",
				  obj->path, name, var.size,
				  obj->sections[obj->maps[var.map].sec_idx].name);
	if (bl_btf_kind(t) == BTF_KIND_ARRAY) {
		const struct btf_type *elem = bl_btf_skip_modifiers(btf, bl_btf_array(t)->type, NULL);
		char *str;
		size_t len = strlen(value);

		if (!elem || bl_btf_kind(elem) != BTF_KIND_INT || elem->size != 1)
			goto unsupported;
		if (len >= var.size)
			return bl_err_set(err, -ERANGE,
					  "%s: variable %s: \"%s\" (%zu characters and a NUL) does not fit in its %u bytes",
					  obj->path, name, value, len, var.size);
		str = calloc(1, var.size);
		if (!str)
			return bl_err_set(err, -ENOMEM, "%s: out of memory", obj->path);
		memcpy(str, value, len);
		ret = set_bytes(obj, &var, str, err);
		free(str);
		return ret;
	}
	if (bl_btf_kind(t) == BTF_KIND_INT) {
		uint32_t enc = BTF_INT_ENCODING(bl_btf_int_data(t));

		if (BTF_INT_BITS(bl_btf_int_data(t)) != size * 8 || size > 8)
			goto unsupported; /* a bitfield's type, __int128 */
		is_signed = enc & BTF_INT_SIGNED;
		is_bool = enc & BTF_INT_BOOL;
		if (is_bool && !strcmp(value, "true"))
			value = "1";
		else if (is_bool && !strcmp(value, "false"))
			value = "0";
	} else if (bl_btf_kind(t) == BTF_KIND_ENUM || bl_btf_kind(t) == BTF_KIND_ENUM64) {
		is_signed = bl_btf_kflag(t);
	} else {
		goto unsupported;
	}
	ret = parse_int(btf, t, value, &v, &negative);
	if (ret == -EINVAL)
		return bl_err_set(err, ret, "%s: variable %s: '%s' is not an integer%s%s",
				  obj->path, name, value,
				  is_bool ? " (nor true or false)" : "",
				  bl_btf_kind(t) == BTF_KIND_INT ? "" : " nor a value of its enum");
	if (ret || !fits(v, negative, size, is_signed) || (is_bool && (uint64_t)v > 1))
		return bl_err_set(err, -ERANGE,
				  "%s: variable %s: %s does not fit: it is %s of %u byte%s",
				  obj->path, name, value,
				  is_bool ? "a bool" : is_signed ? "signed" : "unsigned", size,
				  size == 1 ? "" : "s");
	switch (size) { /* the host's byte order is the object's (reader.c) */
	case 1: { uint8_t x = (uint8_t)v; memcpy(bytes, &x, 1); break; }
	case 2: { uint16_t x = (uint16_t)v; memcpy(bytes, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; memcpy(bytes, &x, 4); break; }
	case 8: { uint64_t x = (uint64_t)v; memcpy(bytes, &x, 8); break; }
	default: goto unsupported;
	}
	return set_bytes(obj, &var, bytes, err);
unsupported:
	return bl_err_set(err, -EOPNOTSUPP,
			  "%s: variable %s: only integers, enums, bools and char arrays can be set (it is a %s)",
			  obj->path, name, bl_btf_kind_name(bl_btf_kind(t)));
}
