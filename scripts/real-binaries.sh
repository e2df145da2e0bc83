#!/usr/bin/env bash
# Downloads real executables from the package registries for
# src-tauri/doctor/tests/binary_registry.rs: npm tarballs (npm pack), PyPI wheels
# (pip download) and Debian packages (apt-get download), each unpacked into its own
# directory of the cache. Nothing is committed; each entry is fetched once and marked
# done, so later runs cost nothing.
#
#   scripts/real-binaries.sh [CACHE_DIR]
#
# CACHE_DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/nativego/real-binaries.
# About 100 MB of downloads (300 MB unpacked) in all. Exit status is non-zero if any entry failed; the
# entries that worked stay usable.
set -uo pipefail

cache="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/nativego/real-binaries}"
mkdir -p "$cache"

# kind  name  version  [platform tag, for PyPI]
entries=(
  "npm esbuild-darwin-64 0.8.57"
  "npm esbuild-darwin-64 0.14.54"
  "npm esbuild-darwin-arm64 0.14.54"
  "npm @esbuild/darwin-arm64 0.19.12"
  "npm @esbuild/darwin-arm64 0.24.0"
  "npm @esbuild/darwin-x64 0.24.0"
  "npm @esbuild/darwin-arm64 0.28.2"
  "npm @esbuild/darwin-x64 0.28.2"
  "npm @esbuild/linux-x64 0.28.2"
  "npm @bufbuild/buf-darwin-arm64 1.75.0"
  "npm @biomejs/cli-darwin-arm64 2.6.9"
  "npm fsevents 2.3.3"
  "pypi lefthook 2.2.2 macosx_11_0_arm64"
  "pypi lefthook 2.2.2 macosx_10_15_x86_64"
  "deb shfmt"
  "deb fzf"
  "deb age"
  "deb jq"
)

failed=0
for entry in "${entries[@]}"; do
  read -r kind name version platform <<<"$entry"
  slug="$kind-$(printf '%s' "$name-${version:-apt}-${platform:-}" | tr '/@' '__')"
  dir="$cache/$slug"
  [[ -e "$dir/.done" ]] && continue
  rm -rf "$dir" "$dir.partial"
  mkdir -p "$dir.partial/unpacked"
  (
    set -e
    cd "$dir.partial"
    case "$kind" in
      npm)
        npm pack --silent "$name@$version" >/dev/null
        tar -xzf ./*.tgz -C unpacked
        ;;
      pypi)
        pip3 download --quiet --no-deps --only-binary=:all: \
          --index-url https://pypi.org/simple --python-version 3.11 \
          --platform "$platform" "$name==$version" -d .
        unzip -q ./*.whl -d unpacked
        ;;
      deb)
        apt-get download "$name" >/dev/null 2>&1 ||
          { apt-get update >/dev/null 2>&1 && apt-get download "$name" >/dev/null; }
        dpkg-deb -x ./*.deb unpacked
        ;;
    esac
    rm -f ./*.tgz ./*.whl ./*.deb
  )
  if [[ $? -eq 0 ]]; then
    printf '%s\n' "$entry" >"$dir.partial/.done"
    mv "$dir.partial" "$dir"
  else
    echo "real-binaries: $entry failed" >&2
    rm -rf "$dir.partial"
    failed=1
  fi
done
exit "$failed"
