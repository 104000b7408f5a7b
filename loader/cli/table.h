/* loader/cli/table.h — text tables whose columns line up: rows of cells
 * collected first, then printed with each column as wide as its widest
 * cell (loader/cli/table.c). What `bpfload run`'s map dumps print. */
#ifndef BL_CLI_TABLE_H
#define BL_CLI_TABLE_H

#include <stdbool.h>
#include <stdio.h>

struct bl_cli_table;

struct bl_cli_table *bl_cli_table_new(void);
/* Takes row (malloc'd; its cells separated by BL_BTF_CELL_SEP, the
 * separator of elf/value/btf_value.h's cells). span: the row's last cell
 * runs past the columns and counts for no width (a summary). The first
 * row sets the number of columns. -ENOMEM (row freed) or 0. */
int bl_cli_table_add(struct bl_cli_table *t, char *row, bool span);
/* Every row after indent, two spaces between columns, the last cell of a
 * row without padding. */
void bl_cli_table_print(FILE *f, const struct bl_cli_table *t, const char *indent);
void bl_cli_table_free(struct bl_cli_table *t);

#endif
