/*
 * demo_int.h - private to the demo generator (demo_gen.c, demo_tree.c,
 * demo_people.c, demo_tables.c): the random number generator, the static
 * tables, the in-memory organisation tree and the synthetic person.
 *
 * Everything is deterministic for a given seed and "today": the generator
 * uses its own xoshiro256** stream (seeded through splitmix64), never rand().
 */
#ifndef DJ_SVC_DEMO_INT_H
#define DJ_SVC_DEMO_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/date.h"
#include "svc/demo_gen.h"

/* ---- random numbers ---------------------------------------------------- */

struct dj_demo_rng {
    uint64_t s[4];
};

/* splitmix64 step: the seeding function recommended for xoshiro. */
static inline uint64_t dj_demo_splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void dj_demo_rng_seed(struct dj_demo_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = dj_demo_splitmix(&x);
}

static inline uint64_t dj_demo_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** next value. */
static inline uint64_t dj_demo_next(struct dj_demo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = dj_demo_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = dj_demo_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) for 0 < n < 2^32 (multiply-shift; bias below 2^-32). */
static inline int dj_demo_below(struct dj_demo_rng *r, int n)
{
    return n <= 1 ? 0 : (int)(((dj_demo_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int dj_demo_range(struct dj_demo_rng *r, int lo, int hi)
{
    return hi <= lo ? lo : lo + dj_demo_below(r, hi - lo + 1);
}

/* True with probability per_mille / 1000. */
static inline bool dj_demo_chance(struct dj_demo_rng *r, int per_mille)
{
    return dj_demo_below(r, 1000) < per_mille;
}

/* ---- tables (demo_tables.c) -------------------------------------------- */

/* A weighted choice: code and weight (any positive scale). */
struct dj_demo_weighted {
    const char *text;
    int weight;
};

/* Pick an entry of a weighted table. */
const char *dj_demo_pick_weighted(struct dj_demo_rng *r, const struct dj_demo_weighted *t, int n);

/* A uniformly chosen entry of a NULL-terminated string list, and its length. */
const char *dj_demo_pick(struct dj_demo_rng *r, const char *const *list);
int dj_demo_list_len(const char *const *list);

/* Real county-level administrative divisions of 山西省 (GB/T 2260). */
struct dj_demo_region {
    const char *code; /* 6 digits */
    const char *name; /* 小店区 */
    int city;         /* index into dj_demo_cities */
};
struct dj_demo_city {
    const char *name;       /* 太原市 */
    const char *short_name; /* 太原 */
    int first, count;       /* its counties in dj_demo_regions */
};
#define DJ_DEMO_MAX_REGIONS 128 /* capacity for dj_demo_nregions */
extern const struct dj_demo_region dj_demo_regions[];
extern const int dj_demo_nregions;
extern const struct dj_demo_city dj_demo_cities[];
extern const int dj_demo_ncities;

extern const struct dj_demo_weighted dj_demo_surnames[];
extern const int dj_demo_nsurnames;
extern const struct dj_demo_weighted dj_demo_nations[];
extern const int dj_demo_nnations;

/* Given-name pools by era (0: born before 1960, 1: 1960-1979, 2: 1980 on) and gender. */
struct dj_demo_given {
    const char *const *whole;  /* whole two-character names (may be NULL) */
    const char *const *first;  /* first character of a two-character name */
    const char *const *second; /* second character */
    const char *const *single; /* one-character names */
    int single_per_mille;      /* share of one-character names */
    int whole_per_mille;       /* share of whole names */
};
extern const struct dj_demo_given dj_demo_given_names[3][2]; /* [era][0 male, 1 female] */

/* Place-name pools for the fictional organisations. NULL-terminated. */
extern const char *const dj_demo_street_names[];
extern const char *const dj_demo_community_names[];
extern const char *const dj_demo_town_names[];
extern const char *const dj_demo_county_names[];
extern const char *const dj_demo_city_names[];
extern const char *const dj_demo_village_suffixes[];
extern const char *const dj_demo_village_prefixes[];
extern const char *const dj_demo_departments[];
extern const char *const dj_demo_company_brands[];
extern const char *const dj_demo_company_trades[];
extern const char *const dj_demo_social_orgs[];
extern const char *const dj_demo_roads[];
extern const char *const dj_demo_mobile_places[];
extern const char *const dj_demo_ordinals[]; /* 第一 .. 第二十 */

/* ---- the synthetic person (demo_people.c) -------------------------------- */

/* Member profiles: age, gender, education and occupation mixes. */
enum dj_demo_profile {
    DJ_DEMO_P_ORGAN,
    DJ_DEMO_P_SCHOOL,
    DJ_DEMO_P_HOSPITAL,
    DJ_DEMO_P_SOE,
    DJ_DEMO_P_PRIVATE,
    DJ_DEMO_P_SOCIAL,
    DJ_DEMO_P_COMMUNITY,
    DJ_DEMO_P_RURAL,
    DJ_DEMO_P_RETIRED,
    DJ_DEMO_P_COUNT
};

struct dj_demo_person {
    char name[24];
    char id_number[19];
    int gender;                              /* 1 男, 2 女 */
    struct dj_date birth, joined, confirmed; /* confirmed unset for a 预备党员 */
    bool probationary;
    const char *nation, *education, *degree, *person_category, *job, *tech_title, *new_class;
    const char *frontline, *add_kind, *status, *status_reason, *mobile_to, *mobile_contact;
    struct dj_date added_on, work_started, status_on, mobile_since;
    char phone[12];      /* "" = none */
    char residence[160]; /* "" = none */
    char hukou[96];      /* "" = none */
    char native_place[32];
    bool migrant_worker, hardship, retired;
};

/* What the person generator needs to know about the place. */
struct dj_demo_place {
    enum dj_demo_profile profile;
    int region;            /* home county (index into dj_demo_regions) */
    const char *unit_name; /* employer, may be NULL */
    const char *address;   /* street/community/village part of addresses */
};

/* Allocation of ID sequence numbers: unique per (region, birth date, gender). */
struct dj_demo_ids;
struct dj_demo_ids *dj_demo_ids_new(void);
void dj_demo_ids_free(struct dj_demo_ids *ids);

/* A random person; `force` adjusts one for a deliberate problem (see demo_tree.c). */
enum dj_demo_force {
    DJ_DEMO_F_NONE,
    DJ_DEMO_F_VETERAN,      /* full member, 党龄 >= 3 years, aged 30+, status normal */
    DJ_DEMO_F_NEW_FULL,     /* full member confirmed 2-4 months ago (党龄 < 1 year) */
    DJ_DEMO_F_PROBATIONARY, /* 预备党员 */
};
void dj_demo_person_make(struct dj_demo_rng *r, struct dj_demo_ids *ids, struct dj_date today,
                         const struct dj_demo_place *place, enum dj_demo_force force,
                         struct dj_demo_person *p);

/* A random full name only (legal representatives, holders outside the database). */
void dj_demo_random_name(struct dj_demo_rng *r, int era, int gender, char *out, size_t outsz);

/* A clearly synthetic mobile number: 198/199 and eight random digits. */
void dj_demo_random_phone(struct dj_demo_rng *r, char out[12]);

/* ---- the organisation tree (demo_tree.c) ---------------------------------- */

/* Deliberate problems, so the findings page has something to show. */
enum dj_demo_problem {
    DJ_DEMO_PB_NONE,
    DJ_DEMO_PB_TWO_MEMBERS,        /* a 支部 with 2 正式党员 */
    DJ_DEMO_PB_EXPIRED_SECRETARY,  /* the 书记 post ended 5 months ago, nobody since */
    DJ_DEMO_PB_NOT_PRINCIPAL,      /* 机关 branch 书记 is not the unit's principal leader */
    DJ_DEMO_PB_JOINT_SIX,          /* 联合党支部 covering 6 units */
    DJ_DEMO_PB_UNORGANISED,        /* owns a 两新 unit with 3 正式党员 and no organisation */
    DJ_DEMO_PB_SMALL_GENERAL,      /* 党总支 with 30 members */
    DJ_DEMO_PB_SMALL_COMMITTEE,    /* 基层党委 with about 60 members */
    DJ_DEMO_PB_NO_COMMITTEE,       /* >= 7 正式党员 and only a 书记 */
    DJ_DEMO_PB_COMMITTEE_ON_SMALL, /* 3 委员 in a branch of 5 */
    DJ_DEMO_PB_COMMITTEE_TOO_BIG,  /* 8 委员 */
    DJ_DEMO_PB_YOUNG_SECRETARY,    /* 书记 with 党龄 under one year */
    DJ_DEMO_PB_BIG_BRANCH,         /* 支部 with 56 members */
    DJ_DEMO_PB_NO_SECRETARY,       /* no posts at all */
    DJ_DEMO_PB_DISSOLVED,          /* dissolved in 2023 (history, not a problem) */
    DJ_DEMO_PB_COUNT
};

struct dj_demo_node {
    int64_t id;
    int32_t parent, first_child, last_child, next_sibling; /* node indexes, -1 = none */
    int32_t office; /* branch whose members hold this org's posts, -1 = none */
    const char *name, *kind, *domain;
    const char *unit_name; /* the unit this organisation belongs to (units row), or NULL */
    const char *unit_nature, *industry, *locality, *unit_situation, *unit_affiliation;
    const char *institution_kind, *social_service_kind;
    const char *address; /* place part of the members' addresses */
    struct dj_date founded;
    int32_t size;    /* members of a branch (groups: their share of the parent's) */
    int16_t region;  /* index into dj_demo_regions */
    uint8_t profile; /* enum dj_demo_profile of the members */
    uint8_t problem; /* enum dj_demo_problem */
    int8_t legal_entity, private_tech; /* 0/1, -1 = unknown */
    uint8_t can_approve;
    uint8_t term_years;  /* 3, or 5 for 村/社区 and 基层党委 */
    uint8_t joint_units; /* units a 联合党支部 covers */
    uint8_t loose_units; /* small units without an organisation, owned here */
    /* filled while loading */
    int64_t first_member;          /* id of the first member of a branch */
    int32_t members_sub, full_sub; /* members and 正式党员 in the subtree */
};

struct dj_demo_tree {
    struct dj_demo_node *v;
    int32_t n, cap;
    struct dj_arena *arena; /* names and strings */
    struct dj_date today;
    /* the organisations the demo accounts are bound to */
    int32_t root, street, branch;
};

/* Build the whole tree for a scale in memory; ids are 1..n in pre-order. */
void dj_demo_tree_build(struct dj_demo_tree *t, enum dj_demo_scale scale, uint64_t seed,
                        struct dj_date today);
void dj_demo_tree_release(struct dj_demo_tree *t);

/* 发展党员 applicants at every stage in a few branches, after the load (demo_dev.c). */
int dj_demo_dev(struct dj_db *db, const struct dj_actor *actor, const struct dj_demo_tree *t,
                uint64_t seed, struct dj_date today, struct dj_demo_result *res, struct dj_err *err);

/* Whether members are attached directly to organisations of this kind. */
bool dj_demo_kind_holds_members(const char *kind);
/* Whether this kind is a 党小组 (members get it as group_id). */
bool dj_demo_kind_is_group(const char *kind);

/* Demo transfers, 流动党员 and 失联 records in the branch (demo_transfer.c), leaving out the demo
 * member account's record; after the load has committed. */
int dj_demo_transfers(struct dj_db *db, const struct dj_actor *a, struct dj_date today,
                      int64_t branch_id, int64_t except_member, struct dj_err *err);
/* Two years of organisational life for the loaded tree (demo_meeting.c). */
int dj_demo_meetings(struct dj_db *db, const struct dj_demo_opts *o, const char *now,
                     int64_t *meetings, struct dj_err *err);

#endif
