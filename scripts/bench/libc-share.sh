#!/usr/bin/env bash
# The C library's share of the static binary, and what musl would make of it (the size and
# start-up targets trade against it). Usage: libc-share.sh path/to/ucarp.dbg workdir
# Prints: <functions> <glibc bytes> <musl bytes>
# The functions: every global symbol of the unstripped binary that musl's libc.a also defines, i.e. the C
# library the runtime and our P/Invokes take. One C program takes the address of each and is linked static
# and stripped twice, with gcc (glibc, as dist/ucarp is) and musl-gcc: the two sizes are each C library's
# cost for the same functions. Where glibc lacks a name (libgcc's, the runtime's own), it is left out of both.
set -euo pipefail
DBG=$1 W=$2
MUSL_LIBC=$(dpkg -L musl-dev | grep '/libc\.a$')   # Debian's musl-tools
mkdir -p "$W"
globals() { nm --defined-only "$@" 2>/dev/null | awk '$2 ~ /^[TWDBRV]$/ { print $3 }' | sort -u; }
comm -12 <(globals "$DBG") <(globals "$MUSL_LIBC") | grep -vxE 'main|_start|_init|_fini' >"$W/names"
program() { # names file -> C file taking the address of each
    { sed 's/.*/extern char &[];/' "$1"; echo 'void *volatile keep[] = {'; sed 's/$/,/' "$1"; echo '};'
      echo 'int main(void) { return keep[0] == 0; }'; } >"$2"
}
link() { # compiler names-file output
    program "$2" "$W/p.c"
    "$1" -w -O2 -static -Wl,--gc-sections -o "$3" "$W/p.c" -lm 2>"$W/link.err"
}
for _ in 1 2 3; do   # drop what glibc does not define, then link again
    if link gcc "$W/names" "$W/glibc"; then break; fi
    grep -o "undefined reference to \`[^']*'" "$W/link.err" | sed "s/.*\`//; s/'$//" | sort -u >"$W/missing"
    [ -s "$W/missing" ] || { cat "$W/link.err" >&2; exit 1; }
    grep -vxFf "$W/missing" "$W/names" >"$W/names.next"; mv "$W/names.next" "$W/names"
done
link musl-gcc "$W/names" "$W/musl" || { cat "$W/link.err" >&2; exit 1; }
strip "$W/glibc" "$W/musl"
echo "$(wc -l <"$W/names") $(stat -c %s "$W/glibc") $(stat -c %s "$W/musl")"
