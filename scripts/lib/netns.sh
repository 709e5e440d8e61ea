# shellcheck shell=bash
# The namespace segment demo.sh and bench.sh build: a switch namespace with bridge br0, and hosts
# each joined to it by a veth pair (port pN on br0, eth0 in the host). Sourced, not run.
# The caller keeps two arrays: PIDS (every background process it starts) and NETNS (every namespace
# netns_segment created, filled here), and sets NETNS_EXIT_HOOK to a function to run last on exit.
PIDS=()
NETNS=()

# netns_segment SWITCH HOST...: creates SWITCH with br0 and each HOST with eth0 on port p1, p2, ...; all links up.
netns_segment() {
    local sw=$1 ns n=1; shift
    ip netns add "$sw"; NETNS+=("$sw")
    ip -n "$sw" link add br0 type bridge; ip -n "$sw" link set br0 up
    ip -n "$sw" link set lo up
    for ns in "$@"; do
        ip netns add "$ns"; NETNS+=("$ns")
        ip -n "$sw" link add "p$n" type veth peer name eth0 netns "$ns"
        ip -n "$sw" link set "p$n" master br0 up
        ip -n "$ns" link set lo up; ip -n "$ns" link set eth0 up
        n=$((n + 1))
    done
}

# netns_kill NS...: SIGKILL to every process left in the namespaces.
netns_kill() {
    local ns
    for ns in "$@"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true; done
}

# The EXIT trap: stop PIDS (TERM, then KILL), empty and delete every namespace, then the caller's hook.
netns_cleanup() {
    set +e
    local p ns
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    sleep 0.3
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    for ns in "${NETNS[@]}"; do netns_kill "$ns"; ip netns del "$ns" 2>/dev/null; done
    [ -z "${NETNS_EXIT_HOOK:-}" ] || "$NETNS_EXIT_HOOK"
}

# Installs the clean-up on exit, also when interrupted (Ctrl-C, SIGTERM).
netns_trap() {
    trap netns_cleanup EXIT
    trap 'exit 130' INT TERM
}
