/* Integer kernel: bitwise CRC-32 (reflected, polynomial 0xEDB88320) over
 * buffers filled by a xorshift generator. Shifts, masks, xors and a short
 * inner loop; no data-dependent branches (gcc makes the bit step
 * branch-free).
 *
 * Check: appending a message's CRC (little-endian) to the message and
 * running the CRC on gives the fixed residue 0xDEBB20E3 in the register,
 * whatever the message; every round checks it. */
#include "kernel.h"

enum { kLen = 256 };

static uint32_t crc_update(uint32_t crc, const uint8_t* p, unsigned n) {
    for (unsigned i = 0; i < n; ++i) {
        crc ^= p[i];
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
    }
    return crc;
}

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 400);
    static uint8_t buf[kLen + 4];
    uint32_t seed = 0x9e3779b9u, acc = 0;
    unsigned bad = 0;
    for (unsigned r = 0; r < rounds; ++r) {
        for (unsigned i = 0; i < kLen; i += 4) {
            uint32_t v = xorshift32(&seed);
            buf[i] = (uint8_t)v;
            buf[i + 1] = (uint8_t)(v >> 8);
            buf[i + 2] = (uint8_t)(v >> 16);
            buf[i + 3] = (uint8_t)(v >> 24);
        }
        uint32_t reg = crc_update(0xFFFFFFFFu, buf, kLen);
        uint32_t crc = ~reg;
        for (int b = 0; b < 4; ++b) buf[kLen + b] = (uint8_t)(crc >> (8 * b));
        if (crc_update(reg, buf + kLen, 4) != 0xDEBB20E3u) ++bad;
        acc = (acc << 1 | acc >> 31) ^ crc;
    }
    return kernel_report("int_crc", acc, bad == 0);
}
