/*
 * dict.c - the dictionaries (code -> Chinese label) used by DJ_FT_DICT fields.
 *
 * Every dictionary is a static table below; dj_dict_all() lists them in the
 * order the meta document shows them. Where a national standard exists its
 * codes are used verbatim (性别 GB/T 2261.1, 民族 GB 3304, 学历 GB/T 4658,
 * 学位 GB/T 6864); elsewhere the codes are short, stable ASCII words that are
 * stored in the database and must never be renamed (add, don't rename).
 * See docs/model.md for how to add a dictionary.
 */
#include "base/compat.h"
#include "model/dict.h"

#define DICT(name, label, entries)                                                                 \
    {                                                                                              \
        name, label, entries, DJ_ARRAY_LEN(entries)                                                \
    }

/* GB/T 2261.1-2003. 男/女 first because forms offer them first. */
static const struct dj_dict_entry gender_entries[] = {
    {"1", "男"},
    {"2", "女"},
    {"0", "未知的性别"},
    {"9", "未说明的性别"},
};

/* GB 3304-1991, the 56 nationalities in the standard's order. */
static const struct dj_dict_entry nation_entries[] = {
    {"01", "汉族"},       {"02", "蒙古族"},   {"03", "回族"},       {"04", "藏族"},
    {"05", "维吾尔族"},   {"06", "苗族"},     {"07", "彝族"},       {"08", "壮族"},
    {"09", "布依族"},     {"10", "朝鲜族"},   {"11", "满族"},       {"12", "侗族"},
    {"13", "瑶族"},       {"14", "白族"},     {"15", "土家族"},     {"16", "哈尼族"},
    {"17", "哈萨克族"},   {"18", "傣族"},     {"19", "黎族"},       {"20", "傈僳族"},
    {"21", "佤族"},       {"22", "畲族"},     {"23", "高山族"},     {"24", "拉祜族"},
    {"25", "水族"},       {"26", "东乡族"},   {"27", "纳西族"},     {"28", "景颇族"},
    {"29", "柯尔克孜族"}, {"30", "土族"},     {"31", "达斡尔族"},   {"32", "仫佬族"},
    {"33", "羌族"},       {"34", "布朗族"},   {"35", "撒拉族"},     {"36", "毛南族"},
    {"37", "仡佬族"},     {"38", "锡伯族"},   {"39", "阿昌族"},     {"40", "普米族"},
    {"41", "塔吉克族"},   {"42", "怒族"},     {"43", "乌孜别克族"}, {"44", "俄罗斯族"},
    {"45", "鄂温克族"},   {"46", "德昂族"},   {"47", "保安族"},     {"48", "裕固族"},
    {"49", "京族"},       {"50", "塔塔尔族"}, {"51", "独龙族"},     {"52", "鄂伦春族"},
    {"53", "赫哲族"},     {"54", "门巴族"},   {"55", "珞巴族"},     {"56", "基诺族"},
};

/* GB/T 4658-2006 graduation codes (the "毕业" level of each stage). */
static const struct dj_dict_entry education_entries[] = {
    {"11", "博士研究生"}, {"14", "硕士研究生"}, {"21", "大学本科"}, {"31", "大学专科"},
    {"41", "中等专科"},   {"44", "职业高中"},   {"47", "技工学校"}, {"61", "普通高中"},
    {"71", "初中"},       {"81", "小学"},       {"90", "其他"},
};

/* GB/T 6864-2003 first-level codes; "9" (无) is ours for "no degree". */
static const struct dj_dict_entry degree_entries[] = {
    {"2", "博士"},
    {"3", "硕士"},
    {"4", "学士"},
    {"9", "无"},
};

/* 组织类别: the national export uses these labels; the codes are ours. */
static const struct dj_dict_entry org_kind_entries[] = {
    {"committee", "党委"},
    {"work_committee", "党工委"},
    {"general_branch", "党总支"},
    {"branch", "党支部"},
    {"joint_branch", "联合党支部"},
    {"temp_branch", "临时党支部"},
    {"group", "党小组"},
    {"community_committee", "社区党委"},
    {"grid_branch", "网格党支部"},
    {"building_group", "楼栋党小组"},
};

/* 人员类别 as in the 党员花名册 export; the codes are ours. */
static const struct dj_dict_entry person_category_entries[] = {
    {"worker", "工人"},
    {"farmer", "农牧渔民"},
    {"professional", "专业技术人员"},
    {"manager", "企事业单位管理人员"},
    {"official", "党政机关工作人员"},
    {"student", "学生"},
    {"retired", "离退休人员"},
    {"military", "军人武警"},
    {"other", "其他"},
};

static const struct dj_dict_entry member_category_entries[] = {
    {"full", "正式党员"},
    {"probationary", "预备党员"},
};

static const struct dj_dict_entry member_status_entries[] = {
    {"normal", "正常"},        {"mobile", "流动"}, {"lost_contact", "失联排查中"},
    {"suspended", "停止党籍"}, {"left", "出党"},   {"deceased", "死亡"},
};

/* 党员增加 (how the member came onto this roll), as in the 单机模板 export. */
static const struct dj_dict_entry add_kind_entries[] = {
    {"new", "新入党"},
    {"internal", "本系统内部其他支部转入"},
    {"transfer_in", "从其他系统转入"},
    {"restored", "恢复党籍"},
    {"other", "其他"},
};

/* How a member left the Party (member_status "left"). */
static const struct dj_dict_entry leave_kind_entries[] = {
    {"removed", "除名"},
    {"expelled", "开除"},
    {"withdrew", "退党"},
    {"lapsed", "自行脱党"},
    {"cancelled", "取消预备党员资格"},
};

static const struct dj_dict_entry domain_entries[] = {
    {"rural", "农村"},           {"community", "社区"}, {"organ", "机关"},
    {"institution", "事业单位"}, {"soe", "国有企业"},   {"private", "非公有制企业"},
    {"social_org", "社会组织"},  {"school", "学校"},    {"hospital", "医院"},
    {"other", "其他"},
};

/* Posts in a party organisation (org_posts.post); the codes are ours. */
static const struct dj_dict_entry post_entries[] = {
    {"secretary", "书记"},       {"deputy_secretary", "副书记"}, {"organization", "组织委员"},
    {"propaganda", "宣传委员"},  {"discipline", "纪检委员"},     {"member", "委员"},
    {"group_leader", "党小组长"},
};

static const struct dj_dict_entry role_entries[] = {
    {"sysadmin", "系统管理员"}, {"org_admin", "组织管理员"}, {"branch_admin", "支部管理员"},
    {"auditor", "审计员"},      {"member", "党员"},
};

/* 党费的用途 (中组发〔2008〕3号: 党费主要用于...); codes in svc/dues.h dj_dues_purposes order. */
static const struct dj_dict_entry dues_purpose_entries[] = {
    {"training", "教育培训党员"},
    {"publications", "订阅党报党刊和党员教育资料"},
    {"commendation", "表彰先进基层党组织和优秀党员"},
    {"hardship", "慰问补助生活困难党员"},
    {"elderly", "补助生活困难的老党员"},
    {"disaster", "补助受灾党员和修缮受灾党员教育设施"},
};

static const struct dj_dict dict_gender = DICT("gender", "性别", gender_entries);
static const struct dj_dict dict_nation = DICT("nation", "民族", nation_entries);
static const struct dj_dict dict_education = DICT("education", "学历", education_entries);
static const struct dj_dict dict_degree = DICT("degree", "学位", degree_entries);
static const struct dj_dict dict_org_kind = DICT("org_kind", "组织类别", org_kind_entries);
static const struct dj_dict dict_person_category =
    DICT("person_category", "人员类别", person_category_entries);
static const struct dj_dict dict_member_category =
    DICT("member_category", "党员类别", member_category_entries);
static const struct dj_dict dict_member_status =
    DICT("member_status", "党员状态", member_status_entries);
static const struct dj_dict dict_leave_kind = DICT("leave_kind", "出党方式", leave_kind_entries);
static const struct dj_dict dict_add_kind = DICT("add_kind", "党员增加", add_kind_entries);
static const struct dj_dict dict_domain = DICT("domain", "领域", domain_entries);
static const struct dj_dict dict_role = DICT("role", "角色", role_entries);
static const struct dj_dict dict_post = DICT("post", "职务", post_entries);
static const struct dj_dict dict_dues_purpose = DICT("dues_purpose", "党费用途", dues_purpose_entries);

static const struct dj_dict *const all_dicts[] = {
    &dict_gender,          &dict_nation,        &dict_education,
    &dict_degree,          &dict_org_kind,      &dict_person_category,
    &dict_member_category, &dict_member_status, &dict_leave_kind,
    &dict_domain,          &dict_role,          &dict_add_kind,
    &dict_post,
    &dict_dues_purpose,
    NULL,
};

const struct dj_dict *dj_dict_find(const char *name)
{
    size_t i;

    if (!name)
        return NULL;
    for (i = 0; all_dicts[i]; i++)
        if (!strcmp(all_dicts[i]->name, name))
            return all_dicts[i];
    return NULL;
}

const char *dj_dict_label(const struct dj_dict *d, const char *code)
{
    size_t i;

    if (!d || !code)
        return NULL;
    for (i = 0; i < d->n; i++)
        if (!strcmp(d->entries[i].code, code))
            return d->entries[i].label;
    return NULL;
}

const char *dj_dict_code(const struct dj_dict *d, const char *label)
{
    size_t i;

    if (!d || !label)
        return NULL;
    for (i = 0; i < d->n; i++)
        if (!strcmp(d->entries[i].label, label))
            return d->entries[i].code;
    return NULL;
}

const struct dj_dict *const *dj_dict_all(void)
{
    return all_dicts;
}
