#!/usr/bin/env bash
# Renders build/icon.svg to the 512x512 build/icon.png electron-builder uses (it derives the
# macOS .icns and Windows .ico from it). Uses headless Chromium (which the e2e tests need anyway),
# else a real ImageMagick.
set -euo pipefail
cd "$(dirname "$0")"
if command -v chromium >/dev/null; then
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size=512,512 --screenshot="$PWD/icon.png" "file://$PWD/icon.svg" 2>/dev/null
elif convert -version 2>/dev/null | grep -q ImageMagick; then
  convert -background none -density 96 icon.svg -resize 512x512 icon.png
else
  echo "need chromium or ImageMagick to render icon.svg" >&2
  exit 1
fi
echo "wrote build/icon.png"
