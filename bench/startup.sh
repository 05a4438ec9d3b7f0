#!/bin/sh
# Time from `./loquet` (the README's run command) to the first answered request, and the memory (RSS) of the
# process just after, over several runs on a fresh data folder each time.
# Usage: bench/startup.sh [runs]   (JAVA=/path/to/java to pick another JDK)
set -eu
cd "$(dirname "$0")/.."
runs="${1:-5}"
java="${JAVA:-java}"
jar=target/loquet.jar
[ -f "$jar" ] || mvn -q -B package -DskipTests
port=18181
"$java" -version 2>&1 | head -1
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    data=$(mktemp -d)
    start=$(date +%s%N)
    JAVA="$java" LOQUET_PORT=$port LOQUET_HOST=127.0.0.1 LOQUET_DATA="$data" ./loquet >/dev/null 2>&1 &
    pid=$!  # ./loquet execs java: the same process
    until curl -fs "http://127.0.0.1:$port/login" >/dev/null 2>&1; do sleep 0.02; done
    end=$(date +%s%N)
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    echo "run $i: first page after $(( (end - start) / 1000000 )) ms, RSS ${rss} MiB"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
done
