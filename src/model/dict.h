/*
 * dict.h - dictionaries as data, with national codes.
 *
 * Each dictionary is a static table of (code, label) pairs: 性别 (GB/T 2261.1),
 * 民族 (GB 3304, 56 entries), 学历, 学位, 组织类别, 人员类别, 党员类别,
 * domains (农村/社区/机关/...), roles, ... Lookup is by dictionary name.
 */
#ifndef DJ_DICT_H
#define DJ_DICT_H

#include <stddef.h>

struct dj_dict_entry {
    const char *code;  /* national or project code, e.g. "01" */
    const char *label; /* Chinese label, e.g. "汉族" */
};

struct dj_dict {
    const char *name;  /* "nation" */
    const char *label; /* "民族" */
    const struct dj_dict_entry *entries;
    size_t n;
};

/* Dictionary by name, or NULL. */
const struct dj_dict *dj_dict_find(const char *name);
/* Label for code, or NULL if the code is not in the dictionary. */
const char *dj_dict_label(const struct dj_dict *d, const char *code);
/* Code for a label (exact match), or NULL; used by importers. */
const char *dj_dict_code(const struct dj_dict *d, const char *label);
/* All dictionaries, terminated by NULL. */
const struct dj_dict *const *dj_dict_all(void);

#endif
