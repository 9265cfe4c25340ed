/*
 * dev_rec.h - the 发展党员 applicant record (入党申请人 / 积极分子 / 发展对象 /
 * 预备党员): the descriptor behind POST /api/dev/applicants, the lists and
 * GET /api/meta. The step-by-step dates are read-only: they are set by the
 * steps recorded through svc/dev.c, never by editing the record.
 */
#ifndef DJ_DEV_REC_H
#define DJ_DEV_REC_H

#include <stdint.h>

#include "base/date.h"
#include "model/desc.h"

struct dj_dev_applicant {
    uint64_t set; /* field bits, see desc.h */
    int64_t id;
    int64_t org_id;               /* the developing 党支部 */
    char *name;                   /* 姓名 */
    char *id_number;              /* 公民身份号码 (personal) */
    char *gender;                 /* dict gender, from the ID number */
    struct dj_date birth_date;    /* from the ID number */
    char *nation;                 /* dict nation */
    char *education;              /* dict education */
    char *job;                    /* 工作岗位 */
    char *work_unit;              /* 工作单位 */
    char *phone;                  /* 联系电话 (personal) */
    struct dj_date leaving_on;    /* expected date of leaving the unit */
    struct dj_date applied_on;    /* step 1 递交入党申请书 */
    char *stage;                  /* applicant|activist|candidate|probationary|full|cancelled */
    struct dj_date talked_on;     /* step 2 */
    struct dj_date activist_on;   /* step 3 */
    struct dj_date candidate_on;  /* step 7 */
    struct dj_date admitted_on;   /* step 15 (预备期 starts) */
    struct dj_date approved_on;   /* step 17 */
    struct dj_date probation_end; /* 预备期满, with any extension */
    int64_t extended_months;      /* 延长预备期 months (0 = none) */
    struct dj_date conversion_meeting_on; /* step 23 */
    char *conversion_outcome;             /* convert | cancel (step 23) */
    struct dj_date converted_on;          /* 转正日期 = 预备期满 */
    int64_t member_id;                    /* member record from step 17 */
    int64_t last_step;                    /* highest step on file */
    char *created_at, *updated_at;
    char *org_name;    /* the branch's name */
    char *org_path;    /* the branch's path */
    char *stage_label; /* derived: 申请人 … */
    int64_t age;       /* derived: whole years today */
};

enum dj_dev_field {
    DJ_DF_ID,
    DJ_DF_ORG_ID,
    DJ_DF_NAME,
    DJ_DF_ID_NUMBER,
    DJ_DF_GENDER,
    DJ_DF_BIRTH_DATE,
    DJ_DF_NATION,
    DJ_DF_EDUCATION,
    DJ_DF_JOB,
    DJ_DF_WORK_UNIT,
    DJ_DF_PHONE,
    DJ_DF_LEAVING_ON,
    DJ_DF_APPLIED_ON,
    DJ_DF_STAGE,
    DJ_DF_TALKED_ON,
    DJ_DF_ACTIVIST_ON,
    DJ_DF_CANDIDATE_ON,
    DJ_DF_ADMITTED_ON,
    DJ_DF_APPROVED_ON,
    DJ_DF_PROBATION_END,
    DJ_DF_EXTENDED_MONTHS,
    DJ_DF_CONVERSION_MEETING_ON,
    DJ_DF_CONVERSION_OUTCOME,
    DJ_DF_CONVERTED_ON,
    DJ_DF_MEMBER_ID,
    DJ_DF_LAST_STEP,
    DJ_DF_CREATED_AT,
    DJ_DF_UPDATED_AT,
    DJ_DF_ORG_NAME, /* from here on: not stored in dev_applicants */
    DJ_DF_ORG_PATH,
    DJ_DF_STAGE_LABEL,
    DJ_DF_AGE,
    DJ_DF_COUNT
};

extern const struct dj_record_desc dj_dev_applicant_desc;

#endif
