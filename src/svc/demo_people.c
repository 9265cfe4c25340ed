/*
 * demo_people.c - synthetic Party members: names, ID numbers, dates and the
 * rest of a member row, drawn from rough national distributions.
 *
 * The dates obey the member rules: 入党日期 on or after the 18th birthday,
 * 转正日期 = 入党 + 1 year (a few with an extended 预备期, at most + 2 years),
 * no 转正日期 for a 预备党员, nothing after today. ID numbers use a real
 * county code, the birth date, a sequence number whose parity gives the
 * gender and which is unique per (county, birth date), and the GB 11643
 * check character, so no two generated members share a number.
 */
#include "base/compat.h"
#include "base/idcard.h"
#include "svc/demo_int.h"

/* ---- ID sequence numbers ------------------------------------------------- */

#define IDS_BASE_YEAR 1900
#define IDS_DAYS 48000  /* 1900-01-01 .. 2031 */
#define IDS_PER_KEY 499 /* sequence numbers per (county, date, gender) */

struct dj_demo_ids {
    uint16_t *used[DJ_DEMO_MAX_REGIONS]; /* [day * 2 + gender-1], allocated on use */
    int32_t base_days;
};

struct dj_demo_ids *dj_demo_ids_new(void)
{
    struct dj_demo_ids *ids = dj_xcalloc(1, sizeof(*ids));
    ids->base_days = dj_date_to_days((struct dj_date){IDS_BASE_YEAR, 1, 1});
    return ids;
}

void dj_demo_ids_free(struct dj_demo_ids *ids)
{
    if (!ids)
        return;
    for (size_t i = 0; i < DJ_ARRAY_LEN(ids->used); i++)
        free(ids->used[i]);
    free(ids);
}

/*
 * The next unused sequence number (1..998, odd for men, even for women) for
 * this county, date and gender, or -1 when all 499 are taken. The start is
 * scattered by a hash so numbers do not all begin at 001.
 */
static int ids_take(struct dj_demo_ids *ids, int region, struct dj_date birth, int gender)
{
    int32_t day = dj_date_to_days(birth) - ids->base_days;
    uint64_t h;
    int slot, c, base;

    if (day < 0 || day >= IDS_DAYS)
        return -1;
    if (!ids->used[region])
        ids->used[region] = dj_xcalloc((size_t)IDS_DAYS * 2, sizeof(uint16_t));
    slot = day * 2 + (gender - 1);
    c = ids->used[region][slot];
    if (c >= IDS_PER_KEY)
        return -1;
    ids->used[region][slot] = (uint16_t)(c + 1);
    h = (uint64_t)region * 1000003u + (uint64_t)day;
    base = (int)(dj_demo_splitmix(&h) % 499) * 2; /* even */
    /* base + 2c is even; + 0 (men) or + 1 (women); + 1 moves into 1..998 with odd = men */
    return 1 + (base + 2 * c + (gender == 2 ? 1 : 0)) % 998;
}

/* ---- profiles ------------------------------------------------------------- */

struct band {
    int lo, hi, weight;
};

/* Age bands (years at today) per profile. */
static const struct band age_bands[DJ_DEMO_P_COUNT][4] = {
    [DJ_DEMO_P_ORGAN] = {{22, 30, 15}, {31, 40, 30}, {41, 50, 30}, {51, 59, 25}},
    [DJ_DEMO_P_SCHOOL] = {{22, 30, 20}, {31, 40, 30}, {41, 50, 30}, {51, 59, 20}},
    [DJ_DEMO_P_HOSPITAL] = {{23, 30, 20}, {31, 40, 32}, {41, 50, 28}, {51, 59, 20}},
    [DJ_DEMO_P_SOE] = {{22, 30, 15}, {31, 40, 30}, {41, 50, 30}, {51, 59, 25}},
    [DJ_DEMO_P_PRIVATE] = {{20, 30, 30}, {31, 40, 40}, {41, 50, 20}, {51, 59, 10}},
    [DJ_DEMO_P_SOCIAL] = {{22, 30, 25}, {31, 45, 45}, {46, 55, 15}, {56, 68, 15}},
    [DJ_DEMO_P_COMMUNITY] = {{25, 40, 12}, {41, 60, 25}, {61, 75, 38}, {76, 92, 25}},
    [DJ_DEMO_P_RURAL] = {{22, 35, 10}, {36, 50, 25}, {51, 65, 35}, {66, 90, 30}},
    [DJ_DEMO_P_RETIRED] = {{58, 70, 45}, {71, 80, 35}, {81, 90, 15}, {91, 96, 5}},
};

/* Share of women per profile (per 1,000). */
static const int female_per_mille[DJ_DEMO_P_COUNT] = {
    [DJ_DEMO_P_ORGAN] = 350,     [DJ_DEMO_P_SCHOOL] = 600,  [DJ_DEMO_P_HOSPITAL] = 600,
    [DJ_DEMO_P_SOE] = 250,       [DJ_DEMO_P_PRIVATE] = 350, [DJ_DEMO_P_SOCIAL] = 450,
    [DJ_DEMO_P_COMMUNITY] = 500, [DJ_DEMO_P_RURAL] = 200,   [DJ_DEMO_P_RETIRED] = 400,
};

/* GB/T 4658 education codes per profile (per 1,000). */
static const struct dj_demo_weighted edu_organ[] = {
    {"11", 5}, {"14", 150}, {"21", 600}, {"31", 180}, {"41", 20}, {"61", 30}, {"71", 15}};
static const struct dj_demo_weighted edu_school[] = {{"11", 3},   {"14", 120}, {"21", 650},
                                                     {"31", 180}, {"41", 30},  {"61", 17}};
static const struct dj_demo_weighted edu_hospital[] = {{"11", 20},  {"14", 200}, {"21", 450},
                                                       {"31", 220}, {"41", 100}, {"61", 10}};
static const struct dj_demo_weighted edu_soe[] = {{"14", 40}, {"21", 330}, {"31", 300}, {"41", 80},
                                                  {"44", 30}, {"47", 50},  {"61", 120}, {"71", 50}};
static const struct dj_demo_weighted edu_private[] = {{"14", 30},  {"21", 300}, {"31", 320},
                                                      {"41", 60},  {"44", 30},  {"47", 30},
                                                      {"61", 150}, {"71", 80}};
static const struct dj_demo_weighted edu_social[] = {{"14", 40}, {"21", 400}, {"31", 300},
                                                     {"41", 60}, {"61", 140}, {"71", 60}};
static const struct dj_demo_weighted edu_community[] = {
    {"14", 10}, {"21", 150}, {"31", 200}, {"41", 100}, {"61", 250}, {"71", 220}, {"81", 70}};
static const struct dj_demo_weighted edu_rural[] = {
    {"21", 30}, {"31", 80}, {"41", 50}, {"61", 250}, {"71", 450}, {"81", 130}, {"90", 10}};
static const struct dj_demo_weighted edu_retired[] = {
    {"14", 20}, {"21", 250}, {"31", 250}, {"41", 150}, {"61", 200}, {"71", 100}, {"81", 30}};

static const struct {
    const struct dj_demo_weighted *t;
    int n;
} edu_tables[DJ_DEMO_P_COUNT] = {
    [DJ_DEMO_P_ORGAN] = {edu_organ, DJ_ARRAY_LEN(edu_organ)},
    [DJ_DEMO_P_SCHOOL] = {edu_school, DJ_ARRAY_LEN(edu_school)},
    [DJ_DEMO_P_HOSPITAL] = {edu_hospital, DJ_ARRAY_LEN(edu_hospital)},
    [DJ_DEMO_P_SOE] = {edu_soe, DJ_ARRAY_LEN(edu_soe)},
    [DJ_DEMO_P_PRIVATE] = {edu_private, DJ_ARRAY_LEN(edu_private)},
    [DJ_DEMO_P_SOCIAL] = {edu_social, DJ_ARRAY_LEN(edu_social)},
    [DJ_DEMO_P_COMMUNITY] = {edu_community, DJ_ARRAY_LEN(edu_community)},
    [DJ_DEMO_P_RURAL] = {edu_rural, DJ_ARRAY_LEN(edu_rural)},
    [DJ_DEMO_P_RETIRED] = {edu_retired, DJ_ARRAY_LEN(edu_retired)},
};

static const char *const jobs_organ[] = {"科员",       "一级科员", "四级主任科员", "二级主任科员",
                                         "办公室主任", "股长",     "副局长",       NULL};
static const char *const jobs_school[] = {"教师",     "教师",     "教师",   "班主任",
                                          "教研组长", "教务主任", "副校长", NULL};
static const char *const jobs_hospital[] = {"医师",   "护士",     "医师",   "护士",   "主治医师",
                                            "护士长", "科室主任", "药剂师", "检验师", NULL};
static const char *const jobs_soe[] = {"工人",     "工人",     "技术员", "班组长",
                                       "车间主任", "部门经理", "会计",   NULL};
static const char *const jobs_private[] = {"职员", "技术员",   "销售经理", "部门经理",
                                           "工人", "项目经理", "财务主管", NULL};
static const char *const jobs_social[] = {"工作人员", "社工", "项目主管", "秘书长", NULL};
static const char *const jobs_community[] = {"社区工作者", "居民", "居民", "个体经营者",
                                             "网格员",     "居民", NULL};
static const char *const jobs_rural[] = {"村民",   "村民",       "村民",   "种植户",
                                         "养殖户", "村民小组长", "村会计", NULL};

static const char *const titles_school[] = {"二级教师", "一级教师", "一级教师", "高级教师", NULL};
static const char *const titles_hospital[] = {"医师", "主治医师", "副主任医师",
                                              "护师", "主管护师", NULL};
static const char *const titles_soe[] = {"助理工程师", "工程师", "高级工程师", NULL};

static int era_of(struct dj_date birth)
{
    return birth.y < 1960 ? 0 : birth.y < 1980 ? 1 : 2;
}

void dj_demo_random_name(struct dj_demo_rng *r, int era, int gender, char *out, size_t outsz)
{
    const struct dj_demo_given *g = &dj_demo_given_names[era][gender == 2 ? 1 : 0];
    const char *surname = dj_demo_pick_weighted(r, dj_demo_surnames, dj_demo_nsurnames);
    int x = dj_demo_below(r, 1000);

    if (g->whole && x < g->whole_per_mille) {
        snprintf(out, outsz, "%s%s", surname, dj_demo_pick(r, g->whole));
    } else if (x < g->whole_per_mille + g->single_per_mille) {
        snprintf(out, outsz, "%s%s", surname, dj_demo_pick(r, g->single));
    } else {
        const char *a = dj_demo_pick(r, g->first), *b = dj_demo_pick(r, g->second);
        while (!strcmp(a, b))
            b = dj_demo_pick(r, g->second);
        snprintf(out, outsz, "%s%s%s", surname, a, b);
    }
}

void dj_demo_random_phone(struct dj_demo_rng *r, char out[12])
{
    snprintf(out, 12, "%s%08d", dj_demo_chance(r, 500) ? "199" : "198",
             dj_demo_below(r, 100000000));
}

static int pick_band(struct dj_demo_rng *r, const struct band *b)
{
    int total = 0, x;

    for (int i = 0; i < 4; i++)
        total += b[i].weight;
    x = dj_demo_below(r, total);
    for (int i = 0; i < 4; i++) {
        if (x < b[i].weight)
            return dj_demo_range(r, b[i].lo, b[i].hi);
        x -= b[i].weight;
    }
    return b[3].hi;
}

/* A date uniformly in [lo, hi] (hi >= lo). */
static struct dj_date date_between(struct dj_demo_rng *r, struct dj_date lo, struct dj_date hi)
{
    int span = dj_date_diff_days(lo, hi);
    return span <= 0 ? lo : dj_date_add_days(lo, dj_demo_range(r, 0, span));
}

static struct dj_date max_date(struct dj_date a, struct dj_date b)
{
    return dj_date_cmp(a, b) >= 0 ? a : b;
}

/* Age at `today`, gender and birth date. */
static void pick_birth(struct dj_demo_rng *r, struct dj_date today, enum dj_demo_profile prof,
                       enum dj_demo_force force, struct dj_demo_person *p)
{
    int age;

    p->gender = dj_demo_chance(r, female_per_mille[prof]) ? 2 : 1;
    switch (force) {
    case DJ_DEMO_F_VETERAN: /* the profile's ages, but old enough for five years' 党龄 */
        age = pick_band(r, age_bands[prof]);
        if (age < 30)
            age = dj_demo_range(r, 30, 50);
        break;
    case DJ_DEMO_F_NEW_FULL:
        age = dj_demo_range(r, 24, 38);
        break;
    case DJ_DEMO_F_PROBATIONARY:
        age = dj_demo_range(r, 20, 38);
        break;
    default:
        age = pick_band(r, age_bands[prof]);
        break;
    }
    if (age < 20)
        age = 20;
    /* exactly `age` years old today: born in the year before the last birthday */
    p->birth = dj_date_add_days(dj_date_add_years(today, -age), -dj_demo_range(r, 0, 364));
}

/* 入党 and 转正 dates that obey the rules (see the file comment). */
static void pick_party_dates(struct dj_demo_rng *r, struct dj_date today, enum dj_demo_force force,
                             struct dj_demo_person *p)
{
    struct dj_date eighteen = dj_date_add_years(p->birth, 18), latest;
    static const struct band join_age[] = {{18, 22, 25}, {23, 30, 40}, {31, 40, 25}, {41, 55, 10}};

    if (p->probationary) {
        p->joined = max_date(dj_date_add_days(today, -dj_demo_range(r, 10, 355)), eighteen);
        p->confirmed = (struct dj_date){0, 0, 0};
        return;
    }
    if (force == DJ_DEMO_F_NEW_FULL) {
        p->joined = dj_date_add_days(today, -dj_demo_range(r, 430, 480));
        p->confirmed = dj_date_add_years(p->joined, 1);
        return;
    }
    /* 转正 (入党 + 1 year) at least 35 days ago; veterans have 党龄 >= 3 years */
    latest =
        force == DJ_DEMO_F_VETERAN ? dj_date_add_years(today, -5) : dj_date_add_days(today, -400);
    p->joined = dj_date_add_days(dj_date_add_years(p->birth, pick_band(r, join_age)),
                                 dj_demo_range(r, 0, 364));
    if (dj_date_cmp(p->joined, latest) > 0 || dj_date_cmp(p->joined, eighteen) < 0)
        p->joined = date_between(r, eighteen, latest);
    if (dj_date_cmp(p->joined, eighteen) < 0) /* too young for `latest`: join at 18 */
        p->joined = eighteen;
    p->confirmed = dj_date_add_years(p->joined, 1);
    if (dj_demo_chance(r, 30)) { /* 预备期 extended by 6-12 months */
        struct dj_date ext = dj_date_add_months(p->joined, 12 + dj_demo_range(r, 6, 12));
        if (dj_date_cmp(ext, today) < 0)
            p->confirmed = ext;
    }
}

static void pick_occupation(struct dj_demo_rng *r, enum dj_demo_profile prof, int age,
                            struct dj_demo_person *p)
{
    static const char *const *const jobs[DJ_DEMO_P_COUNT] = {
        [DJ_DEMO_P_ORGAN] = jobs_organ,
        [DJ_DEMO_P_SCHOOL] = jobs_school,
        [DJ_DEMO_P_HOSPITAL] = jobs_hospital,
        [DJ_DEMO_P_SOE] = jobs_soe,
        [DJ_DEMO_P_PRIVATE] = jobs_private,
        [DJ_DEMO_P_SOCIAL] = jobs_social,
        [DJ_DEMO_P_COMMUNITY] = jobs_community,
        [DJ_DEMO_P_RURAL] = jobs_rural,
        [DJ_DEMO_P_RETIRED] = NULL,
    };
    int x = dj_demo_below(r, 1000);

    p->job = jobs[prof] ? dj_demo_pick(r, jobs[prof]) : NULL;
    switch (prof) {
    case DJ_DEMO_P_ORGAN:
        p->person_category = "official";
        break;
    case DJ_DEMO_P_SCHOOL:
        p->person_category = x < 900 ? "professional" : "manager";
        p->tech_title = dj_demo_pick(r, titles_school);
        break;
    case DJ_DEMO_P_HOSPITAL:
        p->person_category = x < 900 ? "professional" : "manager";
        p->tech_title = dj_demo_pick(r, titles_hospital);
        break;
    case DJ_DEMO_P_SOE:
        p->person_category = x < 500 ? "worker" : x < 750 ? "manager" : "professional";
        if (!strcmp(p->person_category, "professional"))
            p->tech_title = dj_demo_pick(r, titles_soe);
        if (!strcmp(p->person_category, "worker"))
            p->frontline = "企业生产第一线";
        break;
    case DJ_DEMO_P_PRIVATE:
        p->person_category = x < 400   ? "worker"
                             : x < 700 ? "manager"
                             : x < 900 ? "professional"
                                       : "other";
        if (!strcmp(p->person_category, "worker"))
            p->frontline = "企业生产第一线";
        if (!strcmp(p->person_category, "manager") || !strcmp(p->person_category, "professional"))
            p->new_class = "民营企业和外资企业管理技术人员";
        p->migrant_worker = !strcmp(p->person_category, "worker") && dj_demo_chance(r, 300);
        break;
    case DJ_DEMO_P_SOCIAL:
        p->person_category = x < 500 ? "professional" : "other";
        p->new_class = "社会组织从业人员";
        break;
    case DJ_DEMO_P_COMMUNITY:
        p->person_category = age >= 60 ? "retired" : x < 400 ? "worker" : "other";
        if (age < 60 && x > 950)
            p->new_class = "自由职业人员";
        break;
    case DJ_DEMO_P_RURAL:
        p->person_category = age >= 60 || x < 800 ? "farmer" : "worker";
        p->migrant_worker = age < 50 && dj_demo_chance(r, 150);
        break;
    default:
        p->person_category = "retired";
        break;
    }
    if (!strcmp(p->person_category, "retired")) {
        p->retired = true;
        p->job = "离退休";
        p->tech_title = NULL;
    }
}

static void pick_education(struct dj_demo_rng *r, enum dj_demo_profile prof, int age,
                           struct dj_demo_person *p)
{
    const char *e = dj_demo_pick_weighted(r, edu_tables[prof].t, edu_tables[prof].n);

    if (age < 40 && strcmp(e, "61") >= 0 && dj_demo_chance(r, 500))
        e = dj_demo_chance(r, 500) ? "31" : "21"; /* the young are better schooled */
    else if (age >= 70 && strcmp(e, "31") <= 0 && dj_demo_chance(r, 400))
        e = "61";
    p->education = e;
    if (!strcmp(e, "11"))
        p->degree = "2";
    else if (!strcmp(e, "14"))
        p->degree = dj_demo_chance(r, 900) ? "3" : "4";
    else if (!strcmp(e, "21"))
        p->degree = dj_demo_chance(r, 850) ? "4" : "9";
    else
        p->degree = "9";
}

/* The ID number: county (mostly the home county), birth date, unique sequence, check. */
static void make_id_number(struct dj_demo_rng *r, struct dj_demo_ids *ids, int home,
                           struct dj_demo_person *p)
{
    for (int attempt = 0;; attempt++) {
        int region = home, x = dj_demo_below(r, 100), seq;
        const struct dj_demo_city *c = &dj_demo_cities[dj_demo_regions[home].city];
        char first17[32];

        if (attempt > 0 || x >= 95)
            region = dj_demo_below(r, dj_demo_nregions);
        else if (x >= 75)
            region = c->first + dj_demo_below(r, c->count);
        seq = ids_take(ids, region, p->birth, p->gender);
        if (seq < 0) {
            if (attempt > 1000)
                dj_die("demo: no free ID sequence number");
            continue;
        }
        if (snprintf(first17, sizeof(first17), "%s%04d%02d%02d%03d", dj_demo_regions[region].code,
                     p->birth.y, p->birth.m, p->birth.d, seq) != 17)
            dj_die("demo: bad ID number parts");
        memcpy(p->id_number, first17, 17);
        p->id_number[17] = dj_idcard_check_char(first17);
        p->id_number[18] = '\0';
        return;
    }
}

static void pick_status(struct dj_demo_rng *r, struct dj_date today, enum dj_demo_profile prof,
                        enum dj_demo_force force, int age, struct dj_demo_person *p)
{
    bool mobile_prone =
        prof == DJ_DEMO_P_RURAL || prof == DJ_DEMO_P_COMMUNITY || prof == DJ_DEMO_P_PRIVATE;
    int x = dj_demo_below(r, 1000);

    p->status = "normal";
    if (force != DJ_DEMO_F_NONE || p->probationary || !mobile_prone || age >= 60)
        return;
    if (x < 40) {
        p->status = "mobile";
        p->mobile_since =
            max_date(dj_date_add_days(today, -dj_demo_range(r, 30, 1500)), p->confirmed);
        p->status_on = p->mobile_since;
        p->mobile_to = dj_demo_pick(r, dj_demo_mobile_places);
        p->mobile_contact = "已与流入地党组织建立联系";
    } else if (x < 43) {
        p->status = "lost_contact";
        p->status_on = max_date(dj_date_add_days(today, -dj_demo_range(r, 60, 500)), p->confirmed);
        p->status_reason = "外出务工后联系方式变更，正在排查";
    }
}

void dj_demo_person_make(struct dj_demo_rng *r, struct dj_demo_ids *ids, struct dj_date today,
                         const struct dj_demo_place *place, enum dj_demo_force force,
                         struct dj_demo_person *p)
{
    enum dj_demo_profile prof = place->profile;
    const struct dj_demo_region *home = &dj_demo_regions[place->region];
    const struct dj_demo_city *city = &dj_demo_cities[home->city];
    int age, x;

    memset(p, 0, sizeof(*p));
    pick_birth(r, today, prof, force, p);
    age = dj_date_years_between(p->birth, today);
    /* about 4% 预备党员, nearly all of them young */
    p->probationary =
        force == DJ_DEMO_F_PROBATIONARY || (force == DJ_DEMO_F_NONE && prof != DJ_DEMO_P_RETIRED &&
                                            age <= 45 && dj_demo_chance(r, age <= 32 ? 220 : 60));
    pick_party_dates(r, today, force, p);
    dj_demo_random_name(r, era_of(p->birth), p->gender, p->name, sizeof(p->name));
    make_id_number(r, ids, place->region, p);
    p->nation = dj_demo_pick_weighted(r, dj_demo_nations, dj_demo_nnations);
    pick_education(r, prof, age, p);
    pick_occupation(r, prof, age, p);
    if (strcmp(p->person_category, "farmer")) {
        struct dj_date start = dj_date_add_years(p->birth, dj_demo_range(r, 18, 24));
        if (dj_date_cmp(start, today) <= 0)
            p->work_started = start;
    }
    p->hardship =
        age >= 70 &&
        (prof == DJ_DEMO_P_RURAL || prof == DJ_DEMO_P_COMMUNITY || prof == DJ_DEMO_P_RETIRED) &&
        dj_demo_chance(r, 60);
    pick_status(r, today, prof, force, age, p);

    x = dj_demo_below(r, 1000);
    if (x < 850) {
        p->add_kind = "new"; /* 新入党 */
        p->added_on = p->joined;
    } else {
        p->add_kind = x < 950 ? "internal" : "transfer_in"; /* 本系统内部 / 其他系统转入 */
        p->added_on = date_between(r, p->joined, today);
    }

    if (dj_demo_chance(r, 970))
        dj_demo_random_phone(r, p->phone);
    if (dj_demo_chance(r, 900)) {
        if (prof == DJ_DEMO_P_RURAL)
            snprintf(p->residence, sizeof(p->residence), "山西省%s%s%d号", city->name,
                     place->address, dj_demo_range(r, 1, 260));
        else
            snprintf(p->residence, sizeof(p->residence), "山西省%s%s%s%d号%d单元%d%02d室",
                     city->name, place->address, dj_demo_pick(r, dj_demo_roads),
                     dj_demo_range(r, 1, 220), dj_demo_range(r, 1, 4), dj_demo_range(r, 1, 18),
                     dj_demo_range(r, 1, 4));
    }
    if (dj_demo_chance(r, 600))
        snprintf(p->hukou, sizeof(p->hukou), "山西省%s%s", city->name, home->name);
    snprintf(p->native_place, sizeof(p->native_place), "山西%s",
             dj_demo_chance(r, 800) ? city->short_name
                                    : dj_demo_cities[dj_demo_below(r, dj_demo_ncities)].short_name);
}
