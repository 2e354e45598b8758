#!/usr/bin/env bash
# Screenshots of the bundled site's key pages at 375 px (a phone) and 1280 px (a laptop), light and
# dark, into target/screenshots/ (not committed): for reviews and the README's pictures.
# Usage: scripts/screenshots.sh [--release]. Needs Chromium (CHROME, or chromium on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
chrome=${CHROME:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$chrome" ]]; then
  echo "screenshots.sh: needs Chromium: apt-get install chromium (or set CHROME)" >&2
  exit 2
fi
cargo build --quiet ${1:-} >&2
profile=debug
if [[ "${1:-}" == "--release" ]]; then profile=release; fi
out=target/screenshots

profile_dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$profile_dir"' EXIT
mkdir -p "$out"
port=$(( 20000 + RANDOM % 20000 ))
"target/$profile/tierbook" serve --root . --port "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.2
done
pages=(
  "home:"
  "module:trainings/referral-quality/"
  "lesson:trainings/referral-quality/why-referral-quality-matters/"
  "guide:guides/movement-breaks/"
  "guides:guides/"
  "calculator:calculator/"
  "search:search/"
)
for entry in "${pages[@]}"; do
  name=${entry%%:*}
  path=${entry#*:}
  for size in 375x812 1280x800; do
    width=${size%x*}
    for scheme in light dark; do
      flags=()
      if [[ $scheme == dark ]]; then flags+=(--blink-settings=preferredColorScheme=0); fi
      "$chrome" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --user-data-dir="$profile_dir" --window-size="${size/x/,}" "${flags[@]}" \
        --screenshot="$out/$name-$width-$scheme.png" "http://127.0.0.1:$port/$path" >/dev/null 2>&1
      echo "$out/$name-$width-$scheme.png"
    done
  done
done
