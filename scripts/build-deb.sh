#!/usr/bin/env bash
# The Debian package of the app, built with Tauri's bundler, then opened and checked: the
# program, the menu entry "Thi đua", the .thidua file type (a double-clicked bundle opens
# the app's import screen) and the user guide (/usr/share/thidua/huong-dan-su-dung.pdf, which
# the app's «? Hướng dẫn» opens). The guide is made from the end-to-end tests' screenshots, so
# the tests run first (scripts/test-all.sh does both, in that order).
#
#   bash scripts/build-deb.sh            # release build
#   bash scripts/build-deb.sh --debug    # quick (scripts/test-all.sh uses this)
#
# Writes target/<profile>/bundle/deb/thidua_<version>_amd64.deb.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=release
[[ ${1:-} == --debug ]] && PROFILE=debug
GUIDE=target/guide/huong-dan-su-dung.pdf
if [[ ! -f $GUIDE ]]; then
  echo "build-deb: $GUIDE is missing: run the tests (bash scripts/test-all.sh), which take the screenshots and write the guide" >&2
  exit 1
fi
if [[ $PROFILE == debug && -x target/debug/thidua-app ]]; then
  # CI: pack the app the tests' build already made (`cargo build --workspace --all-targets`);
  # `tauri build -- -p thidua-app` would compile it again with a narrower package selection,
  # so with other features, which cost 8 minutes of a clean run.
  ui/node_modules/.bin/tauri bundle --debug --bundles deb
else
  ui/node_modules/.bin/tauri build ${1:+"$1"} --bundles deb -- -p thidua-app
fi
DEB="$(ls -t target/$PROFILE/bundle/deb/thidua_*_amd64.deb | head -1)"
CHECK="$(mktemp -d)"
trap 'rm -rf "$CHECK"' EXIT
dpkg-deb -x "$DEB" "$CHECK"
fail() { echo "deb check: $*" >&2; exit 1; }
[[ -x $CHECK/usr/bin/thidua-app ]] || fail "no /usr/bin/thidua-app"
DESKTOP="$CHECK/usr/share/applications/thidua.desktop"
grep -qx "Name=Thi đua" "$DESKTOP" || fail "menu entry not named Thi đua"
grep -qx "Exec=thidua-app %F" "$DESKTOP" || fail "menu entry does not pass files"
grep -qx "MimeType=application/x-thidua;" "$DESKTOP" || fail "no .thidua type in the menu entry"
grep -q 'glob pattern="\*.thidua"' "$CHECK/usr/share/mime/packages/thidua.xml" || fail "no mime type for *.thidua"
cmp -s "$GUIDE" "$CHECK/usr/share/thidua/huong-dan-su-dung.pdf" || fail "the user guide is not /usr/share/thidua/huong-dan-su-dung.pdf"
echo "deb: $DEB ($(du -h "$DEB" | cut -f1)): program, menu entry, .thidua type and user guide checked"
