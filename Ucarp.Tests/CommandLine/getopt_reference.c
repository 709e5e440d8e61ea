/* Runs argv vectors through glibc's getopt_long with ucarp's option tables, and strings through
 * strtoul/strtol/inet_pton, so the tests can hold Ucarp.Cli.CommandLine against the C library.
 * Built by GlibcReference.cs; input on stdin, one item per line, strings hex-encoded:
 *   T<table>   table for the next argv: "ours" (ucarp for .NET) or "orig" (ucarp 1.5.2)
 *   x<hex>     append one argv element (the first one is argv[0])
 *   .          run getopt_long over the argv collected so far, then forget it
 *   N<hex>     print "N <strtoul> <strtol>" (base 0)
 *   A<hex>     print "A <inet_pton rc> <the 4 bytes in hex>"
 * For each argv it prints one "E <ret> <longindex> <optind> <optarg> <stderr>" line per call,
 * then "O <operand>" for argv[optind..] and a "." line. Strings print as "x<hex>", NULL as "-".
 * The text getopt_long writes to stderr is captured by pointing stderr at a memory stream. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct option ours[] = {
    { "interface", 1, NULL, 'i' }, { "srcip", 1, NULL, 's' }, { "mcastip", 1, NULL, 'm' },
    { "vhid", 1, NULL, 'v' }, { "pass", 1, NULL, 'p' }, { "preempt", 0, NULL, 'P' },
    { "neutral", 0, NULL, 'n' }, { "addr", 1, NULL, 'a' }, { "help", 0, NULL, 'h' },
    { "advbase", 1, NULL, 'b' }, { "advskew", 1, NULL, 'k' }, { "upscript", 1, NULL, 'u' },
    { "downscript", 1, NULL, 'd' }, { "deadratio", 1, NULL, 'r' }, { "debug", 0, NULL, 'D' },
    { "shutdown", 0, NULL, 'z' }, { "facility", 1, NULL, 'f' }, { "daemonize", 0, NULL, 'B' },
    { "ignoreifstate", 0, NULL, 'S' }, { "nomcast", 0, NULL, 'M' }, { "passfile", 1, NULL, 'o' },
    { "xparam", 1, NULL, 'x' }, { "version", 0, NULL, 'V' }, { NULL, 0, NULL, 0 }
};
static const char ours_short[] = "i:s:v:p:Pa:hb:k:x:nu:d:Dr:zf:Bo:SMm:V";

/* ucarp 1.5.2 as Debian ships it: the same rows without "version" and the long-only ones. */
static const struct option orig[] = {
    { "interface", 1, NULL, 'i' }, { "srcip", 1, NULL, 's' }, { "mcastip", 1, NULL, 'm' },
    { "vhid", 1, NULL, 'v' }, { "pass", 1, NULL, 'p' }, { "preempt", 0, NULL, 'P' },
    { "neutral", 0, NULL, 'n' }, { "addr", 1, NULL, 'a' }, { "help", 0, NULL, 'h' },
    { "advbase", 1, NULL, 'b' }, { "advskew", 1, NULL, 'k' }, { "upscript", 1, NULL, 'u' },
    { "downscript", 1, NULL, 'd' }, { "deadratio", 1, NULL, 'r' }, { "debug", 0, NULL, 'D' },
    { "shutdown", 0, NULL, 'z' }, { "facility", 1, NULL, 'f' }, { "daemonize", 0, NULL, 'B' },
    { "ignoreifstate", 0, NULL, 'S' }, { "nomcast", 0, NULL, 'M' }, { "passfile", 1, NULL, 'o' },
    { "xparam", 1, NULL, 'x' }, { NULL, 0, NULL, 0 }
};
static const char orig_short[] = "i:s:v:p:Pa:hb:k:x:nu:d:Dr:zf:Bo:SM";

static void put_hex(const char *s, size_t len)
{
    putchar('x');
    for (size_t i = 0; i < len; i++) {
        printf("%02x", (unsigned char) s[i]);
    }
}

static void put_str(const char *s)
{
    if (s == NULL) {
        putchar('-');
    } else {
        put_hex(s, strlen(s));
    }
}

static char *unhex(const char *hex)
{
    size_t len = strlen(hex) / 2;
    char *s = malloc(len + 1);
    for (size_t i = 0; i < len; i++) {
        unsigned int byte;
        sscanf(hex + 2 * i, "%2x", &byte);
        s[i] = (char) byte;
    }
    s[len] = 0;
    return s;
}

static void run_getopt(int argc, char **argv, int use_orig)
{
    const char *shortopts = use_orig ? orig_short : ours_short;
    const struct option *longopts = use_orig ? orig : ours;
    FILE *real_stderr = stderr;

    optind = 0;   /* makes glibc start over, as for a new process */
    opterr = 1;
    for (;;) {
        char *err = NULL;
        size_t errlen = 0;
        int longindex = -1;
        int c;

        stderr = open_memstream(&err, &errlen);
        c = getopt_long(argc, argv, shortopts, longopts, &longindex);
        fclose(stderr);
        stderr = real_stderr;
        if (c == -1) {
            free(err);
            break;
        }
        printf("E %d %d %d ", c, longindex, optind);
        put_str(optarg);
        putchar(' ');
        if (errlen == 0) {
            putchar('-');
        } else {
            put_hex(err, errlen > 0 && err[errlen - 1] == '\n' ? errlen - 1 : errlen);
        }
        putchar('\n');
        free(err);
    }
    for (int i = optind; i < argc; i++) {
        printf("O ");
        put_str(argv[i]);
        putchar('\n');
    }
    printf(".\n");
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    char *argv[4096];
    int argc = 0;
    int use_orig = 0;

    while ((len = getline(&line, &cap, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n') {
            line[--len] = 0;
        }
        switch (line[0]) {
        case 'T':
            use_orig = strcmp(line + 1, "orig") == 0;
            break;
        case 'x':
            if (argc < 4095) {
                argv[argc++] = unhex(line + 1);
            }
            break;
        case '.':
            argv[argc] = NULL;
            run_getopt(argc, argv, use_orig);
            while (argc > 0) {
                free(argv[--argc]);
            }
            break;
        case 'N': {
            char *s = unhex(line + 1);
            printf("N %lu %ld\n", strtoul(s, NULL, 0), strtol(s, NULL, 0));
            free(s);
            break;
        }
        case 'A': {
            char *s = unhex(line + 1);
            unsigned char addr[4] = { 0, 0, 0, 0 };
            int rc = inet_pton(AF_INET, s, addr);
            printf("A %d %02x%02x%02x%02x\n", rc, addr[0], addr[1], addr[2], addr[3]);
            free(s);
            break;
        }
        }
        fflush(stdout);
    }
    free(line);
    return 0;
}
