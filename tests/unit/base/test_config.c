/* test_config.c - defaults, INI loading, environment overrides, validation, dump. */
#include "base/compat.h"
#include "base/config.h"

#include <criterion/criterion.h>
#include <unistd.h>

static const char *const all_env[] = {
    "DJ_LISTEN",
    "DJ_PORT",
    "DJ_THREADS",
    "DJ_WEB_ROOT",
    "DJ_JSON_MAX",
    "DJ_UPLOAD_MAX",
    "DJ_COOKIE_SECURE",
    "DJ_DB",
    "DJ_SESSION_IDLE_MINUTES",
    "DJ_SESSION_MAX_HOURS",
    "DJ_LOCKOUT_ATTEMPTS",
    "DJ_LOCKOUT_MINUTES",
    "DJ_PASSWORD_MIN_LENGTH",
    "DJ_PASSWORD_MIN_CLASSES",
    "DJ_LOG_LEVEL",
    "DJ_UTC_OFFSET_MINUTES",
    "DJ_TODAY",
};

static char tmpdir[64];
static char ini_path[128];

static void setup(void)
{
    dj_strlcpy(tmpdir, "/tmp/dj-test-config-XXXXXX", sizeof(tmpdir));
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(ini_path, sizeof(ini_path), "%s/dangjian.ini", tmpdir);
    for (size_t i = 0; i < DJ_ARRAY_LEN(all_env); i++)
        unsetenv(all_env[i]);
}

static void teardown(void)
{
    unlink(ini_path);
    rmdir(tmpdir);
}

TestSuite(config, .init = setup, .fini = teardown);

static void write_ini(const char *text)
{
    FILE *f = fopen(ini_path, "w");

    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Load `text` over defaults; expect failure with `message`; cfg must stay at defaults. */
static void expect_load_error(const char *text, const char *message, const char *field)
{
    struct dj_config cfg, def;
    struct dj_err err = {0};

    dj_config_defaults(&def);
    cfg = def;
    write_ini(text);
    cr_assert_eq(dj_config_load_file(&cfg, ini_path, &err), DJ_EINVAL, "accepted:\n%s", text);
    cr_assert_str_eq(err.message, message);
    if (field)
        cr_assert_str_eq(err.field, field);
    cr_assert_eq(memcmp(&cfg, &def, sizeof(cfg)), 0, "config changed by a failed load");
}

static void assert_same_config(const struct dj_config *a, const struct dj_config *b)
{
    cr_assert_str_eq(a->listen, b->listen);
    cr_assert_eq(a->port, b->port);
    cr_assert_eq(a->threads, b->threads);
    cr_assert_str_eq(a->web_root, b->web_root);
    cr_assert_eq(a->json_max, b->json_max);
    cr_assert_eq(a->upload_max, b->upload_max);
    cr_assert_eq(a->cookie_secure, b->cookie_secure);
    cr_assert_str_eq(a->db_url, b->db_url);
    cr_assert_eq(a->session_idle_minutes, b->session_idle_minutes);
    cr_assert_eq(a->session_max_hours, b->session_max_hours);
    cr_assert_eq(a->lockout_attempts, b->lockout_attempts);
    cr_assert_eq(a->lockout_minutes, b->lockout_minutes);
    cr_assert_eq(a->password_min_length, b->password_min_length);
    cr_assert_eq(a->password_min_classes, b->password_min_classes);
    cr_assert_str_eq(a->log_level, b->log_level);
    cr_assert_eq(a->utc_offset_minutes, b->utc_offset_minutes);
    cr_assert_str_eq(a->today, b->today);
}

Test(config, defaults)
{
    struct dj_config cfg;

    memset(&cfg, 0x5a, sizeof(cfg));
    dj_config_defaults(&cfg);
    cr_assert_str_eq(cfg.listen, "127.0.0.1");
    cr_assert_eq(cfg.port, 8080);
    cr_assert_eq(cfg.threads, 4);
    cr_assert_str_eq(cfg.web_root, "web");
    cr_assert_eq(cfg.json_max, 1048576);
    cr_assert_eq(cfg.upload_max, 20971520);
    cr_assert_eq(cfg.cookie_secure, false);
    cr_assert_str_eq(cfg.db_url, "data/dangjian.db");
    cr_assert_eq(cfg.session_idle_minutes, 30);
    cr_assert_eq(cfg.session_max_hours, 12);
    cr_assert_eq(cfg.lockout_attempts, 5);
    cr_assert_eq(cfg.lockout_minutes, 15);
    cr_assert_eq(cfg.password_min_length, 8);
    cr_assert_eq(cfg.password_min_classes, 3);
    cr_assert_str_eq(cfg.log_level, "info");
    cr_assert_eq(cfg.utc_offset_minutes, 480);
    cr_assert_str_eq(cfg.today, "");
}

Test(config, load_file)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    write_ini("; dangjian test configuration\n"
              "[server]\n"
              "listen = 0.0.0.0\n"
              "port=9000\n"
              "threads = 8 ; inline comment\n"
              "web_root = /srv/dangjian/web\n"
              "json_max = 2M\n"
              "upload_max = 512k\n"
              "cookie_secure = yes\n"
              "\n"
              "# another comment style\n"
              "[database]\n"
              "url = /var/lib/dangjian/main.db\n"
              "[security]\n"
              "session_idle_minutes = 20\n"
              "lockout_attempts = 3\n"
              "password_min_classes = 4\n"
              "[log]\n"
              "level = debug\n"
              "[time]\n"
              "utc_offset_minutes = -300\n"
              "today = 2026-11-23\n");
    cr_assert_eq(dj_config_load_file(&cfg, ini_path, &err), 0, "%s", err.message);
    cr_assert_str_eq(cfg.listen, "0.0.0.0");
    cr_assert_eq(cfg.port, 9000);
    cr_assert_eq(cfg.threads, 8);
    cr_assert_str_eq(cfg.web_root, "/srv/dangjian/web");
    cr_assert_eq(cfg.json_max, 2 * 1024 * 1024);
    cr_assert_eq(cfg.upload_max, 512 * 1024);
    cr_assert_eq(cfg.cookie_secure, true);
    cr_assert_str_eq(cfg.db_url, "/var/lib/dangjian/main.db");
    cr_assert_eq(cfg.session_idle_minutes, 20);
    cr_assert_eq(cfg.session_max_hours, 12, "keys absent from the file keep their value");
    cr_assert_eq(cfg.lockout_attempts, 3);
    cr_assert_eq(cfg.password_min_classes, 4);
    cr_assert_str_eq(cfg.log_level, "debug");
    cr_assert_eq(cfg.utc_offset_minutes, -300);
    cr_assert_str_eq(cfg.today, "2026-11-23");
}

Test(config, load_file_with_bom_and_crlf)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    write_ini("\xEF\xBB\xBF[server]\r\nport = 8443\r\n");
    cr_assert_eq(dj_config_load_file(&cfg, ini_path, &err), 0, "%s", err.message);
    cr_assert_eq(cfg.port, 8443);
}

Test(config, unknown_key_names_key_and_line)
{
    expect_load_error("[server]\nport = 9000\nbogus = 1\n",
                      "配置文件第 3 行：未知的配置项 server.bogus", "server.bogus");
}

Test(config, unknown_section)
{
    expect_load_error("[server]\nport = 9000\n\n[mail]\nhost = x\n",
                      "配置文件第 5 行：未知的配置节 [mail]", "mail.host");
}

Test(config, key_outside_section)
{
    expect_load_error("port = 9000\n", "配置文件第 1 行：未知的配置项 port", "port");
}

Test(config, duplicate_key)
{
    expect_load_error("[server]\nport = 9000\nthreads = 2\nport = 9001\n",
                      "配置文件第 4 行：配置项 server.port 重复", "server.port");
}

Test(config, continuation_line_is_a_duplicate)
{
    expect_load_error("[server]\nport = 9000\n  9001\n", "配置文件第 3 行：配置项 server.port 重复",
                      "server.port");
}

Test(config, syntax_error)
{
    expect_load_error("[server]\nport 9000\n", "配置文件第 2 行格式不正确，应为 [节名] 或 键 = 值",
                      NULL);
    /* The first error wins, even when a later line also has a bad key. */
    expect_load_error("[server]\nport 9000\nbogus = 1\n",
                      "配置文件第 2 行格式不正确，应为 [节名] 或 键 = 值", NULL);
}

Test(config, bad_values_name_the_key)
{
    expect_load_error("[server]\nport = 70000\n",
                      "配置文件第 2 行：配置项 server.port 应为 0 到 65535 之间的整数",
                      "server.port");
    expect_load_error("[server]\nport = 80a\n",
                      "配置文件第 2 行：配置项 server.port 应为 0 到 65535 之间的整数",
                      "server.port");
    expect_load_error("[server]\nport =\n",
                      "配置文件第 2 行：配置项 server.port 应为 0 到 65535 之间的整数",
                      "server.port");
    expect_load_error("[server]\nthreads = 0\n",
                      "配置文件第 2 行：配置项 server.threads 应为 1 到 256 之间的整数",
                      "server.threads");
    expect_load_error("[server]\ncookie_secure = maybe\n",
                      "配置文件第 2 行：配置项 server.cookie_secure 应为 true 或 false",
                      "server.cookie_secure");
    expect_load_error("[log]\nlevel = verbose\n",
                      "配置文件第 2 行：配置项 log.level 应为 debug、info、warn、error 或 off",
                      "log.level");
    expect_load_error("[time]\ntoday = 2023-02-29\n",
                      "配置文件第 2 行：配置项 time.today "
                      "应为 YYYY-MM-DD 格式的有效日期，或留空表示使用系统时钟",
                      "time.today");
    expect_load_error("[database]\nurl =\n", "配置文件第 2 行：配置项 database.url 不能为空",
                      "database.url");
    expect_load_error("[server]\nlisten = localhost\n",
                      "配置文件第 2 行：配置项 server.listen 应为 IPv4 地址，例如 127.0.0.1",
                      "server.listen");
    expect_load_error("[security]\npassword_min_length = 6\n",
                      "配置文件第 2 行：配置项 security.password_min_length 应为 8 到 128 "
                      "之间的整数",
                      "security.password_min_length");
}

Test(config, valid_lines_before_an_error_are_not_applied)
{
    /* expect_load_error checks that cfg is unchanged although port was valid. */
    expect_load_error("[server]\nport = 9000\nthreads = 999\n",
                      "配置文件第 3 行：配置项 server.threads 应为 1 到 256 之间的整数",
                      "server.threads");
}

/* Load "[server]\nweb_root = /000...\n" whose second line is `len` bytes long. */
static int load_line_of(int len, struct dj_config *cfg, struct dj_err *err)
{
    char text[700];

    snprintf(text, sizeof(text), "[server]\nweb_root = /%0*d\n", len - 12, 0);
    write_ini(text);
    dj_config_defaults(cfg);
    return dj_config_load_file(cfg, ini_path, err);
}

Test(config, overlong_line)
{
    struct dj_config cfg;
    struct dj_err err = {0};
    int limit = 0;

    cr_assert_eq(load_line_of(600, &cfg, &err), DJ_EINVAL);
    cr_assert_eq(sscanf(err.message, "配置文件第 2 行过长，最多 %d 字节", &limit), 1, "%s",
                 err.message);
    cr_assert_str_eq(cfg.web_root, "web");
    /* The stated limit is exact: a line of that length loads, one byte more does not. */
    cr_assert_eq(load_line_of(limit, &cfg, &err), 0, "%d-byte line: %s", limit, err.message);
    cr_assert_eq(strlen(cfg.web_root), (size_t)limit - 11);
    cr_assert_eq(load_line_of(limit + 1, &cfg, &err), DJ_EINVAL);
    cr_assert_str_eq(cfg.web_root, "web");
}

Test(config, missing_file)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    cr_assert_eq(dj_config_load_file(&cfg, "/nonexistent/dangjian.ini", &err), DJ_EIO);
    cr_assert(strstr(err.message, "无法读取配置文件") == err.message, "%s", err.message);
    cr_assert(strstr(err.detail, "No such file") != NULL, "%s", err.detail);
    cr_assert_eq(dj_config_load_file(&cfg, "/nonexistent/dangjian.ini", NULL), DJ_EIO);
    /* A directory opens but cannot be read. */
    cr_assert_eq(dj_config_load_file(&cfg, tmpdir, &err), DJ_EIO);
    cr_assert_eq(cfg.port, 8080);
}

Test(config, sizes)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    cr_assert_eq(dj_config_set(&cfg, "server.json_max", "1k", &err), 0);
    cr_assert_eq(cfg.json_max, 1024);
    cr_assert_eq(dj_config_set(&cfg, "server.json_max", "64M", &err), 0);
    cr_assert_eq(cfg.json_max, 64 * 1024 * 1024);
    cr_assert_eq(dj_config_set(&cfg, "server.upload_max", "1G", &err), 0);
    cr_assert_eq(cfg.upload_max, (size_t)1 << 30);
    cr_assert_eq(dj_config_set(&cfg, "server.json_max", "4096", &err), 0);
    cr_assert_eq(cfg.json_max, 4096);

    static const char *const bad[] = {"65M",        "1023", "0",   "-1",  "1.5M",
                                      "M",          "",     "2MB", "+2M", "99999999999999999999G",
                                      "9999999999G"};
    for (size_t i = 0; i < DJ_ARRAY_LEN(bad); i++) {
        cr_assert_eq(dj_config_set(&cfg, "server.json_max", bad[i], &err), DJ_EINVAL,
                     "accepted '%s'", bad[i]);
        cr_assert_str_eq(
            err.message,
            "配置项 server.json_max 应为 1024 到 67108864 之间的字节数，可带 K、M、G 后缀");
        cr_assert_eq(cfg.json_max, 4096, "bad value changed the config");
    }
}

Test(config, bools)
{
    static const char *const yes[] = {"true", "1", "yes", "TRUE", "Yes"};
    static const char *const no[] = {"false", "0", "no", "FALSE", "No"};
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    for (size_t i = 0; i < DJ_ARRAY_LEN(yes); i++) {
        cfg.cookie_secure = false;
        cr_assert_eq(dj_config_set(&cfg, "server.cookie_secure", yes[i], &err), 0);
        cr_assert_eq(cfg.cookie_secure, true, "'%s'", yes[i]);
        cr_assert_eq(dj_config_set(&cfg, "server.cookie_secure", no[i], &err), 0);
        cr_assert_eq(cfg.cookie_secure, false, "'%s'", no[i]);
    }
    cr_assert_eq(dj_config_set(&cfg, "server.cookie_secure", "on", &err), DJ_EINVAL);
    cr_assert_eq(dj_config_set(&cfg, "server.cookie_secure", "", &err), DJ_EINVAL);
}

Test(config, strings)
{
    struct dj_config cfg;
    struct dj_err err = {0};
    char big[600];

    dj_config_defaults(&cfg);
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    cr_assert_eq(dj_config_set(&cfg, "server.web_root", big, &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "配置项 server.web_root 过长，最多 511 字节");
    big[511] = '\0';
    cr_assert_eq(dj_config_set(&cfg, "server.web_root", big, &err), 0);
    cr_assert_eq(strlen(cfg.web_root), 511);
    cr_assert_eq(dj_config_set(&cfg, "database.url", "a\nb", &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "配置项 database.url 不能包含控制字符");
    cr_assert_eq(dj_config_set(&cfg, "database.url", "数据/党建.db", &err), 0);
    cr_assert_str_eq(cfg.db_url, "数据/党建.db");
    cr_assert_eq(dj_config_set(&cfg, "time.today", "2026-11-23", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "time.today", "", &err), 0);
    cr_assert_str_eq(cfg.today, "");
    cr_assert_eq(dj_config_set(&cfg, "server.listen", "256.1.1.1", &err), DJ_EINVAL);
    cr_assert_eq(dj_config_set(&cfg, "server.listen", "10.0.0.5", &err), 0);
    cr_assert_str_eq(cfg.listen, "10.0.0.5");
}

Test(config, int_bounds)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    cr_assert_eq(dj_config_set(&cfg, "server.port", "0", &err), 0);
    cr_assert_eq(cfg.port, 0);
    cr_assert_eq(dj_config_set(&cfg, "server.port", "65535", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "server.port", "65536", &err), DJ_EINVAL);
    cr_assert_eq(dj_config_set(&cfg, "server.port", "-1", &err), DJ_EINVAL);
    cr_assert_eq(dj_config_set(&cfg, "server.port", "99999999999999999999", &err), DJ_EINVAL);
    cr_assert_eq(cfg.port, 65535);
    cr_assert_eq(dj_config_set(&cfg, "time.utc_offset_minutes", "-720", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "time.utc_offset_minutes", "840", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "time.utc_offset_minutes", "841", &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "配置项 time.utc_offset_minutes 应为 -720 到 840 之间的整数");
    cr_assert_str_eq(err.field, "time.utc_offset_minutes");
}

Test(config, set_unknown_key)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    cr_assert_eq(dj_config_set(&cfg, "server.colour", "blue", &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "未知的配置项 server.colour");
    cr_assert_str_eq(err.field, "server.colour");
}

Test(config, env_overrides_file)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    write_ini("[server]\nport = 9000\nthreads = 2\n[time]\ntoday = 2026-01-01\n");
    cr_assert_eq(dj_config_load_file(&cfg, ini_path, &err), 0, "%s", err.message);
    setenv("DJ_PORT", "9100", 1);
    setenv("DJ_DB", "/tmp/other.db", 1);
    setenv("DJ_COOKIE_SECURE", "1", 1);
    setenv("DJ_TODAY", "", 1);
    cr_assert_eq(dj_config_apply_env(&cfg, &err), 0, "%s", err.message);
    cr_assert_eq(cfg.port, 9100, "environment wins over the file");
    cr_assert_eq(cfg.threads, 2, "file value kept when no variable is set");
    cr_assert_str_eq(cfg.db_url, "/tmp/other.db");
    cr_assert_eq(cfg.cookie_secure, true);
    cr_assert_str_eq(cfg.today, "", "an empty DJ_TODAY clears the fixed date");
    unsetenv("DJ_PORT");
    unsetenv("DJ_DB");
    unsetenv("DJ_COOKIE_SECURE");
    unsetenv("DJ_TODAY");
}

Test(config, env_bad_value_names_variable)
{
    struct dj_config cfg, before;
    struct dj_err err = {0};

    dj_config_defaults(&cfg);
    before = cfg;
    setenv("DJ_THREADS", "4", 1);
    setenv("DJ_PORT", "http", 1);
    cr_assert_eq(dj_config_apply_env(&cfg, &err), DJ_EINVAL);
    cr_assert_str_eq(err.message, "环境变量 DJ_PORT 应为 0 到 65535 之间的整数");
    cr_assert_str_eq(err.field, "DJ_PORT");
    cr_assert_eq(memcmp(&cfg, &before, sizeof(cfg)), 0, "config changed by failed env apply");
    unsetenv("DJ_PORT");
    unsetenv("DJ_THREADS");
}

Test(config, env_every_variable_is_read)
{
    struct dj_config cfg;
    struct dj_err err = {0};

    for (size_t i = 0; i < DJ_ARRAY_LEN(all_env); i++)
        setenv(all_env[i], "\x01", 1); /* invalid for every type */
    /* Each variable in turn must be the one reported as bad. */
    for (size_t i = 0; i < DJ_ARRAY_LEN(all_env); i++) {
        dj_config_defaults(&cfg);
        cr_assert_eq(dj_config_apply_env(&cfg, &err), DJ_EINVAL, "%s", all_env[i]);
        cr_assert_str_eq(err.field, all_env[i]);
        unsetenv(all_env[i]);
    }
    dj_config_defaults(&cfg);
    cr_assert_eq(dj_config_apply_env(&cfg, &err), 0);
}

Test(config, dump_round_trips)
{
    struct dj_config cfg, back;
    struct dj_err err = {0};
    FILE *f;
    char text[2048];
    size_t n;

    dj_config_defaults(&cfg);
    cr_assert_eq(dj_config_set(&cfg, "server.port", "9443", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "server.cookie_secure", "true", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "server.upload_max", "5M", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "time.today", "2026-11-23", &err), 0);
    cr_assert_eq(dj_config_set(&cfg, "log.level", "warn", &err), 0);
    f = fopen(ini_path, "w");
    cr_assert_not_null(f);
    dj_config_dump(&cfg, f);
    cr_assert_eq(fclose(f), 0);

    f = fopen(ini_path, "r");
    n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    cr_assert(strstr(text, "[server]\nlisten = 127.0.0.1\nport = 9443\n") != NULL, "%s", text);
    cr_assert(strstr(text, "upload_max = 5242880\n") != NULL, "%s", text);
    cr_assert(strstr(text, "\n[time]\nutc_offset_minutes = 480\ntoday = 2026-11-23\n") != NULL,
              "%s", text);

    dj_config_defaults(&back);
    cr_assert_eq(dj_config_load_file(&back, ini_path, &err), 0, "%s", err.message);
    assert_same_config(&cfg, &back);
}
