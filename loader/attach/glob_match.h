/* loader/attach/glob_match.h — shell wildcard patterns (*, ?, [...]) matched
 * against a name, and the entries of one directory that match. */
#ifndef BL_GLOB_MATCH_H
#define BL_GLOB_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/* True when the whole of name matches pattern: '*' any run of characters,
 * '?' one character, "[abc]", "[a-z]", "[!a-z]" or "[^a-z]" one character
 * of (or not of) a set, '\' makes the next character literal. Like
 * fnmatch(3) with no flags, for bytes: no locale, no character classes. */
bool bl_glob_match(const char *pattern, const char *name);

/* The paths "DIR/ENTRY" of the entries of DIR that match the last
 * component of pattern, which alone may hold wildcards: the form of the
 * include lines of /etc/ld.so.conf (a directory, then a name such as
 * "*.conf"). Calls fn for each, in strcmp order (glob(3) sorts too);
 * returns how many, or -errno when DIR cannot be read. */
int bl_glob_dir(const char *pattern, void (*fn)(const char *path, void *ctx), void *ctx);

#endif
