#!/usr/bin/env bash
# Runs every check and test of Thi đua, as CI does: formatting, lints, the UI's tests, every
# crate's tests (core crates, the CLI, the shell's binding checks) and the end-to-end tests
# through the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

# Each step says when it starts (minutes:seconds since the start), so a CI log shows where the
# time goes.
say() { printf '\n==> [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

say "the repository stands alone: no path reaches outside it"
bash scripts/check-standalone.sh

bash scripts/install-deps.sh

say "UI: lint (ESLint: TypeScript, rules of hooks), type check, build, tests"
(cd ui && npm run lint && npm run build && npm test)

say "cargo fmt --check"
cargo fmt --all --check

say "cargo clippy (all crates and targets, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# One package selection for the build and the tests, so cargo resolves features once and
# builds every dependency once (a narrower -p selection would rebuild some of them).
say "build every crate, the app and all tests"
cargo build --workspace --all-targets

say "cargo test: every crate, the CLI, the shell's binding checks and the end-to-end tests (real window, WebDriver, Xvfb)"
LOG="$(mktemp)"
# The screenshots the user guide is made of are taken afresh by this run.
rm -rf target/e2e-screenshots
timeout 1800 xvfb-run -a -s "-screen 0 1280x900x24" cargo test --workspace 2>&1 | tee "$LOG"

say "the user guide (Hướng dẫn sử dụng) from the screenshots the end-to-end tests just took"
mkdir -p target/guide
target/debug/thidua guide --screens target/e2e-screenshots -o target/guide/huong-dan-su-dung.pdf

say "Linux package: the .deb (debug build) with its menu entry, the .thidua file type and the user guide"
bash scripts/build-deb.sh --debug

say "Windows: cross-compiled, the core crates' tests and a CLI scenario under Wine"
bash scripts/windows/test.sh

say "benchmarks, as a quick smoke (tiny sizes, one run each; the figures come from bench/run.sh)"
xvfb-run -a -s "-screen 0 1366x768x24" bash bench/run.sh --quick

# One closing line over every test binary (cargo prints one per binary, the last of which is
# often an empty doc-test run).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i + 1) ~ /^passed/) p += $i; if ($(i + 1) ~ /^failed/) f += $i } }
     END { printf "\nall tests: %d passed, %d failed\n", p, f }' "$LOG"
rm -f "$LOG"
say "done"
