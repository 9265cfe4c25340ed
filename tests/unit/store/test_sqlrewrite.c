/* test_sqlrewrite.c - $n to ?n placeholder rewriting (src/store/sqlrewrite.c). */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <limits.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/sqlrewrite.h"

struct rewrite_case {
    const char *in;
    const char *out;
    int maxparam;
};

static const struct rewrite_case cases[] = {
    {"", "", 0},
    {"SELECT 1", "SELECT 1", 0},
    {"SELECT * FROM t WHERE a = $1", "SELECT * FROM t WHERE a = ?1", 1},
    {"VALUES ($1,$2, $3)", "VALUES (?1,?2, ?3)", 3},
    {"$2 + $1", "?2 + ?1", 2},
    /* adjacent placeholders are two parameters */
    {"$1$2", "?1?2", 2},
    {"$10", "?10", 10},
    {"$1 $10 $2", "?1 ?10 ?2", 10},
    {"$007", "?007", 7},
    /* literals */
    {"'$1'", "'$1'", 0},
    {"'it''s $1' || $2", "'it''s $1' || ?2", 2},
    {"''$1", "''?1", 1},
    {"'a''' = $1", "'a''' = ?1", 1},
    {"'unterminated $1", "'unterminated $1", 0},
    {"$1 || 'unterminated $2", "?1 || 'unterminated $2", 1},
    /* quoted identifiers */
    {"\"col$1\" = $1", "\"col$1\" = ?1", 1},
    {"\"a\"\"$1\" $2", "\"a\"\"$1\" ?2", 2},
    {"\"unterminated $1", "\"unterminated $1", 0},
    {"'\"' $1 '\"'", "'\"' ?1 '\"'", 1},
    {"\"'\" $1 \"'\"", "\"'\" ?1 \"'\"", 1},
    /* comments */
    {"-- $1\n$2", "-- $1\n?2", 2},
    {"$1 -- $2", "?1 -- $2", 1},
    {"x--$1\n$1", "x--$1\n?1", 1},
    {"-$1", "-?1", 1},
    {"/* $1 */ $3", "/* $1 */ ?3", 3},
    {"/* a /* $1 */ $2", "/* a /* $1 */ ?2", 2},
    {"/* unterminated $1", "/* unterminated $1", 0},
    {"/*/ $1 */ $2", "/*/ $1 */ ?2", 2},
    {"*/ $1", "*/ ?1", 1},
    {"/$1", "/?1", 1},
    {"'--' $1 '/*' $2", "'--' ?1 '/*' ?2", 2},
    {"-- 'x\n$1", "-- 'x\n?1", 1},
    /* $ not followed by a digit */
    {"$ $a $$ $", "$ $a $$ $", 0},
    {"$a1 $_1", "$a1 $_1", 0},
    /* $ inside an unquoted identifier belongs to it */
    {"a$1 b_$2 x $3", "a$1 b_$2 x ?3", 3},
    {"名$1 = $1", "名$1 = ?1", 1},
    {"LIMIT $1 OFFSET $2", "LIMIT ?1 OFFSET ?2", 2},
    {"3$1", "3?1", 1},
    {"f($1)", "f(?1)", 1},
    {"$1::text", "?1::text", 1},
};

Test(sqlrewrite, table)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(cases); i++) {
        const struct rewrite_case *c = &cases[i];
        struct dj_buf out;
        int maxparam = -1;

        dj_buf_init(&out, 0);
        cr_assert_eq(dj_sql_rewrite(c->in, strlen(c->in), &out, &maxparam), 0, "case %zu", i);
        cr_expect_str_eq(dj_buf_str(&out), c->out, "case %zu: %s", i, c->in);
        cr_expect_eq(out.len, strlen(c->in), "case %zu: length changed", i);
        cr_expect_eq(maxparam, c->maxparam, "case %zu: %s: maxparam %d", i, c->in, maxparam);
        dj_buf_release(&out);
    }
}

Test(sqlrewrite, huge_number_saturates)
{
    static const char in[] = "$99999999999999999999";
    struct dj_buf out;
    int maxparam = 0;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_sql_rewrite(in, strlen(in), &out, &maxparam), 0);
    cr_expect_str_eq(dj_buf_str(&out), "?99999999999999999999");
    cr_expect_eq(maxparam, INT_MAX);
    dj_buf_release(&out);
}

Test(sqlrewrite, appends_to_existing_contents)
{
    struct dj_buf out;
    int maxparam = 0;

    dj_buf_init(&out, 0);
    dj_buf_adds(&out, "prefix:");
    cr_assert_eq(dj_sql_rewrite("a = $4", 6, &out, &maxparam), 0);
    cr_expect_str_eq(dj_buf_str(&out), "prefix:a = ?4");
    cr_expect_eq(maxparam, 4);
    dj_buf_release(&out);
}

Test(sqlrewrite, only_len_bytes_are_read)
{
    struct dj_buf out;
    int maxparam = 0;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_sql_rewrite("$1 $2", 2, &out, &maxparam), 0);
    cr_expect_str_eq(dj_buf_str(&out), "?1");
    cr_expect_eq(maxparam, 1);
    dj_buf_release(&out);
}

Test(sqlrewrite, embedded_nul_is_copied)
{
    static const char in[] = {'a', '\0', '$', '1'};
    struct dj_buf out;
    int maxparam = 0;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_sql_rewrite(in, sizeof(in), &out, &maxparam), 0);
    cr_assert_eq(out.len, 4);
    cr_expect(memcmp(out.data, "a\0?1", 4) == 0);
    cr_expect_eq(maxparam, 1);
    dj_buf_release(&out);
}

Test(sqlrewrite, maxparam_may_be_null)
{
    struct dj_buf out;

    dj_buf_init(&out, 0);
    cr_assert_eq(dj_sql_rewrite("$3", 2, &out, NULL), 0);
    cr_expect_str_eq(dj_buf_str(&out), "?3");
    dj_buf_release(&out);
}

Test(sqlrewrite, cap_is_enforced_and_nothing_appended)
{
    static const char in[] = "SELECT $1";
    struct dj_buf out;
    int maxparam = 7;

    dj_buf_init(&out, 5);
    cr_expect_eq(dj_sql_rewrite(in, strlen(in), &out, &maxparam), DJ_ETOOBIG);
    cr_expect_eq(out.len, 0);
    cr_expect_str_eq(dj_buf_str(&out), "");
    cr_expect_eq(maxparam, 0);
    dj_buf_release(&out);

    /* exactly at the cap fits; the cap counts what was already there */
    dj_buf_init(&out, strlen(in) + 3);
    dj_buf_adds(&out, "ab");
    cr_expect_eq(dj_sql_rewrite(in, strlen(in), &out, NULL), 0);
    cr_expect_str_eq(dj_buf_str(&out), "abSELECT ?1");
    cr_expect_eq(dj_sql_rewrite("x", 1, &out, NULL), 0);
    cr_expect_eq(dj_sql_rewrite("y", 1, &out, NULL), DJ_ETOOBIG);
    cr_expect_str_eq(dj_buf_str(&out), "abSELECT ?1x");
    dj_buf_release(&out);
}
