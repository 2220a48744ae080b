#!/usr/bin/env bash
# Regenerates committed generated code (ANTLR parsers, protobuf descriptors). CI runs this and
# fails when the result differs from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in src/formats/pprof/regenerate.sh; do
  [ -f "$f" ] && bash "$f"
done
exit 0
