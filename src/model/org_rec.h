/*
 * org_rec.h - the organisation record and the post (任职) record.
 *
 * struct dj_org_rec carries every column of the national 党组织名单 layout
 * (labels exactly as in the layout), plus domain, 审批权限 and the
 * server-kept state (path, status, dissolution). The API, the meta document,
 * the UI forms and the SQL column order all follow the one table in
 * org_rec.c: store/org.c selects the columns in table order, and
 * dj_rec_bind(..., NULL, ...) binds the writable ones in table order.
 *
 * contact_phone is personal: the column is contact_phone_enc and holds the
 * sealed value (svc/crypt.h); in a struct returned by svc it is plaintext,
 * in one read or written by store it is the sealed text.
 *
 * struct dj_org_post is one holding of a post (书记, 副书记, ...) in an
 * organisation, from start_on to end_on (unset while held).
 */
#ifndef DJ_ORG_REC_H
#define DJ_ORG_REC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "model/desc.h"

struct dj_org_rec {
    uint64_t set;                /* field bits, see desc.h */
    int64_t id;                  /* server-assigned */
    int64_t parent_id;           /* 上级组织; 0 for a root */
    char *code;                  /* 党组织代码, 12 digits */
    char *name;                  /* 党组织名称 */
    char *kind;                  /* 组织类别, dict org_kind */
    char *industry;              /* 所属行业 */
    char *locality;              /* 属地关系 */
    char *secretary_name;        /* 党组织书记 (as imported; posts are authoritative) */
    char *contact_name;          /* 党组织联系人 */
    char *contact_phone;         /* 联系电话 (personal; sealed in the database) */
    struct dj_date founded_on;   /* 建立党组织日期 */
    char *unit_situation;        /* 党组织所在单位情况 */
    char *region_code;           /* 党组织所在行政区划, 6 digits */
    char *unit_name;             /* 单位名称 */
    char *unit_affiliation;      /* 单位隶属关系 */
    char *unit_nature;           /* 单位性质类别 */
    bool legal_entity;           /* 法人单位标识 */
    char *legal_rep;             /* 法人代表（单位负责人） */
    bool private_tech;           /* 民营科技企业标识 */
    char *social_service_kind;   /* 社会服务机构类别 */
    char *institution_kind;      /* 事业单位类别 */
    char *domain;                /* 所属领域, dict domain */
    bool can_approve;            /* 审批权限: may approve 预备党员 */
    char *path;                  /* materialised path, server-kept */
    char *status;                /* active | dissolved, server-kept */
    struct dj_date dissolved_on; /* 撤销日期, server-kept */
    char *dissolve_reason;       /* 撤销原因, server-kept */
    char *created_at;            /* server-kept, UTC ISO 8601 */
    char *updated_at;            /* server-kept, UTC ISO 8601 */
};

/* Field indexes of dj_org_desc, for dj_rec_isset() / dj_rec_mark(). */
enum dj_org_field {
    DJ_ORG_F_ID,
    DJ_ORG_F_PARENT_ID,
    DJ_ORG_F_CODE,
    DJ_ORG_F_NAME,
    DJ_ORG_F_KIND,
    DJ_ORG_F_INDUSTRY,
    DJ_ORG_F_LOCALITY,
    DJ_ORG_F_SECRETARY_NAME,
    DJ_ORG_F_CONTACT_NAME,
    DJ_ORG_F_CONTACT_PHONE,
    DJ_ORG_F_FOUNDED_ON,
    DJ_ORG_F_UNIT_SITUATION,
    DJ_ORG_F_REGION_CODE,
    DJ_ORG_F_UNIT_NAME,
    DJ_ORG_F_UNIT_AFFILIATION,
    DJ_ORG_F_UNIT_NATURE,
    DJ_ORG_F_LEGAL_ENTITY,
    DJ_ORG_F_LEGAL_REP,
    DJ_ORG_F_PRIVATE_TECH,
    DJ_ORG_F_SOCIAL_SERVICE_KIND,
    DJ_ORG_F_INSTITUTION_KIND,
    DJ_ORG_F_DOMAIN,
    DJ_ORG_F_CAN_APPROVE,
    DJ_ORG_F_PATH,
    DJ_ORG_F_STATUS,
    DJ_ORG_F_DISSOLVED_ON,
    DJ_ORG_F_DISSOLVE_REASON,
    DJ_ORG_F_CREATED_AT,
    DJ_ORG_F_UPDATED_AT,
    DJ_ORG_NFIELDS
};

extern const struct dj_record_desc dj_org_desc;

struct dj_org_post {
    uint64_t set;            /* field bits, see desc.h */
    int64_t id;              /* server-assigned */
    int64_t org_id;          /* from the URL */
    char *post;              /* 职务, dict post */
    int64_t member_id;       /* holder when in the member database, else 0 */
    char *person_name;       /* 姓名 (copied from the member when member_id is given) */
    struct dj_date start_on; /* 任职日期 */
    struct dj_date end_on;   /* 离任日期, unset while held */
    bool principal_leader;   /* 机关 branch 书记 is the unit's principal leader */
    char *note;              /* 备注 */
};

enum dj_org_post_field {
    DJ_POST_F_ID,
    DJ_POST_F_ORG_ID,
    DJ_POST_F_POST,
    DJ_POST_F_MEMBER_ID,
    DJ_POST_F_PERSON_NAME,
    DJ_POST_F_START_ON,
    DJ_POST_F_END_ON,
    DJ_POST_F_PRINCIPAL_LEADER,
    DJ_POST_F_NOTE,
    DJ_POST_NFIELDS
};

extern const struct dj_record_desc dj_org_post_desc;

#endif
