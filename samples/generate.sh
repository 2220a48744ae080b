#!/usr/bin/env bash
# Regenerates every sample dump/profile with the runtimes on this machine (JDK 17 [+25], Debian's Go).
# Usage: samples/generate.sh [outRoot]   (default: samples/ itself)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here}"
mkdir -p "$out"
for script in "$here/java/generate.sh" "$here/go/profiles/generate.sh" "$here/go/heapdump/generate.sh" "$here/hybrid/generate.sh"; do
  if [ -f "$script" ]; then
    echo "== $script"
    bash "$script" "$out"
  fi
done
