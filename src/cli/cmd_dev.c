/*
 * cmd_dev.c - dangjian dev list | show | add | step | submit | approve |
 * return | reviews | roll | plan | counts | deadlines: 发展党员 from the
 * command line over the same svc/dev.c calls as the API (the CLI operator
 * acts as a system administrator; every change is audited).
 *
 * Options are turned into the same JSON bodies the API reads (api/dev.h),
 * so a step is parsed and checked identically whichever door it comes in.
 */
#include "base/compat.h"
#include "api/dev.h"
#include "cli/cli.h"
#include "model/dev_rec.h"

void dj_help_dev(void)
{
    puts("用法：\n"
         "  dangjian dev list [--org 组织ID] [--stage 阶段|all] [--q 姓名] [--limit N]\n"
         "      列出入党申请人（默认只列发展中的）；阶段：applicant 入党申请人、activist "
         "入党积极分子、\n"
         "      candidate 发展对象、probationary 预备党员、full 正式党员、cancelled "
         "已取消预备党员资格。\n"
         "  dangjian dev show 申请人ID [--unmasked]\n"
         "      显示一名申请人、已记录的步骤和下一步应办事项（含期限和依据）。\n"
         "  dangjian dev add --org 党支部ID --name 姓名 --id-number 身份证号码 --applied-on 日期\n"
         "                   [--phone 电话] [--education 学历代码] [--nation 民族代码] [--job "
         "岗位]\n"
         "                   [--work-unit 单位] [--leaving-on 预计离开单位日期]\n"
         "      新建入党申请人（第 1 步：递交入党申请书；须年满 18 周岁）。\n"
         "  dangjian dev step 申请人ID --kind 步骤 --date 日期 [--meeting 会议] [--note 说明]\n"
         "                    [--document 材料名称 ...] [步骤所需选项]\n"
         "      记录一个步骤，所有规定当场检查。步骤所需选项：\n"
         "        contacts / introducers：--people 党员ID,党员ID\n"
         "        political_review：--conclusion passed|failed\n"
         "        training：--days N --hours N\n"
         "        admission_vote / conversion_vote：--expected N --present N --yes N [--no N]\n"
         "            [--abstain N] [--written-yes N] [--written-no N]\n"
         "        conversion_vote：--outcome convert|extend|cancel [--extension-months N]\n"
         "        approval：[--special]（特殊情况，最长 6 个月）\n"
         "        send_back（退回培养）：--reason 原因\n"
         "      步骤代码见 GET /api/dev/steps（talk、activist、candidate、prereview、approval "
         "……）。\n"
         "  dangjian dev submit 申请人ID --kind prereview|approval|conversion_approval [--date "
         "日期]\n"
         "      党支部把需要上级党委决定的步骤提交审核。\n"
         "  dangjian dev reviews [--inbox] [--status pending|approved|returned]\n"
         "      审核列表；--inbox 只列本人可以审批的。\n"
         "  dangjian dev approve 审核ID [--date 日期] [--meeting 会议] [--special] [--note 说明]\n"
         "  dangjian dev return 审核ID --reason 原因 [--date 日期]\n"
         "      基层党委审批通过或退回（均写入审计日志）。\n"
         "  dangjian dev roll [--org 组织ID] [--roll applicants|development] [--stage 阶段]\n"
         "      入党申请人名册或发展党员名册（制表符分隔，身份证号码脱敏）。\n"
         "  dangjian dev plan --org 组织ID --year 年度 [--planned N [--under35 N] [--note 说明]]\n"
         "      给了 --planned 时设定年度发展计划，否则列出该组织及下级的计划和完成数。\n"
         "  dangjian dev counts [--org 组织ID]\n"
         "      按阶段、35 岁以下和学历统计。\n"
         "  dangjian dev deadlines [--org 组织ID] [--from 日期] [--to 日期]\n"
         "      谈话到期、可确定为发展对象、预备期满、审批期限。");
}

static int usage(const char *msg)
{
    fprintf(stderr, "错误：%s（dangjian dev --help 查看用法）\n", msg);
    return 2;
}

static int parse_id(const char *s, const char *what, int64_t *out)
{
    char *end;
    long long v;

    if (!s || !*s)
        return usage(what);
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0) {
        fprintf(stderr, "错误：%s应为正整数：%s\n", what, s);
        return 2;
    }
    *out = v;
    return 0;
}

/* "--written-yes" -> "written_yes" */
static void opt_key(const char *opt, char *key, size_t sz)
{
    dj_strlcpy(key, opt + 2, sz);
    for (char *p = key; *p; p++)
        if (*p == '-')
            *p = '_';
}

static bool is_int_key(const char *k)
{
    static const char *const ints[] = {
        "days", "hours",   "extension_months", "group_id",   "org_id", "expected", "present", "yes",
        "no",   "abstain", "written_yes",      "written_no", "year",   "planned",  "under35"};
    for (size_t i = 0; i < DJ_ARRAY_LEN(ints); i++)
        if (!strcmp(ints[i], k))
            return true;
    return false;
}

static bool is_vote_key(const char *k)
{
    return !strcmp(k, "expected") || !strcmp(k, "present") || !strcmp(k, "yes") ||
           !strcmp(k, "no") || !strcmp(k, "abstain") || !strcmp(k, "written_yes") ||
           !strcmp(k, "written_no");
}

/*
 * Options from argv[first] on into a JSON object: --flag (no value) for the
 * keys in `flags`, --people a,b as an array under people_key, --document as
 * a list, integers for the numeric keys, votes under "vote". Returns NULL
 * after printing a usage error.
 */
static json_t *options_json(int argc, char **argv, int first, const char *const *flags,
                            const char *people_key)
{
    json_t *o = json_object(), *vote = NULL, *docs = NULL;

    for (int i = first; i < argc; i++) {
        char key[64];
        bool flag = false;

        if (strncmp(argv[i], "--", 2)) {
            usage(argv[i]);
            json_decref(o);
            return NULL;
        }
        opt_key(argv[i], key, sizeof(key));
        if (!strcmp(key, "org"))
            dj_strlcpy(key, "org_id", sizeof(key));
        if (!strcmp(key, "group"))
            dj_strlcpy(key, "group_id", sizeof(key));
        for (const char *const *f = flags; f && *f; f++)
            flag = flag || !strcmp(*f, key);
        if (flag) {
            json_object_set_new(o, key, json_true());
            continue;
        }
        if (i + 1 >= argc) {
            usage("选项缺少取值");
            json_decref(o);
            return NULL;
        }
        {
            const char *v = argv[++i];
            if (!strcmp(key, "people")) {
                json_t *arr = json_array();
                for (const char *t = v; *t;) {
                    char *end;
                    long long n = strtoll(t, &end, 10);
                    json_array_append_new(arr, end == t ? json_string(t) : json_integer(n));
                    if (end == t)
                        break;
                    t = *end == ',' ? end + 1 : end;
                    if (*end && *end != ',') {
                        json_array_append_new(arr, json_string(end));
                        break;
                    }
                }
                json_object_set_new(o, people_key ? people_key : "people", arr);
            } else if (!strcmp(key, "document")) {
                if (!docs)
                    docs = json_array();
                json_array_append_new(docs, json_string(v));
            } else if (is_int_key(key)) {
                char *end;
                long long n = strtoll(v, &end, 10);
                json_t *jn = *end || !*v ? json_string(v) : json_integer(n);
                if (is_vote_key(key)) {
                    if (!vote)
                        vote = json_object();
                    json_object_set_new(vote, key, jn);
                } else {
                    json_object_set_new(o, key, jn);
                }
            } else {
                json_object_set_new(o, key, json_string(v));
            }
        }
    }
    if (vote)
        json_object_set_new(o, "vote", vote);
    if (docs)
        json_object_set_new(o, "documents", docs);
    return o;
}

static const char *dt(struct dj_date d, char *buf)
{
    return dj_date_isset(d) ? dj_date_format(d, buf) : "-";
}

static void print_applicant(const struct dj_dev_applicant *a, bool unmasked)
{
    json_t *o = dj_rec_to_json(&dj_dev_applicant_desc, a, unmasked ? DJ_OUT_UNMASKED : 0);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(s);
    free(s);
    json_decref(o);
}

static int do_list(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dev_query q = {0};
    struct dj_dev_applicant *rows;
    struct dj_err err = {0};
    int64_t total, org = 0;
    char b1[11], b2[11];
    int n;

    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc)
            return usage("选项缺少取值");
        if (!strcmp(o, "--org")) {
            if (parse_id(argv[++i], "--org ", &org))
                return 2;
        } else if (!strcmp(o, "--stage"))
            q.stage = argv[++i];
        else if (!strcmp(o, "--q"))
            q.q = argv[++i];
        else if (!strcmp(o, "--limit"))
            q.limit = (int)strtol(argv[++i], NULL, 10);
        else
            return usage(o);
    }
    q.org_id = org;
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dev_list(c->db, &c->actor, &q, c->arena, &rows, &n, &total, &err))
        return dj_cli_fail(&err);
    printf("编号\t姓名\t阶段\t递交申请\t确定积极分子\t所在党支部\n");
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].name,
               rows[i].stage_label, dt(rows[i].applied_on, b1), dt(rows[i].activist_on, b2),
               rows[i].org_name ? rows[i].org_name : "");
    printf("共 %lld 人\n", (long long)total);
    return 0;
}

static int do_show(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dev_applicant a;
    struct dj_dev_event *ev;
    struct dj_dev_next *nx;
    struct dj_dev_review *rv;
    struct dj_err err = {0};
    bool unmasked = argc == 4 && !strcmp(argv[3], "--unmasked");
    int nev, nnx, nrv;
    int64_t id;
    char b[11];

    if (parse_id(argc > 2 ? argv[2] : NULL, "申请人ID", &id))
        return 2;
    if (argc > 4 || (argc == 4 && !unmasked))
        return usage("dangjian dev show 申请人ID [--unmasked]");
    if (dj_cli_open(c, false))
        return 1;
    if ((unmasked && dj_dev_get(c->db, &c->actor, id, true, c->arena, &a, &err)) ||
        dj_dev_timeline(c->db, &c->actor, id, c->arena,
                        unmasked ? &(struct dj_dev_applicant){0} : &a, &ev, &nev, &nx, &nnx, &rv,
                        &nrv, &err))
        return dj_cli_fail(&err);
    print_applicant(&a, unmasked);
    puts("已记录的步骤：");
    for (int i = 0; i < nev; i++)
        printf("  %s\t第 %d 步\t%s%s%s\t（%s 记录）%s%s\n", dt(ev[i].on, b), ev[i].step, ev[i].kind,
               ev[i].meeting ? "\t" : "", ev[i].meeting ? ev[i].meeting : "", ev[i].username,
               ev[i].warning ? "\t提醒：" : "", ev[i].warning ? ev[i].warning : "");
    puts("下一步：");
    for (int i = 0; i < nnx; i++)
        printf("  第 %d 步 %s\t%s%s\t%s%s%s\n", nx[i].step, nx[i].label,
               nx[i].earliest ? "最早 " : "", dt(nx[i].due, b), nx[i].overdue ? "（已逾期）" : "",
               nx[i].why, *nx[i].rule_id ? "" : "");
    for (int i = 0; i < nrv; i++)
        printf("审核 %lld：第 %d 步 %s（%s）\n", (long long)rv[i].id, rv[i].step, rv[i].status,
               rv[i].reason ? rv[i].reason : "");
    return 0;
}

static int do_add(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dev_applicant in = {0}, out;
    struct dj_err err = {0};
    json_t *body = options_json(argc, argv, 2, NULL, NULL);
    int rc;

    if (!body)
        return 2;
    if (dj_cli_open(c, false)) {
        json_decref(body);
        return 1;
    }
    rc = dj_rec_from_json(&dj_dev_applicant_desc, body, &in, DJ_REC_CREATE, c->arena, &err);
    if (!rc)
        rc = dj_dev_create(c->db, &c->actor, &in, c->arena, &out, &err);
    json_decref(body);
    if (rc)
        return dj_cli_fail(&err);
    printf("已新建入党申请人 %lld：%s（%s）\n", (long long)out.id, out.name, out.stage_label);
    return 0;
}

static int do_step(struct dj_cli *c, int argc, char **argv, bool submit)
{
    static const char *const flags[] = {"special", NULL};
    struct dj_dev_step_in in = {0};
    struct dj_dev_applicant out;
    struct dj_err err = {0};
    char warning[256] = "";
    json_t *body;
    const char *kind;
    int64_t id, rid = 0;
    int rc;

    if (parse_id(argc > 2 ? argv[2] : NULL, "申请人ID", &id))
        return 2;
    if (!(body = options_json(argc, argv, 3, flags, NULL)))
        return 2;
    /* --people goes to contacts or introducers by the step */
    kind = json_string_value(json_object_get(body, "kind"));
    if (json_object_get(body, "people")) {
        json_object_set(body, kind && !strcmp(kind, "contacts") ? "contacts" : "introducers",
                        json_object_get(body, "people"));
        json_object_del(body, "people");
    }
    rc = dj_api_dev_parse_step(body, &in, true, &err);
    if (!rc && submit && !dj_date_isset(in.on))
        in.on = dj_date_today(c->cfg.utc_offset_minutes);
    if (!rc && dj_cli_open(c, false)) {
        json_decref(body);
        return 1;
    }
    if (!rc)
        rc = submit ? dj_dev_submit(c->db, &c->actor, id, &in, &rid, &err)
                    : dj_dev_step(c->db, &c->actor, id, &in, c->arena, &out, warning, &err);
    if (!rc && !submit)
        printf("已记录：%s（当前阶段：%s）\n", dj_dev_step_find(in.kind)->label, out.stage_label);
    json_decref(body);
    if (rc)
        return dj_cli_fail(&err);
    if (submit)
        printf("已提交审核 %lld，等待上级党委处理\n", (long long)rid);
    if (warning[0])
        printf("提醒：%s\n", warning);
    return 0;
}

static int do_reviews(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dev_review *rows;
    struct dj_err err = {0};
    const char *status = NULL;
    bool inbox = false;
    char b[11];
    int n;

    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--inbox"))
            inbox = true;
        else if (!strcmp(argv[i], "--status") && i + 1 < argc)
            status = argv[++i];
        else
            return usage(argv[i]);
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dev_reviews(c->db, &c->actor, inbox, status, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    printf("审核ID\t申请人\t步骤\t状态\t提交日期\t党支部\t审批党委\n");
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%d\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].applicant_name,
               rows[i].step, rows[i].status, dt(rows[i].submitted_on, b), rows[i].org_name,
               rows[i].approver_name);
    return 0;
}

static int do_decide(struct dj_cli *c, int argc, char **argv, bool approve)
{
    static const char *const flags[] = {"special", NULL};
    struct dj_dev_step_in in = {0};
    struct dj_dev_applicant out;
    struct dj_err err = {0};
    json_t *body;
    int64_t rid;
    int rc;

    if (parse_id(argc > 2 ? argv[2] : NULL, "审核ID", &rid))
        return 2;
    if (!(body = options_json(argc, argv, 3, flags, NULL)))
        return 2;
    rc = dj_api_dev_parse_step(body, &in, false, &err);
    if (!rc && dj_cli_open(c, false)) {
        json_decref(body);
        return 1;
    }
    if (!rc)
        rc = approve ? dj_dev_approve(c->db, &c->actor, rid, &in, c->arena, &out, &err)
                     : dj_dev_return(c->db, &c->actor, rid, in.on, in.reason, &err);
    json_decref(body);
    if (rc)
        return dj_cli_fail(&err);
    if (approve)
        printf("已审批通过（当前阶段：%s）\n", out.stage_label);
    else
        puts("已退回");
    return 0;
}

static int do_roll(struct dj_cli *c, int argc, char **argv)
{
    const char *kind = NULL, *stage = NULL;
    struct dj_err err = {0};
    int64_t org = 0;
    json_t *out, *row, *cell;
    size_t i, j;

    for (int k = 2; k < argc; k++) {
        if (k + 1 >= argc)
            return usage("选项缺少取值");
        if (!strcmp(argv[k], "--org")) {
            if (parse_id(argv[++k], "--org ", &org))
                return 2;
        } else if (!strcmp(argv[k], "--roll"))
            kind = argv[++k];
        else if (!strcmp(argv[k], "--stage"))
            stage = argv[++k];
        else
            return usage(argv[k]);
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_api_dev_roll(c->db, &c->actor, org, kind, stage, c->arena, &out, &err))
        return dj_cli_fail(&err);
    puts(json_string_value(json_object_get(out, "title")));
    json_array_foreach(json_object_get(out, "columns"), i, cell)
        printf("%s%s", i ? "\t" : "", json_string_value(cell));
    putchar('\n');
    json_array_foreach(json_object_get(out, "rows"), i, row)
    {
        json_array_foreach(row, j, cell)
        {
            if (json_is_integer(cell))
                printf("%s%lld", j ? "\t" : "", (long long)json_integer_value(cell));
            else
                printf("%s%s", j ? "\t" : "", json_is_string(cell) ? json_string_value(cell) : "");
        }
        putchar('\n');
    }
    json_decref(out);
    return 0;
}

static int do_plan(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dev_plan p = {0}, *rows;
    struct dj_err err = {0};
    bool set = false;
    int n;

    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc)
            return usage("选项缺少取值");
        if (!strcmp(o, "--org")) {
            if (parse_id(argv[++i], "--org ", &p.org_id))
                return 2;
        } else if (!strcmp(o, "--year"))
            p.year = strtoll(argv[++i], NULL, 10);
        else if (!strcmp(o, "--planned")) {
            p.planned = strtoll(argv[++i], NULL, 10);
            set = true;
        } else if (!strcmp(o, "--under35"))
            p.under35 = strtoll(argv[++i], NULL, 10);
        else if (!strcmp(o, "--note"))
            p.note = argv[++i];
        else
            return usage(o);
    }
    if (!p.year)
        return usage("须给出 --year 年度");
    if (dj_cli_open(c, false))
        return 1;
    if (set) {
        if (dj_dev_plan_set(c->db, &c->actor, &p, &err))
            return dj_cli_fail(&err);
        printf("已设定 %lld 年发展计划：%lld 名（其中 35 岁以下 %lld 名）\n", (long long)p.year,
               (long long)p.planned, (long long)p.under35);
        return 0;
    }
    if (dj_dev_plans(c->db, &c->actor, p.org_id, p.year, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    printf("组织\t年度\t计划\t其中35岁以下\t已接收\n");
    for (int i = 0; i < n; i++)
        printf("%s\t%lld\t%lld\t%lld\t%lld\n", rows[i].org_name, (long long)rows[i].year,
               (long long)rows[i].planned, (long long)rows[i].under35,
               (long long)rows[i].developed);
    return 0;
}

static int do_counts(struct dj_cli *c, int argc, char **argv)
{
    struct dj_dev_count *rows;
    struct dj_err err = {0};
    int64_t org = 0;
    int n;

    if (argc == 4 && !strcmp(argv[2], "--org")) {
        if (parse_id(argv[3], "--org ", &org))
            return 2;
    } else if (argc != 2)
        return usage("dangjian dev counts [--org 组织ID]");
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dev_counts(c->db, &c->actor, org, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    printf("阶段\t学历\t人数\t其中35岁以下\n");
    for (int i = 0; i < n; i++)
        printf("%s\t%s\t%lld\t%lld\n", dj_dev_stage_label(rows[i].stage),
               rows[i].education ? rows[i].education : "-", (long long)rows[i].total,
               (long long)rows[i].under35);
    return 0;
}

static int do_deadlines(struct dj_cli *c, int argc, char **argv)
{
    static const char *const levels[] = {"提示", "待办", "已逾期"};
    struct dj_date t = dj_date_today(c->cfg.utc_offset_minutes);
    struct dj_date from = dj_date_add_years(t, -1), to = dj_date_add_months(t, 3);
    struct dj_deadline *rows;
    struct dj_err err = {0};
    int64_t org = 0;
    char b[11];
    int n;

    for (int i = 2; i < argc; i++) {
        if (i + 1 >= argc)
            return usage("选项缺少取值");
        if (!strcmp(argv[i], "--org")) {
            if (parse_id(argv[++i], "--org ", &org))
                return 2;
        } else if (!strcmp(argv[i], "--from") || !strcmp(argv[i], "--to")) {
            struct dj_date *d = !strcmp(argv[i], "--from") ? &from : &to;
            if (dj_date_parse(argv[++i], d, "date", &err))
                return dj_cli_fail(&err);
        } else
            return usage(argv[i]);
    }
    if (dj_cli_open(c, false))
        return 1;
    if (dj_dev_deadlines(c->db, &c->actor, org, from, to, c->arena, &rows, &n, &err))
        return dj_cli_fail(&err);
    for (int i = 0; i < n; i++)
        printf("%s\t%s\t%s\t%s\t%s\n", dt(rows[i].due, b), levels[rows[i].level], rows[i].kind,
               rows[i].title, rows[i].rule_id);
    return 0;
}

int dj_cmd_dev(struct dj_cli *c, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "";

    if (!strcmp(sub, "list"))
        return do_list(c, argc, argv);
    if (!strcmp(sub, "show"))
        return do_show(c, argc, argv);
    if (!strcmp(sub, "add"))
        return do_add(c, argc, argv);
    if (!strcmp(sub, "step"))
        return do_step(c, argc, argv, false);
    if (!strcmp(sub, "submit"))
        return do_step(c, argc, argv, true);
    if (!strcmp(sub, "reviews"))
        return do_reviews(c, argc, argv);
    if (!strcmp(sub, "approve"))
        return do_decide(c, argc, argv, true);
    if (!strcmp(sub, "return"))
        return do_decide(c, argc, argv, false);
    if (!strcmp(sub, "roll"))
        return do_roll(c, argc, argv);
    if (!strcmp(sub, "plan"))
        return do_plan(c, argc, argv);
    if (!strcmp(sub, "counts"))
        return do_counts(c, argc, argv);
    if (!strcmp(sub, "deadlines"))
        return do_deadlines(c, argc, argv);
    dj_help_dev();
    return 2;
}
