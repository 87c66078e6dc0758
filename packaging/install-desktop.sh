#!/usr/bin/env bash
# Install Refshelf's desktop entry, icons and file associations for the current user.
#
#   bash packaging/install-desktop.sh [--exec PATH] [--no-default]
#
# Run it from the source tree (packaging/install-desktop.sh) or from an unpacked
# bundle (refshelf/install-desktop.sh, next to the refshelf executable).
#
#   --exec PATH    the program the menu entry starts (default: the bundle's
#                  refshelf next to this script, else dist/refshelf/refshelf in
#                  the source tree, else `refshelf` found on PATH)
#   --no-default   register the file types but do not make Refshelf their
#                  default application
#
# Writes only under $XDG_DATA_HOME (default ~/.local/share) and
# $XDG_CONFIG_HOME/mimeapps.list (default ~/.config); needs no root.
# packaging/uninstall-desktop.sh removes everything this adds.
set -euo pipefail

APP_ID=refshelf
DESKTOP_ID=$APP_ID.desktop
MIME_TYPES=(text/x-bibtex application/x-research-info-systems application/x-endnote-refer)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -d "$HERE/_internal/resources" ]; then          # unpacked PyInstaller bundle
  RES=$HERE/_internal/resources
  MIME_XML=$HERE/refshelf-mime.xml
  BUNDLE_EXE=$HERE/refshelf
elif [ -d "$HERE/resources" ]; then                  # bundle with resources beside it
  RES=$HERE/resources
  MIME_XML=$HERE/refshelf-mime.xml
  BUNDLE_EXE=$HERE/refshelf
else                                                 # source tree: packaging/
  RES=$(cd "$HERE/.." && pwd)/resources
  MIME_XML=$HERE/refshelf-mime.xml
  BUNDLE_EXE=$(cd "$HERE/.." && pwd)/dist/refshelf/refshelf
fi

EXE=""
SET_DEFAULT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --exec) EXE=${2:?--exec needs a path}; shift 2 ;;
    --exec=*) EXE=${1#--exec=}; shift ;;
    --no-default) SET_DEFAULT=0; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-desktop: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -z "$EXE" ]; then
  if [ -x "$BUNDLE_EXE" ]; then
    EXE=$BUNDLE_EXE
  elif command -v refshelf >/dev/null 2>&1; then
    EXE=$(command -v refshelf)
  else
    echo "install-desktop: no refshelf program found; build one (bash packaging/build.sh)," >&2
    echo "install it (pip install .), or name it with --exec PATH" >&2
    exit 1
  fi
fi
case "$EXE" in /*) ;; *) EXE=$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE") ;; esac
[ -x "$EXE" ] || { echo "install-desktop: $EXE is not an executable file" >&2; exit 1; }
for f in "$RES/refshelf.desktop" "$RES/icons/refshelf.svg" "$MIME_XML"; do
  [ -f "$f" ] || { echo "install-desktop: missing $f" >&2; exit 1; }
done

DATA=${XDG_DATA_HOME:-$HOME/.local/share}
CONFIG=${XDG_CONFIG_HOME:-$HOME/.config}
APPS=$DATA/applications
ICONS=$DATA/icons/hicolor
MIME=$DATA/mime
mkdir -p "$APPS" "$ICONS/scalable/apps" "$MIME/packages" "$CONFIG"

# --- icons
install -m 644 "$RES/icons/refshelf.svg" "$ICONS/scalable/apps/$APP_ID.svg"
for png in "$RES"/icons/hicolor/*/apps/refshelf.png; do
  [ -f "$png" ] || continue
  size=$(basename "$(dirname "$(dirname "$png")")")
  mkdir -p "$ICONS/$size/apps"
  install -m 644 "$png" "$ICONS/$size/apps/$APP_ID.png"
done

# --- desktop entry, pointing at this program
# Exec quoting (Desktop Entry spec): quote the path if it holds reserved
# characters, escaping " ` $ and \ inside; then escape \ once more for the
# string value.
exec_arg=$EXE
if printf '%s' "$EXE" | grep -q '[[:space:]"'"'"'\\><~|&;$*?#()`]'; then
  esc=$(printf '%s' "$EXE" | sed -e 's/[\\"`$]/\\&/g')
  exec_arg="\"$esc\""
fi
exec_arg=$(printf '%s' "$exec_arg" | sed -e 's/\\/\\\\/g')
sed_repl() { printf '%s' "$1" | sed -e 's/[&|\\]/\\&/g'; }
sed -e "s|^Exec=.*|Exec=$(sed_repl "$exec_arg") %F|" \
    -e "s|^TryExec=.*|TryExec=$(sed_repl "$EXE")|" \
    "$RES/refshelf.desktop" > "$APPS/$DESKTOP_ID.tmp"
chmod 644 "$APPS/$DESKTOP_ID.tmp"
mv -f "$APPS/$DESKTOP_ID.tmp" "$APPS/$DESKTOP_ID"

# --- MIME types the system may lack (RIS, EndNote)
install -m 644 "$MIME_XML" "$MIME/packages/refshelf-mime.xml"

# --- default application for the reference types: edit [Default Applications]
# in mimeapps.list, keeping every other line as it was.
if [ "$SET_DEFAULT" = 1 ]; then
  LIST=$CONFIG/mimeapps.list
  touch "$LIST"
  awk -v desktop="$DESKTOP_ID" -v types="${MIME_TYPES[*]}" '
    BEGIN { n = split(types, t, " "); for (i = 1; i <= n; i++) want[t[i]] = 1 }
    function flush(   i) { for (i = 1; i <= n; i++) if (!(t[i] in done)) print t[i] "=" desktop ";" }
    /^\[/ {
      if (insec) flush()
      insec = ($0 == "[Default Applications]"); if (insec) seen = 1
      print; next
    }
    insec {
      split($0, kv, "=")
      if (kv[1] in want) { print kv[1] "=" desktop ";"; done[kv[1]] = 1; next }
    }
    { print }
    END {
      if (insec) flush()
      else if (!seen) { print "[Default Applications]"; flush() }
    }' "$LIST" > "$LIST.tmp"
  mv -f "$LIST.tmp" "$LIST"
fi

# --- refresh the caches the desktop reads (each tool is optional)
if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$MIME" >/dev/null 2>&1 || echo "install-desktop: update-mime-database failed" >&2
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$APPS" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -f -t "$ICONS" 2>/dev/null || true
fi
if command -v xdg-icon-resource >/dev/null 2>&1; then
  xdg-icon-resource forceupdate --mode user 2>/dev/null || true
fi

echo "Refshelf is in your applications menu (program: $EXE)."
[ "$SET_DEFAULT" = 1 ] && echo "It opens .bib, .ris and .enw files by default."
exit 0
