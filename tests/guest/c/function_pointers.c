/* Function pointers: dispatch tables, callbacks, pointers to functions
   returning function pointers, qsort with a comparator table, and a
   state machine driven by a table of handlers. */
#include <stdio.h>
#include <stdlib.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int dvd(int a, int b) { return b ? a / b : 0; }
static int mx(int a, int b) { return a > b ? a : b; }
static const binop table[] = {add, sub, mul, dvd, mx};
static const char* names[] = {"add", "sub", "mul", "div", "max"};

static binop pick(char c) {
    switch (c) {
    case '+': return add;
    case '-': return sub;
    case '*': return mul;
    default: return dvd;
    }
}
typedef binop (*picker)(char);

static int fold(const int* v, int n, binop f, int init) {
    for (int i = 0; i < n; ++i) init = f(init, v[i]);
    return init;
}

static int asc(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }
static int desc(const void* a, const void* b) { return *(const int*)b - *(const int*)a; }
static int by_abs(const void* a, const void* b) { return abs(*(const int*)a) - abs(*(const int*)b); }

enum state { START, NUMBER, WORD, DONE };
typedef enum state (*handler)(char, int*);
static enum state on_start(char c, int* n) {
    if (c >= '0' && c <= '9') return ++n[0], NUMBER;
    if (c >= 'a' && c <= 'z') return ++n[1], WORD;
    return c ? START : DONE;
}
static enum state on_number(char c, int* n) { return c >= '0' && c <= '9' ? NUMBER : on_start(c, n); }
static enum state on_word(char c, int* n) { return c >= 'a' && c <= 'z' ? WORD : on_start(c, n); }

static void visit(int depth, void (*cb)(int, void*), void* ctx) {
    if (depth == 0) return;
    cb(depth, ctx);
    visit(depth - 1, cb, ctx);
}
static void accumulate(int d, void* ctx) { *(long*)ctx = *(long*)ctx * 3 + d; }

int main(void) {
    int v[] = {5, -3, 12, 7, -8, 1, 0, 9};
    for (int i = 0; i < 5; ++i) printf("%s fold: %d, %s(17, 5) = %d\n", names[i], fold(v, 8, table[i], 1), names[i], table[i](17, 5));
    picker p = pick;
    printf("picked: %d %d %d %d\n", p('+')(6, 7), p('-')(6, 7), p('*')(6, 7), p('/')(60, 7));
    int (*cmps[])(const void*, const void*) = {asc, desc, by_abs};
    for (int k = 0; k < 3; ++k) {
        int w[8];
        for (int i = 0; i < 8; ++i) w[i] = v[i];
        qsort(w, 8, sizeof *w, cmps[k]);
        printf("sorted %d:", k);
        for (int i = 0; i < 8; ++i) printf(" %d", w[i]);
        printf("\n");
    }
    handler h[] = {on_start, on_number, on_word};
    const char* text = "abc 123 de4f 56 g 7 hi!";
    int counts[2] = {0, 0};
    enum state s = START;
    for (const char* c = text;; ++c) {
        s = h[s](*c, counts);
        if (s == DONE || !*c) break;
    }
    printf("numbers %d words %d\n", counts[0], counts[1]);
    long acc = 0;
    visit(10, accumulate, &acc);
    printf("visit acc %ld\n", acc);
    void (*volatile indirect)(int, void*) = accumulate;
    for (int i = 0; i < 1000; ++i) indirect(i, &acc);
    printf("indirect acc %ld\n", acc);
    return 0;
}
