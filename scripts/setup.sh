#!/usr/bin/env bash
# Sets up a fresh machine for Hoplock development: Thunderbird and its German language pack (for `npm start` and the
# E2E tests, which run in English and German) and the npm dependencies. Idempotent: what is already there is left
# alone. Usage: bash scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || [ "$(node -p 'parseInt(process.versions.node)')" -lt 20 ]; then
  echo "Hoplock needs Node.js 20 or newer (https://nodejs.org/)." >&2
  exit 1
fi

tb="${THUNDERBIRD:-$(command -v thunderbird || true)}"
[ -z "$tb" ] && [ -x /usr/lib/thunderbird/thunderbird ] && tb=/usr/lib/thunderbird/thunderbird
if [ -n "$tb" ]; then
  echo "Thunderbird: $("$tb" --version 2>/dev/null || echo "$tb")"
  if command -v dpkg >/dev/null && ! dpkg -s thunderbird-l10n-de >/dev/null 2>&1; then
    echo "The German E2E suite needs the language pack: apt-get install -y thunderbird-l10n-de (it is skipped without)."
  fi
elif command -v apt-get >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "Thunderbird is missing and installing it needs root: run 'apt-get install -y thunderbird' as root." >&2
      exit 1
    fi
  fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y thunderbird thunderbird-l10n-de
else
  echo "Thunderbird is missing: install it with your system's package manager (or from https://www.thunderbird.net/)," >&2
  echo "or set THUNDERBIRD=/path/to/thunderbird." >&2
  exit 1
fi

npm ci
echo "Ready: 'npm start' runs Thunderbird with the add-on, 'npm test' runs all tests."
