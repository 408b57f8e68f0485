#!/usr/bin/env bash
# Benchmarks of Thi đua against what a clerk would otherwise use, in the same run.
# Full run:   bash bench/run.sh          (figures go in BENCHMARKS.md; about an hour, most of it
#                                          generating 3,321 wards)
# CI smoke:   bash bench/run.sh --quick  (tiny sizes, one run each, the debug build: proves every
#                                          command and comparison still works)
# One part:   ONLY=units|registers|plan|bundles|indicators|yearend|app bash bench/run.sh (bundles
#             includes the backup, USB copy and restore of the upper level's database and the
#             document linter over its consolidated report)
# Sizes:      SIZES="166 3321" (wards for the bundle part), YEAR_WARDS=166 (the year's end; 3321 is the target, see BENCHMARKS.md),
#             N=50000 (records in the registers for the registers and app parts; N=500 is a ward's usual few hundred)
# Needs: hyperfine, LibreOffice (libreoffice-calc-nogui, -writer-nogui), python3 with xlrd and
# openpyxl, and for the app part Xvfb, tauri-driver and WebKitWebDriver (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
RUNS=10
PROFILE=release
SIZES="${SIZES:-166 3321}"
N="${N:-50000}"
YEAR_WARDS="${YEAR_WARDS:-166}"
SET_WARDS=166
SET_SIZE=60
if ((QUICK)); then RUNS=1; PROFILE=debug; SIZES=3; N=500; YEAR_WARDS=3; SET_WARDS=3; fi
want() { [[ -z "${ONLY:-}" || "${ONLY:-}" == "$1" ]]; }

if [[ $PROFILE == release ]]; then
  cargo build --release -q -p thidua-cli
  cargo build --release -q -p thidua-api --example fill_registers --example import_floor
else
  # The same selection as the tests' build, so nothing is rebuilt with other features.
  cargo build -q --workspace --all-targets
fi
BIN="$ROOT/target/$PROFILE/thidua"
EXAMPLES="$ROOT/target/$PROFILE/examples"
XLS="$ROOT/tests/data/units/gso-danh-muc-hanh-chinh-2021-11-06.xls"
SEED="$ROOT/tests/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
# LibreOffice with a profile of its own, made fresh for this run.
SOFFICE="soffice -env:UserInstallation=file://$WORK/lo-profile"
hf() { hyperfine --style basic --runs "$RUNS" "$@"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(date -u +%F); profile $PROFILE"

if want units; then
  # The statistics office's 2021 list (63 provinces, 705 districts, 10,599 communes): this
  # program's import into a new store (parse, diff, insert with audit) against Python reading
  # the same file into memory, xlrd for the .xls and openpyxl for the same list as .xlsx.
  $SOFFICE --headless --convert-to xlsx --outdir "$WORK" "$XLS" >/dev/null 2>&1
  XLSX="$WORK/$(basename "${XLS%.xls}").xlsx"
  hf --warmup 1 --export-markdown "$OUT/units.md" --prepare "rm -rf '$WORK/d'" \
    -n "thidua units import (.xls → SQLite: 11,367 units, diff and audit)" "'$BIN' --data-dir '$WORK/d' units import '$XLS'" \
    -n "thidua units import (.xlsx → SQLite)" "'$BIN' --data-dir '$WORK/d' units import '$XLSX'" \
    -n "python3 xlrd: read every cell of the .xls" "python3 -c \"import xlrd,sys; s=xlrd.open_workbook(sys.argv[1]).sheet_by_index(0); [s.row_values(i) for i in range(s.nrows)]\" '$XLS'" \
    -n "python3 openpyxl: read every cell of the .xlsx" "python3 -c \"import openpyxl,sys; [r for r in openpyxl.load_workbook(sys.argv[1], read_only=True).active.iter_rows(values_only=True)]\" '$XLSX'"
fi

if want registers; then
  # A ward with N initiatives and N/5 activities: the register list as the app asks for it
  # (search and period), the yearly report, against LibreOffice opening the same register.
  rm -rf "$WORK/r"
  "$EXAMPLES/fill_registers" "$WORK/r" "$N" | tee "$OUT/fill.txt"
  "$BIN" --data-dir "$WORK/r" --json record list initiative >"$WORK/initiatives.json"
  python3 - "$WORK/initiatives.json" "$WORK/so-sang-kien.csv" <<'PY'
import csv, json, sys
rows = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["Tên sáng kiến", "Tác giả", "Ngày đăng ký", "Tình trạng", "Lợi ích ước tính"])
    for r in rows:
        x = r["fields"]
        w.writerow([x["title"], x["authors"], x["registered_on"], x["status"], x["estimated_benefit"]])
PY
  hf --warmup 1 --export-markdown "$OUT/registers.md" \
    -n "thidua record list initiative --search 'so hoa nuoc' --period 2026-H1 ($N records)" "'$BIN' --data-dir '$WORK/r' record list initiative --search 'so hoa nuoc' --period 2026-H1" \
    -n "thidua report show --period 2026 (20 indicators over $N + $((N / 5)) records)" "'$BIN' --data-dir '$WORK/r' --json report show --period 2026" \
    -n "LibreOffice: open the $N-row register (CSV) and save as xlsx" "cd '$WORK' && $SOFFICE --headless --infilter=CSV:44,34,76,1 --convert-to xlsx so-sang-kien.csv >/dev/null"
fi

if want plan; then
  # The seed plan (4 pages) as a Decree 30 PDF, against LibreOffice converting the same plan
  # as a Word document and as an OpenDocument text to PDF: a clerk's "save as PDF".
  rm -rf "$WORK/p" && "$BIN" --data-dir "$WORK/p" init --sample >/dev/null
  PLAN=$("$BIN" --data-dir "$WORK/p" plan import "$SEED")
  cp "$SEED" "$WORK/ke-hoach.txt"
  (cd "$WORK" && $SOFFICE --headless --convert-to docx:"MS Word 2007 XML" ke-hoach.txt >/dev/null 2>&1 && $SOFFICE --headless --convert-to odt ke-hoach.txt >/dev/null 2>&1)
  hf --warmup 1 --export-markdown "$OUT/plan.md" \
    -n "thidua plan pdf (seed plan, 4 pages, fonts subset and embedded)" "'$BIN' --data-dir '$WORK/p' plan pdf $PLAN -o '$WORK/ke-hoach.pdf'" \
    -n "LibreOffice: convert the plan (.docx) to PDF" "cd '$WORK' && $SOFFICE --headless --convert-to pdf ke-hoach.docx >/dev/null" \
    -n "LibreOffice: convert the plan (.odt) to PDF" "cd '$WORK' && $SOFFICE --headless --convert-to pdf ke-hoach.odt >/dev/null"
fi

if want bundles; then
  # N wards' signed half-year report bundles into a fresh upper installation, then the same
  # files again (all duplicates); the floor (the same number of signature checks and the same
  # rows inserted in one transaction, nothing else); peak memory; the consolidated PDF and
  # Excel. Past 166, every commune of the country reports to the one upper level.
  for W in $SIZES; do
    D="$WORK/demo-$W"
    /usr/bin/time -f "%e s" -o "$OUT/generate-$W.txt" "$BIN" demo --out "$D" --wards "$W" --bundles-only --no-import >/dev/null
    echo "generated $W wards and their bundles in $(cat "$OUT/generate-$W.txt")"
    "$BIN" --data-dir "$D/city" backup -o "$WORK/before-$W.sqlite3" >/dev/null
    cp "$D/city/signing.key" "$WORK/signing-$W.key"
    FRESH="rm -rf '$WORK/c' && mkdir -p '$WORK/c' && cp '$WORK/before-$W.sqlite3' '$WORK/c/thidua.sqlite3' && cp '$WORK/signing-$W.key' '$WORK/c/signing.key'"
    ls "$D"/bundles/*-bao-cao-*.thidua >"$WORK/list-$W"
    du -ch $(cat "$WORK/list-$W") | tail -1 | tee "$OUT/bundles-size-$W.txt"
    hf --export-markdown "$OUT/bundles-$W.md" --prepare "$FRESH" --prepare true \
      -n "thidua bundle import: $W report bundles into the upper level" "xargs -s 2000000 -a '$WORK/list-$W' '$BIN' --data-dir '$WORK/c' bundle import >/dev/null" \
      -n "thidua bundle import: the same $W again (all duplicates)" "xargs -s 2000000 -a '$WORK/list-$W' '$BIN' --data-dir '$WORK/c' bundle import >/dev/null"
    eval "$FRESH"
    /usr/bin/time -f "peak memory of importing $W bundles: %M KB" -o "$OUT/memory-$W.txt" \
      xargs -s 2000000 -a "$WORK/list-$W" "$BIN" --data-dir "$WORK/c" bundle import >/dev/null
    cat "$OUT/memory-$W.txt"
    for i in 1 2 3; do "$EXAMPLES/import_floor" "$WORK/before-$W.sqlite3" "$WORK/c/thidua.sqlite3" "$W"; done | tee "$OUT/floor-$W.txt"
    hf --warmup 1 --export-markdown "$OUT/consolidate-$W.md" \
      -n "thidua consolidate --pdf ($W units)" "'$BIN' --data-dir '$WORK/c' consolidate --period 2022-H1 --pdf '$WORK/th.pdf' >/dev/null" \
      -n "thidua consolidate --xlsx ($W units)" "'$BIN' --data-dir '$WORK/c' consolidate --period 2022-H1 --xlsx '$WORK/th.xlsx' >/dev/null" \
      -n "thidua consolidate --registers-xlsx ($W units' registers)" "'$BIN' --data-dir '$WORK/c' consolidate --period 2022-H1 --registers-xlsx '$WORK/so.xlsx' >/dev/null"
    # The document linter (tests/lint: poppler's text and positions, every rule a signer
    # would send back) over a province's consolidated report just printed. Past a province its
    # proper-name rule meets the country's communes (a "Xã Đoàn Kết" in the movement's name).
    if ((W <= 166)); then
      THIDUA_BENCH_DATA="$WORK/c" THIDUA_BENCH_PDF="$WORK/th.pdf" \
        cargo test -q --workspace -- --ignored --nocapture bench_the_linter 2>&1 | grep -E "^BENCH lint" | tee "$OUT/lint-$W.txt"
    fi
    # Keeping it safe, on the largest database: a backup, the copy for a USB stick and its
    # restore (checked, upgraded on a copy, the data as it was backed up first), against copying
    # or zipping the database file by hand.
    du -h "$WORK/c/thidua.sqlite3" | cut -f1 | tee "$OUT/database-size-$W.txt"
    hf --warmup 1 --export-markdown "$OUT/safekeeping-$W.md" \
      -n "thidua backup -o FILE (the upper level after $W reports)" "'$BIN' --data-dir '$WORK/c' backup -o '$WORK/b.sqlite3'" \
      -n "thidua copy-all (zip with a SHA-256 per file, synced)" "'$BIN' --data-dir '$WORK/c' copy-all '$WORK/copy.thidua-bansao' | sed -n 's/^Mã bản sao: //p' >'$WORK/copy-code.txt'" \
      -n "thidua restore (that copy: checked, staged, previous data backed up)" "'$BIN' --data-dir '$WORK/c' restore '$WORK/copy.thidua-bansao' --code \"\$(cat '$WORK/copy-code.txt')\" >/dev/null" \
      -n "by hand: cp the database file" "cp '$WORK/c/thidua.sqlite3' '$WORK/by-hand.sqlite3'" \
      -n "by hand: zip the database file" "rm -f '$WORK/by-hand.zip' && zip -qj '$WORK/by-hand.zip' '$WORK/c/thidua.sqlite3'"
    rm -rf "$D"
  done
fi

if want indicators; then
  # A province whose set has 60 indicators (40 entered by hand beside the program's own), every
  # ward reporting each: the consolidation, its PDF and its workbook.
  S="$WORK/set-$SET_WARDS"
  "$BIN" demo --out "$S" --wards "$SET_WARDS" --indicators "$SET_SIZE" --bundles-only >/dev/null
  hf --warmup 1 --export-markdown "$OUT/indicators-$SET_SIZE.md" \
    -n "thidua consolidate ($SET_WARDS units, $SET_SIZE indicators)" "'$BIN' --data-dir '$S/city' --json consolidate --period 2022-H1 >/dev/null" \
    -n "thidua consolidate --pdf ($SET_WARDS units, $SET_SIZE indicators)" "'$BIN' --data-dir '$S/city' consolidate --period 2022-H1 --pdf '$WORK/s.pdf' >/dev/null" \
    -n "thidua consolidate --xlsx ($SET_WARDS units, $SET_SIZE indicators)" "'$BIN' --data-dir '$S/city' consolidate --period 2022-H1 --xlsx '$WORK/s.xlsx' >/dev/null"
  rm -rf "$S"
fi

if want yearend; then
  # The year's end of a province: every ward's yearly report and own score imported, 34
  # clusters, the upper level's scores; scoring and ranking all units, the ranking workbook and
  # the notice (Decree 30 PDF), against LibreOffice printing that workbook to PDF (what a clerk
  # who ranked in Excel would do last).
  Y="$WORK/year-$YEAR_WARDS"
  /usr/bin/time -f "%e s" -o "$OUT/generate-year-$YEAR_WARDS.txt" "$BIN" demo --out "$Y" --wards "$YEAR_WARDS" --period 2022 --bundles-only >/dev/null
  echo "generated the year's end of $YEAR_WARDS wards in $(cat "$OUT/generate-year-$YEAR_WARDS.txt")"
  cp "$Y/xep-hang-2022.xlsx" "$WORK/xep-hang.xlsx"
  hf --warmup 1 --export-markdown "$OUT/yearend-$YEAR_WARDS.md" \
    -n "thidua rank ($YEAR_WARDS wards scored and ranked, with clusters)" "'$BIN' --data-dir '$Y/city' --json rank --period 2022 >/dev/null" \
    -n "thidua rank --xlsx (the ranking workbook)" "'$BIN' --data-dir '$Y/city' rank --period 2022 --xlsx '$WORK/r.xlsx' >/dev/null" \
    -n "thidua rank --pdf (the notice with its appendix)" "'$BIN' --data-dir '$Y/city' rank --period 2022 --pdf '$WORK/r.pdf' >/dev/null" \
    -n "LibreOffice: print the ranking workbook to PDF" "cd '$WORK' && $SOFFICE --headless --convert-to pdf xep-hang.xlsx >/dev/null"
  rm -rf "$Y"
fi

if want app; then
  # The app's cold start to its first usable screen and filtering a register of N records,
  # through WebDriver (tests/e2e, the ignored benchmark scenario), on the release build.
  # THIDUA_SMAPS_DUMP=1 adds each process's largest mappings (where the memory is). The
  # test binaries are the workspace's (as scripts/test-all.sh builds them), not rebuilt for one
  # package's feature set.
  if [[ $PROFILE == release ]]; then
    (cd ui && npm run build >/dev/null) && cargo build --release -q -p thidua-app
  fi
  rm -rf "$WORK/app" && "$EXAMPLES/fill_registers" "$WORK/app" "$N" >/dev/null
  THIDUA_APP_BINARY="$ROOT/target/$PROFILE/thidua-app" THIDUA_BENCH_DATA="$WORK/app" \
    xvfb-run -a -s "-screen 0 1366x768x24" cargo test -q --workspace -- --ignored --nocapture bench_cold_start 2>&1 | grep -E "cold start|app memory|PSS by process|largest mappings|passed" | grep -v " 0 passed" | tee "$OUT/app.txt"
  # The window during long work: the longest gap between animation frames while 166 report
  # bundles are imported and while the 166-unit consolidated report is written (the
  # end-to-end scenario that also proves a click is handled meanwhile).
  THIDUA_APP_BINARY="$ROOT/target/$PROFILE/thidua-app" \
    xvfb-run -a -s "-screen 0 1366x768x24" cargo test -q --workspace -- --nocapture the_window_answers 2>&1 | grep -E "^BENCH e2e" | tee "$OUT/app-responsive.txt"
fi

echo
for f in "$OUT"/*.md; do cat "$f"; echo; done
