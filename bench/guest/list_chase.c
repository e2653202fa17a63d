/* Pointer-chasing kernel: a singly linked list of kNodes 16-byte nodes
 * (256 KiB: misses the tm5800's L1D, fits its L2) linked in a random
 * order, traversed again and again. Every load's address comes from the
 * previous load, so there is no parallelism to find: the figure is the
 * load-to-use latency of the machine and the CMS's cost per loop trip.
 *
 * Check: every traversal visits all nodes once, whose values 0..kNodes-1
 * sum to kNodes*(kNodes-1)/2. */
#include "kernel.h"

enum { kNodes = 16384 };

struct node {
    struct node* next;
    uint32_t value;
    uint32_t pad[2];
};

static struct node nodes[kNodes];
static unsigned order[kNodes];

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 100);
    uint32_t seed = 12345;
    for (unsigned i = 0; i < kNodes; ++i) order[i] = i;
    for (unsigned i = kNodes - 1; i > 0; --i) { /* Fisher-Yates */
        unsigned j = xorshift32(&seed) % (i + 1);
        unsigned t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (unsigned i = 0; i < kNodes; ++i) {
        struct node* n = &nodes[order[i]];
        n->value = order[i];
        n->next = i + 1 < kNodes ? &nodes[order[i + 1]] : NULL;
    }

    unsigned bad = 0;
    uint32_t acc = 0;
    const uint32_t want = (uint32_t)kNodes * (kNodes - 1) / 2;
    for (unsigned r = 0; r < rounds; ++r) {
        uint32_t sum = 0, count = 0;
        for (const struct node* p = &nodes[order[0]]; p; p = p->next) {
            sum += p->value;
            ++count;
        }
        if (sum != want || count != kNodes) ++bad;
        acc = acc * 31 + sum + count;
    }
    return kernel_report("list_chase", acc, bad == 0);
}
