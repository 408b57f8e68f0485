#!/usr/bin/env bash
# Runs a Windows executable under Wine: cargo's runner for x86_64-pc-windows-gnu (see
# scripts/windows/test.sh). Puts the ProcessPrng stand-in (bcryptprimitives.c) beside the .exe
# first, and uses a Wine prefix of its own so nothing of the user's Wine is touched.
set -euo pipefail
exe="$1"
shift
here="$(cd "$(dirname "$0")" && pwd)"
dll="$(dirname "$exe")/bcryptprimitives.dll"
if [[ ! -f "$dll" || "$here/bcryptprimitives.c" -nt "$dll" ]]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dll" "$here/bcryptprimitives.c" -ladvapi32
fi
export WINEDEBUG=-all
export WINEPREFIX="${WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/thidua-wine}"
wine=/usr/lib/wine/wine64
[[ -x $wine ]] || wine="$(command -v wine64 || command -v wine)"
exec "$wine" "$exe" "$@"
