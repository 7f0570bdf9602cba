#!/usr/bin/env bash
# Data-plane benchmark of plemu (issue 3, "Benchmarks"): builds the Java load harness
# (scripts/bench/harness, plain JDK), starts a target server, HAProxy 2.6 (default and
# tune.bufsize 262144, send-proxy-v2 off and on) and plemu (scripts/plemu up, an NLB set up
# through the API), measures every path in the same run with the order rotated, keeps the raw
# results in scripts/bench/results/<kind>/ and writes docs/PERFORMANCE.md.
#
# Every process it starts is stopped on exit (by PID); every load loop is bounded in time and
# count; all traffic stays on 127.0.0.0/8. Needs root (apt-get install haproxy, ulimit -n).
set -euo pipefail

SELF=$(readlink -f -- "${BASH_SOURCE[0]}")
BENCH=$(dirname -- "$SELF")
ROOT=$(cd -- "$BENCH/../.." && pwd -P)
JAR=$ROOT/nodes/target/plemu.jar
RESULTS=$BENCH/results
REPORT=$ROOT/docs/PERFORMANCE.md

usage() {
  cat <<EOF
usage: scripts/bench/dataplane.sh [--quick] [--experiment] [--via endpoint|nlb] [--build] [--keep-tmp]
       scripts/bench/dataplane.sh --report-only

  (default)      the full run: bulk 8 s x 2 rounds (1 and 8 flows), RTT 20,000 x 2 rounds (1 B,
                 16 KiB), new connections 60 s with 4 threads, 10,000 idle flows held 30 s;
                 paths direct | HAProxy | HAProxy bufsize 256K | plemu | HAProxy PPv2 | plemu PPv2
  --quick        short durations (bulk 3 s, 2,000 RTT, conn/s 10 s, 1,000 idle flows) to try it out
  --experiment   plemu with the JVM/Pekko settings of docs/PROXY-TUNING.md, one plemu JVM per
                 variant (defaults, 256 KiB buffers, shared 2-thread dispatcher, all of them), each
                 next to direct / HAProxy / HAProxy 256K measured in the same block; with --quick,
                 short durations
  --srcport      the TIME_WAIT trap without plemu: connections from one bound source address to the
                 target for 60 s (20 s with --quick), 4 threads, the source port chosen by the kernel
                 (bind port 0, as Pekko does), the same with SO_REUSEADDR, and by an explicit
                 round-robin allocator with SO_REUSEADDR
  --via endpoint the plemu path's entry (default): an interface endpoint's ENI, i.e.
                 client -> ENI -> NLB node -> target (the consumer account's endpoint, same AZ)
  --via nlb      the NLB node itself: client -> NLB node -> target
  --build        run 'mvn -B -q install -DskipTests' first even if nodes/target/plemu.jar exists
  --wait-quiet S wait up to S seconds for the 1-minute load average to fall below 1.5 before starting
                 (the machine is shared; the load at start and end is recorded either way)
  --no-profile   skip the profiles (JFR, perf) of plemu in extra runs after the measured ones
  --tests LIST   only some of bulk,rtt,connrate,idle (for trying things out: the results then go to
                 scripts/bench/results/partial-<kind>/, which the report leaves out)
  --idle-flows N the idle test's flow count instead of the mode's (same: a partial result)
  --keep-tmp     keep the temporary directory (logs of every process) and print where it is
  --report-only  rewrite docs/PERFORMANCE.md from scripts/bench/results/ without measuring

Results: scripts/bench/results/{full,quick,experiment}/ (results.tsv, meta.txt, notes.md), then
docs/PERFORMANCE.md from all of them plus scripts/bench/analysis.md (hand-written, optional).
Environment: PLEMU_JAVA_OPTS is passed to plemu in the main runs (recorded with the results).
EOF
}

MODE=full EXPERIMENT=0 SRCPORT=0 VIA=endpoint BUILD=0 KEEP_TMP=0 REPORT_ONLY=0 WAIT_QUIET=0 PROFILE=1 TESTS=bulk,rtt,connrate,idle IDLE_OVERRIDE=""
while (($#)); do
  case $1 in
    --quick) MODE=quick ;;
    --full) MODE=full ;;
    --experiment) EXPERIMENT=1 ;;
    --srcport) SRCPORT=1 ;;
    --via)
      (($# > 1)) || { usage >&2; exit 2; }
      VIA=$2
      shift
      ;;
    --build) BUILD=1 ;;
    --wait-quiet)
      (($# > 1)) && [[ $2 =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }
      WAIT_QUIET=$2
      shift
      ;;
    --no-profile) PROFILE=0 ;;
    --tests)
      (($# > 1)) && [[ $2 =~ ^(bulk|rtt|connrate|idle)(,(bulk|rtt|connrate|idle))*$ ]] || { usage >&2; exit 2; }
      TESTS=$2
      shift
      ;;
    --idle-flows)
      (($# > 1)) && [[ $2 =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }
      IDLE_OVERRIDE=$2
      shift
      ;;
    --keep-tmp) KEEP_TMP=1 ;;
    --report-only) REPORT_ONLY=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case $VIA in
  nlb) ;;
  endpoint) ;;
  *) die "--via must be endpoint or nlb" ;;
esac

# ------------------------------------------------------------------------------------------------
# Temporary directory, processes, cleanup
# ------------------------------------------------------------------------------------------------
TMP=$(mktemp -d /tmp/plemu-bench.XXXXXX)
CLS=$TMP/classes
declare -A PROCS=() # name -> pid of every long-running process this script started

stop_proc() { # name
  local name=$1 pid i
  pid=${PROCS[$name]:-}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "killing $name (pid $pid)"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  unset "PROCS[$name]"
}

CLEANED=0
cleanup() {
  ((CLEANED == 0)) || return 0
  CLEANED=1
  set +e
  trap '' INT TERM HUP
  local name
  for name in "${!PROCS[@]}"; do stop_proc "$name"; done
  if ((KEEP_TMP)); then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

compile_harness() {
  mkdir -p "$CLS"
  javac -nowarn -d "$CLS" "$BENCH"/harness/bench/*.java || die "the harness does not compile"
}

report() {
  java -cp "$CLS" bench.Main report --dir "$RESULTS" --out "$REPORT" --analysis "$BENCH/analysis.md" >&2
}

if ((REPORT_ONLY)); then
  compile_harness
  report
  exit 0
fi

[[ $(id -u) == 0 ]] || die "run as root (apt-get install haproxy, ulimit -n)"

# ------------------------------------------------------------------------------------------------
# Durations
# ------------------------------------------------------------------------------------------------
CR_THREADS=4
if [[ $MODE == quick ]]; then
  BULK_S=3 BULK_ROUNDS=1 RTT_COUNT=2000 RTT_WARM=200 RTT_ROUNDS=1 CR_S=10 IDLE_K=1000 IDLE_HOLD=8
  WARM_BULK=1 WARM_CR=2
else
  BULK_S=8 BULK_ROUNDS=2 RTT_COUNT=20000 RTT_WARM=2000 RTT_ROUNDS=2 CR_S=60 IDLE_K=10000 IDLE_HOLD=30
  WARM_BULK=3 WARM_CR=10 # the JIT needs about 10 s of new connections before plemu's rate settles
fi
[[ -n $IDLE_OVERRIDE ]] && IDLE_K=$IDLE_OVERRIDE
if ((SRCPORT)); then
  KIND=srcport
  if [[ $MODE == quick ]]; then CR_S=20; else CR_S=60; fi
elif ((EXPERIMENT)); then
  KIND=experiment
  if [[ $MODE == quick ]]; then CR_S=10; else CR_S=20; fi
  BULK_ROUNDS=2 RTT_ROUNDS=1
else
  KIND=$MODE
fi
CLIENT_JVM=(-Xss512k -Xmx1g)
SERVER_JVM=(-Xss256k -Xms256m -Xmx2g)
[[ $TESTS == bulk,rtt,connrate,idle && -z $IDLE_OVERRIDE ]] || KIND=partial-$KIND
((SRCPORT && EXPERIMENT)) && die "--srcport and --experiment are separate runs"
want() { [[ ,$TESTS, == *",$1,"* ]]; }
START_EPOCH=$SECONDS
RES=$TMP/res
mkdir -p "$RES"
: >"$RES/results.tsv"
: >"$RES/notes.md"
: >"$RES/meta.txt"
: >"$RES/profiles.md"
meta() { printf '%s=%s\n' "$1" "$2" >>"$RES/meta.txt"; }
note() { printf '%s\n' "$*" >>"$RES/notes.md"; }

# ------------------------------------------------------------------------------------------------
# Prerequisites: haproxy, file descriptors, the plemu jar, the harness
# ------------------------------------------------------------------------------------------------
if ! command -v haproxy >/dev/null; then
  log "installing haproxy ..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null || die "apt-get install haproxy failed"
fi
for c in java javac jcmd jstat jq curl ss timeout; do command -v "$c" >/dev/null || die "$c is missing"; done

ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
NOFILE=$(ulimit -n)
# A proxy holds two sockets per flow: with a low hard limit (no CAP_SYS_RESOURCE to raise it),
# the idle test through a proxy cannot reach 10,000 flows in one process.
IDLE_KP=$(((NOFILE - 400) / 2)) # plemu itself keeps about 90 descriptors open, HAProxy about 15
if ((IDLE_KP >= IDLE_K)); then
  IDLE_KP=$IDLE_K
  IDLE_LIMIT_REASON="this run asked for $IDLE_K flows"
else
  IDLE_LIMIT_REASON="open files are limited to $NOFILE per process here (the hard limit; raising it needs CAP_SYS_RESOURCE, which this container lacks) and a proxy holds 2 sockets per flow, so at most $IDLE_KP flows fit through one proxy process"
fi
HAP_MAXCONN=$(((NOFILE - 200) / 2))

if [[ ! -f $JAR || $BUILD == 1 ]]; then
  log "building plemu (mvn -B -q install -DskipTests) ..."
  (cd "$ROOT" && mvn -B -q install -DskipTests) || die "the plemu build failed"
fi
[[ -f $JAR ]] || die "no $JAR"
JAR_STALE=$(cd "$ROOT" && find shared/src/main nodes/src/main pom.xml shared/pom.xml nodes/pom.xml -newer "$JAR" -type f -print 2>/dev/null | head -n 3 | tr '\n' ' ')
compile_harness
CLK_TCK=$(getconf CLK_TCK)

# ------------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------------
declare -A USED_PORTS=()
PORT=""
free_port() { # PORT= a free TCP port below the ephemeral range, not handed out before (no subshell: it keeps state)
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 12000))
    [[ -n ${USED_PORTS[$p]:-} ]] && continue
    if [[ -z $(ss -Hltn "( sport = :$p )" 2>/dev/null) ]]; then
      USED_PORTS[$p]=1
      PORT=$p
      return 0
    fi
  done
  die "no free port found"
}

listening() { [[ -n $(ss -Hltn "( src $1 and sport = :$2 )" 2>/dev/null) ]]; }

proc_cpu() { # utime+stime ticks of a pid (0 without one)
  if [[ -n ${1:-} && -r /proc/$1/stat ]]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo 0; fi
}
proc_cpu2() { # "utime stime" ticks of a pid
  if [[ -n ${1:-} && -r /proc/$1/stat ]]; then awk '{print $14, $15}' "/proc/$1/stat"; else echo 0 0; fi
}
proc_rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
mach_stat() { awk '/^cpu / {print $2 + $3, $4 + $7 + $8, $5 + $6, $9}' /proc/stat; } # us sy id st
now() { echo "$EPOCHREALTIME"; }

# One harness run in the background (so a signal's trap runs at once): bound_s out_file args...
harness() {
  local bound=$1 out=$2 rc=0
  shift 2
  timeout --kill-after=5 "$bound" java "${CLIENT_JVM[@]}" -cp "$CLS" bench.Main "$@" --max-seconds "$((bound - 2))" </dev/null >"$out" 2>&1 &
  PROCS[harness]=$!
  wait "${PROCS[harness]}" || rc=$?
  unset "PROCS[harness]"
  return $rc
}

target_stat() { sed -n "s/.*\\b$1=\\([0-9]*\\).*/\\1/p" "$TMP/target.stats" 2>/dev/null | grep . || echo 0; }
tgt_kinds() { sed -n 's/.*errkinds=\([^ ]*\).*/ (all so far: `\1`)/p' "$TMP/target.stats" 2>/dev/null || true; }

heap_used_mb() { # used heap (young + old) from GC.heap_info, MiB
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/(heap|Gen) +total/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); gsub(/[^0-9]/, "", v); s += v } }
    END { printf "%.0f", s / 1024 }'
}

# ------------------------------------------------------------------------------------------------
# The target server
# ------------------------------------------------------------------------------------------------
free_port
TPORT=$PORT
start_target() {
  java "${SERVER_JVM[@]}" -cp "$CLS" bench.Main server --host 127.0.0.1 --port "$TPORT" \
    --stats-file "$TMP/target.stats" --max-seconds 14400 </dev/null >"$TMP/target.log" 2>&1 &
  PROCS[target]=$!
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q '^LISTENING' "$TMP/target.log" 2>/dev/null && return 0
    kill -0 "${PROCS[target]}" 2>/dev/null || break
    sleep 0.2
  done
  cat "$TMP/target.log" >&2
  die "the target server did not start"
}

# ------------------------------------------------------------------------------------------------
# HAProxy: instance 'default' and 'tuned' (tune.bufsize 262144), each with a plain and a PPv2
# frontend; restarted with a fresh source address before every conn/s and idle run
# ------------------------------------------------------------------------------------------------
declare -A HAP_PLAIN=() HAP_PP=() HAP_SRC=()
SRC_N=8 SRC=""
next_src() { # SRC= 127.77.x.y, a new one each time (no subshell: it keeps state)
  SRC_N=$((SRC_N + 1))
  SRC="127.77.$((SRC_N / 250)).$((SRC_N % 250 + 1))"
}

hap_cfg() { # instance source
  local tune=""
  [[ $1 == tuned ]] && tune="  tune.bufsize 262144"
  cat <<EOF
# HAProxy configured like an NLB node: one hop, TCP, a health check on the target, outgoing
# connections bound to a source address of its own.
global
  maxconn $HAP_MAXCONN
$tune
defaults
  mode tcp
  maxconn $HAP_MAXCONN
  timeout connect 5s
  timeout client 400s
  timeout server 400s
  timeout check 2s
frontend fe_plain
  bind 127.0.0.1:${HAP_PLAIN[$1]}
  default_backend be_plain
frontend fe_pp
  bind 127.0.0.1:${HAP_PP[$1]}
  default_backend be_pp
backend be_plain
  source $2
  server target 127.0.0.1:$TPORT check inter 2s
backend be_pp
  source $2
  server target 127.0.0.1:$TPORT check inter 2s send-proxy-v2
EOF
}

hap_start() { # instance
  local inst=$1 src cfg i
  next_src
  src=$SRC
  HAP_SRC[$inst]=$src
  cfg=$TMP/haproxy-$inst.cfg
  hap_cfg "$inst" "$src" >"$cfg"
  haproxy -c -q -f "$cfg" >"$TMP/haproxy-$inst.check" 2>&1 || { cat "$TMP/haproxy-$inst.check" >&2; die "bad HAProxy configuration"; }
  haproxy -db -f "$cfg" </dev/null >>"$TMP/haproxy-$inst.log" 2>&1 &
  PROCS[hap-$inst]=$!
  for ((i = 0; i < 100; i++)); do
    listening 127.0.0.1 "${HAP_PLAIN[$inst]}" && listening 127.0.0.1 "${HAP_PP[$inst]}" && return 0
    kill -0 "${PROCS[hap-$inst]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$TMP/haproxy-$inst.log" >&2
  die "HAProxy ($inst) did not start"
}

hap_restart() {
  stop_proc "hap-$1"
  hap_start "$1"
}

# ------------------------------------------------------------------------------------------------
# plemu: one embedded region (scripts/plemu up), NLBs through the API
# ------------------------------------------------------------------------------------------------
PLEMU_PID="" PLEMU_API="" PLEMU_LOG="" PLEMU_VPC="" PLEMU_SUBNET="" NLB_N=0
PLEMU_ENTRY="" PLEMU_SRC="" # where clients connect; the NLB node's address (its outgoing source)
PORT_PLAIN=9081 PORT_PP=9082

api() { # action json [token] -> answer on stdout; retries 503 ServiceUnavailable
  local action=$1 body=$2 token=${3:-dev-provider} out try
  for ((try = 0; try < 10; try++)); do
    out=$(curl -s --max-time 30 -X POST "$PLEMU_API/v1/$action" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d "$body") || out='{"Error":{"Code":"curl"}}'
    if jq -e 'has("Error")' <<<"$out" >/dev/null 2>&1; then
      case $(jq -r '.Error.Code' <<<"$out") in
        ServiceUnavailable | curl) sleep 1; continue ;;
        *) die "API $action: $out" ;;
      esac
    fi
    printf '%s\n' "$out"
    return 0
  done
  die "API $action kept failing: $out"
}

plemu_start() { # label "java options"
  local label=$1 opts=$2 i data
  PLEMU_LABEL=$label
  data=$TMP/plemu-$label
  PLEMU_LOG=$TMP/plemu-$label.log
  free_port
  PLEMU_API=http://127.0.0.1:$PORT
  log "starting plemu ($label${opts:+: $opts}) ..."
  PLEMU_JAVA_OPTS="$opts" PLEMU_SKIP_BUILD=1 "$ROOT/scripts/plemu" up "$BENCH/bench-scenario.yaml" --fresh \
    --data-dir "$data" --api-port "${PLEMU_API##*:}" </dev/null >"$PLEMU_LOG" 2>&1 &
  PROCS[plemu]=$!
  PLEMU_PID=$! # scripts/plemu execs java: this is the JVM
  for ((i = 0; i < 180; i++)); do
    kill -0 "$PLEMU_PID" 2>/dev/null || { tail -n 30 "$PLEMU_LOG" >&2; die "plemu exited during startup"; }
    if [[ $(curl -s --max-time 1 "$PLEMU_API/health" 2>/dev/null) == ok* ]]; then
      PLEMU_VPC=$(curl -s --max-time 5 -X POST "$PLEMU_API/v1/DescribeVpcs" -H 'Authorization: Bearer dev-provider' \
        -d '{"Filters":[{"Name":"tag:Name","Values":["bench-vpc"]}]}' 2>/dev/null | jq -r '.Vpcs[0].VpcId // empty' 2>/dev/null) || PLEMU_VPC=""
      [[ -n $PLEMU_VPC ]] && break
    fi
    sleep 0.5
  done
  [[ -n $PLEMU_VPC ]] || { tail -n 30 "$PLEMU_LOG" >&2; die "plemu did not come up with the bench scenario"; }
  [[ $(cat "/proc/$PLEMU_PID/comm" 2>/dev/null) == java ]] || die "pid $PLEMU_PID is not the plemu JVM"
  PLEMU_SUBNET=$(api DescribeSubnets "{\"Filters\":[{\"Name\":\"vpc-id\",\"Values\":[\"$PLEMU_VPC\"]},{\"Name\":\"availability-zone-id\",\"Values\":[\"use1-az1\"]}]}" |
    jq -r '.Subnets[0].SubnetId')
  PLEMU_JVM=$(tr '\0' ' ' <"/proc/$PLEMU_PID/cmdline")
}

plemu_stop() {
  stop_proc plemu
  PLEMU_PID=""
}

# Does HOST:PORT echo a byte? (through the proxy to the target)
echoes() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" && printf e >&3 && [[ $(head -c 1 <&3) == e ]]' "$1" "$2" 2>/dev/null
}

# A new NLB with one node (in use1-az1), a plain and a PPv2 target group with the target and a
# listener each: sets PLEMU_ENTRY (where clients connect) and PLEMU_SRC (the node's host address).
plemu_new_nlb() {
  local name lb tg pp port arn_tail host
  NLB_N=$((NLB_N + 1))
  name=bench-$NLB_N
  lb=$(api CreateLoadBalancer "{\"Name\":\"$name\",\"Type\":\"network\",\"Scheme\":\"internal\",\"Subnets\":[\"$PLEMU_SUBNET\"]}" |
    jq -r '.LoadBalancers[0].LoadBalancerArn')
  for pp in off on; do
    tg=$(api CreateTargetGroup "{\"Name\":\"$name-pp-$pp\",\"Protocol\":\"TCP\",\"Port\":$TPORT,\"VpcId\":\"$PLEMU_VPC\",\"TargetType\":\"ip\"}" |
      jq -r '.TargetGroups[0].TargetGroupArn')
    if [[ $pp == on ]]; then
      api ModifyTargetGroupAttributes "{\"TargetGroupArn\":\"$tg\",\"Attributes\":[{\"Key\":\"proxy_protocol_v2.enabled\",\"Value\":\"true\"}]}" >/dev/null
      port=$PORT_PP
    else
      port=$PORT_PLAIN
    fi
    api RegisterTargets "{\"TargetGroupArn\":\"$tg\",\"Targets\":[{\"Id\":\"127.0.0.1\",\"Port\":$TPORT,\"AvailabilityZone\":\"all\"}]}" >/dev/null
    api CreateListener "{\"LoadBalancerArn\":\"$lb\",\"Protocol\":\"TCP\",\"Port\":$port,\"DefaultActions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"$tg\"}]}" >/dev/null
  done
  arn_tail=${lb#*:loadbalancer/}
  host=$(api DescribeNetworkInterfaces '{"Filters":[{"Name":"interface-type","Values":["network_load_balancer"]}]}' |
    jq -r --arg d "ELB $arn_tail" '.NetworkInterfaces[] | select(.Description == $d) | .HostAddress' | head -n 1)
  [[ $host =~ ^127\. ]] || die "no host address for $name's node (got '$host')"
  PLEMU_SRC=$host
  PLEMU_ENTRY=$host
  await_relay "$host" "**$name**'s NLB node"
}

# Waits up to 30 s until HOST relays both listener ports to the target. Not fatal: the runs against
# it record their errors, and the cluster events in the notes say why.
await_relay() { # host what
  local i
  for ((i = 0; i < 60; i++)); do
    echoes "$1" "$PORT_PLAIN" && echoes "$1" "$PORT_PP" && return 0
    kill -0 "$PLEMU_PID" 2>/dev/null || break
    sleep 0.5
  done
  log "WARNING: $2 at $1:$PORT_PLAIN/$PORT_PP does not relay to the target"
  note "- $2 at $1:$PORT_PLAIN did not relay to the target within 30 s of its creation (plemu ${PLEMU_LABEL:-}); see the cluster events below."
  return 0
}

# The plemu path's entry. --via endpoint (the default): an endpoint service of the new NLB and an
# interface endpoint of the consumer account in the same AZ, whose ENI is where clients connect
# (client -> ENI -> NLB node -> target; the ENI hands each flow to the NLB node inside the AZ node).
# --via nlb: the NLB node itself. PLEMU_SRC stays the NLB node's address (the target's peer).
plemu_new_path() {
  plemu_new_nlb
  case $VIA in
    nlb) ;;
    endpoint) plemu_new_endpoint ;;
  esac
}

plemu_new_endpoint() {
  local lb service vpc subnet sg vpce eni host
  lb=$(api DescribeLoadBalancers "{\"Names\":[\"bench-$NLB_N\"]}" | jq -r '.LoadBalancers[0].LoadBalancerArn')
  service=$(api CreateVpcEndpointServiceConfiguration "{\"NetworkLoadBalancerArns\":[\"$lb\"],\"AcceptanceRequired\":false}" |
    jq -r '.ServiceConfiguration | "\(.ServiceId) \(.ServiceName)"')
  # a consumer sees and uses a service only once its owner allows it (ModifyVpcEndpointServicePermissions)
  api ModifyVpcEndpointServicePermissions "{\"ServiceId\":\"${service% *}\",\"AddAllowedPrincipals\":[\"arn:aws:iam::222222222222:root\"]}" >/dev/null
  service=${service#* }
  vpc=$(api DescribeVpcs '{"Filters":[{"Name":"tag:Name","Values":["bench-consumer-vpc"]}]}' dev-consumer | jq -r '.Vpcs[0].VpcId')
  subnet=$(api DescribeSubnets "{\"Filters\":[{\"Name\":\"vpc-id\",\"Values\":[\"$vpc\"]},{\"Name\":\"availability-zone-id\",\"Values\":[\"use1-az1\"]}]}" dev-consumer |
    jq -r '.Subnets[0].SubnetId')
  # the benchmark's clients are on loopback, outside the VPC: the endpoint's group lets them in
  sg=$(api CreateSecurityGroup "{\"GroupName\":\"bench-clients-$NLB_N\",\"Description\":\"benchmark clients\",\"VpcId\":\"$vpc\"}" dev-consumer |
    jq -r '.GroupId')
  api AuthorizeSecurityGroupIngress "{\"GroupId\":\"$sg\",\"IpPermissions\":[{\"IpProtocol\":\"tcp\",\"FromPort\":0,\"ToPort\":65535,\"IpRanges\":[{\"CidrIp\":\"127.0.0.0/8\"}]}]}" dev-consumer >/dev/null
  vpce=$(api CreateVpcEndpoint "{\"VpcEndpointType\":\"Interface\",\"VpcId\":\"$vpc\",\"ServiceName\":\"$service\",\"SubnetIds\":[\"$subnet\"],\"SecurityGroupIds\":[\"$sg\"]}" dev-consumer |
    jq -r '.VpcEndpoint.VpcEndpointId')
  eni=$(api DescribeVpcEndpoints "{\"VpcEndpointIds\":[\"$vpce\"]}" dev-consumer | jq -r '.VpcEndpoints[0].NetworkInterfaceIds[0]')
  host=$(api DescribeNetworkInterfaces "{\"NetworkInterfaceIds\":[\"$eni\"]}" dev-consumer | jq -r '.NetworkInterfaces[0].HostAddress')
  [[ $host =~ ^127\. ]] || die "no host address for endpoint $vpce (got '$host')"
  PLEMU_ENTRY=$host
  await_relay "$host" "endpoint **$vpce** (in front of bench-$NLB_N)"
}

# ------------------------------------------------------------------------------------------------
# Paths
# ------------------------------------------------------------------------------------------------
path_addr() { # -> "host port"
  case $1 in
    direct) echo "127.0.0.1 $TPORT" ;;
    haproxy) echo "127.0.0.1 ${HAP_PLAIN[default]}" ;;
    haproxy-ppv2) echo "127.0.0.1 ${HAP_PP[default]}" ;;
    haproxy-256k) echo "127.0.0.1 ${HAP_PLAIN[tuned]}" ;;
    haproxy-256k-ppv2) echo "127.0.0.1 ${HAP_PP[tuned]}" ;;
    plemu*-ppv2) echo "$PLEMU_ENTRY $PORT_PP" ;;
    plemu*) echo "$PLEMU_ENTRY $PORT_PLAIN" ;;
    *) die "unknown path $1" ;;
  esac
}
path_pid() {
  case $1 in
    haproxy-256k*) echo "${PROCS[hap-tuned]}" ;;
    haproxy*) echo "${PROCS[hap-default]}" ;;
    plemu*) echo "$PLEMU_PID" ;;
    *) echo "" ;;
  esac
}
path_src() {
  case $1 in
    haproxy-256k*) echo "${HAP_SRC[tuned]}" ;;
    haproxy*) echo "${HAP_SRC[default]}" ;;
    plemu*) echo "$PLEMU_SRC" ;;
    *) echo 127.0.0.1 ;;
  esac
}
path_fresh() { # a fresh source address before a run that opens many connections
  case $1 in
    haproxy-256k*) hap_restart tuned ;;
    haproxy*) hap_restart default ;;
    plemu*) plemu_new_path ;;
  esac
}
rotate() { # k items... -> the items rotated left by k
  local k=$1
  shift
  local n=$# i
  local a=("$@")
  for ((i = 0; i < n; i++)); do echo "${a[$(((i + k) % n))]}"; done
}

# ------------------------------------------------------------------------------------------------
# Measurements
# ------------------------------------------------------------------------------------------------
PROFILE_DONE=" "
profile_wanted() { # test path: a thread CPU profile of plemu for the first run of a test
  [[ $2 == plemu* && $2 != *-ppv2 && $PROFILE_DONE != *" $1:$2 "* ]] || return 1
  if ((EXPERIMENT)); then [[ $1 =~ ^(bulk1|connrate)$ ]]; else [[ $1 =~ ^(bulk1|bulk8|rtt1|connrate)$ ]]; fi
}

measure() { # test path round
  local test=$1 path=$2 round=$3 host port pid src bound args out res c0 c1 t0 t1 m0 m1 p0 p1 e0 e1 extra="" prof=0 tw=NA
  read -r host port <<<"$(path_addr "$path")"
  pid=$(path_pid "$path")
  src=$(path_src "$path")
  case $test in
    bulk1) args=(bulk --flows 1 --seconds "$BULK_S") bound=$((BULK_S + 90)) ;;
    bulk8) args=(bulk --flows 8 --seconds "$BULK_S") bound=$((BULK_S + 90)) ;;
    rtt1) args=(rtt --size 1 --warmup "$RTT_WARM" --count "$RTT_COUNT") bound=300 ;;
    rtt16k) args=(rtt --size 16384 --warmup "$RTT_WARM" --count "$RTT_COUNT") bound=300 ;;
    connrate) args=(connrate --threads "$CR_THREADS" --seconds "$CR_S") bound=$((CR_S + 90)) ;;
    *) die "unknown test $test" ;;
  esac
  out=$TMP/run.out
  if profile_wanted "$test" "$path"; then
    prof=1
    jcmd "$pid" Thread.print >"$TMP/threads.before" 2>/dev/null || prof=0
  fi
  c0=$(proc_cpu2 "$pid") m0=$(mach_stat) p0=$(target_stat ppv2) e0=$(target_stat errors) t0=$(now)
  harness "$bound" "$out" "${args[@]}" --host "$host" --port "$port" || true
  t1=$(now) c1=$(proc_cpu2 "$pid") m1=$(mach_stat) p1=$(target_stat ppv2) e1=$(target_stat errors)
  res=$(grep '^RESULT ' "$out" | tail -n 1) || res=""
  [[ -n $res ]] || { res="RESULT errors=1 error=no_result"; tail -n 5 "$out" >&2; }
  res=${res#RESULT }
  local wall cpu mach
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  cpu=$(awk -v a="$c0" -v b="$c1" -v w="$wall" -v hz="$CLK_TCK" 'BEGIN {split(a, x, " "); split(b, y, " ");
      printf "%.0f cpu_us=%.0f cpu_sy=%.0f", (y[1] + y[2] - x[1] - x[2]) / hz / w * 100, (y[1] - x[1]) / hz / w * 100, (y[2] - x[2]) / hz / w * 100}')
  [[ -n $pid ]] || cpu=NA
  mach=$(awk -v a="$m0" -v b="$m1" 'BEGIN {split(a, x, " "); split(b, y, " "); t = 0;
      for (i = 1; i <= 4; i++) { d[i] = y[i] - x[i]; t += d[i] } if (t <= 0) t = 1;
      printf "mach_us=%.0f mach_sy=%.0f mach_id=%.0f", d[1] * 100 / t, d[2] * 100 / t, d[3] * 100 / t}')
  if [[ $test == connrate ]]; then
    [[ $path == direct ]] || tw=$(ss -Htan state time-wait src "$src" 2>/dev/null | wc -l)
    extra="src=$src tw_src=$tw"
    note "- conn/s via **$path** (source $src): $(sed -n 's/.*\(conns=[0-9]*\).*\(rate=[0-9]*\).*\(errors=[0-9]*\).*/\1 \2 \3/p' <<<"$res");" \
      "TIME_WAIT on the proxy's source address afterwards: $tw; errors the target saw: $((e1 - e0))$(tgt_kinds);" \
      "\`ss -s\`: $(ss -s | grep -m1 '^TCP:' | tr -s ' ');" \
      "per second: $(sed -n 's/.*per_sec=\([0-9,]*\).*/\1/p' <<<"$res")$(grep -q errkinds <<<"$res" && echo "; errors by kind: \`$(sed -n 's/.*errkinds=\([^ ]*\).*/\1/p' <<<"$res")\`")"
  fi
  printf '%s\t%s\t%s\t%s cpu=%s ppv2_seen=%s target_errors=%s wall_s=%s %s %s\n' "$test" "$path" "$round" "$res" "$cpu" "$((p1 - p0))" "$((e1 - e0))" \
    "$wall" "$mach" "$extra" >>"$RES/results.tsv"
  log "$(printf '%-9s %-14s r%s  %s  cpu=%s target_errors=%s' "$test" "$path" "$round" \
    "$(sed -E 's/ (per_sec|errkinds|flow_min|flow_max|chunk|bytes|mean_us|min_us|max_us|first_error_s)=[^ ]*//g' <<<"$res")" "$cpu" "$((e1 - e0))")"
  if ((prof)); then
    jcmd "$pid" Thread.print >"$TMP/threads.after" 2>/dev/null || true
    PROFILE_DONE="$PROFILE_DONE$test:$path "
    {
      echo
      echo "**$test** via $path (round $round, ${wall} s; machine ${mach//mach_/}):"
      echo
      java -cp "$CLS" bench.Main threadcpu --before "$TMP/threads.before" --after "$TMP/threads.after" --seconds "$wall" --top 6
    } >>"$RES/profiles.md" 2>/dev/null || true
  fi
}

measure_idle() { # path
  local path=$1 k host port pid src base="" postgc="" peak="" rss="" estab fds jst="" hp i res plateau=$TMP/plateau
  k=$IDLE_KP
  [[ $path == direct ]] && k=$IDLE_K
  path_fresh "$path"
  read -r host port <<<"$(path_addr "$path")"
  pid=$(path_pid "$path")
  src=$(path_src "$path")
  if [[ $path == plemu* ]]; then
    jcmd "$pid" GC.run >/dev/null 2>&1 || true
    base=$(heap_used_mb "$pid")
    jstat -gc "$pid" 500 2000 >"$TMP/jstat.out" 2>/dev/null &
    PROCS[jstat]=$!
  fi
  rm -f "$plateau"
  timeout --kill-after=5 $((IDLE_HOLD + 400)) java "${CLIENT_JVM[@]}" -cp "$CLS" bench.Main idle --host "$host" --port "$port" \
    --conns "$k" --hold "$IDLE_HOLD" --openers 4 --open-seconds 240 --plateau-file "$plateau" --max-seconds $((IDLE_HOLD + 390)) \
    </dev/null >"$TMP/idle.out" 2>&1 &
  PROCS[harness]=$!
  hp=$!
  for ((i = 0; i < 2800; i++)); do
    [[ -f $plateau ]] && break
    kill -0 "$hp" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -f $plateau ]]; then
    sleep 2
    [[ -n $pid ]] && rss=$(proc_rss_mb "$pid") && fds=$(ls "/proc/$pid/fd" | wc -l)
    [[ $path == direct ]] || estab=$(ss -Htn state established src "$src" 2>/dev/null | wc -l)
    if [[ $path == plemu* ]]; then
      jcmd "$pid" GC.run >/dev/null 2>&1 || true
      postgc=$(heap_used_mb "$pid")
    fi
  fi
  wait "$hp" || true
  unset "PROCS[harness]"
  if [[ -n ${PROCS[jstat]:-} ]]; then
    stop_proc jstat
    peak=$(awk 'NR == 1 || /S0C/ { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { u = $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]; if (u > m) m = u } END { printf "%.0f", m / 1024 }' "$TMP/jstat.out")
  fi
  res=$(grep '^RESULT ' "$TMP/idle.out" | tail -n 1) || res="RESULT errors=1 error=no_result"
  res=${res#RESULT }
  printf '%s\t%s\t%s\t%s rss_mb=%s fds=%s estab_src=%s heap_base_mb=%s heap_postgc_mb=%s heap_peak_mb=%s src=%s\n' idle "$path" 1 "$res" \
    "${rss:-NA}" "${fds:-NA}" "${estab:-NA}" "${base:-NA}" "${postgc:-NA}" "${peak:-NA}" "$src" >>"$RES/results.tsv"
  log "idle      $(printf '%-14s' "$path")    $res rss=${rss:-NA}MiB heap base/postgc/peak=${base:-NA}/${postgc:-NA}/${peak:-NA}MiB established-from-source=${estab:-NA} fds=${fds:-NA}"
  # Let the flows' TIME_WAIT and the target's threads settle before the next path.
  sleep 2
}

warm_up() { # path: JIT and connection pools, not recorded
  local host port
  read -r host port <<<"$(path_addr "$1")"
  harness $((WARM_BULK + 60)) "$TMP/warm.out" bulk --flows 1 --seconds "$WARM_BULK" --host "$host" --port "$port" || true
  harness 120 "$TMP/warm.out" rtt --size 1 --warmup 0 --count 2000 --host "$host" --port "$port" || true
  harness $((WARM_CR + 60)) "$TMP/warm.out" connrate --threads "$CR_THREADS" --seconds "$WARM_CR" --host "$host" --port "$port" || true
}

idle_cpu_of() { # pid seconds -> % of one core
  local a b
  a=$(proc_cpu "$1")
  sleep "$2"
  b=$(proc_cpu "$1")
  awk -v a="$a" -v b="$b" -v s="$2" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", (b - a) / hz / s * 100}'
}

# ------------------------------------------------------------------------------------------------
# Setup
# ------------------------------------------------------------------------------------------------
if ((WAIT_QUIET > 0)); then
  log "waiting up to ${WAIT_QUIET}s for the load average to fall below 1.5 (now $(cut -d' ' -f1 /proc/loadavg)) ..."
  for ((i = 0; i < WAIT_QUIET / 5; i++)); do
    awk '{exit !($1 < 1.5)}' /proc/loadavg && break
    sleep 5
  done
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "kind=$KIND tmp=$TMP nofile=$NOFILE load=$LOAD_START"
start_target
free_port && HAP_PLAIN[default]=$PORT
free_port && HAP_PP[default]=$PORT
free_port && HAP_PLAIN[tuned]=$PORT
free_port && HAP_PP[tuned]=$PORT
hap_start default
hap_start tuned

BUF_OPTS="-Dpekko.io.tcp.direct-buffer-size=262144 -Dpekko.stream.materializer.io.tcp.write-buffer-size=262144"
DISP_OPTS="-Dpekko.stream.materializer.dispatcher=proxy-dispatcher -Dpekko.io.tcp.worker-dispatcher=proxy-dispatcher"
DISP_OPTS+=" -Dproxy-dispatcher.type=Dispatcher -Dproxy-dispatcher.executor=fork-join-executor"
DISP_OPTS+=" -Dproxy-dispatcher.fork-join-executor.parallelism-min=2 -Dproxy-dispatcher.fork-join-executor.parallelism-factor=1.0"
DISP_OPTS+=" -Dproxy-dispatcher.fork-join-executor.parallelism-max=2 -Dproxy-dispatcher.throughput=64"
BEST_OPTS="-Xms1g -XX:+UseParallelGC $BUF_OPTS $DISP_OPTS -Dpekko.io.tcp.max-channels=20000"

meta kind "$KIND"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && GIT_OPTIONAL_LOCKS=0 git status --porcelain --untracked-files=no 2>/dev/null | wc -l)
meta commit "\`$COMMIT\` (working tree: $DIRTY tracked files modified by concurrent work)"
meta jar "nodes/target/plemu.jar built $(date -u -r "$JAR" '+%Y-%m-%d %H:%M UTC')${JAR_STALE:+; sources changed since: $JAR_STALE}"
meta machine "$(nproc) vCPU, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/^MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo)"
meta kernel "$(uname -r)"
meta java "$(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
meta haproxy "$(haproxy -v | head -n 1)"
meta haproxy_cfg "\`mode tcp\`, nbthread default (= $(nproc)), maxconn $HAP_MAXCONN, timeouts connect 5 s / client and server 400 s, \`check inter 2s\`, \`source 127.77.x.y\` (a new address at every (re)start: before each conn/s and idle run), \`send-proxy-v2\` on the PPv2 frontend; the tuned instance adds \`tune.bufsize 262144\`"
meta client_jvm "client: java ${CLIENT_JVM[*]}; target server: java ${SERVER_JVM[*]} (a thread per connection)"
meta limits "open files $NOFILE (hard $(ulimit -Hn)); ip_local_port_range $(tr '\t' ' ' </proc/sys/net/ipv4/ip_local_port_range); tcp_tw_reuse $(cat /proc/sys/net/ipv4/tcp_tw_reuse); tcp_max_tw_buckets $(cat /proc/sys/net/ipv4/tcp_max_tw_buckets); somaxconn $(cat /proc/sys/net/core/somaxconn)"
if [[ $VIA == endpoint ]]; then
  meta via "endpoint (client → interface endpoint ENI → NLB node → target); the ENI listens on its host address, ports $PORT_PLAIN (plain) and $PORT_PP (PPv2), and hands each flow to the NLB node of its AZ, which connects to the target from its own host address"
else
  meta via "nlb (client → NLB node → target); NLB node listeners on the node's host address, ports $PORT_PLAIN (plain) and $PORT_PP (PPv2)"
fi
meta bulk_s "$BULK_S"
meta connrate_s "$CR_S"
meta connrate_threads "$CR_THREADS"
meta idle_hold "$IDLE_HOLD"
meta idle_limit_reason "$IDLE_LIMIT_REASON"
meta durations "bulk ${BULK_S} s × $BULK_ROUNDS rounds (64 KiB writes, 1 and 8 flows); RTT $RTT_COUNT round trips after $RTT_WARM warm-up × $RTT_ROUNDS rounds; conn/s $CR_THREADS threads × $CR_S s; idle $IDLE_K flows direct, $IDLE_KP through a proxy, held $IDLE_HOLD s; warm-up per path: bulk $WARM_BULK s, 2,000 RTT, conn/s $WARM_CR s (not recorded)"
meta label.direct "direct"
meta label.haproxy "HAProxy default"
meta label.haproxy-256k "HAProxy bufsize 256K"
meta label.haproxy-ppv2 "HAProxy PPv2"
meta label.plemu-ppv2 "plemu PPv2"

# ------------------------------------------------------------------------------------------------
# Main run: all paths alive at once, order rotated between rounds
# ------------------------------------------------------------------------------------------------
main_run() {
  local PATHS=(direct haproxy haproxy-256k plemu haproxy-ppv2 plemu-ppv2) IDLE_PATHS=(direct haproxy haproxy-256k plemu)
  local r t p tests
  meta paths "$(
    IFS=,
    echo "${PATHS[*]}"
  )"
  meta label.plemu "plemu"
  plemu_start main "${PLEMU_JAVA_OPTS:-}"
  plemu_new_path
  meta plemu_jvm "\`$PLEMU_JVM\` (PLEMU_JAVA_OPTS='${PLEMU_JAVA_OPTS:-}')"
  local icpu a b
  jcmd "$PLEMU_PID" Thread.print >"$TMP/threads.before" 2>/dev/null || true
  a=$(proc_cpu "$PLEMU_PID")
  sleep 10
  b=$(proc_cpu "$PLEMU_PID")
  jcmd "$PLEMU_PID" Thread.print >"$TMP/threads.after" 2>/dev/null || true
  icpu=$(awk -v a="$a" -v b="$b" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", (b - a) / hz / 10 * 100}')
  {
    echo
    echo "**no traffic** (10 s after start-up, one NLB with two listeners):"
    echo
    java -cp "$CLS" bench.Main threadcpu --before "$TMP/threads.before" --after "$TMP/threads.after" --seconds 10 --top 6
  } >>"$RES/profiles.md" 2>/dev/null || true
  meta plemu_idle_cpu "$icpu % of one core over 10 s with no traffic (4 ActorSystems: cluster heartbeats and gossip); it runs during every path's measurements"
  meta order "bulk: round r runs the paths rotated by r−1, 1 flow before 8 in odd rounds, after in even ones; RTT the same with 1 B / 16 KiB; conn/s and idle once each in the order listed, each after a fresh source address"
  meta summary "$([[ $MODE == quick ]] && echo "Quick run: short durations, one round; indicative only." || echo "Full run.") Every path measured in the same run; plemu (\`scripts/plemu up\`, default JVM flags unless PLEMU_JAVA_OPTS says otherwise) stays up for all of them."
  log "warming up ..."
  if want bulk || want rtt || want connrate; then for p in "${PATHS[@]}"; do [[ $p == direct ]] || warm_up "$p"; done; fi
  want bulk || BULK_ROUNDS=0
  want rtt || RTT_ROUNDS=0
  for ((r = 1; r <= BULK_ROUNDS; r++)); do
    tests=(bulk1 bulk8)
    ((r % 2 == 0)) && tests=(bulk8 bulk1)
    for t in "${tests[@]}"; do
      while read -r p; do measure "$t" "$p" "$r"; done < <(rotate $((r - 1)) "${PATHS[@]}")
    done
  done
  for ((r = 1; r <= RTT_ROUNDS; r++)); do
    tests=(rtt1 rtt16k)
    ((r % 2 == 0)) && tests=(rtt16k rtt1)
    for t in "${tests[@]}"; do
      while read -r p; do measure "$t" "$p" "$r"; done < <(rotate $((r - 1)) "${PATHS[@]}")
    done
  done
  if want connrate; then
    note ""
    note "Connection-rate runs (each after a fresh source address for the proxy):"
    note ""
    for p in "${PATHS[@]}"; do
      path_fresh "$p"
      measure connrate "$p" 1
    done
  fi
  if want idle; then for p in "${IDLE_PATHS[@]}"; do measure_idle "$p"; done; fi
  if ((PROFILE)) && want connrate; then
    local tail=$((CR_S / 3))
    profile_run "Extra, unrecorded **conn/s** run as measured ($CR_S s, $CR_THREADS threads, fresh NLB), perf over its last $tail s" \
      perf $((CR_S - tail)) connrate --threads "$CR_THREADS" --seconds "$CR_S"
    profile_run "Extra, unrecorded **conn/s** run (${WARM_CR} s, fresh NLB) under JFR" jfr 0 connrate --threads "$CR_THREADS" --seconds "$WARM_CR"
  fi
  if ((PROFILE)) && want rtt; then
    profile_run "Extra, unrecorded **RTT 1 B** run ($RTT_COUNT round trips after 2,000, fresh NLB)" perf 0 rtt --size 1 --warmup 2000 --count "$RTT_COUNT"
  fi
}

# Profiles of plemu during extra, unrecorded runs (not in the tables), each on a fresh NLB:
#   profile_run LABEL perf DELAY ARGS... : perf (-e cpu-clock -g) from DELAY s into the run to its end:
#                                          where the process's CPU goes, kernel included
#   profile_run LABEL jfr 0 ARGS...      : a JFR recording (settings=profile): where its Java code goes
# (one tool per run: JFR's own sampling shows up in perf's libjvm.so share)
profile_run() {
  local label=$1 tool=$2 delay=$3 host port perfpid i
  shift 3
  plemu_new_path
  read -r host port <<<"$(path_addr plemu)"
  rm -f "$TMP/prof.perf" "$TMP/prof.jfr"
  perfpid=""
  if [[ $tool == jfr ]]; then
    jcmd "$PLEMU_PID" JFR.start name=bench settings=profile filename="$TMP/prof.jfr" >/dev/null 2>&1 || true
  elif command -v perf >/dev/null; then
    (
      sleep "$delay"
      exec perf record -e cpu-clock -F 499 -g -p "$PLEMU_PID" -o "$TMP/prof.perf"
    ) </dev/null >/dev/null 2>&1 &
    perfpid=$!
    PROCS[perf]=$perfpid
  fi
  harness 300 "$TMP/prof.out" "$@" --host "$host" --port "$port" || true
  if [[ -n $perfpid ]]; then
    kill -INT "$perfpid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$perfpid" 2>/dev/null || break; sleep 0.1; done
    stop_proc perf
  fi
  [[ $tool == jfr ]] && { jcmd "$PLEMU_PID" JFR.stop name=bench >/dev/null 2>&1 || true; }
  {
    echo
    echo "$label ($(grep -o -m1 -E '\b(rate|p50_us)=[0-9.]+' "$TMP/prof.out" | tr '\n' ' '); TIME_WAIT on the NLB node's address at the end: $(ss -Htan state time-wait src "$PLEMU_SRC" 2>/dev/null | wc -l)):"
    if [[ -s $TMP/prof.perf ]]; then
      echo
      echo "perf (\`-e cpu-clock -g\`, from ${delay} s into the run), share of the plemu process's samples: where they ran, then inclusive time in system calls and in the kernel's search for a free source port:"
      echo
      echo "| where | % of samples |"
      echo "|---|---|"
      perf report -i "$TMP/prof.perf" --stdio --sort dso --percent-limit 3 --no-children -q -g none 2>/dev/null |
        awk 'NF >= 2 {p = $1; $1 = ""; sub(/^ +/, ""); printf "| `%s` | %s |\n", $0, p}' | head -n 4
      perf report -i "$TMP/prof.perf" --stdio --children --sort sym --percent-limit 0.5 -q -g none 2>/dev/null |
        awk '$3 == "[k]" && $4 ~ /^(__x64_sys_|inet_csk_get_port|inet_csk_bind_conflict)/ {printf "| `%s` (inclusive) | %s |\n", $4, $1}' | head -n 10
    fi
    if [[ -s $TMP/prof.jfr ]]; then
      echo
      echo "JFR (\`settings=profile\`):"
      echo
      timeout 120 java -cp "$CLS" bench.Main jfrtop --file "$TMP/prof.jfr" --top 8
    fi
  } >>"$RES/profiles.md" 2>/dev/null || true
  log "profile: $label"
}

# ------------------------------------------------------------------------------------------------
# Experiment: one plemu JVM per variant, each block measuring the variant and the yardsticks
# ------------------------------------------------------------------------------------------------
experiment_run() {
  local VARIANTS=(plemu plemu-buf plemu-disp plemu-best) v block=0 r p t
  [[ $TESTS == bulk,rtt,connrate,idle ]] || die "--tests is for the main runs"
  declare -A OPTS=([plemu]="" [plemu-buf]="$BUF_OPTS" [plemu-disp]="$DISP_OPTS" [plemu-best]="$BEST_OPTS")
  meta paths "direct,haproxy,haproxy-256k,plemu,plemu-buf,plemu-disp,plemu-best"
  meta label.plemu "plemu defaults"
  meta label.plemu-buf "plemu + 256 KiB buffers"
  meta label.plemu-disp "plemu + shared 2-thread dispatcher"
  meta label.plemu-best "plemu + all of PROXY-TUNING"
  for v in "${VARIANTS[@]}"; do meta "opts.$v" "\`${OPTS[$v]:-(none: -Xmx1g from scripts/plemu)}\`"; done
  meta order "one block per variant, in the order listed: start plemu with the variant's PLEMU_JAVA_OPTS, warm up, bulk 1 and 8 flows × $BULK_ROUNDS, RTT 1 B and 16 KiB, conn/s ($CR_S s, fresh NLB), then the yardsticks in the same block (direct bulk and RTT; HAProxy bulk, RTT and conn/s after a fresh source; HAProxy 256K bulk), then stop plemu. Yardstick cells are medians over the 4 blocks."
  meta summary "Experiment$([[ $MODE == quick ]] && echo " (quick durations)"): plemu with the settings docs/PROXY-TUNING.md found best for a bare Pekko Streams proxy, passed only through PLEMU_JAVA_OPTS. \`scripts/plemu up\` loads its configuration with \`ConfigFactory.load(\"embedded\")\`, which ignores \`-Dconfig.file\`, so the dispatcher is defined with \`-D\` system properties (they override every ActorSystem's configuration; each of the 4 ActorSystems gets its own 2-thread \`proxy-dispatcher\`). No idle-flow test in this experiment."
  for v in "${VARIANTS[@]}"; do
    block=$((block + 1))
    plemu_start "$v" "${OPTS[$v]}"
    meta "jvm.$v" "$PLEMU_JVM"
    plemu_new_path
    if [[ $v == plemu-disp || $v == plemu-best ]]; then
      jcmd "$PLEMU_PID" Thread.print 2>/dev/null | grep -q '"plemu-proxy-dispatcher' ||
        die "variant $v: no proxy-dispatcher threads in the plemu JVM: the -D dispatcher settings did not take"
    fi
    log "block $block ($v): warming up ..."
    warm_up "$v"
    if ((block == 1)); then for p in haproxy haproxy-256k; do warm_up "$p"; done; fi
    meta "idle_cpu.$v" "$(idle_cpu_of "$PLEMU_PID" 5)"
    for ((r = 1; r <= BULK_ROUNDS; r++)); do
      measure bulk1 "$v" "$r"
      measure bulk8 "$v" "$r"
    done
    measure rtt1 "$v" 1
    measure rtt16k "$v" 1
    path_fresh "$v"
    measure connrate "$v" 1
    for t in bulk1 bulk8 rtt1 rtt16k; do measure "$t" direct "$block"; done
    for t in bulk1 bulk8 rtt1 rtt16k; do measure "$t" haproxy "$block"; done
    path_fresh haproxy
    measure connrate haproxy "$block"
    for t in bulk1 bulk8; do measure "$t" haproxy-256k "$block"; done
    plemu_stop
  done
  local line=""
  for v in "${VARIANTS[@]}"; do line+="$v $(grep "^idle_cpu.$v=" "$RES/meta.txt" | cut -d= -f2) %; "; done
  meta plemu_idle_cpu "${line% } of one core with no traffic"
  meta plemu_jvm "per variant: $(for v in "${VARIANTS[@]}"; do printf '%s: `%s`; ' "$v" "$(grep "^jvm.$v=" "$RES/meta.txt" | cut -d= -f2-)"; done)"
}

# ------------------------------------------------------------------------------------------------
# Source-port experiment: no proxy, the harness itself binds a source address
# ------------------------------------------------------------------------------------------------
srcport_run() {
  local how out res tw
  meta paths ""
  meta label.port0 "kernel picks the port: bind(addr:0), as Pekko's outgoingConnection with a local address"
  meta label.port0reuse "bind(addr:0) with SO_REUSEADDR"
  meta label.explicit "SO_REUSEADDR and bind(addr:port), ports from a round-robin allocator over 32768–60999"
  meta summary "Why plemu's conn/s collapses: the harness opens connections to the target from one bound source address (a fresh 127.77.x.y per row), $CR_THREADS threads for $CR_S s, each sending a byte and half-closing first, so TIME_WAIT lands on the source side as on an NLB node whose client closed first. Nothing else runs. The kernel's port choice (bind to port 0) must avoid every port with a TIME_WAIT entry on that address: once the $(awk '{print $2 - $1 + 1}' /proc/sys/net/ipv4/ip_local_port_range) ports of the ephemeral range carry one, bind fails with EADDRINUSE until the oldest expire (60 s), and the search itself gets slower as they fill. Choosing the port explicitly with SO_REUSEADDR lets bind accept a port whose only user is a TIME_WAIT entry, and connect reuses the entry (tcp_tw_reuse = $(cat /proc/sys/net/ipv4/tcp_tw_reuse), which allows it for loopback; for other destinations the 4-tuple must still be free)."
  meta order "port0, port0reuse, explicit, one run each"
  for how in port0 port0reuse explicit; do
    next_src
    out=$TMP/srcport.out
    harness $((CR_S + 90)) "$out" srcport --host 127.0.0.1 --port "$TPORT" --src "$SRC" --how "$how" --seconds "$CR_S" --threads "$CR_THREADS" || true
    res=$(grep '^RESULT ' "$out" | tail -n 1) || res="RESULT errors=1 error=no_result"
    tw=$(ss -Htan state time-wait src "$SRC" 2>/dev/null | wc -l)
    printf '%s\t%s\t%s\t%s tw_src=%s\n' srcport "$how" 1 "${res#RESULT }" "$tw" >>"$RES/results.tsv"
    log "srcport   $how: ${res#RESULT } tw_src=$tw"
  done
}

if ((SRCPORT)); then srcport_run; elif ((EXPERIMENT)); then experiment_run; else main_run; fi

# ------------------------------------------------------------------------------------------------
# Wrap up: what plemu logged, where the results go, the report
# ------------------------------------------------------------------------------------------------
EVENTS=""
for f in "$TMP"/plemu-*.log; do
  [[ -f $f ]] || continue
  e=$(grep -E 'UNREACHABLE|SBR took decision|Leader is removing|Marking .* as|is the new leader|Shutting down myself|Exiting completed|is DOWN|heartbeat interval is growing' "$f" |
    sed -E 's/^([0-9:.]+) [A-Z]+ +[^ ]+ [^ ]+ - /\1 /' | cut -c1-260 | head -n 12) || e=""
  [[ -n $e ]] && EVENTS+="plemu ${f##*/plemu-} (first 12):"$'\n'"$e"$'\n'
done
if [[ -n $EVENTS ]]; then
  note ""
  note "Cluster events in plemu's log (unreachability, downing, late heartbeats), per plemu JVM:"
  note ""
  note '```'
  note "${EVENTS%$'\n'}"
  note '```'
fi
WARNS=$(cat "$TMP"/plemu-*.log 2>/dev/null | grep -E ' (WARN|ERROR) ' | sed -E 's/^[0-9:.]+ //; s/[0-9a-f]{16}//g; s/[0-9]+/N/g' |
  sort | uniq -c | sort -rn | head -n 5 | cut -c1-220) || WARNS=""
if [[ -n $WARNS ]]; then
  note ""
  note "plemu's log, most frequent warnings/errors (digits replaced by N):"
  note ""
  note '```'
  note "$WARNS"
  note '```'
fi
note ""
note "Target server at the end: $(cat "$TMP/target.stats" 2>/dev/null) (ppv2 = Proxy Protocol v2 headers seen; empty = connections closed before any data, e.g. HAProxy's health checks)."
meta load "$LOAD_START → $(cut -d' ' -f1-3 /proc/loadavg)"
meta elapsed "$(((SECONDS - START_EPOCH) / 60)) min $(((SECONDS - START_EPOCH) % 60)) s"

mkdir -p "$RESULTS"
rm -rf "${RESULTS:?}/$KIND"
cp -r "$RES" "$RESULTS/$KIND"
report
log "done: $RESULTS/$KIND and $REPORT"
