/*
 * crypt.c - sealing personal fields (XChaCha20-Poly1305) and blind indexes
 * (keyed BLAKE2b-256), on subkeys derived from the master key.
 */
#include "base/compat.h"
#include "svc/crypt.h"

#include <sodium.h>

#define SEAL_PREFIX "v1:"
#define SEAL_PREFIX_LEN 3
#define SUBKEY_ID_V1 1 /* subkey id of format v1 in both contexts */
#define B64_VARIANT sodium_base64_VARIANT_ORIGINAL
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define MAX_BIN (NONCE_BYTES + DJ_CRYPT_MAX_PLAIN + TAG_BYTES)
/* base64 length of MAX_BIN bytes (padded), plus the prefix */
#define MAX_SEALED (SEAL_PREFIX_LEN + (MAX_BIN + 2) / 3 * 4)

_Static_assert(crypto_kdf_KEYBYTES == DJ_CRYPT_KEY_BYTES, "master key size");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32, "field subkey size");
_Static_assert(crypto_generichash_KEYBYTES_MIN <= 32 && crypto_generichash_KEYBYTES_MAX >= 32,
               "blind subkey size");

static void ensure_sodium(void)
{
    if (sodium_init() < 0)
        dj_die("libsodium could not be initialised");
}

/* Subkey for one purpose; ctx is exactly crypto_kdf_CONTEXTBYTES (8) characters. */
static void derive_subkey(unsigned char sub[32], const unsigned char key[DJ_CRYPT_KEY_BYTES],
                          const char *ctx)
{
    if (crypto_kdf_derive_from_key(sub, 32, SUBKEY_ID_V1, ctx, key) != 0)
        dj_die("crypto_kdf_derive_from_key failed");
}

int dj_crypt_seal(const unsigned char key[DJ_CRYPT_KEY_BYTES], const char *plaintext,
                  const char *aad, char **out_b64)
{
    unsigned char sub[32];
    unsigned char *bin;
    unsigned long long clen;
    size_t plen, alen, binlen, b64size;
    char *out;

    *out_b64 = NULL;
    if (!plaintext || !aad)
        return DJ_EINVAL;
    plen = strnlen(plaintext, DJ_CRYPT_MAX_PLAIN + 1);
    if (plen > DJ_CRYPT_MAX_PLAIN)
        return DJ_ETOOBIG;
    alen = strnlen(aad, DJ_CRYPT_MAX_AAD + 1);
    if (alen == 0)
        return DJ_EINVAL;
    if (alen > DJ_CRYPT_MAX_AAD)
        return DJ_ETOOBIG;

    ensure_sodium();
    derive_subkey(sub, key, "djfield_");
    binlen = NONCE_BYTES + plen + TAG_BYTES;
    bin = dj_xmalloc(binlen);
    randombytes_buf(bin, NONCE_BYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE_BYTES, &clen,
                                               (const unsigned char *)plaintext, plen,
                                               (const unsigned char *)aad, alen, NULL, bin, sub);
    sodium_memzero(sub, sizeof(sub));

    b64size = sodium_base64_ENCODED_LEN(binlen, B64_VARIANT); /* includes the NUL */
    out = dj_xmalloc(SEAL_PREFIX_LEN + b64size);
    memcpy(out, SEAL_PREFIX, SEAL_PREFIX_LEN);
    sodium_bin2base64(out + SEAL_PREFIX_LEN, b64size, bin, binlen, B64_VARIANT);
    free(bin);
    *out_b64 = out;
    return 0;
}

int dj_crypt_open(const unsigned char key[DJ_CRYPT_KEY_BYTES], const char *sealed, const char *aad,
                  char **plain)
{
    unsigned char sub[32];
    unsigned char *bin = NULL;
    char *out = NULL;
    unsigned long long mlen;
    size_t slen, alen, bincap, binlen;
    int rc = DJ_EINVAL;

    *plain = NULL;
    if (!sealed || !aad)
        return DJ_EINVAL;
    alen = strnlen(aad, DJ_CRYPT_MAX_AAD + 1);
    if (alen == 0 || alen > DJ_CRYPT_MAX_AAD)
        return DJ_EINVAL;
    slen = strnlen(sealed, MAX_SEALED + 1);
    if (slen > MAX_SEALED || slen < SEAL_PREFIX_LEN ||
        memcmp(sealed, SEAL_PREFIX, SEAL_PREFIX_LEN) != 0)
        return DJ_EINVAL;

    ensure_sodium();
    bincap = (slen - SEAL_PREFIX_LEN) / 4 * 3 + 3;
    bin = dj_xmalloc(bincap);
    if (sodium_base642bin(bin, bincap, sealed + SEAL_PREFIX_LEN, slen - SEAL_PREFIX_LEN, NULL,
                          &binlen, NULL, B64_VARIANT) != 0)
        goto cleanup;
    if (binlen < NONCE_BYTES + TAG_BYTES)
        goto cleanup;

    out = dj_xmalloc(binlen - NONCE_BYTES - TAG_BYTES + 1);
    derive_subkey(sub, key, "djfield_");
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            (unsigned char *)out, &mlen, NULL, bin + NONCE_BYTES, binlen - NONCE_BYTES,
            (const unsigned char *)aad, alen, bin, sub) != 0) {
        sodium_memzero(sub, sizeof(sub));
        goto cleanup;
    }
    sodium_memzero(sub, sizeof(sub));
    if (memchr(out, '\0', (size_t)mlen)) { /* authentic but not a C string */
        sodium_memzero(out, (size_t)mlen);
        goto cleanup;
    }
    out[mlen] = '\0';
    *plain = out;
    out = NULL;
    rc = 0;

cleanup:
    free(out);
    free(bin);
    return rc;
}

void dj_crypt_plain_free(char *plain)
{
    if (!plain)
        return;
    sodium_memzero(plain, strlen(plain));
    free(plain);
}

void dj_crypt_blind(const unsigned char key[DJ_CRYPT_KEY_BYTES], const char *domain,
                    const char *normalised, char out[DJ_CRYPT_BLIND_HEX])
{
    crypto_generichash_state st;
    unsigned char sub[32], h[32];

    if (!domain || !normalised)
        dj_die("dj_crypt_blind: NULL %s", domain ? "value" : "domain");
    ensure_sodium();
    derive_subkey(sub, key, "djblind_");
    crypto_generichash_init(&st, sub, sizeof(sub), sizeof(h));
    /* the NUL keeps ("ab", "c") and ("a", "bc") apart */
    crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain) + 1);
    crypto_generichash_update(&st, (const unsigned char *)normalised, strlen(normalised));
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_memzero(sub, sizeof(sub));
    sodium_memzero(&st, sizeof(st));
    sodium_bin2hex(out, DJ_CRYPT_BLIND_HEX, h, sizeof(h));
}
