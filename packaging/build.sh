#!/usr/bin/env bash
# Build the one-folder Refshelf application with PyInstaller.
#
#   bash packaging/build.sh [--distpath DIR] [--workpath DIR]
#
# Output: dist/refshelf/ (run dist/refshelf/refshelf; copy or archive the
# whole folder). Uses the project's .venv if there is one (scripts/dev.sh
# setup makes it), else the python3 on PATH; installs PyInstaller into it if
# it is missing. Any other arguments are passed to pyinstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON
elif [ -x "$ROOT/.venv/bin/python" ]; then PY=$ROOT/.venv/bin/python
else PY=python3; fi

if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "build: installing PyInstaller (the 'package' extra)"
  "$PY" -m pip install -q "pyinstaller>=6"
fi

DIST=dist
WORK=build/pyinstaller
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --distpath) DIST=$2; shift 2 ;;
    --workpath) WORK=$2; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" "${ARGS[@]}" packaging/refshelf.spec
end=$(date +%s)
size=$(du -sh "$DIST/refshelf" 2>/dev/null | cut -f1 || echo "?")
echo "build: $DIST/refshelf/refshelf built in $((end - start)) s, $size"
