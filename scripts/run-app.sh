#!/usr/bin/env bash
# Sets up what is needed and starts the Thi đua desktop app. A first launch with no data
# offers setup or a sample ward. Data lives in the platform's app-data folder, or in
# $THIDUA_DATA_DIR when set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
(cd ui && npm run build)
exec cargo run --release -p thidua-app
