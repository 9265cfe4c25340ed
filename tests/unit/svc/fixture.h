/*
 * fixture.h - a migrated in-memory database and an initialised svc layer for
 * svc unit tests, plus a small organisation tree:
 *   1 /1/        root 党委
 *   2 /1/2/      党工委 under 1
 *   3 /1/3/      党工委 under 1
 *   4 /1/2/4/    党支部 under 2
 */
#ifndef DJ_TEST_SVC_FIXTURE_H
#define DJ_TEST_SVC_FIXTURE_H

#include "base/config.h"
#include "base/scope.h"
#include "store/db.h"

extern struct dj_config fx_cfg;
extern struct dj_db *fx_db;
extern struct dj_actor fx_cli;

void fx_setup(void);
void fx_teardown(void);
/* Create a user with one role (org_id 0 for sysadmin) and password "Passw0rd!x". */
int64_t fx_user(const char *username, enum dj_role_kind role, int64_t org_id);
/* An actor with one role on org_path. */
void fx_actor(struct dj_actor *a, enum dj_role_kind role, int64_t org_id, const char *path);

/* Create an organisation as the CLI operator; returns its id (asserts success). */
int64_t fx_org(int64_t parent, const char *name, const char *kind, const char *domain);
/* Run SQL without parameters on fx_db (asserts success). */
void fx_exec(const char *sql);

#define FX_PASSWORD "Passw0rd!x"

#endif
