/*
 * desc.c - generic code driven by record descriptors (see desc.h).
 *
 * One field table per record type drives JSON input (with the Chinese
 * validation messages users see), JSON output (with masking of personal
 * data), SQL parameter binding and row reading, and the meta document the UI
 * builds its forms from. Nothing here knows about any particular record.
 */
#include "base/compat.h"
#include "model/desc.h"

#include "base/date.h"
#include "base/idcard.h"
#include "base/money.h"
#include "model/dict.h"
#include "store/db.h"

#define MAX_DESCS 64
#define MAX_FIELDS 64
#define MAX_KEY 48    /* keys must fit err->field and the "<key>_label" buffer */
#define SHOW_CHARS 24 /* user input echoed in a message is clipped to this many chars */

static const struct dj_record_desc *registry[MAX_DESCS];
static int nregistry;

/* The value of one field while it is being converted. */
union fval {
    int64_t i; /* INT, MONEY */
    bool b;
    struct dj_date date;
    char *s; /* TEXT, DICT, IDCARD, PHONE (arena) */
};

/* ---- small helpers ------------------------------------------------------ */

static uint64_t *set_mask(const struct dj_record_desc *d, void *rec)
{
    return (uint64_t *)((char *)rec + d->set_offset);
}

static const uint64_t *set_mask_const(const struct dj_record_desc *d, const void *rec)
{
    return (const uint64_t *)((const char *)rec + d->set_offset);
}

static void *field_ptr(void *rec, const struct dj_field *f)
{
    return (char *)rec + f->offset;
}

static const void *field_ptr_const(const void *rec, const struct dj_field *f)
{
    return (const char *)rec + f->offset;
}

static int field_index(const struct dj_record_desc *d, const struct dj_field *f)
{
    return (int)(f - d->fields);
}

/*
 * Bytes in the UTF-8 sequence starting at p (1 for a stray or truncated
 * sequence, so that walking never runs past the terminating NUL).
 */
static size_t utf8_seq(const unsigned char *p)
{
    size_t n, k;

    if (p[0] < 0x80)
        n = 1;
    else if ((p[0] & 0xE0) == 0xC0)
        n = 2;
    else if ((p[0] & 0xF0) == 0xE0)
        n = 3;
    else if ((p[0] & 0xF8) == 0xF0)
        n = 4;
    else
        return 1;
    for (k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Code points in the first n bytes of s. */
static size_t utf8_len_n(const char *s, size_t n)
{
    size_t count = 0, i;

    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

size_t dj_utf8_len(const char *s)
{
    return s ? utf8_len_n(s, strlen(s)) : 0;
}

/* Output cursor that only ever writes whole characters and keeps room for the NUL. */
struct out {
    char *p;
    size_t left; /* bytes left including the one for the NUL */
    bool full;
};

static void out_put(struct out *o, const char *s, size_t n)
{
    if (o->full || n >= o->left) {
        o->full = true;
        return;
    }
    memcpy(o->p, s, n);
    o->p += n;
    o->left -= n;
}

/* Copy at most max_chars characters of s into dst, with "…" when clipped. */
static void clip_utf8(char *dst, size_t dstsz, const char *s, size_t max_chars)
{
    struct out o = {dst, dstsz, false};
    const unsigned char *p = (const unsigned char *)s;
    size_t shown = 0;

    if (!dstsz)
        return;
    while (*p && shown < max_chars && !o.full) {
        size_t n = utf8_seq(p);
        out_put(&o, (const char *)p, n);
        p += n;
        shown++;
    }
    if (*p) {
        o.full = false;
        out_put(&o, "…", strlen("…"));
    }
    *o.p = '\0';
}

static bool is_trim_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/*
 * Keep the first `head` and last `tail` characters of s, one '*' for each
 * other character. When s is too short to hide anything that way, keep only
 * its last third.
 */
static void mask_keep(const char *s, size_t head, size_t tail, char *out, size_t outsz)
{
    struct out o = {out, outsz, false};
    const unsigned char *p;
    size_t n, i;

    if (!outsz)
        return;
    if (!s)
        s = "";
    n = dj_utf8_len(s);
    if (head + tail >= n) {
        head = 0;
        tail = n / 3;
    }
    p = (const unsigned char *)s;
    for (i = 0; *p && !o.full; i++) {
        size_t len = utf8_seq(p);
        if (i < head || i >= n - tail)
            out_put(&o, (const char *)p, len);
        else
            out_put(&o, "*", 1);
        p += len;
    }
    *o.p = '\0';
}

void dj_mask_idcard(const char *id, char *out, size_t outsz)
{
    mask_keep(id, 6, 4, out, outsz);
}

void dj_mask_phone(const char *phone, char *out, size_t outsz)
{
    mask_keep(phone, 3, 4, out, outsz);
}

void dj_mask_name(const char *name, char *out, size_t outsz)
{
    mask_keep(name, 1, 0, out, outsz);
}

/* ---- lookup and bits ---------------------------------------------------- */

const struct dj_field *dj_desc_field(const struct dj_record_desc *d, const char *key)
{
    int i;

    if (!d || !key)
        return NULL;
    for (i = 0; i < d->nfields; i++)
        if (!strcmp(d->fields[i].key, key))
            return &d->fields[i];
    return NULL;
}

bool dj_rec_isset(const struct dj_record_desc *d, const void *rec, int i)
{
    if (i < 0 || i >= d->nfields || i >= MAX_FIELDS)
        return false;
    return (*set_mask_const(d, rec) >> i) & 1u;
}

void dj_rec_mark(const struct dj_record_desc *d, void *rec, int i)
{
    if (i < 0 || i >= d->nfields || i >= MAX_FIELDS)
        dj_die("dj_rec_mark: field %d out of range for %s", i, d->name);
    *set_mask(d, rec) |= (uint64_t)1 << i;
}

/* ---- JSON input --------------------------------------------------------- */

/*
 * Get the trimmed string of a JSON string value into the arena. Returns 0,
 * 1 when it is empty after trimming, or DJ_EINVAL (control characters; a
 * non-string value is reported with `what`, e.g. "文本").
 */
static int get_string(const struct dj_field *f, json_t *v, const char *what, bool multiline,
                      struct dj_arena *arena, char **out, size_t *outlen, struct dj_err *err)
{
    const char *s;
    size_t len, i;

    if (!json_is_string(v))
        return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为%s", f->label, what);
    s = json_string_value(v);
    len = json_string_length(v);
    while (len && is_trim_space(*s)) {
        s++;
        len--;
    }
    while (len && is_trim_space(s[len - 1]))
        len--;
    if (!len)
        return 1;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool c1 = c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                  (unsigned char)s[i + 1] <= 0x9F;
        if (multiline && (c == '\n' || c == '\t'))
            continue;
        if (!multiline && (c == '\n' || c == '\r'))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能包含换行", f->label);
        if (c < 0x20 || c == 0x7F || c1)
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能包含控制字符", f->label);
    }
    *out = dj_arena_strndup(arena, s, len);
    *outlen = len;
    return 0;
}

/* Reword a message from a base parser (date, money, ID) so that it names the label. */
static int wrap_err(const struct dj_field *f, const struct dj_err *inner, struct dj_err *err)
{
    dj_err_set(err, DJ_EINVAL, f->key, "「%s」填写有误：%s", f->label, inner->message);
    dj_err_detail(err, "%s", inner->detail);
    return DJ_EINVAL;
}

static int text_cap(const struct dj_field *f)
{
    if (f->max_len > 0)
        return f->max_len;
    return (f->flags & DJ_FF_MULTILINE) ? DJ_MULTILINE_MAX_DEFAULT : DJ_TEXT_MAX_DEFAULT;
}

static int check_range(const struct dj_field *f, int64_t v, struct dj_err *err)
{
    char a[32], b[32];

    if (f->max_len <= 0 || (v >= 0 && v <= f->max_len))
        return 0;
    if (f->type == DJ_FT_MONEY)
        return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应在 %s 到 %s 元之间", f->label,
                          dj_money_format(0, a), dj_money_format(f->max_len, b));
    return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应在 0 到 %d 之间", f->label, f->max_len);
}

/* Phone: optional leading '+', digits; spaces and '-' dropped; 5..20 digits. */
static int parse_phone(const struct dj_field *f, const char *s, struct dj_arena *arena, char **out,
                       struct dj_err *err)
{
    char buf[32];
    size_t n = 0, digits = 0;

    for (; *s; s++) {
        if (*s == ' ' || *s == '-')
            continue;
        if (*s == '+' && n == 0) {
            buf[n++] = '+';
            continue;
        }
        if (*s < '0' || *s > '9' || digits >= 20)
            goto bad;
        buf[n++] = *s;
        digits++;
    }
    if (digits < 5)
        goto bad;
    buf[n] = '\0';
    *out = dj_arena_strdup(arena, buf);
    return 0;
bad:
    return dj_err_set(err, DJ_EINVAL, f->key, "「%s」格式不正确，应为 5 到 20 位数字", f->label);
}

/*
 * Convert one non-null JSON value. Returns 0 with *val filled, 1 when the
 * value is empty (counts as absent), or a negative error.
 */
static int convert(const struct dj_field *f, json_t *v, union fval *val, struct dj_arena *arena,
                   struct dj_err *err)
{
    struct dj_err inner = {0};
    struct dj_date unset = {0, 0, 0};
    struct dj_idcard id;
    const struct dj_dict *dict;
    char *s = NULL;
    size_t len = 0;
    int rc;

    switch (f->type) {
    case DJ_FT_INT:
        if (!json_is_integer(v))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为整数", f->label);
        val->i = (int64_t)json_integer_value(v);
        return check_range(f, val->i, err);
    case DJ_FT_BOOL:
        if (!json_is_boolean(v))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为布尔值", f->label);
        val->b = json_is_true(v);
        return 0;
    case DJ_FT_TEXT:
        rc = get_string(f, v, "文本", f->flags & DJ_FF_MULTILINE, arena, &s, &len, err);
        if (rc)
            return rc;
        if (utf8_len_n(s, len) > (size_t)text_cap(f))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能超过 %d 个字符", f->label,
                              text_cap(f));
        val->s = s;
        return 0;
    case DJ_FT_DATE:
        rc = get_string(f, v, "日期", false, arena, &s, &len, err);
        if (rc)
            return rc;
        if (dj_date_parse(s, &val->date, f->key, &inner))
            return wrap_err(f, &inner, err);
        return 0;
    case DJ_FT_MONEY:
        if (!json_is_string(v))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」应为字符串形式的金额，如 \"30.00\"",
                              f->label);
        rc = get_string(f, v, "文本", false, arena, &s, &len, err);
        if (rc)
            return rc;
        if (dj_money_parse(s, &val->i, f->key, &inner))
            return wrap_err(f, &inner, err);
        return check_range(f, val->i, err);
    case DJ_FT_DICT: {
        char shown[128];
        dict = dj_dict_find(f->dict);
        if (!dict) {
            dj_err_set(err, DJ_EINTERNAL, f->key, "系统内部错误");
            return dj_err_detail(err, "field %s names unknown dictionary %s", f->key,
                                 f->dict ? f->dict : "(null)");
        }
        rc = get_string(f, v, "文本", false, arena, &s, &len, err);
        if (rc)
            return rc;
        if (!dj_dict_label(dict, s)) {
            clip_utf8(shown, sizeof(shown), s, SHOW_CHARS);
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」的取值 \"%s\" 不在字典「%s」中",
                              f->label, shown, dict->label);
        }
        val->s = s;
        return 0;
    }
    case DJ_FT_IDCARD:
        rc = get_string(f, v, "文本", false, arena, &s, &len, err);
        if (rc)
            return rc;
        if (dj_idcard_parse(s, &id, unset, f->key, &inner))
            return wrap_err(f, &inner, err);
        val->s = dj_arena_strdup(arena, id.number);
        return 0;
    case DJ_FT_PHONE:
        rc = get_string(f, v, "文本", false, arena, &s, &len, err);
        if (rc)
            return rc;
        return parse_phone(f, s, arena, &val->s, err);
    }
    dj_err_set(err, DJ_EINTERNAL, f->key, "系统内部错误");
    return dj_err_detail(err, "field %s has unknown type %d", f->key, (int)f->type);
}

/* Store a value (or the empty value when val is NULL) into the struct. */
static void store(const struct dj_field *f, void *rec, const union fval *val)
{
    void *p = field_ptr(rec, f);

    switch (f->type) {
    case DJ_FT_INT:
    case DJ_FT_MONEY:
        *(int64_t *)p = val ? val->i : 0;
        break;
    case DJ_FT_BOOL:
        *(bool *)p = val ? val->b : false;
        break;
    case DJ_FT_DATE: {
        struct dj_date none = {0, 0, 0};
        *(struct dj_date *)p = val ? val->date : none;
        break;
    }
    case DJ_FT_TEXT:
    case DJ_FT_DICT:
    case DJ_FT_IDCARD:
    case DJ_FT_PHONE:
        *(char **)p = val ? val->s : NULL;
        break;
    }
}

int dj_rec_from_json(const struct dj_record_desc *d, json_t *obj, void *rec, unsigned mode,
                     struct dj_arena *arena, struct dj_err *err)
{
    bool patch = !(mode & DJ_REC_CREATE);
    const char *key;
    json_t *v;
    int i, rc;

    if (!json_is_object(obj))
        return dj_err_set(err, DJ_EINVAL, NULL, "提交的内容应为 JSON 对象");
    json_object_foreach(obj, key, v)
    {
        const struct dj_field *f = dj_desc_field(d, key);
        union fval val;

        if (!f) {
            char shown[128];
            clip_utf8(shown, sizeof(shown), key, SHOW_CHARS);
            rc = dj_err_set(err, DJ_EINVAL, NULL, "未知字段：%s", shown);
            if (err)
                clip_utf8(err->field, sizeof(err->field), key, SHOW_CHARS);
            return rc;
        }
        if (f->flags & DJ_FF_READONLY)
            return dj_err_set(err, DJ_EINVAL, f->key, "字段 %s（%s）由系统生成，不能提交", f->key,
                              f->label);
        rc = json_is_null(v) ? 1 : convert(f, v, &val, arena, err);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            if (!patch)
                continue; /* absent; the required check below reports it */
            if (f->flags & DJ_FF_REQUIRED)
                return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能为空", f->label);
            store(f, rec, NULL);
        } else {
            store(f, rec, &val);
        }
        dj_rec_mark(d, rec, field_index(d, f));
    }
    if (patch)
        return 0;
    for (i = 0; i < d->nfields; i++) {
        const struct dj_field *f = &d->fields[i];
        if ((f->flags & DJ_FF_REQUIRED) && !(f->flags & DJ_FF_READONLY) && !dj_rec_isset(d, rec, i))
            return dj_err_set(err, DJ_EINVAL, f->key, "「%s」不能为空", f->label);
    }
    return 0;
}

/* ---- JSON output -------------------------------------------------------- */

static json_t *masked_string(const struct dj_field *f, const char *s)
{
    size_t sz = strlen(s) + 1; /* masking never makes a string longer */
    char *buf = dj_xmalloc(sz);
    json_t *j;

    if (f->type == DJ_FT_IDCARD)
        dj_mask_idcard(s, buf, sz);
    else if (f->type == DJ_FT_PHONE)
        dj_mask_phone(s, buf, sz);
    else
        dj_mask_name(s, buf, sz);
    j = json_string(buf);
    free(buf);
    return j;
}

/* JSON value of a set field; NULL means JSON null. */
static json_t *field_json(const struct dj_field *f, const void *rec, bool mask)
{
    const void *p = field_ptr_const(rec, f);
    char buf[32];

    if (mask && (f->flags & DJ_FF_PERSONAL) && f->type != DJ_FT_TEXT && f->type != DJ_FT_IDCARD &&
        f->type != DJ_FT_PHONE)
        return NULL;
    switch (f->type) {
    case DJ_FT_INT:
        return json_integer((json_int_t) * (const int64_t *)p);
    case DJ_FT_MONEY:
        return json_string(dj_money_format(*(const int64_t *)p, buf));
    case DJ_FT_BOOL:
        return json_boolean(*(const bool *)p);
    case DJ_FT_DATE: {
        struct dj_date date = *(const struct dj_date *)p;
        return dj_date_isset(date) ? json_string(dj_date_format(date, buf)) : NULL;
    }
    case DJ_FT_TEXT:
    case DJ_FT_DICT:
    case DJ_FT_IDCARD:
    case DJ_FT_PHONE: {
        const char *s = *(char *const *)p;
        if (!s)
            return NULL;
        if (mask && (f->flags & DJ_FF_PERSONAL))
            return masked_string(f, s);
        return json_string(s);
    }
    }
    return NULL;
}

json_t *dj_rec_to_json(const struct dj_record_desc *d, const void *rec, unsigned opts)
{
    bool mask = !(opts & DJ_OUT_UNMASKED);
    json_t *obj = json_object();
    int i;

    for (i = 0; i < d->nfields; i++) {
        const struct dj_field *f = &d->fields[i];
        json_t *v = NULL;

        if (f->flags & DJ_FF_SECRET)
            continue;
        if (dj_rec_isset(d, rec, i))
            v = field_json(f, rec, mask);
        json_object_set_new(obj, f->key, v ? v : json_null());
        if (f->type == DJ_FT_DICT) {
            char lkey[MAX_KEY + 8];
            const char *label = NULL;
            if (v && json_is_string(v))
                label = dj_dict_label(dj_dict_find(f->dict), json_string_value(v));
            snprintf(lkey, sizeof(lkey), "%s_label", f->key);
            json_object_set_new(obj, lkey, label ? json_string(label) : json_null());
        }
    }
    return obj;
}

/* ---- SQL ---------------------------------------------------------------- */

static int bind_field(const struct dj_record_desc *d, const void *rec, const struct dj_field *f,
                      struct dj_stmt *st, int idx)
{
    const void *p = field_ptr_const(rec, f);
    char buf[16];

    if (!dj_rec_isset(d, rec, field_index(d, f)))
        return dj_stmt_bind_null(st, idx);
    switch (f->type) {
    case DJ_FT_INT:
    case DJ_FT_MONEY:
        return dj_stmt_bind_int64(st, idx, *(const int64_t *)p);
    case DJ_FT_BOOL:
        return dj_stmt_bind_int64(st, idx, *(const bool *)p ? 1 : 0);
    case DJ_FT_DATE: {
        struct dj_date date = *(const struct dj_date *)p;
        if (!dj_date_isset(date))
            return dj_stmt_bind_null(st, idx);
        return dj_stmt_bind_text(st, idx, dj_date_format(date, buf));
    }
    case DJ_FT_TEXT:
    case DJ_FT_DICT:
    case DJ_FT_IDCARD:
    case DJ_FT_PHONE:
        return dj_stmt_bind_text(st, idx, *(char *const *)p);
    }
    return DJ_EINTERNAL;
}

int dj_rec_bind(const struct dj_record_desc *d, const void *rec, const char *const *keys,
                struct dj_stmt *st, int first_idx, struct dj_err *err)
{
    int idx = first_idx, i, rc;

    if (!keys) {
        for (i = 0; i < d->nfields; i++) {
            const struct dj_field *f = &d->fields[i];
            if (f->flags & DJ_FF_READONLY)
                continue;
            rc = bind_field(d, rec, f, st, idx++);
            if (rc)
                goto fail;
        }
        return 0;
    }
    for (i = 0; keys[i]; i++) {
        const struct dj_field *f = dj_desc_field(d, keys[i]);
        if (!f) {
            dj_err_set(err, DJ_EINTERNAL, NULL, "系统内部错误");
            return dj_err_detail(err, "dj_rec_bind: %s has no field %s", d->name, keys[i]);
        }
        rc = bind_field(d, rec, f, st, idx++);
        if (rc)
            goto fail;
    }
    return 0;
fail:
    dj_err_set(err, rc, NULL, "数据库操作失败");
    dj_err_detail(err, "dj_rec_bind: %s parameter %d failed", d->name, idx - 1);
    return rc;
}

int dj_rec_from_row(const struct dj_record_desc *d, void *rec, struct dj_stmt *st, int first_col,
                    struct dj_arena *arena)
{
    int i;

    if (first_col < 0 || dj_stmt_columns(st) < first_col + d->nfields)
        return DJ_EINTERNAL;
    for (i = 0; i < d->nfields; i++) {
        const struct dj_field *f = &d->fields[i];
        int col = first_col + i;
        union fval val;
        const char *s;

        if (dj_stmt_is_null(st, col)) {
            store(f, rec, NULL);
            dj_rec_mark(d, rec, i);
            continue;
        }
        switch (f->type) {
        case DJ_FT_INT:
        case DJ_FT_MONEY:
            val.i = dj_stmt_int64(st, col);
            break;
        case DJ_FT_BOOL:
            val.b = dj_stmt_int64(st, col) != 0;
            break;
        case DJ_FT_DATE:
            s = dj_stmt_text(st, col);
            if (!s || !*s)
                val.date = (struct dj_date){0, 0, 0};
            else if (dj_date_parse(s, &val.date, f->key, NULL))
                return DJ_EDB; /* the database holds something we never wrote */
            break;
        case DJ_FT_TEXT:
        case DJ_FT_DICT:
        case DJ_FT_IDCARD:
        case DJ_FT_PHONE:
            s = dj_stmt_text(st, col);
            val.s = s ? dj_arena_strdup(arena, s) : NULL;
            break;
        }
        store(f, rec, &val);
        dj_rec_mark(d, rec, i);
    }
    return 0;
}

/* ---- registry and meta -------------------------------------------------- */

static void check_desc(const struct dj_record_desc *d)
{
    int i, j;

    if (!d->name || !d->label || !d->fields || d->nfields < 0 || d->nfields > MAX_FIELDS)
        dj_die("record descriptor %s: missing name/label/fields or too many fields",
               d->name ? d->name : "(null)");
    if (d->set_offset + sizeof(uint64_t) > d->size)
        dj_die("record descriptor %s: set_offset outside the struct", d->name);
    for (i = 0; i < d->nfields; i++) {
        const struct dj_field *f = &d->fields[i];
        if (!f->key || !f->label || !f->column || strlen(f->key) >= MAX_KEY)
            dj_die("record descriptor %s: field %d lacks key/label/column or key too long", d->name,
                   i);
        if ((unsigned)f->type > DJ_FT_PHONE || f->offset >= d->size)
            dj_die("record descriptor %s: field %s has a bad type or offset", d->name, f->key);
        if (f->type == DJ_FT_DICT && !dj_dict_find(f->dict))
            dj_die("record descriptor %s: field %s names unknown dictionary %s", d->name, f->key,
                   f->dict ? f->dict : "(null)");
        for (j = 0; j < i; j++)
            if (!strcmp(d->fields[j].key, f->key))
                dj_die("record descriptor %s: duplicate key %s", d->name, f->key);
    }
}

void dj_desc_register(const struct dj_record_desc *d)
{
    int i;

    check_desc(d);
    for (i = 0; i < nregistry; i++) {
        if (registry[i] == d)
            return;
        if (!strcmp(registry[i]->name, d->name))
            dj_die("record descriptor %s registered twice", d->name);
    }
    if (nregistry >= MAX_DESCS)
        dj_die("more than %d record descriptors", MAX_DESCS);
    registry[nregistry++] = d;
}

const struct dj_record_desc *dj_desc_find(const char *name)
{
    int i;

    if (!name)
        return NULL;
    for (i = 0; i < nregistry; i++)
        if (!strcmp(registry[i]->name, name))
            return registry[i];
    return NULL;
}

static const char *ftype_name(enum dj_ftype t)
{
    switch (t) {
    case DJ_FT_INT:
        return "int";
    case DJ_FT_TEXT:
        return "text";
    case DJ_FT_BOOL:
        return "bool";
    case DJ_FT_DATE:
        return "date";
    case DJ_FT_MONEY:
        return "money";
    case DJ_FT_DICT:
        return "dict";
    case DJ_FT_IDCARD:
        return "idcard";
    case DJ_FT_PHONE:
        return "phone";
    }
    return "text";
}

static json_t *field_meta(const struct dj_field *f)
{
    json_t *o = json_object();
    int max = f->type == DJ_FT_TEXT ? text_cap(f) : f->max_len;

    json_object_set_new(o, "key", json_string(f->key));
    json_object_set_new(o, "label", json_string(f->label));
    json_object_set_new(o, "type", json_string(ftype_name(f->type)));
    json_object_set_new(o, "required", json_boolean(f->flags & DJ_FF_REQUIRED));
    json_object_set_new(o, "personal", json_boolean(f->flags & DJ_FF_PERSONAL));
    json_object_set_new(o, "unique", json_boolean(f->flags & DJ_FF_UNIQUE));
    json_object_set_new(o, "readonly", json_boolean(f->flags & DJ_FF_READONLY));
    json_object_set_new(o, "list", json_boolean(f->flags & DJ_FF_LIST));
    json_object_set_new(o, "multiline", json_boolean(f->flags & DJ_FF_MULTILINE));
    json_object_set_new(o, "max_len", json_integer(max));
    json_object_set_new(o, "dict", f->type == DJ_FT_DICT ? json_string(f->dict) : json_null());
    json_object_set_new(o, "help", f->help ? json_string(f->help) : json_null());
    return o;
}

json_t *dj_meta_json(void)
{
    json_t *meta = json_object(), *records = json_object(), *dicts = json_object();
    const struct dj_dict *const *all = dj_dict_all();
    int i, j;

    for (i = 0; i < nregistry; i++) {
        const struct dj_record_desc *d = registry[i];
        json_t *rec = json_object(), *fields = json_array();
        for (j = 0; j < d->nfields; j++)
            if (!(d->fields[j].flags & DJ_FF_SECRET))
                json_array_append_new(fields, field_meta(&d->fields[j]));
        json_object_set_new(rec, "label", json_string(d->label));
        json_object_set_new(rec, "fields", fields);
        json_object_set_new(records, d->name, rec);
    }
    for (i = 0; all[i]; i++) {
        json_t *dict = json_object(), *entries = json_array();
        size_t k;
        for (k = 0; k < all[i]->n; k++) {
            json_t *e = json_object();
            json_object_set_new(e, "code", json_string(all[i]->entries[k].code));
            json_object_set_new(e, "label", json_string(all[i]->entries[k].label));
            json_array_append_new(entries, e);
        }
        json_object_set_new(dict, "label", json_string(all[i]->label));
        json_object_set_new(dict, "entries", entries);
        json_object_set_new(dicts, all[i]->name, dict);
    }
    json_object_set_new(meta, "records", records);
    json_object_set_new(meta, "dicts", dicts);
    return meta;
}
