#!/usr/bin/env bash
# Create the project's virtual environment. On Debian, `python3 -m venv` needs
# the python3-venv package; install it when we are root and it is missing.
set -euo pipefail
python="${1:-python3}"
venv="${2:-.venv}"
if "$python" -m venv "$venv" 2>/dev/null; then
  exit 0
fi
rm -rf "$venv"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  ver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  echo "python venv support is missing; installing python3-venv" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${ver}-venv" >/dev/null \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  "$python" -m venv "$venv"
else
  echo "cannot create a virtual environment: install your distribution's python3-venv package" >&2
  exit 1
fi
