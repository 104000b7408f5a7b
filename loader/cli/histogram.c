/* loader/cli/histogram.c — `bpfload run`: maps that hold histograms,
 * printed as bcc's tools print them.
 *
 * A log2 histogram's slot i counts the values from 2^i to 2^(i+1) - 1
 * (slot 0: 0 and 1); a BPF program computes i as the index of the
 * highest bit set (bpf-progs/latency_hist.bpf.c). The rows:
 *
 *      usecs               : count    distribution
 *          0 -> 1          : 0        |                                        |
 *       1024 -> 2047       : 3        |****************************************|
 *
 * A linear one's slot i counts the value i. Which maps are histograms,
 * and the linear convention: elf/value/btf_hist.c and bl_cli_hist_detect.
 * The values are read with BPF_MAP_LOOKUP_ELEM (loader/load/maps.c).
 */
#include "loader/cli/histogram.h"

#include <string.h>

#include "elf/value/btf_hist.h"

/* The unit, from the map's name: latency_usecs, dist_ns, ... */
static const char *unit_of(const char *name)
{
	static const struct { const char *has, *unit; } units[] = {
		{ "nsec", "nsecs" }, { "_ns", "nsecs" }, { "usec", "usecs" }, { "_us", "usecs" },
		{ "msec", "msecs" }, { "_ms", "msecs" }, { "byte", "bytes" }, { "kbyte", "kbytes" },
	};
	const char *unit = "value";

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strstr(name, units[i].has))
			unit = units[i].unit;
	return unit;
}

static bool is_array(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static bool is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

bool bl_cli_hist_detect(const struct bl_map *m, const struct bl_btf *btf, enum bl_hist_mode mode,
			struct bl_cli_hist *h)
{
	const struct bl_map_spec *d = m->spec;
	struct bl_btf_hist bh;

	memset(h, 0, sizeof(*h));
	if (d->origin == BL_MAP_DATA)
		return false;
	if (btf && d->btf_value_type_id && !bl_btf_hist_find(btf, d->btf_value_type_id, &bh) &&
	    (uint64_t)bh.offset + (uint64_t)bh.elem_size * bh.nslots <= m->value_size) {
		h->offset = bh.offset;
		h->elem_size = bh.elem_size;
		h->nslots = bh.nslots;
		h->linear = bh.linear || strstr(d->name, "linear");
	} else if (is_array(d->type) && strstr(d->name, "hist") && d->key_size == 4 &&
		   (m->value_size == 4 || m->value_size == 8) && m->max_entries > 1) {
		h->counters = true;
		h->elem_size = m->value_size;
		h->nslots = m->max_entries;
		h->linear = strstr(d->name, "linear") != NULL;
	} else {
		return false;
	}
	if (mode != BL_HIST_AUTO)
		h->linear = mode == BL_HIST_LINEAR;
	h->unit = unit_of(d->name);
	return true;
}

static uint64_t count_at(const unsigned char *p, uint32_t size)
{
	switch (size) {
	case 1: return *p;
	case 2: { uint16_t x; memcpy(&x, p, 2); return x; }
	case 4: { uint32_t x; memcpy(&x, p, 4); return x; }
	default: { uint64_t x; memcpy(&x, p, 8); return x; }
	}
}

void bl_cli_hist_add(const struct bl_cli_hist *h, const struct bl_map *m, const void *value,
		     size_t value_len, uint64_t *slots)
{
	/* per-CPU: one value per CPU, each rounded up to 8 bytes */
	size_t stride = is_percpu(m->spec->type) ? (m->value_size + 7u) / 8 * 8 : value_len;
	const unsigned char *v = value;

	for (size_t at = 0; stride && at + m->value_size <= value_len; at += stride)
		for (uint32_t i = 0; i < h->nslots; i++)
			slots[i] += count_at(v + at + h->offset + (size_t)i * h->elem_size,
					     h->elem_size);
}

/* bcc's print_stars: width characters, '*' for val / max of them, a '+'
 * past the end when val is over max. */
static void stars(FILE *f, uint64_t val, uint64_t max, int width)
{
	int n = max ? (int)((val < max ? val : max) * (uint64_t)width / max) : 0;

	for (int i = 0; i < width; i++)
		fputc(i < n ? '*' : ' ', f);
	if (val > max)
		fputc('+', f);
}

void bl_cli_hist_print(FILE *f, const struct bl_cli_hist *h, const uint64_t *slots, uint32_t n)
{
	int first = -1, last = -1;
	uint64_t max = 0;

	for (uint32_t i = 0; i < n; i++) {
		if (!slots[i])
			continue;
		if (first < 0)
			first = (int)i;
		last = (int)i;
		max = slots[i] > max ? slots[i] : max;
	}
	if (h->linear) {
		fprintf(f, "     %-13s : count     distribution\n", h->unit);
		for (int i = first; first >= 0 && i <= last; i++) {
			fprintf(f, "        %-10d : %-8llu |", i, (unsigned long long)slots[i]);
			stars(f, slots[i], max, 40);
			fputs("|\n", f);
		}
		return;
	}
	/* past slot 32 the numbers get wider and the bars shorter, as bcc's */
	bool wide = last > 32;
	int width = wide ? 20 : 10, bar = wide ? 20 : 40;

	fprintf(f, "%*s%-*s : count    distribution\n", wide ? 15 : 5, "", wide ? 29 : 19, h->unit);
	for (int i = 0; i <= last && i < 64; i++) {
		unsigned long long low = 1ull << i;
		unsigned long long high = i >= 63 ? ~0ull : (1ull << (i + 1)) - 1;

		if (low == high)	/* slot 0: 0 and 1 */
			low--;
		fprintf(f, "%*llu -> %-*llu : %-8llu |", width, low, width, high,
			(unsigned long long)slots[i]);
		stars(f, slots[i], max, bar);
		fputs("|\n", f);
	}
}
