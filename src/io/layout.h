/*
 * layout.h - the national export layouts as data (spec/national-templates.md)
 * and the normalisation of the values found in real files.
 *
 * Each layout lists its columns: the Chinese header, tolerated variants
 * (other spellings and known misspellings, '|'-separated), the record field
 * key it maps to (model/member_rec.c, model/org_rec.c, or a key of the
 * capability that owns the record) and the kind of value. Headers are
 * compared after dj_layout_norm_header(): spaces of every width removed,
 * full-width brackets and colons made ASCII.
 *
 * Header detection: dj_layout_detect() scores one row against every layout
 * (columns found, minus unknown non-empty cells) and reports the best one
 * when enough of its columns are present, so title rows above the header
 * ("2024年转入党员名册") are passed over by the caller.
 */
#ifndef DJ_IO_LAYOUT_H
#define DJ_IO_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "io/sheet.h"

enum dj_layout_id {
    DJ_LAYOUT_ROSTER20,     /* 党员花名册 (全国模板, 20 columns) */
    DJ_LAYOUT_ROSTER17,     /* 党员花名册 (全国, the 17-column variant) */
    DJ_LAYOUT_DANJI,        /* 党员列表 (单机模板, 23 columns) */
    DJ_LAYOUT_ORGS,         /* 党组织名单 (sections 党委 / 总支部 / 支部) */
    DJ_LAYOUT_APPLICANTS,   /* 入党申请人名册 */
    DJ_LAYOUT_DEVELOP,      /* 发展党员名册 */
    DJ_LAYOUT_TRANSFER_IN,  /* 转入党员名册 */
    DJ_LAYOUT_TRANSFER_OUT, /* 转出党员名册 */
    DJ_LAYOUT_DEATHS,       /* 死亡党员名册 */
    DJ_LAYOUT_PAYROLL,      /* 工资表 (党费基数: 身份证号码 + wage items) */
    DJ_LAYOUT_COUNT
};

enum dj_vkind {
    DJ_V_TEXT,
    DJ_V_DATE,      /* YYYY-MM-DD */
    DJ_V_YEARMONTH, /* YYYY-MM */
    DJ_V_IDCARD,    /* spaces removed, x -> X */
    DJ_V_PHONE,     /* float -> digits */
    DJ_V_BOOL,      /* 是/否 -> "true"/"false" */
    DJ_V_DICT,      /* a label, mapped to a code by the importer */
    DJ_V_ORGREF,    /* the name of the member's branch */
    DJ_V_SECTION,   /* 党组织名单: the section cell (序号 under it) */
    DJ_V_IGNORE,    /* derived or informational: 序号, 年龄, 信息完整度, ... */
    DJ_V_MONEY,     /* 元 with up to 2 decimals ("5,230.50", 5230.5) -> "5230.50" */
    DJ_V_INT,       /* a whole number (年度 2025, 2025.0, "2025年") */
};

struct dj_layout_col {
    const char *header;   /* as in the national layout */
    const char *variants; /* other accepted spellings, '|'-separated, or NULL */
    const char *key;      /* record field key, or NULL for DJ_V_IGNORE */
    enum dj_vkind kind;
    const char *dict; /* DJ_V_DICT: dictionary name (model/dict.c) */
};

struct dj_layout {
    enum dj_layout_id id;
    const char *code;   /* "roster20", "orgs", ... (API / CLI) */
    const char *name;   /* 党员花名册（全国模板） */
    const char *record; /* "member", "org", or the pending capability's record */
    bool importable;    /* false: parsed and reported, imported by another capability */
    const struct dj_layout_col *cols;
    int ncols;
    int min_found; /* columns needed to detect it; 0 = 3/4 of ncols (payroll: the wage
                      items are many and optional) */
};

/* The layout table (DJ_LAYOUT_COUNT entries, indexed by id), and one by code. */
const struct dj_layout *dj_layout_get(enum dj_layout_id id);
const struct dj_layout *dj_layout_by_code(const char *code);

/* Header text for comparison: whitespace dropped, （）［］：→ ()[]:, into out. */
void dj_layout_norm_header(const char *in, char *out, size_t outsz);

struct dj_layout_match {
    const struct dj_layout *layout;
    int64_t header_row;         /* sheet row number of the header */
    int col[DJ_SHEET_MAX_COLS]; /* sheet column -> layout column, -1 = not mapped */
    int where[64];              /* layout column -> sheet column, -1 = absent */
    int found;                  /* layout columns found */
    char section[32]; /* 党组织名单: the current section (党委 / 总支部 / 支部) */
};

/*
 * Whether `row` is the header row of a layout: fills *m and returns true
 * for the best-scoring layout with at least 3/4 of its columns (and 姓名 or
 * 党组织名称) present.
 */
bool dj_layout_detect(const struct dj_row *row, struct dj_layout_match *m);

/* For 党组织名单: whether `row` is a repeated section header (first cell 党委/总支部/支部). */
bool dj_layout_section_row(const struct dj_row *row, struct dj_layout_match *m);

/*
 * Normalise a cell for a column kind into out (NUL-terminated; "" for an
 * empty cell). DJ_EINVAL with a Chinese reason (no field name: the caller
 * names the column) for a value that cannot be read:
 *   DATE       "1974-01-01", "1974/1/1", "1974.01.01", "1974年1月1日",
 *              "19910912", number 20240501.0, Excel serial, .xls date cell
 *   YEARMONTH  "2024-10", "2024.10", "202410", number 202410.0 (a full
 *              date gives its year-month)
 *   IDCARD     spaces removed, lower-case x made upper-case; a number is
 *              refused (Excel has dropped its last digits)
 *   PHONE      13293527899.0 -> "13293527899"; landlines kept as written
 *   BOOL       是/否, Y/N, TRUE/FALSE, 1/0, √ -> "true"/"false"
 * Other kinds are trimmed text.
 */
int dj_layout_value(enum dj_vkind kind, const struct dj_cell *c, char *out, size_t outsz,
                    struct dj_err *err);

#endif
