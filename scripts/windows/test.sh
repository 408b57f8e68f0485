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

# One package selection for every Windows build: the core crates (whose tests run here), the
# CLI and the app. Cargo unifies features over the packages it is given, so two narrower
# selections would compile the shared dependencies twice with different features.
SELECTION=(-p thidua-text -p thidua-model -p thidua-private-file -p thidua-store -p thidua-catalogue
  -p thidua-plan -p thidua-bundle -p thidua-excel -p thidua-scoring -p thidua-awards -p thidua-attest -p thidua-document -p thidua-cli -p thidua-app)

# Dependencies unoptimised (opt-level 0) rather than the 2 of everyday builds: this build is
# compiled cold in CI and run only for a few dozen seconds of tests. Measured on the CI machine
# (2 cores, cold): thidua.exe and thidua-app.exe in 5 min 22 s at opt-level 0 against 15 min 02 s
# at opt-level 1. Both cargo commands below use it, so the second reuses what the first compiled.
QUICKER=(--config 'profile.dev.package."*".opt-level=0')
# The crates whose tests run here (they need nothing but themselves), and their integration
# tests by name; the document crate's own unit tests run too (its other tests read PDFs back
# with poppler, a Linux program), and the CLI's and the app's tests are not built at all.
CORE=(thidua-text thidua-model thidua-private-file thidua-store thidua-catalogue thidua-plan thidua-bundle thidua-excel thidua-scoring thidua-awards thidua-attest)
CORE_TESTS=()
for crate in "${CORE[@]}"; do
  for f in crates/"$crate"/tests/*.rs; do
    [[ -f $f ]] && CORE_TESTS+=(--test "$(basename "$f" .rs)")
  done
done

say "Windows: thidua.exe and thidua-app.exe, cross-compiled"
cargo build "${QUICKER[@]}" --target $TARGET "${SELECTION[@]}" --bins
EXE="$ROOT/target/$TARGET/debug/thidua.exe"
ls -la "$EXE" "$ROOT/target/$TARGET/debug/thidua-app.exe"

say "Windows: the core crates' tests as .exe under Wine"
# The same package selection (so every dependency keeps the features it was built with), only
# the test executables that run here; each is run from its crate's folder, as cargo test would.
cargo test "${QUICKER[@]}" --no-run --target $TARGET "${SELECTION[@]}" --lib "${CORE_TESTS[@]}" --message-format=json |
  CORE="${CORE[*]}" python3 -c '
import json, os, sys
core = set(os.environ["CORE"].split())
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") != "compiler-artifact" or not m.get("executable") or not m["profile"]["test"]:
        continue
    t = m["target"]
    # "path+file:///…/crates/thidua-text#0.1.0", or "…#name@0.1.0" when the folder is named otherwise
    location, fragment = m["package_id"].split("#", 1)
    package = fragment.split("@")[0] if "@" in fragment else location.rsplit("/", 1)[-1]
    if package in core or (package == "thidua-document" and t["kind"] == ["lib"]):
        print(os.path.dirname(m["manifest_path"]) + "\t" + m["executable"])
' >"$ROOT/target/windows-test-executables.txt"
[[ -s $ROOT/target/windows-test-executables.txt ]] || { echo "no Windows test executables found" >&2; exit 1; }
: >"$ROOT/target/windows-tests.log"
FAILED=0
while IFS=$'\t' read -r dir exe; do
  echo "     Running $(basename "$exe") (in ${dir#"$ROOT"/})" | tee -a "$ROOT/target/windows-tests.log"
  (cd "$dir" && "$ROOT/scripts/windows/wine-run.sh" "$exe") 2>&1 | tee -a "$ROOT/target/windows-tests.log" || FAILED=1
done <"$ROOT/target/windows-test-executables.txt"
((FAILED == 0)) || { echo "Windows: a core crate's tests failed under Wine" >&2; exit 1; }

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
# The copy code the clerk writes on the stick's label (Wine may end the line with CR).
CODE="$(sed -n 's/^Mã bản sao: //p' "$WORK/copy.txt" | tr -d '\r')"
[[ -n $CODE ]] || { echo "copy-all printed no copy code" >&2; exit 1; }
run --data-dir "$WORK/máy mới" restore "$COPY" --code "$CODE" | tee "$WORK/restore.txt"
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
