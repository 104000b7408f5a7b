/* loader/static/zlib_api.c — linked into the static bpfload only: the
 * part of zlib's interface (zlib.h) that libelf and loader/load/kconfig.c
 * call, so that the static link needs no libz.a.
 *
 * Inflate: zlib's names for loader/static/zstream.c, which decodes with
 * our own inflate.c (about 4 KB of code where zlib's inflate, its tables
 * and its CRC-32 took about 40 KB).
 *
 * Deflate: libelf's elf_strptr() can decompress an SHF_COMPRESSED
 * section, so it brings in elf_compress.o (no longer: elf_decompress.c
 * stands in for its one reference), which holds both directions:
 * inflate, which a reader needs, and deflate, which only elf_compress(3)
 * called to write a compressed section needs. bpfload reads objects and
 * never calls elf_compress(), but the static linker cannot know that, so
 * the three deflate symbols are defined here to fail: should anything
 * ever ask libelf to compress, deflateInit_() returns Z_STREAM_ERROR and
 * libelf reports an error instead of compressing.
 *
 * The shared-library build (make all) links the real zlib.
 */
#include "zstream.h"

int inflateInit_(z_streamp strm, const char *version, int stream_size)
{
	return bl_zinflate_init2(strm, MAX_WBITS, version, stream_size);
}

int inflateInit2_(z_streamp strm, int window_bits, const char *version, int stream_size)
{
	return bl_zinflate_init2(strm, window_bits, version, stream_size);
}

int inflate(z_streamp strm, int flush)
{
	return bl_zinflate(strm, flush);
}

int inflateReset(z_streamp strm)
{
	return bl_zinflate_reset(strm);
}

int inflateEnd(z_streamp strm)
{
	return bl_zinflate_end(strm);
}

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	(void)strm, (void)level, (void)version, (void)stream_size;
	return Z_STREAM_ERROR;
}

int deflate(z_streamp strm, int flush)
{
	(void)strm, (void)flush;
	return Z_STREAM_ERROR;
}

int deflateEnd(z_streamp strm)
{
	(void)strm;
	return Z_STREAM_ERROR;
}
