/* scope.c - roles, scopes and the permission check every svc operation makes. */
#include "base/compat.h"
#include "base/scope.h"

static const struct {
    const char *name;
    const char *label;
} role_names[] = {
    [DJ_ROLE_SYSADMIN] = {"sysadmin", "系统管理员"},
    [DJ_ROLE_ORG_ADMIN] = {"org_admin", "组织管理员"},
    [DJ_ROLE_BRANCH_ADMIN] = {"branch_admin", "支部管理员"},
    [DJ_ROLE_AUDITOR] = {"auditor", "审计员"},
    [DJ_ROLE_MEMBER] = {"member", "党员"},
};

void dj_actor_cli(struct dj_actor *a)
{
    memset(a, 0, sizeof(*a));
    dj_strlcpy(a->username, "cli", sizeof(a->username));
    dj_strlcpy(a->display_name, "命令行", sizeof(a->display_name));
    dj_strlcpy(a->client_ip, "cli", sizeof(a->client_ip));
    a->nroles = 1;
    a->roles[0].kind = DJ_ROLE_SYSADMIN;
}

const char *dj_role_name(enum dj_role_kind k)
{
    if ((unsigned)k >= DJ_ARRAY_LEN(role_names))
        return "unknown";
    return role_names[k].name;
}

const char *dj_role_label(enum dj_role_kind k)
{
    if ((unsigned)k >= DJ_ARRAY_LEN(role_names))
        return "未知角色";
    return role_names[k].label;
}

int dj_role_parse(const char *s, enum dj_role_kind *out)
{
    for (size_t i = 0; i < DJ_ARRAY_LEN(role_names); i++) {
        if (!strcmp(s, role_names[i].name)) {
            *out = (enum dj_role_kind)i;
            return 0;
        }
    }
    return DJ_EINVAL;
}

bool dj_actor_is_sysadmin(const struct dj_actor *a)
{
    for (int i = 0; i < a->nroles; i++)
        if (a->roles[i].kind == DJ_ROLE_SYSADMIN)
            return true;
    return false;
}

static bool role_grants(enum dj_role_kind k, enum dj_perm perm)
{
    switch (perm) {
    case DJ_PERM_READ:
        return k == DJ_ROLE_ORG_ADMIN || k == DJ_ROLE_BRANCH_ADMIN || k == DJ_ROLE_AUDITOR;
    case DJ_PERM_WRITE:
        return k == DJ_ROLE_ORG_ADMIN || k == DJ_ROLE_BRANCH_ADMIN;
    case DJ_PERM_AUDIT:
        return k == DJ_ROLE_ORG_ADMIN || k == DJ_ROLE_AUDITOR;
    case DJ_PERM_USERS:
        return k == DJ_ROLE_ORG_ADMIN;
    }
    return false;
}

/* Is `path` equal to or below `root`? Both are materialised paths ending in '/'. */
static bool path_under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return n > 0 && !strncmp(path, root, n);
}

void dj_scope_for(const struct dj_actor *a, enum dj_perm perm, struct dj_scope *out)
{
    memset(out, 0, sizeof(*out));
    if (dj_actor_is_sysadmin(a)) {
        out->all = true;
        return;
    }
    for (int i = 0; i < a->nroles; i++) {
        const struct dj_role *r = &a->roles[i];
        bool covered = false;

        if (!role_grants(r->kind, perm) || !r->org_path[0])
            continue;
        /* skip subtrees already covered by a wider one; drop narrower ones */
        for (int j = 0; j < out->n; j++) {
            if (path_under(r->org_path, out->paths[j])) {
                covered = true;
                break;
            }
            if (path_under(out->paths[j], r->org_path)) {
                dj_strlcpy(out->paths[j], r->org_path, DJ_PATH_MAX);
                covered = true;
                break;
            }
        }
        if (!covered && out->n < DJ_SCOPE_MAX)
            dj_strlcpy(out->paths[out->n++], r->org_path, DJ_PATH_MAX);
    }
}

bool dj_scope_contains(const struct dj_scope *s, const char *path)
{
    if (s->all)
        return true;
    if (!path || !*path)
        return false;
    for (int i = 0; i < s->n; i++)
        if (path_under(path, s->paths[i]))
            return true;
    return false;
}

int dj_authorize(const struct dj_actor *a, enum dj_perm perm, const char *path, struct dj_err *err)
{
    struct dj_scope s;

    dj_scope_for(a, perm, &s);
    if (dj_scope_contains(&s, path))
        return 0;
    return dj_err_set(err, DJ_EPERM, NULL, "无权访问该组织的数据");
}

void dj_path_range(const char *path, char *lo, char *hi, size_t sz)
{
    size_t n;

    dj_strlcpy(lo, path, sz);
    dj_strlcpy(hi, path, sz);
    n = strlen(hi);
    if (n > 0 && hi[n - 1] == '/')
        hi[n - 1] = '0'; /* '0' is the byte after '/' */
}
