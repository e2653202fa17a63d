/* x87 kernel (built with -mfpmath=387): Horner evaluation of a degree-8
 * polynomial at 32 points and a 1024-element dot product, in double. The
 * values are chosen so that every result is exact in double (small
 * integers over powers of two), which makes exact checking possible.
 *
 * Check: each round's Horner sum and dot product against integer
 * arithmetic done once at start-up. */
#include "kernel.h"

enum { kDeg = 8, kPoints = 32, kLen = 1024 };

static double coef[kDeg + 1], xs[kPoints], va[kLen], vb[kLen];

__attribute__((noipa)) static double horner_sum(const double* c, const double* x, int n) {
    double s = 0;
    for (int j = 0; j < n; ++j) {
        double p = c[kDeg];
        for (int k = kDeg - 1; k >= 0; --k) p = p * x[j] + c[k];
        s += p;
    }
    return s;
}

__attribute__((noipa)) static double dot(const double* a, const double* b, int n) {
    double s = 0;
    for (int i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 100);
    /* p(x) = sum (k+1) x^k at x = j/16: p(j/16) * 16^8 = sum (k+1) j^k 16^(8-k). */
    int64_t want_h = 0, want_d = 0;
    for (int k = 0; k <= kDeg; ++k) coef[k] = k + 1;
    for (int j = 0; j < kPoints; ++j) {
        xs[j] = j / 16.0;
        int64_t v = 0;
        for (int k = kDeg; k >= 0; --k) v = v * j + (int64_t)(k + 1) * ((int64_t)1 << (4 * (kDeg - k)));
        want_h += v;
    }
    for (int i = 0; i < kLen; ++i) {
        va[i] = i;
        vb[i] = (i % 8) - 3.5;
        want_d += (int64_t)i * ((i % 8) * 2 - 7); /* twice the dot product */
    }
    const double wh = (double)want_h / (double)((int64_t)1 << (4 * kDeg)), wd = (double)want_d / 2;

    unsigned bad = 0;
    uint32_t acc = 0;
    for (unsigned r = 0; r < rounds; ++r) {
        double h = horner_sum(coef, xs, kPoints), d = dot(va, vb, kLen);
        if (h != wh || d != wd) ++bad;
        acc = acc * 31 + (uint32_t)(int64_t)(h + d);
    }
    return kernel_report("x87_poly", acc, bad == 0);
}
