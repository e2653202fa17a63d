/* Branchy kernel: a bytecode interpreter (switch dispatch through a jump
 * table, i.e. an indirect jump per bytecode) running a Collatz program:
 * for each n of a range, count the steps of x -> x even ? x/2 : 3x+1 down
 * to 1. The bytecode's own branches depend on the data, and the dispatch
 * jump goes to a different handler almost every time.
 *
 * Check: a direct C computation of the same step total. */
#include "kernel.h"

enum { kRange = 100 };

enum op { LI, MOV, ADD, SUB, ADDI, ANDI, SHRI, JZ, JNZ, JMP, HALT };

struct insn {
    uint8_t op, a, b, c;
    int32_t imm;
};

static struct insn prog[] = {
    /* 0 */ {LI, 0, 0, 0, 1},    /* r0 = n (patched per round) */
    /* 1 */ {LI, 5, 0, 0, 0},    /* r5 = total steps */
    /* 2 */ {LI, 6, 0, 0, 1},    /* r6 = end (patched) */
    /* 3 */ {LI, 7, 0, 0, 1},    /* r7 = 1 */
    /* 4 */ {MOV, 1, 0, 0, 0},   /* loop_n: x = n */
    /* 5 */ {LI, 2, 0, 0, 0},    /* steps = 0 */
    /* 6 */ {SUB, 3, 1, 7, 0},   /* loop_x: r3 = x - 1 */
    /* 7 */ {JZ, 3, 0, 0, 16},   /* x == 1: done */
    /* 8 */ {ANDI, 4, 1, 0, 1},
    /* 9 */ {JZ, 4, 0, 0, 13},   /* even */
    /* 10 */ {ADD, 3, 1, 1, 0},  /* r3 = 2x */
    /* 11 */ {ADD, 1, 3, 1, 0},  /* x = 3x */
    /* 12 */ {ADDI, 1, 1, 0, 1}, /* x = 3x + 1, then fall into a halving: 3x+1 is even */
    /* 13 */ {SHRI, 1, 1, 0, 1}, /* even: x /= 2 */
    /* 14 */ {ADDI, 2, 2, 0, 1}, /* ++steps (one per halving) */
    /* 15 */ {JMP, 0, 0, 0, 6},
    /* 16 */ {ADD, 5, 5, 2, 0},  /* done: total += steps */
    /* 17 */ {ADDI, 0, 0, 0, 1},
    /* 18 */ {SUB, 3, 0, 6, 0},
    /* 19 */ {JNZ, 3, 0, 0, 4},
    /* 20 */ {HALT, 0, 0, 0, 0},
};

__attribute__((noipa)) static uint32_t run(const struct insn* code) {
    uint32_t r[8] = {0};
    unsigned pc = 0;
    for (;;) {
        const struct insn* i = &code[pc++];
        switch (i->op) {
        case LI: r[i->a] = (uint32_t)i->imm; break;
        case MOV: r[i->a] = r[i->b]; break;
        case ADD: r[i->a] = r[i->b] + r[i->c]; break;
        case SUB: r[i->a] = r[i->b] - r[i->c]; break;
        case ADDI: r[i->a] = r[i->b] + (uint32_t)i->imm; break;
        case ANDI: r[i->a] = r[i->b] & (uint32_t)i->imm; break;
        case SHRI: r[i->a] = r[i->b] >> i->imm; break;
        case JZ: if (r[i->a] == 0) pc = (unsigned)i->imm; break;
        case JNZ: if (r[i->a] != 0) pc = (unsigned)i->imm; break;
        case JMP: pc = (unsigned)i->imm; break;
        case HALT: return r[5];
        default: abort();
        }
    }
}

/* Halvings of the Collatz trajectory of n down to 1 (as the bytecode counts). */
static uint32_t direct(uint32_t from, uint32_t to) {
    uint32_t total = 0;
    for (uint32_t n = from; n < to; ++n)
        for (uint32_t x = n; x != 1;) {
            if (x & 1) x = 3 * x + 1;
            x >>= 1;
            ++total;
        }
    return total;
}

int main(int argc, char** argv) {
    unsigned rounds = kernel_rounds(argc, argv, 10);
    uint32_t acc = 0;
    unsigned bad = 0;
    for (unsigned r = 0; r < rounds; ++r) {
        /* Trajectories of n < 100000 stay below 2^32. */
        uint32_t from = (r % 900) * kRange + 2, to = from + kRange;
        prog[0].imm = (int32_t)from;
        prog[2].imm = (int32_t)to;
        uint32_t got = run(prog);
        if (got != direct(from, to)) ++bad;
        acc = acc * 33 + got;
    }
    return kernel_report("branch_vm", acc, bad == 0);
}
