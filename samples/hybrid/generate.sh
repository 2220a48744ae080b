#!/usr/bin/env bash
# Regenerates the hybrid sample service: samples/hybrid/generate.sh [outRoot]   (default: samples/)
# Writes outRoot/hybrid/:
#   service/manifest.json                the audit manifest (copied from samples/hybrid/manifest.json)
#   service/app/HybridApp.hprof.gz       JVM (JDK 17) whose native library holds objects by JNI global refs
#     HybridApp.histo.txt                  jcmd GC.class_histogram taken just before the dump
#     HybridApp.out.txt                    the program's FACT lines
#   service/gateway/heap.pb.gz           Go heap profile after the deletes (MemProfileRate=1)
#     heap-before.pb.gz                    the base profile, after the fill
#     heap.txt.gz                          the same profile as debug=1 text
#     *.raw, *.top.inuse_space             go tool pprof -raw / -top ground truth
#     program-output.txt                   FACT lines (len, B of the map)
#   service/sidecar/heapdump.gz          the same Go program's runtime/debug.WriteHeapDump
#   rerun/app/HybridApp.hprof.gz         a second JVM run of the same code with other addresses
#                                        (ballast first, other -Xmx): signatures must not change
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:-$here/..}"
mkdir -p "$root"
root="$(cd "$root" && pwd)"
out="$root/hybrid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

JAVA_BIN="$(dirname "$(readlink -f "$(command -v java)")")"
JAVA_HOME_17="$(dirname "$JAVA_BIN")"
JAVA_OPTS=(-Xms16m -Xshare:off -XX:+UseSerialGC -XX:-UsePerfData)

# --- the JNI library and the Java program ---
mkdir -p "$work/classes"
javac --release 17 -nowarn -d "$work/classes" "$here"/java/*.java
gcc -shared -fPIC -O2 -I"$JAVA_HOME_17/include" -I"$JAVA_HOME_17/include/linux" \
  -o "$work/libhybridjni.so" "$here/java/hybridjni.c"

# run_java <output dir> <max heap> [program args…]: READY → histogram → dump → DUMPED
run_java() {
  local dir="$1" xmx="$2"; shift 2
  mkdir -p "$dir"
  local fifo="$work/in" log="$work/out" dump="$work/HybridApp.hprof"
  rm -f "$fifo" "$log" "$dump"
  mkfifo "$fifo"
  "$JAVA_BIN/java" "${JAVA_OPTS[@]}" "-Xmx$xmx" -Djava.library.path="$work" -cp "$work/classes" HybridApp "$@" \
    <"$fifo" >"$log" 2>"$work/err" &
  local pid=$! waited=0
  exec 3>"$fifo"
  until grep -q '^READY' "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "HybridApp exited before READY:" >&2; cat "$work/err" >&2; exec 3>&-; return 1; fi
    sleep 0.2; waited=$((waited + 1))
    if [ "$waited" -gt 600 ]; then echo "HybridApp: no READY after 120 s" >&2; kill "$pid"; exec 3>&-; return 1; fi
  done
  "$JAVA_BIN/jcmd" "$pid" GC.class_histogram >"$dir/HybridApp.histo.txt"
  echo "$dump" >&3
  exec 3>&-
  wait "$pid"
  grep -q '^DUMPED' "$log" || { echo "HybridApp did not dump" >&2; return 1; }
  grep '^FACT' "$log" >"$dir/HybridApp.out.txt"
  gzip -9 -n -c "$dump" >"$dir/HybridApp.hprof.gz"
  echo "  $dir/HybridApp.hprof.gz ($(stat -c %s "$dir/HybridApp.hprof.gz") bytes)"
}

rm -rf "$out/service" "$out/rerun"
mkdir -p "$out/service"
cp "$here/manifest.json" "$out/service/manifest.json"
run_java "$out/service/app" 64m
run_java "$out/rerun/app" 96m shifted

# --- the Go program: profiles (gateway) and a heap dump (sidecar) ---
(cd "$here/go/gateway" && GOFLAGS=-mod=mod go build -trimpath -o "$work/gateway" .)
gw="$out/service/gateway"
mkdir -p "$gw"
"$work/gateway" -mode profile -out "$gw" >"$gw/program-output.txt"
for p in heap-before.pb.gz heap.pb.gz heap.txt; do
  bin=""
  case "$p" in *.txt) bin="$work/gateway" ;; esac
  go tool pprof -raw $bin "$gw/$p" 2>/dev/null >"$gw/$p.raw"
  go tool pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 -unit=byte \
    -sample_index=inuse_space $bin "$gw/$p" 2>/dev/null >"$gw/$p.top.inuse_space"
done
gzip -9 -n -f "$gw/heap.txt"
sc="$out/service/sidecar"
mkdir -p "$sc"
"$work/gateway" -mode heapdump -out "$sc" >"$sc/program-output.txt"
gzip -9 -n -f "$sc/heapdump"
echo "hybrid samples written under $out ($(du -sb "$out" | cut -f1) bytes)"
