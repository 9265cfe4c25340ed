/* todo.c - the 待办/预警 list: every reminder source's lister over one subtree. */
#include "base/compat.h"
#include "svc/todo.h"

#include <stdlib.h>
#include <string.h>

#include "store/org.h"
#include "svc/org.h"
#include "svc/remind_sources.h"

struct collect {
    struct dj_arena *arena;
    const char *source;
    bool with_info;
    struct dj_todo_item *items;
    int n, cap;
    int64_t more;
};

static int take(void *ctx, const struct dj_deadline *d)
{
    struct collect *c = ctx;
    struct dj_todo_item *it;

    if (d->level == DJ_DEADLINE_INFO && !c->with_info)
        return 0;
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 64;
        struct dj_todo_item *grown;
        if (c->n >= DJ_TODO_MAX * 4) { /* enough to sort and cut; count the rest */
            c->more++;
            return 0;
        }
        grown = dj_arena_alloc(c->arena, sizeof(*grown) * (size_t)cap);
        if (c->n)
            memcpy(grown, c->items, sizeof(*grown) * (size_t)c->n);
        c->items = grown;
        c->cap = cap;
    }
    it = &c->items[c->n++];
    it->kind = dj_arena_strdup(c->arena, d->kind);
    it->key = dj_arena_strdup(c->arena, d->key);
    it->source = c->source;
    it->org_id = d->org_id;
    it->member_id = d->member_id;
    it->org_path = dj_arena_strdup(c->arena, d->org_path ? d->org_path : "");
    it->due = d->due;
    it->level = d->level;
    it->rule_id = dj_arena_strdup(c->arena, d->rule_id ? d->rule_id : "");
    it->title = dj_arena_strdup(c->arena, d->title ? d->title : "");
    return 0;
}

static int by_urgency(const void *pa, const void *pb)
{
    const struct dj_todo_item *a = pa, *b = pb;
    int c;

    if ((a->level == DJ_DEADLINE_OVERDUE) != (b->level == DJ_DEADLINE_OVERDUE))
        return a->level == DJ_DEADLINE_OVERDUE ? -1 : 1;
    if ((c = dj_date_cmp(a->due, b->due)))
        return c;
    if ((c = strcmp(a->kind, b->kind)))
        return c;
    return strcmp(a->key, b->key);
}

int dj_todo_list(struct dj_db *db, const struct dj_actor *actor, int64_t org_id,
                 struct dj_date from, struct dj_date to, bool with_info, struct dj_arena *arena,
                 struct dj_todo *out, struct dj_err *err)
{
    struct dj_org_row org;
    struct dj_scope *subtree;
    struct collect c = {.arena = arena, .with_info = with_info};
    int rc;

    memset(out, 0, sizeof(*out));
    if (!dj_date_valid(from) || !dj_date_valid(to) || dj_date_cmp(from, to) > 0 ||
        dj_date_diff_days(from, to) > 366)
        return dj_err_set(err, DJ_EINVAL, "to", "「期间」应为一年以内、起始不晚于结束的日期");
    if ((rc = dj_org_get(db, actor, org_id, &org, err)))
        return rc;
    /* the reader sees the whole subtree of an organisation it may read: narrow to it */
    subtree = dj_arena_zalloc(arena, sizeof(*subtree));
    subtree->n = 1;
    dj_strlcpy(subtree->paths[0], org.path, sizeof(subtree->paths[0]));
    for (const struct dj_remind_source *s = dj_remind_sources; s->kind && !rc; s++) {
        c.source = s->name;
        rc = s->lister(db, subtree, from, to, take, &c, err);
    }
    if (rc)
        return rc;
    if (c.n > 1)
        qsort(c.items, (size_t)c.n, sizeof(*c.items), by_urgency);
    out->items = c.items;
    out->n = c.n > DJ_TODO_MAX ? DJ_TODO_MAX : c.n;
    out->more = c.more + (c.n - out->n);
    return 0;
}
