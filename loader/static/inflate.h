/* loader/static/inflate.h — a small DEFLATE decoder (RFC 1951) with the
 * zlib (RFC 1950) and gzip (RFC 1952) wrappers, which the static bpfload
 * links instead of zlib's inflate (loader/static/zlib_api.c gives it
 * zlib's names). Pure: no system call, memory from malloc only.
 *
 * It decodes a whole stream at once: the caller hands it every byte of
 * the stream (and may hand more: what follows is not read). That is how
 * its two users call inflate(): libelf's elf_strptr()/elf_getdata() on
 * an SHF_COMPRESSED section and loader/load/kconfig.c on
 * /proc/config.gz, both with the whole input in memory.
 */
#ifndef BL_STATIC_INFLATE_H
#define BL_STATIC_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/* The wrapper around the DEFLATE data. */
enum bl_inflate_wrap {
	BL_INFLATE_RAW,	 /* none */
	BL_INFLATE_ZLIB, /* RFC 1950: 2-byte header, Adler-32 trailer */
	BL_INFLATE_GZIP, /* RFC 1952: gzip member, CRC-32 and length trailer */
	BL_INFLATE_AUTO, /* gzip if it starts with 1f 8b, else zlib */
};

/* Decodes the stream at in[0..len) into a malloc'ed *out of *out_len
 * bytes (*out NULL when empty), checking the wrapper's header and check
 * values; *used is how many input bytes the stream took (its trailer
 * included). Returns 0, -ENOMEM, -ENOSPC when the output would pass
 * max_out bytes (decoding stops there: a small stream can stand for a
 * huge output), or -EINVAL with *why naming what is wrong (a static
 * string, zlib's words where it has some); on error *out is NULL. Input
 * that ends before the stream does is -EINVAL ("truncated input"). Never
 * reads outside in[0..len). */
int bl_inflate(const uint8_t *in, size_t len, enum bl_inflate_wrap wrap, size_t max_out,
	       uint8_t **out, size_t *out_len, size_t *used, const char **why);

/* The check values of the wrappers, continued from crc (0 to start) and
 * adler (1 to start). */
uint32_t bl_crc32(uint32_t crc, const uint8_t *p, size_t len);
uint32_t bl_adler32(uint32_t adler, const uint8_t *p, size_t len);

#endif
