/*
 * org_rec.h - the organisation record descriptor (foundation skeleton:
 * identity, place in the tree, kind, domain). The organisation issue adds the
 * national 党组织名单 columns here; the API, the meta document and the UI
 * forms follow from this one table.
 */
#ifndef DJ_ORG_REC_H
#define DJ_ORG_REC_H

#include <stdint.h>

#include "model/desc.h"

struct dj_org_rec {
    uint64_t set;      /* field bits, see desc.h */
    int64_t id;        /* server-assigned */
    int64_t parent_id; /* 上级组织 */
    char *code;        /* 12-digit 党组织代码 */
    char *name;        /* 组织名称 */
    char *kind;        /* dictionary org_kind */
    char *domain;      /* dictionary domain */
    char *path;        /* materialised path, server-assigned */
    char *status;      /* active | dissolved, server-assigned */
};

extern const struct dj_record_desc dj_org_desc;

#endif
