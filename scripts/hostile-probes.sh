#!/usr/bin/env bash
# Hostile-client probes against the packaged collector as shipped (bin/piapi-collector, 96 MB heap), with the PiAPI
# simulator as the stand-in: half-sent connections, a large POST /tasks, a body of invalid lines, a large inbox file,
# then SIGTERM. Prints each probe's answer, the peak RSS and the ledger size; exits non-zero when a promise breaks.
# Not part of `mvn verify` (minutes, hundreds of MB of temporary files). Build first: mvn -B -q package -DskipTests
#   scripts/hostile-probes.sh            # defaults below; CONNECTIONS=2000 POST_IDS=400000 INVALID_LINES=500000
#   INBOX_LINES=5000000 INBOX_VALID=100000 scripts/hostile-probes.sh
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONNECTIONS="${CONNECTIONS:-2000}" POST_IDS="${POST_IDS:-400000}" INVALID_LINES="${INVALID_LINES:-500000}"
INBOX_LINES="${INBOX_LINES:-5000000}" INBOX_VALID="${INBOX_VALID:-100000}"
work="$(mktemp -d /tmp/hostile-probes.XXXXXX)"
sim_port=$((20000 + RANDOM % 10000)); http_port=$((30000 + RANDOM % 10000))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

java -cp "$home/target/piapi-collector.jar" ai.piapi.collector.simulator.PiapiSimulator --port="$sim_port" \
  --duration=fixed:300 --failed-rate=0 --cancelled-rate=0 >"$work/simulator.log" 2>&1 &
pids+=($!)
"$home/bin/piapi-collector" -Dpiapi.base-url="http://127.0.0.1:$sim_port" -Dpiapi.api-key=pk-probe-key-0000 \
  -Dcollector.inbox-dir="$work/data/inbox" -Dcollector.completed-dir="$work/data/completed" \
  -Dcollector.dead-letter-dir="$work/data/dead-letter" -Dcollector.state-dir="$work/data/state" \
  -Dcollector.http.port="$http_port" -Dcollector.artifacts.enabled=false -Dcollector.poll.initial-delay=200ms \
  >"$work/collector.log" 2>&1 &
collector=$!; pids+=($collector)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http_port/observe/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$http_port/observe/health" >/dev/null || fail "collector did not start (see $work/collector.log)"
( peak=0; while kill -0 "$collector" 2>/dev/null; do r=$(ps -o rss= -p "$collector" 2>/dev/null | tr -d ' '); \
  [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" >"$work/peak-rss"; sleep 0.2; done ) &
pids+=($!)
rss() { ps -o rss= -p "$collector" | tr -d ' '; }
echo "collector pid $collector on :$http_port, RSS $(rss) KiB"

echo "== $CONNECTIONS half-sent POST /tasks connections"
python3 - "$http_port" "$CONNECTIONS" <<'PY'
import socket, sys, time, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 16000000\r\n\r\n0f7c2a3e-")
    socks.append(s)
time.sleep(5)
t = time.time()
code = urllib.request.urlopen(f"http://127.0.0.1:{port}/observe/health", timeout=30).status
print(f"health while {n} connections hang: {code} in {time.time() - t:.2f}s")
for s in socks:
    s.close()
PY
curl -sf "http://127.0.0.1:$http_port/observe/health" >/dev/null || fail "health after the connections"
echo "RSS $(rss) KiB"

echo "== a task dropped afterwards is collected"
mkdir -p "$work/data/inbox"
echo 0f7c2a3e-1b1d-4c5e-9a8b-0000000a0001 >"$work/data/inbox/after.txt.part" && mv "$work/data/inbox/after.txt.part" "$work/data/inbox/after.txt"
for _ in $(seq 1 120); do [ -f "$work/data/completed/0f7c2a3e-1b1d-4c5e-9a8b-0000000a0001.json" ] && break; sleep 0.5; done
[ -f "$work/data/completed/0f7c2a3e-1b1d-4c5e-9a8b-0000000a0001.json" ] || fail "the task was not collected"
echo "collected; RSS $(rss) KiB"

echo "== POST /tasks with $POST_IDS UUIDs"
python3 -c "import uuid,sys; sys.stdout.write(''.join(str(uuid.uuid4())+'\n' for _ in range($POST_IDS)))" >"$work/ids.txt"
ls -l "$work/ids.txt" | awk '{print $5 " bytes"}'
curl -s -o "$work/answer.json" -w "HTTP %{http_code} in %{time_total}s\n" -X POST -H 'Content-Type: text/plain' \
  --data-binary @"$work/ids.txt" "http://127.0.0.1:$http_port/tasks"
head -c 200 "$work/answer.json"; echo; rm -f "$work/ids.txt"
echo "RSS $(rss) KiB; ledger $(du -sh "$work/data/state" | cut -f1)"

echo "== POST /tasks with $INVALID_LINES invalid lines"
python3 -c "import sys; sys.stdout.write(''.join(f'bad line {i}\n' for i in range($INVALID_LINES)))" >"$work/bad.txt"
ls -l "$work/bad.txt" | awk '{print $5 " bytes"}'
code=$(curl -s -o "$work/answer.json" -w "%{http_code}" -X POST -H 'Content-Type: text/plain' --data-binary @"$work/bad.txt" \
  "http://127.0.0.1:$http_port/tasks")
echo "HTTP $code: $(head -c 120 "$work/answer.json")... rejected_total $(grep -o '"rejected_total":[0-9]*' "$work/answer.json")"
[ "$code" -lt 500 ] || fail "5xx for invalid lines"
rm -f "$work/bad.txt"
echo "RSS $(rss) KiB; dead letters $(ls "$work/data/dead-letter" | wc -l)"

echo "== inbox file of $INBOX_LINES lines ($INBOX_VALID valid IDs, the rest invalid)"
python3 - "$work/data/inbox/big.txt.part" "$INBOX_LINES" "$INBOX_VALID" <<'PY'
import sys, uuid
path, lines, valid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
every = max(1, lines // max(1, valid))
with open(path, "w") as f:
    for i in range(lines):
        f.write((str(uuid.uuid4()) if i % every == 0 and valid > 0 else f"not a task id {i}") + "\n")
PY
ls -l "$work/data/inbox/big.txt.part" | awk '{print $5 " bytes"}'
mv "$work/data/inbox/big.txt.part" "$work/data/inbox/big.txt"
start=$(date +%s)
for _ in $(seq 1 1200); do [ -f "$work/data/inbox/big.txt" ] || break; sleep 0.5; done
[ -f "$work/data/inbox/big.txt" ] && fail "the inbox file was not taken in 10 minutes"
echo "taken in $(( $(date +%s) - start ))s; $(grep 'inbox big.txt' "$work/collector.log" | tail -1 | sed 's/.* - //')"
echo "RSS $(rss) KiB; ledger $(du -sh "$work/data/state" | cut -f1); disk $(df -h /tmp | tail -1 | awk '{print $4}') free"
curl -sf "http://127.0.0.1:$http_port/observe/health" >/dev/null || fail "health after the inbox file"

echo "== SIGTERM"
kill -TERM "$collector"
for _ in $(seq 1 60); do kill -0 "$collector" 2>/dev/null || break; sleep 0.5; done
kill -0 "$collector" 2>/dev/null && fail "still running 30 s after SIGTERM"
wait "$collector" && code=0 || code=$?
echo "exited with code $code; peak RSS $(cat "$work/peak-rss") KiB"
ooms=$(grep -c "OutOfMemoryError" "$work/collector.log" || true)
echo "OutOfMemoryError lines: $ooms"
[ "$ooms" -eq 0 ] || fail "the collector ran out of memory"
