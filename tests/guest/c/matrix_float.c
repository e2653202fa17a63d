/* Floating-point numerics: matrix multiply, LU decomposition with partial
   pivoting, a linear solve, Newton iterations, numerical integration and a
   small n-body step, in double and float. Only + - * / and sqrt, so results are
   exactly defined by IEEE 754 (with x87 precision as the compiler uses it). */
#include <math.h>
#include <stdio.h>

enum { N = 24 };
static double A[N][N], B[N][N], C[N][N], LU[N][N];

int main(void) {
    unsigned s = 7;
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) {
            s = s * 1103515245u + 12345u;
            A[i][j] = ((s >> 8) % 2001 - 1000) / 250.0 + (i == j ? 20 : 0);
            B[i][j] = (double)((i * 7 + j * 3) % 11) - 5.0;
        }
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j) {
            double acc = 0;
            for (int k = 0; k < N; ++k) acc += A[i][k] * B[k][j];
            C[i][j] = acc;
        }
    double tr = 0;
    for (int i = 0; i < N; ++i) tr += C[i][i];
    printf("trace(AB) = %.10f, C[3][17] = %.10f\n", tr, C[3][17]);

    int piv[N];
    for (int i = 0; i < N; ++i) {
        piv[i] = i;
        for (int j = 0; j < N; ++j) LU[i][j] = A[i][j];
    }
    double det = 1;
    for (int k = 0; k < N; ++k) {
        int p = k;
        for (int i = k + 1; i < N; ++i)
            if (fabs(LU[i][k]) > fabs(LU[p][k])) p = i;
        if (p != k) {
            for (int j = 0; j < N; ++j) {
                double t = LU[k][j];
                LU[k][j] = LU[p][j];
                LU[p][j] = t;
            }
            int t = piv[k];
            piv[k] = piv[p];
            piv[p] = t;
            det = -det;
        }
        det *= LU[k][k];
        for (int i = k + 1; i < N; ++i) {
            LU[i][k] /= LU[k][k];
            for (int j = k + 1; j < N; ++j) LU[i][j] -= LU[i][k] * LU[k][j];
        }
    }
    printf("det(A) = %.6e\n", det);
    double b[N], x[N];
    for (int i = 0; i < N; ++i) b[i] = i + 1;
    for (int i = 0; i < N; ++i) {
        x[i] = b[piv[i]];
        for (int j = 0; j < i; ++j) x[i] -= LU[i][j] * x[j];
    }
    for (int i = N - 1; i >= 0; --i) {
        for (int j = i + 1; j < N; ++j) x[i] -= LU[i][j] * x[j];
        x[i] /= LU[i][i];
    }
    double res = 0;
    for (int i = 0; i < N; ++i) {
        double r = -b[i];
        for (int j = 0; j < N; ++j) r += A[i][j] * x[j];
        res += r * r;
    }
    printf("solve: x[0] = %.12f x[%d] = %.12f residual %.3e\n", x[0], N - 1, x[N - 1], sqrt(res));

    double r = 1;
    for (int i = 0; i < 30; ++i) r = r - (r * r * r - 2 * r - 5) / (3 * r * r - 2);
    printf("newton root: %.15f\n", r);
    double integral = 0, h = 1.0 / 4096;
    for (int i = 0; i < 4096; ++i) {
        double x0 = i * h, x1 = x0 + h, xm = x0 + h / 2;
        integral += h / 6 * (4 / (1 + x0 * x0) + 16 / (1 + xm * xm) + 4 / (1 + x1 * x1));
    }
    printf("simpson pi: %.15f\n", integral);

    double px[5] = {0, 1, -1, 0.5, -0.3}, py[5] = {0, 0.2, 0.1, -1, 1.2}, vx[5] = {0, 0, 0.1, 0.5, -0.2},
           vy[5] = {0, 1, -1, 0.1, 0.3}, m[5] = {10, 1, 1, 0.5, 0.2};
    for (int step = 0; step < 500; ++step) {
        for (int i = 0; i < 5; ++i) {
            double ax = 0, ay = 0;
            for (int j = 0; j < 5; ++j) {
                if (i == j) continue;
                double dx = px[j] - px[i], dy = py[j] - py[i];
                double d2 = dx * dx + dy * dy + 0.01;
                double inv = m[j] / (d2 * sqrt(d2));
                ax += dx * inv;
                ay += dy * inv;
            }
            vx[i] += ax * 0.001;
            vy[i] += ay * 0.001;
        }
        for (int i = 0; i < 5; ++i) px[i] += vx[i] * 0.001, py[i] += vy[i] * 0.001;
    }
    for (int i = 0; i < 5; ++i) printf("body %d: %.9f %.9f\n", i, px[i], py[i]);
    float fs = 0, fc = 0;
    for (int i = 1; i <= 10000; ++i) {
        float y = 1.0f / (float)i - fc;
        float t = fs + y;
        fc = (t - fs) - y;
        fs = t;
    }
    printf("kahan float harmonic: %.7f\n", fs);
    return 0;
}
