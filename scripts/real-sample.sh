#!/usr/bin/env bash
# Loads every file of ../shared/realdata (both FEC snapshots, congress-legislators, every vote
# folder, trades, lobbying, SEC) into a Spotlight home of its own and writes the configuration
# that builds the real-sample site from it: demo off, nothing fetched. The benchmarks and the
# real-sample checks build from here.
#   scripts/real-sample.sh DIR     → DIR/home (SPOTLIGHT_HOME), DIR/spotlight.toml, DIR/public
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/real-sample.sh DIR}"
real="${REALDATA:-$(cd ../shared/realdata && pwd)}"
mkdir -p "$out"
source scripts/sample-home.sh
write_config "Spotlight (real samples)" "2016, 2020"
ingest fec --cycle 2016 --dir "$real/fec/2016_cycle_snapshot_2015-03"
ingest fec --cycle 2020 --dir "$real/fec/2020_cycle_snapshot_2019-03"
ingest legislators --dir "$real/congress_legislators"
for d in "$real/votes" "$real/votes/voteview" "$real/votes/house_clerk" "$real/votes/senate_lis"; do ingest votes --dir "$d"; done
ingest trades --dir "$real/stock_trades"
ingest lobbying --dir "$real/lobbying"
ingest sec --dir "$real/sec"
echo "real-sample: SPOTLIGHT_HOME=$out/home $bin build --config $out/spotlight.toml"
