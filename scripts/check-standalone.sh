#!/usr/bin/env bash
# Fails when a tracked file reaches outside the repository: a `../shared` folder that only exists
# on the machines the project was first developed on, an include_str!/include_bytes! above the
# root, or a path joined to CARGO_MANIFEST_DIR (or a script's $ROOT) that climbs out of it. A clone
# into an empty folder must build and pass its tests with nothing beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd -P)"
status=0

fail() { printf 'check-standalone: %s\n' "$*" >&2; status=1; }

# 1. The old shared folder, named anywhere but in this script.
while IFS= read -r hit; do
  fail "names a folder outside the repository: $hit"
done < <(git grep -nE '\.\./shared/|shared/(data|docs)/' -- ':!scripts/check-standalone.sh' || true)

# Resolves PATH against DIR and fails when the result is not inside the repository.
inside() {
  local where="$1" dir="$2" path="$3" resolved
  resolved="$(realpath -m "$dir/$path")"
  case "$resolved/" in
    "$ROOT"/*) ;;
    *) fail "$where: '$path' resolves to $resolved, outside the repository" ;;
  esac
}

# The folder of the crate a source file belongs to (the nearest Cargo.toml above it).
crate_dir() {
  local dir
  dir="$(dirname "$ROOT/$1")"
  while [ "$dir" != "$ROOT" ] && [ ! -f "$dir/Cargo.toml" ]; do dir="$(dirname "$dir")"; done
  printf '%s' "$dir"
}

# 2. include_str!/include_bytes!, relative to the file that includes.
while IFS=: read -r file line rest; do
  while IFS= read -r path; do
    inside "$file:$line" "$(dirname "$ROOT/$file")" "$path"
  done < <(grep -oE 'include_(str|bytes)!\("[^"]+"\)' <<<"$rest" | sed -E 's/^include_(str|bytes)!\("(.*)"\)$/\2/')
done < <(git grep -nE 'include_(str|bytes)!\("' -- '*.rs' || true)

# 3. Paths joined to the crate's folder: join("…") or concat!(env!("CARGO_MANIFEST_DIR"), "/…").
while IFS=: read -r file line rest; do
  while IFS= read -r path; do
    inside "$file:$line" "$(crate_dir "$file")" "${path#/}"
  done < <(grep -oE 'CARGO_MANIFEST_DIR"\)(\)\.join\(|, )"[^"]+"' <<<"$rest" | sed -E 's/.*"([^"]+)"$/\1/')
done < <(git grep -nE 'CARGO_MANIFEST_DIR' -- '*.rs' || true)

# 4. Scripts that climb above their $ROOT.
while IFS= read -r hit; do
  fail "a script climbs above the repository: $hit"
done < <(git grep -nE '\$ROOT/\.\.(/|$|")' -- '*.sh' || true)

if [ "$status" -eq 0 ]; then
  echo "check-standalone: every path stays inside the repository"
fi
exit "$status"
