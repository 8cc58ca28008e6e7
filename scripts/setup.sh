#!/usr/bin/env bash
# Installs what Spotlight needs, idempotently: Debian packages, then a project-local
# virtualenv with the pinned chDB. A second run with everything present takes seconds.
#   scripts/setup.sh          what `make site` needs
#   scripts/setup.sh --test   plus what `make test` needs (Debian's clickhouse-server)
set -euo pipefail
cd "$(dirname "$0")/.."

CHDB_VERSION=26.9.0
packages=(libcurl4-openssl-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libbrotli-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(clickhouse-server)
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
echo "setup: ok"
