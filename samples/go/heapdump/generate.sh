#!/usr/bin/env bash
# Regenerates the Go heap-dump samples: builds main.go with the local Go toolchain (Debian go 1.19)
# and runs it twice, with runtime.MemProfileRate = 1 (every allocation sampled, so objects get
# allocation-site names) and with the default rate. Each run writes heap.dump
# (debug.WriteHeapDump), heap.pb.gz (pprof heap profile) and facts.json (ground truth printed
# by the program from the runtime: len and B of each map, addresses, MemStats after the dump).
# The binary is not kept (tests that need --binary build their own).
#
# Usage: samples/go/heapdump/generate.sh [outRoot]   (default outRoot: samples/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-$here/../..}"
out="$root/go/heapdump"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export GOFLAGS=-mod=mod GO111MODULE=off GOCACHE="${GOCACHE:-$tmp/gocache}"
# -trimpath: no machine paths in the dumps, and the same binary layout from any checkout (tests
# rebuild it for --binary and compare its data/bss bounds with the dump).
(cd "$here" && go build -trimpath -o "$tmp/heapdump-sample" main.go)
# An empty environment and relative output names: the runtime copies both into the heap, and
# the committed dumps should hold no machine paths.
(cd "$out" && env -i "$tmp/heapdump-sample" -rate1 -out rate1 >/dev/null)
(cd "$out" && env -i "$tmp/heapdump-sample" -out default >/dev/null)
go version >"$out/go-version.txt"
echo "wrote $out/{rate1,default}/{heap.dump,heap.pb.gz,facts.json}"
