/* loader/static/zstream.h — zlib's inflateInit2_/inflate/inflateReset/
 * inflateEnd (zlib.h) over bl_inflate, under bl_ names (zstream.c says
 * what of the interface is kept). */
#ifndef BL_STATIC_ZSTREAM_H
#define BL_STATIC_ZSTREAM_H

#include <zlib.h>

int bl_zinflate_init2(z_streamp strm, int window_bits, const char *version, int stream_size);
int bl_zinflate(z_streamp strm, int flush);
int bl_zinflate_reset(z_streamp strm);
int bl_zinflate_end(z_streamp strm);

#endif
