#!/usr/bin/env bash
# The Tocsin benchmark suite: one command, run by hand, never part of the test command.
#
#   benchmarks/run.sh            # everything: about 35 minutes on a 2-core machine
#   benchmarks/run.sh quick      # fewer rounds and shorter runs (a smoke run)
#
# Needs: JDK 17, Maven, and the Debian packages wrk, dnsperf and rbldnsd (apt-get install -y wrk dnsperf rbldnsd);
# redis-server for the farm benchmarks.
# Writes: the console output of every benchmark to benchmarks/results/<UTC time>/ and the plots to docs/images/.
# Every load generator talks to 127.0.0.1 only. Measure on a quiet machine (check `uptime`): every
# figure is also taken as a ratio against a baseline run in the same session, alternating A and B.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-full}"
for tool in wrk dnsperf rbldnsd java mvn; do
  command -v "$tool" >/dev/null || { echo "benchmarks/run.sh: $tool is missing (see the header of this script)" >&2; exit 1; }
done

mvn -B -q ${MAVEN_OFFLINE:--o} -pl benchmarks -am package -DskipTests

out="benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out" docs/images
jar=benchmarks/target/benchmarks.jar
run() { # run NAME JAVA-ARGS...
  local name=$1; shift
  echo "== $name ($(uptime | sed 's/.*load average/load average/'))" | tee -a "$out/summary.txt"
  java -Dtocsin.bench.out=docs/images "$@" 2>&1 | tee "$out/$name.txt"
}

if [ "$profile" = quick ]; then
  hit="1 1024,1048576 4k sequential,shuffled"; overhead="2 5 32"; failure="2 5 32 50"; cold="10000 100 3"; scaling="5000 100 2"; early="300 30 2 300"; heap=10
else
  hit="2 1024,1048576 4k,thp sequential,shuffled"; overhead="10 5 32"; failure="3 10 32 50"; cold="20000 100 5"; scaling="10000 100 3"; early="1000 50 3 300"; heap=20
fi

{ uptime; java -version 2>&1; grep -m1 'model name' /proc/cpuinfo; nproc; } > "$out/machine.txt"
# 2. cache-hit path (JMH), with cache size scaling (6)
run cache-hit -cp "$jar" io.tocsin.benchmarks.core.CacheHitRounds $hit
# 1. request overhead (wrk): no filter / disabled / clean cached / listed banner, 5 KB and 200 KB pages
run request-overhead -cp "$jar" io.tocsin.benchmarks.http.RequestOverhead $overhead
# 4. budget under failure: a DNSBL that never answers
run failure-budget -cp "$jar" io.tocsin.benchmarks.http.FailureBudget $failure
# 3. cold lookups: engine vs dnsperf vs blocking Lookup
run cold-lookups -cp "$jar" io.tocsin.benchmarks.dnsbl.ColdLookups $cold
# 6. scaling with the number of sources
run source-scaling -cp "$jar" io.tocsin.benchmarks.dnsbl.SourceScaling $scaling
# 7. early answers with one slow source (weights): early answer on vs off
run early-answer -cp "$jar" io.tocsin.benchmarks.dnsbl.EarlyAnswer $early
# 5. memory: heap while injecting into a 10 MB page, per cached verdict at 1M, feed bytes per entry at 1M
run injection-heap -Xmx32m -XX:+UseSerialGC -cp "$jar" io.tocsin.benchmarks.http.InjectionHeap $heap
run verdict-footprint -Xmx2g -cp "$jar" io.tocsin.benchmarks.core.CachedVerdictFootprint 1000000
run feed-load -Xmx2g -cp "$jar" io.tocsin.benchmarks.feed.FeedLoadReport
# 7. publishing: publish for 1M addresses, serve-dns next to rbldnsd under dnsperf
run publish-million -Xmx3g -cp "$jar" io.tocsin.benchmarks.publish.PublishMillion 1000000
run serve-dns -Xmx2g -cp "$jar" io.tocsin.benchmarks.publish.ServeDnsThroughput 3 10 10000
# 8. traffic evidence: lines/s of sense per format on a generated 10M-line log (in process, one core), heap per track
logs="${TOCSIN_BENCH_LOGS:-/tmp/tocsin-bench-logs}"; mkdir -p "$logs"
lines=10000000; [ "$profile" = quick ] && lines=1000000
for f in BIND UNBOUND UNBOUND_ASCII DNSMASQ SQUID; do
  [ -s "$logs/$f.log" ] || java -cp "$jar" io.tocsin.benchmarks.traffic.SenseLogs "$f" "$lines" "$logs/$f.log"
  fmt=$(echo "${f%_ASCII}" | tr 'A-Z' 'a-z')
  run "sense-$(echo "$f" | tr "A-Z_" "a-z-")" -Xmx256m -cp "$jar" io.tocsin.benchmarks.traffic.SenseThroughput "$fmt" "$logs/$f.log" 3
  { echo "== $f: wc -l, grep -c (the floor)"; for i in 1 2 3; do /usr/bin/time -f "wc -l %e s" wc -l "$logs/$f.log"; /usr/bin/time -f "grep -c %e s" grep -c people.freenet.de "$logs/$f.log"; done; } 2>&1 | tee -a "$out/sense-floor.txt"
done
# 9. a farm of nodes on Redis: list queries per visitor for 1, 2, 4 nodes; a Redis hit vs a local hit;
#    filter throughput with the Redis tier on vs off; Redis memory per address (needs redis-server)
if command -v redis-server >/dev/null; then
  farmq=2000; farmrounds="6 8 32"; farmlat="5 5000"; [ "$profile" = quick ] && { farmq=500; farmrounds="2 5 32"; farmlat="2 2000"; }
  run farm-queries -cp "$jar" io.tocsin.benchmarks.farm.FarmQueries $farmq
  run farm-redis-hit -cp "$jar" io.tocsin.benchmarks.farm.RedisHitLatency $farmlat
  run farm-throughput -cp "$jar" io.tocsin.benchmarks.farm.FarmThroughput $farmrounds
  run farm-memory -cp "$jar" io.tocsin.benchmarks.farm.RedisMemory 100000
else
  echo "== farm benchmarks skipped: redis-server is missing (apt-get install -y redis-server)" | tee -a "$out/summary.txt"
fi
run track-footprint -Xmx1g -cp "$jar" io.tocsin.benchmarks.traffic.TrackFootprint 1000000 1
run track-footprint-12 -Xmx2g -cp "$jar" io.tocsin.benchmarks.traffic.TrackFootprint 1000000 12
echo "results in $out, plots in docs/images/"
