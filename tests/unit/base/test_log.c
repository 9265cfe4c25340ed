/* test_log.c - logfmt quoting, line shape, request id, level filtering. */
#include "base/compat.h"
#include "base/log.h"

#include <criterion/criterion.h>
#include <pthread.h>

static FILE *out;

static void setup(void)
{
    out = tmpfile();
    cr_assert_not_null(out);
    dj_log_set_stream(out);
    dj_log_set_level(DJ_LOG_DEBUG);
    dj_log_set_reqid(NULL);
}

static void teardown(void)
{
    dj_log_set_stream(NULL);
    fclose(out);
}

TestSuite(log, .init = setup, .fini = teardown);

/* Everything logged so far. */
static const char *logged(void)
{
    static char text[8192];
    size_t n;

    fflush(out);
    rewind(out);
    n = fread(text, 1, sizeof(text) - 1, out);
    text[n] = '\0';
    return text;
}

static const char *quote(const char *s)
{
    static char q[256];
    return dj_log_quote(q, sizeof(q), s);
}

Test(log, quote_plain_values_unchanged)
{
    cr_assert_str_eq(quote("admin"), "admin");
    cr_assert_str_eq(quote("党员"), "党员");
    cr_assert_str_eq(quote("/api/members?page=2"), "\"/api/members?page=2\"");
}

Test(log, quote_escapes)
{
    cr_assert_str_eq(quote(""), "\"\"");
    cr_assert_str_eq(quote("login ok"), "\"login ok\"");
    cr_assert_str_eq(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
    cr_assert_str_eq(quote("a\\b"), "\"a\\\\b\"");
    cr_assert_str_eq(quote("a=b"), "\"a=b\"");
    cr_assert_str_eq(quote("line1\nline2"), "\"line1\\nline2\"");
    cr_assert_str_eq(quote("tab\there"), "\"tab?here\"");
}

Test(log, quote_truncates_to_fit)
{
    char small[8];

    cr_assert_str_eq(dj_log_quote(small, sizeof(small), "abcdefghijkl"), "abcdefg");
    dj_log_quote(small, sizeof(small), "a b c d e f");
    cr_assert_eq(small[0], '"');
    cr_assert_eq(small[strlen(small) - 1], '"', "quoted value stays closed: %s", small);
    cr_assert_lt(strlen(small), sizeof(small));
    cr_assert_str_eq(dj_log_quote(small, 2, "a b"), "");
}

Test(log, line_shape)
{
    const char *text;

    dj_log(DJ_LOG_INFO, "login ok", "user=%s count=%d", "admin", 3);
    text = logged();
    cr_assert(strncmp(text, "ts=", 3) == 0, "%s", text);
    /* ts=YYYY-MM-DDTHH:MM:SS.mmmZ */
    cr_assert_eq(text[13], 'T', "%s", text);
    cr_assert_eq(text[26], 'Z', "%s", text);
    cr_assert(strstr(text, "Z level=info msg=\"login ok\" user=admin count=3\n") != NULL, "%s",
              text);
    cr_assert_null(strstr(text, "req="), "no request id outside a request: %s", text);
    cr_assert_eq(strchr(text, '\n'), text + strlen(text) - 1, "exactly one line");
}

Test(log, request_id_appears)
{
    const char *text;

    dj_log_set_reqid("9f2c01ab");
    cr_assert_str_eq(dj_log_reqid(), "9f2c01ab");
    dj_warn("slow", "ms=%d", 1500);
    dj_log_set_reqid(NULL);
    cr_assert_str_eq(dj_log_reqid(), "");
    dj_info("after", "%s", "");
    text = logged();
    cr_assert(strstr(text, "level=warn req=9f2c01ab msg=slow ms=1500\n") != NULL, "%s", text);
    cr_assert(strstr(text, "level=info msg=after\n") != NULL, "%s", text);
}

/* Runs in a second thread: records the id it starts with, then sets its own. */
static void *other_thread(void *arg)
{
    dj_strlcpy(arg, dj_log_reqid(), 33);
    dj_log_set_reqid("other");
    return NULL;
}

Test(log, request_id_is_per_thread)
{
    pthread_t t;
    char seen[33] = "unset";

    dj_log_set_reqid("main");
    cr_assert_eq(pthread_create(&t, NULL, other_thread, seen), 0);
    pthread_join(t, NULL);
    cr_assert_str_eq(seen, "", "a new thread starts without a request id");
    cr_assert_str_eq(dj_log_reqid(), "main", "another thread's id does not leak");
}

Test(log, level_filter)
{
    const char *text;

    dj_log_set_level(DJ_LOG_WARN);
    dj_debug("d", "%s", "");
    dj_info("i", "%s", "");
    dj_warn("w", "%s", "");
    dj_error("e", "%s", "");
    text = logged();
    cr_assert_null(strstr(text, "msg=d\n"), "%s", text);
    cr_assert_null(strstr(text, "msg=i\n"), "%s", text);
    cr_assert(strstr(text, "level=warn msg=w\n") != NULL, "%s", text);
    cr_assert(strstr(text, "level=error msg=e\n") != NULL, "%s", text);

    dj_log_set_level(DJ_LOG_OFF);
    dj_error("silent", "%s", "");
    cr_assert_null(strstr(logged(), "silent"));
}

Test(log, level_parse)
{
    cr_assert_eq(dj_log_level_parse("debug"), DJ_LOG_DEBUG);
    cr_assert_eq(dj_log_level_parse("info"), DJ_LOG_INFO);
    cr_assert_eq(dj_log_level_parse("warn"), DJ_LOG_WARN);
    cr_assert_eq(dj_log_level_parse("error"), DJ_LOG_ERROR);
    cr_assert_eq(dj_log_level_parse("off"), DJ_LOG_OFF);
    cr_assert_eq(dj_log_level_parse("INFO"), -1);
    cr_assert_eq(dj_log_level_parse("warning"), -1);
    cr_assert_eq(dj_log_level_parse(""), -1);
}

Test(log, long_line_is_truncated_but_terminated)
{
    char big[5000];
    const char *text;

    memset(big, 'v', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    dj_info("long", "k=%s", big);
    text = logged();
    cr_assert_lt(strlen(text), 2048);
    cr_assert_eq(text[strlen(text) - 1], '\n');
    cr_assert_eq(strchr(text, '\n'), text + strlen(text) - 1);
}
