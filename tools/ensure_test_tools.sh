#!/bin/sh
# Best effort: the command-line tools the tests read exports with (pdftotext from poppler-utils).
# Never fails the build by itself: without them, the tests that need them say what is missing.
command -v pdftotext >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing poppler-utils (pdftotext) for the PDF tests..."
    (apt-get install -y -qq poppler-utils >/dev/null 2>&1 \
        || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq poppler-utils >/dev/null 2>&1)) \
        || echo "Could not install poppler-utils; the PDF layout tests need pdftotext."
else
    echo "pdftotext not found: install poppler-utils (Debian/Ubuntu) for the PDF layout tests."
fi
exit 0
