/* Asynchronous signals: an interval timer (setitimer ITIMER_REAL) delivers
   SIGALRM while the program spins; alarm() with pause()-free waiting;
   a nanosleep interrupted by a signal returns EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig) {
    (void)sig;
    ++ticks;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 10000}, {0, 10000}}; /* every 10 ms */
    setitimer(ITIMER_REAL, &it, NULL);
    volatile unsigned long spin = 0;
    while (ticks < 3) ++spin;
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("interval timer: at least 3 ticks: %d\n", ticks >= 3);
    struct itimerval now;
    getitimer(ITIMER_REAL, &now);
    printf("timer disarmed: %d\n", now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);

    ticks = 0;
    alarm(1);
    while (!ticks) ++spin;
    printf("alarm(1) fired once: %d\n", ticks == 1);

    ticks = 0;
    sa.sa_flags = 0; /* no SA_RESTART */
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval once = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &once, NULL);
    struct timespec req = {5, 0}, rem;
    int r = nanosleep(&req, &rem);
    printf("nanosleep interrupted: r %d errno EINTR %d, remaining < 5 s %d, ticks %d\n", r, errno == EINTR,
           rem.tv_sec < 5, ticks);
    return 0;
}
