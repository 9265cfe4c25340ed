/*
 * member_rec.h - the member record descriptor (党员信息): every column of the
 * national 全国模板 and 单机模板 rosters (the union, see
 * spec/national-templates.md) plus category, status, 流动 details, the
 * 困难党员 and 离退休 flags, and derived read-only figures (年龄, 党龄,
 * 政治生日, 信息完整度).
 *
 * Labels are the national template headers, so importers map spreadsheet
 * columns by label and GET /api/meta gives the UI its forms. Personal fields
 * (身份证号码, phones, addresses) carry DJ_FF_PERSONAL: they are masked in
 * output unless svc/member.c decides the caller may see them, and stored
 * sealed (svc/member.h, dj_member_seal).
 *
 * Field order is the SELECT order of store/member.c (dj_rec_from_row reads
 * all fields in table order): change both together.
 */
#ifndef DJ_MEMBER_REC_H
#define DJ_MEMBER_REC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "model/desc.h"

struct dj_member_rec {
    uint64_t set;                   /* field bits, see desc.h */
    int64_t id;                     /* server-assigned */
    char *name;                     /* 姓名 */
    char *id_number;                /* 身份证号码, normalised (personal) */
    char *gender;                   /* dict gender, from the ID number */
    struct dj_date birth_date;      /* 出生日期, from the ID number */
    char *nation;                   /* dict nation */
    char *native_place;             /* 籍贯 */
    char *education;                /* dict education */
    char *degree;                   /* dict degree */
    struct dj_date joined_on;       /* 入党日期 (= 政治生日) */
    struct dj_date confirmed_on;    /* 转正日期, unset for 预备党员 */
    char *job;                      /* 工作岗位 */
    char *tech_title;               /* 从事专业技术职务 */
    char *new_class;                /* 新社会阶层类型 */
    char *person_category;          /* dict person_category (人员类别 / 个人身份) */
    bool migrant_worker;            /* 是否农民工 */
    char *industry;                 /* 所属行业 / 国民经济行业 */
    struct dj_date work_started_on; /* 工作时间 */
    char *work_unit;                /* 所在单位 */
    char *joint_unit_name;          /* 联合支部单位名称 */
    char *frontline;                /* 一线情况 */
    char *phone;                    /* 手机号码 (personal) */
    char *tel;                      /* 联系电话 (personal) */
    char *hukou;                    /* 户籍所在地 (personal) */
    char *residence;                /* 现居住地 (personal) */
    char *home_address;             /* 家庭地址 (personal) */
    struct dj_date added_on;        /* 增加时间 */
    char *add_kind;                 /* dict add_kind (党员增加) */
    int64_t org_id;                 /* 所在党支部 */
    int64_t group_id;               /* 党小组 (an org of kind group/building_group), 0 = none */
    char *category;                 /* dict member_category: full | probationary */
    char *status;                   /* dict member_status, changed by dj_member_set_status */
    struct dj_date status_on;       /* date of the current status */
    char *leave_kind;               /* dict leave_kind when status = left */
    char *status_reason;            /* 状态说明 */
    char *mobile_to;                /* 流动: 流向地 */
    char *mobile_contact;           /* 流动: 联系方式 / 联系人 */
    struct dj_date mobile_since;    /* 流动: 外出日期 */
    bool hardship;                  /* 困难党员 */
    bool retired;                   /* 离退休 */
    char *org_name;                 /* read-only: the branch's name */
    char *org_kind;                 /* read-only: the branch's org_kind */
    char *org_path;                 /* read-only: the branch's materialised path */
    int64_t user_id;                /* read-only: linked account, 0 = none */
    char *created_at;               /* read-only, UTC ISO time */
    char *updated_at;               /* read-only, UTC ISO time */
    int64_t age;                    /* derived: 年龄 on today */
    int64_t party_years;            /* derived: 党龄 from 转正日期, 0 for 预备党员 */
    char *political_birthday;       /* derived: "MM-DD" of 入党日期 */
    int64_t info_completeness;      /* derived: percent of 全国模板 columns filled */
};

extern const struct dj_record_desc dj_member_desc;

/* Field indexes for dj_rec_mark()/dj_rec_isset(), in table order. */
enum dj_member_field {
    DJ_MF_ID,
    DJ_MF_NAME,
    DJ_MF_ID_NUMBER,
    DJ_MF_GENDER,
    DJ_MF_BIRTH_DATE,
    DJ_MF_NATION,
    DJ_MF_NATIVE_PLACE,
    DJ_MF_EDUCATION,
    DJ_MF_DEGREE,
    DJ_MF_JOINED_ON,
    DJ_MF_CONFIRMED_ON,
    DJ_MF_JOB,
    DJ_MF_TECH_TITLE,
    DJ_MF_NEW_CLASS,
    DJ_MF_PERSON_CATEGORY,
    DJ_MF_MIGRANT_WORKER,
    DJ_MF_INDUSTRY,
    DJ_MF_WORK_STARTED_ON,
    DJ_MF_WORK_UNIT,
    DJ_MF_JOINT_UNIT_NAME,
    DJ_MF_FRONTLINE,
    DJ_MF_PHONE,
    DJ_MF_TEL,
    DJ_MF_HUKOU,
    DJ_MF_RESIDENCE,
    DJ_MF_HOME_ADDRESS,
    DJ_MF_ADDED_ON,
    DJ_MF_ADD_KIND,
    DJ_MF_ORG_ID,
    DJ_MF_GROUP_ID,
    DJ_MF_CATEGORY,
    DJ_MF_STATUS,
    DJ_MF_STATUS_ON,
    DJ_MF_LEAVE_KIND,
    DJ_MF_STATUS_REASON,
    DJ_MF_MOBILE_TO,
    DJ_MF_MOBILE_CONTACT,
    DJ_MF_MOBILE_SINCE,
    DJ_MF_HARDSHIP,
    DJ_MF_RETIRED,
    DJ_MF_ORG_NAME,
    DJ_MF_ORG_KIND,
    DJ_MF_ORG_PATH,
    DJ_MF_USER_ID,
    DJ_MF_CREATED_AT,
    DJ_MF_UPDATED_AT,
    DJ_MF_AGE,
    DJ_MF_PARTY_YEARS,
    DJ_MF_POLITICAL_BIRTHDAY,
    DJ_MF_INFO_COMPLETENESS,
    DJ_MF_COUNT
};

#endif
