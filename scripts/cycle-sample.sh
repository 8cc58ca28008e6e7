#!/usr/bin/env bash
# Generates a presidential cycle's worth of fictional data in every family's official layout
# (`spotlight sample --scale cycle`: 9,000 candidates, 18,010 committees, 5,005 corporations,
# 535 members, 10 M skewed contributions) and loads it into a Spotlight home of its own, with
# the configuration that builds the cycle-scale site from it. The job benchmark's (b).
#   scripts/cycle-sample.sh DIR     → DIR/files (generated, kept), DIR/home, DIR/spotlight.toml, DIR/public
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/cycle-sample.sh DIR}"
mkdir -p "$out"
source scripts/sample-home.sh
files="$out/files"
if [ ! -f "$files/.complete" ]; then
  rm -rf "$files"
  "$bin" sample --scale cycle --format text --out "$files" --quiet > /dev/null
  touch "$files/.complete"
fi
rm -rf "$out/home" "$out/public" "$out/voteview"
write_config "Spotlight (cycle scale)" "2024"
ingest fec --cycle 2024 --dir "$files/fec/2024"
ingest legislators --dir "$files/legislators"
# Voteview publishes members/, rollcalls/ and votes/ folders; the ingest reads one folder.
mkdir -p "$out/voteview" && ln -sf "$files"/voteview/*/*.csv "$out/voteview/"
ingest votes --dir "$out/voteview"
ingest trades --dir "$files/trades"
ingest lobbying --dir "$files/lda"
ingest sec --dir "$files/sec"
echo "cycle-sample: SPOTLIGHT_HOME=$out/home $bin build --config $out/spotlight.toml"
