#!/usr/bin/env bash
# Refshelf developer entry point.
#   bash scripts/dev.sh run  [refshelf args]   set up, then start the app
#   bash scripts/dev.sh test [pytest args]     set up, then run the whole test suite
#   bash scripts/dev.sh setup                  only set up
# Works on a fresh Debian 12 machine: as root it installs the missing system
# packages with apt-get; otherwise it prints the exact command to run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY=${PYTHON:-python3}

# Qt's xcb platform plugin, OpenGL/EGL, fonts (CJK glyphs need fonts-noto-cjk).
RUN_PKGS=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxext6 libxrender1 libxi6
  libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxcb-util1 fonts-noto-cjk)
# Real-window tests: a virtual X server, input and clipboard tools, screenshots,
# desktop-file and AppStream validators.
TEST_PKGS=(xvfb xdotool xclip imagemagick x11-utils desktop-file-utils appstream
  xdg-utils libgtk-3-bin shared-mime-info)

missing_pkgs() {
  local p out=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

ensure_system_packages() {
  local want=("${RUN_PKGS[@]}")
  [ "${1:-}" = test ] && want+=("${TEST_PKGS[@]}")
  if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then want+=(python3-venv); fi
  command -v "$PY" >/dev/null 2>&1 || want+=(python3)
  command -v dpkg-query >/dev/null 2>&1 || { echo "dev.sh: not a Debian system; install the Qt xcb libraries and fonts-noto-cjk yourself" >&2; return 0; }
  local miss; miss=$(missing_pkgs "${want[@]}")
  [ -z "$miss" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "dev.sh: installing system packages: $miss"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $miss >/dev/null
  else
    echo "dev.sh: these system packages are missing. Run:" >&2
    echo "  sudo apt-get install -y $miss" >&2
    exit 1
  fi
}

ensure_venv() {
  local stamp="$VENV/.refshelf-installed"
  local want; want=$(sha1sum pyproject.toml | cut -d' ' -f1)
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    echo "$want" > "$stamp"
  fi
}

build_translations() {
  # Compile Qt translations (.ts -> .qm) if there are any.
  local ts
  for ts in resources/i18n/*.ts; do
    [ -e "$ts" ] || return 0
    "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
  done
}

cmd=${1:-run}
shift || true
case "$cmd" in
  setup)
    ensure_system_packages test; ensure_venv; build_translations ;;
  run)
    ensure_system_packages; ensure_venv; build_translations
    exec "$VENV/bin/refshelf" "$@" ;;
  test)
    ensure_system_packages test; ensure_venv; build_translations
    export QT_QPA_PLATFORM=offscreen
    set +e
    "$VENV/bin/python" -m pytest "$@"
    rc=$?
    set -e
    if [ "$rc" = 5 ]; then echo "dev.sh: pytest collected no tests: that is a failure" >&2; exit 1; fi
    exit "$rc" ;;
  *)
    echo "usage: bash scripts/dev.sh run|test|setup [args]" >&2; exit 2 ;;
esac
