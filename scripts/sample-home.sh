# Sourced by real-sample.sh and cycle-sample.sh: a Spotlight home of its own under $out with the
# configuration that builds a site from what was ingested into it (demo off, nothing fetched),
# and `ingest FAMILY --dir …` into that home.
#   write_config TITLE CYCLES   (CYCLES as a TOML list body, e.g. "2016, 2020")
out="$(cd "$out" && pwd)"
bin="${SPOTLIGHT:-.build/release/spotlight}"
export SPOTLIGHT_HOME="$out/home"
write_config() {
  cat > "$out/spotlight.toml" <<TOML
[site]
title = "$1"
base_url = "http://localhost:8080/"
output = "$out/public"
templates = "$PWD/templates"
content = "$PWD/content"

[fetch]
demo = false
sources = []
before_build = false
fec_cycles = [$2]
TOML
}
ingest() { "$bin" ingest "$@" --quiet --config "$out/spotlight.toml" --max-quarantine 1 | tail -n 1; }
