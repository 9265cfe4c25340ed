/*
 * transfer_letter.c - the 党员组织关系介绍信 as a PDF (transfer.h): one A4
 * page with the 存根 (kept by the issuing 基层党委), the 主件 (handed to the
 * member for the receiving organisation) and the 回执 (returned by the
 * receiver), separated by dashed cut lines, in the national wording with
 * the filled-in blanks underlined. The same struct dj_transfer_letter as the
 * HTML print page (web/js/pages/transfer_letter.js) and the CLI.
 */
#include "base/compat.h"
#include "svc/transfer.h"

#include "io/pdf.h"
#include "rules/transfer_rules.h"

#define RUN(s) ((struct dj_pdf_run){(s), false})
#define FILL(s) ((struct dj_pdf_run){(s), true})
#define NRUNS(a) (sizeof(a) / sizeof((a)[0]))

static bool is(const char *a, const char *b)
{
    return a && !strcmp(a, b);
}

/* "2026年11月23日", or "" when the date is not set (printed as a blank). */
static const char *cn_date(struct dj_arena *arena, struct dj_date d)
{
    return dj_date_isset(d) ? dj_arena_printf(arena, "%d年%d月%d日", d.y, d.m, d.d) : "";
}

/* The letter number at the right: "编号 组转〔2026〕1号", or "第 N 号" for a bare number. */
static void number_line(struct dj_pdf *p, const char *no)
{
    size_t n = no ? strlen(no) : 0;

    if (n >= 3 && !strcmp(no + n - 3, "号")) {
        struct dj_pdf_run r[] = {RUN("编号 "), FILL(no)};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    } else {
        struct dj_pdf_run r[] = {RUN("第 "), FILL(no), RUN(" 号")};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    }
}

int dj_transfer_letter_render_pdf(const struct dj_transfer_letter *l, struct dj_arena *arena,
                                  struct dj_buf *out, struct dj_err *err)
{
    struct dj_pdf *p = dj_pdf_new("中国共产党党员组织关系介绍信");
    const char *age = l->age > 0 ? dj_arena_printf(arena, "%d", l->age) : "";
    const char *dues =
        l->dues_year > 0 ? dj_arena_printf(arena, "%d年%d月", l->dues_year, l->dues_month) : "";
    const char *days = l->valid_days > 0 ? dj_arena_printf(arena, "%d", l->valid_days) : "";
    const char *until = cn_date(arena, l->valid_until);
    const char *issued = cn_date(arena, l->issued_on);
    struct dj_date back = dj_date_isset(l->receipt_on) ? l->receipt_on : l->received_on;
    const char *seam = dj_arena_printf(arena, "（骑缝　%s）", l->letter_no ? l->letter_no : "");

    /* 存根: kept by the issuing 基层党委 */
    dj_pdf_title(p, "中国共产党党员组织关系介绍信（存根）");
    number_line(p, l->letter_no);
    {
        struct dj_pdf_run r[] = {RUN("\u3000\u3000"),
                                 FILL(l->member_name),
                                 RUN(" 同志（"),
                                 FILL(l->gender_label),
                                 RUN("），"),
                                 FILL(age),
                                 RUN(" 岁，"),
                                 FILL(l->nation_label),
                                 RUN("，系中共"),
                                 FILL(l->category_label),
                                 RUN("党员，身份证号码 "),
                                 FILL(l->id_masked),
                                 RUN("，组织关系由 "),
                                 FILL(l->from_name),
                                 RUN(" 转到 "),
                                 FILL(l->to_name),
                                 RUN("。")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    {
        struct dj_pdf_run r[] = {RUN("\u3000\u3000党费交到 "),
                                 FILL(dues),
                                 RUN("。有效期 "),
                                 FILL(days),
                                 RUN(" 天（至 "),
                                 FILL(until),
                                 RUN("）。")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    dj_pdf_space(p, 4);
    {
        struct dj_pdf_run r[] = {FILL(l->issuer_name), RUN("　"), FILL(issued)};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    }
    dj_pdf_cut_line(p, seam);
    dj_pdf_space(p, 8);

    /* 主件: to the receiving organisation */
    dj_pdf_title(p, "中国共产党党员组织关系介绍信");
    number_line(p, l->letter_no);
    {
        struct dj_pdf_run r[] = {FILL(l->to_name), RUN("：")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    {
        struct dj_pdf_run r[] = {RUN("\u3000\u3000"),
                                 FILL(l->member_name),
                                 RUN(" 同志（"),
                                 FILL(l->gender_label),
                                 RUN("），"),
                                 FILL(age),
                                 RUN(" 岁，"),
                                 FILL(l->nation_label),
                                 RUN("，系中共"),
                                 FILL(l->category_label),
                                 RUN("党员，身份证号码 "),
                                 FILL(l->id_masked),
                                 RUN("，由 "),
                                 FILL(l->from_name),
                                 RUN(" 去 "),
                                 FILL(l->to_name),
                                 RUN("，请转接组织关系。")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    {
        struct dj_pdf_run r[] = {RUN("\u3000\u3000该同志党费已交到 "), FILL(dues), RUN("。")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    {
        struct dj_pdf_run r[] = {RUN("\u3000\u3000（有效期 "), FILL(days), RUN(" 天，至 "),
                                 FILL(until), RUN("）")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    dj_pdf_space(p, 16); /* room for the seal */
    {
        struct dj_pdf_run r[] = {FILL(l->issuer_name), RUN("（盖章）")};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    }
    {
        struct dj_pdf_run r[] = {FILL(issued)};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    }
    dj_pdf_cut_line(p, "（沿此线剪下）");
    dj_pdf_space(p, 8);

    /* 回执: returned by the receiver to the issuer */
    dj_pdf_title(p, "中国共产党党员组织关系介绍信回执");
    number_line(p, l->letter_no);
    {
        struct dj_pdf_run r[] = {FILL(l->issuer_name), RUN("：")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    {
        struct dj_pdf_run r[] = {RUN("\u3000\u3000"), FILL(l->member_name),
                                 RUN(" 同志的党员组织关系已转达我处，特此回执。")};
        dj_pdf_runs(p, r, NRUNS(r), 'l');
    }
    dj_pdf_space(p, 16);
    {
        struct dj_pdf_run r[] = {FILL(l->to_name), RUN("（盖章）")};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    }
    if (dj_date_isset(back)) {
        struct dj_pdf_run r[] = {FILL(cn_date(arena, back))};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    } else {
        struct dj_pdf_run r[] = {FILL("\u3000\u3000\u3000"), RUN("年"),
                                 FILL("\u3000\u3000"),       RUN("月"),
                                 FILL("\u3000\u3000"),       RUN("日")};
        dj_pdf_runs(p, r, NRUNS(r), 'r');
    }
    return dj_pdf_finish(p, out, err);
}

int dj_transfer_letter_pdf(struct dj_db *db, const struct dj_actor *actor, int64_t id,
                           struct dj_arena *arena, struct dj_transfer_letter *letter,
                           struct dj_buf *out, struct dj_err *err)
{
    int rc;

    if ((rc = dj_transfer_letter(db, actor, id, arena, letter, err)))
        return rc;
    if (!is(letter->state, "issued") && !is(letter->state, "received") &&
        !is(letter->state, "completed"))
        return dj_err_set(err, DJ_ECONFLICT, "state", "介绍信已作废（%s），不能打印",
                          dj_transfer_state_label(letter->state));
    return dj_transfer_letter_render_pdf(letter, arena, out, err);
}
