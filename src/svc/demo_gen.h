/*
 * demo_gen.h - the synthetic demo data generator behind `dangjian demo
 * --scale district|city|province`.
 *
 * It fills an EMPTY database (no organisations, users or members) with a
 * realistic but invented Party organisation: a 区委 (or a 市委 / 省委 over
 * many of them) with 街道党工委 and 乡镇党委, 社区 and 村 organisations,
 * 机关, 学校, 医院, 国企 and 两新 organisations, and their members, posts
 * and units. Person names are drawn from surname frequencies and given-name
 * characters; ID numbers carry real 山西 county codes, the birth date, a
 * unique sequence number and a correct check character; phone numbers are
 * 198/199 followed by random digits; dates obey the member rules. Each
 * county carries the same small set of deliberate problems for the findings
 * page (docs/demo.md lists them).
 *
 * Output is deterministic for a given seed and "today": the same command
 * gives the same plaintext data (sealed fields differ because every seal
 * draws a fresh nonce). Personal fields are sealed with svc/crypt.h exactly
 * as the member service does (aad "member.id_number" etc.), and id_blind is
 * the blind index of the normalised ID number.
 *
 * Approximate sizes:   district   250 organisations,     6,000 members
 *                      city    30,000 organisations,   500,000 members
 *                      province 400,000 organisations, 8,000,000 members
 */
#ifndef DJ_SVC_DEMO_GEN_H
#define DJ_SVC_DEMO_GEN_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/scope.h"
#include "store/db.h"

enum dj_demo_scale { DJ_DEMO_DISTRICT, DJ_DEMO_CITY, DJ_DEMO_PROVINCE };

/* "district" | "city" | "province" -> scale; -1 for anything else. */
int dj_demo_scale_parse(const char *s, enum dj_demo_scale *out);

struct dj_demo_opts {
    enum dj_demo_scale scale;
    uint64_t seed;        /* 1 by default */
    struct dj_date today; /* dates are generated relative to this day */
    /* optional progress report, called every few thousand members and per stage */
    void (*progress)(void *ctx, const char *stage, int64_t done, int64_t total);
    void *progress_ctx;
};

struct dj_demo_result {
    int64_t orgs, units, members, posts;
    int64_t meetings; /* records of organisational life (svc/demo_meeting.c) */
    int64_t root_id;   /* the top organisation (区委, 市委 or 省委) */
    int64_t street_id; /* 城东街道党工委 of the first district */
    int64_t branch_id; /* 幸福社区第一网格党支部 under it */
    int64_t member_id; /* a member of that branch, for the demo member account */
    char root_name[128], street_name[128], branch_name[128], member_name[24];
    double generate_seconds; /* building, sealing and inserting rows */
    double index_seconds;    /* recreating indexes, trigram index, statistics, commit */
};

/*
 * Generate and load. The actor must be a system administrator. The whole
 * load is one transaction (with one audit row, action "demo.generate"): on
 * any error nothing is left behind. DJ_ECONFLICT "数据库不是空的" when the
 * database already has organisations, users or members.
 */
int dj_demo_generate(struct dj_db *db, const struct dj_actor *actor, const struct dj_demo_opts *o,
                     struct dj_demo_result *out, struct dj_err *err);

#endif
