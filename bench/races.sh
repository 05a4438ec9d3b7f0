#!/bin/sh
# The longer variants of the race, load and crash tests (src/test/java/loquet/races/):
# the load test for 30 s instead of 10, the crash test with 10 SIGKILLs instead of 3, and
# the race tests repeated (each repetition a fresh run of the classes).
# Usage: bench/races.sh [--seconds S] [--kills N] [--repeat R]
#   LOQUET_TEST_POSTGRES=jdbc:postgresql://... (e.g. from .ci/postgres) runs everything on
#   PostgreSQL too, as the suite does.
set -eu
cd "$(dirname "$0")/.."
seconds=30
kills=10
repeat=3
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --kills) kills=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        *) echo "usage: bench/races.sh [--seconds S] [--kills N] [--repeat R]" >&2; exit 2 ;;
    esac
done
mvn -q -B test -Dtest='loquet.races.LoadWithoutLossTest,loquet.races.CrashSafetyTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dloquet.load.seconds="$seconds" -Dloquet.crash.kills="$kills"
i=1
while [ "$i" -le "$repeat" ]; do
    echo "race tests, run $i of $repeat"
    mvn -q -B test -Dtest='loquet.races.*RaceTest,loquet.auth.ThrottleRaceTest' -Dsurefire.failIfNoSpecifiedTests=false
    i=$((i + 1))
done
