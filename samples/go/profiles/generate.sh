#!/usr/bin/env bash
# Regenerates the Go heap-profile samples with the Go toolchain on this machine (Debian's go 1.19).
# Usage: samples/go/profiles/generate.sh [outRoot]   (default: samples/; writes outRoot/go/profiles/…)
#
# For each MemProfileRate (rate1 = every allocation, default = Go's 512 KiB) the program writes
#   heap-before.{pb.gz,txt}  after filling two maps with 300,000 keys each
#   heap.{pb.gz,txt}         after deleting all but 1,000 keys and rebuilding the control map
# and next to every profile the runtime-side ground truth:
#   <profile>.raw                  go tool pprof -raw
#   <profile>.top.<sample_type>    go tool pprof -top (all nodes, exact units) per sample type
#   heap.pb.gz.diff-top.<type>     go tool pprof -top -diff_base=heap-before.pb.gz heap.pb.gz
# Text profiles are read by pprof with the program's binary so that pprof symbolises them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:-$here/../..}"
out="$(mkdir -p "$root/go/profiles" && cd "$root/go/profiles" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# -trimpath keeps build machine paths out of the profiles' file names.
(cd "$here/mapretain" && GOFLAGS=-mod=mod go build -trimpath -o "$work/mapretain" .)

top() { # profile sample_type binary?
  go tool pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 -unit=byte \
    -sample_index="$2" ${3:-} "$1" 2>/dev/null
}

for rate in rate1 default; do
  dir="$out/mapretain/$rate"
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$rate" = rate1 ]; then flag=(-rate 1); else flag=(); fi
  "$work/mapretain" -out "$dir" "${flag[@]}" > "$dir/program-output.txt"
  for p in heap-before heap; do
    for f in "$dir/$p.pb.gz" "$dir/$p.txt"; do
      bin=""
      [ "${f%.txt}" != "$f" ] && bin="$work/mapretain"
      go tool pprof -raw $bin "$f" 2>/dev/null > "$f.raw"
      for t in alloc_objects alloc_space inuse_objects inuse_space; do
        top "$f" "$t" "$bin" > "$f.top.$t"
      done
    done
  done
  for t in inuse_space alloc_objects; do
    top "$dir/heap.pb.gz" "$t" "-diff_base=$dir/heap-before.pb.gz" > "$dir/heap.pb.gz.diff-top.$t"
  done
done
echo "go profiles written under $out/mapretain"
