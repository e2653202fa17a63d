/* A tokenizer, a recursive-descent parser to bytecode and a small stack VM
   with variables, loops, functions and recursion: the kind of code an
   interpreter spends its time in. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok { T_NUM, T_ID, T_OP, T_EOF };
static const char* src;
static enum tok tk;
static long tnum;
static char tid[32];
static char top;

static void next(void) {
    while (isspace((unsigned char)*src)) ++src;
    if (!*src) {
        tk = T_EOF;
        return;
    }
    if (isdigit((unsigned char)*src)) {
        tnum = strtol(src, (char**)&src, 10);
        tk = T_NUM;
    } else if (isalpha((unsigned char)*src)) {
        int n = 0;
        while (isalnum((unsigned char)*src) && n < 31) tid[n++] = *src++;
        tid[n] = 0;
        tk = T_ID;
    } else {
        top = *src++;
        if ((top == '<' || top == '>' || top == '=' || top == '!') && *src == '=') {
            top = top == '<' ? 'l' : top == '>' ? 'g' : top == '=' ? 'e' : 'n';
            ++src;
        }
        tk = T_OP;
    }
}

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIV, MOD, LT, GT, LE, GE, EQ, NE, JZ, JMP, PRINT, CALL, RET, NEG, HALT };
static long code[4096];
static int pc_emit;
static char vars[26];
static int funcs[26];

static void emit(long x) { code[pc_emit++] = x; }
static int accept(char c) {
    if (tk == T_OP && top == c) {
        next();
        return 1;
    }
    return 0;
}
static void expect(char c) {
    if (!accept(c)) {
        printf("parse error: expected '%c'\n", c);
        exit(2);
    }
}
static void expr(void);
static void primary(void) {
    if (tk == T_NUM) {
        emit(PUSH), emit(tnum), next();
    } else if (tk == T_ID) {
        char name = tid[0];
        next();
        if (accept('(')) { /* call f(arg) */
            expr();
            expect(')');
            emit(CALL), emit(name - 'a');
        } else emit(LOAD), emit(name - 'a');
    } else if (accept('(')) {
        expr();
        expect(')');
    } else if (accept('-')) {
        primary();
        emit(NEG);
    } else {
        printf("parse error at '%c'\n", top);
        exit(2);
    }
}
static void term(void) {
    primary();
    for (;;) {
        if (accept('*')) primary(), emit(MUL);
        else if (accept('/')) primary(), emit(DIV);
        else if (accept('%')) primary(), emit(MOD);
        else return;
    }
}
static void arith(void) {
    term();
    for (;;) {
        if (accept('+')) term(), emit(ADD);
        else if (accept('-')) term(), emit(SUB);
        else return;
    }
}
static void expr(void) {
    arith();
    static const char ops[] = "<>lgen";
    static const enum op codes[] = {LT, GT, LE, GE, EQ, NE};
    for (int i = 0; i < 6; ++i)
        if (tk == T_OP && top == ops[i]) {
            next();
            arith();
            emit(codes[i]);
            return;
        }
}
static void stmt(void) {
    if (tk == T_ID && !strcmp(tid, "print")) {
        next();
        expr();
        emit(PRINT);
    } else if (tk == T_ID && !strcmp(tid, "while")) {
        next();
        int top_pc = pc_emit;
        expr();
        emit(JZ);
        int hole = pc_emit;
        emit(0);
        expect('{');
        while (!accept('}')) stmt();
        emit(JMP), emit(top_pc);
        code[hole] = pc_emit;
    } else if (tk == T_ID && !strcmp(tid, "if")) {
        next();
        expr();
        emit(JZ);
        int hole = pc_emit;
        emit(0);
        expect('{');
        while (!accept('}')) stmt();
        code[hole] = pc_emit;
    } else if (tk == T_ID && !strcmp(tid, "return")) {
        next();
        expr();
        emit(RET);
    } else if (tk == T_ID && !strcmp(tid, "def")) { /* def f { ... } ; argument in variable x */
        next();
        char name = tid[0];
        next();
        emit(JMP);
        int hole = pc_emit;
        emit(0);
        funcs[name - 'a'] = pc_emit;
        expect('{');
        while (!accept('}')) stmt();
        emit(PUSH), emit(0), emit(RET);
        code[hole] = pc_emit;
    } else if (tk == T_ID) {
        char name = tid[0];
        next();
        expect('=');
        expr();
        emit(STORE), emit(name - 'a');
    } else {
        printf("parse error: statement\n");
        exit(2);
    }
    accept(';');
}

static long run(void) {
    static long stack[4096];
    static long frames[4096][27]; /* saved x and return pc */
    int sp = 0, fp = 0, pc = 0;
    long mem[26] = {0};
    long steps = 0;
    for (;;) {
        ++steps;
        switch ((enum op)code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = mem[code[pc++]]; break;
        case STORE: mem[code[pc++]] = stack[--sp]; break;
        case ADD: --sp, stack[sp - 1] += stack[sp]; break;
        case SUB: --sp, stack[sp - 1] -= stack[sp]; break;
        case MUL: --sp, stack[sp - 1] *= stack[sp]; break;
        case DIV: --sp, stack[sp - 1] = stack[sp] ? stack[sp - 1] / stack[sp] : 0; break;
        case MOD: --sp, stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : 0; break;
        case LT: --sp, stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case GT: --sp, stack[sp - 1] = stack[sp - 1] > stack[sp]; break;
        case LE: --sp, stack[sp - 1] = stack[sp - 1] <= stack[sp]; break;
        case GE: --sp, stack[sp - 1] = stack[sp - 1] >= stack[sp]; break;
        case EQ: --sp, stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case NE: --sp, stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
        case NEG: stack[sp - 1] = -stack[sp - 1]; break;
        case JZ: pc = stack[--sp] ? pc + 1 : (int)code[pc]; break;
        case JMP: pc = (int)code[pc]; break;
        case PRINT: printf("%ld\n", stack[--sp]); break;
        case CALL: {
            int f = (int)code[pc++];
            memcpy(frames[fp], mem, sizeof mem);
            frames[fp][26] = pc;
            ++fp;
            mem['x' - 'a'] = stack[--sp];
            pc = funcs[f];
            break;
        }
        case RET: {
            --fp;
            long rv = stack[--sp];
            memcpy(mem, frames[fp], sizeof mem);
            pc = (int)frames[fp][26];
            stack[sp++] = rv;
            break;
        }
        case HALT: return steps;
        }
    }
}

int main(void) {
    src = "n = 1; s = 0; while n <= 100 { s = s + n * n; n = n + 1 } print s;"
          "def f { if x < 2 { return x } return f(x - 1) + f(x - 2) } print f(18);"
          "def g { if x == 0 { return 1 } return x * g(x - 1) } print g(12);"
          "a = 1071; b = 462; while b != 0 { t = b; b = a % b; a = t } print a;"
          "p = 0; c = 2; while c < 500 { d = 2; q = 1; while d * d <= c { if c % d == 0 { q = 0 } d = d + 1 }"
          "  p = p + q; c = c + 1 } print p;"
          "print -7 / 2; print -7 % 3; print (3 + 4) * (5 - 9) / 2;";
    (void)vars;
    next();
    while (tk != T_EOF) stmt();
    emit(HALT);
    printf("bytecode: %d words\n", pc_emit);
    long steps = run();
    printf("steps: %ld\n", steps);
    return 0;
}
