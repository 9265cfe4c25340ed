/*
 * cli.h - the `dangjian` command line: git-style subcommands, each in its
 * own file, each with --help. The CLI acts as a system administrator through
 * the same svc/ functions the API uses, so every rule and audit row is the
 * same whichever door a change comes through.
 *
 *   dangjian [--config FILE] [--db PATH] <command> [options]
 *
 * Exit status: 0 success, 1 failure, 2 usage error.
 */
#ifndef DJ_CLI_H
#define DJ_CLI_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/scope.h"
#include "store/db.h"

struct dj_cli {
    struct dj_config cfg;
    struct dj_db *db;      /* opened by dj_cli_open */
    struct dj_actor actor; /* the CLI operator (sysadmin) */
    struct dj_arena *arena;
};

struct dj_cli_cmd {
    const char *name;
    const char *summary;                                 /* one line, Chinese */
    int (*run)(struct dj_cli *c, int argc, char **argv); /* argv[0] is the command name */
    void (*help)(void);
};

int dj_cli_main(int argc, char **argv);

/*
 * Open the configured database, initialise svc (secret key; created when
 * `init` is true) and apply pending migrations. Prints errors; returns 0 or 1.
 */
int dj_cli_open(struct dj_cli *c, bool init);

/* Print an error in the standard form "错误：message（field）" to stderr; returns 1. */
int dj_cli_fail(const struct dj_err *err);

/* True when argv contains -h or --help. */
bool dj_cli_wants_help(int argc, char **argv);

/*
 * Read a password from stdin (one line, no echo on a terminal), prompting
 * with `prompt` on a terminal. Returns 0 or -1.
 */
int dj_cli_read_password(const char *prompt, char *out, size_t outsz);

/* Subcommands (one file each). */
int dj_cmd_init(struct dj_cli *c, int argc, char **argv);
int dj_cmd_migrate(struct dj_cli *c, int argc, char **argv);
int dj_cmd_serve(struct dj_cli *c, int argc, char **argv);
int dj_cmd_user(struct dj_cli *c, int argc, char **argv);
int dj_cmd_audit(struct dj_cli *c, int argc, char **argv);
int dj_cmd_backup(struct dj_cli *c, int argc, char **argv);
int dj_cmd_demo(struct dj_cli *c, int argc, char **argv);
int dj_cmd_rules(struct dj_cli *c, int argc, char **argv);
int dj_cmd_org(struct dj_cli *c, int argc, char **argv);
int dj_cmd_member(struct dj_cli *c, int argc, char **argv);
int dj_cmd_remind(struct dj_cli *c, int argc, char **argv);
int dj_cmd_birthdays(struct dj_cli *c, int argc, char **argv);
int dj_cmd_term(struct dj_cli *c, int argc, char **argv);
int dj_cmd_transfer(struct dj_cli *c, int argc, char **argv);
int dj_cmd_flow(struct dj_cli *c, int argc, char **argv);
int dj_cmd_lapse(struct dj_cli *c, int argc, char **argv);
int dj_cmd_dev(struct dj_cli *c, int argc, char **argv);
int dj_cmd_dues(struct dj_cli *c, int argc, char **argv);
int dj_cmd_meeting(struct dj_cli *c, int argc, char **argv);
int dj_cmd_compliance(struct dj_cli *c, int argc, char **argv);
int dj_cmd_import(struct dj_cli *c, int argc, char **argv);
int dj_cmd_export(struct dj_cli *c, int argc, char **argv);
int dj_cmd_reconcile(struct dj_cli *c, int argc, char **argv);
void dj_help_init(void);
void dj_help_migrate(void);
void dj_help_serve(void);
void dj_help_user(void);
void dj_help_audit(void);
void dj_help_backup(void);
void dj_help_demo(void);
void dj_help_rules(void);
void dj_help_org(void);
void dj_help_member(void);
void dj_help_remind(void);
void dj_help_birthdays(void);
void dj_help_term(void);
void dj_help_transfer(void);
void dj_help_flow(void);
void dj_help_lapse(void);
void dj_help_dev(void);
void dj_help_dues(void);
void dj_help_meeting(void);
void dj_help_compliance(void);
void dj_help_import(void);
void dj_help_export(void);
void dj_help_reconcile(void);

#endif
