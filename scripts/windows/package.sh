#!/usr/bin/env bash
# The Windows installer and the portable zip, built on Linux without downloads: the
# cross-compiled thidua-app.exe and thidua.exe (x86_64-pc-windows-gnu), WebView2Loader.dll
# and the user guide (huong-dan-su-dung.pdf, made from the end-to-end tests' screenshots, so
# the tests run first) beside them, packed by Debian's NSIS (makensis) and by Python's zipfile.
#
#   bash scripts/windows/package.sh            # release build: what clerks get
#   bash scripts/windows/package.sh debug      # the debug build CI already made (tests the packaging)
#
# Writes target/windows-package/ThiDua-<version>-cai-dat.exe and
# target/windows-package/ThiDua-<version>-portable-windows.zip.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PROFILE="${1:-release}"
TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
BIN="$ROOT/target/$TARGET/$PROFILE"
OUT="$ROOT/target/windows-package"
GUIDE="$ROOT/target/guide/huong-dan-su-dung.pdf"
if [[ ! -f $GUIDE ]]; then
  echo "package: $GUIDE is missing: run the tests (bash scripts/test-all.sh), which take the screenshots and write the guide" >&2
  exit 1
fi

if [[ $PROFILE == release ]]; then
  cargo build --release --target $TARGET -p thidua-cli -p thidua-app
elif [[ ! -f $BIN/thidua-app.exe || ! -f $BIN/thidua.exe ]]; then
  cargo build --target $TARGET -p thidua-cli -p thidua-app
fi

rm -rf "$OUT"
STAGE="$OUT/stage"
mkdir -p "$STAGE"
for f in thidua-app.exe thidua.exe WebView2Loader.dll; do
  cp "$BIN/$f" "$STAGE/"
done
# Symbols are for debugging here, not for the clerk's download.
x86_64-w64-mingw32-strip "$STAGE/thidua-app.exe" "$STAGE/thidua.exe"
cp assets/icons/icon.ico "$STAGE/thidua.ico"
cp "$GUIDE" "$STAGE/"
# A short note in Vietnamese, with Windows line ends for Notepad.
sed 's/$/\r/' scripts/windows/DOC-TRUOC.txt > "$STAGE/DOC-TRUOC.txt"

makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSTAGE="$STAGE" -DOUTFILE="$OUT/ThiDua-$VERSION-cai-dat.exe" scripts/windows/installer.nsi

# The portable zip: the same files in one folder, for laptops where installing is not allowed.
(cd "$STAGE" && python3 - "$OUT/ThiDua-$VERSION-portable-windows.zip" <<'PY'
import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(".")):
        z.write(name, "ThiDua/" + name)
PY
)
ls -la "$OUT"/*.exe "$OUT"/*.zip
