#!/usr/bin/env bash
# Render the application icon's PNG sizes (and the Windows .ico / macOS .icns)
# from the one scalable source, resources/icons/refshelf.svg.
#
#   bash packaging/render-icons.sh
#
# Needs rsvg-convert (Debian: librsvg2-bin). Optional: ImageMagick's convert
# (Debian: imagemagick) for refshelf.ico, png2icns (Debian: icnsutils) for
# refshelf.icns. The outputs are committed; run this only after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=resources/icons/refshelf.svg
OUT=resources/icons/hicolor
SIZES=(16 24 32 48 64 128 256 512)

command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }
for s in "${SIZES[@]}"; do
  mkdir -p "$OUT/${s}x${s}/apps"
  rsvg-convert -w "$s" -h "$s" "$SRC" -o "$OUT/${s}x${s}/apps/refshelf.png"
done

# Windows: one .ico holding the sizes Explorer asks for.
if [ -x /usr/bin/convert ]; then
  /usr/bin/convert "$OUT"/{16x16,24x24,32x32,48x48,64x64,128x128,256x256}/apps/refshelf.png resources/icons/refshelf.ico
else
  echo "render-icons: ImageMagick not found; refshelf.ico not rebuilt" >&2
fi
# macOS: .icns from the sizes it stores as PNG.
if command -v png2icns >/dev/null; then
  png2icns resources/icons/refshelf.icns "$OUT"/{16x16,32x32,128x128,256x256,512x512}/apps/refshelf.png >/dev/null
else
  echo "render-icons: png2icns not found; refshelf.icns not rebuilt" >&2
fi
echo "render-icons: done"
