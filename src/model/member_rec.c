/* member_rec.c - the member record descriptor (see member_rec.h). */
#include "base/compat.h"
#include "model/member_rec.h"

#define F(key, type, label, flags, member, max, dict, help)                                        \
    {                                                                                              \
        key, key, type, label, flags, offsetof(struct dj_member_rec, member), max, dict, help      \
    }
/* a field stored in another column (sealed personal data) */
#define FC(key, column, type, label, flags, member, max, help)                                     \
    {                                                                                              \
        key, column, type, label, flags, offsetof(struct dj_member_rec, member), max, NULL, help   \
    }

#define RO DJ_FF_READONLY
#define REQ DJ_FF_REQUIRED
#define PERS DJ_FF_PERSONAL
#define LIST DJ_FF_LIST

/* Same order as enum dj_member_field and the SELECT in store/member.c. */
static const struct dj_field member_fields[] = {
    F("id", DJ_FT_INT, "编号", RO, id, 0, NULL, NULL),
    F("name", DJ_FT_TEXT, "姓名", REQ | LIST, name, 30, NULL, NULL),
    FC("id_number", "id_enc", DJ_FT_IDCARD, "身份证号码", REQ | PERS | DJ_FF_UNIQUE | LIST,
       id_number, 0, "18 位，末位可为 X；在册党员中不能重复"),
    F("gender", DJ_FT_DICT, "性别", LIST, gender, 0, "gender", "不填时按身份证号码确定"),
    F("birth_date", DJ_FT_DATE, "出生日期", 0, birth_date, 0, NULL, "不填时按身份证号码确定"),
    F("nation", DJ_FT_DICT, "民族", LIST, nation, 0, "nation", NULL),
    F("native_place", DJ_FT_TEXT, "籍贯", 0, native_place, 50, NULL, NULL),
    F("education", DJ_FT_DICT, "学历", LIST, education, 0, "education", NULL),
    F("degree", DJ_FT_DICT, "学位", 0, degree, 0, "degree", NULL),
    F("joined_on", DJ_FT_DATE, "入党日期", REQ | LIST, joined_on, 0, NULL,
      "支部大会通过其为预备党员之日，须年满 18 周岁"),
    F("confirmed_on", DJ_FT_DATE, "转正日期", LIST, confirmed_on, 0, NULL,
      "预备党员不填；正式党员为入党满 1 年至 2 年之间的转正日期"),
    F("job", DJ_FT_TEXT, "工作岗位", 0, job, 50, NULL, NULL),
    F("tech_title", DJ_FT_TEXT, "从事专业技术职务", 0, tech_title, 50, NULL, NULL),
    F("new_class", DJ_FT_TEXT, "新社会阶层类型", 0, new_class, 50, NULL, NULL),
    F("person_category", DJ_FT_DICT, "人员类别", 0, person_category, 0, "person_category", NULL),
    F("migrant_worker", DJ_FT_BOOL, "是否农民工", 0, migrant_worker, 0, NULL, NULL),
    F("industry", DJ_FT_TEXT, "所属行业", 0, industry, 50, NULL, NULL),
    F("work_started_on", DJ_FT_DATE, "工作时间", 0, work_started_on, 0, NULL, NULL),
    F("work_unit", DJ_FT_TEXT, "所在单位", 0, work_unit, 100, NULL, NULL),
    F("joint_unit_name", DJ_FT_TEXT, "联合支部单位名称", 0, joint_unit_name, 100, NULL,
      "联合党支部的党员填写"),
    F("frontline", DJ_FT_TEXT, "一线情况", 0, frontline, 50, NULL, NULL),
    FC("phone", "phone_enc", DJ_FT_PHONE, "手机号码", PERS | LIST, phone, 0, "11 位手机号码"),
    FC("tel", "tel_enc", DJ_FT_PHONE, "联系电话", PERS, tel, 0, "手机或固定电话，如 010-12345678"),
    FC("hukou", "hukou_enc", DJ_FT_TEXT, "户籍所在地", PERS, hukou, 100, NULL),
    FC("residence", "residence_enc", DJ_FT_TEXT, "现居住地", PERS, residence, 100, NULL),
    FC("home_address", "home_address_enc", DJ_FT_TEXT, "家庭地址", PERS, home_address, 100, NULL),
    F("added_on", DJ_FT_DATE, "增加时间", 0, added_on, 0, NULL, NULL),
    F("add_kind", DJ_FT_DICT, "党员增加", 0, add_kind, 0, "add_kind", NULL),
    F("org_id", DJ_FT_INT, "所在党支部", REQ, org_id, 0, NULL,
      "党支部（含联合、临时、网格党支部）；调整请用“转移”"),
    F("group_id", DJ_FT_INT, "党小组", 0, group_id, 0, NULL, "所在党支部下的党小组"),
    F("category", DJ_FT_DICT, "党员类别", REQ | LIST, category, 0, "member_category", NULL),
    F("status", DJ_FT_DICT, "状态", RO | LIST, status, 0, "member_status", NULL),
    F("status_on", DJ_FT_DATE, "状态日期", RO, status_on, 0, NULL, NULL),
    F("leave_kind", DJ_FT_DICT, "出党方式", RO, leave_kind, 0, "leave_kind", NULL),
    F("status_reason", DJ_FT_TEXT, "状态说明", RO, status_reason, 200, NULL, NULL),
    F("mobile_to", DJ_FT_TEXT, "流向地", 0, mobile_to, 100, NULL, "流动党员外出所在地"),
    F("mobile_contact", DJ_FT_TEXT, "流动联系方式", 0, mobile_contact, 100, NULL,
      "流入地党组织或联系人"),
    F("mobile_since", DJ_FT_DATE, "外出日期", 0, mobile_since, 0, NULL, NULL),
    F("hardship", DJ_FT_BOOL, "困难党员", 0, hardship, 0, NULL, NULL),
    F("retired", DJ_FT_BOOL, "离退休", 0, retired, 0, NULL, NULL),
    F("org_name", DJ_FT_TEXT, "党支部名称", RO | LIST, org_name, 0, NULL, NULL),
    F("org_kind", DJ_FT_DICT, "党组织类别", RO, org_kind, 0, "org_kind", NULL),
    F("org_path", DJ_FT_TEXT, "层级路径", RO, org_path, 0, NULL, NULL),
    F("user_id", DJ_FT_INT, "关联账号", RO, user_id, 0, NULL, NULL),
    F("created_at", DJ_FT_TEXT, "首次录入时间", RO, created_at, 0, NULL, NULL),
    F("updated_at", DJ_FT_TEXT, "最近更新时间", RO, updated_at, 0, NULL, NULL),
    F("age", DJ_FT_INT, "年龄", RO | LIST, age, 0, NULL, NULL),
    F("party_years", DJ_FT_INT, "党龄", RO | LIST, party_years, 0, NULL,
      "从转正日期（预备期满）算起的整年数"),
    F("political_birthday", DJ_FT_TEXT, "政治生日", RO, political_birthday, 0, NULL,
      "入党日期的月和日"),
    F("info_completeness", DJ_FT_INT, "信息完整度", RO, info_completeness, 0, NULL,
      "全国模板各列已填写的百分比"),
};

_Static_assert(DJ_ARRAY_LEN(member_fields) == DJ_MF_COUNT, "enum dj_member_field out of step");

const struct dj_record_desc dj_member_desc = {
    .name = "member",
    .label = "党员",
    .table = "members",
    .size = sizeof(struct dj_member_rec),
    .set_offset = offsetof(struct dj_member_rec, set),
    .fields = member_fields,
    .nfields = (int)DJ_ARRAY_LEN(member_fields),
};
