#!/usr/bin/env bash
# Regenerates the legacy-text heap profile parser from grammars/HeapProfile{Lexer,Parser}.g4
# (antlr-ng, TypeScript target, antlr4ng runtime). The output is committed; CI runs this script
# (via scripts/regenerate.sh) and fails when `git diff` shows a change.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=src/formats/pprof/generated
rm -rf "$out"
mkdir -p "$out"
npx antlr-ng -Dlanguage=TypeScript --generate-visitor false --generate-listener false \
  -o "$out" --lib grammars grammars/HeapProfileLexer.g4 grammars/HeapProfileParser.g4
# Only the .ts files are needed at run time.
rm -f "$out"/*.interp "$out"/*.tokens
