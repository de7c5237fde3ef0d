#!/usr/bin/env bash
# The one test command (README and CI both call it): installs the real parts the tests drive when they are missing
# (a PostgreSQL server, Debian's Chromium for the browser test, Node.js and npm for the JS client's suite), then runs every test project of the solution.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The scheduled-task tests compute times in Asia/Shanghai, Europe/Berlin and America/New_York (IANA data).
[ -f /usr/share/zoneinfo/Europe/Berlin ] || missing+=(tzdata)
# Node.js runs the TypeScript / mini-program SDK's suite (clients/js) against the host.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} (needed by the tests)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need: ${missing[*]}. Install with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

exec dotnet test Elements.sln "$@"
