#!/usr/bin/env bash
# Tests what a district installs without Rust, as .ci/run's last step:
# 1. the release archive (scripts/release.sh): its SHA-256, a binary that `ldd` calls static, and
#    that binary, with a cleared environment, running --version, init, check and build on a new
#    site and on the bundled one;
# 2. the Debian package (cargo-deb, from the same binary): dpkg -i, the same commands from
#    /usr/bin, the man page and completions in place, then dpkg -r leaving nothing behind.
# Needs root (or sudo) for dpkg. Usage: scripts/test-release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

fail() { echo "test-release: FAIL: $*" >&2; exit 1; }
step() { echo "test-release: $*" >&2; }

archive=$(scripts/release.sh | tail -n 1)
version=$(basename "$archive" | sed 's/^tierbook-\(.*\)-x86_64-linux\.tar\.gz$/\1/')
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
expected="tierbook $version (commit $commit)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs tierbook ($1: its path) in a site folder on a new site and the bundled one, with nothing in
# the environment: no PATH, no HOME, no Rust.
exercise() {
  local bin=$1 where=$2
  local out
  out=$(cd "$work" && env -i "$bin" --version) || fail "$where: --version failed"
  [ "$out" = "$expected" ] || fail "$where: --version printed '$out', expected '$expected'"
  rm -rf "$work/new-site" "$work/bundled"
  (cd "$work" && env -i "$bin" init new-site >/dev/null) || fail "$where: init failed"
  [ -f "$work/new-site/.github/workflows/tierbook.yml" ] || fail "$where: init wrote no workflow"
  mkdir "$work/bundled"
  cp -r "$repo/tierbook.toml" "$repo/content" "$repo/data" "$work/bundled/"
  for site in new-site bundled; do
    (cd "$work/$site" && env -i "$bin" check >"$work/check.log" 2>&1) \
      || { cat "$work/check.log" >&2; fail "$where: check failed on $site"; }
    (cd "$work/$site" && env -i "$bin" build --base-url https://district.example/pd/ --output public 2>/dev/null) \
      || fail "$where: build failed on $site"
    [ -f "$work/$site/public/index.html" ] && [ -f "$work/$site/public/calculator/calculator_bg.wasm" ] \
      || fail "$where: $site/public lacks index.html or the calculator's wasm"
  done
  step "$where: --version, init, check and build work with an empty environment"
}

step "archive $archive"
(cd "$(dirname "$archive")" && sha256sum --check --strict --quiet "$(basename "$archive").sha256") \
  || fail "the archive does not match its .sha256"
mkdir "$work/unpacked"
tar -xzf "$archive" -C "$work/unpacked"
top="$work/unpacked/tierbook-$version-x86_64-linux"
for file in tierbook README.md tierbook.1 completions/tierbook.bash completions/_tierbook completions/tierbook.fish; do
  [ -s "$top/$file" ] || fail "the archive lacks $file"
done
grep -q 'complete -F' "$top/completions/tierbook.bash" || fail "the bash completion script is not one"
linkage=$(ldd "$top/tierbook" 2>&1 || true)
case "$linkage" in
  *"not a dynamic executable"*|*"statically linked"*) step "ldd: $linkage" ;;
  *) fail "the binary is dynamically linked: $linkage" ;;
esac
if readelf -S "$top/tierbook" | grep -q '\.symtab'; then fail "the binary is not stripped"; fi
exercise "$top/tierbook" archive

# The .deb packages the binary release.sh built (target/x86_64-unknown-linux-musl/release).
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
command -v cargo-deb >/dev/null || fail "cargo-deb is missing: cargo install cargo-deb --locked --version 3.8.0 (.ci/run does)"
deb=$(cargo deb --no-build --target x86_64-unknown-linux-musl --output target/dist/ 2>/dev/null | tail -n 1)
[ -f "$deb" ] || fail "cargo deb wrote no package ($deb)"
step "package $deb"
dpkg-deb --field "$deb" Package Version Section | grep -q '^Section: utils' || fail "the package has no section"
if dpkg -s tierbook >/dev/null 2>&1; then fail "a tierbook package is already installed; remove it first"; fi
$SUDO dpkg -i "$deb" >/dev/null
trap '$SUDO dpkg -r tierbook >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
installed=$(dpkg -L tierbook)
for path in /usr/bin/tierbook /usr/share/bash-completion/completions/tierbook; do
  grep -qx "$path" <<< "$installed" || fail "the package does not install $path"
done
grep -q '^/usr/share/man/man1/tierbook\.1' <<< "$installed" || fail "the package has no man page"
exercise /usr/bin/tierbook "deb (/usr/bin)"
$SUDO dpkg -r tierbook >/dev/null
if dpkg -s tierbook 2>/dev/null | grep -q '^Status: install'; then fail "dpkg -r left the package installed"; fi
while read -r path; do
  if [ -f "$path" ]; then fail "dpkg -r left $path behind"; fi
done <<< "$installed"
step "deb: installed, used and removed cleanly"
echo "test-release: ok"
