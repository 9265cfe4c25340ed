/*
 * test_demo.c - the demo district generator (svc/demo_gen.c): sizes, every
 * ID number opens and is valid and unique, the member date rules, the shape
 * of the tree, the deliberate problems, determinism, and refusal to touch a
 * database that is not empty.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "base/config.h"
#include "base/idcard.h"
#include "model/records.h"
#include "store/migrate.h"
#include "svc/crypt.h"
#include "svc/demo_gen.h"
#include "svc/svc.h"

static const struct dj_date today = {2026, 11, 23};

static struct dj_db *open_db(void)
{
    static struct dj_config cfg; /* dj_svc_init keeps the pointer */
    struct dj_err err = {0};
    struct dj_db *db = NULL;

    dj_config_defaults(&cfg);
    dj_strlcpy(cfg.db_url, ":memory:", sizeof(cfg.db_url));
    dj_model_register_all();
    cr_assert_eq(dj_db_open(cfg.db_url, &db, &err), 0, "%s", err.message);
    cr_assert_eq(dj_svc_init(&cfg, true, &err), 0, "%s", err.message);
    cr_assert_eq(dj_migrate(db, NULL, &err), 0, "%s", err.message);
    return db;
}

static struct dj_db *generated(uint64_t seed, struct dj_demo_result *r)
{
    struct dj_db *db = open_db();
    struct dj_actor cli;
    struct dj_demo_opts o = {.scale = DJ_DEMO_DISTRICT, .seed = seed, .today = today};
    struct dj_err err = {0};

    dj_actor_cli(&cli);
    cr_assert_eq(dj_demo_generate(db, &cli, &o, r, &err), 0, "%s (%s)", err.message, err.detail);
    return db;
}

static int64_t scalar(struct dj_db *db, const char *sql)
{
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t v;

    cr_assert_eq(dj_db_prepare(db, sql, &st, &err), 0, "%s: %s", sql, err.detail);
    cr_assert_eq(dj_stmt_step(st, &err), DJ_ROW, "%s: %s", sql, err.detail);
    v = dj_stmt_int64(st, 0);
    dj_stmt_reset(st);
    return v;
}

static struct dj_date parse_date(const char *s)
{
    struct dj_date d = {0, 0, 0};
    if (s)
        cr_assert_eq(dj_date_parse(s, &d, "date", NULL), 0, "bad date %s", s);
    return d;
}

Test(demo, district_has_the_advertised_size)
{
    struct dj_demo_result r;
    struct dj_db *db = generated(1, &r);

    cr_expect(r.orgs >= 200 && r.orgs <= 300, "about 250 organisations, got %lld",
              (long long)r.orgs);
    cr_expect(r.members >= 4800 && r.members <= 7200, "about 6,000 members, got %lld",
              (long long)r.members);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs"), r.orgs);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM members"), r.members);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM units"), r.units);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM org_posts"), r.posts);
    cr_expect_gt(r.root_id, 0);
    cr_expect_str_eq(r.street_name, "中共示范区城东街道工作委员会");
    cr_expect_str_eq(r.branch_name, "幸福社区第一网格党支部");
    cr_expect_gt(r.member_id, 0);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo.generate'"), 1);
    /* the indexes and triggers dropped for the load are back, and the trigram index is full */
    cr_expect_geq(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'members' AND "
                             "type = 'index' AND name = 'members_id_active'"),
                  1);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND "
                            "name LIKE 'members_fts_%'"),
                 3);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM (SELECT id, name FROM members WHERE "
                            "length(name) = 3 ORDER BY id DESC LIMIT 50) m WHERE m.id IN (SELECT "
                            "rowid FROM members_fts WHERE members_fts MATCH '\"' || m.name || "
                            "'\"')"),
                 50);
    dj_db_close(db);
}

/* Every ID number opens, is valid on `today`, agrees with its row and is unique. */
Test(demo, id_numbers_are_valid_sealed_and_unique)
{
    struct dj_demo_result r;
    struct dj_db *db = generated(1, &r);
    const unsigned char *key = dj_svc()->key;
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t n = 0;
    int rc;

    cr_assert_eq(dj_db_prepare(db,
                               "SELECT id_enc, id_blind, gender, birth_date, phone_enc FROM "
                               "members",
                               &st, &err),
                 0);
    while ((rc = dj_stmt_step(st, &err)) == DJ_ROW) {
        struct dj_idcard id;
        char *plain = NULL, *phone = NULL, blind[DJ_CRYPT_BLIND_HEX];
        const char *enc = dj_stmt_text(st, 0);

        cr_assert(strncmp(enc, "v1:", 3) == 0, "sealed, not plaintext");
        cr_assert_eq(dj_crypt_open(key, enc, "member.id_number", &plain), 0);
        cr_assert_eq(dj_idcard_parse(plain, &id, today, "id_number", &err), 0, "%s: %s", plain,
                     err.message);
        cr_assert_str_eq(id.number, plain, "already normalised");
        cr_assert_eq(id.gender, dj_stmt_text(st, 2)[0] - '0', "%s gender", plain);
        cr_assert_eq(dj_date_cmp(id.birth, parse_date(dj_stmt_text(st, 3))), 0, "%s birth", plain);
        dj_crypt_blind(key, "member.id_number", plain, blind);
        cr_assert_str_eq(blind, dj_stmt_text(st, 1));
        cr_assert(id.region[0] == '1' && id.region[1] == '4', "a 山西 county code: %s", plain);
        if (dj_stmt_text(st, 4)) {
            cr_assert_eq(dj_crypt_open(key, dj_stmt_text(st, 4), "member.phone", &phone), 0);
            cr_assert(strlen(phone) == 11 &&
                          (!strncmp(phone, "198", 3) || !strncmp(phone, "199", 3)),
                      "clearly synthetic phone: %s", phone);
        }
        dj_crypt_plain_free(plain);
        dj_crypt_plain_free(phone);
        n++;
    }
    cr_assert_eq(rc, DJ_DONE);
    cr_expect_eq(n, r.members);
    cr_expect_eq(scalar(db, "SELECT COUNT(DISTINCT id_blind) FROM members"), r.members);
    dj_db_close(db);
}

/* 18th birthday, 转正 window, 预备党员 without 转正, nothing in the future. */
Test(demo, member_dates_obey_the_rules)
{
    struct dj_demo_result r;
    struct dj_db *db = generated(1, &r);
    struct dj_stmt *st;
    struct dj_err err = {0};
    int64_t probationary = 0, extended = 0, n = 0;
    int rc;

    cr_assert_eq(dj_db_prepare(db,
                               "SELECT birth_date, joined_on, confirmed_on, category, "
                               "added_on, status_on, mobile_since, work_started_on FROM members",
                               &st, &err),
                 0);
    while ((rc = dj_stmt_step(st, &err)) == DJ_ROW) {
        struct dj_date birth = parse_date(dj_stmt_text(st, 0));
        struct dj_date joined = parse_date(dj_stmt_text(st, 1));
        struct dj_date conf = parse_date(dj_stmt_text(st, 2));
        bool full = !strcmp(dj_stmt_text(st, 3), "full");

        n++;
        cr_assert_geq(dj_date_cmp(joined, dj_date_add_years(birth, 18)), 0, "joined at 18+");
        cr_assert_leq(dj_date_cmp(joined, today), 0);
        if (full) {
            cr_assert(dj_date_isset(conf), "a 正式党员 has a 转正日期");
            cr_assert_geq(dj_date_cmp(conf, dj_date_add_years(joined, 1)), 0);
            cr_assert_leq(dj_date_cmp(conf, dj_date_add_years(joined, 2)), 0);
            cr_assert_leq(dj_date_cmp(conf, today), 0);
            extended += dj_date_cmp(conf, dj_date_add_years(joined, 1)) > 0;
        } else {
            cr_assert(!dj_date_isset(conf), "a 预备党员 has no 转正日期");
            probationary++;
        }
        for (int c = 4; c <= 7; c++)
            cr_assert_leq(dj_date_cmp(parse_date(dj_stmt_text(st, c)), today), 0);
    }
    cr_assert_eq(rc, DJ_DONE);
    cr_expect(probationary * 100 > n && probationary * 100 < 8 * n, "a few %% 预备党员: %lld",
              (long long)probationary);
    cr_expect_gt(extended, 0, "some had their 预备期 extended");
    dj_db_close(db);
}

Test(demo, the_tree_is_well_formed)
{
    struct dj_demo_result r;
    struct dj_db *db = generated(1, &r);

    /* paths are computed from the parents' */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id "
                            "WHERE c.path <> p.path || c.id || '/'"),
                 0);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs WHERE parent_id IS NULL"), 1);
    cr_expect_eq(scalar(db, "SELECT COUNT(DISTINCT code) FROM orgs"), r.orgs);
    /* members sit in 党支部 kinds, with their branch's path, their 党小组 under it */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM members m JOIN orgs o ON o.id = m.org_id "
                            "WHERE o.kind NOT IN ('branch', 'grid_branch', 'joint_branch', "
                            "'temp_branch') OR m.org_path <> o.path"),
                 0);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM members m JOIN orgs g ON g.id = m.group_id "
                            "WHERE g.parent_id <> m.org_id OR g.kind NOT IN ('group', "
                            "'building_group')"),
                 0);
    /* 党小组 only under branches; 楼栋党小组 under 网格党支部 under 社区党委 */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs g JOIN orgs p ON p.id = g.parent_id "
                            "WHERE g.kind IN ('group', 'building_group') AND p.kind NOT IN "
                            "('branch', 'grid_branch', 'joint_branch', 'temp_branch')"),
                 0);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs g JOIN orgs p ON p.id = g.parent_id "
                            "WHERE g.kind = 'building_group' AND p.kind <> 'grid_branch'"),
                 0);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs g JOIN orgs p ON p.id = g.parent_id "
                            "WHERE g.kind = 'grid_branch' AND p.kind <> 'community_committee'"),
                 0);
    /* no organisation under a 党小组, nothing but 党小组 under a branch */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id "
                            "WHERE p.kind IN ('group', 'building_group') OR (p.kind IN ("
                            "'branch', 'grid_branch', 'joint_branch', 'temp_branch') AND "
                            "c.kind NOT IN ('group', 'building_group'))"),
                 0);
    /* every domain is represented */
    cr_expect_eq(scalar(db, "SELECT COUNT(DISTINCT domain) FROM orgs WHERE domain IN ('rural', "
                            "'community', 'organ', 'school', 'hospital', 'soe', 'private', "
                            "'social_org')"),
                 8);
    /* branches hold 3..50 members, except the planted problems */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM (SELECT o.id FROM orgs o JOIN members m ON "
                            "m.org_id = o.id GROUP BY o.id HAVING COUNT(*) NOT BETWEEN 3 AND 50)"),
                 2);
    dj_db_close(db);
}

Test(demo, the_deliberate_problems_are_there)
{
    struct dj_demo_result r;
    struct dj_db *db = generated(1, &r);

    /* a branch with 2 members */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM (SELECT org_id FROM members GROUP BY org_id "
                            "HAVING COUNT(*) = 2)"),
                 1);
    /* a 书记 post that ended five months ago */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM org_posts WHERE post = 'secretary' AND "
                            "end_on = '2026-06-23'"),
                 1);
    /* a 机关 branch whose 书记 is not the principal leader */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM org_posts p JOIN orgs o ON o.id = p.org_id "
                            "WHERE o.domain = 'organ' AND o.kind = 'branch' AND p.post = "
                            "'secretary' AND p.principal_leader = 0"),
                 1);
    /* a joint branch with 6 units */
    cr_expect_eq(scalar(db, "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM units WHERE joint_org_id "
                            "IS NOT NULL GROUP BY joint_org_id)"),
                 6);
    /* a unit with 3 正式党员 and no organisation */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM units WHERE org_id IS NULL AND joint_org_id "
                            "IS NULL AND full_members >= 3"),
                 1);
    /* a 党总支 below 50 and a 党委 below 100 */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs o WHERE kind = 'general_branch' AND "
                            "(SELECT COUNT(*) FROM members m WHERE m.org_path >= o.path AND "
                            "m.org_path < o.path || '~') < 50"),
                 1);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs o WHERE kind = 'committee' AND "
                            "(SELECT COUNT(*) FROM members m WHERE m.org_path >= o.path AND "
                            "m.org_path < o.path || '~') < 100"),
                 1);
    /* committee of 8, committee on a branch of 5, 12 正式党员 and only a 书记 */
    cr_expect_eq(scalar(db, "SELECT MAX(n) FROM (SELECT COUNT(*) n FROM org_posts WHERE post "
                            "<> 'group_leader' AND end_on IS NULL GROUP BY org_id)"),
                 8);
    /* a branch without any post, and one dissolved */
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs o WHERE kind = 'branch' AND status = "
                            "'active' AND NOT EXISTS (SELECT 1 FROM org_posts p WHERE p.org_id = "
                            "o.id)"),
                 1);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM orgs WHERE status = 'dissolved' AND "
                            "dissolved_on IS NOT NULL"),
                 1);
    dj_db_close(db);
}

/* A digest of the plaintext data: names, ID numbers, dates, tree. */
static uint64_t digest(struct dj_db *db)
{
    const unsigned char *key = dj_svc()->key;
    struct dj_stmt *st;
    struct dj_err err = {0};
    uint64_t h = 1469598103934665603ULL;

    cr_assert_eq(dj_db_prepare(db,
                               "SELECT m.name || '|' || m.birth_date || '|' || m.joined_on || "
                               "'|' || o.path || '|' || o.name, m.id_enc FROM members m JOIN "
                               "orgs o ON o.id = m.org_id ORDER BY m.id",
                               &st, &err),
                 0);
    while (dj_stmt_step(st, &err) == DJ_ROW) {
        char *plain = NULL;
        cr_assert_eq(dj_crypt_open(key, dj_stmt_text(st, 1), "member.id_number", &plain), 0);
        for (const char *s = dj_stmt_text(st, 0); *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        for (const char *s = plain; *s; s++)
            h = (h ^ (unsigned char)*s) * 1099511628211ULL;
        dj_crypt_plain_free(plain);
    }
    return h;
}

Test(demo, the_same_seed_gives_the_same_data)
{
    struct dj_demo_result r1, r2, r3;
    struct dj_db *a = generated(1, &r1);
    uint64_t ha = digest(a);
    struct dj_db *b, *c;

    dj_db_close(a);
    b = generated(1, &r2); /* the in-memory key is new, so only the ciphertext differs */
    cr_expect_eq(digest(b), ha);
    cr_expect_eq(r2.members, r1.members);
    cr_expect_eq(r2.orgs, r1.orgs);
    dj_db_close(b);
    c = generated(2, &r3);
    cr_expect_neq(digest(c), ha, "another seed, other data");
    dj_db_close(c);
}

Test(demo, a_database_that_is_not_empty_is_left_alone)
{
    struct dj_demo_result r;
    struct dj_db *db = generated(1, &r);
    struct dj_demo_opts o = {.scale = DJ_DEMO_DISTRICT, .seed = 1, .today = today};
    struct dj_actor cli, nobody = {0};
    struct dj_err err = {0};
    int64_t audit = scalar(db, "SELECT COUNT(*) FROM audit_log");

    dj_actor_cli(&cli);
    cr_expect_eq(dj_demo_generate(db, &cli, &o, &r, &err), DJ_ECONFLICT);
    cr_expect_eq(r.members, 0);
    cr_expect_eq(scalar(db, "SELECT COUNT(*) FROM audit_log"), audit);
    dj_err_clear(&err);
    cr_expect_eq(dj_demo_generate(db, &nobody, &o, &r, &err), DJ_EPERM, "sysadmin only");
    dj_db_close(db);
}

Test(demo, scale_names)
{
    enum dj_demo_scale s;

    cr_expect_eq(dj_demo_scale_parse("district", &s), 0);
    cr_expect_eq(s, DJ_DEMO_DISTRICT);
    cr_expect_eq(dj_demo_scale_parse("city", &s), 0);
    cr_expect_eq(s, DJ_DEMO_CITY);
    cr_expect_eq(dj_demo_scale_parse("province", &s), 0);
    cr_expect_eq(s, DJ_DEMO_PROVINCE);
    cr_expect_eq(dj_demo_scale_parse("test", &s), -1);
    cr_expect_eq(dj_demo_scale_parse(NULL, &s), -1);
}
