/* loader/static/qsort.c — qsort(3) for the static bpfload: a heapsort
 * (O(n log n) comparisons at worst, no recursion, no extra memory) in
 * about 300 bytes of code, where musl's smoothsort is 2.1 KB. Like any
 * qsort, not stable. The normal build uses the C library's; the unit
 * tests (tests/unit/test_cli_parse.c) compare bl_heapsort with it.
 */
#include <stddef.h>
#include <stdlib.h>

#include "qsort.h"

static void swap(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Moves element i down the heap of the first n until its children are
 * not greater. */
static void sift(unsigned char *base, size_t i, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && cmp(base + l * size, base + big * size) > 0)
			big = l;
		if (r < n && cmp(base + r * size, base + big * size) > 0)
			big = r;
		if (big == i)
			return;
		swap(base + i * size, base + big * size, size);
		i = big;
	}
}

void bl_heapsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;

	if (n < 2 || !size)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift(b, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap(b, b + end * size, size);
		sift(b, 0, end, size, cmp);
	}
}

#ifdef BL_STATIC_QSORT
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	bl_heapsort(base, n, size, cmp);
}
#endif
