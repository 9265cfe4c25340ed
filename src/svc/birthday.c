/* birthday.c (svc) - 政治生日 lists and the scheduler's lister; see birthday.h. */
#include "base/compat.h"
#include "rules/member_rules.h"
#include "store/remind.h"
#include "svc/birthday.h"
#include "svc/org.h"

struct dj_date dj_birthday_in_year(struct dj_date joined, int y)
{
    struct dj_date unset = {0, 0, 0};

    if (!dj_date_valid(joined) || y <= joined.y)
        return unset;
    return dj_member_birthday(joined, y - joined.y);
}

/* "MM-DD" of a date. */
static void md(struct dj_date d, char out[6])
{
    snprintf(out, 6, "%02d-%02d", d.m, d.d);
}

/*
 * The month-day range covering the dates [a, b] of one year. In a common
 * year a range ending on 02-28 also takes 02-29 (that anniversary falls on
 * 02-28); "02-29" sorts right after "02-28".
 */
static void md_range(struct dj_date a, struct dj_date b, char lo[6], char hi[6])
{
    md(a, lo);
    md(b, hi);
    if (!dj_is_leap(b.y) && b.m == 2 && b.d == 28)
        memcpy(hi, "02-29", 6);
}

static int parse_joined(const char *s, struct dj_date *out)
{
    return dj_date_parse(s, out, NULL, NULL);
}

int dj_birthday_lister(struct dj_db *db, const struct dj_scope *scope, struct dj_date from,
                       struct dj_date to, dj_deadline_emit emit, void *ctx, struct dj_err *err)
{
    struct dj_arena *arena;
    int rc = 0;

    if (!dj_date_valid(from) || !dj_date_valid(to) || dj_date_cmp(from, to) > 0)
        return 0;
    if (dj_date_diff_days(from, to) > 366)
        return dj_err_set(err, DJ_EINVAL, "to", "提醒窗口不能超过 366 天");
    arena = dj_arena_new();
    for (int y = from.y; y <= to.y && !rc; y++) {
        struct dj_date a = y == from.y ? from : (struct dj_date){y, 1, 1};
        struct dj_date b = y == to.y ? to : (struct dj_date){y, 12, 31};
        struct dj_birthday_row *rows;
        char lo[6], hi[6];
        int n;

        md_range(a, b, lo, hi);
        rc = dj_store_birthdays(db, scope, "/", "0", lo, hi, arena, &rows, &n, err);
        for (int i = 0; i < n && !rc; i++) {
            struct dj_date joined, on;
            struct dj_deadline d = {0};
            char key[40];

            if (parse_joined(rows[i].joined_on, &joined))
                continue;
            on = dj_birthday_in_year(joined, y);
            if (!dj_date_isset(on) || dj_date_cmp(on, a) < 0 || dj_date_cmp(on, b) > 0)
                continue;
            snprintf(key, sizeof(key), "member:%lld", (long long)rows[i].member_id);
            d.kind = DJ_BIRTHDAY_KIND;
            d.key = key;
            d.org_id = rows[i].org_id;
            d.org_path = rows[i].org_path;
            d.member_id = rows[i].member_id;
            d.due = on;
            d.level = DJ_DEADLINE_INFO;
            d.rule_id = DJ_BIRTHDAY_RULE;
            d.title =
                dj_arena_printf(arena, "%s 政治生日（入党 %d 周年）", rows[i].name, y - joined.y);
            rc = emit(ctx, &d);
        }
    }
    dj_arena_free(arena);
    return rc;
}

int dj_birthday_parse_month(const char *s, int *y, int *m, const char *field, struct dj_err *err)
{
    struct dj_date d;
    char buf[11];

    if (!s || strlen(s) != 7 || s[4] != '-')
        return dj_err_set(err, DJ_EINVAL, field, "「月份」格式应为 YYYY-MM");
    snprintf(buf, sizeof(buf), "%s-01", s);
    if (dj_date_parse(buf, &d, NULL, NULL) || d.y < 1900)
        return dj_err_set(err, DJ_EINVAL, field, "「月份」格式应为 YYYY-MM");
    *y = d.y;
    *m = d.m;
    return 0;
}

static int item_cmp(const void *pa, const void *pb)
{
    const struct dj_birthday_item *a = pa, *b = pb;
    int c = dj_date_cmp(a->date, b->date);

    if (c)
        return c;
    c = strcmp(a->org_path, b->org_path);
    if (c)
        return c;
    return a->member_id < b->member_id ? -1 : a->member_id > b->member_id;
}

int dj_birthday_list_month(struct dj_db *db, const struct dj_actor *actor, int64_t org_id, int y,
                           int m, struct dj_arena *arena, struct dj_birthday_month *out,
                           struct dj_err *err)
{
    struct dj_birthday_row *rows;
    struct dj_scope scope;
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX], mlo[6], mhi[6];
    int n, rc;

    memset(out, 0, sizeof(*out));
    if (y < 1900 || y > 9999 || m < 1 || m > 12)
        return dj_err_set(err, DJ_EINVAL, "month", "「月份」格式应为 YYYY-MM");
    rc = dj_org_get(db, actor, org_id, &out->org, err);
    if (rc)
        return rc;
    out->y = y;
    out->m = m;
    dj_scope_for(actor, DJ_PERM_READ, &scope);
    dj_path_range(out->org.path, lo, hi, sizeof(lo));
    md_range((struct dj_date){y, m, 1}, dj_month_end(y, m), mlo, mhi);
    rc = dj_store_birthdays(db, &scope, lo, hi, mlo, mhi, arena, &rows, &n, err);
    if (rc)
        return rc;
    out->items = dj_arena_zalloc(arena, sizeof(*out->items) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        struct dj_birthday_item *it = &out->items[out->n];
        struct dj_date joined, on;

        if (parse_joined(rows[i].joined_on, &joined))
            continue;
        on = dj_birthday_in_year(joined, y);
        if (!dj_date_isset(on) || on.m != m)
            continue;
        it->member_id = rows[i].member_id;
        it->name = rows[i].name;
        it->org_id = rows[i].org_id;
        it->org_name = rows[i].org_name;
        it->org_path = rows[i].org_path;
        it->joined_on = rows[i].joined_on;
        it->category = rows[i].category;
        it->date = on;
        it->years = y - joined.y;
        out->n++;
    }
    if (out->n > 1)
        qsort(out->items, (size_t)out->n, sizeof(*out->items), item_cmp);
    return 0;
}
