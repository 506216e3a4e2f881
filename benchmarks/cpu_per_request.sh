#!/usr/bin/env bash
# CPU time per request of a running server, robust to other load on the machine (unlike req/s):
# the utime+stime of the server's whole process tree over a wrk run, divided by the answers.
#   benchmarks/cpu_per_request.sh PID URL [LUA]   (LUA: a wrk script, e.g. to set Accept)
# Prints: requests, req/s, p50, CPU seconds, CPU ms per request. Needs wrk (apt-get install wrk).
set -euo pipefail
pid=$1 url=$2 lua=${3:-}
tree() { echo "$1"; for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$child"; done; }
ticks() { local total=0; for p in $(tree "$pid"); do read -ra f < /proc/"$p"/stat; total=$((total + f[13] + f[14])); done; echo "$total"; }
before=$(ticks)
out=$(wrk -t2 -c4 -d6s --latency ${lua:+-s "$lua"} "$url")
after=$(ticks)
hz=$(getconf CLK_TCK)
requests=$(awk '/requests in/ {print $1}' <<<"$out")
echo "requests=$requests rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out") p50=$(awk '$1=="50%" {print $2}' <<<"$out")" \
  "cpu_s=$(echo "scale=3; ($after-$before)/$hz" | bc) cpu_ms_per_request=$(echo "scale=4; ($after-$before)*1000/$hz/$requests" | bc)"
