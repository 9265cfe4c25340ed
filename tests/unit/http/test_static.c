/* test_static.c - static file resolution under a temporary web root, MIME types. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "base/compat.h"
#include "http/http.h"
#include "http/http_int.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[64];  /* temp dir holding web/ and a secret outside it */
static char root[128]; /* base/web */
static char out[PATH_MAX];

static void put(const char *rel, const char *text)
{
    char p[256];
    FILE *f;

    snprintf(p, sizeof(p), "%s/%s", base, rel);
    f = fopen(p, "w");
    cr_assert_not_null(f, "cannot create %s", p);
    fputs(text, f);
    fclose(f);
}

static void mkdir_rel(const char *rel)
{
    char p[256];

    snprintf(p, sizeof(p), "%s/%s", base, rel);
    cr_assert_eq(mkdir(p, 0700), 0, "mkdir %s", p);
}

static void link_rel(const char *target, const char *rel)
{
    char p[256];

    snprintf(p, sizeof(p), "%s/%s", base, rel);
    cr_assert_eq(symlink(target, p), 0, "symlink %s", p);
}

static void setup(void)
{
    dj_strlcpy(base, "/tmp/dj_static_XXXXXX", sizeof(base));
    cr_assert_not_null(mkdtemp(base));
    snprintf(root, sizeof(root), "%s/web", base);
    mkdir_rel("web");
    mkdir_rel("web/js");
    mkdir_rel("web/docs");
    mkdir_rel("web/empty");
    mkdir_rel("web-private");
    put("web/index.html", "<!doctype html>");
    put("web/js/app.js", "export {}");
    put("web/docs/index.html", "docs");
    put("web/.env", "SECRET=1");
    put("secret.txt", "top secret");
    put("web-private/key.txt", "key");
    link_rel("../secret.txt", "web/escape.txt");
    link_rel("/etc", "web/etc");
    link_rel("js/app.js", "web/alias.js");
    link_rel("..", "web/up");
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(static_files, .init = setup, .fini = teardown);

static void expect_file(const char *url, const char *rel)
{
    char want[PATH_MAX], tmp[256];

    snprintf(tmp, sizeof(tmp), "%s/%s", base, rel);
    cr_assert_not_null(realpath(tmp, want));
    cr_assert_eq(dj_static_resolve(root, url, out, sizeof(out)), 0, "%s not served", url);
    cr_assert_str_eq(out, want, "%s", url);
}

static void expect_refused(const char *url)
{
    cr_assert_eq(dj_static_resolve(root, url, out, sizeof(out)), DJ_ENOTFOUND, "%s served as %s",
                 url, out);
}

Test(static_files, serves_files_under_root)
{
    expect_file("/", "web/index.html");
    expect_file("/index.html", "web/index.html");
    expect_file("/js/app.js", "web/js/app.js");
    expect_file("/docs", "web/docs/index.html");
    expect_file("/docs/", "web/docs/index.html");
    expect_file("/alias.js", "web/js/app.js");
}

Test(static_files, missing_things_are_not_found)
{
    expect_refused("/missing.js");
    expect_refused("/empty/");
    expect_refused("/empty");
    expect_refused("/js/app.js/");
    expect_refused("");
    expect_refused("index.html");
}

Test(static_files, traversal_attempts_are_refused)
{
    static const char *const urls[] = {
        "/../secret.txt",
        "/js/../../secret.txt",
        "/..",
        "/./index.html",
        "/js/./app.js",
        "//etc/passwd",
        "/js//app.js",
        "/..\\secret.txt",
        "/js\\..\\..\\secret.txt",
        "/.env",
        "/../web-private/key.txt",
        "/index.html\n",
        "/%2e%2e/secret.txt", /* not decoded here: no such file */
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(urls); i++)
        expect_refused(urls[i]);
}

Test(static_files, symlinks_leaving_root_are_refused)
{
    expect_refused("/escape.txt");
    expect_refused("/etc/passwd");
    expect_refused("/etc/");
    expect_refused("/up/secret.txt");
    /* What counts is where the link finally leads: back inside root is fine. */
    expect_file("/up/web/index.html", "web/index.html");
}

Test(static_files, root_prefix_sibling_is_not_under_root)
{
    /* base/web-private starts with base/web but is outside it. */
    link_rel("../web-private/key.txt", "web/key.txt");
    expect_refused("/key.txt");
}

Test(static_files, root_itself_may_be_a_symlink)
{
    char lroot[160];

    snprintf(lroot, sizeof(lroot), "%s/weblink", base);
    cr_assert_eq(symlink("web", lroot), 0);
    cr_assert_eq(dj_static_resolve(lroot, "/js/app.js", out, sizeof(out)), 0);
    cr_assert(strstr(out, "/web/js/app.js"));
}

Test(static_files, bad_roots_and_small_buffers)
{
    char small[8];

    cr_assert_eq(dj_static_resolve("/nonexistent/root", "/", out, sizeof(out)), DJ_ENOTFOUND);
    cr_assert_eq(dj_static_resolve("", "/", out, sizeof(out)), DJ_ENOTFOUND);
    cr_assert_eq(dj_static_resolve(root, "/index.html", small, sizeof(small)), DJ_ENOTFOUND);
}

Test(static_files, path_check)
{
    cr_assert(dj_static_path_ok("/"));
    cr_assert(dj_static_path_ok("/orgs/12"));
    cr_assert(dj_static_path_ok("/a.b/c..d"));
    cr_assert_not(dj_static_path_ok("/a/../b"));
    cr_assert_not(dj_static_path_ok("/a/.hidden"));
    cr_assert_not(dj_static_path_ok("/a//b"));
    cr_assert_not(dj_static_path_ok("/a\\b"));
    cr_assert_not(dj_static_path_ok("/a\tb"));
    cr_assert_not(dj_static_path_ok("a"));
    cr_assert_not(dj_static_path_ok(NULL));
}

Test(static_files, mime_types)
{
    static const char *const cases[][2] = {
        {"/x/index.html", "text/html; charset=utf-8"},
        {"a.js", "text/javascript; charset=utf-8"},
        {"a.mjs", "text/javascript; charset=utf-8"},
        {"a.CSS", "text/css; charset=utf-8"},
        {"a.json", "application/json; charset=utf-8"},
        {"a.js.map", "application/json; charset=utf-8"},
        {"a.svg", "image/svg+xml; charset=utf-8"},
        {"a.png", "image/png"},
        {"a.jpg", "image/jpeg"},
        {"a.ico", "image/x-icon"},
        {"a.woff", "font/woff"},
        {"a.woff2", "font/woff2"},
        {"a.ttf", "font/ttf"},
        {"a.txt", "text/plain; charset=utf-8"},
        {"a.exe", "application/octet-stream"},
        {"Makefile", "application/octet-stream"},
        {"dir.js/file", "application/octet-stream"},
        {"a.", "application/octet-stream"},
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++)
        cr_assert_str_eq(dj_static_mime(cases[i][0]), cases[i][1], "%s", cases[i][0]);
}
