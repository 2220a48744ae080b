#!/usr/bin/env bash
# Regenerates the Java sample heap dumps: samples/java/generate.sh [outRoot]   (default: samples/)
# For every samples/java/programs/*.java that has a main method, with the machine's JDK 17 (and
# JDK 25 into jdk25/ when /usr/lib/jvm/temurin-25-jdk-amd64 exists):
#   run it until it prints READY, take `jcmd <pid> GC.class_histogram` (<name>.histo.txt),
#   send it the dump path (it dumps itself with HotSpotDiagnosticMXBean.dumpHeap(file, true)),
#   take a second histogram after the dump (<name>.histo-after.txt: evidence for objects the dump
#   call itself allocated), then close its stdin so it exits,
#   keep its stdout (<name>.out.txt, "FACT key=value" lines) and gzip -9 the dump (<name>.hprof.gz).
# Programs to build: set PROGRAMS="CoreObjects CoreThreads" to limit the run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out_root="${1:-$here/..}"
mkdir -p "$out_root"
out_root="$(cd "$out_root" && pwd)"
out="$out_root/java"
mkdir -p "$out"

JDK25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# Small heaps keep the dumps small; no CDS so the archived heap region does not add JDK objects
# that the dumper may skip but the histogram counts.
JAVA_OPTS=(-Xms16m -Xmx64m ${SAMPLE_SHARE:--Xshare:off} -XX:+UseSerialGC -XX:-UsePerfData)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

javac --release 17 -nowarn -d "$work/classes" "$here"/programs/*.java

programs=()
for src in "$here"/programs/*.java; do
  name="$(basename "$src" .java)"
  if [ -n "${PROGRAMS:-}" ] && ! [[ " $PROGRAMS " == *" $name "* ]]; then continue; fi
  grep -q 'static void main *(' "$src" && programs+=("$name")
done

# run_one <java bin dir> <program> <output dir>
run_one() {
  local bin="$1" name="$2" dir="$3"
  mkdir -p "$dir"
  local fifo="$work/$name.in" log="$work/$name.out" dump="$work/$name.hprof"
  rm -f "$fifo" "$log" "$dump" "$dump.gz"
  mkfifo "$fifo"
  "$bin/java" "${JAVA_OPTS[@]}" -cp "$work/classes" "$name" <"$fifo" >"$log" 2>"$work/$name.err" &
  local pid=$!
  exec 3>"$fifo"
  local waited=0
  until grep -q '^READY' "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before READY:" >&2; cat "$work/$name.err" >&2; exec 3>&-; return 1
    fi
    sleep 0.2; waited=$((waited + 1))
    if [ "$waited" -gt 600 ]; then echo "$name: no READY after 120 s" >&2; kill "$pid"; exec 3>&-; return 1; fi
  done
  "$bin/jcmd" "$pid" GC.class_histogram >"$dir/$name.histo.txt"
  echo "$dump" >&3
  waited=0
  until grep -q '^DUMPED' "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "$name exited without dumping:" >&2; cat "$work/$name.err" >&2; exec 3>&-; return 1; fi
    sleep 0.2; waited=$((waited + 1))
    if [ "$waited" -gt 600 ]; then echo "$name: no DUMPED after 120 s" >&2; kill "$pid"; exec 3>&-; return 1; fi
  done
  "$bin/jcmd" "$pid" GC.class_histogram >"$dir/$name.histo-after.txt"
  exec 3>&-
  wait "$pid"
  grep -q '^DUMPED' "$log" || { echo "$name did not dump" >&2; return 1; }
  grep -v '^READY\|^DUMPED' "$log" >"$dir/$name.out.txt" || true
  gzip -9 -n -c "$dump" >"$dir/$name.hprof.gz"
  rm -f "$dump" "$fifo"
  echo "  $dir/$name.hprof.gz ($(stat -c %s "$dir/$name.hprof.gz") bytes)"
}

echo "JDK 17: $(java -version 2>&1 | head -1)"
for p in "${programs[@]}"; do run_one "$(dirname "$(readlink -f "$(command -v java)")")" "$p" "$out"; done

if [ -x "$JDK25/bin/java" ]; then
  echo "JDK 25: $("$JDK25/bin/java" -version 2>&1 | head -1)"
  for p in "${programs[@]}"; do run_one "$JDK25/bin" "$p" "$out/jdk25"; done
else
  echo "JDK 25 not found at $JDK25: skipping jdk25/ dumps"
fi
