/*
 * org_rec.c - the organisation and post record descriptors.
 *
 * Field order is the national 党组织名单 column order, then our own fields,
 * then the server-kept ones; store/org.c depends on it (SELECT in table
 * order, INSERT/UPDATE binding the writable fields in table order), and the
 * enums in org_rec.h name the indexes. Change all three together.
 */
#include "base/compat.h"
#include "model/org_rec.h"

#define F(key, type, label, flags, member, max, dict, help)                                        \
    {                                                                                              \
        key, key, type, label, flags, offsetof(struct dj_org_rec, member), max, dict, help         \
    }
/* A field whose column differs from its key. */
#define FC(key, column, type, label, flags, member, max, dict, help)                               \
    {                                                                                              \
        key, column, type, label, flags, offsetof(struct dj_org_rec, member), max, dict, help      \
    }

static const struct dj_field org_fields[] = {
    F("id", DJ_FT_INT, "编号", DJ_FF_READONLY | DJ_FF_LIST, id, 0, NULL, NULL),
    F("parent_id", DJ_FT_INT, "上级组织", 0, parent_id, 0, NULL,
      "不填表示顶级组织（仅系统管理员）；建立后请用“移动”更改"),
    F("code", DJ_FT_TEXT, "党组织代码", DJ_FF_UNIQUE | DJ_FF_LIST, code, 12, NULL, "12 位数字"),
    F("name", DJ_FT_TEXT, "党组织名称", DJ_FF_REQUIRED | DJ_FF_LIST, name, 100, NULL, NULL),
    F("kind", DJ_FT_DICT, "组织类别", DJ_FF_REQUIRED | DJ_FF_LIST, kind, 0, "org_kind", NULL),
    F("industry", DJ_FT_TEXT, "所属行业", 0, industry, 50, NULL, NULL),
    F("locality", DJ_FT_TEXT, "属地关系", 0, locality, 50, NULL, NULL),
    F("secretary_name", DJ_FT_TEXT, "党组织书记", DJ_FF_LIST, secretary_name, 50, NULL,
      "按名单导入的书记姓名；任职记录以“任职”为准"),
    F("contact_name", DJ_FT_TEXT, "党组织联系人", 0, contact_name, 50, NULL, NULL),
    FC("contact_phone", "contact_phone_enc", DJ_FT_PHONE, "联系电话", DJ_FF_PERSONAL, contact_phone,
       0, NULL, "手机 11 位或固定电话"),
    F("founded_on", DJ_FT_DATE, "建立党组织日期", 0, founded_on, 0, NULL, "格式：2024-07-01"),
    F("unit_situation", DJ_FT_TEXT, "党组织所在单位情况", 0, unit_situation, 50, NULL, NULL),
    F("region_code", DJ_FT_TEXT, "党组织所在行政区划", 0, region_code, 6, NULL, "6 位行政区划代码"),
    F("unit_name", DJ_FT_TEXT, "单位名称", 0, unit_name, 100, NULL, NULL),
    F("unit_affiliation", DJ_FT_TEXT, "单位隶属关系", 0, unit_affiliation, 50, NULL, NULL),
    F("unit_nature", DJ_FT_TEXT, "单位性质类别", 0, unit_nature, 50, NULL, NULL),
    F("legal_entity", DJ_FT_BOOL, "法人单位标识", 0, legal_entity, 0, NULL, NULL),
    F("legal_rep", DJ_FT_TEXT, "法人代表（单位负责人）", 0, legal_rep, 50, NULL, NULL),
    F("private_tech", DJ_FT_BOOL, "民营科技企业标识", 0, private_tech, 0, NULL, NULL),
    F("social_service_kind", DJ_FT_TEXT, "社会服务机构类别", 0, social_service_kind, 50, NULL,
      NULL),
    F("institution_kind", DJ_FT_TEXT, "事业单位类别", 0, institution_kind, 50, NULL, NULL),
    F("domain", DJ_FT_DICT, "所属领域", DJ_FF_LIST, domain, 0, "domain", NULL),
    F("can_approve", DJ_FT_BOOL, "审批权限", 0, can_approve, 0, NULL,
      "可审批预备党员（仅党委、党工委、社区党委）"),
    F("path", DJ_FT_TEXT, "层级路径", DJ_FF_READONLY, path, 0, NULL, NULL),
    F("status", DJ_FT_TEXT, "状态", DJ_FF_READONLY | DJ_FF_LIST, status, 0, NULL, NULL),
    F("dissolved_on", DJ_FT_DATE, "撤销日期", DJ_FF_READONLY, dissolved_on, 0, NULL, NULL),
    F("dissolve_reason", DJ_FT_TEXT, "撤销原因", DJ_FF_READONLY | DJ_FF_MULTILINE, dissolve_reason,
      500, NULL, NULL),
    F("created_at", DJ_FT_TEXT, "创建时间", DJ_FF_READONLY, created_at, 0, NULL, NULL),
    F("updated_at", DJ_FT_TEXT, "更新时间", DJ_FF_READONLY, updated_at, 0, NULL, NULL),
};

_Static_assert(DJ_ARRAY_LEN(org_fields) == DJ_ORG_NFIELDS, "org_fields and enum dj_org_field");

const struct dj_record_desc dj_org_desc = {
    .name = "org",
    .label = "党组织",
    .table = "orgs",
    .size = sizeof(struct dj_org_rec),
    .set_offset = offsetof(struct dj_org_rec, set),
    .fields = org_fields,
    .nfields = (int)DJ_ARRAY_LEN(org_fields),
};

#define P(key, type, label, flags, member, max, dict, help)                                        \
    {                                                                                              \
        key, key, type, label, flags, offsetof(struct dj_org_post, member), max, dict, help        \
    }

static const struct dj_field post_fields[] = {
    P("id", DJ_FT_INT, "编号", DJ_FF_READONLY, id, 0, NULL, NULL),
    P("org_id", DJ_FT_INT, "党组织", DJ_FF_READONLY | DJ_FF_LIST, org_id, 0, NULL, NULL),
    P("post", DJ_FT_DICT, "职务", DJ_FF_REQUIRED | DJ_FF_LIST, post, 0, "post", NULL),
    P("member_id", DJ_FT_INT, "任职党员", 0, member_id, 0, NULL,
      "党员库中的党员；党支部书记必须选择党员，以便核验党龄"),
    P("person_name", DJ_FT_TEXT, "姓名", DJ_FF_LIST, person_name, 32, NULL,
      "不在党员库中的人员填写姓名"),
    P("start_on", DJ_FT_DATE, "任职日期", DJ_FF_REQUIRED | DJ_FF_LIST, start_on, 0, NULL, NULL),
    P("end_on", DJ_FT_DATE, "离任日期", DJ_FF_READONLY | DJ_FF_LIST, end_on, 0, NULL, NULL),
    P("principal_leader", DJ_FT_BOOL, "是否单位主要负责人", 0, principal_leader, 0, NULL,
      "机关党支部书记是否由本单位主要负责人担任"),
    P("note", DJ_FT_TEXT, "备注", DJ_FF_MULTILINE, note, 500, NULL, NULL),
};

_Static_assert(DJ_ARRAY_LEN(post_fields) == DJ_POST_NFIELDS, "post_fields and enum");

const struct dj_record_desc dj_org_post_desc = {
    .name = "org_post",
    .label = "党组织任职",
    .table = "org_posts",
    .size = sizeof(struct dj_org_post),
    .set_offset = offsetof(struct dj_org_post, set),
    .fields = post_fields,
    .nfields = (int)DJ_ARRAY_LEN(post_fields),
};
