/* dev_rec.c - the 发展党员 applicant descriptor (see dev_rec.h). */
#include "base/compat.h"
#include "model/dev_rec.h"

#define F(key, type, label, flags, member, max, dict, help)                                        \
    {                                                                                              \
        key, key, type, label, flags, offsetof(struct dj_dev_applicant, member), max, dict, help   \
    }
#define FC(key, column, type, label, flags, member, max, help)                                     \
    {                                                                                              \
        key, column, type, label, flags, offsetof(struct dj_dev_applicant, member), max, NULL,     \
            help                                                                                   \
    }

#define RO DJ_FF_READONLY
#define REQ DJ_FF_REQUIRED
#define PERS DJ_FF_PERSONAL
#define LIST DJ_FF_LIST

/* Same order as enum dj_dev_field and the SELECT in store/dev.c. */
static const struct dj_field dev_fields[] = {
    F("id", DJ_FT_INT, "编号", RO, id, 0, NULL, NULL),
    F("org_id", DJ_FT_INT, "所在党支部", REQ, org_id, 0, NULL, "接收入党申请的党支部"),
    F("name", DJ_FT_TEXT, "姓名", REQ | LIST, name, 30, NULL, NULL),
    FC("id_number", "id_enc", DJ_FT_IDCARD, "公民身份号码", REQ | PERS | LIST, id_number, 0,
       "18 位，末位可为 X；性别、出生日期按号码确定"),
    F("gender", DJ_FT_DICT, "性别", RO | LIST, gender, 0, "gender", NULL),
    F("birth_date", DJ_FT_DATE, "出生日期", RO, birth_date, 0, NULL, NULL),
    F("nation", DJ_FT_DICT, "民族", 0, nation, 0, "nation", NULL),
    F("education", DJ_FT_DICT, "学历", LIST, education, 0, "education", NULL),
    F("job", DJ_FT_TEXT, "工作岗位", 0, job, 50, NULL, NULL),
    F("work_unit", DJ_FT_TEXT, "工作单位", 0, work_unit, 100, NULL, NULL),
    FC("phone", "phone_enc", DJ_FT_PHONE, "联系电话", PERS, phone, 0, NULL),
    F("leaving_on", DJ_FT_DATE, "预计离开单位日期", 0, leaving_on, 0, NULL,
      "将于 3 个月内离开工作、学习单位的，一般不接收为预备党员"),
    F("applied_on", DJ_FT_DATE, "递交入党申请书日期", REQ | LIST, applied_on, 0, NULL,
      "申请人须年满 18 周岁"),
    F("stage", DJ_FT_TEXT, "发展阶段", RO | LIST, stage, 0, NULL, NULL),
    F("talked_on", DJ_FT_DATE, "谈话日期", RO, talked_on, 0, NULL, NULL),
    F("activist_on", DJ_FT_DATE, "确定为入党积极分子日期", RO | LIST, activist_on, 0, NULL, NULL),
    F("candidate_on", DJ_FT_DATE, "确定为发展对象日期", RO, candidate_on, 0, NULL, NULL),
    F("admitted_on", DJ_FT_DATE, "支部大会接收日期", RO, admitted_on, 0, NULL, "预备期从此日算起"),
    F("approved_on", DJ_FT_DATE, "上级党委审批日期", RO, approved_on, 0, NULL, NULL),
    F("probation_end", DJ_FT_DATE, "预备期满日期", RO, probation_end, 0, NULL, NULL),
    F("extended_months", DJ_FT_INT, "延长预备期（月）", RO, extended_months, 0, NULL, NULL),
    F("conversion_meeting_on", DJ_FT_DATE, "讨论转正支部大会日期", RO, conversion_meeting_on, 0,
      NULL, NULL),
    F("conversion_outcome", DJ_FT_TEXT, "转正讨论结果", RO, conversion_outcome, 0, NULL, NULL),
    F("converted_on", DJ_FT_DATE, "转正日期", RO, converted_on, 0, NULL, "党龄从预备期满之日算起"),
    F("member_id", DJ_FT_INT, "党员记录", RO, member_id, 0, NULL, NULL),
    F("last_step", DJ_FT_INT, "已完成步骤", RO, last_step, 0, NULL, NULL),
    F("created_at", DJ_FT_TEXT, "首次录入时间", RO, created_at, 0, NULL, NULL),
    F("updated_at", DJ_FT_TEXT, "最近更新时间", RO, updated_at, 0, NULL, NULL),
    F("org_name", DJ_FT_TEXT, "党支部名称", RO | LIST, org_name, 0, NULL, NULL),
    F("org_path", DJ_FT_TEXT, "层级路径", RO, org_path, 0, NULL, NULL),
    F("stage_label", DJ_FT_TEXT, "阶段", RO, stage_label, 0, NULL, NULL),
    F("age", DJ_FT_INT, "年龄", RO | LIST, age, 0, NULL, NULL),
};

_Static_assert(DJ_ARRAY_LEN(dev_fields) == DJ_DF_COUNT, "enum dj_dev_field out of step");

const struct dj_record_desc dj_dev_applicant_desc = {
    .name = "dev_applicant",
    .label = "入党申请人",
    .table = "dev_applicants",
    .size = sizeof(struct dj_dev_applicant),
    .set_offset = offsetof(struct dj_dev_applicant, set),
    .fields = dev_fields,
    .nfields = (int)DJ_ARRAY_LEN(dev_fields),
};
