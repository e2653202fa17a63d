/* Hash functions as real programs write them: CRC-32 (table), Adler-32,
   FNV-1a 32/64, MurmurHash3 x86_32, djb2 and SHA-256, over fixed inputs. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc_table[256];
static void crc_init(void) {
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}
static uint32_t crc32(const uint8_t* p, size_t n) {
    uint32_t c = 0xffffffffu;
    while (n--) c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}
static uint32_t adler32(const uint8_t* p, size_t n) {
    uint32_t a = 1, b = 0;
    while (n--) {
        a = (a + *p++) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}
static uint32_t fnv32(const uint8_t* p, size_t n) {
    uint32_t h = 2166136261u;
    while (n--) h = (h ^ *p++) * 16777619u;
    return h;
}
static uint64_t fnv64(const uint8_t* p, size_t n) {
    uint64_t h = 14695981039346656037ULL;
    while (n--) h = (h ^ *p++) * 1099511628211ULL;
    return h;
}
static uint32_t rotl(uint32_t x, int r) { return x << r | x >> (32 - r); }
static uint32_t murmur3(const uint8_t* p, size_t n, uint32_t seed) {
    uint32_t h = seed, c1 = 0xcc9e2d51, c2 = 0x1b873593;
    size_t blocks = n / 4;
    for (size_t i = 0; i < blocks; ++i) {
        uint32_t k;
        memcpy(&k, p + i * 4, 4);
        k = rotl(k * c1, 15) * c2;
        h = rotl(h ^ k, 13) * 5 + 0xe6546b64;
    }
    const uint8_t* t = p + blocks * 4;
    uint32_t k = 0;
    switch (n & 3) {
    case 3: k ^= (uint32_t)t[2] << 16; /* fall through */
    case 2: k ^= (uint32_t)t[1] << 8; /* fall through */
    case 1: k ^= t[0]; h ^= rotl(k * c1, 15) * c2;
    }
    h ^= (uint32_t)n;
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >> 16);
}
static uint32_t djb2(const char* s) {
    uint32_t h = 5381;
    while (*s) h = h * 33 + (uint8_t)*s++;
    return h;
}

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};
static uint32_t ror(uint32_t x, int r) { return x >> r | x << (32 - r); }
static void sha256(const uint8_t* msg, size_t len, uint8_t out[32]) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t block[64];
    uint64_t bits = (uint64_t)len * 8;
    size_t total = ((len + 9 + 63) / 64) * 64;
    for (size_t off = 0; off < total; off += 64) {
        for (size_t i = 0; i < 64; ++i) {
            size_t pos = off + i;
            block[i] = pos < len ? msg[pos] : pos == len ? 0x80 : 0;
            if (pos >= total - 8) block[i] = (uint8_t)(bits >> (8 * (total - 1 - pos)));
        }
        uint32_t w[64];
        for (int i = 0; i < 16; ++i)
            w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 | (uint32_t)block[4 * i + 2] << 8 |
                   block[4 * i + 3];
        for (int i = 16; i < 64; ++i) {
            uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; ++i) {
            uint32_t t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
    }
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 4; ++j) out[4 * i + j] = (uint8_t)(h[i] >> (24 - 8 * j));
}

int main(void) {
    crc_init();
    static const char* in[] = {"", "a", "abc", "message digest", "The quick brown fox jumps over the lazy dog",
                               "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                               "12345678901234567890123456789012345678901234567890123456789012345678901234567890"};
    for (size_t i = 0; i < sizeof in / sizeof *in; ++i) {
        const uint8_t* p = (const uint8_t*)in[i];
        size_t n = strlen(in[i]);
        uint8_t d[32];
        sha256(p, n, d);
        printf("[%.20s] crc32 %08x adler %08x fnv32 %08x fnv64 %016llx murmur %08x djb2 %08x\n  sha256 ", in[i],
               crc32(p, n), adler32(p, n), fnv32(p, n), (unsigned long long)fnv64(p, n), murmur3(p, n, 42), djb2(in[i]));
        for (int k = 0; k < 32; ++k) printf("%02x", d[k]);
        printf("\n");
    }
    static uint8_t big[1 << 16];
    for (size_t i = 0; i < sizeof big; ++i) big[i] = (uint8_t)(i * 2654435761u >> 13);
    uint8_t d[32];
    sha256(big, 50000, d);
    printf("64 KiB: crc32 %08x adler %08x murmur %08x sha256(50k) %02x%02x%02x%02x\n", crc32(big, sizeof big),
           adler32(big, sizeof big), murmur3(big, sizeof big, 0), d[0], d[1], d[2], d[3]);
    return 0;
}
