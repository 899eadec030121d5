#!/usr/bin/env bash
# External yardsticks for docs/BENCHMARKS.md (issue 17): nginx (Debian's nginx-light) answers PiAPI's get-task for any
# task ID on a random 127.0.0.1 port, so the ceiling does not share the benchmark's JVM.
#
#   apt-get install -y nginx-light wrk
#   mvn -B -q package -DskipTests
#   scripts/bench-nginx.sh throughput [TASKS] [JAR...]   # wrk ceiling, sequential Python loop, each jar in batch mode
#   scripts/bench-nginx.sh intake [IDS] [SECONDS] [JAR]  # one inbox file of random UUIDs, never-ending tasks, launcher
#                                                          # JVM options: intake time, polls/s, ledger size, RSS
#
# throughput: every task is completed at its first poll; a jar's figure is tasks / (first GET .. last GET), read from
# nginx's request counter; the jar runs with exit-when-done and must store every task. Give several jars (an older
# build first) to compare them in the same run.
set -euo pipefail
mode=${1:?usage: bench-nginx.sh throughput|intake ...}; shift
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run=$(mktemp -d "${TMPDIR:-/tmp}/bench-nginx.XXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
answer() { # $1 status
  printf '{"code":200,"data":{"task_id":"$1","model":"Qubico/flux1-schnell","task_type":"txt2img","status":"%s",' "$1"
  printf '"config":{"service_mode":"public","webhook_config":{"endpoint":"","secret":""}},"input":{"prompt":"a cat"},'
  printf '"output":{"image_url":"","image_base64":""},"meta":{"created_at":"2026-01-01T00:00:00Z",'
  printf '"started_at":"2026-01-01T00:00:01Z","ended_at":"2026-01-01T00:00:05Z","usage":{"type":"point","frozen":0,'
  printf '"consume":100}},"detail":null,"logs":null,"error":{"code":0,"raw_message":"","message":"","detail":null}},'
  printf '"message":"success"}'
}
mkdir -p "$run/logs"
cat > "$run/nginx.conf" <<CONF
worker_processes 1;
error_log $run/logs/error.log;
pid $run/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 10000000;
  client_body_temp_path $run/t1; proxy_temp_path $run/t2; fastcgi_temp_path $run/t3; uwsgi_temp_path $run/t4; scgi_temp_path $run/t5;
  server {
    listen 127.0.0.1:$port;
    location = /status { stub_status; }
    location ~ ^/done/api/v1/task/(.+)\$ { default_type application/json; return 200 '$(answer completed)'; }
    location ~ ^/proc/api/v1/task/(.+)\$ { default_type application/json; return 200 '$(answer processing)'; }
  }
}
CONF
/usr/sbin/nginx -c "$run/nginx.conf" -p "$run"
cleanup() { [ -f "$run/nginx.pid" ] && kill "$(cat "$run/nginx.pid")" 2>/dev/null; rm -rf "$run"; }
trap cleanup EXIT
requests() { curl -s "http://127.0.0.1:$port/status" | awk 'NR==3{print $3}'; }
uuids() { python3 -c "import uuid,sys; sys.stdout.write(''.join(str(uuid.uuid4())+'\n' for _ in range($1)))"; }
settings=(-Dpiapi.api-key=bench-key-not-a-secret -Dcollector.http.port=0 -Dcollector.artifacts.enabled=false
          -Dcollector.progress-interval=600000)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"

if [ "$mode" = throughput ]; then
  n=${1:-10000}; shift || true
  jars=("$@"); [ ${#jars[@]} -gt 0 ] || jars=("$home/target/piapi-collector.jar")
  echo "raw ceiling (wrk, 2 threads, 16 connections, 10 s): $(timeout 30 wrk -t2 -c16 -d10s \
    "http://127.0.0.1:$port/done/api/v1/task/x" | awk '/Requests\/sec/{print $2}') req/s"
  timeout 600 python3 - "$port" "$n" "$run" <<'PY'
import http.client, json, os, sys, time
port, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port)
t0 = time.time()
for i in range(n):
    tid = "py-%06d" % i
    c.request("GET", "/done/api/v1/task/" + tid, headers={"x-api-key": "k"})
    data = json.loads(c.getresponse().read())["data"]
    tmp = os.path.join(out, tid + ".json.tmp")
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.rename(tmp, os.path.join(out, tid + ".json"))
print("sequential Python loop (keep-alive GET, parse, write, rename): %.0f tasks/s" % (n / (time.time() - t0)))
PY
  rm -f "$run"/py-*.json
  for jar in "${jars[@]}"; do
    w=$(mktemp -d "$run/tp.XXXX"); mkdir -p "$w/data/inbox"; uuids "$n" > "$w/data/inbox/ids.txt"
    r0=$(requests)
    (cd "$w" && exec timeout 900 java -Dpiapi.base-url="http://127.0.0.1:$port/done" -Dcollector.exit-when-done=true \
      "${settings[@]}" -jar "$jar" > "$w/log" 2>&1) & pid=$!
    t1=""; t2=""; c1=0
    while kill -0 $pid 2>/dev/null; do
      r=$(( $(requests) - r0 )); now=$(date +%s.%N)
      if [ -z "$t1" ] && [ "$r" -gt 1 ]; then t1=$now; c1=$r; fi
      if [ -z "$t2" ] && [ "$r" -gt "$n" ]; then t2=$now; fi
      sleep 0.1
    done
    wait $pid && rc=0 || rc=$?
    stored=$(find "$w/data/completed" -name '*.json' | wc -l)
    echo "collector $jar: exit $rc, $stored stored, $(echo "($n - $c1) / ($t2 - $t1)" | bc) tasks/s"
    rm -rf "$w"
  done
else
  n=${1:-1000000}; secs=${2:-120}; jar=${3:-$home/target/piapi-collector.jar}
  w=$(mktemp -d "$run/in.XXXX"); mkdir -p "$w/data/inbox"; uuids "$n" > "$w/ids.tmp"
  (cd "$w" && MALLOC_ARENA_MAX=2 exec timeout $((secs + 30)) java -Xmx96m -XX:+UseSerialGC \
    -Dpiapi.base-url="http://127.0.0.1:$port/proc" -Dcollector.exit-when-done=false "${settings[@]}" -jar "$jar" \
    > "$w/log" 2>&1) & pid=$!
  until grep -q "started in" "$w/log" 2>/dev/null || ! kill -0 $pid 2>/dev/null; do sleep 0.2; done
  mv "$w/ids.tmp" "$w/data/inbox/ids.txt"
  t0=$(date +%s.%N); r0=$(requests); taken=""
  for _ in $(seq 1 $((secs / 5))); do
    sleep 5
    r=$(requests); t=$(date +%s.%N)
    if [ -z "$taken" ] && [ ! -f "$w/data/inbox/ids.txt" ]; then taken=$(echo "$t - $t0" | bc); fi
    jpid=$(pgrep -P $pid java || echo $pid)
    echo "t=$(printf %.0f "$(echo "$t - $t0" | bc)") s polls/s=$(( (r - r0) / 5 )) ledger=$(du -m "$w/data/state/ledger.mv.db" | cut -f1) MB rss=$(( $(ps -o rss= -p "$jpid" || echo 0) / 1024 )) MB${taken:+ (file taken after $taken s)}"
    r0=$r
  done
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  echo "intake of $n IDs: ${taken:-not finished within $secs s}"
fi
