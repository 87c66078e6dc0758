#!/usr/bin/env bash
# Remove what packaging/install-desktop.sh added for the current user: the
# desktop entry, the icons, the RIS/EndNote MIME definitions and the
# mimeapps.list defaults that name refshelf.desktop. Your library and
# settings are not touched.
#
#   bash packaging/uninstall-desktop.sh
set -euo pipefail

APP_ID=refshelf
DESKTOP_ID=$APP_ID.desktop

case "${1:-}" in
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "uninstall-desktop: unknown option $1" >&2; exit 2 ;;
esac

DATA=${XDG_DATA_HOME:-$HOME/.local/share}
CONFIG=${XDG_CONFIG_HOME:-$HOME/.config}
APPS=$DATA/applications
ICONS=$DATA/icons/hicolor
MIME=$DATA/mime

rm -f "$APPS/$DESKTOP_ID"
rm -f "$ICONS/scalable/apps/$APP_ID.svg"
for png in "$ICONS"/*/apps/"$APP_ID".png; do
  [ -e "$png" ] && rm -f "$png"
done
rm -f "$MIME/packages/refshelf-mime.xml"

# Drop refshelf.desktop from every association list in mimeapps.list; a key
# left with no application is removed, every other line is kept.
LIST=$CONFIG/mimeapps.list
if [ -f "$LIST" ]; then
  awk -v desktop="$DESKTOP_ID" '
    /^\[/ || !/=/ { print; next }
    {
      key = substr($0, 1, index($0, "=") - 1); val = substr($0, index($0, "=") + 1)
      n = split(val, apps, ";"); out = ""
      for (i = 1; i <= n; i++) if (apps[i] != "" && apps[i] != desktop) out = out apps[i] ";"
      if (out == val || out == val ";") { print; next }
      if (out != "") print key "=" out
    }' "$LIST" > "$LIST.tmp"
  mv -f "$LIST.tmp" "$LIST"
fi

if [ -d "$MIME" ] && command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$MIME" >/dev/null 2>&1 || true
fi
if [ -d "$APPS" ] && command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$APPS" 2>/dev/null || true
fi
if [ -d "$ICONS" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -f -t "$ICONS" 2>/dev/null || true
fi
if command -v xdg-icon-resource >/dev/null 2>&1; then
  xdg-icon-resource forceupdate --mode user 2>/dev/null || true
fi

echo "Refshelf's menu entry, icons and file associations are removed."
