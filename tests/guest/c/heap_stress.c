/* A heap workout like a real program's: a binary search tree of strings and
   a hash table with chaining, built, queried and torn down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    char* key;
    int count;
    struct node *left, *right;
};

static struct node* insert(struct node* t, const char* k) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = strdup(k);
        t->count = 1;
        return t;
    }
    int c = strcmp(k, t->key);
    if (c < 0) t->left = insert(t->left, k);
    else if (c > 0) t->right = insert(t->right, k);
    else t->count++;
    return t;
}

static int depth(const struct node* t) {
    if (!t) return 0;
    int a = depth(t->left), b = depth(t->right);
    return 1 + (a > b ? a : b);
}

static void walk(const struct node* t, int* shown, unsigned long* h) {
    if (!t) return;
    walk(t->left, shown, h);
    for (const char* p = t->key; *p; ++p) *h = *h * 31 + (unsigned char)*p;
    *h += (unsigned long)t->count;
    if (*shown < 10 && t->count > 2) {
        printf("  %s x%d\n", t->key, t->count);
        ++*shown;
    }
    walk(t->right, shown, h);
}

static void destroy(struct node* t) {
    if (!t) return;
    destroy(t->left);
    destroy(t->right);
    free(t->key);
    free(t);
}

struct entry {
    struct entry* next;
    unsigned key;
    char val[];
};

int main(void) {
    struct node* root = NULL;
    unsigned s = 12345;
    for (int i = 0; i < 10000; ++i) {
        s = s * 1664525u + 1013904223u;
        char k[16];
        int len = 1 + (int)((s >> 28) % 4);
        for (int j = 0; j < len; ++j) k[j] = (char)('a' + (s >> (j * 5 + 3)) % 6);
        k[len] = 0;
        root = insert(root, k);
    }
    int shown = 0;
    unsigned long h = 0;
    printf("tree depth %d\n", depth(root));
    walk(root, &shown, &h);
    printf("tree hash %lu\n", h);
    destroy(root);

    enum { B = 1021 };
    struct entry* tab[B] = {0};
    for (unsigned i = 0; i < 15000; ++i) {
        unsigned key = i * 2654435761u;
        size_t len = 1 + i % 40;
        struct entry* e = malloc(sizeof *e + len + 1);
        e->key = key;
        memset(e->val, 'a' + (int)(i % 26), len);
        e->val[len] = 0;
        e->next = tab[key % B];
        tab[key % B] = e;
        if (i % 3 == 0) { /* delete an older one */
            unsigned dk = (i / 2) * 2654435761u;
            struct entry** pp = &tab[dk % B];
            while (*pp && (*pp)->key != dk) pp = &(*pp)->next;
            if (*pp) {
                struct entry* d = *pp;
                *pp = d->next;
                free(d);
            }
        }
    }
    unsigned long count = 0, chars = 0, longest = 0;
    for (int b = 0; b < B; ++b) {
        unsigned long chain = 0;
        for (struct entry* e = tab[b]; e; e = e->next) {
            ++count;
            ++chain;
            chars += strlen(e->val);
        }
        if (chain > longest) longest = chain;
    }
    printf("hash: %lu entries, %lu chars, longest chain %lu\n", count, chars, longest);
    for (int b = 0; b < B; ++b)
        while (tab[b]) {
            struct entry* e = tab[b];
            tab[b] = e->next;
            free(e);
        }
    return 0;
}
