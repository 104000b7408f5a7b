/* loader/static/zstream.c — zlib's inflate interface (z_stream, zlib.h)
 * over bl_inflate (inflate.h), under bl_ names so that the unit tests can
 * link it next to the real zlib; loader/static/zlib_api.c gives these
 * functions zlib's own names in the static bpfload.
 *
 * What its callers need of it (zlib.h documents the interface):
 *   - libelf (__libelf_decompress, for SHF_COMPRESSED sections):
 *     inflateInit, then inflate(Z_FINISH) with the whole input and an
 *     output buffer of the known size, inflateReset while input is left;
 *   - loader/load/kconfig.c: inflateInit2(16 + MAX_WBITS) (gzip), the
 *     whole input, then inflate(Z_NO_FLUSH) into a buffer it grows until
 *     Z_STREAM_END.
 * So the first inflate() call with input decodes the whole stream (which
 * must all be in next_in: a stream that ends early is Z_DATA_ERROR, where
 * zlib would wait for more) into a buffer of its own, and every call
 * copies out as much as avail_out takes. With Z_FINISH, avail_out is
 * all the room there is (libelf's buffer of the section's size): output
 * beyond it stops the decoding with Z_BUF_ERROR, as zlib does (nothing is
 * used then: a call with more room decodes again), so that a small
 * stream standing for gigabytes costs nothing; without Z_FINISH the
 * output may grow to BL_ZSTREAM_MAX, 1 GiB, beyond which it is
 * Z_MEM_ERROR (kconfig.c gives up at 64 MB anyway).
 * zalloc, zfree are not used (malloc); strm->adler is not set; a preset
 * dictionary is refused.
 */
#include "zstream.h"

#include "inflate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BL_ZSTREAM_MAX ((size_t)1 << 30)

/* Behind strm->state. */
struct zs {
	enum bl_inflate_wrap wrap;
	int status;	/* Z_OK: not decoded yet; Z_STREAM_END: decoded; else the error */
	const char *why;
	uint8_t *out;
	size_t len, given; /* decoded; copied out */
};

int bl_zinflate_init2(z_streamp strm, int window_bits, const char *version, int stream_size)
{
	enum bl_inflate_wrap wrap;
	struct zs *s;

	if (!version || version[0] != '1' || stream_size != (int)sizeof(z_stream))
		return Z_VERSION_ERROR;
	if (!strm)
		return Z_STREAM_ERROR;
	strm->msg = NULL;
	strm->state = NULL;
	if (window_bits >= -15 && window_bits <= -8)
		wrap = BL_INFLATE_RAW;
	else if (window_bits == 0 || (window_bits >= 8 && window_bits <= 15))
		wrap = BL_INFLATE_ZLIB;
	else if (window_bits >= 16 + 8 && window_bits <= 16 + 15)
		wrap = BL_INFLATE_GZIP;
	else if (window_bits >= 32 + 8 && window_bits <= 32 + 15)
		wrap = BL_INFLATE_AUTO;
	else
		return Z_STREAM_ERROR;
	if (!(s = calloc(1, sizeof(*s))))
		return Z_MEM_ERROR;
	s->wrap = wrap;
	strm->state = (struct internal_state *)s;
	return bl_zinflate_reset(strm);
}

int bl_zinflate_reset(z_streamp strm)
{
	struct zs *s;

	if (!strm || !(s = (struct zs *)strm->state))
		return Z_STREAM_ERROR;
	free(s->out);
	s->out = NULL;
	s->len = s->given = 0;
	s->status = Z_OK;
	strm->total_in = strm->total_out = 0;
	strm->msg = NULL;
	return Z_OK;
}

int bl_zinflate(z_streamp strm, int flush)
{
	struct zs *s;
	size_t n, used;

	if (!strm || !(s = (struct zs *)strm->state) || (!strm->next_out && strm->avail_out) ||
	    (!strm->next_in && strm->avail_in))
		return Z_STREAM_ERROR;
	if (s->status == Z_OK) {
		int err;

		if (!strm->avail_in)
			return Z_BUF_ERROR; /* nothing to start from yet */
		err = bl_inflate(strm->next_in, strm->avail_in, s->wrap,
				 flush == Z_FINISH ? strm->avail_out : BL_ZSTREAM_MAX, &s->out, &s->len,
				 &used, &s->why);
		if (err == -ENOSPC && flush == Z_FINISH)
			return Z_BUF_ERROR; /* nothing used: a call with more room starts again */
		if (err) {
			s->status = err == -ENOMEM || err == -ENOSPC ? Z_MEM_ERROR : Z_DATA_ERROR;
			strm->msg = (char *)s->why;
			return s->status;
		}
		s->status = Z_STREAM_END;
		strm->next_in += used;
		strm->avail_in -= (uInt)used;
		strm->total_in += used;
	}
	if (s->status != Z_STREAM_END)
		return s->status;
	n = s->len - s->given;
	if (n > strm->avail_out)
		n = strm->avail_out;
	if (n) {
		memcpy(strm->next_out, s->out + s->given, n);
		s->given += n;
		strm->next_out += n;
		strm->avail_out -= (uInt)n;
		strm->total_out += n;
	}
	if (s->given == s->len)
		return Z_STREAM_END;
	return n && flush != Z_FINISH ? Z_OK : Z_BUF_ERROR;
}

int bl_zinflate_end(z_streamp strm)
{
	struct zs *s;

	if (!strm || !(s = (struct zs *)strm->state))
		return Z_STREAM_ERROR;
	free(s->out);
	free(s);
	strm->state = NULL;
	return Z_OK;
}
