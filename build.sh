#!/usr/bin/env bash
# One entry point for newcomers, CI and maintainers. See README.md; ./build.sh help lists the commands.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
DIST=$ROOT/dist

usage() {
    cat <<'EOF'
usage: ./build.sh [COMMAND]   (as root on Debian 12; missing Debian packages are installed)
  build    (the default) build and publish dist/ucarp, the static binary
  test     build, then run every test; -class NAME or -method NAME runs fewer;
           ends with "N passed, N failed, N skipped"
  demo     live failover between two hosts in network namespaces, then cleans up
  bench    benchmarks against Debian's ucarp 1.5.2 (writes docs/BENCHMARKS.md)
  install  dist/ucarp to /usr/local/sbin/ucarp, the man page to section 8
  deb      dist/ucarp_<version>_amd64.deb, for servers (dpkg -i)
  help     this list (also -h, --help)
EOF
}

say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Debian packages each command needs; installed only when absent. The link always uses gcc, GNU ld
# and GNU objcopy (Ucarp.Cli.csproj chooses them), even where clang and llvm are installed.
BUILD_PKGS="gcc libc6-dev zlib1g-dev file binutils"
# lintian and systemd (for systemd-analyze verify; no running systemd needed) check the package;
# python3-prometheus-client is a real Prometheus text parser for the metrics tests; tshark's
# dissectors decode the captured CARP and Neighbor Advertisement frames independently; nftables
# makes the test switches drop multicast for the unicast peer tests; strace shows the system calls the
# systemd units' filter must allow; fuse3 and libfuse3-dev build and mount the file system that hangs
# under the status file.
TEST_PKGS="iproute2 iputils-ping ucarp groff-base procps psmisc lintian systemd python3-prometheus-client tshark nftables strace fuse3 libfuse3-dev"
BENCH_PKGS="keepalived hyperfine tcpdump valgrind musl-tools"

ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them"
    say "installing ${missing[*]}"
    # The package lists may be stale or absent on a fresh machine: update once on failure.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # keepalived is a benchmark reference only: never let it run as a service.
    if [[ " ${missing[*]} " == *" keepalived "* ]]; then
        systemctl disable --now keepalived >/dev/null 2>&1 || true
    fi
}

ensure_dotnet() {
    command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet on PATH)"
}

publish() {
    ensure_packages $BUILD_PKGS
    ensure_dotnet
    say "publishing dist/ucarp (NativeAOT, static, linux-x64)"
    local log
    log=$(mktemp)
    if ! dotnet publish Ucarp.Cli/Ucarp.Cli.csproj -c Release -r linux-x64 -o "$DIST/publish" -nologo -v q \
        -p:StaticExecutable=true -p:PositionIndependentExecutable=false >"$log" 2>&1; then
        cat "$log"; rm -f "$log"; die "publish failed"
    fi
    # Trim/AOT analysis warnings (ILxxxx) fail the build: they mean behaviour the binary may lose.
    if grep -E 'warning IL[0-9]+' "$log"; then rm -f "$log"; die "trim/AOT warnings in publish"; fi
    rm -f "$log"
    install -m 0755 "$DIST/publish/ucarp" "$DIST/ucarp"
    file "$DIST/ucarp" | grep -q 'statically linked' || die "dist/ucarp is not statically linked"
    file "$DIST/ucarp" | grep -q ', stripped' || die "dist/ucarp is not stripped"
    # The size budget, 2.5 MiB: crossing it fails the build with the figure.
    local kind size budget=2621440
    kind=$(file -b "$DIST/ucarp" | tr ',' '\n' | sed 's/^ //' | grep -E '^(ELF|statically linked|stripped)' | paste -sd, | sed 's/,/, /g')
    size=$(stat -c %s "$DIST/ucarp")
    [ "$size" -le "$budget" ] || die "dist/ucarp is $size bytes, over the size budget of $budget bytes (2.5 MiB)"
    say "dist/ucarp: $size bytes ($kind; budget $budget)"
}

# dist/ucarp as it is, unless a source or build setting is newer (then publish again): demo and install
# must never run a binary older than the tree.
ensure_current_binary() {
    [ -x "$DIST/ucarp" ] && [ -z "$(find Ucarp.Cli Ucarp.Protocol Directory.Build.props ucarp.sln \
        \( -name bin -o -name obj \) -prune -o -newer "$DIST/ucarp" -print -quit 2>/dev/null)" ] || publish
}

build_debug() {
    ensure_dotnet
    say "building the solution"
    dotnet build ucarp.sln -nologo -v q -clp:ErrorsOnly
}

run_tests() {
    ensure_packages $BUILD_PKGS $TEST_PKGS
    publish
    build_debug
    local xml=$DIST/test-results.xml
    rm -f "$xml"
    say "running tests"
    local rc=0
    UCARP_BIN="$DIST/ucarp" dotnet Ucarp.Tests/bin/Debug/net10.0/Ucarp.Tests.dll -noColor -xml "$xml" "$@" || rc=$?
    [ -f "$xml" ] || die "the test runner wrote no results (exit $rc)"
    local passed failed skipped errors
    passed=$(grep -o 'passed="[0-9]*"' "$xml" | head -1 | tr -dc 0-9)
    failed=$(grep -o 'failed="[0-9]*"' "$xml" | head -1 | tr -dc 0-9)
    skipped=$(grep -o 'skipped="[0-9]*"' "$xml" | head -1 | tr -dc 0-9)
    errors=$(grep -o 'errors="[0-9]*"' "$xml" | head -1 | tr -dc 0-9)
    failed=$((failed + ${errors:-0}))
    echo "${passed:-0} passed, ${failed} failed, ${skipped:-0} skipped"
    [ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
}

case "${1:-build}" in
    build) publish ;;
    test) shift; run_tests "$@" ;;
    demo) ensure_packages $BUILD_PKGS $TEST_PKGS; ensure_current_binary; exec bash scripts/demo.sh "$DIST/ucarp" ;;
    bench) ensure_packages $BUILD_PKGS $TEST_PKGS $BENCH_PKGS; publish; exec bash scripts/bench.sh "$DIST/ucarp" ;;
    install) ensure_current_binary
             install -D -m 0755 "$DIST/ucarp" /usr/local/sbin/ucarp
             install -D -m 0644 man/ucarp.8 /usr/local/share/man/man8/ucarp.8
             say "installed /usr/local/sbin/ucarp and ucarp(8)" ;;
    deb) publish; exec bash scripts/deb.sh "$DIST/ucarp" ;;
    help|-h|--help) usage ;;
    *) usage >&2; die "unknown command '$1'" ;;
esac
