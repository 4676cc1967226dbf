#!/bin/sh
# Before `make run`: make sure Qt's xcb platform plugin can load. A bare OS
# lacks some X11 client libraries it links against (libxcb-cursor0 first of
# all), and Qt then aborts with "could not load the Qt platform plugin xcb".
# As root with apt-get, installs what `ldd` finds missing (like
# tools/ensure_fonts.sh does for fonts); elsewhere prints the exact command.
# Only when a display is set: with none, the app says to use `export` instead.
# Usage: tools/check_qt.sh [PYTHON]     Exit status: 0 ok or fixed, 1 still missing.
# CHECK_QT_DIR overrides PySide6's Qt directory.
PY=${1:-python3}
[ -n "$DISPLAY" ] || [ -n "$WAYLAND_DISPLAY" ] || exit 0
[ "$(uname -s)" = "Linux" ] || exit 0
command -v ldd >/dev/null 2>&1 || exit 0
QT=${CHECK_QT_DIR:-$("$PY" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))' 2>/dev/null)} || exit 0

missing_libs() {
    for lib in "$QT/plugins/platforms/libqxcb.so" "$QT/lib/libQt6XcbQpa.so.6" \
               "$QT"/plugins/xcbglintegrations/*.so "$QT/lib/libQt6WebEngineCore.so.6"; do
        [ -e "$lib" ] && ldd "$lib" 2>/dev/null | awk '/=> not found/ {print $1}'
    done | sort -u
}

# Debian's package for a soname: libxcb-cursor.so.0 -> libxcb-cursor0,
# libxkbcommon-x11.so.0 -> libxkbcommon-x11-0, libEGL.so.1 -> libegl1.
package_of() {
    echo "$1" | sed -E 's/\.so\.([0-9]+).*$/ \1/' | awk '{n=tolower($1); v=$2; if (n ~ /[0-9]$/) print n "-" v; else print n v}'
}

missing=$(missing_libs)
[ -z "$missing" ] && exit 0
# The usual set a minimal image lacks, plus whatever ldd named.
pkgs="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1"
for lib in $missing; do
    pkgs="$pkgs $(package_of "$lib")"
done
pkgs=$(echo "$pkgs" | tr ' ' '\n' | sort -u | tr '\n' ' ')
echo "Qt's xcb platform plugin is missing: $(echo $missing | tr '\n' ' ')"
# CHECK_QT_DRY_RUN=1: only say what is missing and the command (for tests).
if [ -z "$CHECK_QT_DRY_RUN" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing: $pkgs"
    # shellcheck disable=SC2086
    (apt-get install -y -qq $pkgs >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $pkgs >/dev/null 2>&1)) \
        || echo "Could not install them all."
    missing=$(missing_libs)
    [ -z "$missing" ] && exit 0
    echo "Still missing: $(echo $missing | tr '\n' ' ')"
fi
echo "Install them with:  sudo apt-get install $pkgs"
exit 1
