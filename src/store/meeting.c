/* meeting.c (store) - records of organisational life; see meeting.h. */
#include "base/compat.h"
#include "store/meeting.h"
#include "store/scoped.h"

#define EDIT_COLS                                                                                  \
    "kind, held_on, place, chair, recorder, lecturer, by_secretary, topic, agenda, minutes, "      \
    "decisions, hours, expected_n, present_n, quorum_ok"

static int bind_edit(struct dj_stmt *st, int first, const struct dj_meeting *m)
{
    int rc = dj_stmt_bind_text(st, first, m->kind);

    rc = rc ? rc : dj_stmt_bind_text(st, first + 1, m->held_on);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 2, m->place);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 3, m->chair);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 4, m->recorder);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 5, m->lecturer);
    rc = rc ? rc : dj_stmt_bind_int64(st, first + 6, m->by_secretary);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 7, m->topic);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 8, m->agenda);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 9, m->minutes);
    rc = rc ? rc : dj_stmt_bind_text(st, first + 10, m->decisions);
    rc = rc ? rc : dj_stmt_bind_int64(st, first + 11, m->hours);
    rc = rc ? rc : dj_stmt_bind_int64(st, first + 12, m->expected_n);
    rc = rc ? rc : dj_stmt_bind_int64(st, first + 13, m->present_n);
    rc = rc ? rc : dj_stmt_bind_int64(st, first + 14, m->quorum_ok);
    return rc;
}

static int run(struct dj_stmt *st, struct dj_err *err)
{
    int rc = dj_stmt_step(st, err);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

static int insert_children(struct dj_db *db, int64_t id, const struct dj_meeting *m,
                           struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = 0;

    for (int i = 0; i < m->natt && !rc; i++) {
        const struct dj_meeting_att *a = &m->att[i];
        rc = dj_db_prepare(db,
                           "INSERT INTO meeting_attendance (meeting_id, member_id, name, state, "
                           "voting, reason) VALUES ($1, $2, $3, $4, $5, $6)",
                           &st, err);
        if (rc)
            break;
        dj_stmt_bind_int64(st, 1, id);
        if (a->member_id > 0)
            dj_stmt_bind_int64(st, 2, a->member_id);
        else
            dj_stmt_bind_null(st, 2);
        dj_stmt_bind_text(st, 3, a->name);
        dj_stmt_bind_text(st, 4, a->state);
        dj_stmt_bind_int64(st, 5, a->voting);
        dj_stmt_bind_text(st, 6, a->reason);
        rc = run(st, err);
    }
    for (int i = 0; i < m->nvotes && !rc; i++) {
        const struct dj_meeting_vote *v = &m->votes[i];
        rc = dj_db_prepare(
            db,
            "INSERT INTO meeting_votes (meeting_id, motion, yes, no, abstain, "
            "written_yes, written_no, passed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &st, err);
        if (rc)
            break;
        dj_stmt_bind_int64(st, 1, id);
        dj_stmt_bind_text(st, 2, v->motion);
        dj_stmt_bind_int64(st, 3, v->yes);
        dj_stmt_bind_int64(st, 4, v->no);
        dj_stmt_bind_int64(st, 5, v->abstain);
        dj_stmt_bind_int64(st, 6, v->written_yes);
        dj_stmt_bind_int64(st, 7, v->written_no);
        dj_stmt_bind_int64(st, 8, v->passed);
        rc = run(st, err);
    }
    for (int i = 0; i < m->nfiles && !rc; i++) {
        const struct dj_meeting_file *f = &m->files[i];
        rc = dj_db_prepare(db,
                           "INSERT INTO meeting_attachments (meeting_id, name, mime, size_bytes, "
                           "sha256) VALUES ($1, $2, $3, $4, $5)",
                           &st, err);
        if (rc)
            break;
        dj_stmt_bind_int64(st, 1, id);
        dj_stmt_bind_text(st, 2, f->name);
        dj_stmt_bind_text(st, 3, f->mime);
        dj_stmt_bind_int64(st, 4, f->size_bytes);
        dj_stmt_bind_text(st, 5, f->sha256);
        rc = run(st, err);
    }
    return rc;
}

int dj_store_meeting_insert(struct dj_db *db, const struct dj_meeting *m, const char *now,
                            int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO meetings (org_id, org_path, " EDIT_COLS
                           ", status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                           "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'draft', $18, $18) "
                           "RETURNING id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, m->org_id);
    dj_stmt_bind_text(st, 2, m->org_path);
    bind_edit(st, 3, m);
    dj_stmt_bind_text(st, 18, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    return insert_children(db, *id, m, err);
}

int dj_store_meeting_update(struct dj_db *db, const struct dj_meeting *m, const char *now,
                            struct dj_err *err)
{
    static const char *const del[] = {
        "DELETE FROM meeting_attendance WHERE meeting_id = $1",
        "DELETE FROM meeting_votes WHERE meeting_id = $1",
        "DELETE FROM meeting_attachments WHERE meeting_id = $1",
    };
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "UPDATE meetings SET kind = $2, held_on = $3, place = $4, chair = $5, "
                           "recorder = $6, lecturer = $7, by_secretary = $8, topic = $9, "
                           "agenda = $10, minutes = $11, decisions = $12, hours = $13, "
                           "expected_n = $14, present_n = $15, quorum_ok = $16, updated_at = $17 "
                           "WHERE id = $1",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, m->id);
    bind_edit(st, 2, m);
    dj_stmt_bind_text(st, 17, now);
    if ((rc = run(st, err)))
        return rc;
    for (size_t i = 0; i < DJ_ARRAY_LEN(del) && !rc; i++) {
        rc = dj_db_prepare(db, del[i], &st, err);
        if (!rc) {
            dj_stmt_bind_int64(st, 1, m->id);
            rc = run(st, err);
        }
    }
    return rc ? rc : insert_children(db, m->id, m, err);
}

int dj_store_meeting_set_status(struct dj_db *db, int64_t id, const char *status,
                                const char *reason, const char *reviewer, const char *now,
                                struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(
        db,
        "UPDATE meetings SET status = $2, updated_at = $3, "
        "return_reason = CASE WHEN $2 = 'returned' THEN $4 WHEN $2 = 'submitted' THEN NULL "
        "ELSE return_reason END, "
        "submitted_at = CASE WHEN $2 = 'submitted' THEN $3 ELSE submitted_at END, "
        "reviewed_at = CASE WHEN $2 IN ('approved', 'returned') THEN $3 ELSE reviewed_at END, "
        "reviewed_by = CASE WHEN $2 IN ('approved', 'returned') THEN $5 ELSE reviewed_by END "
        "WHERE id = $1",
        &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    dj_stmt_bind_text(st, 2, status);
    dj_stmt_bind_text(st, 3, now);
    dj_stmt_bind_text(st, 4, reason);
    dj_stmt_bind_text(st, 5, reviewer);
    return run(st, err);
}

int dj_store_meeting_delete(struct dj_db *db, int64_t id, struct dj_err *err)
{
    static const char *const del[] = {
        "DELETE FROM meeting_attendance WHERE meeting_id = $1",
        "DELETE FROM meeting_votes WHERE meeting_id = $1",
        "DELETE FROM meeting_attachments WHERE meeting_id = $1",
        "DELETE FROM meetings WHERE id = $1",
    };
    struct dj_stmt *st;
    int rc = 0;

    for (size_t i = 0; i < DJ_ARRAY_LEN(del) && !rc; i++) {
        rc = dj_db_prepare(db, del[i], &st, err);
        if (!rc) {
            dj_stmt_bind_int64(st, 1, id);
            rc = run(st, err);
        }
    }
    return rc;
}

#define ROW_COLS                                                                                   \
    "m.id, m.org_id, m.org_path, o.name, " EDIT_COLS_M ", m.status, m.return_reason, "             \
    "m.submitted_at, m.reviewed_at, m.reviewed_by, m.created_at, m.updated_at, o.kind"
#define EDIT_COLS_M                                                                                \
    "m.kind, m.held_on, m.place, m.chair, m.recorder, m.lecturer, m.by_secretary, m.topic, "       \
    "m.agenda, m.minutes, m.decisions, m.hours, m.expected_n, m.present_n, m.quorum_ok"

static const char *dup(struct dj_arena *a, struct dj_stmt *st, int col)
{
    const char *s = dj_stmt_text(st, col);
    return s ? dj_arena_strdup(a, s) : NULL;
}

static void read_row(struct dj_stmt *st, struct dj_arena *a, struct dj_meeting *m)
{
    memset(m, 0, sizeof(*m));
    m->id = dj_stmt_int64(st, 0);
    m->org_id = dj_stmt_int64(st, 1);
    m->org_path = dup(a, st, 2);
    m->org_name = dup(a, st, 3);
    m->kind = dup(a, st, 4);
    dj_strlcpy(m->held_on, dj_stmt_text(st, 5) ? dj_stmt_text(st, 5) : "", sizeof(m->held_on));
    m->place = dup(a, st, 6);
    m->chair = dup(a, st, 7);
    m->recorder = dup(a, st, 8);
    m->lecturer = dup(a, st, 9);
    m->by_secretary = dj_stmt_int64(st, 10) != 0;
    m->topic = dup(a, st, 11);
    m->agenda = dup(a, st, 12);
    m->minutes = dup(a, st, 13);
    m->decisions = dup(a, st, 14);
    m->hours = dj_stmt_int64(st, 15);
    m->expected_n = dj_stmt_int64(st, 16);
    m->present_n = dj_stmt_int64(st, 17);
    m->quorum_ok = dj_stmt_int64(st, 18) != 0;
    m->status = dup(a, st, 19);
    m->return_reason = dup(a, st, 20);
    m->submitted_at = dup(a, st, 21);
    m->reviewed_at = dup(a, st, 22);
    m->reviewed_by = dup(a, st, 23);
    m->created_at = dup(a, st, 24);
    m->updated_at = dup(a, st, 25);
    m->org_kind = dup(a, st, 26);
}

static int read_children(struct dj_db *db, struct dj_arena *a, struct dj_meeting *m,
                         struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap;

    rc = dj_db_prepare(db,
                       "SELECT COALESCE(member_id, 0), name, state, voting, reason "
                       "FROM meeting_attendance WHERE meeting_id = $1 ORDER BY id",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, m->id);
    cap = 0;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_meeting_att *x;
        if (m->natt == cap) {
            struct dj_meeting_att *g =
                dj_arena_zalloc(a, sizeof(*g) * (size_t)(cap ? cap * 2 : 32));
            if (m->natt)
                memcpy(g, m->att, sizeof(*g) * (size_t)m->natt);
            m->att = g;
            cap = cap ? cap * 2 : 32;
        }
        x = &m->att[m->natt++];
        x->member_id = dj_stmt_int64(st, 0);
        x->name = dup(a, st, 1);
        x->state = dup(a, st, 2);
        x->voting = dj_stmt_int64(st, 3) != 0;
        x->reason = dup(a, st, 4);
    }
    if (rc < 0)
        return rc;
    rc = dj_db_prepare(db,
                       "SELECT motion, yes, no, abstain, written_yes, written_no, passed "
                       "FROM meeting_votes WHERE meeting_id = $1 ORDER BY id",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, m->id);
    cap = 0;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_meeting_vote *v;
        if (m->nvotes == cap) {
            struct dj_meeting_vote *g =
                dj_arena_zalloc(a, sizeof(*g) * (size_t)(cap ? cap * 2 : 8));
            if (m->nvotes)
                memcpy(g, m->votes, sizeof(*g) * (size_t)m->nvotes);
            m->votes = g;
            cap = cap ? cap * 2 : 8;
        }
        v = &m->votes[m->nvotes++];
        v->motion = dup(a, st, 0);
        v->yes = dj_stmt_int64(st, 1);
        v->no = dj_stmt_int64(st, 2);
        v->abstain = dj_stmt_int64(st, 3);
        v->written_yes = dj_stmt_int64(st, 4);
        v->written_no = dj_stmt_int64(st, 5);
        v->passed = dj_stmt_int64(st, 6) != 0;
    }
    if (rc < 0)
        return rc;
    rc = dj_db_prepare(db,
                       "SELECT name, mime, size_bytes, sha256 FROM meeting_attachments "
                       "WHERE meeting_id = $1 ORDER BY id",
                       &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, m->id);
    cap = 0;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_meeting_file *f;
        if (m->nfiles == cap) {
            struct dj_meeting_file *g =
                dj_arena_zalloc(a, sizeof(*g) * (size_t)(cap ? cap * 2 : 8));
            if (m->nfiles)
                memcpy(g, m->files, sizeof(*g) * (size_t)m->nfiles);
            m->files = g;
            cap = cap ? cap * 2 : 8;
        }
        f = &m->files[m->nfiles++];
        f->name = dup(a, st, 0);
        f->mime = dup(a, st, 1);
        f->size_bytes = dj_stmt_int64(st, 2);
        f->sha256 = dup(a, st, 3);
    }
    return rc < 0 ? rc : 0;
}

int dj_store_meeting_get(struct dj_db *db, const struct dj_scope *scope, int64_t id,
                         struct dj_arena *arena, struct dj_meeting *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT " ROW_COLS " FROM meetings m JOIN orgs o ON o.id = m.org_id "
                           "WHERE m.id = $1",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, id);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        read_row(st, arena, out);
    dj_stmt_reset(st);
    if (rc < 0)
        return rc;
    if (rc != DJ_ROW || !dj_scope_contains(scope, out->org_path)) {
        memset(out, 0, sizeof(*out));
        return dj_err_set(err, DJ_ENOTFOUND, "id", "记录不存在");
    }
    return read_children(db, arena, out, err);
}

#define LIST_WHERE                                                                                 \
    " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.org_path >= $1 AND m.org_path < $2 "  \
    "AND ($3 IS NULL OR m.kind = $3) AND ($4 IS NULL OR m.status = $4) "                           \
    "AND ($5 IS NULL OR m.held_on >= $5) AND ($6 IS NULL OR m.held_on <= $6) AND "                 \
    "((m.org_path >= $7 AND m.org_path < $8) OR (m.org_path >= $9 AND m.org_path < $10) OR "       \
    "(m.org_path >= $11 AND m.org_path < $12) OR (m.org_path >= $13 AND m.org_path < $14))"

static void bind_list(struct dj_stmt *st, const struct dj_scope *scope,
                      const struct dj_meeting_filter *f)
{
    char lo[DJ_PATH_MAX], hi[DJ_PATH_MAX];

    dj_path_range(f->path, lo, hi, sizeof(lo));
    dj_stmt_bind_text(st, 1, lo);
    dj_stmt_bind_text(st, 2, hi);
    dj_stmt_bind_text(st, 3, f->kind);
    dj_stmt_bind_text(st, 4, f->status);
    dj_stmt_bind_text(st, 5, f->from);
    dj_stmt_bind_text(st, 6, f->to);
    dj_store_bind_scope(st, 7, scope);
}

int dj_store_meeting_list(struct dj_db *db, const struct dj_scope *scope,
                          const struct dj_meeting_filter *f, struct dj_arena *arena,
                          struct dj_meeting **rows, int *n, int64_t *total, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc, cap = 0;

    *rows = NULL;
    *n = 0;
    *total = 0;
    rc = dj_db_prepare(db, "SELECT COUNT(*)" LIST_WHERE, &st, err);
    if (rc)
        return rc;
    bind_list(st, scope, f);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *total = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    if (rc < 0 || !*total)
        return rc < 0 ? rc : 0;
    rc = dj_db_prepare(db,
                       "SELECT " ROW_COLS LIST_WHERE
                       " ORDER BY m.held_on DESC, m.id DESC LIMIT $15 OFFSET $16",
                       &st, err);
    if (rc)
        return rc;
    bind_list(st, scope, f);
    dj_stmt_bind_int64(st, 15, f->limit);
    dj_stmt_bind_int64(st, 16, f->offset);
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        if (*n == cap) {
            struct dj_meeting *g =
                dj_arena_zalloc(arena, sizeof(*g) * (size_t)(cap ? cap * 2 : 32));
            if (*n)
                memcpy(g, *rows, sizeof(*g) * (size_t)*n);
            *rows = g;
            cap = cap ? cap * 2 : 32;
        }
        read_row(st, arena, &(*rows)[(*n)++]);
    }
    return rc < 0 ? rc : 0;
}

#define ROLL_SELECT                                                                                \
    "SELECT m.id, m.name, (m.category <> 'full' OR (m.confirmed_on IS NOT NULL AND "               \
    "m.confirmed_on > $2)), e.reason_kind, e.reason FROM members m "                               \
    "LEFT JOIN member_exemptions e ON e.id = (SELECT x.id FROM member_exemptions x "               \
    "WHERE x.member_id = m.id AND x.start_on <= $2 AND (x.end_on IS NULL OR x.end_on >= $2) "      \
    "ORDER BY x.start_on DESC, x.id DESC LIMIT 1) "
#define ROLL_WHERE                                                                                 \
    " AND m.joined_on <= $2 AND COALESCE(m.added_on, m.joined_on) <= $2 "                          \
    "AND (m.status IN ('normal', 'mobile', 'lost_contact') OR "                                    \
    "(m.status IN ('left', 'deceased', 'suspended') AND m.status_on > $2)) ORDER BY m.id"

static int read_roll(struct dj_stmt *st, struct dj_arena *arena, struct dj_roll_entry **out, int *n,
                     struct dj_err *err)
{
    int rc, cap = 0;

    *out = NULL;
    *n = 0;
    while ((rc = dj_stmt_step(st, err)) == DJ_ROW) {
        struct dj_roll_entry *r;
        if (*n == cap) {
            struct dj_roll_entry *g =
                dj_arena_zalloc(arena, sizeof(*g) * (size_t)(cap ? cap * 2 : 32));
            if (*n)
                memcpy(g, *out, sizeof(*g) * (size_t)*n);
            *out = g;
            cap = cap ? cap * 2 : 32;
        }
        r = &(*out)[(*n)++];
        r->member_id = dj_stmt_int64(st, 0);
        r->name = dup(arena, st, 1);
        r->probationary = dj_stmt_int64(st, 2) != 0;
        r->exempt_kind = dup(arena, st, 3);
        r->exempt_reason = dup(arena, st, 4);
    }
    return rc < 0 ? rc : 0;
}

int dj_store_roll(struct dj_db *db, int64_t org_id, bool by_group, const char *on,
                  struct dj_arena *arena, struct dj_roll_entry **out, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           by_group ? ROLL_SELECT "WHERE m.group_id = $1" ROLL_WHERE
                                    : ROLL_SELECT "WHERE m.org_id = $1" ROLL_WHERE,
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, on);
    return read_roll(st, arena, out, n, err);
}

int dj_store_committee_on(struct dj_db *db, int64_t org_id, const char *on, struct dj_arena *arena,
                          struct dj_roll_entry **out, int *n, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT COALESCE(member_id, 0), MIN(person_name), 0, NULL, NULL "
                           "FROM org_posts WHERE org_id = $1 AND post <> 'group_leader' "
                           "AND start_on <= $2 AND (end_on IS NULL OR end_on >= $2) "
                           "GROUP BY COALESCE('m' || member_id, 'n' || person_name) "
                           "ORDER BY 1, 2",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_text(st, 2, on);
    return read_roll(st, arena, out, n, err);
}

int dj_store_is_secretary(struct dj_db *db, int64_t org_id, int64_t member_id, const char *on,
                          bool *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT 1 FROM org_posts WHERE org_id = $1 AND member_id = $2 "
                           "AND post = 'secretary' AND start_on <= $3 "
                           "AND (end_on IS NULL OR end_on >= $3) LIMIT 1",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, org_id);
    dj_stmt_bind_int64(st, 2, member_id);
    dj_stmt_bind_text(st, 3, on);
    rc = dj_stmt_step(st, err);
    *out = rc == DJ_ROW;
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_exemption_insert(struct dj_db *db, const struct dj_member_exemption *e,
                              const char *now, int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO member_exemptions (member_id, org_path, reason_kind, "
                           "reason, approver, start_on, end_on, created_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, e->member_id);
    dj_stmt_bind_text(st, 2, e->org_path);
    dj_stmt_bind_text(st, 3, e->reason_kind);
    dj_stmt_bind_text(st, 4, e->reason);
    dj_stmt_bind_text(st, 5, e->approver);
    dj_stmt_bind_text(st, 6, e->start_on);
    dj_stmt_bind_text(st, 7, e->end_on);
    dj_stmt_bind_text(st, 8, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_training_insert(struct dj_db *db, int64_t member_id, const char *org_path,
                             const char *held_on, int64_t hours, const char *title, const char *now,
                             int64_t *id, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "INSERT INTO training_records (member_id, org_path, held_on, hours, "
                           "title, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                           &st, err);
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_text(st, 2, org_path);
    dj_stmt_bind_text(st, 3, held_on);
    dj_stmt_bind_int64(st, 4, hours);
    dj_stmt_bind_text(st, 5, title);
    dj_stmt_bind_text(st, 6, now);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW)
        *id = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}

int dj_store_member_life_year(struct dj_db *db, int64_t member_id, int year,
                              struct dj_member_life_year *out, struct dj_err *err)
{
    struct dj_stmt *st;
    int rc = dj_db_prepare(db,
                           "SELECT hours_ok, hours_sub, talks_ok, talks_sub FROM life_member_year "
                           "WHERE member_id = $1 AND year = $2",
                           &st, err);
    memset(out, 0, sizeof(*out));
    if (rc)
        return rc;
    dj_stmt_bind_int64(st, 1, member_id);
    dj_stmt_bind_int64(st, 2, year);
    rc = dj_stmt_step(st, err);
    if (rc == DJ_ROW) {
        out->hours_ok = dj_stmt_int64(st, 0);
        out->hours_sub = dj_stmt_int64(st, 1);
        out->talks_ok = dj_stmt_int64(st, 2);
        out->talks_sub = dj_stmt_int64(st, 3);
    }
    dj_stmt_reset(st);
    return rc < 0 ? rc : 0;
}
