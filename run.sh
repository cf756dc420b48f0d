#!/usr/bin/env bash
# Developer entry point. On a fresh machine it creates .venv and installs the pinned dependencies
# (pyproject.toml + constraints.txt) first, then:
#   ./run.sh app     open the desktop window on the bundled sample data
#   ./run.sh test    run the whole test suite (what CI runs)
#   ./run.sh export  write the sample's tables, status lists and figures to ./out
#   ./run.sh <args>  anything else goes to the renkei-desktop command
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ] || [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] \
   || [ constraints.txt -nt .venv/.installed ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
  touch .venv/.installed
fi
cmd=${1:-app}
case "$cmd" in
  app) shift || true; exec .venv/bin/renkei-desktop --sample "$@" ;;
  test) shift; exec .venv/bin/python -m pytest "$@" ;;
  export) shift; exec .venv/bin/renkei-desktop export --sample --out out --force "$@" ;;
  *) exec .venv/bin/renkei-desktop "$@" ;;
esac
