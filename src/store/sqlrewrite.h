/*
 * sqlrewrite.h - turn PostgreSQL-style $n placeholders into SQLite ?n.
 *
 * Rewrites `$` followed by one or more digits into `?` and the same digits,
 * except inside '...' string literals (with '' escapes), "..." quoted
 * identifiers, -- line comments and block comments. Everything else is copied byte for byte.
 *
 * A `$` in the middle of an unquoted identifier (`a$1`) belongs to the
 * identifier, as both PostgreSQL and SQLite lex it, and is not rewritten;
 * `$1$2` is two parameters. A `$` not followed by a digit is copied as is.
 * Block comments do not nest (SQLite's rule). An unterminated literal or
 * comment runs to the end of the input and is copied through.
 *
 * Since only `$` bytes change, the output is exactly `len` bytes long.
 */
#ifndef DJ_SQLREWRITE_H
#define DJ_SQLREWRITE_H

#include "base/buf.h"

/*
 * Append the rewritten `sql` (len bytes, may hold NUL bytes) to `out`.
 * Returns 0, or DJ_ETOOBIG when the result would pass the buffer's cap (then
 * nothing is appended). *maxparam (may be NULL) gets the highest n rewritten,
 * 0 when there was none; numbers beyond INT_MAX count as INT_MAX.
 */
int dj_sql_rewrite(const char *sql, size_t len, struct dj_buf *out, int *maxparam);

#endif
