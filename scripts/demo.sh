#!/usr/bin/env bash
# Live failover demo: a switch, two ucarp hosts and a client, each in its own network namespace.
# Usage: scripts/demo.sh path/to/ucarp   (./build.sh demo calls it). Needs root. Leaves nothing behind.
set -euo pipefail
UCARP=$(readlink -f "${1:?usage: demo.sh path/to/ucarp}")
[ "$(id -u)" -eq 0 ] || { echo "demo.sh: needs root (network namespaces)" >&2; exit 1; }
# shellcheck source=lib/netns.sh
. "$(dirname "$0")/lib/netns.sh"

ID=d$$
SW=ucd-$ID-sw A=ucd-$ID-a B=ucd-$ID-b C=ucd-$ID-c
NET=198.18.77 VIP=198.18.77.100
WORK=$(mktemp -d /tmp/ucarp-demo.XXXXXX)
START=$(date +%s.%N)
remove_work() { rm -rf "$WORK"; }
NETNS_EXIT_HOOK=remove_work
netns_trap

stamp() { awk -v s="$START" -v n="$(date +%s.%N)" 'BEGIN { printf "%6.2f", n - s }'; }
say() { printf '\n\033[1m[%ss] %s\033[0m\n' "$(stamp)" "$*"; }

# --- the network: a bridge in the switch namespace, one veth per host, all addresses from 198.18.0.0/15
netns_segment "$SW" "$A" "$B" "$C"
ip -n "$A" addr add $NET.1/24 dev eth0
ip -n "$B" addr add $NET.2/24 dev eth0
ip -n "$C" addr add $NET.10/24 dev eth0

cat >"$WORK/vip-up" <<'S'
#!/bin/sh
exec ip addr add "$2"/24 dev "$1"
S
cat >"$WORK/vip-down" <<'S'
#!/bin/sh
ip addr del "$2"/24 dev "$1" 2>/dev/null || true
S
chmod +x "$WORK/vip-up" "$WORK/vip-down"

# labelled LABEL NS ARG...: runs ucarp ARG... in NS in the background, its log lines prefixed with LABEL
labelled() {
    local label=$1 ns=$2; shift 2
    ip netns exec "$ns" "$UCARP" "$@" 2>&1 | sed -u "s/^/      $label | /" &
    PIDS+=($!)
}
# start_ucarp LABEL NS SRCIP EXTRA...: the demo's VIP on NS
start_ucarp() {
    local label=$1 ns=$2 src=$3; shift 3
    labelled "$label" "$ns" -i eth0 -s "$src" -v 7 -p demo-pass -a $VIP \
        -u "$WORK/vip-up" -d "$WORK/vip-down" -z -f none --status-file="$WORK/status-$label.json" "$@"
}
ucarp_pid() { ip netns pids "$1" | while read -r p; do [ "$(readlink "/proc/$p/exe")" = "$UCARP" ] && echo "$p"; done | head -1; }
master_of() { # master_of [ADDRESS]: the hosts that hold ADDRESS (default the demo's VIP)
    local address=${1:-$VIP} h
    for h in A B; do if ip -n "${!h}" addr show dev eth0 | grep -q " $address/"; then echo "$h"; fi; done
}
wait_master() { # wait_master HOST TIMEOUT
    local deadline=$(( $(date +%s) + $2 ))
    while [ "$(master_of)" != "$1" ]; do [ "$(date +%s)" -lt "$deadline" ] || { echo "demo: $1 did not become master" >&2; exit 1; }; sleep 0.05; done
}
# show_status HOST: the essentials of the host's --status-file, one line
show_status() {
    python3 -c 'import json, sys
s = json.load(open(sys.argv[2]))
print("      %s | status file: %s since %s (was %s, reason %s), master heard: %s"
      % (sys.argv[1], s["state"], s["since"], s["previous_state"], s["reason"], s["master"] or "none"))' "$1" "$WORK/status-$1.json"
}
# outage: longest gap between ping replies in the given window (ms)
outage_ms() {
    awk -v from="$1" -v to="$2" '/bytes from/ { t = substr($1, 2, length($1) - 2) + 0; if (t >= from - 0.5 && t <= to) { if (last && t - last > gap) gap = t - last; last = t } }
        END { printf "%.0f", gap * 1000 }' "$WORK/ping.log"
}

say "Host A ($NET.1, advskew 0) and host B ($NET.2, advskew 50) start ucarp for VIP $VIP"
start_ucarp "A" "$A" $NET.1 -k 0
sleep 0.5
start_ucarp "B" "$B" $NET.2 -k 50
wait_master A 6
say "Elected: host $(master_of) holds $VIP. The client pings it every 10 ms."
ip netns exec "$C" ping -n -D -i 0.01 -W 0.2 $VIP >"$WORK/ping.log" 2>&1 &
PIDS+=($!)
sleep 1.5

say "Cutting host A's cable (its switch port goes down)"
CUT=$(date +%s.%N)
ip -n "$SW" link set p1 down
wait_master B 6
sleep 0.5
say "Host B took over. The client saw an outage of $(outage_ms "$CUT" "$(date +%s.%N)") ms (B waits 3 x 1 s + 50/256 s after the last advertisement it heard)"
say "What each host's --status-file says now (what a monitoring check reads)"
show_status A
show_status B

say "Healing host A's cable: A comes back and stays BACKUP (no --preempt)"
ip -n "$SW" link set p1 up
sleep 2.5
[ "$(master_of)" = B ] && say "Still one master: host B"

say "Restarting host A with --preempt (-P): it advertises more often, so it takes the VIP back"
kill "$(ucarp_pid "$A")"
sleep 0.3
start_ucarp "A" "$A" $NET.1 -k 0 -P
wait_master A 6
say "Host A preempted host B"
sleep 1

say "Planned maintenance: stopping ucarp on host A (SIGTERM with -z). It bows out on the wire."
STOP=$(date +%s.%N)
kill "$(ucarp_pid "$A")"
wait_master B 4
sleep 0.5
say "Host B took over at once: the client saw an outage of $(outage_ms "$STOP" "$(date +%s.%N)") ms"

say "Many VIPs, one process: A and B each run VIPs $NET.111-113 (vhids 11-13) from one --instances file"
cat >"$WORK/instances.conf" <<EOF
# one VIP per line, written as a ucarp command line; the options before --instances are every line's defaults
-v 11 -a $NET.111
-v 12 -a $NET.112
-v 13 -a $NET.113 --xparam='third VIP'
EOF
sed 's/^/      instances.conf | /' "$WORK/instances.conf"
# start_instances LABEL NS SRCIP EXTRA...: one ucarp process for every line of instances.conf
start_instances() {
    local label=$1 ns=$2 src=$3; shift 3
    labelled "$label" "$ns" -i eth0 -s "$src" -p demo-pass -u "$WORK/vip-up" -d "$WORK/vip-down" -z -f none "$@" \
        --instances="$WORK/instances.conf"
}
start_instances A "$A" $NET.1 -k 0
sleep 0.5
start_instances B "$B" $NET.2 -k 50
deadline=$(( $(date +%s) + 8 ))
until [ "$(ip -n "$A" -o addr show dev eth0 | grep -c " $NET.11[123]/")" = 3 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "demo: A did not take its three VIPs" >&2; exit 1; }; sleep 0.05
done
pid=$(ucarp_pid "$A")
say "Host A holds all three VIPs with one process: $(awk '/^Threads/ { print $2 }' "/proc/$pid/status") threads, $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status") kB resident"

VIP6=2001:db8:77::100
say "IPv6 with unicast peers: the switch now drops CARP's IPv6 group (ff02::12); A and B share $VIP6 with --peer"
ip netns exec "$SW" nft add table bridge nocarp6
ip netns exec "$SW" nft add chain bridge nocarp6 forward '{ type filter hook forward priority 0; }'
ip netns exec "$SW" nft add rule bridge nocarp6 forward ip6 daddr ff02::12 counter drop
ip -n "$A" addr add 2001:db8:77::1/64 dev eth0 nodad
ip -n "$B" addr add 2001:db8:77::2/64 dev eth0 nodad
cat >"$WORK/vip6-up" <<'S'
#!/bin/sh
exec ip addr add "$2"/64 dev "$1" nodad
S
cat >"$WORK/vip6-down" <<'S'
#!/bin/sh
ip addr del "$2"/64 dev "$1" 2>/dev/null || true
S
chmod +x "$WORK/vip6-up" "$WORK/vip6-down"
# start_peer6 LABEL NS SRCIP PEER EXTRA...: an IPv6 VIP advertised by unicast to PEER only
start_peer6() {
    local label=$1 ns=$2 src=$3 peer=$4; shift 4
    labelled "$label" "$ns" -i eth0 -s "$src" --peer="$peer" -v 21 -p demo-pass -a $VIP6 \
        -u "$WORK/vip6-up" -d "$WORK/vip6-down" -z -f none "$@"
}
start_peer6 A6 "$A" 2001:db8:77::1 2001:db8:77::2 -k 0
sleep 0.5
start_peer6 B6 "$B" 2001:db8:77::2 2001:db8:77::1 -k 50
sleep 4.5   # longer than the dead interval: B stays backup only if it hears A by unicast
holders=$(master_of "$VIP6" | paste -sd ' ')
[ "$holders" = A ] || { echo "demo: $VIP6 held by '${holders:-nobody}', expected host A alone" >&2; exit 1; }
say "Host A alone holds $VIP6: host B hears its advertisements by unicast, with no multicast CARP on the switch"

say "Observing the segment for 5 s from the client (ucarp --observe: receive only, checks the digest)"
ip netns exec "$C" "$UCARP" --observe=5 -i eth0 -p demo-pass || true   # exit 3 would mean an alarm was raised

say "Demo done; removing namespaces"
