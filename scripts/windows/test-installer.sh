#!/usr/bin/env bash
# The Windows installer under Wine, as a clerk would use it: installed silently (per user, no
# administrator), the program, its Start-menu entry and the .thidua file type in place; the
# installed thidua.exe runs and keeps its data in %APPDATA%; uninstalling removes the program
# and keeps the data; uninstalling with /XOADULIEU removes the data too. Then the portable zip
# runs from wherever it is unpacked. Needs scripts/windows/package.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
export WINEDEBUG=-all
export WINEPREFIX="$ROOT/target/wine-prefix-installer"
WINE=/usr/lib/wine/wine64
[[ -x $WINE ]] || WINE="$(command -v wine64 || command -v wine)"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
SETUP="$ROOT/target/windows-package/ThiDua-$VERSION-cai-dat.exe"
PORTABLE="$ROOT/target/windows-package/ThiDua-$VERSION-portable-windows.zip"
fail() { echo "installer test: $*" >&2; exit 1; }

# A fresh Windows for each run, with the ProcessPrng stand-in where Windows has the real one.
rm -rf "$WINEPREFIX"
"$WINE" wineboot --init >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" scripts/windows/bcryptprimitives.c -ladvapi32
USERDIR="$(ls -d "$WINEPREFIX"/drive_c/users/* | grep -v /Public | head -1)"
PROGRAM="$USERDIR/AppData/Local/Programs/Thi dua"
DATA="$USERDIR/AppData/Roaming/vn.mttq.thidua"
SHORTCUT="$USERDIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Thi đua.lnk"
GUIDE_SHORTCUT="$USERDIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Hướng dẫn sử dụng Thi đua.lnk"
GUIDE="$ROOT/target/guide/huong-dan-su-dung.pdf"
reg_value() { "$WINE" reg query "$1" 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_SZ *//p'; }
wait_gone() { for _ in $(seq 1 120); do [[ -e $1 ]] || return 0; sleep 0.5; done; fail "$1 still there"; }

echo "install (silent, per user)"
"$WINE" "$SETUP" /S
for f in thidua-app.exe thidua.exe WebView2Loader.dll go-cai-dat.exe; do
  [[ -f "$PROGRAM/$f" ]] || fail "$f not installed"
done
[[ -f $SHORTCUT ]] || fail "no Start-menu entry"
cmp -s "$GUIDE" "$PROGRAM/huong-dan-su-dung.pdf" || fail "the user guide is not installed beside the program"
[[ -f $GUIDE_SHORTCUT ]] || fail "no Start-menu entry for the user guide"
[[ "$(reg_value 'HKCU\Software\Classes\.thidua')" == ThiDua.GoiBaoCao ]] || fail ".thidua not registered"
reg_value 'HKCU\Software\Classes\ThiDua.GoiBaoCao\shell\open\command' | grep -q 'thidua-app.exe" "%1"' || fail "no open command"
reg_value 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\ThiDua' >/dev/null
[[ "$(reg_value 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\ThiDua' | head -1)" != "" ]] || true
"$WINE" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\ThiDua' | grep -q "DisplayVersion.*$VERSION" || fail "not in Apps & features"

echo "the installed program keeps its data in %APPDATA%"
"$WINE" "$PROGRAM/thidua.exe" init --sample | tr -d '\r' | grep -q "Đã nạp dữ liệu mẫu" || fail "installed thidua.exe did not run"
"$WINE" "$PROGRAM/thidua.exe" backup | tr -d '\r' | grep -q "sao-luu" || fail "no backup"
[[ -f "$DATA/thidua.sqlite3" ]] || fail "no data in %APPDATA%\\vn.mttq.thidua"
# The installed program finds its guide beside it (as the app's «? Hướng dẫn» does).
"$WINE" "$PROGRAM/thidua.exe" guide -o 'C:\users\Public\huong-dan.pdf' | tr -d '\r' | grep -q "6. Gửi báo cáo lên cấp trên — trang" || fail "thidua.exe guide did not copy the installed guide"
cmp -s "$GUIDE" "$WINEPREFIX/drive_c/users/Public/huong-dan.pdf" || fail "thidua.exe guide wrote another file"

echo "uninstall keeps the data"
"$WINE" "$PROGRAM/go-cai-dat.exe" /S
wait_gone "$PROGRAM/thidua-app.exe"
wait_gone "$SHORTCUT"
wait_gone "$GUIDE_SHORTCUT"
[[ -e "$PROGRAM/huong-dan-su-dung.pdf" ]] && fail "uninstalling left the guide"
"$WINE" reg query 'HKCU\Software\Classes\ThiDua.GoiBaoCao' >/dev/null 2>&1 && fail "file type left registered"
[[ -f "$DATA/thidua.sqlite3" ]] || fail "uninstalling removed the data"
ls "$DATA/sao-luu" | grep -q thidua-backup || fail "uninstalling removed the backups"

echo "reinstall finds the data; uninstall /XOADULIEU removes it"
"$WINE" "$SETUP" /S
"$WINE" "$PROGRAM/thidua.exe" status | tr -d '\r' | grep -q "Phường Hạc Thành" || fail "reinstalled program lost the data"
"$WINE" "$PROGRAM/go-cai-dat.exe" /S /XOADULIEU
wait_gone "$PROGRAM/thidua.exe"
wait_gone "$DATA"

echo "the portable zip runs where it is unpacked"
UNPACKED="$WINEPREFIX/drive_c/users/Public/Chương trình"
mkdir -p "$UNPACKED"
python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$PORTABLE" "$UNPACKED"
[[ -f "$UNPACKED/ThiDua/thidua-app.exe" && -f "$UNPACKED/ThiDua/WebView2Loader.dll" && -f "$UNPACKED/ThiDua/huong-dan-su-dung.pdf" ]] || fail "portable zip incomplete"
"$WINE" "$UNPACKED/ThiDua/thidua.exe" --version | tr -d '\r' | grep -q "$VERSION" || fail "portable thidua.exe did not run"

echo "Windows installer under Wine: install, Start menu, .thidua type, the user guide, uninstall keeping data, /XOADULIEU, portable zip: passed"
