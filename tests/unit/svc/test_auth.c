/* test_auth.c - password policy, login, lock-out, sessions, CSRF, grants. */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "fixture.h"
#include "store/account.h"
#include "svc/auth.h"
#include "svc/svc.h"

TestSuite(auth, .init = fx_setup, .fini = fx_teardown);

static int policy(const char *user, const char *pw, struct dj_err *err)
{
    return dj_password_policy_check(user, pw, "password", err);
}

Test(auth, password_policy_boundaries)
{
    struct dj_err err = {0};

    cr_assert_eq(policy("u", "Abcdef1", &err), DJ_EINVAL); /* 7 characters */
    cr_assert_str_eq(err.field, "password");
    cr_assert(strstr(err.message, "至少 8 个字符"), "%s", err.message);
    cr_assert_eq(policy("u", "Abcdefg1", &err), 0);         /* 8, three classes */
    cr_assert_eq(policy("u", "abcdefg1", &err), DJ_EINVAL); /* two classes */
    cr_assert_eq(policy("u", "abcdefg!", &err), DJ_EINVAL);
    cr_assert_eq(policy("u", "abcdef1!", &err), 0);
    cr_assert_eq(policy("Abcdefg1", "Abcdefg1", &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "用户名"));
    /* Chinese characters count as "other" and by code point, not byte */
    cr_assert_eq(policy("u", "党建ab12cd", &err), 0);
    cr_assert_eq(policy("u", "党建ab12c", &err), DJ_EINVAL);
    cr_assert_eq(policy("u", "Abc\tdefg1", &err), DJ_EINVAL);
}

static int login(const char *user, const char *pw, struct dj_session *s, char *token,
                 struct dj_err *err)
{
    return dj_auth_login(fx_db, user, pw, "127.0.0.1", token, 64, s, err);
}

Test(auth, login_and_session_roundtrip)
{
    struct dj_session s, s2;
    struct dj_err err = {0};
    char token[64];
    int64_t id = fx_user("zhang", DJ_ROLE_BRANCH_ADMIN, 4);

    cr_assert_eq(login("zhang", FX_PASSWORD, &s, token, &err), 0, "%s", err.message);
    cr_assert_eq(s.actor.user_id, id);
    cr_assert_eq(s.actor.nroles, 1);
    cr_assert_str_eq(s.actor.roles[0].org_path, "/1/2/4/");
    cr_assert_eq(strlen(token), 43); /* 32 bytes base64url without padding */
    cr_assert_eq(strlen(s.csrf), 64);
    cr_assert_eq(dj_auth_session(fx_db, token, "127.0.0.1", &s2, &err), 0, "%s", err.message);
    cr_assert_str_eq(s2.csrf, s.csrf);
    /* the database holds the hash, not the token */
    cr_assert_str_neq(s.token_hash, token);
    cr_assert_eq(dj_auth_check_csrf(&s2, s.csrf, &err), 0);
    cr_assert_eq(dj_auth_check_csrf(&s2, "x", &err), DJ_ECSRF);
    cr_assert_eq(dj_auth_check_csrf(&s2, NULL, &err), DJ_ECSRF);
    cr_assert_eq(dj_auth_logout(fx_db, &s2, &err), 0);
    cr_assert_eq(dj_auth_session(fx_db, token, "127.0.0.1", &s2, &err), DJ_EAUTH);
}

Test(auth, wrong_password_and_unknown_user_answer_alike)
{
    struct dj_session s;
    struct dj_err e1 = {0}, e2 = {0};
    char token[64];

    fx_user("zhang", DJ_ROLE_BRANCH_ADMIN, 4);
    cr_assert_eq(login("zhang", "Wrong-pass1", &s, token, &e1), DJ_EAUTH);
    cr_assert_eq(login("nobody", "Wrong-pass1", &s, token, &e2), DJ_EAUTH);
    cr_assert_str_eq(e1.message, e2.message);
}

static void lockout_scenario(const char *user, bool exists)
{
    struct dj_session s;
    struct dj_err err = {0};
    char token[64];

    if (exists)
        fx_user(user, DJ_ROLE_BRANCH_ADMIN, 4);
    for (int i = 1; i <= 4; i++)
        cr_assert_eq(login(user, "Wrong-pass1", &s, token, &err), DJ_EAUTH, "attempt %d", i);
    /* the fifth failure locks */
    cr_assert_eq(login(user, "Wrong-pass1", &s, token, &err), DJ_ELOCKED);
    cr_assert(strstr(err.message, "15 分钟"), "%s", err.message);
    /* locked even with the right password */
    cr_assert_eq(login(user, FX_PASSWORD, &s, token, &err), DJ_ELOCKED);
    /* one second before the lock ends: still locked; at the end: open again */
    dj_clock_set_offset(15 * 60 - 1);
    cr_assert_eq(login(user, FX_PASSWORD, &s, token, &err), DJ_ELOCKED);
    dj_clock_set_offset(15 * 60);
    cr_assert_eq(login(user, FX_PASSWORD, &s, token, &err), exists ? 0 : DJ_EAUTH);
}

Test(auth, lockout_after_five_failures)
{
    lockout_scenario("zhang", true);
}

Test(auth, lockout_of_unknown_names_is_identical)
{
    lockout_scenario("ghost", false);
}

Test(auth, four_failures_then_success_resets_the_count)
{
    struct dj_session s;
    struct dj_err err = {0};
    char token[64];

    fx_user("zhang", DJ_ROLE_BRANCH_ADMIN, 4);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(login("zhang", "Wrong-pass1", &s, token, &err), DJ_EAUTH);
    cr_assert_eq(login("zhang", FX_PASSWORD, &s, token, &err), 0);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(login("zhang", "Wrong-pass1", &s, token, &err), DJ_EAUTH);
    cr_assert_eq(login("zhang", FX_PASSWORD, &s, token, &err), 0);
}

Test(auth, idle_timeout_to_the_second)
{
    struct dj_session s, s2;
    struct dj_err err = {0};
    char token[64];

    fx_user("zhang", DJ_ROLE_BRANCH_ADMIN, 4);
    cr_assert_eq(login("zhang", FX_PASSWORD, &s, token, &err), 0);
    dj_clock_set_offset(30 * 60 - 1);
    cr_assert_eq(dj_auth_session(fx_db, token, NULL, &s2, &err), 0, "%s", err.message);
    /* that request touched the session: 30 idle minutes from now */
    dj_clock_set_offset(30 * 60 - 1 + 30 * 60 - 1);
    cr_assert_eq(dj_auth_session(fx_db, token, NULL, &s2, &err), 0, "%s", err.message);
    dj_clock_set_offset(30 * 60 - 1 + 30 * 60 - 1 + 30 * 60);
    cr_assert_eq(dj_auth_session(fx_db, token, NULL, &s2, &err), DJ_EAUTH);
    cr_assert(strstr(err.message, "过期"), "%s", err.message);
}

Test(auth, absolute_lifetime)
{
    struct dj_session s, s2;
    struct dj_err err = {0};
    char token[64];

    fx_user("zhang", DJ_ROLE_BRANCH_ADMIN, 4);
    cr_assert_eq(login("zhang", FX_PASSWORD, &s, token, &err), 0);
    /* keep it busy every 20 minutes for 12 hours */
    for (int64_t t = 20 * 60; t < 12 * 3600; t += 20 * 60) {
        dj_clock_set_offset(t);
        cr_assert_eq(dj_auth_session(fx_db, token, NULL, &s2, &err), 0, "at %lld", (long long)t);
    }
    dj_clock_set_offset(12 * 3600);
    cr_assert_eq(dj_auth_session(fx_db, token, NULL, &s2, &err), DJ_EAUTH);
}

Test(auth, change_password_ends_other_sessions)
{
    struct dj_session a, b, tmp;
    struct dj_err err = {0};
    char ta[64], tb[64];

    fx_user("zhang", DJ_ROLE_BRANCH_ADMIN, 4);
    cr_assert_eq(login("zhang", FX_PASSWORD, &a, ta, &err), 0);
    cr_assert_eq(login("zhang", FX_PASSWORD, &b, tb, &err), 0);
    cr_assert_eq(dj_auth_change_password(fx_db, &a, "bad", "Newpass-2026", &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "old_password");
    cr_assert_eq(dj_auth_change_password(fx_db, &a, FX_PASSWORD, "short", &err), DJ_EINVAL);
    cr_assert_str_eq(err.field, "new_password");
    cr_assert_eq(dj_auth_change_password(fx_db, &a, FX_PASSWORD, "Newpass-2026", &err), 0, "%s",
                 err.message);
    cr_assert_eq(dj_auth_session(fx_db, ta, NULL, &tmp, &err), 0);
    cr_assert_eq(dj_auth_session(fx_db, tb, NULL, &tmp, &err), DJ_EAUTH);
    cr_assert_eq(login("zhang", FX_PASSWORD, &b, tb, &err), DJ_EAUTH);
    cr_assert_eq(login("zhang", "Newpass-2026", &b, tb, &err), 0);
}

Test(auth, grants_respect_scope)
{
    struct dj_actor a;
    struct dj_err err = {0};
    struct dj_user_new u = {.username = "lisi",
                            .display_name = "李测试",
                            .password = FX_PASSWORD,
                            .has_role = true,
                            .role = DJ_ROLE_BRANCH_ADMIN,
                            .org_id = 4};
    int64_t id;

    fx_actor(&a, DJ_ROLE_ORG_ADMIN, 2, "/1/2/");
    cr_assert_eq(dj_user_create(fx_db, &a, &u, &id, &err), 0, "%s", err.message);
    /* outside the subtree and nonexistent: the same answer */
    cr_assert_eq(dj_user_grant(fx_db, &a, id, DJ_ROLE_AUDITOR, 3, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_user_grant(fx_db, &a, id, DJ_ROLE_AUDITOR, 999, &err), DJ_EPERM);
    cr_assert_str_eq(err.message, "无权访问该组织的数据");
    cr_assert_eq(dj_user_grant(fx_db, &a, id, DJ_ROLE_SYSADMIN, 0, &err), DJ_EPERM);
    cr_assert_eq(dj_user_grant(fx_db, &a, id, DJ_ROLE_AUDITOR, 2, &err), 0, "%s", err.message);
    cr_assert_eq(dj_user_grant(fx_db, &a, id, DJ_ROLE_AUDITOR, 2, &err), DJ_ECONFLICT);
    /* a branch admin manages no users */
    fx_actor(&a, DJ_ROLE_BRANCH_ADMIN, 4, "/1/2/4/");
    u.username = "wang";
    cr_assert_eq(dj_user_create(fx_db, &a, &u, &id, &err), DJ_EPERM);
}

Test(auth, bad_usernames_rejected)
{
    struct dj_err err = {0};
    struct dj_user_new u = {.display_name = "测试",
                            .password = FX_PASSWORD,
                            .has_role = true,
                            .role = DJ_ROLE_AUDITOR,
                            .org_id = 1};
    const char *bad[] = {"ab", "Zhang", "zhang san", "'; drop table users; --",
                         "abcdefghijklmnopqrstuvwxyz0123456"};
    int64_t id;

    for (size_t i = 0; i < DJ_ARRAY_LEN(bad); i++) {
        u.username = bad[i];
        cr_assert_eq(dj_user_create(fx_db, &fx_cli, &u, &id, &err), DJ_EINVAL, "%s", bad[i]);
        cr_assert_str_eq(err.field, "username");
    }
}
