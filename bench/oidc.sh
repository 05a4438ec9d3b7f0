#!/bin/sh
# Apps signing in through Loquet (OpenID Connect): full authorization code flows per
# second (with a password sign-in, and with a browser already signed in) and token
# refreshes per second, over HTTP: see bench/OidcBench.java for what is measured and how.
# Usage: bench/oidc.sh [--threads N] [--warmup S] [--seconds S] [--only password,signed-in,refresh]
#                      [--shared-app] [--keep] [--postgres JDBC_URL]
#   LOQUET_BCRYPT_COST (default 12, Config's default) is the cost of the accounts' hashes;
#   JAVA=/path/to/java to pick another JDK
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
"$java" -cp "$copy" bench/OidcBench.java "$@"
