#!/usr/bin/env bash
# Benchmarks: ours (dist/ucarp) side by side with Debian's ucarp 1.5.2 (/usr/sbin/ucarp) and,
# where it can do the same job, keepalived; writes docs/BENCHMARKS.md.
# Usage: bash scripts/bench.sh path/to/ucarp     (./build.sh bench calls it). Needs root, and an otherwise
#        idle machine: a build or test run beside it disturbs the measurements.
# Everything network happens in namespaces created here (ucb<pid>-*), addresses from
# 198.18.0.0/15 and 2001:db8::/32 only; the EXIT trap removes every namespace and process, even on failure.
# BENCH_QUICK=1 runs fewer trials and shorter windows (for trying the script, not for numbers).
set -euo pipefail
UCARP=$(readlink -f "${1:?usage: bench.sh path/to/ucarp}")
ORIG=/usr/sbin/ucarp
[ "$(id -u)" -eq 0 ] || { echo "bench.sh: needs root (network namespaces)" >&2; exit 1; }
[ -x "$ORIG" ] || { echo "bench.sh: $ORIG missing (apt-get install ucarp)" >&2; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
H=$HERE/bench
# shellcheck source=lib/netns.sh
. "$HERE/lib/netns.sh"
DOC=$ROOT/docs/BENCHMARKS.md
QUICK=${BENCH_QUICK:-0}

ID=ucb$$
SW=$ID-sw A=$ID-a B=$ID-b C=$ID-c
IPA=198.18.0.1 IPB=198.18.0.2 IPC=198.18.0.10 VIP=198.18.0.100 PASS=bench-pass VHID=7
W=$(mktemp -d /tmp/ucarp-bench.XXXXXX)
R=$W/results.tsv
: >"$R"
T_START=$(date +%s)
DAEMONS=()   # the daemons of the current scenario (PIDS: every background process, lib/netns.sh)

keep_results() {
    [ -s "$R" ] && cp "$R" /tmp/ucarp-bench-last-results.tsv
    rm -rf "$W"
}
NETNS_EXIT_HOOK=keep_results
netns_trap
set -E   # the ERR trap reaches functions and each scenario's subshell
trap 'rc=$?; echo "bench.sh: line $LINENO: \"$BASH_COMMAND\" failed (exit $rc)" >&2' ERR

now() { date +%s.%N; }
say() { printf '==> [%4ds] %s\n' "$(( $(date +%s) - T_START ))" "$*"; }
rec() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$R"; }   # scenario impl metric value
fadd() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a + b }'; }
trials() { [ "$QUICK" = 1 ] && echo "$2" || echo "$1"; }
scenario_failed() { # a scenario's subshell failed: say so, keep the other scenarios' numbers
    say "scenario $1 FAILED (see above); resetting the namespaces and going on"
    rec failed "-" scenario "$1"
    netns_kill "$A" "$B" "$C" "$SW"
    DAEMONS=(); stop_all
}
want() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }   # BENCH_ONLY="1 4": those scenarios only

# --- the network: switch namespace with br0, hosts A and B, client/attacker C
netns_segment "$SW" "$A" "$B" "$C"
ip -n "$A" addr add $IPA/16 dev eth0
ip -n "$B" addr add $IPB/16 dev eth0
ip -n "$C" addr add $IPC/16 dev eth0
# SRC: each host's -s, its IPv4 address unless a scenario switches to IPv6 (use_ipv6)
declare -A NSOF=([A]=$A [B]=$B) PORT=([A]=p1 [B]=p2) SRC=([A]=$IPA [B]=$IPB) IP4=([A]=$IPA [B]=$IPB)
other() { [ "$1" = A ] && echo B || echo A; }

# Up/down scripts for both ucarps: move the VIP and note the time (xparam = host name). An IPv6 VIP
# is added without duplicate address detection, which would hold it back for about a second.
cat >"$W/up" <<EOF
#!/bin/sh
case "\$2" in
    *:*) ip -6 addr add "\$2"/64 dev "\$1" nodad 2>/dev/null ;;
    *) ip addr add "\$2"/16 dev "\$1" 2>/dev/null ;;
esac
echo "\$(date +%s.%N) up \$2" >>"$W/events.\$3"
EOF
cat >"$W/down" <<EOF
#!/bin/sh
case "\$2" in
    *:*) ip -6 addr del "\$2"/64 dev "\$1" 2>/dev/null ;;
    *) ip addr del "\$2"/16 dev "\$1" 2>/dev/null ;;
esac
echo "\$(date +%s.%N) down \$2" >>"$W/events.\$3"
exit 0
EOF
cat >"$W/kanotify" <<EOF
#!/bin/sh
echo "\$(date +%s.%N) \$2 $VIP" >>"$W/events.\$1"
EOF
chmod +x "$W/up" "$W/down" "$W/kanotify"

# launch HOST LOGNAME CMD...: runs CMD in HOST's namespace, stdout/stderr to files; sets LAST_PID
launch() {
    local host=$1 log=$2; shift 2
    ip netns exec "${NSOF[$host]}" "$@" >"$W/$log.out" 2>"$W/$log.err" &
    LAST_PID=$!
    PIDS+=("$LAST_PID"); DAEMONS+=("$LAST_PID")
}
# start IMPL HOST [VHID VIP LOGNAME] -- EXTRA...: one daemon (ours, orig or ka)
start() {
    local impl=$1 host=$2 vhid=$VHID vip=$VIP log; log=$1-$2; shift 2
    if [ "${1:-}" != -- ] && [ $# -gt 0 ]; then vhid=$1 vip=$2 log=$3; shift 3; fi
    [ "${1:-}" = -- ] && shift
    case $impl in
        ours) launch "$host" "$log" "$UCARP" -i eth0 -s "${SRC[$host]}" -v "$vhid" -p $PASS -a "$vip" \
                  -u "$W/up" -d "$W/down" -z -f none -x "$host" "$@" ;;
        orig) launch "$host" "$log" stdbuf -oL -eL "$ORIG" -i eth0 -s "${SRC[$host]}" -v "$vhid" -p $PASS -a "$vip" \
                  -u "$W/up" -d "$W/down" -z -f none -x "$host" "$@" ;;
        ka) start_ka "$host" "$log" "$@" ;;
    esac
}
# keepalived: start_ka HOST LOG ADVERT_INT VRRP_VERSION [FLAG] (priority 254, nopreempt, PASS auth on v2;
# with FLAG, a track_script "test -f FLAG" every 1 s, fall 2, rise 2, weight 0: FAULT while it fails)
start_ka() {
    local host=$1 log=$2 adv=${3:-1} ver=${4:-2} flag=${5:-} auth="" script="" track=""
    [ "$ver" = 2 ] && auth="authentication { auth_type PASS
        auth_pass $PASS }"
    [ -n "$flag" ] && script="vrrp_script chk {
    script \"/usr/bin/test -f $flag\"
    interval 1
    fall 2
    rise 2
}" track="track_script {
        chk
    }"
    cat >"$W/$log.conf" <<EOF
$script
global_defs {
    router_id $log
    script_user root
    enable_script_security
    vrrp_version $ver
    vrrp_garp_master_delay 0
}
vrrp_instance VI {
    state BACKUP
    nopreempt
    interface eth0
    virtual_router_id $VHID
    priority 254
    advert_int $adv
    $auth
    virtual_ipaddress {
        $VIP/16 dev eth0
    }
    notify_master "$W/kanotify $host up"
    notify_backup "$W/kanotify $host down"
    notify_fault "$W/kanotify $host down"
    $track
}
EOF
    launch "$host" "$log" keepalived --dont-fork --log-console --vrrp -f "$W/$log.conf" \
        -p "$W/$log.pid" -r "$W/$log.vrrp.pid"
}
stop_all() {
    local p
    for p in "${DAEMONS[@]}"; do kill "$p" 2>/dev/null || true; done
    for _ in $(seq 30); do
        local alive=0
        for p in "${DAEMONS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break; sleep 0.1
    done
    for p in "${DAEMONS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    netns_kill "$A" "$B"   # keepalived children, strays
    DAEMONS=()
    for h in A B; do
        ip -n "${NSOF[$h]}" addr flush dev eth0
        ip -n "${NSOF[$h]}" addr add "${IP4[$h]}"/16 dev eth0
        [ "${SRC[$h]}" = "${IP4[$h]}" ] || ip -n "${NSOF[$h]}" addr add "${SRC[$h]}"/64 dev eth0 nodad
        ip -n "$SW" link set "${PORT[$h]}" up
    done
    rm -f "$W"/events.*
    sleep 0.3
}
# pids of the daemons in HOST's namespace (keepalived: parent and VRRP child)
daemon_pids() { ip netns pids "${NSOF[$1]}" | while read -r p; do
    case $(readlink "/proc/$p/exe" 2>/dev/null) in "$UCARP"|"$ORIG"|*/keepalived|"$W/floor") echo "$p";; esac; done; }
# grep -c reads the whole dump: grep -q would close the pipe early, and under pipefail ip's SIGPIPE reads as "no VIP".
has_vip() { ip -n "${NSOF[$1]}" -o addr show dev eth0 | grep -c " ${2:-$VIP}/" >/dev/null; }
master_of() { local h m=""; for h in A B; do has_vip $h && m="$m$h"; done; echo "$m"; }
wait_master() { # wait_master HOST TIMEOUT: until HOST alone holds the VIP
    local deadline; deadline=$(fadd "$(now)" "$2")
    while [ "$(master_of)" != "$1" ]; do
        awk -v a="$(now)" -v b="$deadline" 'BEGIN { exit !(a > b) }' && return 1
        sleep 0.02
    done
}
wait_single() { # until exactly one host holds the VIP; prints it
    local m
    for _ in $(seq 400); do m=$(master_of); [ ${#m} = 1 ] && { echo "$m"; return 0; }; sleep 0.05; done
    echo "?"; return 1
}
start_ping() { # ping -6 for an IPv6 VIP
    local family=""; [[ $VIP == *:* ]] && family=-6
    ip netns exec "$C" ping $family -n -D -i 0.01 -W 0.2 $VIP >"$W/ping.log" 2>&1 & PING=$!; PIDS+=("$PING")
}
stop_ping() { kill "$PING" 2>/dev/null || true; wait "$PING" 2>/dev/null || true; }
outage_ms() { # longest gap between ping replies in [from-0.5, to]
    awk -v from="$1" -v to="$2" '/bytes from/ { t = substr($1, 2, length($1) - 2) + 0; if (t >= from - 0.5 && t <= to) { if (last && t - last > gap) gap = t - last; last = t } }
        END { printf "%.0f", gap * 1000 }' "$W/ping.log"
}
start_cap() { # start_cap FILE [extra filter]; on CAP_IF (default br0, which sees no unicast between ports)
    local f="(ip proto 112 or ip6 proto 112)"; [ -n "${2:-}" ] && f="$f and $2"
    ip netns exec "$SW" tcpdump -i "${CAP_IF:-br0}" -n -U -s 96 -Z root -w "$1" "$f" 2>/dev/null & CAP=$!; PIDS+=("$CAP")
    sleep 0.5
}
stop_cap() { sleep 0.2; kill -INT "$CAP" 2>/dev/null || true; wait "$CAP" 2>/dev/null || true; }
cap() { python3 "$H/cap.py" "$@"; }
# a pair with A master: start A, wait for it to take the VIP, then B
pair() { # pair IMPL_A IMPL_B -- EXTRA_A -- EXTRA_B  (same extra for both when one list is given)
    local ia=$1 ib=$2; shift 2
    local ea=() eb=() cur=a
    [ "${1:-}" = -- ] && shift
    while [ $# -gt 0 ]; do
        if [ "$1" = -- ]; then cur=b; shift; continue; fi
        if [ $cur = a ]; then ea+=("$1"); else eb+=("$1"); fi; shift
    done
    [ $cur = a ] && eb=("${ea[@]}")
    start "$ia" A -- "${ea[@]}"
    wait_master A 12 || { say "A did not become master"; return 1; }
    start "$ib" B -- "${eb[@]}"
    sleep 1.5
}
up_events() { cat "$W"/events.* 2>/dev/null | awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 == "up"' | wc -l; }
IMPLS=${BENCH_IMPLS:-ours orig ka}   # BENCH_IMPLS="ours": only those (for trying a change, not for the report)
DEAD1=3.0 DEAD1_KA=3.0078          # -b 1: 3 x 1 s + 0/256 s; keepalived: 3 x 1 s + (256-254)/256 s
declare -A DEAD=([ours]=$DEAD1 [orig]=$DEAD1 [ka]=$DEAD1_KA)
declare -A REJOIN=([ours]=2 [orig]=12 [ka]=2)   # the original sleeps 10 s blind after a carrier loss

# ---------------------------------------------------------------- 1. failover on link cut
# Returns once SRC's next advertisement has crossed the switch (at most 3 s). Cutting right after it puts
# every trial of every implementation at the same phase: the backup heard its last advertisement just
# before the cut, so the outage is a whole dead interval plus the takeover, not a share of it by chance.
after_advert() {
    timeout 3 ip netns exec "$SW" tcpdump -i "${CAP_IF:-br0}" -n -c 1 --immediate-mode \
        "(ip proto 112 or ip6 proto 112) and src host $1" >/dev/null 2>&1 || true
}
failover() { # failover SCEN IMPL TRIALS DEAD -- daemon args
    local scen=$1 impl=$2 n=$3 dead=$4 tag=$1-$2; shift 5
    if [ "$impl" = ka ]; then pair ka ka -- "$@"; else pair "$impl" "$impl" -- "$@"; fi
    start_cap "$W/$tag.pcap"; start_ping
    local i m bk t o ok=1 steady=${STEADY:-0}
    if [ "$steady" != 0 ]; then
        say "  $impl: $steady s with nothing failing"
        t=$(now); sleep "$steady"
        rec "$scen" "$impl" spurious "$(up_events "$t" "$(now)")"
    fi
    for i in $(seq "$n"); do
        m=$(wait_single) || true
        [ "$m" = "?" ] && { say "  $impl trial $i: no single master, skipped"; sleep 2; continue; }
        bk=$(other "$m"); sleep 1.2; after_advert "${SRC[$m]}"
        t=$(now); ip -n "$SW" link set "${PORT[$m]}" down
        # Quiet until just past the expected takeover: wait_master's polling (a few processes every
        # 20 ms) would compete for the CPUs with the takeover being measured.
        sleep "$(fadd "$dead" 0.05)"
        wait_master "$bk" 15 || say "  $impl trial $i: $bk did not take over"
        sleep 0.3
        o=$(outage_ms "$t" "$(now)")
        echo "$t ${SRC[$m]} ${SRC[$bk]} $o" >>"$W/$tag.trials"
        say "  $impl trial $i: cut $m, $bk took over, outage $o ms"
        ip -n "$SW" link set "${PORT[$m]}" up
        sleep "${REJOIN[$impl]}"
    done
    stop_ping; stop_cap; stop_all
    while read -r t old new o; do
        read -r first ov < <(cap takeover "$W/$tag.pcap" "$t" "$dead" "$old" "$new")
        rec "$scen" "$impl" outage_ms "$o"; rec "$scen" "$impl" overhead_ms "$ov"
    done <"$W/$tag.trials"
}

say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r)"
if want 1; then (
say "1. failover on link cut (-b 1), $(trials 5 2) trials each"
for impl in $IMPLS; do
    if [ $impl = ka ]; then failover failover ka "$(trials 5 2)" "${DEAD[ka]}" -- 1 2
    else failover failover $impl "$(trials 5 2)" "${DEAD[$impl]}" -- -b 1 -k 0; fi
done
# The floor of the takeover overhead: ours master on A, scripts/bench/takeover-floor.c as B's backup (it
# re-arms its timer from each advert's kernel timestamp and sends one captured advert of ours from B when
# it fires). What the floor pays beyond the dead interval is the kernel's and this machine's share.
if [[ " $IMPLS " == *" ours "* ]] && gcc -O2 -o "$W/takeover-floor" "$H/takeover-floor.c"; then
    read -r _ hex < <(cap adverts "$W/failover-ours.pcap" "${SRC[B]}") || hex=""
    say "1. floor: ours master on A, the C floor as B's backup, $(trials 5 2) cuts"
    start_cap "$W/failover-floor.pcap"
    for i in $(seq "$(trials 5 2)"); do
        [ -n "$hex" ] || { say "  floor: no advert of ours from B captured, skipped"; break; }
        start ours A -- -b 1 -k 0
        wait_master A 12 || { say "  floor trial $i: A did not become master"; stop_all; continue; }
        launch B floor "$W/takeover-floor" eth0 "$VHID" "$DEAD1" "$hex"; fl=$LAST_PID
        sleep 2.2; after_advert "${SRC[A]}"   # the floor has heard A (it arms only on an advert)
        t=$(now); ip -n "$SW" link set "${PORT[A]}" down
        for _ in $(seq 60); do kill -0 "$fl" 2>/dev/null || break; sleep 0.1; done
        sleep 0.3
        read -r _ ov < <(cap takeover "$W/failover-floor.pcap" "$t" "$DEAD1" "${SRC[A]}" "${SRC[B]}")
        rec failover floor overhead_ms "$ov"
        say "  floor trial $i: overhead $ov ms"
        ip -n "$SW" link set "${PORT[A]}" up
        stop_all
    done
    stop_cap
fi
) || scenario_failed 1; fi

# ---------------------------------------------------------------- 2. sub-second
if want 2; then (
say "2. sub-second (-b 0 -k 25; keepalived VRRPv3 advert_int 0.1): $(trials 60 15) s steady, then $(trials 5 2) cuts"
# dead intervals: ours 3 x 25/256 s (local deadratio on advbase 0), the original 25/256 s, keepalived 3 x 0.1 + 2 x 0.1/256 s
STEADY=$(trials 60 15) failover subsec ours "$(trials 5 2)" 0.29297 -- -b 0 -k 25
STEADY=$(trials 60 15) failover subsec orig "$(trials 5 2)" 0.09766 -- -b 0 -k 25
STEADY=$(trials 60 15) failover subsec ka "$(trials 5 2)" 0.30078 -- 0.1 3
) || scenario_failed 2; fi

# ---------------------------------------------------------------- 3. link-flap readiness
flap() { # flap IMPL TRIALS -- args
    local impl=$1 n=$2 tag=flap-$1; shift 3
    if [ "$impl" = ka ]; then pair ka ka -- "$@"; else pair "$impl" "$impl" -- "$@"; fi
    start_cap "$W/$tag.pcap"
    local i m bk t r
    for i in $(seq "$n"); do
        m=$(wait_single) || true
        [ "$m" = "?" ] && { sleep 2; continue; }
        bk=$(other "$m"); sleep 1.2
        ip -n "$SW" link set "${PORT[$bk]}" down; sleep 2
        # carrier back on the backup, and at that instant the master dies (its link is cut)
        t=$(now); ip -n "$SW" link set "${PORT[$bk]}" up; ip -n "$SW" link set "${PORT[$m]}" down
        wait_master "$bk" 20 || say "  $impl trial $i: $bk did not take over"
        sleep 0.2
        echo "$t ${SRC[$bk]}" >>"$W/$tag.trials"
        ip -n "$SW" link set "${PORT[$m]}" up
        sleep "${REJOIN[$impl]}"
    done
    stop_cap; stop_all
    while read -r t src; do
        r=$(cap first "$W/$tag.pcap" "$src" "$t")
        r=$(awk -v r="$r" -v d="${DEAD[$impl]}" 'BEGIN { printf "%.1f", (r - d) * 1000 }')
        rec flap "$impl" readiness_ms "$r"
        say "  $impl: ready $r ms after the carrier returned"
    done <"$W/$tag.trials"
}
if want 3; then (
say "3. link-flap readiness (backup carrier down 2 s; the master dies as it returns), $(trials 3 1) trials"
flap ours "$(trials 3 1)" -- -b 1 -k 0
flap orig "$(trials 3 1)" -- -b 1 -k 0
flap ka "$(trials 3 1)" -- 1 2
) || scenario_failed 3; fi

# ---------------------------------------------------------------- 4. steady master
if want 4; then (
say "4. steady master, $(trials 20 8) s"
for impl in $IMPLS; do
    if [ $impl = ka ]; then pair ka ka -- 1 2; else pair $impl $impl -- -b 1 -k 0; fi
    start_cap "$W/steady-$impl.pcap"
    sleep 1
    t0=$(now)
    read -r -a st < <(python3 "$H/procstat.py" "$(trials 20 8)" $(daemon_pids A))
    read -r -a sb < <(python3 "$H/procstat.py" 0.01 $(daemon_pids B))
    t1=$(now)
    stop_cap
    for kv in "${st[@]}"; do rec steady $impl "${kv%%=*}" "${kv#*=}"; done
    read -r np mean worst maxp < <(cap periods "$W/steady-$impl.pcap" $IPA "$t0" "$t1" 1.0)
    rec steady $impl period_mean_ms "$mean"; rec steady $impl period_worst_dev_ms "$worst"
    say "  $impl: ${st[*]} periods=$np mean=$mean worst_dev=$worst"
    stop_all
done
) || scenario_failed 4; fi

# ---------------------------------------------------------------- 5. flood
if want 5; then (
FLOOD_S=$(trials 8 4)
say "5. flood: 20000 forged adverts/s (wrong digest) for $FLOOD_S s from $IPC"
for impl in $IMPLS; do
    if [ $impl = ka ]; then pair ka ka -- 1 2; else pair $impl $impl -- -b 1 -k 0; fi
    start_cap "$W/flood-$impl.pcap" "not src host $IPC"
    ea=$(cat "$W/$impl-A.err" | wc -l); eb=$(cat "$W/$impl-B.err" | wc -l)
    python3 "$H/procstat.py" "$FLOOD_S" $(daemon_pids A) >"$W/flood-a" &
    PA=$!
    python3 "$H/procstat.py" "$FLOOD_S" $(daemon_pids B) >"$W/flood-b" &
    PB=$!
    opid=""
    if [ $impl = ours ]; then   # --observe beside the backup, checking digests over the /16
        ip netns exec "$B" "$UCARP" --observe -i eth0 -p $PASS >"$W/observe.out" 2>"$W/observe.err" &
        OBS=$!; PIDS+=("$OBS")
        sleep 0.3   # $! is the subshell (traps are set): measure the observer itself, found by its argument
        opid=$(ip netns pids "$B" | while read -r p; do tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- '--observe' && echo "$p"; done | head -1)
    fi
    t0=$(now)
    sent=$(ip netns exec "$C" timeout $((FLOOD_S + 5)) python3 "$H/flood.py" eth0 $IPC $VHID 20000 "$FLOOD_S" 1 0)
    t1=$(now)
    wait $PA $PB || true
    sleep 1.5   # lines the original holds in its one-second capture batch
    la=$(( $(wc -l <"$W/$impl-A.err") - ea )); lb=$(( $(wc -l <"$W/$impl-B.err") - eb ))
    stop_cap
    cpa=$(grep -o 'cpu_s_per_min=[0-9.]*' "$W/flood-a" | cut -d= -f2)
    cpb=$(grep -o 'cpu_s_per_min=[0-9.]*' "$W/flood-b" | cut -d= -f2)
    took=$(cat "$W"/events.B 2>/dev/null | awk -v a="$t0" '$1 >= a && $2 == "up"' | wc -l)
    read -r np mean worst maxp < <(cap periods "$W/flood-$impl.pcap" $IPA "$t0" "$t1" 1.0)
    rec flood $impl sent "$sent"
    rec flood $impl cpu_master_pct "$(awk -v c="$cpa" 'BEGIN { printf "%.1f", c / 60 * 100 }')"
    rec flood $impl cpu_backup_pct "$(awk -v c="$cpb" 'BEGIN { printf "%.1f", c / 60 * 100 }')"
    if [ -n "$opid" ]; then
        # All its CPU since start (the /16 VIP search included) over the flood's duration: an upper bound.
        ot=$(awk '{ printf "%.3f", $1 / 1e9 }' "/proc/$opid/schedstat")   # run time, ns
        kill -TERM "$opid"; wait "$OBS" || true   # 3: alarms, as expected under a forged flood
        rec flood $impl cpu_observe_pct "$(awk -v t="$ot" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", t / (b - a) * 100 }')"
        say "  --observe beside the backup: $ot s of CPU; $(tail -n 1 "$W/observe.out")"
    fi
    rec flood $impl loglines_master "$la"; rec flood $impl loglines_backup "$lb"
    rec flood $impl backup_took_over "$took"; rec flood $impl master_worst_period_ms "$maxp"
    say "  $impl: sent $sent, CPU master $cpa s/min backup $cpb s/min, log lines $la/$lb, takeovers $took, worst period $maxp ms"
    stop_all
done
) || scenario_failed 5; fi

# ---------------------------------------------------------------- 6. start-up
if want 6; then (
say "6. start-up: --help (hyperfine), exec to first advertisement, size"
hyperfine -N --warmup 20 --runs 300 -i --export-json "$W/help.json" \
    -n ours "$UCARP --help" -n orig "$ORIG --help" -n ka "keepalived --help" >/dev/null 2>&1 || \
hyperfine --shell=none --warmup 20 --runs 300 -i --export-json "$W/help.json" \
    -n ours "$UCARP --help" -n orig "$ORIG --help" -n ka "keepalived --help" >/dev/null 2>&1
python3 - "$W/help.json" >>"$R" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))['results']:
    print('startup\t%s\thelp_ms\t%.3f' % (r['command'], r['mean'] * 1e3))
    print('startup\t%s\thelp_user_sys_ms\t%.3f' % (r['command'], (r['user'] + r['system']) * 1e3))
EOF
for impl in $IMPLS; do
    start_cap "$W/start-$impl.pcap"
    for i in $(seq "$(trials 5 2)"); do
        t=$(now)
        if [ $impl = ka ]; then start ka A -- 1 2; else start $impl A -- -b 1 -k 0; fi
        wait_master A 10 || say "  $impl: no master"
        sleep 0.1
        echo "$t" >>"$W/start-$impl.trials"
        stop_all
    done
    stop_cap
    while read -r t; do
        r=$(cap first "$W/start-$impl.pcap" $IPA "$t")
        rec startup $impl first_advert_overhead_ms "$(awk -v r="$r" -v d="${DEAD[$impl]}" 'BEGIN { printf "%.1f", (r - d) * 1000 }')"
    done <"$W/start-$impl.trials"
done
libsize() { # file plus every shared library it loads (symlinks resolved)
    local f=$1 total
    total=$(stat -Lc %s "$f")
    for l in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do total=$((total + $(stat -Lc %s "$l"))); done
    echo "$total"
}
rec startup ours size_bytes "$(stat -Lc %s "$UCARP")"; rec startup ours size_with_libs_bytes "$(libsize "$UCARP")"
rec startup orig size_bytes "$(stat -Lc %s "$ORIG")"; rec startup orig size_with_libs_bytes "$(libsize "$ORIG")"
KA=$(command -v keepalived)
rec startup ka size_bytes "$(stat -Lc %s "$KA")"; rec startup ka size_with_libs_bytes "$(libsize "$KA")"
ldd "$ORIG" | awk '{ print $1 }' | tr '\n' ' ' >"$W/orig-libs"
# The C library's share of that size: glibc's, and musl's for the same functions (scripts/bench/libc-share.sh).
DBG=$(dirname "$UCARP")/publish/ucarp.dbg
if [ -f "$DBG" ] && libc=$(bash "$H/libc-share.sh" "$DBG" "$W/libc"); then
    read -r n g m <<<"$libc"
    rec startup ours libc_functions "$n"; rec startup ours libc_glibc_bytes "$g"; rec startup ours libc_musl_bytes "$m"
else
    say "  no libc share: $DBG missing or libc-share.sh failed"
fi
) || scenario_failed 6; fi

# ---------------------------------------------------------------- 7. packet path
if want 7; then (
say "7. packet path micro-benchmark (dotnet run -c Release, bench/PacketPath)"
if command -v dotnet >/dev/null && (cd "$ROOT/bench/PacketPath" && dotnet run -c Release -- "$(trials 15 5)") >"$W/micro.all" 2>"$W/micro.err"; then
    grep -E '^(AdvertisementReader|CarpEngine|SegmentObserver|VipDiscovery)' "$W/micro.all" >"$W/micro" || true
    cat "$W/micro"
    while read -r name med min alloc; do
        rec micro ours "$name" "$med"; rec micro ours "$name.min" "$min"; rec micro ours "$name.alloc" "$alloc"
    done <"$W/micro"
else
    say "  micro-benchmark failed:"; cat "$W/micro.err" "$W/micro.all" >&2 || true
fi
) || scenario_failed 7; fi

# ---------------------------------------------------------------- 8. scale
# The floor: scripts/bench/floor.c, the least a master's process can do per advertisement (wake on a
# timerfd, send, sleep), replaying one captured advertisement of ours per vhid to ours' backups. What
# the floor costs on the masters' host is the kernel's and this machine's share, not ours.
if want 8; then (
NV=$(trials 100 20) SCALE_S=$(trials 40 10)
say "8. scale: $NV VIPs, one process per VIP on each of two hosts, $SCALE_S s"
gcc -O2 -o "$W/floor" "$H/floor.c" || say "  no gcc: the floor row is skipped"
for impl in ours orig floor; do
    if [ $impl = floor ]; then
        [ -x "$W/floor" ] && [ -s "$W/scale-adverts" ] || { say "  floor: skipped (no binary or no captured adverts)"; continue; }
        while read -r v hex; do launch A "s-floor-A-$v" "$W/floor" eth0 "$hex"; done <"$W/scale-adverts"
    else
        for v in $(seq "$NV"); do start $impl A "$v" "198.18.1.$v" "s-$impl-A-$v" -- -b 1 -k 0; done
    fi
    if [ $impl = ours ]; then start_cap "$W/scale-ours.pcap" "src host $IPA"; fi
    sleep 1
    # The floor's masters are heard by ours' backups, as in ours' row.
    for v in $(seq "$NV"); do start "${impl/floor/ours}" B "$v" "198.18.1.$v" "s-$impl-B-$v" -- -b 1 -k 0; done
    sleep 8
    python3 "$H/procstat.py" "$SCALE_S" $(daemon_pids A) >"$W/scale-a" &
    PA=$!
    python3 "$H/procstat.py" "$SCALE_S" $(daemon_pids B) >"$W/scale-b"
    wait $PA || true
    ok=0 bad=""
    for v in $(seq "$NV"); do
        c=0; has_vip A "198.18.1.$v" && c=$((c + 1)); has_vip B "198.18.1.$v" && c=$((c + 1))
        # the floor configures no VIP: its row checks that no backup took over
        if [ $impl = floor ]; then want_c=0; else want_c=1; fi
        if [ $c = $want_c ]; then ok=$((ok + 1)); else bad="$bad $v($c)"; fi
    done
    for h in a b; do for kv in $(cat "$W/scale-$h"); do rec scale $impl "host_${h}_${kv%%=*}" "${kv#*=}"; done; done
    say "  $impl: A: $(cat "$W/scale-a")"; say "  $impl: B: $(cat "$W/scale-b")"
    if [ $impl = floor ]; then
        rec scale $impl backups_kept_backup "$ok/$NV"
        say "  $impl: $ok/$NV backups heard the floor and stayed backup${bad:+ (not:$bad)}"
    else
        rec scale $impl vips_with_one_master "$ok/$NV"
        say "  $impl: $ok/$NV VIPs with exactly one master${bad:+ (not:$bad)}"
    fi
    if [ $impl = ours ]; then stop_cap; cap adverts "$W/scale-ours.pcap" $IPA >"$W/scale-adverts"; fi
    stop_all
done
) || scenario_failed 8; fi

# ---------------------------------------------------------------- 9. planned switchover
switchover() { # switchover KIND IMPL_A IMPL_B SIGNAL TRIALS
    local kind=$1 ia=$2 ib=$3 sig=$4 n=$5 i t o pa
    start "$ia" A -- -b 1 -k 0 -P
    wait_master A 12 || { say "  $kind: A did not become master"; }
    start "$ib" B -- -b 1 -k 20
    sleep 1.5
    start_ping
    for i in $(seq "$n"); do
        wait_master A 15 || { say "  $kind trial $i: A is not master, skipped"; continue; }
        sleep 1.5
        pa=$(daemon_pids A | head -1)
        t=$(now); kill -"$sig" "$pa"
        wait_master B 8 || say "  $kind trial $i: B did not take over"
        sleep 0.3
        o=$(outage_ms "$t" "$(now)")
        rec switchover "$kind" outage_ms "$o"
        say "  $kind trial $i: outage $o ms"
        if [ "$sig" = TERM ]; then
            for _ in $(seq 50); do kill -0 "$pa" 2>/dev/null || break; sleep 0.05; done
            start "$ia" A -- -b 1 -k 0 -P    # preempts B again
        fi
    done
    stop_ping; stop_all
}
if want 9; then (
say "9. planned switchover (-z; SIGTERM or SIGUSR2 to the master), $(trials 5 2) trials each"
switchover ours-ours ours ours TERM "$(trials 5 2)"
switchover ours-orig ours orig TERM "$(trials 5 2)"
switchover orig-orig orig orig TERM "$(trials 5 2)"
switchover ours-usr2 ours ours USR2 "$(trials 5 2)"
) || scenario_failed 9; fi

# ---------------------------------------------------------------- 10. monitoring files
if want 10; then (
MON_S=$(trials 30 10)
say "10. steady master with --status-file and --metrics-file beside without, $MON_S s each"
for variant in plain files; do
    extra=(-b 1 -k 0)
    [ $variant = files ] && extra+=(--status-file="$W/status.json" --metrics-file="$W/ucarp.prom")
    pair ours ours -- "${extra[@]}"
    sleep 1
    read -r -a st < <(python3 "$H/procstat.py" "$MON_S" $(daemon_pids A))
    for kv in "${st[@]}"; do rec monitor "ours-$variant" "${kv%%=*}" "${kv#*=}"; done
    [ $variant = files ] && rec monitor ours-files status_bytes "$(stat -c %s "$W/status.json")" \
        && rec monitor ours-files metrics_bytes "$(stat -c %s "$W/ucarp.prom")"
    say "  $variant: ${st[*]}"
    stop_all
done
) || scenario_failed 10; fi

# ---------------------------------------------------------------- 12. health check
# health KIND IMPL_B TRIALS: A (with the check on a flag file, interval 1 s, fall 2) master, B backup without
# -P; the flag goes. The client captures the echo replies with their source MAC: the handover is the gap
# from A's last reply to B's first, which holds A's unhealthy decision (A answers until it drops the VIP).
# Daemons are restarted for each trial, so every implementation starts from the same state.
health() {
    local kind=$1 ib=$2 n=$3 i t tcp flag=$W/flag macA macB
    macA=$(ip -n "$A" -o link show eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
    macB=$(ip -n "$B" -o link show eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
    for i in $(seq "$n"); do
        touch "$flag"
        if [ "$ib" = ka ]; then start ka A -- 1 2 "$flag"
        else start ours A -- -b 1 -k 0 --check="test -f $flag" --check-interval=1 --check-fall=2; fi
        wait_master A 12 || { say "  $kind trial $i: A did not become master"; stop_all; continue; }
        if [ "$ib" = ka ]; then start ka B -- 1 2; else start "$ib" B -- -b 1 -k 20; fi
        sleep 2.5
        ip netns exec "$C" tcpdump -i eth0 -n -e -tt -U -l 'icmp[icmptype] = icmp-echoreply' >"$W/replies" 2>/dev/null & tcp=$!
        PIDS+=("$tcp")
        start_ping; sleep 1
        t=$(now); rm -f "$flag"
        wait_master B 10 || say "  $kind trial $i: B did not take over"
        sleep 0.5; stop_ping
        kill -INT "$tcp" 2>/dev/null || true; wait "$tcp" 2>/dev/null || true
        read -r lastA firstB < <(awk -v t="$t" -v a="$macA" -v b="$macB" '$1 >= t && $2 == a { la = $1 } $1 >= t && $2 == b && !fb { fb = $1 }
            END { printf "%s %s\n", la ? la : t, fb ? fb : 0 }' "$W/replies")
        if [ "$firstB" != 0 ]; then
            local h f
            h=$(awk -v a="$lastA" -v b="$firstB" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
            f=$(awk -v a="$t" -v b="$firstB" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
            rec health "$kind" handover_ms "$h"; rec health "$kind" failure_to_answer_ms "$f"
            say "  $kind trial $i: B answers $f ms after the flag went; last reply from A to first from B: $h ms"
        else
            say "  $kind trial $i: no reply from B seen"
        fi
        stop_all
    done
}
if want 12; then (
say "12. health check failover (interval 1 s, fall 2; B without -P), $(trials 5 2) trials each"
health ours-ours ours "$(trials 5 2)"
health ours-orig orig "$(trials 5 2)"
health ka-ka ka "$(trials 5 2)"
) || scenario_failed 12; fi

# ---------------------------------------------------------------- 14. IPv6
# Scenario 13 (many VIPs in one process, --instances) follows this one.
# use_ipv6: from here on (in this scenario's subshell) A, B and the VIP are IPv6, from 2001:db8::/64;
# the client pings with -6. Ours only: ucarp 1.5.2 has no IPv6.
use_ipv6() {
    VIP=2001:db8::100; SRC[A]=2001:db8::1; SRC[B]=2001:db8::2
    local h
    for h in A B; do ip -n "${NSOF[$h]}" addr add "${SRC[$h]}"/64 dev eth0 nodad; done
    ip -n "$C" addr add 2001:db8::10/64 dev eth0 nodad
}
drop_ipv6() { # the addresses use_ipv6 gave, so later scenarios find the hosts as before
    local h
    for h in A B; do ip -n "${NSOF[$h]}" addr del "${SRC[$h]}"/64 dev eth0 2>/dev/null || true; done
    ip -n "$C" addr del 2001:db8::10/64 dev eth0
}
if want 14; then (
say "14. IPv6 (ours <-> ours): failover on link cut and planned switchover (-z, SIGTERM), $(trials 5 2) trials each"
use_ipv6
failover failover-ipv6 ours "$(trials 5 2)" "${DEAD[ours]}" -- -b 1 -k 0
switchover ours-ours-ipv6 ours ours TERM "$(trials 5 2)"
drop_ipv6
) || scenario_failed 14; fi

# ---------------------------------------------------------------- 15. unicast peers
# The same link cut with --peer (each host names the other) beside multicast, ours <-> ours. br0 sees
# no unicast between two ports, so both rows capture on every interface of the switch (-i any).
if want 15; then (
say "15. failover on link cut with unicast peers (--peer) beside multicast, ours <-> ours, $(trials 5 2) trials each"
CAP_IF=any
failover failover-multicast ours "$(trials 5 2)" "${DEAD[ours]}" -- -b 1 -k 0
failover failover-unicast ours "$(trials 5 2)" "${DEAD[ours]}" -- -b 1 -k 0 --peer=$IPB -- -b 1 -k 0 --peer=$IPA
) || scenario_failed 15; fi

# ---------------------------------------------------------------- 11. churn: memory across transitions
rss_kb() { awk '/^Rss:/ { print $2 }' "/proc/$1/smaps_rollup"; }
# churn IMPL HOW N WARM: N handovers between A and B (-b 0 -k 10), each a down and an up script. HOW is
# flap (the master's cable is cut until the other holds the VIP alone, then mended) or usr2 (the master
# is sent SIGUSR2). Resident memory of both daemons after WARM handovers, after N more, after CHURN_IDLE s.
churn() {
    local impl=$1 how=$2 n=$3 warm=$4 tag=$1-$2 i m=A h t0
    declare -A pid
    pair "$impl" "$impl" -- -b 0 -k 10
    pid[A]=$(daemon_pids A | head -1); pid[B]=$(daemon_pids B | head -1)
    handovers() {
        for i in $(seq "$1"); do
            if [ "$how" = flap ]; then ip -n "$SW" link set "${PORT[$m]}" down; else kill -USR2 "${pid[$m]}"; fi
            wait_master "$(other "$m")" 10 || { say "  $tag: $(other "$m") did not take over"; return 1; }
            [ "$how" = flap ] && ip -n "$SW" link set "${PORT[$m]}" up
            m=$(other "$m")
        done
    }
    handovers "$warm"
    for h in A B; do rec churn "$tag" "rss_before_kb_$h" "$(rss_kb "${pid[$h]}")"; done
    t0=$(now)
    handovers "$n"
    rec churn "$tag" handovers "$n"
    rec churn "$tag" handovers_per_s "$(awk -v n="$n" -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", n / (b - a) }')"
    sleep 1
    for h in A B; do rec churn "$tag" "rss_after_kb_$h" "$(rss_kb "${pid[$h]}")"; done
    sleep "${CHURN_IDLE:-10}"
    for h in A B; do rec churn "$tag" "rss_idle_kb_$h" "$(rss_kb "${pid[$h]}")"; done
    say "  $tag: $(grep -P "^churn\t$tag\t" "$R" | cut -f3,4 | tr '\t\n' '= ')"
    stop_all
}
if want 11; then (
# The original sleeps 10 s blind after a carrier loss and pauses 3 s after SIGUSR2 (SPEC): it can only
# be churned slowly, by SIGUSR2; ours is churned both ways.
say "11. churn: $(trials 1000 200) link-flap handovers between two of ours; $(trials 20 5) SIGUSR2 handovers, ours and originals"
churn ours flap "$(trials 1000 200)" 50
churn ours usr2 "$(trials 20 5)" 5
churn orig usr2 "$(trials 20 5)" 5
) || scenario_failed 11; fi

# ---------------------------------------------------------------- 13. many VIPs in one process
# many IMPL: NV VIPs (vhid v, 198.18.1.v) on hosts A and B, A started first so that it masters every one.
# multi: one process of ours per host with --instances (one line per VIP); ours, orig: NV processes per host
# (scenario 8's set-up); ka: one keepalived per host with NV vrrp_instances. Start-up: A's launch to its last
# up event, beyond the dead interval; then sampling as in scenario 8; then A's port is cut: the cut to B's
# last up event, beyond the dead interval, is the failover of the last VIP.
many_ka_conf() { # many_ka_conf HOST: keepalived's NV instances, as start_ka writes one
    local v
    printf 'global_defs {\n    router_id many-%s\n    script_user root\n    enable_script_security\n    vrrp_version 2\n    vrrp_garp_master_delay 0\n}\n' "$1"
    for v in $(seq "$NV"); do
        printf 'vrrp_instance VI_%s {\n    state BACKUP\n    nopreempt\n    interface eth0\n    virtual_router_id %s\n    priority 254\n    advert_int 1\n' "$v" "$v"
        printf '    authentication {\n        auth_type PASS\n        auth_pass %s\n    }\n' "$PASS"
        printf '    virtual_ipaddress {\n        198.18.1.%s/16 dev eth0\n    }\n' "$v"
        printf '    notify_master "%s %s up"\n    notify_backup "%s %s down"\n    notify_fault "%s %s down"\n}\n' \
            "$W/kanotify" "$1" "$W/kanotify" "$1" "$W/kanotify" "$1"
    done
}
many_start() { # many_start IMPL HOST
    local impl=$1 host=$2 v
    case $impl in
        multi)
            for v in $(seq "$NV"); do
                echo "-i eth0 -s ${SRC[$host]} -v $v -p $PASS -a 198.18.1.$v -u $W/up -d $W/down -x $host"
            done >"$W/many-$host.conf"
            launch "$host" "many-multi-$host" "$UCARP" -z -f none -b 1 -k 0 --instances="$W/many-$host.conf" ;;
        ka)
            many_ka_conf "$host" >"$W/many-ka-$host.conf"
            launch "$host" "many-ka-$host" keepalived --dont-fork --log-console --vrrp -f "$W/many-ka-$host.conf" \
                -p "$W/many-ka-$host.pid" -r "$W/many-ka-$host.vrrp.pid" ;;
        *) for v in $(seq "$NV"); do start "$impl" "$host" "$v" "198.18.1.$v" "many-$impl-$host-$v" -- -b 1 -k 0; done ;;
    esac
}
many_vips() { ip -n "${NSOF[$1]}" -o addr show dev eth0 | sed -n 's:.* 198\.18\.1\.\([0-9]*\)/.*:\1:p'; }   # vhids of the VIPs HOST holds
last_up() { # last_up HOST SINCE N TIMEOUT: the time of HOST's Nth up event after SINCE (empty on timeout)
    local deadline; deadline=$(fadd "$(now)" "$4")
    while :; do
        local ups; ups=$(awk -v a="$2" '$1 >= a && $2 == "up" { print $1 }' "$W/events.$1" 2>/dev/null | sort -n)
        if [ "$(printf '%s' "$ups" | grep -c .)" -ge "$3" ]; then printf '%s\n' "$ups" | sed -n "$3p"; return 0; fi
        awk -v a="$(now)" -v b="$deadline" 'BEGIN { exit !(a > b) }' && return 1
        sleep 0.05
    done
}
many() {
    local impl=$1 dead=${DEAD[${1/multi/ours}]} t last v c ok=0 bad=""
    # Start-up on the wire: A's first advert for its last vhid, from the launch of the first process.
    start_cap "$W/many-start-$impl.pcap"
    t=$(now); many_start "$impl" A
    last_up A "$t" "$NV" 40 >/dev/null || say "  $impl: A did not take every VIP"
    sleep 1.5   # a master that flapped on the way also has an advert in the capture
    stop_cap
    last=$(cap lastvhid "$W/many-start-$impl.pcap" "$t" "${SRC[A]}" "$NV")
    rec many "$impl" startup_beyond_dead_ms "$(awk -v a="$last" -v d="$dead" 'BEGIN { printf "%.0f", (a - d) * 1000 }')"
    say "  $impl: A's advert for its last vhid $(awk -v a="$last" 'BEGIN { printf "%.3f", a }') s after the launch"
    many_start "$impl" B
    sleep 8
    python3 "$H/procstat.py" "$SCALE_S" $(daemon_pids A) >"$W/many-a" &
    local pa=$!
    python3 "$H/procstat.py" "$SCALE_S" $(daemon_pids B) >"$W/many-b"
    wait $pa || true
    # One address dump per host (has_vip's grep -q would break ip's pipe under pipefail with 100 addresses).
    read -r ok bad < <({ many_vips A; many_vips B; } | awk -v n="$NV" '{ c[$1]++ }
        END { for (v = 1; v <= n; v++) { if (c[v] == 1) ok++; else bad = bad " " v "(" c[v] + 0 ")" } print ok + 0, bad }')
    for h in a b; do for kv in $(cat "$W/many-$h"); do rec many "$impl" "host_${h}_${kv%%=*}" "${kv#*=}"; done; done
    rec many "$impl" vips_with_one_master "$ok/$NV"
    say "  $impl: A: $(cat "$W/many-a")"; say "  $impl: B: $(cat "$W/many-b")"
    say "  $impl: $ok/$NV VIPs with exactly one master, $(many_vips A | grep -c . || true) on A${bad:+ (not:$bad)}"
    start_cap "$W/many-$impl.pcap"
    sleep 1.2   # every vhid's last advert from A before the cut is in the capture
    t=$(now); ip -n "$SW" link set "${PORT[A]}" down
    local deadline; deadline=$(fadd "$t" 30)
    while [ "$(many_vips B | grep -c . || true)" -lt "$NV" ] && awk -v a="$(now)" -v b="$deadline" 'BEGIN { exit !(a < b) }'; do sleep 0.05; done
    sleep 0.5; stop_cap
    # On the wire, per vhid: B's first advert after the cut - (A's last one + the dead interval); the
    # worst of the 100. Then the scripts: B's last up event (the VIPs it already held have none).
    last=$(cap takeovers "$W/many-$impl.pcap" "$t" "$dead" "${SRC[A]}" "${SRC[B]}" "$NV")
    rec many "$impl" failover_last_beyond_dead_ms "$last"
    last=$(awk -v a="$t" '$1 >= a && $2 == "up" { if ($1 > m) m = $1 } END { if (m) printf "%.6f", m }' "$W/events.B" 2>/dev/null)
    [ -n "$last" ] && rec many "$impl" failover_last_script_s "$(awk -v a="$last" -v t="$t" 'BEGIN { printf "%.2f", a - t }')"
    say "  $impl: after the cut, B's advert for its last vhid at $(cap lastvhid "$W/many-$impl.pcap" "$t" "${SRC[B]}" "$NV") s, worst takeover $(cap takeovers "$W/many-$impl.pcap" "$t" "$dead" "${SRC[A]}" "${SRC[B]}" "$NV") ms beyond the dead interval, last up script at ${last:+$(awk -v a="$last" -v t="$t" 'BEGIN { printf "%.2f", a - t }')} s"
    stop_all
}
if want 13; then (
NV=$(trials 100 20) SCALE_S=$(trials 40 10)
say "13. many VIPs: $NV on each of two hosts, one --instances process per host beside $NV processes, $SCALE_S s"
for impl in multi ours orig ka; do many $impl; done
) || scenario_failed 13; fi

# ---------------------------------------------------------------- report
T_END=$(date +%s)
mkdir -p "$ROOT/docs"
python3 "$H/report.py" "$R" "$DOC" \
    "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(uname -r)" \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$((T_END - T_START))" "$QUICK" \
    "$(dpkg-query -W -f '${Version}' ucarp 2>/dev/null || echo '?')" "$(keepalived --version 2>&1 | sed -n 1p)" \
    "$(cat "$W/orig-libs" 2>/dev/null || true)" "$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
cp "$R" "$ROOT/docs/benchmarks-raw.tsv"
say "wrote $DOC in $((T_END - T_START)) s"
