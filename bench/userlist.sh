#!/bin/sh
# Latency of the admin user list (GET /admin/users) over HTTP with many generated
# accounts: see bench/UserListBench.java for what is measured and how.
# Usage: bench/userlist.sh [accounts] [--keep] [--postgres JDBC_URL]
#   accounts: default 100000; JAVA=/path/to/java to pick another JDK
#   --postgres jdbc:postgresql://127.0.0.1:5432/loquet_bench_x?user=postgres (or
#   LOQUET_BENCH_POSTGRES=that URL): the same run on PostgreSQL, in a database of that
#   name created for the run and dropped after it (one that already exists is refused)
set -eu
cd "$(dirname "$0")/.."
java="${JAVA:-java}"
jar=target/loquet.jar
[ -f "$jar" ] || mvn -q -B package -DskipTests
# Run from a copy: a rebuild of target/loquet.jar during the run (which takes minutes)
# would otherwise pull classes out from under the benchmark and the server.
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
"$java" -cp "$copy" bench/UserListBench.java "$@"
