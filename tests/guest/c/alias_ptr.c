/* A function storing through one pointer and loading through another, where
   the two point to the same place only sometimes (decided by data, so no
   compiler can know): a struct update through aliased fields, a swap
   through pointers, and a linked-list walk whose node values are written
   through a second pointer that sometimes reaches the node being read. */
#include <stdio.h>

struct acc {
    int value;
    int count;
    int last;
};

static struct acc accs[16];
static int cells[64];

__attribute__((noinline)) static int update(struct acc* a, int* out, int v) {
    *out = v;           /* may be &a->value or &a->count */
    a->count += 1;
    a->last = a->value; /* load after the store through out */
    return a->value + a->count;
}

__attribute__((noinline)) static void swap(int* p, int* q) {
    int t = *p;
    *p = *q;
    *q = t + *p; /* p == q sometimes */
}

struct node {
    struct node* next;
    int val;
};
static struct node nodes[32];

__attribute__((noinline)) static int walk(struct node* n, int* sink) {
    int s = 0;
    while (n) {
        *sink = s;     /* sink may be &n->val */
        s += n->val;
        n = n->next;
    }
    return s;
}

int main(void) {
    unsigned h = 0;
    for (int i = 0; i < 20000; i++) {
        struct acc* a = &accs[i & 15];
        int* out = (i % 97 == 0) ? &a->value : (i % 89 == 0) ? &a->count : &cells[i & 63];
        h = h * 31 + (unsigned)update(a, out, i);
    }
    printf("update hash %08x\n", h);
    for (int i = 0; i < 16; i++)
        printf("acc %2d: %d %d %d\n", i, accs[i].value, accs[i].count, accs[i].last);

    for (int i = 0; i < 64; i++) cells[i] = i * 7;
    for (int i = 0; i < 20000; i++) {
        int j = (i * 13) & 63, k = (i % 5 == 0) ? j : (i * 7) & 63;
        swap(&cells[j], &cells[k]);
    }
    h = 0;
    for (int i = 0; i < 64; i++) h = h * 31 + (unsigned)cells[i];
    printf("swap hash %08x\n", h);

    for (int i = 0; i < 32; i++) {
        nodes[i].next = i + 1 < 32 ? &nodes[i + 1] : 0;
        nodes[i].val = i + 1;
    }
    int sink = 0;
    h = 0;
    for (int i = 0; i < 3000; i++) {
        int* s = (i % 50 == 49) ? &nodes[(i / 50) & 31].val : &sink;
        h = h * 31 + (unsigned)walk(&nodes[0], s);
    }
    printf("walk hash %08x\n", h);
    for (int i = 0; i < 32; i++) printf("%d%c", nodes[i].val, i == 31 ? '\n' : ' ');
    return 0;
}
