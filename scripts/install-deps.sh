#!/usr/bin/env bash
# Installs what building, running and testing Thi đua needs on Debian 12 / Ubuntu 22.04+:
# the system libraries of the Tauri shell, Xvfb and WebKitWebDriver for the end-to-end tests,
# poppler and ImageMagick for looking at documents, zbar-tools to read their QR codes as another
# program would, LibreOffice Calc and Python's openpyxl as the other office programs the Excel
# tests read and fill workbooks with, the UI's npm packages
# and tauri-driver; mingw-w64, Wine, NSIS and Rust's x86_64-pc-windows-gnu target for the Windows
# build, its installer and their tests.
# Needs Rust (rustup) and Node.js 20.19 or newer; says so if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "Cần Rust: cài bằng https://rustup.rs rồi chạy lại. (Rust is needed: install it with rustup.)" >&2; exit 1; }
command -v npm >/dev/null || { echo "Cần Node.js 20.19 trở lên (Node.js 20.19+ is needed)." >&2; exit 1; }

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  pkg-config build-essential file
  xvfb xauth webkit2gtk-driver
  poppler-utils imagemagick zbar-tools fonts-liberation2
  libreoffice-calc-nogui libreoffice-writer-nogui python3-openpyxl python3-xlrd hyperfine
  gcc-mingw-w64-x86-64 wine64 nsis zip unzip
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "apt: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The tests run `python3`; when that is not Debian's (pyenv, a virtualenv), give it openpyxl too.
if ! python3 -c "import openpyxl, xlrd" 2>/dev/null; then
  say "pip install openpyxl xlrd (for $(command -v python3))"
  python3 -m pip install --quiet openpyxl xlrd
fi

# The tests' lints and formatting check (scripts/test-all.sh).
if ! rustup component list --installed | grep -q '^clippy'; then
  say "rustup component add clippy rustfmt"
  rustup component add clippy rustfmt
fi

if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  say "rustup target add x86_64-pc-windows-gnu (the Windows build)"
  rustup target add x86_64-pc-windows-gnu
fi

say "npm ci (ui/)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)

if ! command -v tauri-driver >/dev/null; then
  say "cargo install tauri-driver (2.x)"
  cargo install tauri-driver --version '^2' --locked --quiet
fi
