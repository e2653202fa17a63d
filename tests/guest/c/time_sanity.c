/* Time queries, checked for sanity rather than value: time(), gettimeofday,
   clock_gettime REALTIME/MONOTONIC/PROCESS_CPUTIME, clock(), nanosleep,
   times(). Prints only ok/bad lines. */
#include <stdio.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static int check(const char* what, int ok) {
    printf("%s: %s\n", what, ok ? "ok" : "BAD");
    return ok ? 0 : 1;
}

int main(void) {
    int bad = 0;
    time_t t = time(NULL), t2;
    time(&t2);
    bad += check("time() after 2020", t > 1577836800);
    bad += check("time(&t) agrees", t2 >= t && t2 - t < 5);
    struct timeval tv;
    bad += check("gettimeofday returns 0", gettimeofday(&tv, NULL) == 0);
    bad += check("gettimeofday near time()", tv.tv_sec >= t && tv.tv_sec - t < 5);
    bad += check("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    struct timespec rt, m1, m2, cpu;
    bad += check("CLOCK_REALTIME", clock_gettime(CLOCK_REALTIME, &rt) == 0 && rt.tv_sec >= t && rt.tv_sec - t < 5 &&
                                       rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000);
    bad += check("CLOCK_MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &m1) == 0 && m1.tv_nsec >= 0 &&
                                        m1.tv_nsec < 1000000000);
    volatile unsigned long spin = 0;
    int increased = 0;
    for (int round = 0; round < 1000 && !increased; ++round) {
        for (int i = 0; i < 10000; ++i) spin += (unsigned long)i;
        clock_gettime(CLOCK_MONOTONIC, &m2);
        increased = m2.tv_sec > m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec > m1.tv_nsec);
        if (m2.tv_sec < m1.tv_sec || (m2.tv_sec == m1.tv_sec && m2.tv_nsec < m1.tv_nsec)) break;
    }
    bad += check("CLOCK_MONOTONIC increases", increased);
    struct timespec req = {0, 20 * 1000 * 1000}, before, after;
    clock_gettime(CLOCK_MONOTONIC, &before);
    bad += check("nanosleep returns 0", nanosleep(&req, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &after);
    long long ns = (after.tv_sec - before.tv_sec) * 1000000000LL + (after.tv_nsec - before.tv_nsec);
    bad += check("nanosleep slept >= 20 ms", ns >= 20000000LL);
    bad += check("nanosleep slept < 10 s", ns < 10000000000LL);
    bad += check("CLOCK_PROCESS_CPUTIME_ID", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 && cpu.tv_sec >= 0);
    clock_t c = clock();
    bad += check("clock() not failing", c != (clock_t)-1);
    struct timespec res;
    bad += check("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
                                               res.tv_nsec > 0 && res.tv_nsec <= 10000000);
    struct tms tm;
    bad += check("times()", times(&tm) != (clock_t)-1);
    bad += check("invalid clock id gives -1", clock_gettime((clockid_t)1234, &rt) == -1);
    struct tm g;
    gmtime_r(&t, &g);
    bad += check("gmtime year sane", g.tm_year >= 120 && g.tm_year < 200);
    return bad;
}
