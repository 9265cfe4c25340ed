/*
 * sqlrewrite.c - rewrite PostgreSQL $n placeholders to SQLite ?n.
 *
 * The input is copied into the output buffer in one append, then a small
 * lexer walks the copy and turns each placeholder's `$` into `?` in place.
 * The lexer only knows as much SQL as it takes to tell where a `$` is code:
 * string literals, quoted identifiers, comments and unquoted identifiers.
 */
#include "base/compat.h"

#include <limits.h>

#include "base/err.h"
#include "store/sqlrewrite.h"

enum lex_state {
    LEX_CODE,   /* ordinary SQL text */
    LEX_IDENT,  /* inside an unquoted identifier or keyword */
    LEX_STRING, /* inside '...' */
    LEX_QUOTED, /* inside "..." */
    LEX_LINE,   /* inside -- ... up to a newline */
    LEX_BLOCK,  /* inside a block comment */
};

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* First byte of an unquoted identifier: letter, '_' or any UTF-8 lead/continuation byte. */
static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
    return is_ident_start(c) || is_digit(c) || c == '$';
}

/*
 * Rewrite placeholders in s[0..len) in place; returns the highest parameter
 * number seen.
 */
static int rewrite_in_place(char *s, size_t len)
{
    enum lex_state state = LEX_CODE;
    int maxparam = 0;
    size_t i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : 0;

        switch (state) {
        case LEX_IDENT:
            if (is_ident_char(c)) {
                i++;
                break;
            }
            state = LEX_CODE;
            break; /* look at c again as code */
        case LEX_STRING:
            if (c == '\'')
                state = LEX_CODE; /* '' re-enters at once: the escape needs no special case */
            i++;
            break;
        case LEX_QUOTED:
            if (c == '"')
                state = LEX_CODE;
            i++;
            break;
        case LEX_LINE:
            if (c == '\n')
                state = LEX_CODE;
            i++;
            break;
        case LEX_BLOCK:
            if (c == '*' && next == '/') {
                state = LEX_CODE;
                i += 2;
            } else {
                i++;
            }
            break;
        case LEX_CODE:
            if (c == '$' && is_digit(next)) {
                int64_t n = 0;

                s[i++] = '?';
                while (i < len && is_digit((unsigned char)s[i])) {
                    n = n * 10 + (s[i] - '0');
                    if (n > INT_MAX)
                        n = INT_MAX; /* saturate; SQLite rejects it anyway */
                    i++;
                }
                if (n > maxparam)
                    maxparam = (int)n;
            } else if (c == '\'') {
                state = LEX_STRING;
                i++;
            } else if (c == '"') {
                state = LEX_QUOTED;
                i++;
            } else if (c == '-' && next == '-') {
                state = LEX_LINE;
                i += 2;
            } else if (c == '/' && next == '*') {
                state = LEX_BLOCK;
                i += 2;
            } else if (is_ident_start(c)) {
                state = LEX_IDENT;
                i++;
            } else {
                i++;
            }
            break;
        }
    }
    return maxparam;
}

int dj_sql_rewrite(const char *sql, size_t len, struct dj_buf *out, int *maxparam)
{
    size_t start = out->len;
    int n;

    if (maxparam)
        *maxparam = 0;
    if (dj_buf_add(out, sql, len))
        return DJ_ETOOBIG; /* dj_buf_add appends all or nothing */
    n = rewrite_in_place(out->data + start, len);
    if (maxparam)
        *maxparam = n;
    return 0;
}
