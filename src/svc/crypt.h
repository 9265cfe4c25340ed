/*
 * crypt.h - encryption of personal fields at rest, and blind indexes.
 *
 * 身份证号, phone numbers and addresses are stored sealed with
 * XChaCha20-Poly1305 (libsodium's IETF construction, 192-bit random nonce):
 *
 *     "v1:" base64(nonce[24] || ciphertext || tag[16])      (standard alphabet, padded)
 *
 * The additional data (aad) names where the value lives, the record type and
 * field key ("member.id_number"), so a sealed value copied into another
 * column does not open. Keyed BLAKE2b-256 blind indexes give uniqueness and
 * exact look-up of normalised values without decrypting.
 *
 * Keys: every function takes the 32-byte master key explicitly (in the
 * server, dj_svc()->key). Separate subkeys are derived from it with
 * crypto_kdf_derive_from_key: context "djfield_" for sealing and "djblind_"
 * for blind indexes, subkey id 1 for format v1. See docs/security-crypto.md.
 *
 * Ownership: strings these functions return are heap-allocated and belong to
 * the caller; free sealed text with free() and plaintext with
 * dj_crypt_plain_free(), which wipes it first.
 */
#ifndef DJ_SVC_CRYPT_H
#define DJ_SVC_CRYPT_H

#include <stddef.h>

#include "base/err.h"

#define DJ_CRYPT_KEY_BYTES 32
#define DJ_CRYPT_MAX_PLAIN 4096 /* bytes of plaintext; personal fields are short */
#define DJ_CRYPT_MAX_AAD 256    /* bytes of additional data */
#define DJ_CRYPT_BLIND_HEX 65   /* 64 hex digits and a NUL */

/*
 * Seal plaintext (a NUL-terminated string, at most DJ_CRYPT_MAX_PLAIN bytes)
 * under the field subkey of `key`, bound to aad (non-empty, at most
 * DJ_CRYPT_MAX_AAD bytes). Each call draws a fresh random nonce, so sealing
 * the same text twice gives different output. On success *out_b64 is a new
 * "v1:..." string the caller frees. Returns 0; DJ_ETOOBIG for an oversized
 * plaintext or aad; DJ_EINVAL for a NULL or empty aad or a NULL plaintext.
 * *out_b64 is NULL on error.
 */
int dj_crypt_seal(const unsigned char key[DJ_CRYPT_KEY_BYTES], const char *plaintext,
                  const char *aad, char **out_b64);

/*
 * Open a value from dj_crypt_seal with the same key and aad. On success
 * *plain is a new NUL-terminated string the caller releases with
 * dj_crypt_plain_free(). Returns 0, or DJ_EINVAL when the value is not
 * "v1:" + valid base64, is too short or too long, or fails authentication
 * (tampered, wrong key, wrong aad); *plain is NULL on error. Never reads
 * past the input's NUL and never crashes on malformed input.
 */
int dj_crypt_open(const unsigned char key[DJ_CRYPT_KEY_BYTES], const char *sealed, const char *aad,
                  char **plain);

/* Wipe and free a plaintext from dj_crypt_open (NULL is fine). */
void dj_crypt_plain_free(char *plain);

/*
 * Blind index of an already normalised value (e.g. an 18-character ID number
 * with an upper-case X) in a domain naming what it indexes
 * ("member.id_number"): lower-case hex of keyed BLAKE2b-256 over
 * domain || NUL || normalised, under the blind subkey of `key`. The same
 * inputs always give the same output; another domain or key gives another.
 * out receives 64 hex digits and a NUL. NULL domain or value is a bug and
 * aborts.
 */
void dj_crypt_blind(const unsigned char key[DJ_CRYPT_KEY_BYTES], const char *domain,
                    const char *normalised, char out[DJ_CRYPT_BLIND_HEX]);

#endif
