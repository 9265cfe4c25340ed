/*
 * demo_gen.c - loading the demo tree (demo_tree.c) and its members
 * (demo_people.c) into the database in one transaction (see demo_gen.h).
 *
 * The tree is walked in pre-order. An organisation row is written when it
 * is first visited, so parents always precede children. A branch is
 * complete at that moment: its members are generated in memory, its posts
 * chosen from them, and then the branch, its 党小组, its members, posts and
 * units are written. Organisations above the branches get their posts and
 * officer columns when the walk leaves their subtree, from the members of
 * their "office" branch (区委办公室, 街道机关 ...), which is loaded by then.
 */
#include "base/compat.h"
#include "svc/audit.h"
#include "svc/crypt.h"
#include "svc/demo_dues.h"
#include "svc/demo_gen.h"
#include "svc/demo_int.h"
#include "svc/member.h"
#include "svc/svc.h"
#include "svc/term.h"
#include "store/demo.h"

#include <time.h>

/* aad of the organisations' sealed contact phone, as svc/org.c uses it */
#define AAD_ORG_PHONE "org.contact_phone"

#define PROGRESS_EVERY 20000 /* members between progress reports */

int dj_demo_scale_parse(const char *s, enum dj_demo_scale *out)
{
    static const char *const names[] = {"district", "city", "province"};

    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, names[i])) {
            *out = (enum dj_demo_scale)i;
            return 0;
        }
    return -1;
}

struct loader {
    struct dj_db *db;
    const unsigned char *key;
    struct dj_demo_tree *t;
    struct dj_demo_rng r;
    struct dj_demo_ids *ids;
    struct dj_date today;
    char now[32];
    char **paths;                  /* materialised path of every node */
    bool *written;                 /* node row already inserted (党小组 go with their branch) */
    struct dj_demo_person *people; /* the members of the branch being loaded */
    int people_cap;
    int64_t next_member, next_post, next_unit, expected, reported;
    const struct dj_demo_opts *opts;
    struct dj_demo_result *res;
    struct dj_err *err;
};

static double seconds_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void datestr(struct dj_date d, char out[11])
{
    dj_date_format(d, out);
}

/* Seal `plain` (NULL or "" gives NULL); the caller frees the result. */
static char *seal(struct loader *L, const char *plain, const char *aad)
{
    char *out = NULL;

    if (!plain || !*plain)
        return NULL;
    if (dj_crypt_seal(L->key, plain, aad, &out))
        dj_die("demo: sealing a field failed");
    return out;
}

/* The industry of a node or its nearest ancestor that has one. */
static const char *industry_of(struct loader *L, int32_t i)
{
    for (int hops = 0; i >= 0 && hops < 4; hops++, i = L->t->v[i].parent)
        if (L->t->v[i].industry)
            return L->t->v[i].industry;
    return NULL;
}

/* The unit name members of node i work for (its own or its parent's unit). */
static const char *unit_of(struct loader *L, int32_t i)
{
    const struct dj_demo_node *n = &L->t->v[i];

    if (!strcmp(n->domain, "rural") || !strcmp(n->domain, "community"))
        return NULL;
    if (n->unit_name)
        return n->unit_name;
    return n->parent >= 0 ? L->t->v[n->parent].unit_name : NULL;
}

static void progress(struct loader *L, const char *stage, int64_t done, int64_t total)
{
    if (L->opts->progress)
        L->opts->progress(L->opts->progress_ctx, stage, done, total);
}

/* ---- organisations ------------------------------------------------------- */

/* One organisation row; its officer columns are filled later (write_officers). */
static int write_org(struct loader *L, int32_t i)
{
    const struct dj_demo_node *n = &L->t->v[i];
    struct dj_demo_org_row o = {0};
    char founded[11], code[16], dissolved[11], rep[24];
    int rc;

    datestr(n->founded, founded);
    snprintf(code, sizeof(code), "0140%08lld", (long long)n->id);
    o.id = n->id;
    o.parent_id = n->parent >= 0 ? L->t->v[n->parent].id : 0;
    o.path = L->paths[i];
    o.code = code;
    o.name = n->name;
    o.kind = n->kind;
    o.domain = n->domain;
    o.industry = n->industry;
    o.locality = n->locality;
    o.founded_on = founded;
    o.unit_situation = n->unit_situation ? n->unit_situation : "与上级党组织所在单位相同";
    o.region_code = dj_demo_regions[n->region].code;
    o.unit_name = n->unit_name;
    o.unit_affiliation = n->unit_name ? "地方" : NULL;
    o.unit_nature = n->unit_nature;
    o.legal_entity = n->legal_entity;
    o.private_tech = n->private_tech;
    o.social_service_kind = n->social_service_kind;
    o.institution_kind = n->institution_kind;
    o.can_approve = n->can_approve;
    if (n->unit_name && n->legal_entity == 1) {
        dj_demo_random_name(&L->r, 1, dj_demo_chance(&L->r, 250) ? 2 : 1, rep, sizeof(rep));
        o.legal_rep = rep;
    }
    if (n->problem == DJ_DEMO_PB_DISSOLVED) {
        struct dj_date d = {2023, dj_demo_range(&L->r, 1, 12), dj_demo_range(&L->r, 1, 28)};
        if (dj_date_cmp(d, n->founded) <= 0)
            d = dj_date_add_days(n->founded, 200);
        datestr(d, dissolved);
        o.status = "dissolved";
        o.dissolved_on = dissolved;
        o.dissolve_reason = "企业注销，党组织相应撤销";
    }
    rc = dj_store_demo_org(L->db, &o, L->now, L->err);
    L->written[i] = true;
    L->res->orgs++;
    return rc;
}

/* The materialised path of node i from its parent's ("/1/7/42/"). */
static void make_path(struct loader *L, int32_t i)
{
    const struct dj_demo_node *n = &L->t->v[i];
    const char *pp = n->parent >= 0 ? L->paths[n->parent] : "/";

    L->paths[i] = dj_arena_printf(L->t->arena, "%s%lld/", pp, (long long)n->id);
}

/* Officer columns of an organisation: 书记 and 联系人 with a synthetic phone. */
static int write_officers(struct loader *L, int64_t org_id, const char *secretary,
                          const char *contact)
{
    char phone[12], *enc;
    int rc;

    dj_demo_random_phone(&L->r, phone);
    enc = seal(L, phone, AAD_ORG_PHONE);
    rc = dj_store_demo_org_officers(L->db, org_id, secretary, contact, enc, L->err);
    free(enc);
    return rc;
}

static int write_unit(struct loader *L, const char *name, const char *domain, int64_t owner,
                      int64_t org, int64_t joint, int full)
{
    struct dj_demo_unit_row u = {.id = ++L->next_unit,
                                 .name = name,
                                 .domain = domain,
                                 .owner_org_id = owner,
                                 .org_id = org,
                                 .joint_org_id = joint,
                                 .full_members = full};
    L->res->units++;
    return dj_store_demo_unit(L->db, &u, L->now, L->err);
}

static int write_post(struct loader *L, int64_t org_id, const char *post, int64_t member_id,
                      const char *name, struct dj_date start, struct dj_date end, int principal,
                      const char *note)
{
    char s[11], e[11];
    struct dj_demo_post_row p = {.id = ++L->next_post,
                                 .org_id = org_id,
                                 .post = post,
                                 .member_id = member_id,
                                 .person_name = name,
                                 .start_on = s,
                                 .end_on = dj_date_isset(end) ? e : NULL,
                                 .principal_leader = principal,
                                 .note = note};
    datestr(start, s);
    datestr(end, e);
    L->res->posts++;
    return dj_store_demo_post(L->db, &p, L->now, L->err);
}

/* ---- members ------------------------------------------------------------- */

/*
 * Write one member: the row goes through dj_member_validate (so every
 * generated member obeys the rules the member service enforces) and
 * dj_member_seal (normalisation, sealed personal fields and blind index,
 * exactly as for members entered through the API).
 */
static int write_member(struct loader *L, struct dj_arena *arena, int32_t br, int64_t group_id,
                        const char *joint_unit, const struct dj_demo_person *p, int64_t id)
{
    const struct dj_demo_node *n = &L->t->v[br];
    struct dj_member_rec r = {0};
    struct dj_member_sealed sealed;
    struct dj_demo_member_row m = {0};
    char birth[11], joined[11], confirmed[11], started[11], added[11], status_on[11], since[11];
    int rc;

    r.name = (char *)p->name;
    r.id_number = (char *)p->id_number;
    r.gender = (char *)(p->gender == 2 ? "2" : "1");
    r.birth_date = p->birth;
    r.nation = (char *)p->nation;
    r.native_place = (char *)p->native_place;
    r.education = (char *)p->education;
    r.degree = (char *)p->degree;
    r.category = (char *)(p->probationary ? "probationary" : "full");
    r.joined_on = p->joined;
    r.confirmed_on = p->confirmed;
    r.person_category = (char *)p->person_category;
    r.add_kind = (char *)p->add_kind;
    r.status = (char *)p->status;
    r.work_started_on = p->work_started;
    r.added_on = p->added_on;
    r.status_on = p->status_on;
    r.mobile_since = p->mobile_since;
    r.phone = p->phone[0] ? (char *)p->phone : NULL;
    r.hukou = p->hukou[0] ? (char *)p->hukou : NULL;
    r.residence = p->residence[0] ? (char *)p->residence : NULL;
    rc = dj_member_validate(&r, L->today, L->err);
    if (!rc)
        rc = dj_member_seal(L->key, &r, &sealed, arena, L->err);
    if (rc)
        return dj_err_detail(L->err, "demo member %lld (%s %s) is invalid", (long long)id, p->name,
                             p->id_number);

    datestr(p->birth, birth);
    datestr(p->joined, joined);
    datestr(p->confirmed, confirmed);
    datestr(p->work_started, started);
    datestr(p->added_on, added);
    datestr(p->status_on, status_on);
    datestr(p->mobile_since, since);
    m.id = id;
    m.org_id = n->id;
    m.org_path = L->paths[br];
    m.group_id = group_id;
    m.name = p->name;
    m.id_enc = sealed.id_enc;
    m.id_blind = sealed.id_blind;
    m.gender = r.gender;
    m.birth_date = birth;
    m.nation = p->nation;
    m.native_place = p->native_place;
    m.education = p->education;
    m.degree = p->degree;
    m.category = r.category;
    m.joined_on = joined;
    m.confirmed_on = p->probationary ? NULL : confirmed;
    m.job = p->job;
    m.tech_title = p->tech_title;
    m.new_class = p->new_class;
    m.person_category = p->person_category;
    m.migrant_worker = p->migrant_worker;
    m.industry = industry_of(L, br);
    m.work_started_on = started[0] ? started : NULL;
    m.work_unit = joint_unit ? joint_unit : unit_of(L, br);
    m.joint_unit_name = joint_unit;
    m.frontline = p->frontline;
    m.phone_enc = sealed.phone_enc;
    m.hukou_enc = sealed.hukou_enc;
    m.residence_enc = sealed.residence_enc;
    m.added_on = added;
    m.add_kind = p->add_kind;
    m.status = p->status;
    m.status_on = status_on[0] ? status_on : NULL;
    m.status_reason = p->status_reason;
    m.mobile_to = p->mobile_to;
    m.mobile_contact = p->mobile_contact;
    m.mobile_since = since[0] ? since : NULL;
    m.hardship = p->hardship;
    m.retired = p->retired;
    return dj_store_demo_member(L->db, &m, L->now, L->err);
}

/* May person p hold a branch post from `start`: a normal 正式党员 with 党龄 >= 1 year then. */
static bool eligible(const struct dj_demo_person *p, struct dj_date start)
{
    return !p->probationary && !strcmp(p->status, "normal") &&
           dj_date_cmp(dj_date_add_years(p->confirmed, 1), start) <= 0;
}

/* A start date for a post held now: within the current term, not before `not_before`. */
static struct dj_date term_start(struct loader *L, const struct dj_demo_node *n,
                                 struct dj_date not_before)
{
    struct dj_date s =
        dj_date_add_days(L->today, -dj_demo_range(&L->r, 30, n->term_years * 365 - 30));

    if (dj_date_cmp(s, n->founded) < 0)
        s = n->founded;
    if (dj_date_cmp(s, not_before) < 0)
        s = not_before;
    return s;
}

static const char *const committee_posts[] = {"secretary",  "organization",     "propaganda",
                                              "discipline", "deputy_secretary", "member",
                                              "member",     "member",           NULL};

/* How many branch committee posts (1 = only a 书记), from the 正式党员 count. */
static int branch_committee_size(struct loader *L, const struct dj_demo_node *n, int full)
{
    switch (n->problem) {
    case DJ_DEMO_PB_NO_COMMITTEE:
        return 1;
    case DJ_DEMO_PB_COMMITTEE_ON_SMALL:
        return 3;
    case DJ_DEMO_PB_COMMITTEE_TOO_BIG:
        return 8;
    default:
        break;
    }
    if (full < 7)
        return 1;
    if (full < 15)
        return 3;
    return dj_demo_range(&L->r, 4, 5);
}

/* Posts of a branch, held by its own members (people[0..size)). */
static int branch_posts(struct loader *L, int32_t br, int64_t first, int size, int full,
                        int *contact)
{
    const struct dj_demo_node *n = &L->t->v[br];
    int want = branch_committee_size(L, n, full), got = 0, rc = 0;
    bool organ = !strcmp(n->domain, "organ");
    struct dj_date start = L->today;
    bool used[64] = {false};

    *contact = -1;
    if (n->problem == DJ_DEMO_PB_NO_SECRETARY || size == 0)
        return 0;
    /* the election date: the latest 党龄 rule of the first holder bounds it */
    for (int k = 0; k < size && k < 64; k++)
        if (eligible(&L->people[k], L->today)) {
            start = term_start(L, n, dj_date_add_years(L->people[k].confirmed, 1));
            break;
        }
    if (n->problem == DJ_DEMO_PB_YOUNG_SECRETARY)
        start = dj_date_add_days(L->today, -40);
    for (int k = 0; k < size && k < 64 && got < want && !rc; k++) {
        const struct dj_demo_person *p = &L->people[k];
        const char *post = committee_posts[got];
        struct dj_date end = {0, 0, 0}, s = start;
        int principal = 0;
        const char *note = NULL;

        if (!(got == 0 && n->problem == DJ_DEMO_PB_YOUNG_SECRETARY) && !eligible(p, start))
            continue;
        if (got == 0 && n->problem == DJ_DEMO_PB_EXPIRED_SECRETARY) {
            /* the 书记 left five months ago and the post is still vacant */
            end = dj_date_add_months(L->today, -5);
            s = dj_date_add_years(end, -3);
            if (dj_date_cmp(s, dj_date_add_years(p->confirmed, 1)) < 0)
                s = dj_date_add_years(p->confirmed, 1);
            note = "原书记调离";
        }
        if (got == 0 && organ) {
            principal = n->problem != DJ_DEMO_PB_NOT_PRINCIPAL;
            note = principal ? "单位主要负责人" : "由单位副职担任";
        }
        if (got == 0 && n->problem != DJ_DEMO_PB_EXPIRED_SECRETARY)
            *contact = k;
        rc = write_post(L, n->id, post, first + k, p->name, s, end, principal, note);
        used[k] = true;
        got++;
    }
    if (!rc && want == 1 && size >= 4 && dj_demo_chance(&L->r, 100)) {
        for (int k = 1; k < size && k < 64; k++)
            if (!used[k] && eligible(&L->people[k], start)) {
                rc = write_post(L, n->id, "deputy_secretary", first + k, L->people[k].name, start,
                                (struct dj_date){0, 0, 0}, 0, NULL);
                break;
            }
    }
    return rc;
}

/* Generate, write and staff one branch with its 党小组. */
static int load_branch(struct loader *L, int32_t br)
{
    struct dj_demo_node *n = &L->t->v[br];
    struct dj_demo_place place = {.profile = (enum dj_demo_profile)n->profile,
                                  .region = n->region,
                                  .unit_name = n->unit_name,
                                  .address = n->address ? n->address : ""};
    int size = n->size, full = 0, contact = -1, rc;
    int32_t grp[16];
    int ngroups = 0, gstart[17];
    static const char *const unit_suffix[] = {"有限公司", "商贸有限公司", "餐饮管理有限公司",
                                              "超市", "科技有限公司"};
    const char *junits[8] = {NULL};
    int jfull[8] = {0}, officers = size >= 7 ? 5 : 1;
    int64_t first = L->next_member + 1;
    struct dj_arena *arena;

    if (size > L->people_cap) {
        L->people_cap = size * 2;
        L->people = dj_xrealloc(L->people, sizeof(*L->people) * (size_t)L->people_cap);
    }
    if (n->problem == DJ_DEMO_PB_COMMITTEE_TOO_BIG || n->problem == DJ_DEMO_PB_TWO_MEMBERS ||
        n->problem == DJ_DEMO_PB_COMMITTEE_ON_SMALL)
        officers = 8;
    for (int k = 0; k < size; k++) {
        enum dj_demo_force force = DJ_DEMO_F_NONE;
        if (k < officers) /* officers need 党龄: make sure there are enough */
            force = DJ_DEMO_F_VETERAN;
        if (k == 0 && n->problem == DJ_DEMO_PB_YOUNG_SECRETARY)
            force = DJ_DEMO_F_NEW_FULL;
        dj_demo_person_make(&L->r, L->ids, L->today, &place, force, &L->people[k]);
        full += !L->people[k].probationary;
    }
    /* 党小组 share the members in order */
    gstart[0] = 0;
    for (int32_t c = n->first_child; c >= 0 && ngroups < 16; c = L->t->v[c].next_sibling)
        if (dj_demo_kind_is_group(L->t->v[c].kind)) {
            grp[ngroups] = c;
            gstart[ngroups + 1] = gstart[ngroups] + L->t->v[c].size;
            ngroups++;
        }
    for (int u = 0; u < n->joint_units && u < 8; u++)
        junits[u] = dj_arena_printf(
            L->t->arena, "%s%s%s", n->address ? n->address : "",
            dj_demo_company_brands[dj_demo_below(&L->r, dj_demo_list_len(dj_demo_company_brands))],
            unit_suffix[u % 5]);

    n->first_member = first;
    L->next_member += size;
    arena = dj_arena_new();
    rc = write_org(L, br);
    for (int g = 0; g < ngroups && !rc; g++) {
        make_path(L, grp[g]);
        rc = write_org(L, grp[g]);
    }
    for (int k = 0; k < size && !rc; k++) {
        int64_t gid = 0;
        const char *ju = NULL;
        for (int g = 0; g < ngroups; g++)
            if (k >= gstart[g] && k < gstart[g + 1])
                gid = L->t->v[grp[g]].id;
        if (n->joint_units) {
            int u = k % DJ_MIN(n->joint_units, 8);
            ju = junits[u];
            jfull[u] += !L->people[k].probationary;
        }
        rc = write_member(L, arena, br, gid, ju, &L->people[k], first + k);
    }
    dj_arena_free(arena);
    if (!rc)
        rc = branch_posts(L, br, first, size, full, &contact);
    if (!rc && contact >= 0)
        rc = write_officers(L, n->id, L->people[contact].name, L->people[contact].name);
    /* 党小组长: the first eligible member of each group */
    for (int g = 0; g < ngroups && !rc; g++)
        for (int k = gstart[g]; k < gstart[g + 1]; k++)
            if (eligible(&L->people[k], L->today)) {
                struct dj_date s =
                    term_start(L, &L->t->v[grp[g]], dj_date_add_years(L->people[k].confirmed, 1));
                rc = write_post(L, L->t->v[grp[g]].id, "group_leader", first + k, L->people[k].name,
                                s, (struct dj_date){0, 0, 0}, 0, NULL);
                break;
            }
    if (!rc && n->unit_name && n->problem != DJ_DEMO_PB_DISSOLVED)
        rc = write_unit(L, n->unit_name, n->domain, L->t->v[n->parent].id, n->id, 0, full);
    for (int u = 0; u < n->joint_units && u < 8 && !rc; u++)
        rc = write_unit(L, junits[u], "private", L->t->v[n->parent].id, 0, n->id,
                        DJ_MIN(jfull[u], 2));
    n->members_sub = size;
    n->full_sub = full;
    L->res->members += size;
    if (L->res->members - L->reported >= PROGRESS_EVERY) {
        L->reported = L->res->members;
        progress(L, "members", L->res->members, L->expected);
    }
    return rc;
}

/* The branch whose members staff node i: its office, else its first loaded branch. */
static int32_t office_of(struct loader *L, int32_t i, const int32_t *end)
{
    const struct dj_demo_node *n = &L->t->v[i];

    if (n->office >= 0)
        return n->office;
    for (int32_t j = i + 1; j < end[i]; j++)
        if (dj_demo_kind_holds_members(L->t->v[j].kind) && L->t->v[j].size > 0)
            return j;
    return -1;
}

/*
 * Leaving the subtree of an organisation above the branches: its committee
 * (5-7 posts, drawn from its office branch, skipping that branch's own
 * 书记), officer columns, its unit, and the small units it answers for.
 */
static int finish_upper(struct loader *L, int32_t i, const int32_t *end)
{
    struct dj_demo_node *n = &L->t->v[i];
    int32_t off = office_of(L, i, end);
    int rc = 0, got = 0, want = dj_demo_range(&L->r, 5, 7), principal;
    char secretary[32] = "", contact[32] = "";
    struct dj_date start = term_start(L, n, n->founded);

    if (off >= 0 && L->t->v[off].first_member > 0) {
        const struct dj_demo_node *o = &L->t->v[off];
        for (int k = o->size > 3 ? 1 : 0; k < o->size && got < want && !rc; k++) {
            char name[32], conf[11];
            struct dj_date c;
            rc = dj_store_demo_member_brief(L->db, o->first_member + k, name, sizeof(name), conf,
                                            sizeof(conf), L->err);
            if (rc == DJ_ENOTFOUND) { /* not in normal status */
                dj_err_clear(L->err);
                rc = 0;
                continue;
            }
            if (rc || !conf[0] || dj_date_parse(conf, &c, NULL, NULL) ||
                dj_date_cmp(dj_date_add_years(c, 1), start) > 0)
                continue;
            /* the 书记 of a 机关 unit's own 党委/党总支 is its principal leader */
            principal = got == 0 && !strcmp(n->domain, "organ") && n->unit_name;
            rc = write_post(L, n->id, committee_posts[got], o->first_member + k, name, start,
                            (struct dj_date){0, 0, 0}, principal,
                            principal ? "单位主要负责人" : NULL);
            if (got == 0)
                dj_strlcpy(secretary, name, sizeof(secretary));
            if (got == 1)
                dj_strlcpy(contact, name, sizeof(contact));
            got++;
        }
    }
    if (!rc && secretary[0])
        rc = write_officers(L, n->id, secretary, contact[0] ? contact : secretary);
    if (!rc && n->unit_name)
        rc = write_unit(L, n->unit_name, n->domain, n->parent >= 0 ? L->t->v[n->parent].id : n->id,
                        n->id, 0, n->full_sub);
    for (int u = 0; u < n->loose_units && !rc; u++)
        rc = write_unit(
            L,
            dj_arena_printf(L->t->arena, "%s%s个体工商户", n->address ? n->address : "",
                            dj_demo_company_brands[(u * 5 + (int)n->id) %
                                                   dj_demo_list_len(dj_demo_company_brands)]),
            "private", n->id, 0, 0, dj_demo_range(&L->r, 1, 2));
    if (!rc && n->problem == DJ_DEMO_PB_UNORGANISED)
        rc = write_unit(L,
                        dj_arena_printf(L->t->arena, "%s%s电子商务有限公司",
                                        n->address ? n->address : "", "云帆"),
                        "private", n->id, 0, 0, 3);
    return rc;
}

static void add_up(struct loader *L, int32_t i)
{
    const struct dj_demo_node *n = &L->t->v[i];

    if (n->parent >= 0) {
        L->t->v[n->parent].members_sub += n->members_sub;
        L->t->v[n->parent].full_sub += n->full_sub;
    }
}

/* Walk the tree in pre-order, finishing upper organisations when their subtree ends. */
static int walk(struct loader *L)
{
    struct dj_demo_tree *t = L->t;
    int32_t *end = dj_xmalloc(sizeof(*end) * (size_t)t->n);
    int32_t *stack = dj_xmalloc(sizeof(*stack) * (size_t)t->n);
    int32_t top = 0;
    int rc = 0;

    for (int32_t i = 0; i < t->n; i++)
        end[i] = i + 1;
    for (int32_t i = t->n - 1; i >= 0; i--)
        if (t->v[i].parent >= 0 && end[t->v[i].parent] < end[i])
            end[t->v[i].parent] = end[i];
    for (int32_t i = 0; i < t->n && !rc; i++) {
        while (top > 0 && i >= end[stack[top - 1]] && !rc) {
            rc = finish_upper(L, stack[--top], end);
            add_up(L, stack[top]);
        }
        if (rc || L->written[i])
            continue;
        make_path(L, i);
        if (dj_demo_kind_holds_members(t->v[i].kind)) {
            rc = load_branch(L, i);
            add_up(L, i);
        } else {
            rc = write_org(L, i);
            stack[top++] = i;
        }
    }
    while (top > 0 && !rc) {
        rc = finish_upper(L, stack[--top], end);
        add_up(L, stack[top]);
    }
    free(end);
    free(stack);
    return rc;
}

/* A member of the demo branch in normal status who holds no branch post, for `dangyuan`. */
static void pick_demo_member(struct loader *L, struct dj_demo_result *out)
{
    const struct dj_demo_node *b = &L->t->v[L->t->branch];
    char conf[11];

    for (int k = b->size - 1; k > 5; k--)
        if (dj_store_demo_member_brief(L->db, b->first_member + k, out->member_name,
                                       sizeof(out->member_name), conf, sizeof(conf), L->err) == 0) {
            out->member_id = b->first_member + k;
            return;
        }
    dj_err_clear(L->err);
}

int dj_demo_generate(struct dj_db *db, const struct dj_actor *actor, const struct dj_demo_opts *o,
                     struct dj_demo_result *out, struct dj_err *err)
{
    struct dj_demo_tree tree;
    struct dj_demo_bulk bulk = {0};
    struct loader L = {0};
    int64_t norgs, nusers, nmembers;
    double t0 = seconds_now(), t1;
    json_t *after;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!dj_actor_is_sysadmin(actor))
        return dj_err_set(err, DJ_EPERM, NULL, "只有系统管理员可以生成演示数据");
    rc = dj_store_demo_counts(db, &norgs, &nusers, &nmembers, err);
    if (rc)
        return rc;
    if (norgs || nusers || nmembers)
        return dj_err_set(err, DJ_ECONFLICT, NULL, "数据库不是空的：演示数据只能写入空数据库");

    dj_demo_tree_build(&tree, o->scale, o->seed, o->today);
    L.db = db;
    L.key = dj_svc()->key;
    L.t = &tree;
    L.today = o->today;
    L.opts = o;
    L.res = out;
    L.err = err;
    L.ids = dj_demo_ids_new();
    L.paths = dj_xcalloc((size_t)tree.n, sizeof(*L.paths));
    L.written = dj_xcalloc((size_t)tree.n, sizeof(*L.written));
    dj_demo_rng_seed(&L.r, o->seed, 2);
    dj_now_iso(L.now, sizeof(L.now));
    for (int32_t i = 0; i < tree.n; i++)
        if (dj_demo_kind_holds_members(tree.v[i].kind))
            L.expected += tree.v[i].size;
    progress(&L, "tree", tree.n, L.expected);

    rc = dj_store_demo_bulk_begin(db, &bulk, err);
    if (!rc)
        rc = walk(&L);
    if (!rc)
        rc = dj_demo_meetings(db, o, L.now, &out->meetings, err);
    t1 = seconds_now();
    out->generate_seconds = t1 - t0;
    if (!rc) {
        progress(&L, "indexes", out->members, out->members);
        rc = dj_store_demo_bulk_finish(db, &bulk, err);
    }
    if (!rc)
        rc = dj_demo_terms(db, o->today, o->seed, NULL, err);
    if (!rc && (o->scale == DJ_DEMO_DISTRICT || tree.street >= 0))
        rc = dj_demo_dues(db, o->seed, o->today,
                          o->scale == DJ_DEMO_DISTRICT ? NULL : L.paths[tree.street], L.now, err);
    if (!rc) {
        char idbuf[24];
        static const char *const scale_names[] = {"district", "city", "province"};
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)tree.v[tree.root].id);
        after = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "scale", scale_names[o->scale], "seed",
                          (json_int_t)o->seed, "orgs", (json_int_t)out->orgs, "units",
                          (json_int_t)out->units, "members", (json_int_t)out->members, "posts",
                          (json_int_t)out->posts);
        rc = dj_audit_write(db, actor, "demo.generate", "org", idbuf, L.paths[tree.root], NULL,
                            after, err);
        json_decref(after);
    }
    if (!rc)
        rc = dj_db_commit(db, err);
    if (rc)
        dj_db_rollback(db);
    dj_store_demo_bulk_release(db, &bulk);
    if (!rc && tree.branch >= 0)
        rc = dj_demo_dev(db, actor, &tree, o->seed, o->today, out, err);
    out->index_seconds = seconds_now() - t1;

    if (!rc) {
        out->root_id = tree.v[tree.root].id;
        dj_strlcpy(out->root_name, tree.v[tree.root].name, sizeof(out->root_name));
        if (tree.street >= 0) {
            out->street_id = tree.v[tree.street].id;
            dj_strlcpy(out->street_name, tree.v[tree.street].name, sizeof(out->street_name));
        }
        if (tree.branch >= 0) {
            out->branch_id = tree.v[tree.branch].id;
            dj_strlcpy(out->branch_name, tree.v[tree.branch].name, sizeof(out->branch_name));
            pick_demo_member(&L, out);
            rc = o->scale == DJ_DEMO_DISTRICT
                     ? dj_demo_transfers(db, actor, o->today, out->branch_id, out->member_id, err)
                     : 0;
        }
    } else {
        out->orgs = out->units = out->members = out->posts = 0;
    }
    free(L.people);
    free(L.paths);
    free(L.written);
    dj_demo_ids_free(L.ids);
    dj_demo_tree_release(&tree);
    return rc;
}
