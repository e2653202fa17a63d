/* Self-modifying code in an mmap'ed read-write-execute buffer, the way a JIT
   works: code written and then called, an immediate patched between calls
   of a hot function, a loop body rewritten (add -> sub -> imul) while the
   function is hot, and new code written over code that ran many times.
   Every write must drop the translations and decoded blocks that cover
   the bytes written. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef int (*fn0)(void);
typedef int (*fn1)(int);

static unsigned char* code;

/* mov eax, imm32 ; ret */
static void emit_const(unsigned char* p, uint32_t imm) {
    p[0] = 0xb8;
    memcpy(p + 1, &imm, 4);
    p[5] = 0xc3;
}

/* int f(int n): eax = 0; ecx = n; loop: <op> eax, imm8 ; dec ecx ; jnz loop ; ret
   op: 0 = add eax, imm8 (83 c0 ib), 1 = sub eax, imm8 (83 e8 ib),
   2 = imul eax, eax, imm8 (6b c0 ib) */
static void emit_loop(unsigned char* p, int op, int8_t imm) {
    static const unsigned char head[] = {0x31, 0xc0,             /* xor eax, eax */
                                         0x8b, 0x4c, 0x24, 0x04, /* mov ecx, [esp+4] */
                                         0x40};                  /* inc eax */
    memcpy(p, head, sizeof head);
    p += sizeof head;
    /* loop: */
    static const unsigned char ops[3][2] = {{0x83, 0xc0}, {0x83, 0xe8}, {0x6b, 0xc0}};
    p[0] = ops[op][0];
    p[1] = ops[op][1];
    p[2] = (unsigned char)imm;
    p[3] = 0x49;       /* dec ecx */
    p[4] = 0x75;       /* jnz loop */
    p[5] = (unsigned char)-7;
    p[6] = 0xc3;       /* ret */
}

int main(void) {
    code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        puts("mmap failed");
        return 1;
    }

    /* 1. Patched immediate: the hot function's constant changes every 100 calls. */
    emit_const(code, 0);
    fn0 f = (fn0)code;
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 3000; i++) {
        if (i % 100 == 0) {
            uint32_t imm = i * 0x01010101u;
            memcpy(code + 1, &imm, 4);
        }
        sum = sum * 31 + (uint32_t)f();
    }
    printf("patched immediate: %08x\n", sum);

    /* 2. A rewritten loop body: op and immediate change while the loop is hot. */
    fn1 g = (fn1)(code + 256);
    sum = 0;
    for (int round = 0; round < 30; round++) {
        emit_loop(code + 256, round % 3, (int8_t)(round + 1));
        for (int k = 0; k < 20; k++) sum = sum * 33 + (uint32_t)g(50 + k);
    }
    printf("rewritten loop: %08x\n", sum);

    /* 3. Only the loop's immediate byte changes, from inside the hot caller loop. */
    emit_loop(code + 512, 0, 1);
    fn1 h = (fn1)(code + 512);
    sum = 0;
    for (int i = 0; i < 2000; i++) {
        code[512 + 7 + 2] = (unsigned char)(i & 0x7f);
        sum += (uint32_t)h(10);
    }
    printf("patched loop immediate: %08x\n", sum);

    /* 4. Fresh code at new addresses, each called right after it is written,
       then the whole page rewritten with different code at the same places. */
    sum = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 64; i++) {
            unsigned char* p = code + 4096 + i * 64;
            emit_const(p, (uint32_t)(i * 1000 + pass));
            sum = sum * 7 + (uint32_t)((fn0)p)();
            sum += (uint32_t)((fn0)p)();
        }
    printf("fresh code: %08x\n", sum);
    munmap(code, 8192);
    return 0;
}
