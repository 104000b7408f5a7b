/* loader/static/inflate.c — DEFLATE decoding (RFC 1951) inside a zlib
 * (RFC 1950) or gzip (RFC 1952) wrapper, for the static bpfload
 * (inflate.h). Written for size, not speed: canonical Huffman codes are
 * decoded a bit at a time from per-length counts (RFC 1951 3.2.2), the
 * CRC-32 table is built at first use into .bss. zlib's rules on what is
 * invalid are kept (over-subscribed or incomplete codes, a missing
 * end-of-block code, distances before the start of the output, length
 * and distance symbols 286-287 and 30-31), so that a stream one accepts
 * the other accepts too (tests/fuzz/targets_inflate.c checks both ways).
 */
#include "inflate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The input, read LSB first (RFC 1951 3.1.1). Past its end the reader
 * gives zeros and sets short_: every loop checks it. */
struct bits {
	const uint8_t *p, *end;
	uint32_t buf;
	unsigned cnt;
	int short_;
};

static unsigned bits(struct bits *b, unsigned n)
{
	unsigned v;

	while (b->cnt < n) {
		if (b->p == b->end) {
			b->short_ = 1;
			return 0;
		}
		b->buf |= (uint32_t)*b->p++ << b->cnt;
		b->cnt += 8;
	}
	v = b->buf & ((1u << n) - 1);
	b->buf >>= n;
	b->cnt -= n;
	return v;
}

/* Drops the bits left in the current byte (the reader never holds a
 * whole byte it has not used: it loads one only when short of bits). */
static void align(struct bits *b)
{
	b->buf = 0;
	b->cnt = 0;
}

/* A canonical Huffman code: how many codes of each length, and the
 * symbols ordered by code (by length, then by symbol). */
struct huff {
	uint16_t count[16];
	uint16_t sym[288];
};

enum { CODES, LENS, DISTS };

/* Builds h from the lengths of n symbols (0: not used). Returns 0, or -1
 * for a set zlib rejects: over-subscribed, or incomplete, which is
 * allowed only for literal/length and distance codes that have no code
 * or a single code of one bit. */
static int build(struct huff *h, const uint8_t *lens, unsigned n, int kind)
{
	uint16_t offs[16];
	unsigned i, len;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (i = 0; i < n; i++)
		h->count[lens[i]]++;
	for (len = 1; len < 16; len++) {
		left = (left << 1) - h->count[len];
		if (left < 0)
			return -1;
	}
	offs[1] = 0;
	for (len = 1; len < 15; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (i = 0; i < n; i++)
		if (lens[i])
			h->sym[offs[lens[i]]++] = (uint16_t)i;
	if (left == 0 || (kind != CODES && h->count[0] + h->count[1] == n && h->count[1] <= 1))
		return 0;
	return -1;
}

/* The next symbol: codes are read MSB first, one bit at a time; the
 * codes of one length are consecutive numbers after those of the shorter
 * lengths (RFC 1951 3.2.2). -1: no code matches. */
static int decode(struct bits *b, const struct huff *h)
{
	int code = 0, first = 0, index = 0, len;

	for (len = 1; len < 16; len++) {
		code |= (int)bits(b, 1);
		if (code - first < h->count[len])
			return h->sym[index + code - first];
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return -1;
}

struct out {
	uint8_t *buf;
	size_t len, cap, max;
};

static int put(struct out *o, uint8_t c)
{
	if (o->len == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 4096;
		uint8_t *nb;

		if (o->len >= o->max)
			return -ENOSPC;
		if (cap > o->max)
			cap = o->max;
		if (!(nb = realloc(o->buf, cap)))
			return -ENOMEM;
		o->buf = nb;
		o->cap = cap;
	}
	o->buf[o->len++] = c;
	return 0;
}

#define FAIL(msg) do { *why = (msg); return -EINVAL; } while (0)

/* Base and extra bits of the length symbols 257..285 and the distance
 * symbols 0..29 (RFC 1951 3.2.5), computed rather than tabled: each base
 * is the previous one plus the range of its extra bits. */
struct bases {
	uint16_t lbase[29], dbase[30];
	uint8_t lext[29], dext[30];
};

static void bases(struct bases *t)
{
	unsigned i, l = 3, d = 1;

	for (i = 0; i < 30; i++) {
		if (i < 29) {
			t->lext[i] = i < 8 || i == 28 ? 0 : (uint8_t)((i >> 2) - 1);
			t->lbase[i] = i == 28 ? 258 : (uint16_t)l;
			l += 1u << t->lext[i];
		}
		t->dext[i] = i < 4 ? 0 : (uint8_t)((i >> 1) - 1);
		t->dbase[i] = (uint16_t)d;
		d += 1u << t->dext[i];
	}
}

/* The symbols of one compressed block, up to its end-of-block code. */
static int codes(struct bits *b, struct out *o, const struct huff *lit,
		 const struct huff *dist, const struct bases *t, const char **why)
{
	for (;;) {
		int sym = decode(b, lit), err;
		unsigned len, d;

		if (b->short_)
			break;
		if (sym < 0)
			FAIL("invalid literal/length code");
		if (sym < 256) {
			if ((err = put(o, (uint8_t)sym)))
				return err;
			continue;
		}
		if (sym == 256)
			return 0;
		if ((sym -= 257) >= 29)
			FAIL("invalid literal/length code");
		len = t->lbase[sym] + bits(b, t->lext[sym]);
		sym = decode(b, dist);
		if (b->short_)
			break;
		if (sym < 0 || sym >= 30)
			FAIL("invalid distance code");
		d = t->dbase[sym] + bits(b, t->dext[sym]);
		if (b->short_)
			break;
		if (d > o->len)
			FAIL("invalid distance too far back");
		while (len--)
			if ((err = put(o, o->buf[o->len - d])))
				return err;
	}
	FAIL("truncated input");
}

/* The order in which a dynamic block lists the code length code's
 * lengths (RFC 1951 3.2.7). */
static const uint8_t clen_order[19] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

/* A dynamic block's code definitions (RFC 1951 3.2.7) into lit, dist. */
static int dynamic(struct bits *b, struct huff *lit, struct huff *dist, const char **why)
{
	uint8_t lens[286 + 30];
	unsigned nlen, ndist, ncode, i = 0;
	struct huff cl;

	nlen = bits(b, 5) + 257;
	ndist = bits(b, 5) + 1;
	ncode = bits(b, 4) + 4;
	if (nlen > 286 || ndist > 30)
		FAIL("too many length or distance symbols");
	memset(lens, 0, 19);
	for (i = 0; i < ncode; i++)
		lens[clen_order[i]] = (uint8_t)bits(b, 3);
	if (build(&cl, lens, 19, CODES))
		FAIL("invalid code lengths set");
	for (i = 0; i < nlen + ndist && !b->short_;) {
		int sym = decode(b, &cl);
		unsigned rep;
		uint8_t v = 0;

		if (sym < 0)
			FAIL("invalid code lengths set");
		if (sym < 16) {
			lens[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				FAIL("invalid bit length repeat");
			v = lens[i - 1];
			rep = 3 + bits(b, 2);
		} else if (sym == 17) {
			rep = 3 + bits(b, 3);
		} else {
			rep = 11 + bits(b, 7);
		}
		if (i + rep > nlen + ndist)
			FAIL("invalid bit length repeat");
		while (rep--)
			lens[i++] = v;
	}
	if (b->short_)
		FAIL("truncated input");
	if (lens[256] == 0)
		FAIL("invalid code -- missing end-of-block");
	if (build(lit, lens, nlen, LENS))
		FAIL("invalid literal/lengths set");
	if (build(dist, lens + nlen, ndist, DISTS))
		FAIL("invalid distances set");
	return 0;
}

/* The blocks, up to the last one (RFC 1951 3.2.3). */
static int blocks(struct bits *b, struct out *o, const char **why)
{
	struct huff lit, dist;
	struct bases t;
	unsigned last;
	int err;

	bases(&t);
	do {
		last = bits(b, 1);
		switch (bits(b, 2)) {
		case 0: { /* stored (3.2.4) */
			unsigned n, nn;

			align(b);
			n = bits(b, 16);
			nn = bits(b, 16);
			if (!b->short_ && (n ^ 0xffff) != nn)
				FAIL("invalid stored block lengths");
			if (b->short_ || (size_t)(b->end - b->p) < n)
				FAIL("truncated input");
			while (n--)
				if ((err = put(o, *b->p++)))
					return err;
			continue;
		}
		case 1: { /* fixed codes (3.2.6) */
			uint8_t lens[288];

			memset(lens, 8, 144);
			memset(lens + 144, 9, 112);
			memset(lens + 256, 7, 24);
			memset(lens + 280, 8, 8);
			build(&lit, lens, 288, LENS);
			memset(lens, 5, 30);
			build(&dist, lens, 30, DISTS);
			break;
		}
		case 2:
			if ((err = dynamic(b, &lit, &dist, why)))
				return err;
			break;
		default:
			if (b->short_)
				FAIL("truncated input");
			FAIL("invalid block type");
		}
		if ((err = codes(b, o, &lit, &dist, &t, why)))
			return err;
	} while (!last);
	return 0;
}

/* A gzip member's header (RFC 1952 2.3.1). */
static int gzip_header(struct bits *b, const char **why)
{
	const uint8_t *start = b->p;
	unsigned flg;

	if (bits(b, 16) != 0x8b1f)
		FAIL("incorrect header check");
	if (bits(b, 8) != 8)
		FAIL("unknown compression method");
	flg = bits(b, 8);
	if (flg & 0xe0)
		FAIL("unknown header flags set");
	bits(b, 16), bits(b, 16), bits(b, 16); /* MTIME, XFL, OS */
	if (flg & 4) { /* FEXTRA */
		unsigned n = bits(b, 16);

		if (b->short_ || (size_t)(b->end - b->p) < n)
			FAIL("truncated input");
		b->p += n;
	}
	if (flg & 8) /* FNAME */
		while (!b->short_ && bits(b, 8))
			;
	if (flg & 16) /* FCOMMENT */
		while (!b->short_ && bits(b, 8))
			;
	if (flg & 2 && !b->short_) { /* FHCRC: the CRC-32's low half */
		unsigned crc = bl_crc32(0, start, (size_t)(b->p - start)) & 0xffff;

		if (bits(b, 16) != crc && !b->short_)
			FAIL("header crc mismatch");
	}
	if (b->short_)
		FAIL("truncated input");
	return 0;
}

/* A zlib header (RFC 1950 2.2). */
static int zlib_header(struct bits *b, const char **why)
{
	unsigned cmf = bits(b, 8), flg = bits(b, 8);

	if (b->short_)
		FAIL("truncated input");
	if (((cmf << 8) | flg) % 31)
		FAIL("incorrect header check");
	if ((cmf & 15) != 8)
		FAIL("unknown compression method");
	if ((cmf >> 4) > 7)
		FAIL("invalid window size");
	if (flg & 0x20)
		FAIL("preset dictionary not supported");
	return 0;
}

static uint32_t u32(struct bits *b)
{
	uint32_t lo = bits(b, 16);

	return lo | (uint32_t)bits(b, 16) << 16;
}

static uint32_t bswap(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

static int stream(struct bits *b, enum bl_inflate_wrap wrap, struct out *o, const char **why)
{
	uint32_t check;
	int err;

	if (wrap == BL_INFLATE_AUTO)
		wrap = b->end - b->p >= 2 && b->p[0] == 0x1f && b->p[1] == 0x8b ?
			       BL_INFLATE_GZIP : BL_INFLATE_ZLIB;
	if (wrap == BL_INFLATE_GZIP)
		err = gzip_header(b, why);
	else if (wrap == BL_INFLATE_ZLIB)
		err = zlib_header(b, why);
	else
		err = 0;
	if (err || (err = blocks(b, o, why)) || wrap == BL_INFLATE_RAW)
		return err;
	align(b);
	check = u32(b);
	if (wrap == BL_INFLATE_ZLIB) {
		if (!b->short_ && bswap(check) != bl_adler32(1, o->buf, o->len))
			FAIL("incorrect data check");
	} else {
		if (!b->short_ && check != bl_crc32(0, o->buf, o->len))
			FAIL("incorrect data check");
		if (u32(b) != (uint32_t)o->len && !b->short_)
			FAIL("incorrect length check");
	}
	if (b->short_)
		FAIL("truncated input");
	return 0;
}

int bl_inflate(const uint8_t *in, size_t len, enum bl_inflate_wrap wrap, size_t max_out,
	       uint8_t **out, size_t *out_len, size_t *used, const char **why)
{
	struct bits b = { .p = in, .end = in + len };
	struct out o = { .max = max_out };
	int err;

	*why = NULL;
	err = stream(&b, wrap, &o, why);
	if (!err && b.short_)
		err = -EINVAL, *why = "truncated input";
	if (err) {
		free(o.buf);
		o.buf = NULL;
		o.len = 0;
		if (err == -ENOMEM)
			*why = "insufficient memory";
		else if (err == -ENOSPC)
			*why = "output larger than the buffer";
	}
	*out = o.buf;
	*out_len = o.len;
	*used = (size_t)(b.p - in);
	return err;
}

uint32_t bl_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
	static uint32_t table[256];
	unsigned i, k;

	if (!table[1])
		for (i = 0; i < 256; i++) {
			uint32_t c = i;

			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint32_t bl_adler32(uint32_t adler, const uint8_t *p, size_t len)
{
	uint32_t a = adler & 0xffff, b = adler >> 16;

	while (len) {
		/* 5552 bytes at most between reductions keep b in 32 bits */
		size_t n = len < 5552 ? len : 5552;

		len -= n;
		while (n--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}
