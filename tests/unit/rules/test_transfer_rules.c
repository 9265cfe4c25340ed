/*
 * test_transfer_rules.c - the transfer, 流动 and 失联 rules to the day: the
 * letter's validity with month-end arithmetic and a local override, expiry
 * on the last valid day, 党费交至 against the letter's month, the 转正
 * postponement bound, the 6-month boundaries of 失联排查 and 自行脱党, and
 * every state transition of the three kinds.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "rules/ruletab.h"
#include "rules/transfer_rules.h"

static struct dj_date D(int y, int m, int d) {
    struct dj_date r = {y, m, d};
    return r;
}

static const struct dj_date NONE = {0, 0, 0};

static void assert_date(struct dj_date got, struct dj_date want)
{
    cr_assert(got.y == want.y && got.m == want.m && got.d == want.d,
              "got %04d-%02d-%02d, want %04d-%02d-%02d", got.y, got.m, got.d, want.y, want.m,
              want.d);
}

static void clear_overrides(void)
{
    dj_rules_set_overrides(NULL, 0, NULL);
}

TestSuite(transfer_rules, .fini = clear_overrides);

Test(transfer_rules, validity_three_calendar_months_clamped_to_month_end)
{
    struct dj_date out;
    struct dj_err err = {0};

    cr_assert_eq(dj_transfer_rule_validity(D(2026, 11, 23), NULL, NONE, &out, &err), 0);
    assert_date(out, D(2027, 2, 23));
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 11, 30), NULL, NONE, &out, &err), 0);
    assert_date(out, D(2027, 2, 28));
    cr_assert_eq(dj_transfer_rule_validity(D(2027, 11, 30), NULL, NONE, &out, &err), 0);
    assert_date(out, D(2028, 2, 29)); /* leap year */
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 5, 31), NULL, NONE, &out, &err), 0);
    assert_date(out, D(2026, 8, 31));
}

Test(transfer_rules, validity_given_must_not_exceed_the_default)
{
    struct dj_date out;
    struct dj_err err = {0};

    cr_assert_eq(dj_transfer_rule_validity(D(2026, 11, 30), NULL, D(2027, 2, 28), &out, &err), 0);
    assert_date(out, D(2027, 2, 28));
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 11, 30), NULL, D(2027, 3, 1), &out, &err),
                 DJ_EINVAL);
    cr_assert_str_eq(err.field, "valid_until");
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 11, 30), NULL, D(2026, 11, 29), &out, &err),
                 DJ_EINVAL);
    /* same-day validity (a 10-day local letter is shorter still: allowed) */
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 11, 30), NULL, D(2026, 12, 10), &out, &err), 0);
    assert_date(out, D(2026, 12, 10));
}

Test(transfer_rules, validity_follows_a_local_override)
{
    struct dj_rule_override ov[] = {
        {"transfer.letter_validity_months", "/1/2/", 1, {2020, 1, 1}},
    };
    struct dj_date out;
    struct dj_err err = {0};

    cr_assert_eq(dj_rules_set_overrides(ov, 1, &err), 0, "%s", err.message);
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 1, 31), "/1/2/4/", NONE, &out, &err), 0);
    assert_date(out, D(2026, 2, 28));
    cr_assert_eq(dj_transfer_rule_validity(D(2026, 1, 31), "/1/3/", NONE, &out, &err), 0);
    assert_date(out, D(2026, 4, 30));
}

Test(transfer_rules, expired_only_after_the_last_valid_day)
{
    cr_assert_not(dj_transfer_rule_expired(D(2027, 2, 28), D(2027, 2, 28)));
    cr_assert(dj_transfer_rule_expired(D(2027, 2, 28), D(2027, 3, 1)));
    cr_assert_not(dj_transfer_rule_expired(NONE, D(2027, 3, 1)));
}

Test(transfer_rules, dues_month_not_after_the_letter_month)
{
    struct dj_err err = {0};
    int y, m;

    cr_assert_eq(dj_transfer_rule_dues_month("2026-11", D(2026, 11, 1), &y, &m, &err), 0);
    cr_assert(y == 2026 && m == 11);
    cr_assert_eq(dj_transfer_rule_dues_month("2025-12", D(2026, 1, 31), &y, &m, &err), 0);
    cr_assert_eq(dj_transfer_rule_dues_month("2026-12", D(2026, 11, 30), &y, &m, &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "dues_paid_to");
    cr_assert_eq(dj_transfer_rule_dues_month("2027-01", D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_rule_dues_month("2026-13", D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_rule_dues_month("2026-1", D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_rule_dues_month("2026/11", D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_rule_dues_month("", D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_rule_dues_month(NULL, D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
    cr_assert_eq(dj_transfer_rule_dues_month("1920-12", D(2026, 12, 31), &y, &m, &err), DJ_EINVAL);
}

Test(transfer_rules, postpone_one_to_six_months)
{
    struct dj_err err = {0};

    cr_assert_eq(dj_transfer_rule_postpone(1, D(2026, 11, 23), &err), 0);
    cr_assert_eq(dj_transfer_rule_postpone(6, D(2026, 11, 23), &err), 0);
    cr_assert_eq(dj_transfer_rule_postpone(7, D(2026, 11, 23), &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "months");
    cr_assert_eq(dj_transfer_rule_postpone(0, D(2026, 11, 23), &err), DJ_EINVAL);
}

Test(transfer_rules, inactive_six_months_inclusive)
{
    struct dj_date from;
    bool flag;

    cr_assert_eq(dj_lapse_rule_inactive(D(2026, 5, 23), D(2026, 11, 23), NULL, &from, &flag), 0);
    cr_assert(flag);
    assert_date(from, D(2026, 11, 23));
    cr_assert_eq(dj_lapse_rule_inactive(D(2026, 5, 24), D(2026, 11, 23), NULL, &from, &flag), 0);
    cr_assert_not(flag);
    /* month end: 08-31 + 6 months = 02-28 */
    cr_assert_eq(dj_lapse_rule_inactive(D(2026, 8, 31), D(2027, 2, 27), NULL, &from, &flag), 0);
    cr_assert_not(flag);
    cr_assert_eq(dj_lapse_rule_inactive(D(2026, 8, 31), D(2027, 2, 28), NULL, &from, &flag), 0);
    cr_assert(flag);
}

Test(transfer_rules, inactive_months_is_a_local_rule)
{
    struct dj_rule_override ov[] = {
        {"lapse.audit_inactive_months", "/1/3/", 3, {2020, 1, 1}},
    };
    struct dj_date from;
    bool flag;

    cr_assert_eq(dj_rules_set_overrides(ov, 1, NULL), 0);
    cr_assert_eq(dj_lapse_rule_inactive(D(2026, 8, 23), D(2026, 11, 23), "/1/3/5/", &from, &flag),
                 0);
    cr_assert(flag);
    cr_assert_eq(dj_lapse_rule_inactive(D(2026, 8, 23), D(2026, 11, 23), "/1/2/4/", &from, &flag),
                 0);
    cr_assert_not(flag);
}

Test(transfer_rules, self_departure_six_consecutive_months)
{
    struct dj_date from;
    bool flag;

    cr_assert_eq(dj_lapse_rule_self_departure(D(2026, 5, 23), D(2026, 11, 23), &from, &flag), 0);
    cr_assert(flag);
    cr_assert_eq(dj_lapse_rule_self_departure(D(2026, 5, 24), D(2026, 11, 23), &from, &flag), 0);
    cr_assert_not(flag);
    assert_date(from, D(2026, 11, 24));
}

static const char *step(const char *kind, const char *state, enum dj_transfer_action a)
{
    const char *next = NULL;
    struct dj_err err = {0};
    if (dj_transfer_rule_step(kind, state, a, &next, &err)) {
        cr_assert_eq(err.code, DJ_ECONFLICT);
        cr_assert_str_eq(err.field, "state");
        return "-";
    }
    return next;
}

Test(transfer_rules, every_transition)
{
    static const char *const states[] = {"requested", "approved", "issued",    "received",
                                         "completed", "returned", "cancelled", "expired"};
    /* expected next state per kind, state and action (approve, issue, receive, receipt,
     * return, cancel, expire); "-" = refused */
    static const char *const internal[8][7] = {
        {"approved", "-", "-", "-", "returned", "cancelled", "-"},
        {"-", "issued", "-", "-", "returned", "cancelled", "-"},
        {"-", "-", "received", "-", "returned", "cancelled", "expired"},
        {"-", "-", "-", "completed", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
    };
    static const char *const out[8][7] = {
        {"approved", "-", "-", "-", "returned", "cancelled", "-"},
        {"-", "issued", "-", "-", "returned", "cancelled", "-"},
        {"-", "-", "-", "completed", "-", "cancelled", "expired"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
    };
    static const char *const in[8][7] = {
        {"-", "-", "-", "-", "-", "cancelled", "-"},
        {"-", "-", "-", "-", "-", "cancelled", "-"},
        {"-", "-", "received", "-", "returned", "cancelled", "expired"},
        {"-", "-", "-", "completed", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
        {"-", "-", "-", "-", "-", "-", "-"},
    };
    for (int s = 0; s < 8; s++)
        for (int a = 0; a < 7; a++) {
            cr_assert_str_eq(step("internal", states[s], (enum dj_transfer_action)a),
                             internal[s][a], "internal %s %d", states[s], a);
            cr_assert_str_eq(step("out", states[s], (enum dj_transfer_action)a), out[s][a],
                             "out %s %d", states[s], a);
            cr_assert_str_eq(step("in", states[s], (enum dj_transfer_action)a), in[s][a],
                             "in %s %d", states[s], a);
        }
}

Test(transfer_rules, action_names_round_trip)
{
    for (int a = 0; a <= DJ_TA_EXPIRE; a++)
        cr_assert_eq(dj_transfer_action_parse(dj_transfer_action_name((enum dj_transfer_action)a)),
                     a);
    cr_assert_eq(dj_transfer_action_parse("approve "), -1);
    cr_assert_eq(dj_transfer_action_parse(NULL), -1);
    cr_assert_str_eq(dj_transfer_category_label("cross_province"), "跨省（系统）转接");
}
