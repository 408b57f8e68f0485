#!/usr/bin/env bash
# Benchmarks of Thi đua against what a clerk would otherwise use, with hyperfine.
# Full run:   bash bench/run.sh          (figures go in BENCHMARKS.md)
# CI smoke:   bash bench/run.sh --quick  (one run each, proves the commands work)
# One part:   ONLY=bundles bash bench/run.sh
# Needs: hyperfine, LibreOffice (libreoffice-calc-nogui) for the comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=10
[[ "${1:-}" == "--quick" ]] && RUNS=1

cargo build --release -q -p thidua-cli
BIN="$PWD/target/release/thidua"
XLS="$PWD/../shared/data/units/gso-danh-muc-hanh-chinh-2021-11-06.xls"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
OUT="$PWD/target/bench"
mkdir -p "$OUT"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"

if [[ "${ONLY:-}" != "bundles" ]]; then
# 1. Loading the statistics office's 2021 list (63 provinces, 705 districts, 10,599 communes)
#    into a new store, against opening the same file in LibreOffice and saving it as CSV.
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$OUT/catalogue-import.md" \
  --prepare "rm -rf '$WORK/d'" \
  -n "thidua units import (xls → SQLite, 11,367 units with diff and audit)" "'$BIN' --data-dir '$WORK/d' units import '$XLS'" \
  -n "LibreOffice: open the xls and save as CSV" "cd '$WORK' && soffice --headless --convert-to csv '$XLS' >/dev/null"

# 2. Finding a unit in the whole catalogue, diacritics folded, sorted by the vi collator.
"$BIN" --data-dir "$WORK/d" units import "$XLS" >/dev/null
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$OUT/catalogue-search.md" \
  -n "thidua units list --search 'thanh hoa' (11,367 units)" "'$BIN' --data-dir '$WORK/d' units list --search 'thanh hoa'" \
  -n "thidua units list (all 11,367 in Vietnamese order)" "'$BIN' --data-dir '$WORK/d' units list" \
  -n "thidua status (integrity check and digest of every row)" "'$BIN' --data-dir '$WORK/d' status"

# 3. A ward with 50,000 initiatives and 10,000 activities: the register list (first page, as
#    the app asks for it, with search and period), the yearly report, against LibreOffice
#    opening the same register as a spreadsheet (the clerk's tool today).
N=50000
[[ "${1:-}" == "--quick" ]] && N=500
cargo build --release -q -p thidua-api --example fill_registers
rm -rf "$WORK/r"
"$PWD/target/release/examples/fill_registers" "$WORK/r" "$N" | tee "$OUT/fill.txt"
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
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$OUT/registers.md" \
  -n "thidua record list initiative --search 'so hoa nuoc' --period 2026-H1 ($N records)" "'$BIN' --data-dir '$WORK/r' record list initiative --search 'so hoa nuoc' --period 2026-H1" \
  -n "thidua report show --period 2026 (20 indicators over $N + $((N / 5)) records)" "'$BIN' --data-dir '$WORK/r' --json report show --period 2026" \
  -n "LibreOffice: open the $N-row register (CSV) and save as xlsx" "cd '$WORK' && soffice --headless --infilter=CSV:44,34,76,1 --convert-to xlsx so-sang-kien.csv >/dev/null"

# 4. Printing the seed plan (4 pages) as a Decree 30 PDF, against LibreOffice converting the
#    same text to PDF (what a clerk does today, from Word).
SEED="$PWD/../shared/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt"
rm -rf "$WORK/p" && "$BIN" --data-dir "$WORK/p" init --sample >/dev/null
PLAN=$("$BIN" --data-dir "$WORK/p" plan import "$SEED")
cp "$SEED" "$WORK/ke-hoach.txt"
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$OUT/documents.md" \
  -n "thidua plan pdf (seed plan, 4 pages, Liberation Serif embedded)" "'$BIN' --data-dir '$WORK/p' plan pdf $PLAN -o '$WORK/ke-hoach.pdf'" \
  -n "LibreOffice: convert the same text to PDF" "cd '$WORK' && soffice --headless --convert-to pdf ke-hoach.txt >/dev/null"

fi

# 5. Bundles: the whole demo cycle (province + wards, enrolment, indicator set down, reports up,
#    all imported), then the upper level importing one corrected report from every ward into a
#    fresh copy of itself, and the same files again (all duplicates).
W=166
[[ "${1:-}" == "--quick" ]] && W=3
hyperfine --runs "$(( RUNS < 3 ? RUNS : 3 ))" --export-markdown "$OUT/bundles-demo.md" \
  --prepare "rm -rf '$WORK/demo'" \
  -n "thidua demo --wards $W (the whole cycle: $((W + 1)) installations, $((2 * W)) bundles)" "'$BIN' demo --out '$WORK/demo' --wards $W"
rm -rf "$WORK/demo" "$WORK/rev2" && "$BIN" demo --out "$WORK/demo" --wards "$W" >/dev/null && mkdir -p "$WORK/rev2"
for ward in "$WORK"/demo/wards/*; do
  "$BIN" --data-dir "$ward" report revise --period 2022-H1 >/dev/null
  "$BIN" --data-dir "$ward" bundle export --period 2022-H1 -o "$WORK/rev2/$(basename "$ward").thidua" >/dev/null
done
"$BIN" --data-dir "$WORK/demo/city" backup -o "$WORK/city-before.sqlite3" >/dev/null
cp "$WORK/demo/city/signing.key" "$WORK/city-signing.key"
FRESH_CITY="rm -rf '$WORK/c' && mkdir -p '$WORK/c' && cp '$WORK/city-before.sqlite3' '$WORK/c/thidua.sqlite3' && cp '$WORK/city-signing.key' '$WORK/c/signing.key'"
eval "$FRESH_CITY" && "$BIN" --data-dir "$WORK/c" bundle import "$WORK"/rev2/*.thidua >/dev/null
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$OUT/bundles-import.md" --prepare "$FRESH_CITY" --prepare true \
  -n "thidua bundle import: $W report bundles into the upper level" "'$BIN' --data-dir '$WORK/c' bundle import '$WORK'/rev2/*.thidua" \
  -n "thidua bundle import: the same $W again (all duplicates)" "'$BIN' --data-dir '$WORK/c' bundle import '$WORK'/rev2/*.thidua"
du -sh "$WORK/rev2" | tee "$OUT/bundles-size.txt"

cat "$OUT"/bundles-demo.md "$OUT"/bundles-import.md
[[ "${ONLY:-}" == "bundles" ]] && exit 0
cat "$OUT"/catalogue-import.md "$OUT"/catalogue-search.md "$OUT"/registers.md "$OUT"/documents.md
