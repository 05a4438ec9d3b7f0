#!/bin/sh
# Forward authentication: GET /auth/verify, which a reverse proxy calls on every request of
# a protected app, per second and its latency, signed in (200), without a cookie (401) and
# refused (403), over HTTP with keep-alive: see bench/ForwardAuthBench.java for what is
# measured and how.
# Usage: bench/forwardauth.sh [--threads N] [--warmup S] [--seconds S] [--only allowed,no-cookie,refused]
#                             [--keep] [--postgres JDBC_URL]
#   JAVA=/path/to/java to pick another JDK; LOQUET_BCRYPT_COST (default 12) only slows the
#   sign-ins before the measurement
#   --postgres jdbc:postgresql://127.0.0.1:5432/loquet_bench_x?user=postgres (or
#   LOQUET_BENCH_POSTGRES=that URL): the same run on PostgreSQL, in a database of that name
#   created for the run and dropped after it (one that already exists is refused)
set -eu
cd "$(dirname "$0")/.."
java="${JAVA:-java}"
jar=target/loquet.jar
[ -f "$jar" ] || mvn -q -B package -DskipTests
# Run from a copy, so that a rebuild during the run does not pull classes from under it.
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
"$java" -cp "$copy" bench/ForwardAuthBench.java "$@"
