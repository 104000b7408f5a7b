/* loader/static/qsort.h — bl_heapsort, the static build's qsort(3)
 * (loader/static/qsort.c). */
#ifndef BL_STATIC_QSORT_H
#define BL_STATIC_QSORT_H

#include <stddef.h>

void bl_heapsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
