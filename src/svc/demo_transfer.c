/*
 * demo_transfer.c - demo transfers, 流动党员 and 失联 records for the district
 * demo (docs/demo.md): run after the organisations and members are loaded,
 * through the same svc calls as the API, so every row has its audit row.
 * Deterministic: the members are the first on the roll of the demo branch
 * (幸福社区第一网格党支部), dates count back from the demo's "today".
 *
 *   completed   internal transfer to the first branch outside 城东街道 (moved)
 *   pocket      internal transfer, letter issued 125 days ago, never received
 *   requested   internal transfer waiting for the 社区党委's approval
 *   issued      cross-province transfer out (the target recorded by name)
 *   two 流动党员 (one to a branch of the district, one outside), one 年审
 *   a contact log entry; one member not heard of for 8 months (on the 失联
 *   worklist, one search recorded); one 自行脱党 ground of 7 months
 */
#include "base/compat.h"

#include "store/transfer.h"
#include "svc/demo_int.h"
#include "svc/lapse.h"
#include "svc/transfer.h"

static struct dj_date back(struct dj_date t, int days)
{
    return dj_date_add_days(t, -days);
}

static int step(struct dj_db *db, const struct dj_actor *a, int64_t id,
                enum dj_transfer_action action, struct dj_date on, const char *dues,
                struct dj_arena *arena, struct dj_err *err)
{
    struct dj_transfer_step s = {.action = action, .on = on, .dues_paid_to = dues};
    struct dj_transfer t;
    return dj_transfer_act(db, a, id, &s, arena, &t, err);
}

static int request(struct dj_db *db, const struct dj_actor *a, int64_t member, int64_t to,
                   const char *to_name, struct dj_date on, struct dj_arena *arena, int64_t *id,
                   struct dj_err *err)
{
    struct dj_transfer_new in = {.kind = to ? "internal" : "out",
                                 .category = to ? "in_province" : "cross_province",
                                 .member_id = member,
                                 .to_org_id = to,
                                 .to_name = to_name,
                                 .reason = to ? "工作调动" : "随配偶迁居外省",
                                 .requested_on = on};
    struct dj_transfer t;
    int rc = dj_transfer_create(db, a, &in, arena, &t, err);
    *id = t.id;
    return rc;
}

int dj_demo_transfers(struct dj_db *db, const struct dj_actor *a, struct dj_date today,
                      int64_t branch_id, int64_t except_member, struct dj_err *err)
{
    struct dj_arena *arena = dj_arena_new();
    struct dj_xorg branch;
    int64_t m[9], target = 0, id = 0, nid;
    int n = 0, rc;
    struct dj_date t = today;

    if ((rc = dj_store_xorg(db, branch_id, &branch, err)) ||
        (rc = dj_store_transfer_demo_members(db, branch_id, except_member, m, 9, &n, err)))
        goto out;
    if (n < 9)
        goto out; /* a branch too small for the demo records: leave them out */
    {
        /* the street (城东街道党工委) is the first two path segments below the root */
        char street[DJ_PATH_MAX];
        const char *p = branch.path;
        int slashes = 0;
        size_t i = 0;
        for (; p[i] && slashes < 3; i++)
            if (p[i] == '/')
                slashes++;
        dj_strlcpy(street, p, i + 1 < sizeof(street) ? i + 1 : sizeof(street));
        if ((rc = dj_store_transfer_demo_target(db, street, &target, err)))
            goto out;
    }
    if (!target)
        goto out;

    /* completed */
    if ((rc = request(db, a, m[0], target, NULL, back(t, 60), arena, &id, err)) ||
        (rc = step(db, a, id, DJ_TA_APPROVE, back(t, 58), NULL, arena, err)) ||
        (rc =
             step(db, a, id, DJ_TA_ISSUE, back(t, 57), NULL, arena, err)) ||
        (rc = step(db, a, id, DJ_TA_RECEIVE, back(t, 50), NULL, arena, err)) ||
        (rc = step(db, a, id, DJ_TA_RECEIPT, back(t, 45), NULL, arena, err)))
        goto out;
    /* 口袋党员: issued, never received, past its validity */
    if ((rc = request(db, a, m[1], target, NULL, back(t, 130), arena, &id, err)) ||
        (rc = step(db, a, id, DJ_TA_APPROVE, back(t, 128), NULL, arena, err)) ||
        (rc =
             step(db, a, id, DJ_TA_ISSUE, back(t, 125), NULL, arena, err)))
        goto out;
    /* waiting for approval */
    if ((rc = request(db, a, m[2], target, NULL, back(t, 3), arena, &id, err)))
        goto out;
    /* across provinces */
    if ((rc = request(db, a, m[3], 0, "中共山东省济南市历下区委员会组织部", back(t, 20), arena, &id,
                      err)) ||
        (rc = step(db, a, id, DJ_TA_APPROVE, back(t, 19), NULL, arena, err)) ||
        (rc = step(db, a, id, DJ_TA_ISSUE, back(t, 18), NULL, arena, err)))
        goto out;

    /* 流动党员 */
    {
        struct dj_flow_new f1 = {.side = "out",
                                 .member_id = m[4],
                                 .host_name = "中共深圳市宝安区新安街道工作委员会",
                                 .reason = "外出务工",
                                 .destination = "广东省深圳市宝安区某电子厂",
                                 .card_no = "晋流2025第0001号",
                                 .left_on = back(t, 400)};
        struct dj_flow_new f2 = {.side = "out",
                                 .member_id = m[5],
                                 .host_org_id = target,
                                 .reason = "外出经商",
                                 .destination = "本区城西",
                                 .card_no = "晋流2026第0002号",
                                 .left_on = back(t, 90)};
        struct dj_flow f;
        struct dj_date rv = back(t, 10);
        if ((rc = dj_flow_create(db, a, &f1, arena, &f, err)) ||
            (rc = dj_flow_review(db, a, f.id, rv.y, rv, "passed", "按时报告思想工作情况", err)) ||
            (rc = dj_flow_create(db, a, &f2, arena, &f, err)))
            goto out;
    }

    /* contact log, 失联 worklist, 自行脱党 ground */
    if ((rc = dj_lapse_contact(db, a, m[6], back(t, 30), "电话", "身体健康，按时交纳党费", &nid,
                               err)) ||
        (rc = dj_store_transfer_demo_backdate(db, m[7], back(t, 400), err)) ||
        (rc = dj_lapse_contact(db, a, m[7], back(t, 245), "走访", "已搬离原住址", &nid, err)) ||
        (rc = dj_lapse_search(db, a, m[7], back(t, 5), "联系家属", "家属称半年未联系，已登记",
                              false, &nid, err)) ||
        (rc = dj_lapse_ground(db, a, m[8], "life", back(t, 215), false,
                              "连续未参加主题党日和党员大会", &nid, err)))
        goto out;
out:
    dj_arena_free(arena);
    return rc;
}
