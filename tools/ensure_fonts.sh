#!/bin/sh
# Best effort: make sure one font covers Japanese, Korean and Chinese (Noto Sans CJK),
# so names render in the map, the panel and every export. Never fails the build:
# without it, CJK names show as boxes ("Dokdo (□□)").
has_cjk() {
    command -v fc-list >/dev/null 2>&1 || return 1
    [ -n "$(fc-list :lang=ja 2>/dev/null | head -1)" ] && [ -n "$(fc-list :lang=ko 2>/dev/null | head -1)" ]
}
has_cjk && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a CJK font (fonts-noto-cjk) for Japanese, Korean and Chinese names..."
    (apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1)) \
        || echo "Could not install fonts-noto-cjk; Japanese and Korean names may show as boxes."
else
    echo "No CJK font found: install fonts-noto-cjk (Debian/Ubuntu; 'Noto Sans CJK' elsewhere) to render Japanese and Korean names."
fi
exit 0
