/*
 * test_ruletab.c - the rule table: hygiene of the rows, the numbers the spec
 * sets, versioning by date, overrides and their precedence, comparisons and
 * deadlines at their boundaries, the JSON listing.
 */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>

#include "rules/rulecalc.h"
#include "rules/ruletab.h"

static void release_rules(void)
{
    dj_rules_release();
}

TestSuite(ruletab, .fini = release_rules);

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static int64_t
get(const char *id, struct dj_date on, const char *org_path)
{
    int64_t v = -1;
    int rc = dj_rule_get(id, on, org_path, &v);

    cr_assert_eq(rc, 0, "dj_rule_get(%s) = %d", id, rc);
    return v;
}

/* ---- table hygiene ---------------------------------------------------- */

struct hygiene {
    const struct dj_rule *prev;
    size_t rows;
};

static bool id_ok(const char *id)
{
    if (!id || !*id || *id == '.')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return false;
    return id[strlen(id) - 1] != '.';
}

static int check_row(const struct dj_rule *r, void *ctx)
{
    struct hygiene *h = ctx;

    h->rows++;
    cr_expect(id_ok(r->id), "bad id \"%s\"", r->id ? r->id : "(null)");
    cr_expect(r->source && *r->source, "%s: no source", r->id);
    cr_expect(r->desc && *r->desc, "%s: no description", r->id);
    cr_expect_not_null(r->unit, "%s: unit is NULL", r->id);
    cr_expect_not_null(r->article, "%s: article is NULL", r->id);
    cr_expect(r->tag == 'V' || r->tag == 'S' || r->tag == 'R' || r->tag == 'L',
              "%s: tag '%c' not in V/S/R/L", r->id, r->tag);
    cr_expect(r->kind >= DJ_RULE_COUNT && r->kind <= DJ_RULE_BOOL, "%s: bad kind", r->id);
    cr_expect(r->cmp >= DJ_CMP_NONE && r->cmp <= DJ_CMP_GT, "%s: bad comparison", r->id);
    cr_expect(!dj_date_isset(r->effective_from) || dj_date_valid(r->effective_from),
              "%s: effective_from is not a date", r->id);
    cr_expect(r->value >= 0, "%s: negative value", r->id);
    if (r->kind == DJ_RULE_BP)
        cr_expect(r->value <= 10000, "%s: more than 100%%", r->id);
    if (r->kind == DJ_RULE_PERCENT)
        cr_expect(r->value <= 100, "%s: more than 100%%", r->id);
    if (r->kind == DJ_RULE_BOOL)
        cr_expect(r->value == 0 || r->value == 1, "%s: bool not 0/1", r->id);
    if (r->min || r->max)
        cr_expect(r->min <= r->value && r->value <= r->max, "%s: value outside own range", r->id);

    if (h->prev && strcmp(h->prev->id, r->id) == 0) {
        /* a later version of the same rule */
        cr_expect(dj_date_isset(r->effective_from), "%s: two long-standing rows", r->id);
        cr_expect(!dj_date_isset(h->prev->effective_from) ||
                      dj_date_cmp(h->prev->effective_from, r->effective_from) < 0,
                  "%s: two rows with the same effective_from", r->id);
        cr_expect_eq(h->prev->kind, r->kind, "%s: kind differs between versions", r->id);
        cr_expect_eq(h->prev->cmp, r->cmp, "%s: comparison differs between versions", r->id);
        cr_expect_str_eq(h->prev->unit, r->unit, "%s: unit differs between versions", r->id);
    } else if (h->prev) {
        cr_expect_lt(strcmp(h->prev->id, r->id), 0, "rows not ordered by id");
    }
    h->prev = r;
    return 0;
}

Test(ruletab, every_row_has_source_tag_description_and_unique_id_date)
{
    struct hygiene h = {NULL, 0};

    cr_assert_eq(dj_rules_each(check_row, &h), 0);
    cr_expect_eq(h.rows, dj_rules_count());
    cr_expect_geq(h.rows, 100);
}

static int stop_at_third(const struct dj_rule *r, void *ctx)
{
    int *n = ctx;

    (void)r;
    return ++*n == 3 ? 42 : 0;
}

Test(ruletab, each_stops_when_the_callback_says_so)
{
    int n = 0;

    cr_expect_eq(dj_rules_each(stop_at_third, &n), 42);
    cr_expect_eq(n, 3);
}

/* ---- the numbers of spec/domain-rules.md ------------------------------ */

struct expect_rule {
    const char *id;
    int64_t value;
    enum dj_rule_kind kind;
    enum dj_rule_cmp cmp;
    char tag;
};

static const struct expect_rule spec_rules[] = {
    /* §1.1 */
    {"org.branch.min_full_members", 3, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"org.joint_branch.max_units", 5, DJ_RULE_COUNT, DJ_CMP_LE, 'V'},
    {"org.branch.max_members", 50, DJ_RULE_COUNT, DJ_CMP_LE, 'V'},
    {"org.general_branch.rural_min_members", 50, DJ_RULE_COUNT, DJ_CMP_GT, 'V'},
    {"org.general_branch.organ_min_members", 50, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"org.basic_committee.min_members", 100, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"org.congress.min_members", 500, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    /* §1.2 */
    {"org.committee.required_min_full_members", 7, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"org.committee.branch_min_size", 3, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"org.committee.branch_max_size", 5, DJ_RULE_COUNT, DJ_CMP_LE, 'V'},
    {"org.committee.branch_hard_max_size", 7, DJ_RULE_COUNT, DJ_CMP_LE, 'V'},
    {"org.committee.general_branch_min_size", 5, DJ_RULE_COUNT, DJ_CMP_GE, 'S'},
    {"org.committee.general_branch_max_size", 7, DJ_RULE_COUNT, DJ_CMP_LE, 'S'},
    {"org.committee.general_branch_hard_max_size", 9, DJ_RULE_COUNT, DJ_CMP_LE, 'S'},
    {"org.committee.basic_min_size", 5, DJ_RULE_COUNT, DJ_CMP_GE, 'S'},
    {"org.committee.basic_max_size", 9, DJ_RULE_COUNT, DJ_CMP_LE, 'S'},
    /* §1.3–1.4 */
    {"org.term.basic_committee_years", 5, DJ_RULE_YEARS, DJ_CMP_NONE, 'V'},
    {"org.term.branch_years", 3, DJ_RULE_YEARS, DJ_CMP_NONE, 'V'},
    {"org.term.village_years", 5, DJ_RULE_YEARS, DJ_CMP_NONE, 'V'},
    {"org.term.max_adjust_years", 1, DJ_RULE_YEARS, DJ_CMP_LE, 'V'},
    {"org.term.reminder_months_before", 6, DJ_RULE_MONTHS, DJ_CMP_NONE, 'S'},
    /* §1.5 */
    {"election.quorum_bp", 8000, DJ_RULE_BP, DJ_CMP_GT, 'S'},
    {"election.candidate_excess_bp", 2000, DJ_RULE_BP, DJ_CMP_GE, 'S'},
    /* §2.1 */
    {"life.assembly.min_per_quarter", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"life.committee_meeting.min_per_month", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"life.group_meeting.min_per_month", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"life.lecture.secretary_min_per_year", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'R'},
    {"life.theme_day.min_per_month", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"life.org_life_meeting.min_per_year", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"life.democratic_review.min_per_year", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"life.talk.min_per_year", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'S'},
    {"life.training.min_hours_per_year", 32, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    /* §3 */
    {"dev.applicant.min_age_years", 18, DJ_RULE_YEARS, DJ_CMP_GE, 'V'},
    {"dev.application.talk_within_months", 1, DJ_RULE_MONTHS, DJ_CMP_LE, 'S'},
    {"dev.activist.min_months", 12, DJ_RULE_MONTHS, DJ_CMP_GE, 'V'},
    {"dev.activist.assessment_interval_months", 6, DJ_RULE_MONTHS, DJ_CMP_LE, 'S'},
    {"dev.training.min_days", 3, DJ_RULE_DAYS, DJ_CMP_GE, 'S'},
    {"dev.training.min_hours", 24, DJ_RULE_COUNT, DJ_CMP_GE, 'S'},
    {"dev.approval.max_months", 3, DJ_RULE_MONTHS, DJ_CMP_LE, 'S'},
    {"dev.approval.special_max_months", 6, DJ_RULE_MONTHS, DJ_CMP_LE, 'S'},
    {"dev.probation.months", 12, DJ_RULE_MONTHS, DJ_CMP_GE, 'V'},
    {"dev.probation.extension_min_months", 6, DJ_RULE_MONTHS, DJ_CMP_GE, 'V'},
    {"dev.probation.extension_max_months", 12, DJ_RULE_MONTHS, DJ_CMP_LE, 'V'},
    /* §4 */
    {"dues.band1.max_fen", 300000, DJ_RULE_FEN, DJ_CMP_LE, 'V'},
    {"dues.band1.rate_bp", 50, DJ_RULE_BP, DJ_CMP_NONE, 'V'},
    {"dues.band2.max_fen", 500000, DJ_RULE_FEN, DJ_CMP_LE, 'V'},
    {"dues.band2.rate_bp", 100, DJ_RULE_BP, DJ_CMP_NONE, 'V'},
    {"dues.band3.max_fen", 1000000, DJ_RULE_FEN, DJ_CMP_LE, 'V'},
    {"dues.band3.rate_bp", 150, DJ_RULE_BP, DJ_CMP_NONE, 'V'},
    {"dues.band4.rate_bp", 200, DJ_RULE_BP, DJ_CMP_NONE, 'V'},
    {"dues.retiree.band1.max_fen", 500000, DJ_RULE_FEN, DJ_CMP_LE, 'V'},
    {"dues.retiree.band1.rate_bp", 50, DJ_RULE_BP, DJ_CMP_NONE, 'V'},
    {"dues.retiree.band2.rate_bp", 100, DJ_RULE_BP, DJ_CMP_NONE, 'V'},
    {"dues.student.monthly_fen", 20, DJ_RULE_FEN, DJ_CMP_NONE, 'V'},
    {"dues.farmer.min_monthly_fen", 20, DJ_RULE_FEN, DJ_CMP_GE, 'V'},
    {"dues.farmer.max_monthly_fen", 100, DJ_RULE_FEN, DJ_CMP_LE, 'V'},
    {"dues.backpay.max_months", 6, DJ_RULE_MONTHS, DJ_CMP_LE, 'V'},
    {"dues.oneoff_central.min_fen", 100000, DJ_RULE_FEN, DJ_CMP_GE, 'V'},
    /* §5 */
    {"lapse.self_departure_months", 6, DJ_RULE_MONTHS, DJ_CMP_GE, 'V'},
    {"lapse.lost_contact_months", 6, DJ_RULE_MONTHS, DJ_CMP_GE, 'V'},
    {"lapse.suspension_removal_years", 2, DJ_RULE_YEARS, DJ_CMP_GE, 'V'},
    {"lapse.abroad_study_years", 5, DJ_RULE_YEARS, DJ_CMP_GT, 'V'},
    /* §6 */
    {"transfer.letter_validity_max_months", 3, DJ_RULE_MONTHS, DJ_CMP_LE, 'S'},
    {"transfer.relocation_min_months", 6, DJ_RULE_MONTHS, DJ_CMP_GE, 'V'},
    /* §9, §10 */
    {"disclosure.village.min_per_quarter", 1, DJ_RULE_COUNT, DJ_CMP_GE, 'V'},
    {"rectification.inspection_report_months", 2, DJ_RULE_MONTHS, DJ_CMP_LE, 'V'},
};

Test(ruletab, spec_numbers_tags_and_comparisons_in_force_in_2025)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(spec_rules); i++) {
        const struct expect_rule *e = &spec_rules[i];
        const struct dj_rule *r = dj_rule_find(e->id, D(2025, 1, 1));

        cr_assert_not_null(r, "missing rule %s", e->id);
        cr_expect_eq(get(e->id, D(2025, 1, 1), NULL), e->value, "%s value", e->id);
        cr_expect_eq(r->kind, e->kind, "%s kind", e->id);
        cr_expect_eq(r->cmp, e->cmp, "%s comparison", e->id);
        cr_expect_eq(r->tag, e->tag, "%s tag", e->id);
    }
}

Test(ruletab, sources_are_the_chinese_documents)
{
    const struct dj_rule *r = dj_rule_find("dues.band1.rate_bp", D(2025, 1, 1));

    cr_assert_not_null(r);
    cr_expect_not_null(strstr(r->source, "中组发〔2008〕3号"));
    cr_expect_str_eq(r->article, "第二条");
    r = dj_rule_find("org.branch.min_full_members", D(2025, 1, 1));
    cr_expect_not_null(strstr(r->source, "《中国共产党章程》"));
    cr_expect_not_null(strstr(r->source, "《中国共产党支部工作条例（试行）》"));
    cr_expect_str_eq(r->unit, "人");
}

/* ---- versioning ------------------------------------------------------- */

Test(ruletab, term_range_changed_with_the_2017_party_constitution)
{
    /* 19th Congress, 2017-10-24: 3–5 years; before: 2–4 years over all bodies */
    cr_expect_eq(get("org.term.committee_max_years", D(2017, 10, 23), NULL), 4);
    cr_expect_eq(get("org.term.committee_max_years", D(2017, 10, 24), NULL), 5);
    cr_expect_eq(get("org.term.committee_min_years", D(2017, 10, 23), NULL), 2);
    cr_expect_eq(get("org.term.committee_min_years", D(2017, 10, 24), NULL), 3);
    cr_expect_eq(get("org.term.committee_max_years", D(1990, 1, 1), NULL), 4);
    cr_expect_eq(get("org.term.committee_max_years", D(2030, 1, 1), NULL), 5);
    cr_expect_str_eq(dj_rule_find("org.term.committee_max_years", D(2017, 10, 24))->article,
                     "第三十一条");
}

Test(ruletab, no_rule_before_its_first_row)
{
    int64_t v = 7;

    /* the 2008 dues rules took effect on 2008-04-01 */
    cr_expect_eq(dj_rule_get("dues.band1.rate_bp", D(2008, 3, 31), NULL, &v), DJ_ENOTFOUND);
    cr_expect_eq(v, 7, "value untouched on error");
    cr_expect_null(dj_rule_find("dues.band1.rate_bp", D(2008, 3, 31)));
    cr_expect_eq(get("dues.band1.rate_bp", D(2008, 4, 1), NULL), 50);
    /* 党员教育管理工作条例 from 2019-05-06 */
    cr_expect_eq(dj_rule_get("lapse.lost_contact_months", D(2019, 5, 5), NULL, &v), DJ_ENOTFOUND);
    cr_expect_eq(get("lapse.lost_contact_months", D(2019, 5, 6), NULL), 6);
}

Test(ruletab, unknown_id_and_bad_date)
{
    int64_t v = 0;

    cr_expect_eq(dj_rule_get("no.such.rule", D(2025, 1, 1), NULL, &v), DJ_ENOTFOUND);
    cr_expect_eq(dj_rule_get(NULL, D(2025, 1, 1), NULL, &v), DJ_ENOTFOUND);
    cr_expect_eq(dj_rule_get("org.branch.min_full_members", D(2023, 2, 29), NULL, &v), DJ_EINVAL);
    cr_expect_eq(dj_rule_get("org.branch.min_full_members", D(0, 0, 0), NULL, &v), DJ_EINVAL);
    cr_expect_null(dj_rule_find("org.branch", D(2025, 1, 1)), "prefix of an id is not an id");
}

/* ---- overrides -------------------------------------------------------- */

#define LECTURE "life.lecture.min_per_quarter" /* L, default 1 */

Test(ruletab, deployment_override_applies_from_its_date)
{
    struct dj_rule_override ov[] = {{LECTURE, NULL, 2, {2024, 1, 1}}};
    struct dj_err err = {0};

    cr_assert_eq(dj_rules_set_overrides(ov, 1, &err), 0, "%s", err.message);
    cr_expect_eq(get(LECTURE, D(2023, 12, 31), NULL), 1);
    cr_expect_eq(get(LECTURE, D(2024, 1, 1), NULL), 2);
    cr_expect_eq(get(LECTURE, D(2024, 1, 1), "/1/7/42/"), 2, "applies to every org");
}

Test(ruletab, most_specific_org_override_wins)
{
    struct dj_rule_override ov[] = {
        {LECTURE, "/1/7/", 4, {2024, 1, 1}},
        {LECTURE, "", 2, {2024, 1, 1}},
        {LECTURE, "/1/", 3, {2024, 1, 1}},
    };
    struct dj_date on = D(2024, 6, 1);

    cr_assert_eq(dj_rules_set_overrides(ov, DJ_ARRAY_LEN(ov), NULL), 0);
    cr_expect_eq(get(LECTURE, on, "/1/7/42/"), 4);
    cr_expect_eq(get(LECTURE, on, "/1/7/"), 4);
    cr_expect_eq(get(LECTURE, on, "/1/8/"), 3);
    cr_expect_eq(get(LECTURE, on, "/1/70/"), 3, "/1/70/ is not under /1/7/");
    cr_expect_eq(get(LECTURE, on, "/1/"), 3);
    cr_expect_eq(get(LECTURE, on, "/2/"), 2);
    cr_expect_eq(get(LECTURE, on, NULL), 2);
    cr_expect_eq(get(LECTURE, D(2023, 12, 31), "/1/7/42/"), 1, "none in force yet");
}

Test(ruletab, org_override_without_deployment_override_leaves_others_at_default)
{
    struct dj_rule_override ov[] = {{"dues.arrears.warning_months", "/3/", 2, {2020, 1, 1}}};

    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    cr_expect_eq(get("dues.arrears.warning_months", D(2024, 1, 1), "/3/9/"), 2);
    cr_expect_eq(get("dues.arrears.warning_months", D(2024, 1, 1), "/4/9/"), 3);
    cr_expect_eq(get("dues.arrears.warning_months", D(2024, 1, 1), "/33/"), 3);
    cr_expect_eq(get("dues.arrears.warning_months", D(2024, 1, 1), NULL), 3);
}

Test(ruletab, later_org_override_falls_back_until_its_date)
{
    struct dj_rule_override ov[] = {
        {LECTURE, NULL, 2, {2020, 1, 1}},
        {LECTURE, "/1/", 3, {2024, 7, 1}},
        {LECTURE, "/1/", 5, {2025, 1, 1}},
    };

    cr_assert_eq(dj_rules_set_overrides(ov, DJ_ARRAY_LEN(ov), NULL), 0);
    cr_expect_eq(get(LECTURE, D(2024, 6, 30), "/1/5/"), 2);
    cr_expect_eq(get(LECTURE, D(2024, 7, 1), "/1/5/"), 3);
    cr_expect_eq(get(LECTURE, D(2024, 12, 31), "/1/5/"), 3);
    cr_expect_eq(get(LECTURE, D(2025, 1, 1), "/1/5/"), 5);
}

Test(ruletab, recalled_rules_may_be_overridden)
{
    struct dj_rule_override ov[] = {{"dues.rounding_unit_fen", NULL, 10, {2008, 4, 1}}};

    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    cr_expect_eq(get("dues.rounding_unit_fen", D(2024, 1, 1), NULL), 10);
}

Test(ruletab, verified_and_secondary_rules_cannot_be_overridden)
{
    struct dj_rule_override good[] = {{LECTURE, NULL, 2, {2024, 1, 1}}};
    struct dj_rule_override v[] = {
        {LECTURE, NULL, 3, {2024, 1, 1}},
        {"org.branch.min_full_members", NULL, 5, {2024, 1, 1}},
    };
    struct dj_rule_override s[] = {{"election.quorum_bp", "/1/", 7000, {2024, 1, 1}}};
    struct dj_err err = {0};

    cr_assert_eq(dj_rules_set_overrides(good, 1, NULL), 0);
    cr_expect_eq(dj_rules_set_overrides(v, 2, &err), DJ_EINVAL);
    cr_expect_str_eq(err.message,
                     "规则 org.branch.min_full_members 为法规明确规定（V/S），不能覆盖");
    cr_expect_str_eq(err.field, "rule_id");
    dj_err_clear(&err);
    cr_expect_eq(dj_rules_set_overrides(s, 1, &err), DJ_EINVAL);
    cr_expect_not_null(strstr(err.message, "不能覆盖"));
    /* nothing changed: the earlier set is still in force, the V rule keeps its value */
    cr_expect_eq(get(LECTURE, D(2024, 6, 1), NULL), 2);
    cr_expect_eq(get("org.branch.min_full_members", D(2024, 6, 1), NULL), 3);
    cr_expect_eq(get("election.quorum_bp", D(2024, 6, 1), "/1/2/"), 8000);
}

Test(ruletab, bad_overrides_are_rejected)
{
    static const struct {
        struct dj_rule_override ov;
        const char *field;
    } cases[] = {
        {{"no.such.rule", NULL, 1, {2024, 1, 1}}, "rule_id"},
        {{NULL, NULL, 1, {2024, 1, 1}}, "rule_id"},
        {{"", NULL, 1, {2024, 1, 1}}, "rule_id"},
        {{LECTURE, NULL, 1, {2024, 2, 30}}, "effective_from"},
        {{LECTURE, NULL, 1, {0, 0, 0}}, "effective_from"},
        {{LECTURE, NULL, -1, {2024, 1, 1}}, "value"},
        {{"dues.farmer.monthly_fen", NULL, 150, {2024, 1, 1}}, "value"},
        {{"dues.farmer.monthly_fen", NULL, 19, {2024, 1, 1}}, "value"},
        {{"dues.rounding_unit_fen", NULL, 0, {2024, 1, 1}}, "value"},
        {{"dev.publicity.required", NULL, 2, {2024, 1, 1}}, "value"},
        {{"org.weak.min_satisfaction_percent", NULL, 101, {2024, 1, 1}}, "value"},
        {{LECTURE, "1/7/", 1, {2024, 1, 1}}, "org_path"},
        {{LECTURE, "/1/7", 1, {2024, 1, 1}}, "org_path"},
        {{LECTURE, "/", 1, {2024, 1, 1}}, "org_path"},
        {{LECTURE, "//", 1, {2024, 1, 1}}, "org_path"},
        {{LECTURE, "/1//", 1, {2024, 1, 1}}, "org_path"},
        {{LECTURE, "/a/", 1, {2024, 1, 1}}, "org_path"},
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++) {
        struct dj_err err = {0};

        cr_expect_eq(dj_rules_set_overrides(&cases[i].ov, 1, &err), DJ_EINVAL, "case %zu", i);
        cr_expect_str_eq(err.field, cases[i].field, "case %zu", i);
        cr_expect_neq(err.message[0], '\0', "case %zu", i);
    }
    cr_expect_eq(get("dues.farmer.monthly_fen", D(2024, 1, 1), NULL), 20);
}

Test(ruletab, in_range_values_at_the_edges_are_accepted)
{
    struct dj_rule_override ov[] = {
        {"dues.farmer.monthly_fen", "/5/", 100, {2024, 1, 1}},
        {"dues.farmer.monthly_fen", NULL, 20, {2024, 1, 1}},
        {"dev.publicity.required", NULL, 0, {2024, 1, 1}},
    };

    cr_assert_eq(dj_rules_set_overrides(ov, DJ_ARRAY_LEN(ov), NULL), 0);
    cr_expect_eq(get("dues.farmer.monthly_fen", D(2024, 1, 1), "/5/1/"), 100);
    cr_expect_eq(get("dev.publicity.required", D(2024, 1, 1), NULL), 0);
}

Test(ruletab, duplicate_override_rejected_and_too_many)
{
    struct dj_rule_override ov[] = {
        {LECTURE, "/1/", 2, {2024, 1, 1}},
        {LECTURE, "/1/", 3, {2024, 1, 1}},
    };
    struct dj_err err = {0};

    cr_expect_eq(dj_rules_set_overrides(ov, 2, &err), DJ_EINVAL);
    cr_expect_not_null(strstr(err.message, "重复"));
    cr_expect_eq(dj_rules_set_overrides(ov, DJ_RULES_MAX_OVERRIDES + 1, NULL), DJ_ETOOBIG);
    cr_expect_eq(get(LECTURE, D(2024, 6, 1), "/1/"), 1);
}

Test(ruletab, override_strings_are_copied_and_empty_set_clears)
{
    char id[64], path[16];
    struct dj_rule_override ov = {id, path, 2, {2024, 1, 1}};

    dj_strlcpy(id, LECTURE, sizeof(id));
    dj_strlcpy(path, "/1/", sizeof(path));
    cr_assert_eq(dj_rules_set_overrides(&ov, 1, NULL), 0);
    memset(id, 'x', sizeof(id) - 1);
    memset(path, 'x', sizeof(path) - 1);
    cr_expect_eq(get(LECTURE, D(2024, 6, 1), "/1/2/"), 2);
    cr_assert_eq(dj_rules_set_overrides(NULL, 0, NULL), 0);
    cr_expect_eq(get(LECTURE, D(2024, 6, 1), "/1/2/"), 1);
}

/* Readers see the old or the new set, never a torn one. */
static atomic_bool stop_readers;
static atomic_int bad_reads;

static void *reader(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_readers)) {
        int64_t v = 0;
        if (dj_rule_get(LECTURE, D(2024, 6, 1), "/1/2/", &v) != 0 || v < 1 || v > 3)
            atomic_fetch_add(&bad_reads, 1);
    }
    return NULL;
}

Test(ruletab, readers_run_while_overrides_are_swapped)
{
    pthread_t t[4];

    for (size_t i = 0; i < DJ_ARRAY_LEN(t); i++)
        cr_assert_eq(pthread_create(&t[i], NULL, reader, NULL), 0);
    for (int i = 0; i < 200; i++) {
        struct dj_rule_override ov[] = {
            {LECTURE, NULL, 2, {2024, 1, 1}},
            {LECTURE, "/1/", 3, {2024, 1, 1}},
        };
        cr_assert_eq(dj_rules_set_overrides(ov, (size_t)(i % 3), NULL), 0);
    }
    atomic_store(&stop_readers, true);
    for (size_t i = 0; i < DJ_ARRAY_LEN(t); i++)
        pthread_join(t[i], NULL);
    cr_expect_eq(atomic_load(&bad_reads), 0);
}

/* ---- comparisons ------------------------------------------------------ */

Test(ruletab, compare_at_the_boundaries)
{
    struct dj_date on = D(2025, 1, 1);

    /* 正式党员3人以上: >= 3 */
    cr_expect_not(dj_rule_compare("org.branch.min_full_members", 2, on));
    cr_expect(dj_rule_compare("org.branch.min_full_members", 3, on));
    /* 农村 超过50人: > 50 */
    cr_expect_not(dj_rule_compare("org.general_branch.rural_min_members", 50, on));
    cr_expect(dj_rule_compare("org.general_branch.rural_min_members", 51, on));
    /* 机关 50人以上: >= 50 */
    cr_expect_not(dj_rule_compare("org.general_branch.organ_min_members", 49, on));
    cr_expect(dj_rule_compare("org.general_branch.organ_min_members", 50, on));
    /* 不足7人 no committee: 7 needs one, 6 does not */
    cr_expect_not(dj_rule_compare("org.committee.required_min_full_members", 6, on));
    cr_expect(dj_rule_compare("org.committee.required_min_full_members", 7, on));
    /* joint branch <= 5 units */
    cr_expect(dj_rule_compare("org.joint_branch.max_units", 5, on));
    cr_expect_not(dj_rule_compare("org.joint_branch.max_units", 6, on));
    /* one-off >= 1000 元 goes to the Centre */
    cr_expect_not(dj_rule_compare("dues.oneoff_central.min_fen", 99999, on));
    cr_expect(dj_rule_compare("dues.oneoff_central.min_fen", 100000, on));
    /* exactly 2 introducers */
    cr_expect(dj_rule_compare("dev.introducers.count", 2, on));
    cr_expect_not(dj_rule_compare("dev.introducers.count", 1, on));
    cr_expect_not(dj_rule_compare("dev.introducers.count", 3, on));
    /* satisfaction < 60% */
    cr_expect(dj_rule_compare("org.weak.min_satisfaction_percent", 59, on));
    cr_expect_not(dj_rule_compare("org.weak.min_satisfaction_percent", 60, on));
}

Test(ruletab, compare_false_without_rule_or_comparison)
{
    cr_expect_not(dj_rule_compare("org.term.branch_years", 3, D(2025, 1, 1)), "no comparison");
    cr_expect_not(dj_rule_compare("no.such.rule", 3, D(2025, 1, 1)));
    cr_expect_not(dj_rule_compare("dues.backpay.max_months", 1, D(2000, 1, 1)), "not yet in force");
    cr_expect_not(dj_rule_compare("org.branch.min_full_members", 3, D(2025, 2, 29)));
}

Test(ruletab, compare_uses_the_deployment_override)
{
    struct dj_rule_override ov[] = {{"dues.arrears.warning_months", NULL, 2, {2024, 1, 1}}};

    cr_expect_not(dj_rule_compare("dues.arrears.warning_months", 2, D(2024, 1, 1)));
    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    cr_expect(dj_rule_compare("dues.arrears.warning_months", 2, D(2024, 1, 1)));
    cr_expect_not(dj_rule_compare("dues.arrears.warning_months", 2, D(2023, 12, 31)));
}

Test(ruletab, ratio_boundaries_for_quorum_and_election)
{
    struct dj_date on = D(2025, 1, 1);

    /* election, 20 expected: 17 present is > 4/5, 16 is not (spec §3.4) */
    cr_expect(dj_rule_compare_ratio("election.quorum_bp", 17, 20, on));
    cr_expect_not(dj_rule_compare_ratio("election.quorum_bp", 16, 20, on));
    /* admission meeting of 11: 6 present valid, 5 not; 5 yes of 11 fails, 6 passes */
    cr_expect(dj_rule_compare_ratio("life.assembly.quorum_bp", 6, 11, on));
    cr_expect_not(dj_rule_compare_ratio("life.assembly.quorum_bp", 5, 11, on));
    cr_expect_not(dj_rule_compare_ratio("life.assembly.pass_bp", 5, 11, on));
    cr_expect(dj_rule_compare_ratio("life.assembly.pass_bp", 6, 11, on));
    /* elected: exactly half of those present is not enough */
    cr_expect_not(dj_rule_compare_ratio("election.elected_bp", 10, 20, on));
    cr_expect(dj_rule_compare_ratio("election.elected_bp", 11, 20, on));
    /* committee meeting: 半数以上 includes exactly half */
    cr_expect(dj_rule_compare_ratio("life.committee_meeting.quorum_bp", 3, 6, on));
    cr_expect_not(dj_rule_compare_ratio("life.committee_meeting.quorum_bp", 2, 5, on));
    /* candidates: extra / seats >= 20% (5 seats -> 6, 3 -> 4; 10 -> 11 is short) */
    cr_expect(dj_rule_compare_ratio("election.candidate_excess_bp", 1, 5, on));
    cr_expect(dj_rule_compare_ratio("election.candidate_excess_bp", 1, 3, on));
    cr_expect_not(dj_rule_compare_ratio("election.candidate_excess_bp", 1, 10, on));
    /* percent rule */
    cr_expect(dj_rule_compare_ratio("org.weak.min_satisfaction_percent", 59, 100, on));
    cr_expect_not(dj_rule_compare_ratio("org.weak.min_satisfaction_percent", 3, 5, on));
}

Test(ruletab, ratio_rejects_bad_input_and_other_kinds)
{
    struct dj_date on = D(2025, 1, 1);

    cr_expect_not(dj_rule_compare_ratio("election.quorum_bp", 1, 0, on));
    cr_expect_not(dj_rule_compare_ratio("election.quorum_bp", 1, -5, on));
    cr_expect_not(dj_rule_compare_ratio("election.quorum_bp", -1, 5, on));
    cr_expect_not(dj_rule_compare_ratio("election.quorum_bp", INT64_MAX, INT64_MAX, on));
    cr_expect_not(dj_rule_compare_ratio("org.branch.min_full_members", 3, 1, on));
    cr_expect_not(dj_rule_compare_ratio("no.such.rule", 1, 1, on));
}

/* ---- deadlines and spans ---------------------------------------------- */

static struct dj_date deadline(const char *id, struct dj_date from)
{
    struct dj_date out;
    int rc = dj_rule_deadline_months(id, from, &out);

    cr_assert_eq(rc, 0, "deadline %s: %d", id, rc);
    return out;
}

static void expect_date(struct dj_date got, int y, int m, int d)
{
    cr_expect(got.y == y && got.m == m && got.d == d, "got %04d-%02d-%02d, want %04d-%02d-%02d",
              got.y, got.m, got.d, y, m, d);
}

Test(ruletab, deadline_months_clamps_to_month_end)
{
    expect_date(deadline("dev.application.talk_within_months", D(2024, 1, 31)), 2024, 2, 29);
    expect_date(deadline("dev.application.talk_within_months", D(2023, 1, 31)), 2023, 2, 28);
    expect_date(deadline("dev.activist.min_months", D(2024, 3, 31)), 2025, 3, 31);
    expect_date(deadline("dev.activist.min_months", D(2024, 2, 29)), 2025, 2, 28);
    expect_date(deadline("dev.approval.max_months", D(2024, 11, 30)), 2025, 2, 28);
    /* a years rule counts 12 months a year */
    expect_date(deadline("org.term.max_adjust_years", D(2024, 2, 29)), 2025, 2, 28);
}

Test(ruletab, deadline_errors)
{
    struct dj_date out = D(2000, 1, 1);

    cr_expect_eq(dj_rule_deadline_months("org.branch.min_full_members", D(2024, 1, 1), &out),
                 DJ_EINVAL, "a count is not a duration");
    cr_expect_not(dj_date_isset(out));
    cr_expect_eq(dj_rule_deadline_months("dev.training.min_days", D(2024, 1, 1), &out), DJ_EINVAL,
                 "days are not months");
    cr_expect_eq(dj_rule_deadline_months("no.such.rule", D(2024, 1, 1), &out), DJ_ENOTFOUND);
    cr_expect_eq(dj_rule_deadline_months("lapse.lost_contact_months", D(2019, 5, 5), &out),
                 DJ_ENOTFOUND);
    cr_expect_eq(dj_rule_deadline_months("dev.activist.min_months", D(2024, 2, 30), &out),
                 DJ_EINVAL);
    cr_expect_eq(dj_rule_deadline_months("dev.activist.min_months", D(9999, 6, 1), &out), DJ_EINVAL,
                 "beyond 9999");
}

static bool span(const char *id, struct dj_date from, struct dj_date to)
{
    bool ok = true;
    int rc = dj_rule_compare_span(id, from, to, &ok);

    cr_assert_eq(rc, 0, "span %s: %d", id, rc);
    return ok;
}

Test(ruletab, spans_at_the_day_boundaries)
{
    /* 积极分子 >= 12 months (spec §3.4 fixtures) */
    cr_expect_not(span("dev.activist.min_months", D(2024, 3, 31), D(2025, 3, 30)));
    cr_expect(span("dev.activist.min_months", D(2024, 3, 31), D(2025, 3, 31)));
    cr_expect_not(span("dev.activist.min_months", D(2024, 2, 29), D(2025, 2, 27)));
    cr_expect(span("dev.activist.min_months", D(2024, 2, 29), D(2025, 2, 28)));
    /* talk within 1 month: <= */
    cr_expect(span("dev.application.talk_within_months", D(2024, 1, 31), D(2024, 2, 29)));
    cr_expect_not(span("dev.application.talk_within_months", D(2024, 1, 31), D(2024, 3, 1)));
    /* abroad more than 5 years: > */
    cr_expect_not(span("lapse.abroad_study_years", D(2020, 1, 1), D(2025, 1, 1)));
    cr_expect(span("lapse.abroad_study_years", D(2020, 1, 1), D(2025, 1, 2)));
    /* age 18 on the birthday; a 02-29 birthday is reached on 02-28 */
    cr_expect_not(span("dev.applicant.min_age_years", D(2006, 5, 10), D(2024, 5, 9)));
    cr_expect(span("dev.applicant.min_age_years", D(2006, 5, 10), D(2024, 5, 10)));
    cr_expect(span("dev.applicant.min_age_years", D(2004, 2, 29), D(2022, 2, 28)));
    /* training >= 3 days, counted as from + 3 days */
    cr_expect(span("dev.training.min_days", D(2024, 1, 1), D(2024, 1, 4)));
    cr_expect_not(span("dev.training.min_days", D(2024, 1, 1), D(2024, 1, 3)));
}

Test(ruletab, span_errors)
{
    bool ok = true;

    cr_expect_eq(dj_rule_compare_span("org.term.branch_years", D(2024, 1, 1), D(2027, 1, 1), &ok),
                 DJ_EINVAL, "no comparison");
    cr_expect_not(ok);
    cr_expect_eq(
        dj_rule_compare_span("org.branch.min_full_members", D(2024, 1, 1), D(2027, 1, 1), &ok),
        DJ_EINVAL, "not a duration");
    cr_expect_eq(
        dj_rule_compare_span("dev.publicity.min_workdays", D(2024, 1, 1), D(2027, 1, 1), &ok),
        DJ_EINVAL, "working days need the holiday calendar");
    cr_expect_eq(dj_rule_compare_span("no.such.rule", D(2024, 1, 1), D(2027, 1, 1), &ok),
                 DJ_ENOTFOUND);
    cr_expect_eq(dj_rule_compare_span("dev.activist.min_months", D(2024, 1, 1), D(0, 0, 0), &ok),
                 DJ_EINVAL);
}

/* ---- JSON ------------------------------------------------------------- */

static json_t *find_json(json_t *arr, const char *id)
{
    size_t i;
    json_t *o;

    json_array_foreach(arr, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
            return o;
    }
    return NULL;
}

Test(ruletab, json_lists_rules_in_force_with_sources)
{
    json_t *arr = dj_rules_json(D(2025, 1, 1));
    json_t *o, *prev = NULL;
    size_t i;

    cr_assert(json_is_array(arr));
    cr_expect_gt(json_array_size(arr), 90);
    json_array_foreach(arr, i, o)
    {
        static const char *const keys[] = {
            "id",      "value",       "default_value", "overridden",  "kind",
            "unit",    "comparison",  "tag",           "overridable", "source",
            "article", "description", "effective_from"};
        for (size_t k = 0; k < DJ_ARRAY_LEN(keys); k++)
            cr_expect_not_null(json_object_get(o, keys[k]), "row %zu lacks %s", i, keys[k]);
        if (prev)
            cr_expect_lt(strcmp(json_string_value(json_object_get(prev, "id")),
                                json_string_value(json_object_get(o, "id"))),
                         0, "ids sorted and unique");
        prev = o;
    }
    o = find_json(arr, "org.term.committee_max_years");
    cr_assert_not_null(o);
    cr_expect_eq(json_integer_value(json_object_get(o, "value")), 5);
    cr_expect_str_eq(json_string_value(json_object_get(o, "effective_from")), "2017-10-24");
    cr_expect_str_eq(json_string_value(json_object_get(o, "comparison")), "<=");
    cr_expect_str_eq(json_string_value(json_object_get(o, "kind")), "years");
    cr_expect_str_eq(json_string_value(json_object_get(o, "tag")), "V");
    cr_expect(json_is_false(json_object_get(o, "overridable")));
    o = find_json(arr, "org.branch.min_full_members");
    cr_assert_not_null(o);
    cr_expect(json_is_null(json_object_get(o, "effective_from")));
    cr_expect_str_eq(json_string_value(json_object_get(o, "unit")), "人");
    json_decref(arr);
}

Test(ruletab, json_by_date_and_with_deployment_override)
{
    struct dj_rule_override ov[] = {
        {LECTURE, NULL, 2, {2024, 1, 1}},
        {LECTURE, "/1/", 3, {2024, 1, 1}},
    };
    json_t *arr, *o;

    arr = dj_rules_json(D(2008, 3, 31));
    cr_expect_null(find_json(arr, "dues.band1.rate_bp"), "dues rules not yet in force");
    o = find_json(arr, "org.term.committee_max_years");
    cr_expect_eq(json_integer_value(json_object_get(o, "value")), 4);
    json_decref(arr);

    cr_assert_eq(dj_rules_set_overrides(ov, 2, NULL), 0);
    arr = dj_rules_json(D(2024, 6, 1));
    o = find_json(arr, LECTURE);
    cr_assert_not_null(o);
    cr_expect_eq(json_integer_value(json_object_get(o, "value")), 2, "deployment-wide only");
    cr_expect_eq(json_integer_value(json_object_get(o, "default_value")), 1);
    cr_expect(json_is_true(json_object_get(o, "overridden")));
    cr_expect(json_is_true(json_object_get(o, "overridable")));
    json_decref(arr);

    arr = dj_rules_json(D(2024, 2, 30));
    cr_expect_eq(json_array_size(arr), 0, "invalid date: empty list");
    json_decref(arr);
}
