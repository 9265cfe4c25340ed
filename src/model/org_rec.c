/* org_rec.c - the organisation record descriptor. */
#include "base/compat.h"
#include "model/org_rec.h"

#define F(key, type, label, flags, member, max, dict, help)                                        \
    {                                                                                              \
        key, key, type, label, flags, offsetof(struct dj_org_rec, member), max, dict, help         \
    }

static const struct dj_field org_fields[] = {
    F("id", DJ_FT_INT, "编号", DJ_FF_READONLY, id, 0, NULL, NULL),
    F("parent_id", DJ_FT_INT, "上级组织", 0, parent_id, 0, NULL,
      "不填表示顶级组织（仅系统管理员）"),
    F("code", DJ_FT_TEXT, "党组织代码", DJ_FF_UNIQUE | DJ_FF_LIST, code, 12, NULL, "12 位数字"),
    F("name", DJ_FT_TEXT, "组织名称", DJ_FF_REQUIRED | DJ_FF_LIST, name, 100, NULL, NULL),
    F("kind", DJ_FT_DICT, "组织类别", DJ_FF_REQUIRED | DJ_FF_LIST, kind, 0, "org_kind", NULL),
    F("domain", DJ_FT_DICT, "所属领域", DJ_FF_LIST, domain, 0, "domain", NULL),
    F("path", DJ_FT_TEXT, "层级路径", DJ_FF_READONLY, path, 0, NULL, NULL),
    F("status", DJ_FT_TEXT, "状态", DJ_FF_READONLY | DJ_FF_LIST, status, 0, NULL, NULL),
};

const struct dj_record_desc dj_org_desc = {
    .name = "org",
    .label = "党组织",
    .table = "orgs",
    .size = sizeof(struct dj_org_rec),
    .set_offset = offsetof(struct dj_org_rec, set),
    .fields = org_fields,
    .nfields = (int)DJ_ARRAY_LEN(org_fields),
};
