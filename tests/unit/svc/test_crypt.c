/*
 * test_crypt.c - sealed personal fields and blind indexes: round trips,
 * tampering, wrong key or aad, malformed input, determinism of the index.
 */
#include "base/compat.h"

#include <criterion/criterion.h>
#include <sodium.h>

#include "svc/crypt.h"

static unsigned char key[DJ_CRYPT_KEY_BYTES];
static unsigned char key2[DJ_CRYPT_KEY_BYTES];

static void setup(void)
{
    cr_assert_geq(sodium_init(), 0);
    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = (unsigned char)i; /* 00 01 02 ... 1f: fixed, for the known answer below */
        key2[i] = (unsigned char)i;
    }
    key2[31] ^= 0x01; /* differs in one bit */
}

TestSuite(crypt, .init = setup);

#define AAD "member.id_number"

static char *seal(const unsigned char *k, const char *plain, const char *aad)
{
    char *out = NULL;

    cr_assert_eq(dj_crypt_seal(k, plain, aad, &out), 0);
    cr_assert_not_null(out);
    return out;
}

/* Open, expecting DJ_EINVAL and no output. */
static void expect_rejected(const unsigned char *k, const char *sealed, const char *aad,
                            const char *what)
{
    char *plain = (char *)"sentinel";

    cr_expect_eq(dj_crypt_open(k, sealed, aad, &plain), DJ_EINVAL, "%s", what);
    cr_expect_null(plain, "%s: output must be NULL", what);
}

/* The raw nonce || ciphertext || tag of a sealed value. */
static unsigned char *decode(const char *sealed, size_t *len)
{
    size_t cap = strlen(sealed);
    unsigned char *bin = dj_xmalloc(cap);

    cr_assert_eq(strncmp(sealed, "v1:", 3), 0);
    cr_assert_eq(sodium_base642bin(bin, cap, sealed + 3, strlen(sealed + 3), NULL, len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL),
                 0);
    return bin;
}

static char *encode(const unsigned char *bin, size_t len)
{
    size_t size = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *out = dj_xmalloc(size + 3);

    memcpy(out, "v1:", 3);
    sodium_bin2base64(out + 3, size, bin, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

Test(crypt, round_trip_chinese_text)
{
    static const char *const values[] = {
        "11010519491231002X",
        "13800138000",
        "北京市海淀区中关村南大街5号院3号楼2单元101室",
        "",
        "x",
    };

    for (size_t i = 0; i < DJ_ARRAY_LEN(values); i++) {
        char *sealed = seal(key, values[i], "member.address");
        char *plain = NULL;
        unsigned char *bin;
        size_t len;

        cr_expect_eq(strncmp(sealed, "v1:", 3), 0);
        if (strlen(values[i]) >= 8)
            cr_expect_null(strstr(sealed, values[i]), "plaintext visible");
        bin = decode(sealed, &len);
        cr_expect_eq(len, 24 + strlen(values[i]) + 16, "nonce || ciphertext || tag");
        free(bin);
        cr_assert_eq(dj_crypt_open(key, sealed, "member.address", &plain), 0, "value %zu", i);
        cr_expect_str_eq(plain, values[i]);
        dj_crypt_plain_free(plain);
        free(sealed);
    }
}

Test(crypt, every_tampered_byte_is_rejected)
{
    char *sealed = seal(key, "张三的身份证号", AAD);
    size_t len;
    unsigned char *bin = decode(sealed, &len);

    /* one flipped bit anywhere: nonce, ciphertext or tag */
    for (size_t i = 0; i < len; i++) {
        char *bad;
        char what[32];

        bin[i] ^= 0x01;
        bad = encode(bin, len);
        snprintf(what, sizeof(what), "byte %zu", i);
        expect_rejected(key, bad, AAD, what);
        free(bad);
        bin[i] ^= 0x01;
    }
    /* truncated by one byte, and one byte appended */
    {
        char *shorter = encode(bin, len - 1);
        unsigned char *longer_bin = dj_xmalloc(len + 1);
        char *longer;

        memcpy(longer_bin, bin, len);
        longer_bin[len] = 0;
        longer = encode(longer_bin, len + 1);
        expect_rejected(key, shorter, AAD, "truncated");
        expect_rejected(key, longer, AAD, "extended");
        free(shorter);
        free(longer);
        free(longer_bin);
    }
    free(bin);
    free(sealed);
}

Test(crypt, wrong_aad_is_rejected)
{
    char *sealed = seal(key, "11010519491231002X", AAD);

    expect_rejected(key, sealed, "member.phone", "another field");
    expect_rejected(key, sealed, "applicant.id_number", "another record type");
    expect_rejected(key, sealed, AAD "x", "aad with a suffix");
    expect_rejected(key, sealed, "", "empty aad");
    expect_rejected(key, sealed, NULL, "NULL aad");
    free(sealed);
}

Test(crypt, wrong_key_is_rejected)
{
    char *sealed = seal(key, "11010519491231002X", AAD);
    char *plain = NULL;

    expect_rejected(key2, sealed, AAD, "key differing in one bit");
    cr_expect_eq(dj_crypt_open(key, sealed, AAD, &plain), 0, "the right key still opens it");
    dj_crypt_plain_free(plain);
    free(sealed);
}

Test(crypt, two_seals_of_the_same_text_differ)
{
    char *a = seal(key, "13800138000", "member.phone");
    char *b = seal(key, "13800138000", "member.phone");
    char *pa = NULL, *pb = NULL;
    size_t la, lb;
    unsigned char *ba = decode(a, &la), *bb = decode(b, &lb);

    cr_expect_str_neq(a, b);
    cr_expect_neq(memcmp(ba, bb, 24), 0, "fresh nonce each time");
    cr_assert_eq(dj_crypt_open(key, a, "member.phone", &pa), 0);
    cr_assert_eq(dj_crypt_open(key, b, "member.phone", &pb), 0);
    cr_expect_str_eq(pa, pb);
    dj_crypt_plain_free(pa);
    dj_crypt_plain_free(pb);
    free(ba);
    free(bb);
    free(a);
    free(b);
}

Test(crypt, malformed_input_is_rejected_without_crashing)
{
    char *good = seal(key, "13800138000", AAD);
    char *v2 = dj_xstrdup(good);
    char *huge = dj_xmalloc(20000);
    char *spaced = dj_xmalloc(strlen(good) + 2);
    /* 39 bytes: one short of nonce + tag */
    unsigned char short_bin[39] = {0};
    char *too_short = encode(short_bin, sizeof(short_bin));

    v2[1] = '2';
    memcpy(huge, "v1:", 3);
    memset(huge + 3, 'A', 20000 - 4);
    huge[20000 - 1] = '\0';
    memcpy(spaced, good, 10);
    spaced[10] = ' ';
    memcpy(spaced + 11, good + 10, strlen(good) - 10 + 1);

    expect_rejected(key, v2, AAD, "v2: prefix");
    expect_rejected(key, good + 3, AAD, "no prefix");
    expect_rejected(key, "V1:AAAA", AAD, "upper-case prefix");
    expect_rejected(key, "", AAD, "empty");
    expect_rejected(key, "v1", AAD, "prefix cut short");
    expect_rejected(key, "v1:", AAD, "prefix only");
    expect_rejected(key, "v1:!!!!", AAD, "not base64");
    expect_rejected(key, "v1:AAA", AAD, "bad padding");
    expect_rejected(key, "v1:AAAA====", AAD, "too much padding");
    expect_rejected(key, spaced, AAD, "embedded space");
    expect_rejected(key, too_short, AAD, "shorter than nonce and tag");
    expect_rejected(key, huge, AAD, "over the size cap");
    expect_rejected(key, NULL, AAD, "NULL");

    free(too_short);
    free(spaced);
    free(huge);
    free(v2);
    free(good);
}

Test(crypt, seal_rejects_bad_arguments_and_caps_sizes)
{
    char *out = (char *)"sentinel";
    char *big = dj_xmalloc(DJ_CRYPT_MAX_PLAIN + 2);
    char aad[DJ_CRYPT_MAX_AAD + 2];
    char *plain = NULL;

    cr_expect_eq(dj_crypt_seal(key, "x", NULL, &out), DJ_EINVAL);
    cr_expect_null(out);
    cr_expect_eq(dj_crypt_seal(key, "x", "", &out), DJ_EINVAL);
    cr_expect_eq(dj_crypt_seal(key, NULL, AAD, &out), DJ_EINVAL);

    memset(big, 'a', DJ_CRYPT_MAX_PLAIN + 1);
    big[DJ_CRYPT_MAX_PLAIN + 1] = '\0';
    cr_expect_eq(dj_crypt_seal(key, big, AAD, &out), DJ_ETOOBIG);
    cr_expect_null(out);
    big[DJ_CRYPT_MAX_PLAIN] = '\0'; /* exactly at the cap: fine, and opens again */
    cr_assert_eq(dj_crypt_seal(key, big, AAD, &out), 0);
    cr_assert_eq(dj_crypt_open(key, out, AAD, &plain), 0);
    cr_expect_eq(strlen(plain), DJ_CRYPT_MAX_PLAIN);
    dj_crypt_plain_free(plain);
    free(out);

    memset(aad, 'k', sizeof(aad) - 1);
    aad[sizeof(aad) - 1] = '\0';
    cr_expect_eq(dj_crypt_seal(key, "x", aad, &out), DJ_ETOOBIG);
    free(big);
}

Test(crypt, blind_index_is_deterministic_and_keyed_by_domain_and_key)
{
    char a[DJ_CRYPT_BLIND_HEX], b[DJ_CRYPT_BLIND_HEX], c[DJ_CRYPT_BLIND_HEX];

    dj_crypt_blind(key, AAD, "11010519491231002X", a);
    dj_crypt_blind(key, AAD, "11010519491231002X", b);
    cr_expect_str_eq(a, b);
    cr_expect_eq(strlen(a), 64);
    cr_expect_eq(strspn(a, "0123456789abcdef"), 64, "lower-case hex");

    dj_crypt_blind(key, "applicant.id_number", "11010519491231002X", c);
    cr_expect_str_neq(a, c, "another domain");
    dj_crypt_blind(key2, AAD, "11010519491231002X", c);
    cr_expect_str_neq(a, c, "another key");
    dj_crypt_blind(key, AAD, "110105194912310021", c);
    cr_expect_str_neq(a, c, "another value");

    /* the domain/value boundary is unambiguous */
    dj_crypt_blind(key, "ab", "c", a);
    dj_crypt_blind(key, "a", "bc", b);
    cr_expect_str_neq(a, b);
}

Test(crypt, blind_index_known_answer)
{
    /*
     * Computed independently (Python hashlib): subkey = BLAKE2b-256(key =
     * master 00..1f, salt = LE64(1) || 0^8, person = "djblind_" || 0^8) as
     * crypto_kdf_derive_from_key does; index = BLAKE2b-256(key = subkey,
     * "member.id_number" NUL "11010519491231002X"). Pins the stored format.
     */
    char out[DJ_CRYPT_BLIND_HEX];

    dj_crypt_blind(key, AAD, "11010519491231002X", out);
    cr_expect_str_eq(out, "9bbfa7cba43858c1a7958f564af92c0fed92ba81e28f0c2019ad121d8d766455");
}

Test(crypt, blind_subkey_is_not_the_master_key)
{
    unsigned char h[32];
    char hex[DJ_CRYPT_BLIND_HEX], out[DJ_CRYPT_BLIND_HEX];
    const char msg[] = AAD "\0"
                           "11010519491231002X";

    crypto_generichash(h, sizeof(h), (const unsigned char *)msg, sizeof(msg) - 1, key, 32);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    dj_crypt_blind(key, AAD, "11010519491231002X", out);
    cr_expect_str_neq(out, hex);
}
