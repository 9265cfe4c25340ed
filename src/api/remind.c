/*
 * remind.c (api) - the caller's inbox (GET /api/inbox, GET /api/inbox/count,
 * POST /api/inbox/{id}/read, POST /api/inbox/read-all, GET/PUT
 * /api/inbox/settings for the own e-mail address) and 政治生日 of a subtree
 * (GET /api/orgs/{id}/birthdays?month=YYYY-MM), and the 待办/预警 list of a
 * subtree from every reminder source (GET /api/orgs/{id}/todo). docs/reminders.md.
 */
#include "base/compat.h"
#include "api/api.h"
#include "base/config.h"
#include "base/date.h"
#include "store/remind.h"
#include "svc/birthday.h"
#include "svc/remind.h"
#include "svc/todo.h"

static const char *source_name(const char *kind)
{
    const struct dj_remind_source *s = dj_remind_source_for(kind);
    return s ? s->name : "提醒";
}

static json_t *entry_json(const struct dj_inbox_row *r)
{
    json_t *o =
        json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)r->id, "kind",
                  r->kind, "source", source_name(r->kind), "key", r->key, "due", r->due, "stage",
                  r->stage, "level", r->level, "title", r->title, "rule_id", r->rule_id,
                  "created_at", r->created_at, "read", r->read_at != NULL);

    json_object_set_new(o, "read_at", r->read_at ? json_string(r->read_at) : json_null());
    json_object_set_new(o, "org_id", r->org_id ? json_integer(r->org_id) : json_null());
    json_object_set_new(o, "org_name", json_string(r->org_name));
    json_object_set_new(o, "member_id", r->member_id ? json_integer(r->member_id) : json_null());
    return o;
}

static int h_inbox(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_inbox_row *rows;
    int64_t limit, offset, unread, total, all;
    json_t *items;
    int n, rc = dj_api_query_int(req, "unread", 0, 1, 0, &unread, err);

    if (!rc)
        rc = dj_api_query_int(req, "limit", 1, DJ_INBOX_MAX_LIMIT, 20, &limit, err);
    if (!rc)
        rc = dj_api_query_int(req, "offset", 0, INT64_MAX, 0, &offset, err);
    if (!rc)
        rc = dj_inbox_list(req->db, dj_api_actor(req), unread == 1, limit, offset, req->arena,
                           &rows, &n, &total, err);
    if (!rc)
        rc = dj_inbox_count(req->db, dj_api_actor(req), &unread, &all, err);
    if (rc)
        return rc;
    items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, entry_json(&rows[i]));
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:I,s:I,s:I,s:o}", "total", (json_int_t)total, "unread",
                           (json_int_t)unread, "limit", (json_int_t)limit, "offset",
                           (json_int_t)offset, "items", items));
    return 0;
}

static int h_count(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t unread, total;
    int rc = dj_inbox_count(req->db, dj_api_actor(req), &unread, &total, err);

    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:I}", "unread", (json_int_t)unread, "total", (json_int_t)total));
    return 0;
}

static int h_read(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t id;
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_inbox_mark_read(req->db, dj_api_actor(req), id, err);
    if (rc)
        return rc;
    dj_api_ok(resp);
    return 0;
}

static int h_read_all(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    int64_t changed;
    int rc = dj_inbox_mark_all_read(req->db, dj_api_actor(req), &changed, err);

    if (rc)
        return rc;
    dj_resp_json(resp, 200, json_pack("{s:b,s:I}", "ok", 1, "changed", (json_int_t)changed));
    return 0;
}

static int h_settings(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const struct dj_actor *a = dj_api_actor(req);
    char email[256];
    int rc = dj_store_user_email(req->db, a->user_id, email, sizeof(email), err);

    if (rc)
        return rc;
    dj_resp_json(resp, 200,
                 json_pack("{s:s?,s:b,s:b}", "email", email[0] ? email : NULL, "email_channel",
                           req->cfg->smtp_host[0] != '\0', "webhook_channel",
                           req->cfg->webhook_url[0] != '\0'));
    return 0;
}

static int h_settings_put(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    const char *email = NULL;
    struct dj_api_field f[] = {
        {"email", DJ_JT_STRING, true, 254, "电子邮箱", &email, NULL},
    };
    int rc = dj_api_fields(req->json, f, 1, err);

    if (!rc)
        rc =
            dj_remind_set_email(req->db, dj_api_actor(req), dj_api_actor(req)->user_id, email, err);
    if (rc)
        return rc;
    return h_settings(req, resp, err);
}

static int h_birthdays(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_birthday_month b;
    const char *month = dj_req_query(req, "month");
    struct dj_date today = dj_date_today(req->cfg->utc_offset_minutes);
    json_t *items;
    int64_t id;
    int y = today.y, m = today.m;
    char buf[11], mbuf[8];
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc && month && *month)
        rc = dj_birthday_parse_month(month, &y, &m, "month", err);
    if (!rc)
        rc = dj_birthday_list_month(req->db, dj_api_actor(req), id, y, m, req->arena, &b, err);
    if (rc)
        return rc;
    items = json_array();
    for (int i = 0; i < b.n; i++) {
        const struct dj_birthday_item *it = &b.items[i];
        json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "member_id",
                                               (json_int_t)it->member_id, "name", it->name,
                                               "org_id", (json_int_t)it->org_id, "org_name",
                                               it->org_name, "org_path", it->org_path, "joined_on",
                                               it->joined_on, "category", it->category, "date",
                                               dj_date_format(it->date, buf), "years", it->years));
    }
    snprintf(mbuf, sizeof(mbuf), "%04d-%02d", y, m);
    dj_resp_json(resp, 200,
                 json_pack("{s:I,s:s,s:s,s:i,s:o}", "org_id", (json_int_t)b.org.id, "org_name",
                           b.org.name, "month", mbuf, "total", b.n, "items", items));
    return 0;
}

/*
 * GET /api/orgs/{id}/todo?from=&to=&info=1 : the subtree's 待办/预警 (default: 90 days
 * back, 30 ahead; INFO items such as 政治生日 only with info=1).
 */
static int h_todo(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    struct dj_date today = dj_date_today(req->cfg->utc_offset_minutes);
    struct dj_date from = dj_date_add_days(today, -90), to = dj_date_add_days(today, 30);
    struct dj_todo t;
    json_t *items;
    int64_t id, info = 0;
    char due[11], f[11], tt[11];
    int rc = dj_api_param_id(req, "id", &id, err);

    if (!rc)
        rc = dj_api_query_int(req, "info", 0, 1, 0, &info, err);
    if (!rc)
        rc = dj_api_query_date(req, "from", from, &from, err);
    if (!rc)
        rc = dj_api_query_date(req, "to", to, &to, err);
    if (!rc)
        rc = dj_todo_list(req->db, dj_api_actor(req), id, from, to, info == 1, req->arena, &t,
                          err);
    if (rc)
        return rc;
    items = json_array();
    for (int i = 0; i < t.n; i++) {
        const struct dj_todo_item *it = &t.items[i];
        json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "kind", it->kind, "key",
                              it->key, "source", it->source, "org_id", (json_int_t)it->org_id,
                              "due", dj_date_format(it->due, due), "level", dj_deadline_level_name(it->level),
                              "rule_id", it->rule_id, "title", it->title);
        json_object_set_new(o, "member_id",
                            it->member_id ? json_integer(it->member_id) : json_null());
        json_array_append_new(items, o);
    }
    dj_resp_json(resp, 200,
                 json_pack("{s:s,s:s,s:i,s:I,s:o}", "from", dj_date_format(from, f), "to",
                           dj_date_format(to, tt), "total", t.n, "more", (json_int_t)t.more,
                           "items", items));
    return 0;
}

/* clang-format off */
const struct dj_route dj_api_remind_routes[] = {
    {"GET",  "/api/inbox",               h_inbox,        0},
    {"GET",  "/api/inbox/count",         h_count,        0},
    {"POST", "/api/inbox/read-all",      h_read_all,     0},
    {"POST", "/api/inbox/{id}/read",     h_read,         0},
    {"GET",  "/api/inbox/settings",      h_settings,     0},
    {"PUT",  "/api/inbox/settings",      h_settings_put, 0},
    {"GET",  "/api/orgs/{id}/birthdays", h_birthdays,    0},
    {"GET",  "/api/orgs/{id}/todo",      h_todo,         0},
    {NULL, NULL, NULL, 0},
};
/* clang-format on */
