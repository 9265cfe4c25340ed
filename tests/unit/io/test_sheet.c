/*
 * test_sheet.c - the row readers (CSV, .xlsx) and the layout module: RFC 4180
 * quoting, BOM and GB18030, xlsx cell types written by libxlsxwriter, caps,
 * truncated input, header detection below a title row and every value quirk
 * of spec/national-templates.md.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/layout.h"
#include "io/sheet.h"

static struct dj_sheet *open_mem(const char *s, size_t n)
{
    struct dj_sheet *sh = NULL;
    struct dj_err err = {0};
    int rc = dj_sheet_open_mem(s, n, NULL, &sh, &err);
    cr_assert_eq(rc, 0, "%s", err.message);
    return sh;
}

static const struct dj_row *next_row(struct dj_sheet *s)
{
    const struct dj_row *r = NULL;
    struct dj_err err = {0};
    int rc = dj_sheet_next(s, &r, &err);
    cr_assert_eq(rc, 1, "rc %d: %s", rc, err.message);
    return r;
}

Test(csv, rfc4180_quoting_bom_and_blank_rows)
{
    static const char in[] =
        "\xEF\xBB\xBF姓名,备注\r\n\"张,三\",\"说\"\"好\"\"\n第二行\"\r\n,\r\n李四,\n";
    struct dj_sheet *s = open_mem(in, sizeof(in) - 1);
    const struct dj_row *r = next_row(s);
    struct dj_err err = {0};

    cr_assert_str_eq(r->cells[0].text, "姓名", "the BOM is dropped");
    cr_assert_eq(r->number, 1);
    r = next_row(s);
    cr_assert_str_eq(r->cells[0].text, "张,三");
    cr_assert_str_eq(r->cells[1].text, "说\"好\"\n第二行");
    r = next_row(s);
    cr_assert_eq(r->number, 4, "the blank row 3 is skipped but keeps its number");
    cr_assert_str_eq(r->cells[0].text, "李四");
    cr_assert_eq(r->ncells, 1);
    cr_assert_eq(dj_sheet_next(s, &r, &err), 0);
    cr_assert_str_eq(dj_sheet_encoding(s), "utf-8");
    dj_sheet_close(s);
}

Test(csv, gb18030_is_converted)
{
    /* "姓名,民族\n张三,汉族\n" in GB18030 */
    static const char in[] =
        "\xD0\xD5\xC3\xFB,\xC3\xF1\xD7\xE5\n\xD5\xC5\xC8\xFD,\xBA\xBA\xD7\xE5\n";
    struct dj_sheet *s = open_mem(in, sizeof(in) - 1);
    const struct dj_row *r = next_row(s);

    cr_assert_str_eq(r->cells[1].text, "民族");
    r = next_row(s);
    cr_assert_str_eq(r->cells[0].text, "张三");
    cr_assert_str_eq(dj_sheet_encoding(s), "gb18030");
    dj_sheet_close(s);
}

Test(csv, unclosed_quote_and_caps_are_errors)
{
    struct dj_sheet_limits lim;
    struct dj_sheet *s;
    const struct dj_row *r;
    struct dj_err err = {0};

    s = open_mem("a,\"b\nc", 6);
    cr_assert_eq(dj_sheet_next(s, &r, &err), DJ_EINVAL);
    cr_assert(strstr(err.message, "引号"), "%s", err.message);
    dj_sheet_close(s);

    dj_sheet_limits_default(&lim);
    lim.max_rows = 2;
    cr_assert_eq(dj_sheet_open_mem("a\nb\nc\n", 6, &lim, &s, &err), 0);
    cr_assert_eq(dj_sheet_next(s, &r, &err), 1);
    cr_assert_eq(dj_sheet_next(s, &r, &err), 1);
    cr_assert_eq(dj_sheet_next(s, &r, &err), DJ_ETOOBIG);
    dj_sheet_close(s);

    lim.max_rows = 100;
    lim.max_cell_bytes = 4;
    cr_assert_eq(dj_sheet_open_mem("abcdef\n", 7, &lim, &s, &err), 0);
    cr_assert_eq(dj_sheet_next(s, &r, &err), DJ_ETOOBIG);
    dj_sheet_close(s);

    cr_assert_eq(dj_sheet_open_mem("", 0, NULL, &s, &err), DJ_EINVAL);
    cr_assert_eq(dj_sheet_open_mem("%PDF-1.4", 8, NULL, &s, &err), DJ_EINVAL);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;

    cr_assert(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len);
    cr_assert_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return buf;
}

/* A workbook with a title row, a header and one member, written by libxlsxwriter. */
static char *make_xlsx(size_t *n, bool constant_memory)
{
    char path[] = "/tmp/dj-test-sheet-XXXXXX";
    int fd = mkstemp(path);
    lxw_workbook_options opts = {.constant_memory = constant_memory, .tmpdir = NULL};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    char *buf;

    cr_assert(fd >= 0);
    close(fd);
    wb = workbook_new_opt(path, &opts);
    ws = workbook_add_worksheet(wb, "花名册");
    worksheet_write_string(ws, 0, 0, "2024年党员花名册", NULL);
    worksheet_write_string(ws, 1, 0, "姓名", NULL);
    worksheet_write_string(ws, 1, 1, "身份证号码 ", NULL);
    worksheet_write_string(ws, 1, 2, "入党日期", NULL);
    worksheet_write_string(ws, 1, 3, "手机号码", NULL);
    worksheet_write_string(ws, 1, 4, "是否农民工", NULL);
    worksheet_write_string(ws, 2, 0, "测甲子", NULL);
    worksheet_write_string(ws, 2, 1, "99010119610202001x ", NULL);
    worksheet_write_number(ws, 2, 2, 20240501.0, NULL);
    worksheet_write_number(ws, 2, 3, 13293527899.0, NULL);
    worksheet_write_boolean(ws, 2, 4, 0, NULL);
    worksheet_write_number(ws, 4, 30, 45000, NULL); /* a far cell after a blank row */
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    buf = slurp(path, n);
    unlink(path);
    return buf;
}

static void check_xlsx(bool constant_memory)
{
    size_t n;
    char *data = make_xlsx(&n, constant_memory);
    struct dj_sheet *s = open_mem(data, n);
    const struct dj_row *r;
    struct dj_err err = {0};

    cr_assert_eq(dj_sheet_format(s), DJ_IO_XLSX);
    r = next_row(s);
    cr_assert_str_eq(r->cells[0].text, "2024年党员花名册");
    r = next_row(s);
    cr_assert_str_eq(r->cells[1].text, "身份证号码 ");
    r = next_row(s);
    cr_assert_eq(r->number, 3);
    cr_assert_str_eq(r->cells[0].text, "测甲子");
    cr_assert_eq(r->cells[2].kind, DJ_CELL_NUMBER);
    cr_assert_str_eq(r->cells[2].text, "20240501");
    cr_assert_str_eq(r->cells[3].text, "13293527899");
    cr_assert_eq(r->cells[4].kind, DJ_CELL_BOOL);
    cr_assert_str_eq(r->cells[4].text, "FALSE");
    r = next_row(s);
    cr_assert_eq(r->number, 5);
    cr_assert_eq(r->ncells, 31);
    cr_assert_eq(r->cells[30].num, 45000);
    cr_assert_eq(dj_sheet_next(s, &r, &err), 0);
    dj_sheet_close(s);

    /* every truncation of the file is refused cleanly (or ends early), never crashes */
    for (size_t cut = 0; cut < n; cut += n / 40 + 1) {
        struct dj_sheet *t = NULL;
        int rc = dj_sheet_open_mem(data, cut, NULL, &t, &err);
        if (!rc) {
            while ((rc = dj_sheet_next(t, &r, &err)) == 1)
                ;
            dj_sheet_close(t);
        }
        cr_assert(rc <= 0);
    }
    free(data);
}

Test(xlsx, shared_and_inline_strings_numbers_booleans)
{
    check_xlsx(false); /* shared strings */
    check_xlsx(true);  /* constant_memory: inline strings */
}

Test(xlsx, caps_on_entries_and_ratio)
{
    size_t n;
    char *data = make_xlsx(&n, false);
    struct dj_sheet_limits lim;
    struct dj_sheet *s = NULL;
    const struct dj_row *r;
    struct dj_err err = {0};
    int rc;

    dj_sheet_limits_default(&lim);
    lim.max_zip_entries = 3;
    cr_assert_eq(dj_sheet_open_mem(data, n, &lim, &s, &err), DJ_ETOOBIG);
    cr_assert(strstr(err.message, "过多"), "%s", err.message);
    dj_sheet_limits_default(&lim);
    lim.max_xml_bytes = 300; /* the sheet unpacks to more than this */
    rc = dj_sheet_open_mem(data, n, &lim, &s, &err);
    if (!rc) {
        while ((rc = dj_sheet_next(s, &r, &err)) == 1)
            ;
        dj_sheet_close(s);
    }
    cr_assert_eq(rc, DJ_ETOOBIG);
    cr_assert(strstr(err.message, "压缩"), "%s", err.message);
    dj_sheet_limits_default(&lim);
    lim.max_rows = 2;
    cr_assert_eq(dj_sheet_open_mem(data, n, &lim, &s, &err), 0);
    cr_assert_eq(dj_sheet_next(s, &r, &err), 1);
    cr_assert_eq(dj_sheet_next(s, &r, &err), 1);
    cr_assert_eq(dj_sheet_next(s, &r, &err), DJ_ETOOBIG);
    dj_sheet_close(s);
    free(data);
}

/* ---- layouts ------------------------------------------------------------- */

static struct dj_row header(const char *const *cells, int n)
{
    struct dj_row r;
    memset(&r, 0, sizeof(r));
    r.number = 2;
    r.ncells = n;
    for (int i = 0; i < n; i++) {
        r.cells[i].kind = DJ_CELL_TEXT;
        r.cells[i].text = cells[i];
    }
    return r;
}

Test(layout, detects_every_layout_with_variants)
{
    static const char *const r20[] = {"姓名",
                                      "身份证号码",
                                      "性别",
                                      "出生日期",
                                      "民族",
                                      "学历",
                                      "学位",
                                      "入党日期",
                                      "转正日期",
                                      "工作岗位",
                                      "从事专业技术职务",
                                      "新社会阶层类型",
                                      "人员类别",
                                      "是否农民工 ",
                                      "手机号码",
                                      "所在党支部",
                                      "联合支部单位名称",
                                      "户籍所在地",
                                      "现居住地",
                                      "信息完整度"};
    static const char *const r17[] = {
        "姓名",       "所属行业", "身份证号码", "性别",       "出生日期", "民族",
        "年龄",       "学历",     "入党日期",   "转正日期",   "工作岗位", "人员类别",
        "是否农民工", "手机号码", "联系电话",   "所在党支部", "现居住地"};
    static const char *const orgs[] = {"总支部",
                                       "党组织代码",
                                       "党组织名称",
                                       "组织类别",
                                       "所属行业",
                                       "属地关系",
                                       "党组织书记",
                                       "党组织联系人",
                                       "联系电话",
                                       "建立党组织日期",
                                       "党组织所在单位情况",
                                       "党组织所在行政区划",
                                       "单位名称",
                                       "单位隶属关系",
                                       "单位性质类别",
                                       "法人单位标识",
                                       "法人代表（单位负责人）",
                                       "民营科技企业标识",
                                       "社会服务机构类别",
                                       "事业单位类别"};
    static const char *const app[] = {"序号",           "姓名",
                                      "性别",           "民族",
                                      "出生年月",       "身份证号码",
                                      "学历",           "单位、职务或职业",
                                      "递交入党申请间", "确定入党积极分子时间"};
    static const char *const dev[] = {"姓名", "身份证号码", "性别", "出生日期", "民族",
                                      "籍贯", "年龄",       "学历", "入党日期", "转正日期"};
    static const char *const dead[] = {"序号", "姓名", "性别", "身份证号码", "死亡日期"};
    static const char *const title[] = {"2024年转入党员名册"};
    struct dj_layout_match m;
    struct dj_row r;

    r = header(r20, 20);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_ROSTER20);
    cr_assert_eq(m.where[13], 13, "是否农民工 with a trailing space");
    r = header(r17, 17);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_ROSTER17);
    r = header(orgs, 20);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_ORGS);
    cr_assert_str_eq(m.section, "总支部");
    cr_assert_eq(m.where[16], 16, "full-width brackets");
    r = header(app, 10);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_APPLICANTS);
    cr_assert_eq(m.where[8], 8, "the misspelt 递交入党申请间");
    r = header(dev, 10);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_DEVELOP);
    r = header(dead, 5);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_DEATHS);
    r = header(title, 1);
    cr_assert_not(dj_layout_detect(&r, &m), "a title row is not a header");
}

static const char *val(enum dj_vkind k, enum dj_cell_kind ck, const char *text, double num)
{
    static char out[128];
    struct dj_cell c = {ck, text, num};
    struct dj_err err = {0};

    if (dj_layout_value(k, &c, out, sizeof(out), &err))
        return NULL;
    return out;
}

Test(layout, values_in_every_form_the_spec_lists)
{
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_TEXT, "1974-01-01", 0), "1974-01-01");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_TEXT, "19910912", 0), "1991-09-12");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_NUMBER, "20240501", 20240501.0), "2024-05-01");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_TEXT, "20240501.0", 0), "2024-05-01");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_TEXT, "1974/1/2", 0), "1974-01-02");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_TEXT, "1974年1月2日", 0), "1974-01-02");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_NUMBER, "38000", 38000), "2004-01-14");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_NUMBER, "1", 1), "1900-01-01");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_NUMBER, "61", 61), "1900-03-01");
    cr_assert_str_eq(val(DJ_V_DATE, DJ_CELL_DATE, "2020-02-29", 0), "2020-02-29");
    cr_assert_null(val(DJ_V_DATE, DJ_CELL_TEXT, "20230229", 0), "not a day");
    cr_assert_null(val(DJ_V_DATE, DJ_CELL_TEXT, "2024-10", 0), "a date needs its day");
    cr_assert_null(val(DJ_V_DATE, DJ_CELL_TEXT, "明天", 0));
    cr_assert_str_eq(val(DJ_V_YEARMONTH, DJ_CELL_NUMBER, "202410", 202410.0), "2024-10");
    cr_assert_str_eq(val(DJ_V_YEARMONTH, DJ_CELL_TEXT, "2024-10", 0), "2024-10");
    cr_assert_str_eq(val(DJ_V_YEARMONTH, DJ_CELL_TEXT, "202410.0", 0), "2024-10");
    cr_assert_null(val(DJ_V_YEARMONTH, DJ_CELL_TEXT, "202413", 0));
    cr_assert_str_eq(val(DJ_V_PHONE, DJ_CELL_NUMBER, "13293527899", 13293527899.0), "13293527899");
    cr_assert_str_eq(val(DJ_V_PHONE, DJ_CELL_TEXT, "13293527899.0", 0), "13293527899");
    cr_assert_str_eq(val(DJ_V_PHONE, DJ_CELL_TEXT, "5551234", 0), "5551234");
    cr_assert_str_eq(val(DJ_V_IDCARD, DJ_CELL_TEXT, "99010119610202001x ", 0),
                     "99010119610202001X");
    cr_assert_str_eq(val(DJ_V_IDCARD, DJ_CELL_TEXT, " 990101 19610202001X", 0),
                     "99010119610202001X");
    cr_assert_null(val(DJ_V_IDCARD, DJ_CELL_NUMBER, "990101196102020000", 9.901011961e17),
                   "an ID stored as a number has lost digits");
    cr_assert_str_eq(val(DJ_V_BOOL, DJ_CELL_TEXT, "是", 0), "true");
    cr_assert_str_eq(val(DJ_V_BOOL, DJ_CELL_BOOL, "FALSE", 0), "false");
    cr_assert_null(val(DJ_V_BOOL, DJ_CELL_TEXT, "也许", 0));
    cr_assert_str_eq(val(DJ_V_TEXT, DJ_CELL_TEXT, "\xE3\x80\x80 虚构路 ", 0), "虚构路");
    cr_assert_str_eq(val(DJ_V_TEXT, DJ_CELL_EMPTY, "", 0), "");
}

Test(layout, payroll_sheet_with_a_few_wage_items)
{
    static const char *const pay[] = {"序号",     "姓名",     "公民身份号码 ", "年度",
                                      "岗位工资", "薪级工资", "津贴补贴",     "应发合计",
                                      "个税",     "养老保险", "住房公积金",   "实发合计"};
    static const char *const few[] = {"姓名", "身份证号", "年份"};
    static const char *const dead[] = {"序号", "姓名", "性别", "身份证号码", "死亡日期"};
    struct dj_layout_match m;
    struct dj_row r;

    r = header(pay, 12);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_PAYROLL);
    cr_assert_eq(m.found, 12, "variants and the ignored totals");
    r = header(few, 3);
    cr_assert_not(dj_layout_detect(&r, &m), "three columns are not a payroll sheet");
    r = header(dead, 5);
    cr_assert(dj_layout_detect(&r, &m));
    cr_assert_eq(m.layout->id, DJ_LAYOUT_DEATHS, "序号/姓名/身份证号码 do not make a payroll");
}

Test(layout, money_and_whole_numbers)
{
    cr_assert_str_eq(val(DJ_V_MONEY, DJ_CELL_NUMBER, "6500.5", 6500.5), "6500.50");
    cr_assert_str_eq(val(DJ_V_MONEY, DJ_CELL_NUMBER, "120.3", 120.3), "120.30");
    cr_assert_str_eq(val(DJ_V_MONEY, DJ_CELL_TEXT, "1,500.50", 0), "1500.50");
    cr_assert_str_eq(val(DJ_V_MONEY, DJ_CELL_TEXT, "3000元", 0), "3000.00");
    cr_assert_str_eq(val(DJ_V_MONEY, DJ_CELL_TEXT, "0", 0), "0.00");
    cr_assert_null(val(DJ_V_MONEY, DJ_CELL_TEXT, "五百", 0));
    cr_assert_null(val(DJ_V_MONEY, DJ_CELL_TEXT, "1.234", 0), "at most two decimals");
    cr_assert_str_eq(val(DJ_V_INT, DJ_CELL_NUMBER, "2025", 2025.0), "2025");
    cr_assert_str_eq(val(DJ_V_INT, DJ_CELL_TEXT, "2025年", 0), "2025");
    cr_assert_null(val(DJ_V_INT, DJ_CELL_TEXT, "2025.5", 0));
    cr_assert_null(val(DJ_V_INT, DJ_CELL_TEXT, "明年", 0));
}
