/* tests/unit/test_inflate.c — the static build's inflate
 * (loader/static/inflate.c, zstream.c) against zlib, which the unit
 * tests link: zlib's deflate makes the streams (every level and strategy,
 * raw, zlib and gzip wrappers), zlib's inflate is the oracle for damaged
 * ones; truncated and hostile input must be refused with a reason.
 */
#define _GNU_SOURCE /* memmem */
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "loader/static/inflate.h"
#include "loader/static/zstream.h"

/* Some text with repeats near and far, then pseudo-random bytes. */
static uint8_t *sample(size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	uint32_t x = 12345;

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245 + 12345;
		if (i < len / 2)
			p[i] = "CONFIG_BPF=y\nCONFIG_DEBUG_INFO_BTF=y\n# CONFIG_X is not set\n"[(i * 7 + (x >> 28)) % 58];
		else
			p[i] = (uint8_t)(x >> 16);
	}
	return p;
}

/* zlib's deflate of in[0..len) with window_bits (-15 raw, 15 zlib, 31
 * gzip), level and strategy; *out_len bytes, malloc'ed. */
static uint8_t *zdeflate(const uint8_t *in, size_t len, int window_bits, int level, int strategy,
			 gz_header *head, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap;
	uint8_t *out;

	ck_assert_int_eq(deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, strategy), Z_OK);
	if (head)
		ck_assert_int_eq(deflateSetHeader(&z, head), Z_OK);
	cap = deflateBound(&z, len) + 64;
	out = malloc(cap);
	ck_assert_ptr_nonnull(out);
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

/* zlib's verdict on a stream: Z_STREAM_END with *out (malloc'ed) and
 * *used, or its error. */
static int zinflate(const uint8_t *in, size_t len, int window_bits, uint8_t **out,
		    size_t *out_len, size_t *used)
{
	z_stream z = { 0 };
	size_t cap = 1 << 16;
	int ret;

	*out = malloc(cap);
	ck_assert_int_eq(inflateInit2(&z, window_bits), Z_OK);
	z.next_in = (uint8_t *)in;
	z.avail_in = (uInt)len;
	for (;;) {
		z.next_out = *out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		ret = inflate(&z, Z_FINISH);
		if (ret != Z_BUF_ERROR || z.avail_out)
			break;
		cap *= 2;
		*out = realloc(*out, cap);
	}
	*out_len = z.total_out;
	*used = z.total_in;
	inflateEnd(&z);
	return ret;
}

static const struct {
	int window_bits;
	enum bl_inflate_wrap wrap;
} wraps[] = {
	{ -15, BL_INFLATE_RAW }, { 15, BL_INFLATE_ZLIB }, { 31, BL_INFLATE_GZIP },
	{ 15, BL_INFLATE_AUTO }, { 31, BL_INFLATE_AUTO },
};
#define NWRAPS (sizeof(wraps) / sizeof(wraps[0]))

static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };

/* Every level 0-9, every strategy, every wrapper, sizes from empty to
 * more than the 32 KB window: the bytes back, the whole stream used and
 * not a byte of what follows it. */
START_TEST(round_trip)
{
	static const size_t sizes[] = { 0, 1, 2, 300, 70000 };
	size_t si = (size_t)_i;
	uint8_t *in = sample(sizes[si]);
	int blocks[3] = { 0 };

	for (int level = 0; level <= 9; level++)
		for (size_t s = 0; s < sizeof(strategies) / sizeof(strategies[0]); s++)
			for (size_t w = 0; w < NWRAPS; w++) {
				size_t zlen, out_len, used;
				uint8_t *z = zdeflate(in, sizes[si], wraps[w].window_bits, level,
						      strategies[s], NULL, &zlen), *out;
				const char *why;
				int err;

				z = realloc(z, zlen + 3);
				memcpy(z + zlen, "xyz", 3); /* not part of the stream */
				err = bl_inflate(z, zlen + 3, wraps[w].wrap, SIZE_MAX, &out, &out_len, &used, &why);
				ck_assert_msg(err == 0, "size %zu level %d strategy %d wrap %zu: %s",
					      sizes[si], level, strategies[s], w, why);
				ck_assert_uint_eq(out_len, sizes[si]);
				ck_assert_uint_eq(used, zlen);
				ck_assert(out_len == 0 || memcmp(out, in, out_len) == 0);
				if (wraps[w].window_bits < 0 && zlen && ((z[0] >> 1) & 3) < 3)
					blocks[(z[0] >> 1) & 3] = 1; /* the first block's type */
				free(out);
				free(z);
			}
	if (sizes[si] >= 70000) /* stored (level 0), fixed (Z_FIXED), dynamic blocks */
		ck_assert(blocks[0] && blocks[1] && blocks[2]);
	free(in);
}
END_TEST

/* Every prefix of a stream, each in a buffer of its exact size (so that
 * AddressSanitizer sees a read past it): refused, nothing handed out. */
START_TEST(truncated)
{
	uint8_t *in = sample(5000);

	for (size_t w = 0; w < 3; w++) {
		size_t zlen;
		uint8_t *z = zdeflate(in, 5000, wraps[w].window_bits, 6, Z_DEFAULT_STRATEGY, NULL,
				      &zlen);

		for (size_t n = 0; n < zlen; n++) {
			uint8_t *cut = malloc(n ? n : 1), *out = (uint8_t *)1;
			size_t out_len = 1, used;
			const char *why = NULL;

			memcpy(cut, z, n);
			ck_assert_int_eq(bl_inflate(cut, n, wraps[w].wrap, SIZE_MAX, &out, &out_len, &used, &why),
					 -EINVAL);
			ck_assert_ptr_null(out);
			ck_assert_uint_eq(out_len, 0);
			ck_assert_ptr_nonnull(why);
			ck_assert_uint_le(used, n);
			free(cut);
		}
		free(z);
	}
	free(in);
}
END_TEST

/* One byte of a stream changed, at every offset, a few ways: both
 * decoders accept it (with the same bytes and length used) or both refuse
 * it. The zlib and gzip checks catch most; raw streams test the decoder. */
START_TEST(damaged_like_zlib)
{
	uint8_t *in = sample(3000);
	static const uint8_t flips[] = { 0x01, 0x10, 0x80, 0xff };
	int refused = 0, accepted = 0;

	for (size_t w = 0; w < 3; w++)
		for (int strategy = 0; strategy < 2; strategy++) {
			size_t zlen;
			uint8_t *z = zdeflate(in, 3000, wraps[w].window_bits, 9,
					      strategy ? Z_FIXED : Z_DEFAULT_STRATEGY, NULL, &zlen);

			for (size_t i = 0; i < zlen; i++)
				for (size_t f = 0; f < sizeof(flips); f++) {
					uint8_t *out, *zout;
					size_t out_len, used, zout_len, zused;
					const char *why;
					int err, zret;

					z[i] ^= flips[f];
					err = bl_inflate(z, zlen, wraps[w].wrap, SIZE_MAX, &out, &out_len, &used, &why);
					zret = zinflate(z, zlen, wraps[w].window_bits, &zout, &zout_len,
							&zused);
					ck_assert_msg((err == 0) == (zret == Z_STREAM_END),
						      "wrap %zu byte %zu ^%#x: ours %d (%s), zlib %d", w, i,
						      flips[f], err, err ? why : "ok", zret);
					if (!err) {
						ck_assert_uint_eq(out_len, zout_len);
						ck_assert_uint_eq(used, zused);
						ck_assert(!out_len || !memcmp(out, zout, out_len));
						accepted++;
					} else {
						refused++;
					}
					free(out);
					free(zout);
					z[i] ^= flips[f];
				}
			free(z);
		}
	ck_assert_int_gt(refused, 0);
	ck_assert_int_gt(accepted, 0); /* raw streams: some changes are just other data */
	free(in);
}
END_TEST

/* Hand-made raw streams, each refused for its own reason (zlib's words). */
START_TEST(hostile)
{
	static const struct {
		uint8_t in[8];
		size_t len;
		const char *why;
	} cases[] = {
		{ { 0x07 }, 1, "invalid block type" },
		{ { 0x01, 0x00, 0x00, 0x00, 0x00 }, 5, "invalid stored block lengths" },
		{ { 0x01, 0x05, 0x00, 0xfa, 0xff, 'a' }, 6, "truncated input" },
		/* fixed block: length 3, distance 1, with nothing before it */
		{ { 0x03, 0x02 }, 2, "invalid distance too far back" },
		/* dynamic block, HLIT = 287 */
		{ { 0xf5, 0x00, 0x00, 0x00 }, 4, "too many length or distance symbols" },
		/* dynamic block whose code length code is all zeros */
		{ { 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, 8, "invalid code lengths set" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *out, *zout;
		size_t out_len, used, zlen, zused;
		const char *why;

		ck_assert_int_eq(bl_inflate(cases[i].in, cases[i].len, BL_INFLATE_RAW, SIZE_MAX, &out,
					    &out_len, &used, &why), -EINVAL);
		ck_assert_msg(!strcmp(why, cases[i].why), "case %zu: %s, expected %s", i, why,
			      cases[i].why);
		ck_assert_int_ne(zinflate(cases[i].in, cases[i].len, -15, &zout, &zlen, &zused),
				 Z_STREAM_END);
		free(zout);
	}
}
END_TEST

/* gzip headers with a name, a comment, extra bytes and a header CRC; a
 * wrong header CRC, reserved flags and a wrong length are refused. */
START_TEST(gzip_header)
{
	uint8_t *in = sample(1000), *out;
	char name[] = "config", comment[] = "a comment";
	uint8_t extra[] = "AB\x02\x00xy";
	gz_header head = { .text = 1, .time = 1700000000, .os = 3, .extra = extra,
			   .extra_len = 6, .name = (Bytef *)name, .comment = (Bytef *)comment,
			   .hcrc = 1 };
	size_t zlen, out_len, used, hlen;
	uint8_t *z = zdeflate(in, 1000, 31, 6, Z_DEFAULT_STRATEGY, &head, &zlen);
	const char *why;

	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), 0);
	ck_assert_uint_eq(out_len, 1000);
	ck_assert(!memcmp(out, in, 1000));
	free(out);
	ck_assert_int_eq(z[3], 0x1f); /* FTEXT FHCRC FEXTRA FNAME FCOMMENT */
	hlen = 10 + 2 + 6 + sizeof(name) + sizeof(comment);
	z[hlen] ^= 1; /* the header CRC */
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	ck_assert_str_eq(why, "header crc mismatch");
	z[hlen] ^= 1;
	z[3] |= 0x20;
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	ck_assert_str_eq(why, "unknown header flags set");
	z[3] &= ~0x20;
	z[zlen - 4] ^= 1; /* ISIZE */
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	ck_assert_str_eq(why, "incorrect length check");
	z[zlen - 4] ^= 1;
	z[zlen - 5] ^= 1; /* CRC-32 */
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	ck_assert_str_eq(why, "incorrect data check");
	/* a zlib stream is not a gzip one, and the other way round */
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_ZLIB, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	free(z);
	z = zdeflate(in, 1000, 15, 6, Z_DEFAULT_STRATEGY, NULL, &zlen);
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	ck_assert_str_eq(why, "incorrect header check");
	z[zlen - 1] ^= 1; /* Adler-32 */
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_ZLIB, SIZE_MAX, &out, &out_len, &used, &why), -EINVAL);
	ck_assert_str_eq(why, "incorrect data check");
	free(z);
	free(in);
}
END_TEST

START_TEST(checksums)
{
	uint8_t *in = sample(20000);

	for (size_t n = 0; n < 20000; n = n * 3 + 1) {
		ck_assert_uint_eq(bl_crc32(0, in, n), crc32(0, in, (uInt)n));
		ck_assert_uint_eq(bl_adler32(1, in, n), adler32(1, in, (uInt)n));
		ck_assert_uint_eq(bl_crc32(bl_crc32(0, in, n / 2), in + n / 2, n - n / 2),
				  crc32(0, in, (uInt)n));
	}
	free(in);
}
END_TEST

/* The two ways the z_stream interface is called. libelf's
 * __libelf_decompress: inflate(Z_FINISH) into a buffer of the known
 * size, then inflateReset while input is left (two streams one after the
 * other here); kconfig.c: gzip, an output buffer that grows, Z_NO_FLUSH. */
START_TEST(zstream_callers)
{
	uint8_t *in = sample(40000), *out = malloc(80000);
	size_t l1, l2;
	uint8_t *z1 = zdeflate(in, 40000, 15, 6, Z_DEFAULT_STRATEGY, NULL, &l1);
	uint8_t *z2 = zdeflate(in, 40000, 15, 1, Z_DEFAULT_STRATEGY, NULL, &l2);
	uint8_t *both = malloc(l1 + l2);
	z_stream z = { 0 };
	int ret = Z_OK;

	memcpy(both, z1, l1);
	memcpy(both + l1, z2, l2);
	z.next_in = both;
	z.avail_in = (uInt)(l1 + l2);
	z.next_out = out;
	z.avail_out = 80000;
	ck_assert_int_eq(bl_zinflate_init2(&z, MAX_WBITS, ZLIB_VERSION, (int)sizeof(z)), Z_OK);
	while (z.avail_in > 0 && ret == Z_OK) {
		ret = bl_zinflate(&z, Z_FINISH);
		ck_assert_int_eq(ret, Z_STREAM_END);
		ret = bl_zinflate_reset(&z);
	}
	ck_assert_int_eq(ret, Z_OK);
	ck_assert_uint_eq(z.avail_out, 0);
	ck_assert(!memcmp(out, in, 40000) && !memcmp(out + 40000, in, 40000));
	bl_zinflate_end(&z);
	ck_assert_ptr_null(z.state);

	free(z1);
	z1 = zdeflate(in, 40000, 31, 9, Z_DEFAULT_STRATEGY, NULL, &l1);
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(bl_zinflate_init2(&z, 16 + MAX_WBITS, ZLIB_VERSION, (int)sizeof(z)), Z_OK);
	ck_assert_int_eq(bl_zinflate(&z, Z_NO_FLUSH), Z_BUF_ERROR); /* no input yet */
	z.next_in = z1;
	z.avail_in = (uInt)l1;
	for (size_t cap = 1000;; cap += 7000) {
		z.next_out = out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		ret = bl_zinflate(&z, Z_NO_FLUSH);
		if (ret != Z_OK)
			break;
	}
	ck_assert_int_eq(ret, Z_STREAM_END);
	ck_assert_uint_eq(z.total_out, 40000);
	ck_assert_uint_eq(z.total_in, l1);
	ck_assert(!memcmp(out, in, 40000));
	bl_zinflate_end(&z);

	/* damaged: the error, with zlib's message, and again on the next call */
	z1[l1 / 2] ^= 0x55;
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(bl_zinflate_init2(&z, 16 + MAX_WBITS, ZLIB_VERSION, (int)sizeof(z)), Z_OK);
	z.next_in = z1;
	z.avail_in = (uInt)l1;
	z.next_out = out;
	z.avail_out = 80000;
	ck_assert_int_eq(bl_zinflate(&z, Z_NO_FLUSH), Z_DATA_ERROR);
	ck_assert_ptr_nonnull(z.msg);
	ck_assert_int_eq(bl_zinflate(&z, Z_NO_FLUSH), Z_DATA_ERROR);
	bl_zinflate_end(&z);
	ck_assert_int_eq(bl_zinflate_init2(&z, 7, ZLIB_VERSION, (int)sizeof(z)), Z_STREAM_ERROR);
	ck_assert_int_eq(bl_zinflate_init2(&z, 15, "2.0", (int)sizeof(z)), Z_VERSION_ERROR);
	free(z1);
	free(z2);
	free(both);
	free(out);
	free(in);
}
END_TEST

/* A small stream for a big output (10 MB of zeros in about 10 KB):
 * decoding stops at max_out; through z_stream with Z_FINISH, output
 * beyond avail_out is Z_BUF_ERROR (zlib's answer) and a call with room
 * for it decodes it all. */
START_TEST(output_limit)
{
	size_t n = 10 << 20, zlen, out_len, used;
	uint8_t *zeros = calloc(1, n), *out = (uint8_t *)1;
	uint8_t *z = zdeflate(zeros, n, 15, 9, Z_DEFAULT_STRATEGY, NULL, &zlen);
	const char *why;
	z_stream zs = { 0 };

	ck_assert_uint_lt(zlen, 20000);
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_ZLIB, 1 << 20, &out, &out_len, &used, &why),
			 -ENOSPC);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(bl_inflate(z, zlen, BL_INFLATE_ZLIB, n, &out, &out_len, &used, &why), 0);
	ck_assert_uint_eq(out_len, n);
	free(out);
	out = malloc(n);
	ck_assert_int_eq(bl_zinflate_init2(&zs, MAX_WBITS, ZLIB_VERSION, (int)sizeof(zs)), Z_OK);
	zs.next_in = z;
	zs.avail_in = (uInt)zlen;
	zs.next_out = out;
	zs.avail_out = (uInt)(n - 1);
	ck_assert_int_eq(bl_zinflate(&zs, Z_FINISH), Z_BUF_ERROR);
	ck_assert_uint_eq(zs.avail_in, zlen); /* nothing used */
	zs.avail_out = (uInt)n;
	ck_assert_int_eq(bl_zinflate(&zs, Z_FINISH), Z_STREAM_END);
	ck_assert_uint_eq(zs.total_out, n);
	ck_assert_uint_eq(zs.avail_in, 0);
	bl_zinflate_end(&zs);
	free(out);
	free(z);
	free(zeros);
}
END_TEST

/* The running kernel's /proc/config.gz, when it has one: the same text
 * as zlib gives. */
START_TEST(proc_config_gz)
{
	FILE *f = fopen("/proc/config.gz", "rb");
	uint8_t *raw = NULL, *out, *zout;
	size_t len = 0, out_len, used, zlen, zused;
	const char *why;
	size_t n;

	if (!f) {
		printf("SKIP proc_config_gz: no /proc/config.gz\n");
		return;
	}
	do {
		raw = realloc(raw, len + 65536);
		n = fread(raw + len, 1, 65536, f);
		len += n;
	} while (n);
	fclose(f);
	ck_assert_int_eq(bl_inflate(raw, len, BL_INFLATE_GZIP, SIZE_MAX, &out, &out_len, &used, &why), 0);
	ck_assert_int_eq(zinflate(raw, len, 31, &zout, &zlen, &zused), Z_STREAM_END);
	ck_assert_uint_eq(out_len, zlen);
	ck_assert(!memcmp(out, zout, zlen));
	ck_assert_ptr_nonnull(memmem(out, out_len, "CONFIG_BPF=y", 12));
	free(out);
	free(zout);
	free(raw);
}
END_TEST

Suite *suite_inflate(void)
{
	Suite *s = suite_create("inflate");
	TCase *tc = tcase_create("inflate");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, round_trip, 0, 5);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, damaged_like_zlib);
	tcase_add_test(tc, hostile);
	tcase_add_test(tc, gzip_header);
	tcase_add_test(tc, checksums);
	tcase_add_test(tc, zstream_callers);
	tcase_add_test(tc, output_limit);
	tcase_add_test(tc, proc_config_gz);
	suite_add_tcase(s, tc);
	return s;
}
