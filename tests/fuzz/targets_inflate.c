/* tests/fuzz/targets_inflate.c — the static build's inflate
 * (loader/static/inflate.c) against zlib's, on any input (fuzz.h).
 *
 * The first byte picks the wrapper (modulo 3: raw DEFLATE, zlib, gzip),
 * the rest is the stream. Invariants: ours accepts exactly what zlib's
 * inflate accepts, with the same bytes out and the same input used; a
 * refusal hands nothing out and gives a reason; no read outside the
 * input (AddressSanitizer), whatever the input.
 */
#include "fuzz.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "loader/static/inflate.h"

int bl_fuzz_inflate(const uint8_t *data, size_t size)
{
	static const int window_bits[3] = { -15, 15, 31 };
	uint8_t *out = NULL, *zout;
	size_t out_len, used, cap = 4096;
	const char *why = NULL;
	z_stream z = { 0 };
	int err, zret, w;

	if (size < 1)
		return 0;
	w = data[0] % 3;
	data++, size--;
	err = bl_inflate(data, size, (enum bl_inflate_wrap)w, SIZE_MAX, &out, &out_len, &used, &why);
	if (err) {
		FZ_CHECK(err == -EINVAL || err == -ENOMEM);
		FZ_CHECK(out == NULL && out_len == 0 && why && *why);
		FZ_CHECK(used <= size);
	}

	FZ_CHECK(inflateInit2(&z, window_bits[w]) == Z_OK);
	z.next_in = (uint8_t *)data;
	z.avail_in = (uInt)size;
	zout = malloc(cap);
	FZ_CHECK(zout != NULL);
	for (;;) {
		z.next_out = zout + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		zret = inflate(&z, Z_FINISH);
		if (zret != Z_BUF_ERROR || z.avail_out)
			break;
		cap *= 2;
		zout = realloc(zout, cap);
		FZ_CHECK(zout != NULL);
	}
	if (err != -ENOMEM) {
		FZ_CHECK_MSG((err == 0) == (zret == Z_STREAM_END), err ? why : "zlib refused it");
		if (!err) {
			FZ_CHECK(out_len == z.total_out && used == z.total_in);
			FZ_CHECK(out_len == 0 || memcmp(out, zout, out_len) == 0);
		}
	}
	inflateEnd(&z);
	free(zout);
	free(out);
	return 0;
}
