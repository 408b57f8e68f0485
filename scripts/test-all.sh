#!/usr/bin/env bash
# Runs every check and test of Thi đua, as CI does: formatting, lints, the UI's tests, every
# crate's tests (core crates, the CLI, the shell's binding checks) and the end-to-end tests
# through the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

say() { printf '\n==> %s\n' "$*"; }

bash scripts/install-deps.sh

say "UI: type check, build, tests"
(cd ui && npm run build && npm test)

say "cargo fmt --check"
cargo fmt --all --check

say "cargo clippy (all crates and targets, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

say "cargo test (all crates but the end-to-end tests)"
cargo test --workspace --exclude thidua-e2e

say "build the app for the end-to-end tests"
cargo build -p thidua-app

say "end-to-end tests (real window, WebDriver, Xvfb)"
timeout 900 xvfb-run -a -s "-screen 0 1280x900x24" cargo test -p thidua-e2e
