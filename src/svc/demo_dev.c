/*
 * demo_dev.c - 发展党员 demo data: in a few branches of the generated
 * district, applicants at every stage (入党申请人, 积极分子, 发展对象 awaiting
 * the 党工委's approval in the review inbox, 预备党员, 正式党员), each walked
 * through the real svc/dev.c steps so every guard holds. Deterministic for a
 * seed and "today". ID numbers use a real 山西 county code, an invented
 * birth date and the sequence numbers 999 / 000 that the member generator
 * never uses (demo_people.c takes 1..998), so they cannot collide with a
 * member; phones are 198/199 numbers.
 */
#include "base/compat.h"

#include "base/idcard.h"
#include "base/log.h"
#include "svc/demo_int.h"
#include "svc/dev.h"
#include "svc/svc.h"

/* One step of the standard calendar, relative to the 积极分子 date A. */
struct plan_step {
    const char *kind;
    int months, days;
};

static const struct plan_step plan[] = {
    {"talk", -7, 10},
    {"activist", 0, 0},
    {"activist_filing", 0, 5},
    {"contacts", 0, 5},
    {"assessment", 6, -5},
    {"assessment", 12, -5},
    {"candidate", 12, 0},
    {"candidate_filing", 12, 5},
    {"introducers", 13, 0},
    {"political_review", 14, 0},
    {"training", 14, 10},
    {"committee_review", 15, 0},
    {"prereview", 15, 10},
    {"form", 15, 15},
    {"admission_vote", 16, 0},
    {"upper_talk", 16, 10},
    {"approval", 17, 0},
    {"approval_filing", 17, 5},
    {"assign_group", 17, 5},
    {"oath", 17, 5},
    {"probation_review", 22, 0},
    {"conversion_application", 28, -5},
    {"conversion_vote", 28, 0},
    {"conversion_approval", 29, 0},
    {"archive", 29, 5},
};

/* Where each demo applicant stops: the A offset (months before today) and the last plan index. */
static const struct {
    int a_months, a_days; /* A = today - months - days */
    const char *stop;     /* first plan step not recorded (NULL = all up to today) */
    bool submit;          /* submit the stop step for review */
} shapes[] = {
    {-1, 0, NULL, false},       /* 入党申请人: applied 20 days ago, talk due */
    {8, 0, "candidate", false}, /* 积极分子 */
    {16, 15, "approval", true}, /* 发展对象 admitted by the branch, approval in the inbox */
    {20, 0, "conversion_application", false}, /* 预备党员 */
    {34, 0, NULL, false},                     /* 正式党员 */
};

static struct dj_date earlier(struct dj_date a, struct dj_date b)
{
    return dj_date_cmp(a, b) <= 0 ? a : b;
}

/* Two 正式党员 of the branch on the roll, for 培养联系人 and 介绍人. */
static int pick_people(struct dj_db *db, const struct dj_demo_node *n, struct dj_arena *arena,
                       int64_t out[2])
{
    int found = 0;

    for (int k = 0; k < n->size && found < 2; k++) {
        struct dj_dev_member m;
        if (dj_store_dev_member(db, n->first_member + k, arena, &m, NULL))
            continue;
        if (m.category && !strcmp(m.category, "full") && m.status && !strcmp(m.status, "normal") &&
            !dj_date_isset(m.party_probation_until))
            out[found++] = m.id;
    }
    return found;
}

static int add_one(struct dj_db *db, const struct dj_actor *actor, const struct dj_demo_node *n,
                   struct dj_demo_rng *r, struct dj_date t, int shape, int serial,
                   const int64_t people[2], struct dj_arena *arena, int64_t *members,
                   struct dj_err *err)
{
    struct dj_dev_applicant in, out;
    struct dj_date a, applied;
    char name[32], phone[12], first17[24], id[19];
    int gender = dj_demo_below(r, 2) + 1, rc;

    a = dj_date_add_days(dj_date_add_months(t, -shapes[shape].a_months), -shapes[shape].a_days);
    applied = shape == 0 ? dj_date_add_days(t, -20) : dj_date_add_months(a, -7);
    {
        /* a distinct birth day per applicant, 25 to 28 years before today */
        struct dj_date birth = dj_date_add_days(dj_date_add_years(t, -25), -serial * 53 - 1);
        snprintf(first17, sizeof(first17), "%s%04d%02d%02d%s", dj_demo_regions[n->region].code,
                 birth.y, birth.m, birth.d, gender == 1 ? "999" : "000");
        memcpy(id, first17, 17);
        id[17] = dj_idcard_check_char(first17);
        id[18] = '\0';
    }
    dj_demo_random_name(r, 2, gender, name, sizeof(name));
    dj_demo_random_phone(r, phone);
    memset(&in, 0, sizeof(in));
    in.org_id = n->id;
    in.name = name;
    in.id_number = id;
    in.phone = phone;
    in.education = dj_demo_chance(r, 600) ? "21" : "31";
    in.applied_on = applied;
    if ((rc = dj_dev_create(db, actor, &in, arena, &out, err)))
        return rc;
    for (size_t i = 0; i < DJ_ARRAY_LEN(plan); i++) {
        struct dj_dev_step_in s;
        struct dj_dev_applicant after;
        struct dj_date on = dj_date_add_days(dj_date_add_months(a, plan[i].months), plan[i].days);
        bool stop = shapes[shape].stop && !strcmp(plan[i].kind, shapes[shape].stop);

        if (shape == 0 || (!stop && dj_date_cmp(on, t) > 0))
            break;
        memset(&s, 0, sizeof(s));
        s.kind = plan[i].kind;
        s.on = earlier(on, t);
        s.meeting = "支部委员会会议";
        if (stop) {
            int64_t rid;
            if (shapes[shape].submit && dj_dev_submit(db, actor, out.id, &s, &rid, err)) {
                dj_log(DJ_LOG_WARN, "demo review not submitted", "applicant=%lld why=%s",
                       (long long)out.id, err->message);
                dj_err_clear(err);
            } /* no 基层党委 with 审批权限 above: leave it */
            break;
        }
        if (!strcmp(s.kind, "contacts")) {
            s.people[0] = people[0];
            s.npeople = 1;
        } else if (!strcmp(s.kind, "introducers")) {
            s.people[0] = people[0];
            s.people[1] = people[1];
            s.npeople = 2;
        } else if (!strcmp(s.kind, "political_review")) {
            s.conclusion = "passed";
        } else if (!strcmp(s.kind, "training")) {
            s.days = 3;
            s.hours = 24;
        } else if (!strcmp(s.kind, "admission_vote") || !strcmp(s.kind, "conversion_vote")) {
            s.meeting = "支部党员大会";
            s.vote = (struct dj_dev_vote){11, 9, 9, 0, 0, 1, 0};
            s.outcome = "convert";
        } else if (!strcmp(s.kind, "prereview") || !strcmp(s.kind, "approval") ||
                   !strcmp(s.kind, "conversion_approval")) {
            s.meeting = "基层党委会议";
        }
        if (dj_dev_step(db, actor, out.id, &s, arena, &after, NULL, err)) {
            dj_log(DJ_LOG_WARN, "demo applicant stopped", "applicant=%lld step=%s why=%s",
                   (long long)out.id, s.kind, err->message);
            dj_err_clear(err); /* e.g. no approving 党委 above this branch: stop here */
            break;
        }
        if (!strcmp(s.kind, "approval"))
            (*members)++;
    }
    return 0;
}

int dj_demo_dev(struct dj_db *db, const struct dj_actor *actor, const struct dj_demo_tree *t,
                uint64_t seed, struct dj_date today, struct dj_demo_result *res, struct dj_err *err)
{
    const struct dj_svc_env *env = dj_svc();
    struct dj_date anchor =
        earlier(today, dj_date_today(env && env->cfg ? env->cfg->utc_offset_minutes : 480));
    struct dj_arena *arena = dj_arena_new();
    struct dj_demo_rng r;
    int branches = 0, serial = 0, rc = 0;
    int64_t members = 0;

    dj_demo_rng_seed(&r, seed, 7);
    for (int32_t i = 0; i < t->n && branches < 4 && !rc; i++) {
        /* the featured branch first, then every 17th branch that is large enough */
        int32_t k = i == 0 && t->branch >= 0 ? t->branch : i;
        const struct dj_demo_node *n = &t->v[k];
        int64_t people[2];

        if (k < 0 || n->id <= 0 || n->size < 8 || (k != t->branch && n->size > 46) ||
            (k != t->branch && n->problem != DJ_DEMO_PB_NONE) ||
            (strcmp(n->kind, "branch") && strcmp(n->kind, "grid_branch")) ||
            (i != 0 && (k == t->branch || i % 17)))
            continue;
        if (pick_people(db, n, arena, people) < 2)
            continue;
        branches++;
        /* a full branch (50 members) gets no new member records: the first three stages only */
        for (int s = 0; s < (n->size > 46 ? 3 : (int)DJ_ARRAY_LEN(shapes)) && !rc; s++)
            rc = add_one(db, actor, n, &r, anchor, s, serial++, people, arena, &members, err);
    }
    if (!rc)
        res->members += members;
    else
        dj_log(DJ_LOG_WARN, "demo applicants failed", "branches=%d why=%s", branches, err->message);
    dj_arena_free(arena);
    return rc;
}
