/*
 * test_dict.c - dictionaries: national codes, lookups, table hygiene.
 */
#include "base/compat.h"

#include <criterion/criterion.h>

#include "model/dict.h"

Test(dict, nation_has_56_codes_in_standard_order)
{
    const struct dj_dict *d = dj_dict_find("nation");
    size_t i;

    cr_assert_not_null(d);
    cr_expect_str_eq(d->label, "民族");
    cr_assert_eq(d->n, 56);
    for (i = 0; i < d->n; i++) {
        char want[24];
        snprintf(want, sizeof(want), "%02zu", i + 1);
        cr_expect_str_eq(d->entries[i].code, want, "entry %zu", i);
    }
    cr_expect_str_eq(dj_dict_label(d, "01"), "汉族");
    cr_expect_str_eq(dj_dict_code(d, "汉族"), "01");
    cr_expect_str_eq(dj_dict_label(d, "05"), "维吾尔族");
    cr_expect_str_eq(dj_dict_label(d, "10"), "朝鲜族");
    cr_expect_str_eq(dj_dict_label(d, "29"), "柯尔克孜族");
    cr_expect_str_eq(dj_dict_label(d, "37"), "仡佬族");
    cr_expect_str_eq(dj_dict_label(d, "43"), "乌孜别克族");
    cr_expect_str_eq(dj_dict_label(d, "56"), "基诺族");
    cr_expect_null(dj_dict_label(d, "57"));
    cr_expect_null(dj_dict_label(d, "1"));
    cr_expect_null(dj_dict_label(d, "00"));
}

Test(dict, gender_gb_2261)
{
    const struct dj_dict *d = dj_dict_find("gender");

    cr_assert_not_null(d);
    cr_expect_str_eq(dj_dict_label(d, "1"), "男");
    cr_expect_str_eq(dj_dict_label(d, "2"), "女");
    cr_expect_str_eq(dj_dict_label(d, "0"), "未知的性别");
    cr_expect_str_eq(dj_dict_label(d, "9"), "未说明的性别");
    cr_expect_eq(d->n, 4);
}

Test(dict, education_and_degree_codes)
{
    const struct dj_dict *e = dj_dict_find("education");
    const struct dj_dict *g = dj_dict_find("degree");

    cr_assert_not_null(e);
    cr_assert_not_null(g);
    cr_expect_str_eq(dj_dict_label(e, "11"), "博士研究生");
    cr_expect_str_eq(dj_dict_label(e, "21"), "大学本科");
    cr_expect_str_eq(dj_dict_label(e, "31"), "大学专科");
    cr_expect_str_eq(dj_dict_label(e, "61"), "普通高中");
    cr_expect_str_eq(dj_dict_label(e, "90"), "其他");
    cr_expect_eq(e->n, 11);
    cr_expect_str_eq(dj_dict_code(g, "学士"), "4");
    cr_expect_str_eq(dj_dict_label(g, "9"), "无");
}

Test(dict, project_dictionaries)
{
    cr_expect_str_eq(dj_dict_code(dj_dict_find("org_kind"), "联合党支部"), "joint_branch");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("org_kind"), "building_group"), "楼栋党小组");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("person_category"), "farmer"), "农牧渔民");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("member_category"), "probationary"), "预备党员");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("member_status"), "lost_contact"), "失联排查中");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("leave_kind"), "lapsed"), "自行脱党");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("domain"), "private"), "非公有制企业");
    cr_expect_str_eq(dj_dict_label(dj_dict_find("role"), "branch_admin"), "支部管理员");
    cr_expect_eq(dj_dict_find("org_kind")->n, 10);
    cr_expect_eq(dj_dict_find("member_status")->n, 6);
    cr_expect_eq(dj_dict_find("domain")->n, 10);
    cr_expect_eq(dj_dict_find("role")->n, 5);
}

Test(dict, every_dictionary_is_well_formed)
{
    static const char *const names[] = {
        "gender",          "nation",        "education",  "degree", "org_kind", "person_category",
        "member_category", "member_status", "leave_kind", "domain", "role",
        "post",            "add_kind",
        "dues_purpose",
    };
    const struct dj_dict *const *all = dj_dict_all();
    size_t i, j, k, count = 0;

    for (i = 0; i < DJ_ARRAY_LEN(names); i++)
        cr_expect_not_null(dj_dict_find(names[i]), "missing dictionary %s", names[i]);
    for (i = 0; all[i]; i++) {
        const struct dj_dict *d = all[i];
        count++;
        cr_expect_eq(dj_dict_find(d->name), d, "%s not found by name", d->name);
        cr_expect(d->label && *d->label, "%s has no label", d->name);
        cr_expect(d->n > 0, "%s is empty", d->name);
        for (j = 0; j < i; j++)
            cr_expect_str_neq(all[j]->name, d->name, "duplicate dictionary %s", d->name);
        for (j = 0; j < d->n; j++) {
            const struct dj_dict_entry *e = &d->entries[j];
            cr_expect(e->code && *e->code && e->label && *e->label, "%s entry %zu", d->name, j);
            cr_expect(strlen(e->code) < 32, "%s code %s too long", d->name, e->code);
            for (k = 0; k < j; k++) {
                cr_expect_str_neq(d->entries[k].code, e->code, "%s: duplicate code", d->name);
                cr_expect_str_neq(d->entries[k].label, e->label, "%s: duplicate label", d->name);
            }
            cr_expect_str_eq(dj_dict_label(d, e->code), e->label);
            cr_expect_str_eq(dj_dict_code(d, e->label), e->code);
        }
    }
    cr_expect_eq(count, DJ_ARRAY_LEN(names));
}

Test(dict, lookups_tolerate_null_and_unknown)
{
    const struct dj_dict *d = dj_dict_find("gender");

    cr_expect_null(dj_dict_find("no_such"));
    cr_expect_null(dj_dict_find(NULL));
    cr_expect_null(dj_dict_label(NULL, "1"));
    cr_expect_null(dj_dict_label(d, NULL));
    cr_expect_null(dj_dict_label(d, "男"));
    cr_expect_null(dj_dict_code(d, "1"));
    cr_expect_null(dj_dict_code(NULL, "男"));
    cr_expect_null(dj_dict_label(d, ""));
}
