/*
 * desc.h - record descriptors: describe each record type once.
 *
 * A record type (organisation, member, user, ...) is a C struct plus a static
 * table of struct dj_field, in the spirit of nginx's ngx_command_t. Generic
 * code here turns JSON into the struct and back, binds the struct to SQL
 * parameters, reads it from a result row, and serves the field definitions
 * with Chinese labels for GET /api/meta, so the UI builds forms and tables
 * from the same table.
 *
 * Field storage in the struct, by type:
 *   DJ_FT_INT, DJ_FT_MONEY (fen)       int64_t
 *   DJ_FT_BOOL                         bool
 *   DJ_FT_DATE                         struct dj_date (y == 0 means unset)
 *   DJ_FT_TEXT, DJ_FT_DICT, DJ_FT_IDCARD, DJ_FT_PHONE   char * (arena or NULL)
 * Every record struct has a `uint64_t set` bitmask (offset in desc->set_offset):
 * bit i is set when field i was given (JSON) or read (row). At most 64 fields.
 */
#ifndef DJ_DESC_H
#define DJ_DESC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct dj_stmt;

enum dj_ftype {
    DJ_FT_INT,
    DJ_FT_TEXT,
    DJ_FT_BOOL,
    DJ_FT_DATE,   /* "YYYY-MM-DD" in JSON, TEXT in SQL */
    DJ_FT_MONEY,  /* JSON string "123.45" (numbers rejected); INTEGER fen in SQL */
    DJ_FT_DICT,   /* code from the dictionary named in field->dict */
    DJ_FT_IDCARD, /* GB 11643 18-digit number, normalised ('x' -> 'X') */
    DJ_FT_PHONE,  /* optional '+', then 5..20 digits; '-' and spaces dropped on input */
};

/* Field flags. */
#define DJ_FF_REQUIRED 0x01u  /* must be present (create) and non-empty */
#define DJ_FF_PERSONAL 0x02u  /* personal data: masked in output unless allowed */
#define DJ_FF_UNIQUE 0x04u    /* unique in its table (store enforces; meta tells UI) */
#define DJ_FF_READONLY 0x08u  /* set by the server; rejected in input */
#define DJ_FF_LIST 0x10u      /* shown as a column in list tables */
#define DJ_FF_SECRET 0x20u    /* never output (password hashes) */
#define DJ_FF_MULTILINE 0x40u /* long text: textarea in forms */

struct dj_field {
    const char *key;    /* JSON key, snake_case */
    const char *column; /* SQL column */
    enum dj_ftype type;
    const char *label; /* Chinese label */
    unsigned flags;    /* DJ_FF_* */
    size_t offset;     /* offsetof(struct, member) */
    int max_len;       /* TEXT: max characters (code points), 0 = default cap below;
                          INT/MONEY: 0 = no limit, else the value must be in 0..max_len
                          (MONEY in fen) */
    const char *dict;  /* DJ_FT_DICT: dictionary name (dict.h) */
    const char *help;  /* optional Chinese hint shown under the input, or NULL */
};

struct dj_record_desc {
    const char *name;  /* "member" */
    const char *label; /* "党员" */
    const char *table; /* SQL table */
    size_t size;       /* sizeof the struct */
    size_t set_offset; /* offsetof the uint64_t `set` mask */
    const struct dj_field *fields;
    int nfields;
};

/* Caps for TEXT fields with max_len == 0 (every input is capped). */
#define DJ_TEXT_MAX_DEFAULT 200        /* single-line */
#define DJ_MULTILINE_MAX_DEFAULT 10000 /* DJ_FF_MULTILINE */

/* Modes for dj_rec_from_json(). */
#define DJ_REC_CREATE 0x1u /* required fields must be present */
#define DJ_REC_PATCH 0x2u  /* only given fields are set; required ones may be absent */

/*
 * Parse a JSON object into `rec` (zeroed by the caller). Rejects unknown keys,
 * read-only keys, wrong JSON types, over-long text, bad dates/money/ID
 * numbers/phones and codes not in the field's dictionary, each with
 * DJ_EINVAL, err->field = the key and a Chinese message naming the label.
 * Text is trimmed of leading/trailing ASCII spaces; "" counts as absent.
 * JSON null clears the field (sets its bit, value empty) in PATCH mode.
 *
 * Details: single-line text may hold no control characters, multiline text
 * only '\n' and '\t'. In CREATE mode null and "" leave the field unset; in
 * PATCH mode both clear it (bit set, value NULL / 0 / false / unset date),
 * and clearing a required field is rejected ("「label」不能为空"). Required
 * read-only fields are not demanded (the server fills them). Strings are
 * copied into `arena`. On error `rec` is partly filled and must be discarded.
 */
int dj_rec_from_json(const struct dj_record_desc *d, json_t *obj, void *rec, unsigned mode,
                     struct dj_arena *arena, struct dj_err *err);

/* Output options for dj_rec_to_json(). */
#define DJ_OUT_UNMASKED 0x1u /* show personal fields in full */

/*
 * Build a JSON object from `rec`: every field whose bit is set (unset fields
 * as null), personal fields masked (ID 140203********591X, phone 138****5678,
 * other text 张*) unless DJ_OUT_UNMASKED; secret fields omitted. DICT fields
 * also get "<key>_label" with the dictionary label.
 *
 * DATE is "YYYY-MM-DD", MONEY a string "3000.01", BOOL true/false. Personal
 * fields of the other types (date, int, money, bool, dict) are null when
 * masked, and so is their "<key>_label". The caller owns the result.
 */
json_t *dj_rec_to_json(const struct dj_record_desc *d, const void *rec, unsigned opts);

/*
 * Bind the fields listed in `keys` (NULL-terminated; NULL = all non-readonly
 * fields in table order) to parameters first_idx, first_idx+1, ... Unset fields bind NULL.
 * INT/MONEY bind int64, BOOL 0/1, DATE "YYYY-MM-DD" text, the rest text.
 * Returns 0, DJ_EINTERNAL for a key the descriptor lacks, or the driver's code.
 */
int dj_rec_bind(const struct dj_record_desc *d, const void *rec, const char *const *keys,
                struct dj_stmt *st, int first_idx, struct dj_err *err);

/*
 * Read columns first_col.. of the current row into `rec`, in field order
 * (all fields of the descriptor), copying text into `arena`; sets bits.
 * SQL NULL gives the empty value (NULL, 0, false, unset date) with the bit set.
 * Returns 0, DJ_EINTERNAL when the row has too few columns, or DJ_EDB when a
 * DATE column does not hold a valid "YYYY-MM-DD".
 */
int dj_rec_from_row(const struct dj_record_desc *d, void *rec, struct dj_stmt *st, int first_col,
                    struct dj_arena *arena);

/* Field lookup by key; NULL if unknown. */
const struct dj_field *dj_desc_field(const struct dj_record_desc *d, const char *key);
/* Whether bit for field index i is set in rec. */
bool dj_rec_isset(const struct dj_record_desc *d, const void *rec, int i);
/*
 * Set the bit for field index i, for code that fills a field itself
 * (server-generated values) before dj_rec_bind() or dj_rec_to_json().
 */
void dj_rec_mark(const struct dj_record_desc *d, void *rec, int i);

/*
 * Registry of all record descriptors, for GET /api/meta. Register at start-up
 * (dj_model_register_all() in records.h), before threads start; the registry
 * is read-only afterwards. Registering the same descriptor twice is a no-op.
 * A malformed descriptor (more than 64 fields, duplicate or over-long key,
 * unknown dictionary, duplicate record name, more than 64 records) is a
 * programming error: dj_die().
 */
void dj_desc_register(const struct dj_record_desc *d);
/* Registered descriptor by name, or NULL. */
const struct dj_record_desc *dj_desc_find(const char *name);

/*
 * The meta document: {"records":{name:{label,fields:[...]}}, "dicts":{name:{label,entries}}}.
 * Each field: key, label, type ("text"|"int"|"bool"|"date"|"money"|"dict"|
 * "idcard"|"phone"), required, personal, unique, readonly, list, multiline,
 * max_len (TEXT: the effective cap), dict (name or null), help (or null).
 * Secret fields are left out. Records appear in registration order, dicts in
 * dj_dict_all() order. The caller owns the result.
 */
json_t *dj_meta_json(void);

/*
 * Mask helpers (exposed for exports and tests). Write into out, always
 * NUL-terminated (truncated at a character boundary if out is too small);
 * NULL input gives "". Counting is by code point, one '*' per hidden one.
 * ID keeps the first 6 and last 4, phone the first 3 and last 4; when the
 * value is too short for that, only its last third (rounded down) is kept.
 * Names keep the first character ("张三丰" -> "张**"); a one-character name
 * becomes "*".
 */
void dj_mask_idcard(const char *id, char *out, size_t outsz);
void dj_mask_phone(const char *phone, char *out, size_t outsz);
void dj_mask_name(const char *name, char *out, size_t outsz);

/* Number of Unicode code points in a valid UTF-8 string. */
size_t dj_utf8_len(const char *s);

#endif
