#!/usr/bin/env bash
# Builds the release archive a district downloads: a statically linked x86_64 Linux binary (the
# calculator's wasm embedded, as in every build), stripped, with the README, the license files,
# the man page and shell completions, as target/dist/tierbook-VERSION-x86_64-linux.tar.gz plus its
# .sha256. The archive is reproducible: same commit, same toolchain -> same bytes.
# Usage: scripts/release.sh            (refuses a tree with uncommitted changes, because the binary
#                                        names its commit; TIERBOOK_RELEASE_ALLOW_DIRTY=1 overrides)
# Prints the archive's path last. Tested by scripts/test-release.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-unknown-linux-musl
version=$(cargo metadata --no-deps --format-version 1 --offline \
  | sed -n 's/.*"name":"tierbook","version":"\([^"]*\)".*/\1/p')
[ -n "$version" ] || { echo "release.sh: could not read the version from Cargo.toml" >&2; exit 2; }

if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && [ -z "${TIERBOOK_RELEASE_ALLOW_DIRTY:-}" ]; then
  echo "release.sh: the tree has uncommitted changes, so the binary would name a commit it was not built from." >&2
  echo "  commit them, or set TIERBOOK_RELEASE_ALLOW_DIRTY=1 for a test build" >&2
  exit 2
fi

if ! rustup target list --installed | grep -qx "$target"; then
  echo "release.sh: adding the $target target" >&2
  rustup target add "$target"
fi
# tera's parser (pest, through psm) assembles a little code for the target; musl-gcc does it.
if ! command -v musl-gcc >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "release.sh: installing musl-tools" >&2
  $SUDO apt-get install -y -qq --no-install-recommends musl-tools >/dev/null \
    || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends musl-tools >/dev/null; }
fi

export CC_x86_64_unknown_linux_musl=musl-gcc
# musl targets link statically by default (a static PIE, so ASLR still works).
cargo build --release --locked --target "$target" --bin tierbook ${CARGO_BUILD_JOBS:+-j "$CARGO_BUILD_JOBS"}

name="tierbook-$version-x86_64-linux"
dist=target/dist
stage="$dist/$name"
rm -rf "$stage"
mkdir -p "$stage/completions"
# Stripped in place: the .deb (cargo deb --no-build, scripts/test-release.sh) packages this file.
strip "target/$target/release/tierbook"
cp "target/$target/release/tierbook" "$stage/tierbook"
cp README.md "$stage/"
licenses=(LICENSE* COPYING*)
found=0
for file in "${licenses[@]}"; do
  if [ -f "$file" ]; then cp "$file" "$stage/"; found=1; fi
done
if [ "$found" -eq 0 ]; then
  echo "release.sh: warning: no LICENSE file in the repository (Cargo.toml says $(sed -n 's/^license = //p' Cargo.toml)); the archive has none" >&2
fi
"$stage/tierbook" generate man > "$stage/tierbook.1"
"$stage/tierbook" generate completions bash > "$stage/completions/tierbook.bash"
"$stage/tierbook" generate completions zsh > "$stage/completions/_tierbook"
"$stage/tierbook" generate completions fish > "$stage/completions/tierbook.fish"

# The commit's time, not now, so that a rebuild of the same commit gives the same archive.
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --format=gnu \
  -C "$dist" -cf - "$name" | gzip -9 -n > "$dist/$name.tar.gz"
(cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
# The .deb's man page and completions ([package.metadata.deb] assets in Cargo.toml).
rm -rf "$dist/assets"
mkdir -p "$dist/assets"
cp -r "$stage/tierbook.1" "$stage/completions" "$dist/assets/"
rm -rf "$stage"
echo "$dist/$name.tar.gz"
