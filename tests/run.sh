#!/usr/bin/env bash
# The one quality script people and CI both run: installs what is missing, then lint, unit, AppTest
# and browser tests. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${COOPDATA_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

# Browser tests use Debian's chromium (Playwright cannot download its own browser here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core
  else
    echo "Debian's chromium is missing: run 'sudo apt-get install chromium' and try again" >&2
    exit 1
  fi
fi

echo "== lint (ruff)"
"$VENV/bin/ruff" check .

echo "== tests"
"$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
