#!/usr/bin/env bash
# The Windows build and its tests, from Linux: the CLI and the app cross-compiled for
# x86_64-pc-windows-gnu with Debian's mingw-w64, the core crates' tests run as Windows
# executables under Wine, and a CLI scenario (the demo cycle, a plan PDF, a bundle export and
# import, an Excel export) run by thidua.exe under Wine. A failure fails like any other test.
# Needs: rustup's x86_64-pc-windows-gnu target, gcc-mingw-w64-x86-64 and wine64
# (scripts/install-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$ROOT/scripts/windows/wine-run.sh"
export WINEPREFIX="$ROOT/target/wine-prefix"
say() { printf '\n==> %s\n' "$*"; }

say "Windows: the core crates' tests as .exe under Wine"
# Every test of the crates that need nothing but themselves; the document crate's own unit
# tests (its PDF tests read the result back with poppler, a Linux program).
cargo test --no-fail-fast --target $TARGET -p thidua-text -p thidua-model -p thidua-private-file -p thidua-store -p thidua-catalogue -p thidua-plan -p thidua-bundle -p thidua-excel 2>&1 | tee "$ROOT/target/windows-tests.log"
cargo test --target $TARGET -p thidua-document --lib 2>&1 | tee -a "$ROOT/target/windows-tests.log"

say "Windows: thidua.exe and thidua-app.exe"
cargo build --target $TARGET -p thidua-cli -p thidua-app
EXE="$ROOT/target/$TARGET/debug/thidua.exe"
ls -la "$EXE" "$ROOT/target/$TARGET/debug/thidua-app.exe"

say "Windows: a CLI scenario under Wine"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
run() { "$ROOT/scripts/windows/wine-run.sh" "$EXE" "$@"; }
# Vietnamese in the folder name: paths must survive the trip through Windows' UTF-16 APIs.
DEMO="$WORK/thử nghiệm"
run demo --out "$DEMO" --wards 3 | tee "$WORK/demo.txt"
grep -q "Cấp trên đã nhập 3 báo cáo 2022-H1, từ chối 0." "$WORK/demo.txt"
WARD="$(ls -d "$DEMO"/wards/* | head -1)"
PLAN=$(run --data-dir "$WARD" plan import "$ROOT/tests/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt" | tr -d '\r')
run --data-dir "$WARD" plan pdf "$PLAN" -o "$WORK/kế hoạch.pdf"
pdfinfo "$WORK/kế hoạch.pdf" | grep -q "Pages: *4"
run --data-dir "$WARD" report revise --period 2022-H1 >/dev/null
run --data-dir "$WARD" bundle export --period 2022-H1 -o "$WORK/báo cáo lần 2.thidua"
run --data-dir "$DEMO/city" bundle import "$WORK/báo cáo lần 2.thidua" | tee "$WORK/import.txt"
grep -q "lần 2" "$WORK/import.txt"
run --data-dir "$DEMO/city" excel export --period 2022-H1 -o "$WORK/tổng hợp.xlsx"
python3 - "$WORK/tổng hợp.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
rows = [r for r in ws.iter_rows(values_only=True)]
assert any(r and r[2] and str(r[2]).startswith("Tổng cộng (3 đơn vị đã báo cáo)") for r in rows), rows[:8]
print("Windows Excel export read back by openpyxl:", len(rows), "rows")
PY
run --data-dir "$DEMO/city" status | tee "$WORK/status.txt"
grep -q "Kiểm tra toàn vẹn: ok" "$WORK/status.txt"
# The import above took a backup first; the ward moves to a new laptop through a USB copy.
run --data-dir "$DEMO/city" backups | tee "$WORK/backups.txt"
grep -q "Trước khi nhập dữ liệu" "$WORK/backups.txt"
mkdir -p "$WORK/USB của Lan"
run --data-dir "$WARD" copy-all "$WORK/USB của Lan" | tee "$WORK/copy.txt"
COPY="$(ls "$WORK/USB của Lan"/*.thidua-bansao)"
run --data-dir "$WORK/máy mới" restore "$COPY" | tee "$WORK/restore.txt"
grep -q "khóa ký mới" "$WORK/restore.txt"
run --data-dir "$WORK/máy mới" identity export -o "$WORK/định danh.json" >/dev/null
# The new private key, made by thidua.exe: Windows' owner-only access list shows through Wine
# as Unix permissions with nothing for others.
[[ "$(stat -c %a "$WORK/máy mới/signing.key")" == *0 ]]

say "Windows: the installer and the portable zip, built and installed under Wine"
bash scripts/windows/package.sh debug
bash scripts/windows/test-installer.sh

# The same closing line as scripts/test-all.sh, over the Windows test binaries.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i + 1) ~ /^passed/) p += $i; if ($(i + 1) ~ /^failed/) f += $i } }
     END { printf "\nWindows tests under Wine: %d passed, %d failed; CLI scenario and installer passed\n", p, f }' "$ROOT/target/windows-tests.log"
