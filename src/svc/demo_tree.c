/*
 * demo_tree.c - the organisation tree of the demo data, built in memory.
 *
 * A county-level unit (区 or 县) is the building block: its 区委 has the
 * 区直机关工委 with department branches, 街道党工委 with 社区 organisations
 * (社区党委 → 网格党支部 → 楼栋党小组 for large communities, 党总支 or 党支部 for
 * smaller ones), 乡镇党委 with 村 organisations, and the education, health,
 * state-owned and 两新 systems. A city is a 市委 with city-level bodies over
 * twelve such units; a province a 省委 over eleven cities. Member counts are
 * fixed here (node->size) so the structure follows the headcount rules:
 * 党委 >= 100, 党总支 >= 50, branches 3..50, committees from 7 正式党员,
 * except for the deliberate problems every county carries.
 *
 * Ids are assigned 1..n in pre-order, so a parent always precedes its
 * children and the materialised path can be computed while loading.
 */
#include "base/compat.h"
#include "svc/demo_int.h"

struct plan {
    int streets, towns;
    int comm_lo, comm_hi;           /* communities per street */
    int vill_lo, vill_hi;           /* villages per town */
    int comm_size_lo, comm_size_hi; /* members per community */
    int vill_size_lo, vill_size_hi; /* members per village */
    int departments, dept_size_lo, dept_size_hi;
    int mid_schools, pri_schools, colleges;
    int big_hospitals, clinics;
    int soe_groups, soe_small;
    int privates, socials, joints;
    bool problems; /* the deliberate problems (county level) */
};

/* The demo district: about 250 organisations and 6,000 members. */
static const struct plan plan_district = {
    .streets = 4,
    .towns = 2,
    .comm_lo = 3,
    .comm_hi = 3,
    .vill_lo = 7,
    .vill_hi = 9,
    .comm_size_lo = 200,
    .comm_size_hi = 440,
    .vill_size_lo = 36,
    .vill_size_hi = 120,
    .departments = 14,
    .dept_size_lo = 12,
    .dept_size_hi = 42,
    .mid_schools = 2,
    .pri_schools = 5,
    .colleges = 0,
    .big_hospitals = 1,
    .clinics = 2,
    .soe_groups = 1,
    .soe_small = 2,
    .privates = 9,
    .socials = 3,
    .joints = 3,
    .problems = true,
};

/* Counties inside a city or province: an urban 区 and a rural 县. */
static const struct plan plan_urban = {
    .streets = 17,
    .towns = 4,
    .comm_lo = 11,
    .comm_hi = 15,
    .vill_lo = 10,
    .vill_hi = 14,
    .comm_size_lo = 70,
    .comm_size_hi = 260,
    .vill_size_lo = 24,
    .vill_size_hi = 90,
    .departments = 38,
    .dept_size_lo = 10,
    .dept_size_hi = 40,
    .mid_schools = 24,
    .pri_schools = 60,
    .colleges = 0,
    .big_hospitals = 4,
    .clinics = 20,
    .soe_groups = 6,
    .soe_small = 12,
    .privates = 560,
    .socials = 120,
    .joints = 80,
    .problems = true,
};
static const struct plan plan_rural = {
    .streets = 4,
    .towns = 27,
    .comm_lo = 6,
    .comm_hi = 9,
    .vill_lo = 18,
    .vill_hi = 26,
    .comm_size_lo = 60,
    .comm_size_hi = 200,
    .vill_size_lo = 20,
    .vill_size_hi = 80,
    .departments = 38,
    .dept_size_lo = 8,
    .dept_size_hi = 36,
    .mid_schools = 18,
    .pri_schools = 50,
    .colleges = 0,
    .big_hospitals = 2,
    .clinics = 8,
    .soe_groups = 3,
    .soe_small = 10,
    .privates = 280,
    .socials = 50,
    .joints = 50,
    .problems = true,
};

/* City-level and province-level bodies (no streets or towns of their own). */
static const struct plan plan_city_bodies = {
    .departments = 40,
    .dept_size_lo = 15,
    .dept_size_hi = 45,
    .mid_schools = 12,
    .pri_schools = 6,
    .colleges = 2,
    .big_hospitals = 4,
    .clinics = 4,
    .soe_groups = 6,
    .soe_small = 12,
    .privates = 120,
    .socials = 40,
    .joints = 20,
};
static const struct plan plan_province_bodies = {
    .departments = 40,
    .dept_size_lo = 20,
    .dept_size_hi = 48,
    .mid_schools = 6,
    .pri_schools = 0,
    .colleges = 8,
    .big_hospitals = 6,
    .clinics = 0,
    .soe_groups = 12,
    .soe_small = 20,
    .privates = 60,
    .socials = 30,
    .joints = 10,
};

/* Counties in a province are larger than in the demo city (more of them are urban). */
#define PROVINCE_COUNT_FACTOR 1.5
#define PROVINCE_SIZE_FACTOR 1.2

struct builder {
    struct dj_demo_tree *t;
    struct dj_demo_rng r;
    struct dj_date today;
    int county_no; /* counties built so far */
};

bool dj_demo_kind_holds_members(const char *kind)
{
    return !strcmp(kind, "branch") || !strcmp(kind, "grid_branch") ||
           !strcmp(kind, "joint_branch") || !strcmp(kind, "temp_branch");
}

bool dj_demo_kind_is_group(const char *kind)
{
    return !strcmp(kind, "group") || !strcmp(kind, "building_group");
}

static struct dj_demo_node *node(struct builder *b, int32_t i)
{
    return &b->t->v[i];
}

static const char *fmt(struct builder *b, const char *f, ...) DJ_PRINTF(2, 3);
static const char *fmt(struct builder *b, const char *f, ...)
{
    va_list ap;
    char *s;

    va_start(ap, f);
    s = dj_arena_vprintf(b->t->arena, f, ap);
    va_end(ap);
    return s;
}

static const char *ordinal(struct builder *b, int i)
{
    if (i < dj_demo_list_len(dj_demo_ordinals))
        return dj_demo_ordinals[i];
    return fmt(b, "第%d", i + 1);
}

/* A date in [max(lo_year-01-01, after + 1 day), min(hi_year-12-31, today - 60 days)]. */
static struct dj_date founded(struct builder *b, struct dj_date after, int lo_year, int hi_year)
{
    struct dj_date lo = {lo_year, 1, 1}, hi = {hi_year, 12, 31};
    struct dj_date cap = dj_date_add_days(b->today, -60);
    int span;

    if (dj_date_isset(after) && dj_date_cmp(lo, after) <= 0)
        lo = dj_date_add_days(after, 1);
    if (dj_date_cmp(hi, cap) > 0)
        hi = cap;
    span = dj_date_diff_days(lo, hi);
    return span <= 0 ? lo : dj_date_add_days(lo, dj_demo_range(&b->r, 0, span));
}

/* Append a node under parent (-1 for the root); inherits region, address and profile. */
static int32_t add(struct builder *b, int32_t parent, const char *name, const char *kind,
                   const char *domain, int lo_year, int hi_year)
{
    struct dj_demo_tree *t = b->t;
    struct dj_demo_node *n;
    int32_t i;

    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->v = dj_xrealloc(t->v, sizeof(*t->v) * (size_t)t->cap);
    }
    i = t->n++;
    n = &t->v[i];
    memset(n, 0, sizeof(*n));
    n->id = i + 1;
    n->parent = parent;
    n->first_child = n->last_child = n->next_sibling = n->office = -1;
    n->name = name;
    n->kind = kind;
    n->domain = domain;
    n->legal_entity = n->private_tech = -1;
    n->term_years = 3;
    if (parent >= 0) {
        struct dj_demo_node *p = &t->v[parent];
        n->region = p->region;
        n->address = p->address;
        n->profile = p->profile;
        n->founded = founded(b, p->founded, lo_year, hi_year);
        if (p->last_child >= 0)
            t->v[p->last_child].next_sibling = i;
        else
            p->first_child = i;
        p->last_child = i;
    } else {
        n->founded = founded(b, (struct dj_date){0, 0, 0}, lo_year, hi_year);
    }
    return i;
}

/* Set the unit columns of an organisation that is its unit's own. */
static void unit(struct builder *b, int32_t i, const char *unit_name, const char *nature,
                 const char *industry, int legal)
{
    struct dj_demo_node *n = node(b, i);

    n->unit_name = unit_name;
    n->unit_nature = nature;
    n->industry = industry;
    n->legal_entity = (int8_t)legal;
    n->unit_situation = legal ? "独立法人单位" : "非法人单位";
}

/*
 * Split `total` into k parts of roughly equal size (+-10%), each at least 3
 * and, when the total allows, at most 50 (the usual size limit of a branch).
 */
static void split(struct builder *b, int total, int k, int *parts)
{
    int left = total;

    for (int i = 0; i < k; i++) {
        int fair = left / (k - i), v = fair;
        if (i < k - 1 && fair > 10)
            v = fair + dj_demo_range(&b->r, -fair / 10, fair / 10);
        if (v < 3)
            v = 3;
        if (i == k - 1 || v > left)
            v = left;
        parts[i] = v;
        left -= v;
    }
    for (bool moved = true; moved && total <= 50 * k;) {
        int hi = 0, lo = 0;
        for (int i = 1; i < k; i++) {
            if (parts[i] > parts[hi])
                hi = i;
            if (parts[i] < parts[lo])
                lo = i;
        }
        moved = parts[hi] > 50;
        if (moved) {
            parts[hi]--;
            parts[lo]++;
        }
    }
}

/* A member-holding branch with `size` members. */
static int32_t branch(struct builder *b, int32_t parent, const char *name, const char *kind,
                      const char *domain, enum dj_demo_profile prof, int size, int lo_year,
                      int hi_year)
{
    int32_t i = add(b, parent, name, kind, domain, lo_year, hi_year);

    node(b, i)->profile = (uint8_t)prof;
    node(b, i)->size = size;
    return i;
}

/* k 党小组 (or 楼栋党小组) under a branch, sharing its members. */
static void groups(struct builder *b, int32_t br, int k, const char *prefix, bool building)
{
    int parts[8];
    struct dj_demo_node *p = node(b, br);
    int size = p->size;

    if (k > 8)
        k = 8;
    if (k < 2 || size < 3 * k)
        return;
    split(b, size, k, parts);
    for (int g = 0; g < k; g++) {
        const char *name =
            building ? fmt(b, "%s%d号楼党小组", prefix, dj_demo_range(&b->r, 1, 9) + g * 10)
                     : fmt(b, "%s%s党小组", prefix, ordinal(b, g));
        int32_t i = add(b, br, name, building ? "building_group" : "group", node(b, br)->domain,
                        2012, 2025);
        node(b, i)->size = parts[g];
    }
}

/* ---- 社区 and 村 ------------------------------------------------------------ */

static int32_t community(struct builder *b, int32_t street, const char *street_short,
                         const char *cname, int size)
{
    const char *addr = fmt(b, "%s%s社区", node(b, street)->address, cname);
    int parts[16], k;
    int32_t c;

    if (size > 100) {
        c = add(b, street, fmt(b, "中共%s%s社区委员会", street_short, cname), "community_committee",
                "community", 1985, 2015);
        node(b, c)->can_approve = 1;
        k = (size + 49) / 50;
        if (k < 3)
            k = 3;
        if (k > 16)
            k = 16;
        split(b, size, k, parts);
        node(b, c)->address = addr;
        node(b, c)->profile = DJ_DEMO_P_COMMUNITY;
        for (int g = 0; g < k; g++) {
            int32_t br =
                branch(b, c, fmt(b, "%s社区%s网格党支部", cname, ordinal(b, g)), "grid_branch",
                       "community", DJ_DEMO_P_COMMUNITY, parts[g], 2015, 2024);
            node(b, br)->term_years = 5;
            if (parts[g] >= 40 && dj_demo_chance(&b->r, 150))
                groups(b, br, 2, fmt(b, "%s社区%s网格", cname, ordinal(b, g)), true);
        }
    } else if (size > 50) {
        c = add(b, street, fmt(b, "中共%s%s社区总支部委员会", street_short, cname),
                "general_branch", "community", 1985, 2015);
        k = size > 80 ? 3 : 2;
        split(b, size, k, parts);
        node(b, c)->address = addr;
        node(b, c)->profile = DJ_DEMO_P_COMMUNITY;
        for (int g = 0; g < k; g++) {
            int32_t br = branch(b, c, fmt(b, "%s社区%s党支部", cname, ordinal(b, g)), "branch",
                                "community", DJ_DEMO_P_COMMUNITY, parts[g], 1990, 2020);
            node(b, br)->term_years = 5;
            if (parts[g] >= 30)
                groups(b, br, 2, fmt(b, "%s社区%s党支部", cname, ordinal(b, g)), false);
        }
    } else {
        c = branch(b, street, fmt(b, "中共%s%s社区支部委员会", street_short, cname), "branch",
                   "community", DJ_DEMO_P_COMMUNITY, size, 1985, 2015);
        node(b, c)->address = addr;
        groups(b, c, 2, fmt(b, "%s社区", cname), false);
    }
    node(b, c)->term_years = 5;
    node(b, c)->locality = "社区（居委会）";
    unit(b, c, fmt(b, "%s社区居民委员会", cname), "居委会", "居民服务业", 1);
    return c;
}

static void village(struct builder *b, int32_t town, const char *town_short, const char *vname,
                    int size, enum dj_demo_problem problem)
{
    const char *addr = fmt(b, "%s%s村", node(b, town)->address, vname);
    int parts[8], k;
    int32_t c;

    if (size <= 50 || problem == DJ_DEMO_PB_BIG_BRANCH) {
        c = branch(b, town, fmt(b, "中共%s%s村支部委员会", town_short, vname), "branch", "rural",
                   DJ_DEMO_P_RURAL, size, 1950, 1985);
        node(b, c)->address = addr;
        if (size >= 44)
            groups(b, c, 2, fmt(b, "%s村", vname), false);
    } else {
        bool big = size > 100;
        c = add(b, town,
                fmt(b, big ? "中共%s%s村委员会" : "中共%s%s村总支部委员会", town_short, vname),
                big ? "committee" : "general_branch", "rural", 1950, 1985);
        node(b, c)->address = addr;
        node(b, c)->profile = DJ_DEMO_P_RURAL;
        node(b, c)->can_approve = big;
        k = big ? 4 : size > 80 ? 3 : 2;
        split(b, size, k, parts);
        for (int g = 0; g < k; g++) {
            int32_t br = branch(b, c, fmt(b, "%s村%s党支部", vname, ordinal(b, g)), "branch",
                                "rural", DJ_DEMO_P_RURAL, parts[g], 1960, 2010);
            node(b, br)->term_years = 5;
            if (parts[g] >= 40)
                groups(b, br, 2, fmt(b, "%s村%s党支部", vname, ordinal(b, g)), false);
        }
    }
    node(b, c)->problem = (uint8_t)problem;
    node(b, c)->term_years = 5;
    node(b, c)->locality = "建制村";
    unit(b, c, fmt(b, "%s村村民委员会", vname), "村委会", "农、林、牧、渔业", 1);
}

/* A size between lo and hi, skewed towards lo (the smaller of two draws). */
static int skewed(struct builder *b, int lo, int hi)
{
    int x = dj_demo_range(&b->r, lo, hi), y = dj_demo_range(&b->r, lo, hi);
    return x < y ? x : y;
}

static void street(struct builder *b, int32_t county, const char *county_name, int no,
                   const struct plan *p, const char *sname)
{
    const char *short_name = fmt(b, "%s街道", sname);
    int ncomm = dj_demo_range(&b->r, p->comm_lo, p->comm_hi);
    int ncnames = dj_demo_list_len(dj_demo_community_names);
    int start = (no * 7 + b->county_no * 3) % ncnames;
    int32_t s, office;

    s = add(b, county, fmt(b, "中共%s%s工作委员会", county_name, short_name), "work_committee",
            "community", 1955, 2005);
    node(b, s)->can_approve = 1;
    node(b, s)->locality = "街道";
    node(b, s)->address = fmt(b, "%s%s", county_name, short_name);
    office = branch(b, s, fmt(b, "%s机关党支部", short_name), "branch", "organ", DJ_DEMO_P_ORGAN,
                    dj_demo_range(&b->r, 15, 30), 1960, 2005);
    unit(b, office, fmt(b, "%s%s办事处", county_name, short_name), "党政机关", "公共管理", 1);
    node(b, s)->office = office;
    if (b->county_no == 0 && no == 0)
        b->t->street = s;
    for (int c = 0; c < ncomm; c++) {
        const char *cname = dj_demo_community_names[(start + c) % ncnames];
        bool demo = b->county_no == 0 && no == 0 && c == 0;
        int32_t x = community(b, s, short_name, cname,
                              demo ? 150 : skewed(b, p->comm_size_lo, p->comm_size_hi));
        if (demo) /* 城东街道幸福社区第一网格: the demo accounts' branch */
            b->t->branch = node(b, x)->first_child;
    }
}

static void town(struct builder *b, int32_t county, const char *county_name, int no,
                 const struct plan *p)
{
    int ntn = dj_demo_list_len(dj_demo_town_names);
    const char *tname = dj_demo_town_names[(no + b->county_no * 5) % ntn];
    const char *short_name = fmt(b, "%s%s", tname, no % 3 == 2 ? "乡" : "镇");
    int nvill = dj_demo_range(&b->r, p->vill_lo, p->vill_hi);
    int np = dj_demo_list_len(dj_demo_village_prefixes);
    int ns = dj_demo_list_len(dj_demo_village_suffixes);
    int start = dj_demo_below(&b->r, np * ns);
    int32_t t, office, x;

    t = add(b, county, fmt(b, "中共%s%s委员会", county_name, short_name), "committee", "rural",
            1950, 1985);
    node(b, t)->can_approve = 1;
    node(b, t)->term_years = 5;
    node(b, t)->locality = "乡（镇）";
    node(b, t)->address = fmt(b, "%s%s", county_name, short_name);
    node(b, t)->profile = DJ_DEMO_P_RURAL;
    office = branch(b, t, fmt(b, "%s机关党支部", short_name), "branch", "organ", DJ_DEMO_P_ORGAN,
                    dj_demo_range(&b->r, 15, 30), 1955, 1990);
    unit(b, office, fmt(b, "%s%s人民政府", county_name, short_name), "党政机关", "公共管理", 1);
    node(b, t)->office = office;
    x = branch(b, t, fmt(b, "%s中心学校党支部", short_name), "branch", "school", DJ_DEMO_P_SCHOOL,
               dj_demo_range(&b->r, 10, 25), 1960, 2000);
    unit(b, x, fmt(b, "%s%s中心学校", county_name, short_name), "事业单位", "教育", 1);
    node(b, x)->institution_kind = "公益一类";
    x = branch(b, t, fmt(b, "%s卫生院党支部", short_name), "branch", "hospital", DJ_DEMO_P_HOSPITAL,
               dj_demo_range(&b->r, 6, 15), 1960, 2000);
    unit(b, x, fmt(b, "%s%s卫生院", county_name, short_name), "事业单位", "卫生", 1);
    node(b, x)->institution_kind = "公益一类";
    for (int v = 0; v < nvill; v++) {
        int k = (start + v * 7) % (np * ns);
        const char *vname =
            fmt(b, "%s%s", dj_demo_village_prefixes[k / ns], dj_demo_village_suffixes[k % ns]);
        enum dj_demo_problem pb = DJ_DEMO_PB_NONE;
        int size = skewed(b, p->vill_size_lo, p->vill_size_hi);
        if (p->problems && no == 0 && v == 1)
            pb = DJ_DEMO_PB_EXPIRED_SECRETARY, size = 28;
        if (p->problems && no == 0 && v == 2)
            pb = DJ_DEMO_PB_BIG_BRANCH, size = 56;
        village(b, t, short_name, vname, size, pb);
    }
}

/* ---- 机关, 学校, 医院, 国企, 两新 --------------------------------------------- */

/* "区" departments become "厅"-level names in a province ("财政局" -> "财政厅"). */
static const char *dept_name(struct builder *b, const char *level, const char *dept, bool province)
{
    size_t n = strlen(dept);
    if (province && n >= 3 && !strcmp(dept + n - 3, "局"))
        return fmt(b, "%s%.*s厅", level, (int)(n - 3), dept);
    return fmt(b, "%s%s", level, dept);
}

/* A committee with k branches sharing `size` members (a 党委 or, with general, a 党总支). */
static int32_t unit_with_branches(struct builder *b, int32_t parent, const char *unit_name,
                                  const char *domain, enum dj_demo_profile prof, int size, int k,
                                  bool general, const char *const *branch_names, int lo_year,
                                  int hi_year)
{
    int parts[16];
    int32_t c = add(b, parent, fmt(b, general ? "中共%s总支部委员会" : "中共%s委员会", unit_name),
                    general ? "general_branch" : "committee", domain, lo_year, hi_year);

    node(b, c)->profile = (uint8_t)prof;
    node(b, c)->can_approve = !general;
    node(b, c)->term_years = general ? 3 : 5;
    if (k > 16)
        k = 16;
    split(b, size, k, parts);
    for (int i = 0; i < k; i++) {
        const char *bn = branch_names && branch_names[i]
                             ? fmt(b, "%s%s", unit_name, branch_names[i])
                             : fmt(b, "%s%s党支部", unit_name, ordinal(b, i));
        enum dj_demo_profile bp = prof;
        int32_t br;
        if (branch_names && branch_names[i] && strstr(branch_names[i], "离退休"))
            bp = DJ_DEMO_P_RETIRED;
        br = branch(b, c, bn, "branch", domain, bp, parts[i], lo_year + 5, 2020);
        if (parts[i] >= 30)
            groups(b, br, 2, fmt(b, "%s", bn), false);
    }
    return c;
}

static void organs(struct builder *b, int32_t parent, const char *level, const struct plan *p,
                   bool province, int32_t *office, int32_t *org_dept)
{
    static const char *const court[] = {"第一党支部", "第二党支部", "第三党支部", NULL};
    int ndept = dj_demo_list_len(dj_demo_departments);
    int32_t w, x;

    w = add(b, parent, fmt(b, "中共%s直属机关工作委员会", level), "work_committee", "organ", 1955,
            1990);
    node(b, w)->can_approve = 1;
    node(b, w)->profile = DJ_DEMO_P_ORGAN;
    for (int d = 0; d < p->departments && d < ndept; d++) {
        const char *uname = dept_name(b, level, dj_demo_departments[d], province);
        enum dj_demo_problem pb = DJ_DEMO_PB_NONE;
        int size = dj_demo_range(&b->r, p->dept_size_lo, p->dept_size_hi);
        if (p->problems) {
            static const struct {
                int dept, size;
                enum dj_demo_problem pb;
            } planted[] = {{7, 0, DJ_DEMO_PB_NOT_PRINCIPAL},
                           {9, 12, DJ_DEMO_PB_NO_COMMITTEE},
                           {11, 5, DJ_DEMO_PB_COMMITTEE_ON_SMALL},
                           {13, 25, DJ_DEMO_PB_COMMITTEE_TOO_BIG}};
            for (size_t i = 0; i < DJ_ARRAY_LEN(planted); i++)
                if (planted[i].dept == d) {
                    pb = planted[i].pb;
                    if (planted[i].size)
                        size = planted[i].size;
                }
        }
        x = branch(b, w, fmt(b, "%s机关党支部", uname), "branch", "organ", DJ_DEMO_P_ORGAN, size,
                   1955, 2010);
        node(b, x)->problem = (uint8_t)pb;
        unit(b, x, uname, "党政机关", "公共管理", 1);
        if (d == 0)
            *office = x;
        if (d == 3)
            *org_dept = x;
        if (size >= 38)
            groups(b, x, 2, fmt(b, "%s机关", uname), false);
    }
    /* 公安 as a 党委, the court as a 党总支, the procuratorate as a small 党总支 */
    x = unit_with_branches(b, w, fmt(b, "%s公安局", level), "organ", DJ_DEMO_P_ORGAN,
                           dj_demo_range(&b->r, 110, 150), 5, false, NULL, 1955, 1990);
    unit(b, x, fmt(b, "%s公安局", level), "党政机关", "公共管理", 1);
    x = unit_with_branches(b, w, fmt(b, "%s人民法院", level), "organ", DJ_DEMO_P_ORGAN,
                           dj_demo_range(&b->r, 54, 66), 3, true, court, 1955, 1990);
    unit(b, x, fmt(b, "%s人民法院", level), "党政机关", "公共管理", 1);
    x = unit_with_branches(b, w, fmt(b, "%s人民检察院", level), "organ", DJ_DEMO_P_ORGAN,
                           p->problems ? 30 : dj_demo_range(&b->r, 52, 60), p->problems ? 2 : 3,
                           true, court, 1955, 1990);
    unit(b, x, fmt(b, "%s人民检察院", level), "党政机关", "公共管理", 1);
    if (p->problems)
        node(b, x)->problem = DJ_DEMO_PB_SMALL_GENERAL;
}

static void education(struct builder *b, int32_t parent, const char *level, const struct plan *p)
{
    static const char *const mid[] = {"在职教师第一党支部", "在职教师第二党支部",
                                      "离退休教师党支部", NULL};
    static const char *const college[] = {
        "机关第一党支部",   "机关第二党支部",   "基础部党支部", "机电工程系党支部",
        "信息工程系党支部", "经济管理系党支部", "离退休党支部", NULL};
    int nstreet = dj_demo_list_len(dj_demo_street_names);
    int32_t c, x;

    if (!p->mid_schools && !p->pri_schools && !p->colleges)
        return;
    c = add(b, parent, fmt(b, "中共%s教育局委员会", level), "committee", "school", 1955, 1990);
    node(b, c)->can_approve = 1;
    node(b, c)->term_years = 5;
    node(b, c)->profile = DJ_DEMO_P_SCHOOL;
    x = branch(b, c, fmt(b, "%s教育局机关党支部", level), "branch", "organ", DJ_DEMO_P_ORGAN,
               dj_demo_range(&b->r, 15, 30), 1955, 1995);
    unit(b, x, fmt(b, "%s教育局", level), "党政机关", "公共管理", 1);
    node(b, c)->office = x;
    for (int i = 0; i < p->colleges; i++) {
        const char *uname = fmt(b, "%s%s职业技术学院", level, i ? ordinal(b, i) : "");
        x = unit_with_branches(b, c, uname, "school", DJ_DEMO_P_SCHOOL,
                               dj_demo_range(&b->r, 150, 260), 7, false, college, 1958, 2000);
        unit(b, x, uname, "事业单位", "教育", 1);
        node(b, x)->institution_kind = "公益二类";
    }
    for (int i = 0; i < p->mid_schools; i++) {
        const char *uname = fmt(b, "%s%s中学", level, ordinal(b, i));
        x = unit_with_branches(b, c, uname, "school", DJ_DEMO_P_SCHOOL,
                               dj_demo_range(&b->r, 52, 90), 3, true, mid, 1955, 2000);
        unit(b, x, uname, "事业单位", "教育", 1);
        node(b, x)->institution_kind = "公益一类";
    }
    for (int i = 0; i < p->pri_schools; i++) {
        const char *uname = i == 0 ? fmt(b, "%s实验小学", level)
                                   : fmt(b, "%s%s路小学", level,
                                         dj_demo_street_names[(i * 5 + b->county_no) % nstreet]);
        x = branch(b, c, fmt(b, "%s党支部", uname), "branch", "school", DJ_DEMO_P_SCHOOL,
                   dj_demo_range(&b->r, 8, 35), 1960, 2010);
        unit(b, x, uname, "事业单位", "教育", 1);
        node(b, x)->institution_kind = "公益一类";
    }
}

static void health(struct builder *b, int32_t parent, const char *level, const struct plan *p)
{
    static const char *const hosp[] = {"内科党支部",     "外科党支部",   "医技党支部", "护理党支部",
                                       "行政后勤党支部", "离退休党支部", NULL};
    static const char *const tcm[] = {"临床党支部", "医技护理党支部", "行政后勤党支部", NULL};
    int32_t c, x;

    if (!p->big_hospitals && !p->clinics)
        return;
    c = add(b, parent, fmt(b, "中共%s卫生健康局委员会", level), "committee", "hospital", 1955,
            1990);
    node(b, c)->can_approve = 1;
    node(b, c)->term_years = 5;
    node(b, c)->profile = DJ_DEMO_P_HOSPITAL;
    x = branch(b, c, fmt(b, "%s卫生健康局机关党支部", level), "branch", "organ", DJ_DEMO_P_ORGAN,
               dj_demo_range(&b->r, 12, 28), 1955, 1995);
    unit(b, x, fmt(b, "%s卫生健康局", level), "党政机关", "公共管理", 1);
    node(b, c)->office = x;
    for (int i = 0; i < p->big_hospitals; i++) {
        const char *uname = p->big_hospitals > 1 ? fmt(b, "%s%s人民医院", level, ordinal(b, i))
                                                 : fmt(b, "%s人民医院", level);
        x = unit_with_branches(b, c, uname, "hospital", DJ_DEMO_P_HOSPITAL,
                               dj_demo_range(&b->r, 130, 200), 6, false, hosp, 1950, 1990);
        unit(b, x, uname, "事业单位", "卫生", 1);
        node(b, x)->institution_kind = "公益二类";
    }
    x = unit_with_branches(b, c, fmt(b, "%s中医医院", level), "hospital", DJ_DEMO_P_HOSPITAL,
                           dj_demo_range(&b->r, 52, 70), 3, true, tcm, 1958, 1995);
    unit(b, x, fmt(b, "%s中医医院", level), "事业单位", "卫生", 1);
    node(b, x)->institution_kind = "公益二类";
    x = branch(b, c, fmt(b, "%s妇幼保健院党支部", level), "branch", "hospital", DJ_DEMO_P_HOSPITAL,
               dj_demo_range(&b->r, 12, 25), 1970, 2005);
    unit(b, x, fmt(b, "%s妇幼保健院", level), "事业单位", "卫生", 1);
    node(b, x)->institution_kind = "公益一类";
    for (int i = 0; i < p->clinics; i++) {
        const char *uname = fmt(b, "%s%s社区卫生服务中心", level, ordinal(b, i));
        x = branch(b, c, fmt(b, "%s党支部", uname), "branch", "hospital", DJ_DEMO_P_HOSPITAL,
                   dj_demo_range(&b->r, 5, 15), 2000, 2020);
        unit(b, x, uname, "事业单位", "卫生", 1);
        node(b, x)->institution_kind = "公益一类";
    }
}

static void state_owned(struct builder *b, int32_t parent, const char *level, const char *brand,
                        const struct plan *p)
{
    static const char *const groups_[] = {"城市建设投资集团",
                                          "交通投资集团",
                                          "文化旅游集团",
                                          "水务集团",
                                          "能源集团",
                                          "农业投资集团",
                                          "建设工程集团",
                                          "商贸物流集团",
                                          "医药集团",
                                          "数字科技集团",
                                          "国有资本运营集团",
                                          "煤炭销售集团",
                                          NULL};
    static const char *const smalls[] = {
        "供水",     "热力",     "国有资产经营", "粮食储备", "公共交通",     "市政工程", "园林绿化",
        "物业服务", "城市燃气", "保安服务",     "融资担保", "人力资源服务", NULL};
    int ng = dj_demo_list_len(groups_), ns = dj_demo_list_len(smalls);
    int32_t c, x;

    if (!p->soe_groups && !p->soe_small)
        return;
    c = add(b, parent, fmt(b, "中共%s国资委委员会", level), "committee", "soe", 1990, 2010);
    node(b, c)->can_approve = 1;
    node(b, c)->term_years = 5;
    node(b, c)->profile = DJ_DEMO_P_SOE;
    x = branch(b, c, fmt(b, "%s国资委机关党支部", level), "branch", "organ", DJ_DEMO_P_ORGAN,
               dj_demo_range(&b->r, 8, 20), 1990, 2012);
    unit(b, x, fmt(b, "%s人民政府国有资产监督管理委员会", level), "党政机关", "公共管理", 1);
    node(b, c)->office = x;
    for (int i = 0; i < p->soe_groups; i++) {
        const char *uname =
            fmt(b, "%s%s%s有限公司", brand, groups_[i % ng], i >= ng ? ordinal(b, i / ng) : "");
        x = unit_with_branches(b, c, uname, "soe", DJ_DEMO_P_SOE, dj_demo_range(&b->r, 105, 180), 4,
                               false, NULL, 1995, 2015);
        unit(b, x, uname, "国有企业", "建筑业", 1);
        node(b, x)->legal_entity = 1;
        if (i == 0) {
            branch(b, x, fmt(b, "%s棚户区改造项目临时党支部", uname), "temp_branch", "soe",
                   DJ_DEMO_P_SOE, dj_demo_range(&b->r, 5, 9), 2023, 2025);
        }
    }
    if (p->problems) {
        const char *uname = fmt(b, "%s公共交通集团有限公司", brand);
        x = unit_with_branches(b, c, uname, "soe", DJ_DEMO_P_SOE, 60, 3, false, NULL, 1995, 2015);
        unit(b, x, uname, "国有企业", "交通运输业", 1);
        node(b, x)->problem = DJ_DEMO_PB_SMALL_COMMITTEE;
    }
    for (int i = 0; i < p->soe_small; i++) {
        const char *uname =
            fmt(b, "%s%s有限公司%s", brand, smalls[i % ns], i >= ns ? ordinal(b, i / ns) : "");
        x = branch(b, c, fmt(b, "%s党支部", uname), "branch", "soe", DJ_DEMO_P_SOE,
                   dj_demo_range(&b->r, 10, 45), 1995, 2018);
        unit(b, x, uname, "国有企业", "电力、热力、燃气及水生产和供应业", 1);
        if (node(b, x)->size >= 30)
            groups(b, x, 2, uname, false);
    }
}

/* A company name; `k` numbers them within one county so they do not repeat. */
static const char *company(struct builder *b, const char *brand_prefix, int k)
{
    int nb = dj_demo_list_len(dj_demo_company_brands),
        nt = dj_demo_list_len(dj_demo_company_trades);
    int idx = (k * 11 + b->county_no * 7) % (nb * nt);
    const char *suffix = k >= nb * nt ? ordinal(b, k / (nb * nt)) : "";
    return fmt(b, "%s%s%s%s有限公司", brand_prefix, dj_demo_company_brands[idx % nb],
               dj_demo_company_trades[(idx * 7 + idx / nb) % nt], suffix);
}

static void two_new(struct builder *b, int32_t parent, const char *level, const char *brand,
                    const struct plan *p, int32_t office)
{
    int nstreet = dj_demo_list_len(dj_demo_street_names);
    int nsoc = dj_demo_list_len(dj_demo_social_orgs);
    int k = 0;
    int32_t w, x;

    w = add(b, parent, fmt(b, "中共%s非公有制经济组织和社会组织工作委员会", level),
            "work_committee", "private", 2000, 2015);
    node(b, w)->can_approve = 1;
    node(b, w)->profile = DJ_DEMO_P_PRIVATE;
    node(b, w)->office = office;
    node(b, w)->loose_units = 3;
    if (p->problems)
        node(b, w)->problem = DJ_DEMO_PB_UNORGANISED;
    for (int i = 0; i < p->privates; i++) {
        const char *uname = company(b, brand, k++);
        int x3 = dj_demo_below(&b->r, 100);
        int size = x3 < 60   ? dj_demo_range(&b->r, 3, 8)
                   : x3 < 90 ? dj_demo_range(&b->r, 9, 20)
                             : dj_demo_range(&b->r, 21, 45);
        x = branch(b, w, fmt(b, "%s党支部", uname), "branch", "private", DJ_DEMO_P_PRIVATE, size,
                   2003, 2024);
        unit(b, x, uname, "私营企业", "制造业", 1);
        node(b, x)->private_tech = strstr(uname, "科技") != NULL;
        if (size >= 30)
            groups(b, x, 2, uname, false);
    }
    for (int i = 0; i < p->joints; i++) {
        const char *area = dj_demo_street_names[(i * 3 + b->county_no) % nstreet];
        x = branch(b, w,
                   i < nstreet ? fmt(b, "%s%s商圈非公企业联合党支部", level, area)
                               : fmt(b, "%s%s商圈非公企业%s联合党支部", level, area,
                                     ordinal(b, i / nstreet)),
                   "joint_branch", "private", DJ_DEMO_P_PRIVATE, dj_demo_range(&b->r, 5, 12), 2012,
                   2024);
        node(b, x)->joint_units = (uint8_t)dj_demo_range(&b->r, 3, 5);
        node(b, x)->unit_situation = "联合建立";
        if (p->problems && i == 0) {
            node(b, x)->joint_units = 6;
            node(b, x)->problem = DJ_DEMO_PB_JOINT_SIX;
        }
    }
    for (int i = 0; i < p->socials; i++) {
        const char *uname = fmt(b, "%s%s%s", level, dj_demo_social_orgs[i % nsoc],
                                i >= nsoc ? ordinal(b, i / nsoc) : "");
        x = branch(b, w, fmt(b, "%s党支部", uname), "branch", "social_org", DJ_DEMO_P_SOCIAL,
                   dj_demo_range(&b->r, 3, 9), 2008, 2024);
        unit(b, x, uname, "社会组织", "社会工作", 1);
        node(b, x)->social_service_kind = strstr(uname, "中心") ? "民办非企业单位" : "社会团体";
        if (p->problems && i == 0) {
            node(b, x)->problem = DJ_DEMO_PB_NO_SECRETARY;
            node(b, x)->size = 4;
        }
    }
    if (p->problems) {
        static const struct {
            enum dj_demo_problem pb;
            int size;
        } planted[] = {{DJ_DEMO_PB_TWO_MEMBERS, 2},
                       {DJ_DEMO_PB_YOUNG_SECRETARY, 9},
                       {DJ_DEMO_PB_DISSOLVED, 0}};
        for (size_t i = 0; i < DJ_ARRAY_LEN(planted); i++) {
            const char *uname = company(b, brand, k++);
            x = branch(b, w, fmt(b, "%s党支部", uname), "branch", "private", DJ_DEMO_P_PRIVATE,
                       planted[i].size, 2010, 2020);
            unit(b, x, uname, "私营企业", "批发和零售业", 1);
            node(b, x)->problem = (uint8_t)planted[i].pb;
        }
    }
}

/*
 * The bodies every level has: 直属机关工委, 教育, 卫健, 国资, 两新. Returns the
 * branch whose members hold the level's own posts (its 委办公室).
 */
static int32_t bodies(struct builder *b, int32_t parent, const char *level, const char *brand,
                      const struct plan *p, bool province)
{
    int32_t office = -1, org_dept = -1;

    organs(b, parent, level, p, province, &office, &org_dept);
    education(b, parent, level, p);
    health(b, parent, level, p);
    state_owned(b, parent, level, brand, p);
    two_new(b, parent, level, brand, p, org_dept);
    return office;
}

/* One 区 or 县: name is "示范区"; brand its short form for company names ("示范"). */
static int32_t county(struct builder *b, int32_t parent, const char *name, const char *brand,
                      int region, const struct plan *p)
{
    int nstreet = dj_demo_list_len(dj_demo_street_names);
    int32_t c, office;

    c = add(b, parent, fmt(b, "中共%s委员会", name), "committee", "organ", 1949, 1958);
    node(b, c)->region = (int16_t)region;
    node(b, c)->address = name;
    node(b, c)->profile = DJ_DEMO_P_ORGAN;
    node(b, c)->can_approve = 1;
    node(b, c)->term_years = 5;
    node(b, c)->locality = "县（市、区）";
    for (int s = 0; s < p->streets; s++)
        street(b, c, name, s, p, dj_demo_street_names[(s + b->county_no * 4) % nstreet]);
    for (int t = 0; t < p->towns; t++)
        town(b, c, name, t, p);
    office = bodies(b, c, name, brand, p, false); /* may move the node array */
    node(b, c)->office = office;
    b->county_no++;
    return c;
}

/*
 * A 市: its own bodies, then `ncounties` counties (the first `urban` of them
 * 区). `factor` scales the number of communities, villages and 两新
 * organisations per county, `size` the members of a community or village.
 */
static int32_t city(struct builder *b, int32_t parent, int no, int region_city, int ncounties,
                    int urban, double factor, double size)
{
    int ncn = dj_demo_list_len(dj_demo_city_names), nco = dj_demo_list_len(dj_demo_county_names);
    const char *brand = dj_demo_city_names[no % ncn];
    const char *name = fmt(b, "%s市", brand);
    const struct dj_demo_city *rc = &dj_demo_cities[region_city];
    struct plan cp = plan_city_bodies;
    int32_t c, office;

    c = add(b, parent, fmt(b, "中共%s委员会", name), "committee", "organ", 1949, 1952);
    node(b, c)->region = (int16_t)rc->first;
    node(b, c)->address = name;
    node(b, c)->profile = DJ_DEMO_P_ORGAN;
    node(b, c)->can_approve = 1;
    node(b, c)->term_years = 5;
    node(b, c)->locality = "地（市、州、盟）";
    for (int i = 0; i < ncounties; i++) {
        struct plan p = i < urban ? plan_urban : plan_rural;
        const char *cn = dj_demo_county_names[(i + no * 13) % nco];
        p.comm_lo = (int)(p.comm_lo * factor + 0.5);
        p.comm_hi = (int)(p.comm_hi * factor + 0.5);
        p.vill_lo = (int)(p.vill_lo * factor + 0.5);
        p.vill_hi = (int)(p.vill_hi * factor + 0.5);
        p.privates = (int)(p.privates * factor + 0.5);
        p.joints = (int)(p.joints * factor + 0.5);
        p.socials = (int)(p.socials * factor + 0.5);
        p.comm_size_lo = (int)(p.comm_size_lo * size + 0.5);
        p.comm_size_hi = (int)(p.comm_size_hi * size + 0.5);
        p.vill_size_lo = (int)(p.vill_size_lo * size + 0.5);
        p.vill_size_hi = (int)(p.vill_size_hi * size + 0.5);
        county(b, c, fmt(b, "%s%s%s", name, cn, i < urban ? "区" : "县"), cn,
               rc->first + i % rc->count, &p);
    }
    office = bodies(b, c, name, brand, &cp, false);
    node(b, c)->office = office;
    return c;
}

void dj_demo_tree_build(struct dj_demo_tree *t, enum dj_demo_scale scale, uint64_t seed,
                        struct dj_date today)
{
    struct builder b = {.t = t, .today = today};
    int32_t root, office;

    memset(t, 0, sizeof(*t));
    t->arena = dj_arena_new();
    t->today = today;
    t->root = t->street = t->branch = -1;
    dj_demo_rng_seed(&b.r, seed, 1);
    switch (scale) {
    case DJ_DEMO_DISTRICT:
        root = county(&b, -1, "示范区", "示范", 0, &plan_district);
        break;
    case DJ_DEMO_CITY:
        root = city(&b, -1, 0, 0, 12, 5, 1.0, 1.0);
        break;
    default: {
        struct plan pp = plan_province_bodies;
        root = add(&b, -1, "中共示范省委员会", "committee", "organ", 1949, 1949);
        node(&b, root)->address = "示范省";
        node(&b, root)->profile = DJ_DEMO_P_ORGAN;
        node(&b, root)->can_approve = 1;
        node(&b, root)->term_years = 5;
        node(&b, root)->locality = "省（区、市）";
        for (int c = 0; c < dj_demo_ncities; c++)
            city(&b, root, c, c, dj_demo_cities[c].count, (dj_demo_cities[c].count + 2) / 3,
                 PROVINCE_COUNT_FACTOR, PROVINCE_SIZE_FACTOR);
        office = bodies(&b, root, "示范省", "示范省", &pp, true);
        node(&b, root)->office = office;
        break;
    }
    }
    t->root = root;
}

void dj_demo_tree_release(struct dj_demo_tree *t)
{
    free(t->v);
    dj_arena_free(t->arena);
    memset(t, 0, sizeof(*t));
}
