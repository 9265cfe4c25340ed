/* test_router.c - route matching: parameters, 404 vs 405, tables, decoding. */
#include "base/compat.h"
#include "http/http.h"
#include "http/http_int.h"

#include <criterion/criterion.h>

static int h_dummy(struct dj_req *req, struct dj_resp *resp, struct dj_err *err)
{
    (void)req;
    (void)resp;
    (void)err;
    return 0;
}

static const struct dj_route org_routes[] = {
    {"GET", "/api/orgs", h_dummy, 0},
    {"POST", "/api/orgs", h_dummy, 0},
    {"GET", "/api/orgs/tree", h_dummy, 0},
    {"GET", "/api/orgs/{id}", h_dummy, 0},
    {"PUT", "/api/orgs/{id}", h_dummy, 0},
    {"GET", "/api/orgs/{id}/findings", h_dummy, 0},
    {"GET", "/api/orgs/{org}/members/{member}", h_dummy, 0},
    {NULL, NULL, NULL, 0},
};

static const struct dj_route member_routes[] = {
    {"GET", "/api/members/{id}", h_dummy, 0},
    {"DELETE", "/api/members/{id}", h_dummy, 0},
    {"POST", "/api/import", h_dummy, DJ_ROUTE_UPLOAD},
    {"GET", "/", h_dummy, 0},
    {NULL, NULL, NULL, 0},
};

static const struct dj_route *const tables[] = {org_routes, member_routes, NULL};

static struct dj_req req;

static void setup(void)
{
    memset(&req, 0, sizeof(req));
    req.arena = dj_arena_new();
}

static void teardown(void)
{
    dj_arena_free(req.arena);
}

TestSuite(router, .init = setup, .fini = teardown);

static const struct dj_route *match(const char *method, const char *path, int *status)
{
    req.nparams = 0;
    return dj_router_match(tables, &req, method, path, status);
}

Test(router, literal_route_matches_without_params)
{
    int st = 0;
    const struct dj_route *r = match("GET", "/api/orgs", &st);

    cr_assert_eq(r, &org_routes[0]);
    cr_assert_eq(st, 200);
    cr_assert_eq(req.nparams, 0);
}

Test(router, method_selects_among_same_pattern)
{
    int st;

    cr_assert_eq(match("POST", "/api/orgs", &st), &org_routes[1]);
    cr_assert_eq(match("PUT", "/api/orgs/7", &st), &org_routes[4]);
}

Test(router, earlier_literal_route_wins_over_param)
{
    int st;

    cr_assert_eq(match("GET", "/api/orgs/tree", &st), &org_routes[2]);
    cr_assert_eq(req.nparams, 0);
}

Test(router, params_are_filled)
{
    int st;
    const struct dj_route *r = match("GET", "/api/orgs/12/members/345", &st);

    cr_assert_eq(r, &org_routes[6]);
    cr_assert_eq(req.nparams, 2);
    cr_assert_str_eq(dj_req_param(&req, "org"), "12");
    cr_assert_str_eq(dj_req_param(&req, "member"), "345");
    cr_assert_null(dj_req_param(&req, "id"));
}

Test(router, param_in_middle)
{
    int st;

    cr_assert_eq(match("GET", "/api/orgs/42/findings", &st), &org_routes[5]);
    cr_assert_str_eq(dj_req_param(&req, "id"), "42");
}

Test(router, unknown_path_is_404)
{
    int st = 0;

    cr_assert_null(match("GET", "/api/nothing", &st));
    cr_assert_eq(st, 404);
    cr_assert_null(match("GET", "/api/orgs/1/2/3/4", &st));
    cr_assert_eq(st, 404);
}

Test(router, known_path_with_other_method_is_405)
{
    int st = 0;

    cr_assert_null(match("DELETE", "/api/orgs/5", &st));
    cr_assert_eq(st, 405);
    cr_assert_null(match("PATCH", "/api/orgs", &st));
    cr_assert_eq(st, 405);
}

Test(router, segment_count_is_exact)
{
    int st;

    cr_assert_null(match("GET", "/api/orgs/", &st), "trailing slash must not match");
    cr_assert_eq(st, 404);
    cr_assert_null(match("GET", "/api/orgs//findings", &st), "empty param must not match");
    cr_assert_null(match("GET", "/api/orgs/1/findings/", &st));
    cr_assert_null(match("GET", "/api", &st));
    cr_assert_null(match("GET", "api/orgs", &st), "path must start with a slash");
}

Test(router, literal_must_match_whole_segment)
{
    int st;

    cr_assert_null(match("GET", "/api/orgsx", &st));
    cr_assert_null(match("GET", "/api/org", &st));
    cr_assert_null(match("GET", "/API/orgs", &st));
}

Test(router, second_table_is_searched)
{
    int st;

    cr_assert_eq(match("DELETE", "/api/members/9", &st), &member_routes[1]);
    cr_assert_str_eq(dj_req_param(&req, "id"), "9");
    cr_assert_eq(match("POST", "/api/import", &st), &member_routes[2]);
    cr_assert_eq(match("GET", "/", &st), &member_routes[3]);
}

Test(router, params_are_percent_decoded)
{
    int st;

    cr_assert_eq(match("GET", "/api/members/%E5%85%9A%E5%91%98", &st), &member_routes[0]);
    cr_assert_str_eq(dj_req_param(&req, "id"), "党员");
    cr_assert_eq(match("GET", "/api/members/a%2Fb", &st), &member_routes[0],
                 "an encoded slash stays inside its segment");
    cr_assert_str_eq(dj_req_param(&req, "id"), "a/b");
    cr_assert_eq(match("GET", "/api/members/%2525", &st), &member_routes[0]);
    cr_assert_str_eq(dj_req_param(&req, "id"), "%25", "decoded exactly once");
}

Test(router, literals_compare_decoded)
{
    int st;

    cr_assert_eq(match("GET", "/api/%6Frgs/tree", &st), &org_routes[2]);
}

Test(router, bad_escapes_do_not_match)
{
    int st;

    cr_assert_null(match("GET", "/api/members/%zz", &st));
    cr_assert_eq(st, 404);
    cr_assert_null(match("GET", "/api/members/%4", &st));
    cr_assert_null(match("GET", "/api/members/a%00b", &st), "encoded NUL is refused");
}

Test(router, long_paths_are_handled)
{
    size_t n = 100000;
    char *p = dj_xmalloc(n + 1);
    int st = 0;

    /* one huge segment */
    p[0] = '/';
    memset(p + 1, 'a', n - 1);
    p[n] = '\0';
    cr_assert_null(match("GET", p, &st));
    cr_assert_eq(st, 404);
    /* a huge parameter value is still one segment */
    memcpy(p, "/api/members/", 13);
    cr_assert_eq(match("GET", p, &st), &member_routes[0]);
    cr_assert_eq(strlen(dj_req_param(&req, "id")), n - 13);
    /* very many segments */
    for (size_t i = 0; i < n; i += 2) {
        p[i] = '/';
        p[i + 1] = 'x';
    }
    cr_assert_null(match("GET", p, &st));
    cr_assert_eq(st, 404);
    free(p);
}

Test(router, null_tables_give_404)
{
    int st = 0;

    cr_assert_null(dj_router_match(NULL, &req, "GET", "/api/orgs", &st));
    cr_assert_eq(st, 404);
}

Test(router, null_req_matches_without_params)
{
    int st = 0;

    cr_assert_eq(dj_router_match(tables, NULL, "GET", "/api/orgs/3", &st), &org_routes[3]);
}

Test(router, allow_lists_methods_for_path)
{
    char allow[64];

    cr_assert_eq(dj_router_allow(tables, "/api/orgs/3", allow, sizeof(allow)), 3);
    cr_assert_str_eq(allow, "GET, PUT, HEAD");
    cr_assert_eq(dj_router_allow(tables, "/api/import", allow, sizeof(allow)), 1);
    cr_assert_str_eq(allow, "POST");
    cr_assert_eq(dj_router_allow(tables, "/api/none", allow, sizeof(allow)), 0);
    cr_assert_str_eq(allow, "");
}

Test(router, pct_decode_modes)
{
    char out[32];
    size_t n;

    cr_assert_eq(dj_http_pct_decode("a%20b+c", 7, out, &n, true), 0);
    cr_assert_str_eq(out, "a b+c");
    cr_assert_eq(n, 5);
    cr_assert_eq(dj_http_pct_decode("100%", 4, out, &n, true), -1);
    cr_assert_eq(dj_http_pct_decode("100%", 4, out, &n, false), 0);
    cr_assert_str_eq(out, "100%");
    cr_assert_eq(dj_http_pct_decode("x%00y", 5, out, &n, false), 0);
    cr_assert_str_eq(out, "x%00y");
}
