#!/usr/bin/env bash
# Real captures of the current build for the README's user guide.
#   bash scripts/screenshots.sh            -> docs/screenshots/*.png
# Builds a demo library from ../shared (the seed page, CNKI NoteExpress records, part of a
# real .bib), starts the app under Xvfb with no window manager and captures the screen.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED="$ROOT/../shared/corpus"
OUT="$ROOT/docs/screenshots"
PY="$ROOT/.venv/bin/python"
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'kill $APP $XVFB 2>/dev/null || true; rm -rf "$WORK"' EXIT
export REFSHELF_HOME="$WORK/home"
LIB="$WORK/Demo library.sqlite"

# a demo library: Latin and CJK records side by side
head -c 60000 "$SHARED/large/cdl.bib" | sed '$d' > "$WORK/part.bib" || true
"$PY" -m app --library "$LIB" import "$SHARED/seed/000_c0116378fb088a26.txt" >/dev/null || true
"$PY" -m app --library "$LIB" import "$SHARED/cnki/Vopaaz-CNKI_2_BibTeX/tests/assets/mixed.net" \
  "$SHARED/cnki/Vopaaz-CNKI_2_BibTeX/tests/assets/CoverAllTest15Entries.net" >/dev/null || true
"$PY" -m app --library "$LIB" import "$WORK/part.bib" >/dev/null || true

Xvfb :77 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 & XVFB=$!
sleep 1
export DISPLAY=:77 QT_QPA_PLATFORM=xcb LC_ALL=C.UTF-8 LANG=${SHOT_LANG:-en_US.UTF-8}
"$PY" -m app --library "$LIB" >/dev/null 2>&1 & APP=$!
for _ in $(seq 1 60); do
  WID=$(xdotool search --name "Demo library" 2>/dev/null | head -1) && [ -n "$WID" ] && break
  sleep 0.5
done
[ -n "${WID:-}" ] || { echo "screenshots.sh: the window did not appear" >&2; exit 1; }
xdotool windowsize "$WID" 1440 900 windowmove "$WID" 0 0
sleep 2
# newest first (click the Year header twice), then select a row so the detail,
# abstract and citation panes show a record
xdotool mousemove 860 68 click 1; sleep 1; xdotool click 1; sleep 1
xdotool mousemove 500 190 click 1
sleep 2
import -window root "$OUT/main-window.png"
# search as you type, CJK included (Ctrl+F), and select the first hit
xdotool key ctrl+f
xdotool type --delay 120 "网络"
sleep 2
xdotool mousemove 500 95 click 1
sleep 2
import -window root "$OUT/search-cjk.png"
echo "screenshots written to $OUT"
