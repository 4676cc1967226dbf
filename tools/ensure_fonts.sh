#!/bin/sh
# Best effort: make sure a Japanese font exists so name_ja renders in the map and
# in exports. Never fails the build: without it, Japanese names show as boxes.
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ja 2>/dev/null | head -1)" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a Japanese font (fonts-ipafont-gothic) for name_ja labels..."
    (apt-get install -y -qq fonts-ipafont-gothic >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-ipafont-gothic >/dev/null 2>&1)) \
        || echo "Could not install a Japanese font; Japanese names may show as boxes."
else
    echo "No Japanese font found; install one (e.g. fonts-ipafont-gothic or fonts-noto-cjk) to render name_ja."
fi
exit 0
