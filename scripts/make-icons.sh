#!/usr/bin/env bash
# Regenerates assets/icon.png, icon.icns and icon.ico from assets/icon.svg.
# Needs Debian's librsvg2-bin (rsvg-convert), icnsutils (png2icns) and imagemagick (convert).
set -euo pipefail
cd "$(dirname "$0")/../assets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48 128 256 512 1024; do rsvg-convert -w $size -h $size icon.svg -o "$tmp/$size.png"; done
cp "$tmp/1024.png" icon.png
png2icns icon.icns "$tmp"/{16,32,48,128,256,512,1024}.png >/dev/null
convert "$tmp"/{16,32,48,256}.png icon.ico
