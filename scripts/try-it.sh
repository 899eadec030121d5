#!/usr/bin/env bash
# Try piapi-collector without a PiAPI key: a local simulator stands in for PiAPI, the collector runs
# in batch mode on a sample inbox, and the script shows where the results landed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/piapi-collector.jar ] || mvn -B -q package -DskipTests
demo=target/demo
rm -rf "$demo"
mkdir -p "$demo/data/inbox"

java -cp target/piapi-collector.jar ai.piapi.collector.simulator.PiapiSimulator \
  --port=0 --duration=lognormal:3000,0.5 --failed-rate=0.1 --cancelled-rate=0.05 --error500-rate=0.05 \
  > "$demo/simulator.log" 2>&1 &
simulator=$!
trap 'kill "$simulator" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$demo/simulator.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the simulator did not start:"; cat "$demo/simulator.log"; exit 1; }
echo "PiAPI simulator on $url"

for i in $(seq -w 1 30); do echo "demo-task-$i"; done > "$demo/data/inbox/sample.txt.part"
echo "this line is not a task id" >> "$demo/data/inbox/sample.txt.part"
mv "$demo/data/inbox/sample.txt.part" "$demo/data/inbox/sample.txt"

code=0
(cd "$demo" && PIAPI_API_KEY=demo-key PIAPI_BASE_URL="$url" COLLECTOR_EXIT_WHEN_DONE=true \
  COLLECTOR_POLL_INITIAL_DELAY=500ms COLLECTOR_POLL_MAX_DELAY=2s COLLECTOR_ARTIFACTS_ALLOWED_HOSTS=127.0.0.1 \
  java -jar ../piapi-collector.jar) || code=$?

echo
echo "collector exit code: $code (0 = all completed, 2 = some dead-lettered; the simulator fails ~15% on purpose)"
echo "completed tasks:   $demo/data/completed/   ($(ls "$demo/data/completed" | wc -l) files)"
echo "dead letters:      $demo/data/dead-letter/ ($(ls "$demo/data/dead-letter" | wc -l) files)"
echo "one completed task:"
head -c 400 "$(ls -d "$demo"/data/completed/*.json | head -1)"; echo " ..."
[ "$code" -eq 0 ] || [ "$code" -eq 2 ]
