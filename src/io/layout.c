/*
 * layout.c - the national layouts (see layout.h and
 * spec/national-templates.md) and value normalisation for the quirks of real
 * exports.
 */
#include "base/compat.h"
#include "io/layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/money.h"

#define T DJ_V_TEXT
#define D DJ_V_DATE
#define YM DJ_V_YEARMONTH
#define ID DJ_V_IDCARD
#define PH DJ_V_PHONE
#define B DJ_V_BOOL
#define DI DJ_V_DICT
#define ORG DJ_V_ORGREF
#define IG DJ_V_IGNORE

static const struct dj_layout_col roster20[] = {
    {"姓名", NULL, "name", T, NULL},
    {"身份证号码", "身份证号|公民身份号码", "id_number", ID, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"出生日期", NULL, "birth_date", D, NULL},
    {"民族", NULL, "nation", DI, "nation"},
    {"学历", NULL, "education", DI, "education"},
    {"学位", NULL, "degree", DI, "degree"},
    {"入党日期", "入党时间", "joined_on", D, NULL},
    {"转正日期", "转正时间", "confirmed_on", D, NULL},
    {"工作岗位", NULL, "job", T, NULL},
    {"从事专业技术职务", "专业技术职务", "tech_title", T, NULL},
    {"新社会阶层类型", NULL, "new_class", T, NULL},
    {"人员类别", NULL, "person_category", DI, "person_category"},
    {"是否农民工", NULL, "migrant_worker", B, NULL},
    {"手机号码", "手机号", "phone", PH, NULL},
    {"所在党支部", NULL, "org_id", ORG, NULL},
    {"联合支部单位名称", NULL, "joint_unit_name", T, NULL},
    {"户籍所在地", NULL, "hukou", T, NULL},
    {"现居住地", NULL, "residence", T, NULL},
    {"信息完整度", NULL, NULL, IG, NULL},
};

static const struct dj_layout_col roster17[] = {
    {"姓名", NULL, "name", T, NULL},
    {"所属行业", NULL, "industry", T, NULL},
    {"身份证号码", "身份证号|公民身份号码", "id_number", ID, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"出生日期", NULL, "birth_date", D, NULL},
    {"民族", NULL, "nation", DI, "nation"},
    {"年龄", NULL, NULL, IG, NULL},
    {"学历", NULL, "education", DI, "education"},
    {"入党日期", "入党时间", "joined_on", D, NULL},
    {"转正日期", "转正时间", "confirmed_on", D, NULL},
    {"工作岗位", NULL, "job", T, NULL},
    {"人员类别", NULL, "person_category", DI, "person_category"},
    {"是否农民工", NULL, "migrant_worker", B, NULL},
    {"手机号码", "手机号", "phone", PH, NULL},
    {"联系电话", NULL, "tel", PH, NULL},
    {"所在党支部", NULL, "org_id", ORG, NULL},
    {"现居住地", NULL, "residence", T, NULL},
};

static const struct dj_layout_col danji[] = {
    {"姓名", NULL, "name", T, NULL},
    {"所在支部", "所在党支部", "org_id", ORG, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"民族", NULL, "nation", DI, "nation"},
    {"籍贯", NULL, "native_place", T, NULL},
    {"出生日期", NULL, "birth_date", D, NULL},
    {"身份证号", "身份证号码|公民身份号码", "id_number", ID, NULL},
    {"学历", NULL, "education", DI, "education"},
    {"学位", NULL, "degree", DI, "degree"},
    {"个人身份", NULL, "person_category", DI, "person_category"},
    {"国民经济行业", NULL, "industry", T, NULL},
    {"工作时间", "参加工作时间", "work_started_on", D, NULL},
    {"技术职务", NULL, "tech_title", T, NULL},
    {"手机号码", "手机号", "phone", PH, NULL},
    {"入党时间", "入党日期", "joined_on", D, NULL},
    {"转正时间", "转正日期", "confirmed_on", D, NULL},
    {"增加时间", NULL, "added_on", D, NULL},
    {"党员增加", NULL, "add_kind", DI, "add_kind"},
    {"所在单位", NULL, "work_unit", T, NULL},
    {"一线情况", NULL, "frontline", T, NULL},
    {"家庭地址", NULL, "home_address", T, NULL},
    {"首次录入时间", NULL, NULL, IG, NULL},
    {"最近更新时间", NULL, NULL, IG, NULL},
};

static const struct dj_layout_col orgs[] = {
    {"党委", "总支部|支部|党总支|党支部", NULL, DJ_V_SECTION, NULL},
    {"党组织代码", NULL, "code", T, NULL},
    {"党组织名称", NULL, "name", T, NULL},
    {"组织类别", NULL, "kind", DI, "org_kind"},
    {"所属行业", NULL, "industry", T, NULL},
    {"属地关系", NULL, "locality", T, NULL},
    {"党组织书记", NULL, "secretary_name", T, NULL},
    {"党组织联系人", NULL, "contact_name", T, NULL},
    {"联系电话", NULL, "contact_phone", PH, NULL},
    {"建立党组织日期", NULL, "founded_on", D, NULL},
    {"党组织所在单位情况", NULL, "unit_situation", T, NULL},
    {"党组织所在行政区划", NULL, "region_code", T, NULL},
    {"单位名称", NULL, "unit_name", T, NULL},
    {"单位隶属关系", NULL, "unit_affiliation", T, NULL},
    {"单位性质类别", NULL, "unit_nature", T, NULL},
    {"法人单位标识", NULL, "legal_entity", B, NULL},
    {"法人代表(单位负责人)", "法人代表", "legal_rep", T, NULL},
    {"民营科技企业标识", NULL, "private_tech", B, NULL},
    {"社会服务机构类别", NULL, "social_service_kind", T, NULL},
    {"事业单位类别", NULL, "institution_kind", T, NULL},
};

static const struct dj_layout_col applicants[] = {
    {"序号", NULL, NULL, IG, NULL},
    {"姓名", NULL, "name", T, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"民族", NULL, "nation", DI, "nation"},
    {"出生年月", NULL, "birth_month", YM, NULL},
    {"身份证号码", "身份证号", "id_number", ID, NULL},
    {"学历", NULL, "education", DI, "education"},
    {"单位、职务或职业", "单位职务或职业|单位,职务或职业", "work_unit", T, NULL},
    {"递交入党申请时间", "递交入党申请间|递交入党申请日期", "applied_on", D, NULL},
    {"确定入党积极分子时间", "确定为入党积极分子时间", "activist_on", D, NULL},
};

static const struct dj_layout_col develop[] = {
    {"姓名", NULL, "name", T, NULL},
    {"身份证号码", "身份证号", "id_number", ID, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"出生日期", NULL, "birth_date", D, NULL},
    {"民族", NULL, "nation", DI, "nation"},
    {"籍贯", NULL, "native_place", T, NULL},
    {"年龄", NULL, NULL, IG, NULL},
    {"学历", NULL, "education", DI, "education"},
    {"入党日期", "入党时间", "joined_on", D, NULL},
    {"转正日期", "转正时间", "confirmed_on", D, NULL},
};

static const struct dj_layout_col transfer_in[] = {
    {"姓名", NULL, "name", T, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"身份证号码", "身份证号", "id_number", ID, NULL},
    {"转接类别", NULL, "transfer_kind", T, NULL},
    {"转入日期", NULL, "transfer_on", D, NULL},
    {"原党组织名称", NULL, "from_org", T, NULL},
    {"目标党组织名称", NULL, "to_org", T, NULL},
    {"描述信息", NULL, "note", T, NULL},
    {"党费缴至日期", NULL, "dues_paid_to", YM, NULL},
};

static const struct dj_layout_col transfer_out[] = {
    {"序号", NULL, NULL, IG, NULL},
    {"姓名", NULL, "name", T, NULL},
    {"性别", NULL, "gender", DI, "gender"},
    {"身份证号码", "身份证号", "id_number", ID, NULL},
    {"转接类别", NULL, "transfer_kind", T, NULL},
    {"转出日期", NULL, "transfer_on", D, NULL},
    {"原党组织名称", NULL, "from_org", T, NULL},
    {"目标党组织名称", NULL, "to_org", T, NULL},
    {"描述信息", NULL, "note", T, NULL},
    {"党费缴至日期", NULL, "dues_paid_to", YM, NULL},
};

static const struct dj_layout_col deaths[] = {
    {"序号", NULL, NULL, IG, NULL},         {"姓名", NULL, "name", T, NULL},
    {"性别", NULL, "gender", DI, "gender"}, {"身份证号码", "身份证号", "id_number", ID, NULL},
    {"死亡日期", NULL, "died_on", D, NULL},
};

/*
 * 工资表 for 党费基数 (domain-rules §4.1, docs/dues.md): the regular monthly wage
 * items (key "+...": added) and the personal deductions (key "-...":
 * subtracted); the base is the after-tax regular wage. Only 姓名, 身份证号码,
 * 年度 and one wage item are needed; 月份 (from which month the base applies)
 * is optional. 党费基数 / 计算基数, when present, is taken as the base itself.
 */
static const struct dj_layout_col payroll[] = {
    {"序号", NULL, NULL, IG, NULL},
    {"姓名", NULL, "name", T, NULL},
    {"身份证号码", "身份证号|公民身份号码|证件号码", "id_number", ID, NULL},
    {"年度", "年份|核定年度", "year", DJ_V_INT, NULL},
    {"起始月份", "月份|执行月份", "from_month", DJ_V_INT, NULL},
    {"职务工资", NULL, "+duty", DJ_V_MONEY, NULL},
    {"级别工资", NULL, "+grade", DJ_V_MONEY, NULL},
    {"岗位工资", NULL, "+post", DJ_V_MONEY, NULL},
    {"薪级工资", NULL, "+scale", DJ_V_MONEY, NULL},
    {"技术等级工资", "技术等级(职务)工资|技术职务工资", "+skill", DJ_V_MONEY, NULL},
    {"绩效工资", "基础性绩效工资|基础绩效", "+merit", DJ_V_MONEY, NULL},
    {"津贴补贴", "津贴|规范津贴补贴", "+allowance", DJ_V_MONEY, NULL},
    {"基本工资", NULL, "+basic", DJ_V_MONEY, NULL},
    {"个人所得税", "代扣个人所得税|个税", "-tax", DJ_V_MONEY, NULL},
    {"养老保险", "基本养老保险|个人养老保险", "-pension", DJ_V_MONEY, NULL},
    {"职业年金", NULL, "-annuity", DJ_V_MONEY, NULL},
    {"医疗保险", "基本医疗保险", "-medical", DJ_V_MONEY, NULL},
    {"失业保险", NULL, "-unemployment", DJ_V_MONEY, NULL},
    {"住房公积金", "公积金", "-housing", DJ_V_MONEY, NULL},
    {"党费基数", "计算基数|党费计算基数", "base", DJ_V_MONEY, NULL},
    {"应发合计", "应发工资", NULL, IG, NULL},
    {"实发合计", "实发工资", NULL, IG, NULL},
};

#define L(id, code, name, record, imp, cols)                                                       \
    {                                                                                              \
        id, code, name, record, imp, cols, (int)DJ_ARRAY_LEN(cols), 0                              \
    }

static const struct dj_layout layouts[DJ_LAYOUT_COUNT] = {
    L(DJ_LAYOUT_ROSTER20, "roster20", "党员花名册（全国模板）", "member", true, roster20),
    L(DJ_LAYOUT_ROSTER17, "roster17", "党员花名册（全国导出，17 列）", "member", true, roster17),
    L(DJ_LAYOUT_DANJI, "danji", "党员列表（单机模板）", "member", true, danji),
    L(DJ_LAYOUT_ORGS, "orgs", "党组织名单", "org", true, orgs),
    L(DJ_LAYOUT_APPLICANTS, "applicants", "入党申请人名册", "applicant", true, applicants),
    L(DJ_LAYOUT_DEVELOP, "develop", "发展党员名册", "development", true, develop),
    L(DJ_LAYOUT_TRANSFER_IN, "transfer_in", "转入党员名册", "transfer", true, transfer_in),
    L(DJ_LAYOUT_TRANSFER_OUT, "transfer_out", "转出党员名册", "transfer", true, transfer_out),
    L(DJ_LAYOUT_DEATHS, "deaths", "死亡党员名册", "death", true, deaths),
    {DJ_LAYOUT_PAYROLL, "payroll", "工资表（党费基数）", "dues_base", true, payroll,
     (int)DJ_ARRAY_LEN(payroll), 4},
};

const struct dj_layout *dj_layout_get(enum dj_layout_id id)
{
    return (unsigned)id < DJ_LAYOUT_COUNT ? &layouts[id] : NULL;
}

const struct dj_layout *dj_layout_by_code(const char *code)
{
    for (int i = 0; i < DJ_LAYOUT_COUNT; i++)
        if (code && !strcmp(layouts[i].code, code))
            return &layouts[i];
    return NULL;
}

/* ---- headers -------------------------------------------------------------- */

void dj_layout_norm_header(const char *in, char *out, size_t outsz)
{
    static const struct {
        const char *from, *to;
    } map[] = {
        {"\xE3\x80\x80", ""},  /* U+3000 ideographic space */
        {"\xC2\xA0", ""},      /* NBSP */
        {"\xEF\xBC\x88", "("}, /* （ */
        {"\xEF\xBC\x89", ")"}, /* ） */
        {"\xEF\xBC\xBB", "["}, /* ［ */
        {"\xEF\xBC\xBD", "]"}, /* ］ */
        {"\xEF\xBC\x9A", ":"}, /* ： */
        {"\xEF\xBC\x8C", ","}, /* ， */
        {"*", ""},             /* required-column markers */
    };
    size_t o = 0;

    while (*in && o + 4 < outsz) {
        bool done = false;
        if (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n') {
            in++;
            continue;
        }
        for (size_t i = 0; i < DJ_ARRAY_LEN(map); i++) {
            size_t n = strlen(map[i].from);
            if (!strncmp(in, map[i].from, n)) {
                size_t m = strlen(map[i].to);
                memcpy(out + o, map[i].to, m);
                o += m;
                in += n;
                done = true;
                break;
            }
        }
        if (!done)
            out[o++] = *in++;
    }
    out[o] = '\0';
}

/* Whether the normalised header h names column c. */
static bool col_matches(const struct dj_layout_col *c, const char *h)
{
    char want[128];
    const char *v;

    dj_layout_norm_header(c->header, want, sizeof(want));
    if (!strcmp(want, h))
        return true;
    for (v = c->variants; v && *v;) {
        const char *bar = strchr(v, '|');
        size_t n = bar ? (size_t)(bar - v) : strlen(v);
        char tmp[128];
        snprintf(tmp, sizeof(tmp), "%.*s", (int)n, v);
        dj_layout_norm_header(tmp, want, sizeof(want));
        if (!strcmp(want, h))
            return true;
        v = bar ? bar + 1 : v + n;
    }
    return false;
}

static int score(const struct dj_layout *l, const struct dj_row *row, struct dj_layout_match *m)
{
    int unknown = 0;

    memset(m, 0, sizeof(*m));
    m->layout = l;
    for (int i = 0; i < DJ_SHEET_MAX_COLS; i++)
        m->col[i] = -1;
    for (int j = 0; j < 64; j++)
        m->where[j] = -1;
    for (int i = 0; i < row->ncells; i++) {
        char h[256];
        if (row->cells[i].kind == DJ_CELL_EMPTY)
            continue;
        dj_layout_norm_header(row->cells[i].text, h, sizeof(h));
        bool hit = false;
        for (int j = 0; j < l->ncols; j++) {
            if (m->where[j] >= 0 || !col_matches(&l->cols[j], h))
                continue;
            m->where[j] = i;
            m->col[i] = j;
            m->found++;
            hit = true;
            if (l->cols[j].kind == DJ_V_SECTION)
                dj_strlcpy(m->section, h, sizeof(m->section));
            break;
        }
        if (!hit)
            unknown++;
    }
    return m->found * 2 - unknown;
}

bool dj_layout_detect(const struct dj_row *row, struct dj_layout_match *m)
{
    struct dj_layout_match best, cur;
    int best_score = -1000;
    bool any = false;

    for (int i = 0; i < DJ_LAYOUT_COUNT; i++) {
        const struct dj_layout *l = &layouts[i];
        int s = score(l, row, &cur);
        bool named = false;
        for (int j = 0; j < l->ncols; j++)
            if (cur.where[j] >= 0 && l->cols[j].key && (!strcmp(l->cols[j].key, "name")))
                named = true;
        if (!named || (l->min_found ? cur.found < l->min_found : cur.found * 4 < l->ncols * 3))
            continue;
        /* prefer the higher score, then the layout with more columns matched */
        if (s > best_score || (s == best_score && cur.found > best.found)) {
            best = cur;
            best_score = s;
            any = true;
        }
    }
    if (any) {
        *m = best;
        m->header_row = row->number;
    }
    return any;
}

bool dj_layout_section_row(const struct dj_row *row, struct dj_layout_match *m)
{
    struct dj_layout_match tmp;

    if (m->layout->id != DJ_LAYOUT_ORGS || row->ncells < 2)
        return false;
    if (score(m->layout, row, &tmp) < 0 || tmp.found * 4 < m->layout->ncols * 3 || tmp.where[0] < 0)
        return false;
    dj_strlcpy(m->section, tmp.section, sizeof(m->section));
    return true;
}

/* ---- values --------------------------------------------------------------- */

static void trim_copy(const char *s, char *out, size_t outsz)
{
    size_t n;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    while (!strncmp(s, "\xE3\x80\x80", 3) || *s == ' ' || *s == '\t') /* full-width too */
        s += *s == ' ' || *s == '\t' ? 1 : 3;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    while (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
        n -= 3;
    if (n >= outsz)
        n = outsz - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static int bad_value(struct dj_err *err, const char *what, const char *v)
{
    return dj_err_set(err, DJ_EINVAL, NULL, "无法识别的%s「%.40s」", what, v);
}

/* Excel's 1900 date system: serial 1 = 1900-01-01, with its phantom 1900-02-29 (serial 60). */
static bool from_serial(double v, struct dj_date *d)
{
    long days = (long)floor(v);
    struct dj_date base = {1899, 12, 30};

    if (days < 1 || days > 2958465 || days == 60)
        return false;
    if (days < 60)
        days++; /* before the phantom day the epoch is one day later */
    *d = dj_date_add_days(base, (int)days);
    return dj_date_valid(*d);
}

/* Parse y, m, d from the digits of text dates in the accepted forms. */
static bool parse_date_text(const char *s, struct dj_date *d, bool *ym_only)
{
    int y = 0, m = 0, day = 0, n = 0;
    size_t len = strlen(s);
    char tail[8];

    *ym_only = false;
    if (len == 8 && strspn(s, "0123456789") == 8)
        return sscanf(s, "%4d%2d%2d", &y, &m, &day) == 3 &&
               dj_date_valid(*d = (struct dj_date){y, m, day});
    if (len == 6 && strspn(s, "0123456789") == 6) {
        *ym_only = true;
        return sscanf(s, "%4d%2d", &y, &m) == 2 && m >= 1 && m <= 12 &&
               dj_date_valid(*d = (struct dj_date){y, m, 1});
    }
    /* 1974-01-01, 1974/1/1, 1974.01.01, 1974年1月1日, and the year-month forms */
    if (sscanf(s, "%d%*[-/.年]%d%*[-/.月]%d%n", &y, &m, &day, &n) == 3) {
        const char *rest = s + n;
        if (!strcmp(rest, "") || !strcmp(rest, "日") || !strncmp(rest, " 00:00", 6) ||
            (rest[0] == ' ' && strspn(rest + 1, "0123456789:") == strlen(rest + 1)))
            return dj_date_valid(*d = (struct dj_date){y, m, day});
        return false;
    }
    n = 0;
    if (sscanf(s, "%d%*[-/.年]%d%n", &y, &m, &n) == 2) {
        snprintf(tail, sizeof(tail), "%s", s + n);
        if (strcmp(tail, "") && strcmp(tail, "月"))
            return false;
        *ym_only = true;
        return m >= 1 && m <= 12 && dj_date_valid(*d = (struct dj_date){y, m, 1});
    }
    return false;
}

static int value_date(enum dj_vkind kind, const struct dj_cell *c, const char *t, char *out,
                      size_t outsz, struct dj_err *err)
{
    struct dj_date d;
    bool ym = false;
    char text_digits[40];

    if (c->kind == DJ_CELL_NUMBER) {
        double v = c->num;
        char digits[40];
        dj_sheet_number_text(v, digits, sizeof(digits));
        if (v == floor(v) && (strlen(digits) == 8 || strlen(digits) == 6)) {
            if (!parse_date_text(digits, &d, &ym))
                return bad_value(err, "日期", digits);
        } else if (!from_serial(v, &d))
            return bad_value(err, "日期", digits);
    } else {
        size_t n = strspn(t, "0123456789");
        /* 20240501.0 and 202410.0 written out as text by a spreadsheet */
        if (n && n < sizeof(text_digits) && t[n] == '.' &&
            strspn(t + n + 1, "0") == strlen(t + n + 1)) {
            memcpy(text_digits, t, n);
            text_digits[n] = '\0';
            t = text_digits;
        }
        if (!parse_date_text(t, &d, &ym))
            return bad_value(err, "日期", t);
    }
    if (kind == DJ_V_YEARMONTH) {
        snprintf(out, outsz, "%04d-%02d", d.y, d.m);
        return 0;
    }
    if (ym)
        return dj_err_set(err, DJ_EINVAL, NULL, "日期「%.20s」缺少日，应为年-月-日", t);
    snprintf(out, outsz, "%04d-%02d-%02d", d.y, d.m, d.d);
    return 0;
}

int dj_layout_value(enum dj_vkind kind, const struct dj_cell *c, char *out, size_t outsz,
                    struct dj_err *err)
{
    char t[512];
    size_t w = 0;

    out[0] = '\0';
    if (c->kind == DJ_CELL_EMPTY)
        return 0;
    trim_copy(c->text, t, sizeof(t));
    if (!t[0])
        return 0;
    switch (kind) {
    case DJ_V_DATE:
    case DJ_V_YEARMONTH:
        return value_date(kind, c, t, out, outsz, err);
    case DJ_V_IDCARD:
        if (c->kind == DJ_CELL_NUMBER)
            return dj_err_set(
                err, DJ_EINVAL, NULL,
                "身份证号码被存成了数字（末几位可能已丢失），请将该列设为文本后重新导出");
        for (const char *p = t; *p && w + 1 < outsz; p++) {
            if (*p == ' ' || *p == '\t')
                continue;
            out[w++] = *p == 'x' ? 'X' : *p;
        }
        out[w] = '\0';
        return 0;
    case DJ_V_MONEY: {
        int64_t fen = 0;
        struct dj_err e2 = {0};
        char m[40];
        if (c->kind == DJ_CELL_NUMBER) {
            if (!isfinite(c->num) || fabs(c->num) > 1e12)
                return bad_value(err, "金额", t);
            fen = llround(c->num * 100.0);
        } else {
            for (const char *p = t; *p && w + 1 < sizeof(m); p++) {
                if (*p == ',' || *p == ' ')
                    continue;
                if (!strncmp(p, "\xEF\xBC\x8C", 3) || !strncmp(p, "\xE5\x85\x83", 3)) {
                    p += 2; /* ， and 元 */
                    continue;
                }
                m[w++] = *p;
            }
            m[w] = '\0';
            if (dj_money_parse(m, &fen, NULL, &e2))
                return bad_value(err, "金额", t);
        }
        dj_money_format(fen, out);
        return 0;
    }
    case DJ_V_INT: {
        double v = 0;
        char *end = NULL;
        if (c->kind == DJ_CELL_NUMBER)
            v = c->num;
        else {
            v = strtod(t, &end);
            if (end == t || (*end && strcmp(end, "年") && strcmp(end, "月")))
                return bad_value(err, "数字", t);
        }
        if (v != floor(v) || fabs(v) > 1e9)
            return bad_value(err, "数字", t);
        snprintf(out, outsz, "%lld", (long long)v);
        return 0;
    }
    case DJ_V_PHONE:
        if (c->kind == DJ_CELL_NUMBER) {
            dj_sheet_number_text(c->num, out, outsz);
            return 0;
        }
        w = strlen(t);
        if (w > 2 && !strcmp(t + w - 2, ".0") && strspn(t, "0123456789") == w - 2)
            t[w - 2] = '\0';
        snprintf(out, outsz, "%s", t);
        return 0;
    case DJ_V_BOOL:
        if (!strcmp(t, "是") || !strcasecmp(t, "y") || !strcasecmp(t, "yes") ||
            !strcasecmp(t, "true") || !strcmp(t, "1") || !strcmp(t, "√"))
            snprintf(out, outsz, "%s", "true");
        else if (!strcmp(t, "否") || !strcasecmp(t, "n") || !strcasecmp(t, "no") ||
                 !strcasecmp(t, "false") || !strcmp(t, "0") || !strcmp(t, "×"))
            snprintf(out, outsz, "%s", "false");
        else
            return bad_value(err, "是否值", t);
        return 0;
    default:
        snprintf(out, outsz, "%s", t);
        return 0;
    }
}
