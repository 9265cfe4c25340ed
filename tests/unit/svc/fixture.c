/* fixture.c - shared set-up for svc unit tests. */
#include "base/compat.h"
#include "fixture.h"

#include <criterion/criterion.h>

#include "model/records.h"
#include "store/migrate.h"
#include "svc/auth.h"
#include "svc/org.h"
#include "svc/svc.h"

struct dj_config fx_cfg;
struct dj_db *fx_db;
struct dj_actor fx_cli;

void fx_setup(void)
{
    struct dj_err err = {0};
    static const struct {
        int64_t parent;
        const char *name, *kind;
    } orgs[] = {{0, "测试区委", "committee"},
                {1, "测试甲街道党工委", "work_committee"},
                {1, "测试乙街道党工委", "work_committee"},
                {2, "测试第一党支部", "branch"}};

    dj_config_defaults(&fx_cfg);
    dj_strlcpy(fx_cfg.db_url, ":memory:", sizeof(fx_cfg.db_url));
    dj_model_register_all();
    cr_assert_eq(dj_db_open(fx_cfg.db_url, &fx_db, &err), 0, "%s", err.message);
    cr_assert_eq(dj_svc_init(&fx_cfg, true, &err), 0, "%s", err.message);
    cr_assert_eq(dj_migrate(fx_db, NULL, &err), 0, "%s", err.message);
    dj_clock_set_offset(0);
    /* a fixed instant (2026-11-23T05:00:00Z) so that expiry tests are exact to the second */
    dj_clock_freeze(1795410000);
    dj_actor_cli(&fx_cli);
    for (size_t i = 0; i < DJ_ARRAY_LEN(orgs); i++) {
        struct dj_org_new o = {
            .parent_id = orgs[i].parent, .name = orgs[i].name, .kind = orgs[i].kind};
        struct dj_org_row row;
        cr_assert_eq(dj_org_create(fx_db, &fx_cli, &o, &row, &err), 0, "%s", err.message);
        cr_assert_eq(row.id, (int64_t)i + 1);
    }
}

void fx_teardown(void)
{
    dj_clock_set_offset(0);
    dj_clock_freeze(0);
    dj_db_close(fx_db);
    fx_db = NULL;
}

int64_t fx_user(const char *username, enum dj_role_kind role, int64_t org_id)
{
    struct dj_user_new u = {.username = username,
                            .display_name = "测试用户",
                            .password = FX_PASSWORD,
                            .has_role = true,
                            .role = role,
                            .org_id = org_id};
    struct dj_err err = {0};
    int64_t id = 0;
    cr_assert_eq(dj_user_create(fx_db, &fx_cli, &u, &id, &err), 0, "%s", err.message);
    return id;
}

int64_t fx_org(int64_t parent, const char *name, const char *kind, const char *domain)
{
    struct dj_org_new o = {.parent_id = parent, .name = name, .kind = kind, .domain = domain};
    struct dj_org_row row;
    struct dj_err err = {0};

    cr_assert_eq(dj_org_create(fx_db, &fx_cli, &o, &row, &err), 0, "%s", err.message);
    return row.id;
}

void fx_exec(const char *sql)
{
    struct dj_err err = {0};
    cr_assert_eq(dj_db_exec(fx_db, sql, &err), 0, "%s: %s", sql, err.detail);
}

void fx_actor(struct dj_actor *a, enum dj_role_kind role, int64_t org_id, const char *path)
{
    memset(a, 0, sizeof(*a));
    dj_strlcpy(a->username, "actor", sizeof(a->username));
    a->nroles = 1;
    a->roles[0].kind = role;
    a->roles[0].org_id = org_id;
    dj_strlcpy(a->roles[0].org_path, path, sizeof(a->roles[0].org_path));
}
