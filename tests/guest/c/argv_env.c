/* argv, envp and getenv/setenv/unsetenv/putenv; the auxiliary vector's
   AT_PAGESZ. The runner passes fixed arguments and a fixed environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv, char** envp) {
    printf("argc %d\n", argc);
    const char* base = strrchr(argv[0], '/');
    printf("argv[0] basename %s\n", base ? base + 1 : argv[0]);
    for (int i = 1; i < argc; ++i) printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is %s\n", argv[argc] ? "non-null" : "null");
    printf("envp == environ: %d\n", envp == environ);
    int n = 0;
    for (char** e = envp; *e; ++e) {
        if (strncmp(*e, "CM_", 3) == 0) printf("env %s\n", *e);
        ++n;
    }
    printf("environment has %d entries\n", n);
    printf("getenv CM_TEST_VAR = [%s]\n", getenv("CM_TEST_VAR"));
    printf("getenv CM_TEST_EMPTY = [%s]\n", getenv("CM_TEST_EMPTY"));
    printf("getenv CM_TEST_NUM * 2 = %ld\n", strtol(getenv("CM_TEST_NUM"), NULL, 10) * 2);
    printf("getenv missing = %s\n", getenv("CM_NO_SUCH_VARIABLE") ? "set" : "null");
    printf("getenv TZ = %s, LC_ALL = %s\n", getenv("TZ"), getenv("LC_ALL"));
    setenv("CM_NEW", "created", 0);
    setenv("CM_TEST_VAR", "not replaced", 0);
    printf("setenv: %s / %s\n", getenv("CM_NEW"), getenv("CM_TEST_VAR"));
    setenv("CM_TEST_VAR", "replaced", 1);
    static char put[] = "CM_PUT=by putenv";
    putenv(put);
    unsetenv("CM_TEST_NUM");
    for (char** e = environ; *e; ++e)
        if (strncmp(*e, "CM_", 3) == 0) printf("now %s\n", *e);
    printf("AT_PAGESZ %lu, sysconf %ld\n", getauxval(AT_PAGESZ), sysconf(_SC_PAGESIZE));
    printf("AT_UID matches getuid: %d\n", getauxval(AT_UID) == (unsigned long)getuid());
    printf("AT_ENTRY set: %d, AT_PHDR set: %d, AT_RANDOM set: %d\n", getauxval(AT_ENTRY) != 0,
           getauxval(AT_PHDR) != 0, getauxval(AT_RANDOM) != 0);
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    return argc;
}
