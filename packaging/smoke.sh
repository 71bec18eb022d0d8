#!/usr/bin/env bash
# Smoke test of the built installers (run by `make dist`, not by `make test`):
# the bundle and the .deb's installed copy must start with a fresh HOME and
# data folder, offscreen, without network, pass --self-test and validate a
# bundled deck, and print no Python traceback. Usage: packaging/smoke.sh DIST
set -euo pipefail
DIST=$(realpath "${1:-dist}")
BUNDLE="$DIST/endoquiz"
REPO=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
failures=0

# Without network where the kernel lets us make a namespace, as on a plane.
# Said on its own line when the kernel refuses, so the run is not mistaken
# for an offline one.
if unshare -rn true 2>/dev/null; then
    NO_NET=(unshare -rn)
else
    NO_NET=()
    echo "WARN no-network: this kernel refuses a network namespace (unshare -rn); the checks run with network"
fi

run() {  # run NAME COMMAND...: fresh HOME, offscreen, no network; fail on error or traceback
    local name=$1; shift
    local home="$SCRATCH/home-$name"
    mkdir -p "$home"
    local out="$SCRATCH/$name.log"
    if env -i HOME="$home" LANG=C.UTF-8 PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
        "${NO_NET[@]}" "$@" >"$out" 2>&1 && ! grep -q "Traceback" "$out"; then
        echo "ok   $name: $(head -n 1 "$out" | grep . || echo "no complaints")"
    else
        echo "FAIL $name:"; sed 's/^/     /' "$out"; failures=$((failures + 1))
    fi
}

echo "-- bundle $BUNDLE"
run bundle-version "$BUNDLE/endoquiz" --version
run bundle-self-test "$BUNDLE/endoquiz" --data-dir "$SCRATCH/data-bundle" --self-test
deck=$(find "$BUNDLE/_internal/endoquiz/bundled_decks" -name glossary.yaml | sort | head -n 1)
run bundle-validate "$BUNDLE/endoquiz" validate "$deck"
# An Anki package (Anki 26.9.3 made it: tests/anki/fixtures/) imported with its
# progress: the zstd, protobuf, HTML and Markdown parts are all in the bundle.
out="$SCRATCH/anki-import.log"; status=0
env -i HOME="$SCRATCH" LANG=C.UTF-8 PATH=/usr/bin:/bin "${NO_NET[@]}" \
    "$BUNDLE/endoquiz" --data-dir "$SCRATCH/data-anki" import "$REPO/tests/anki/fixtures/modern.apkg" \
    >"$out" 2>&1 || status=$?
if [ "$status" -eq 0 ] && grep -q "^Imported modern.apkg: 2 deck(s) installed, 46 answer(s) added" "$out" \
    && ! grep -q "Traceback" "$out"; then
    echo "ok   bundle-anki-import: $(tail -n 1 "$out")"
else
    echo "FAIL bundle-anki-import (exit $status):"; sed 's/^/     /' "$out"; failures=$((failures + 1))
fi
# And back to Anki: the imported deck exported with its progress (markdown-it-py
# and the collection writer in the bundle), then read back by the bundle.
out="$SCRATCH/anki-export.log"; status=0
env -i HOME="$SCRATCH" LANG=C.UTF-8 PATH=/usr/bin:/bin "${NO_NET[@]}" \
    "$BUNDLE/endoquiz" --data-dir "$SCRATCH/data-anki" export biology "$SCRATCH/back.apkg" \
    --with-progress >"$out" 2>&1 || status=$?
env -i HOME="$SCRATCH" LANG=C.UTF-8 PATH=/usr/bin:/bin "${NO_NET[@]}" \
    "$BUNDLE/endoquiz" --data-dir "$SCRATCH/data-back" import --dry-run "$SCRATCH/back.apkg" \
    >>"$out" 2>&1 || status=$?
if [ "$status" -eq 0 ] && grep -q "^back.apkg (Anki package, legacy format): 12 notes, 15 cards, 46 answers" "$out" \
    && ! grep -q "Traceback" "$out"; then
    echo "ok   bundle-anki-export: $(head -n 1 "$out")"
else
    echo "FAIL bundle-anki-export (exit $status):"; sed 's/^/     /' "$out"; failures=$((failures + 1))
fi
# The optimizer's Rust engine (fsrs_rs_python) is imported before the review
# count is checked: a fresh data folder must get the "too few" message, exit 1.
out="$SCRATCH/optimize.log"; status=0
env -i HOME="$SCRATCH" LANG=C.UTF-8 PATH=/usr/bin:/bin "${NO_NET[@]}" \
    "$BUNDLE/endoquiz" --data-dir "$SCRATCH/data-bundle" optimize >"$out" 2>&1 || status=$?
if [ "$status" -eq 1 ] && grep -q "reviews so far" "$out" && ! grep -q "Traceback" "$out"; then
    echo "ok   bundle-optimizer: $(tail -n 1 "$out")"
else
    echo "FAIL bundle-optimizer (exit $status):"; sed 's/^/     /' "$out"; failures=$((failures + 1))
fi

# One app per data folder: a second start reaches the first over its local
# socket (both in one network namespace), which comes to the front, and exits
# 0 without opening the database.
out="$SCRATCH/second-start.log"; status=0
env -i HOME="$SCRATCH" LANG=C.UTF-8 PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    BUNDLE="$BUNDLE" DATA="$SCRATCH/data-single" "${NO_NET[@]}" bash -c '
    "$BUNDLE/endoquiz" --data-dir "$DATA" >/dev/null 2>&1 & first=$!
    until [ -s "$DATA/endoquiz.lock" ]; do kill -0 "$first" || exit 9; sleep 0.1; done
    "$BUNDLE/endoquiz" --data-dir "$DATA"; status=$?
    kill "$first"; exit "$status"' >"$out" 2>&1 || status=$?
if [ "$status" -eq 0 ] && grep -q "its window was brought to the front" "$out"; then
    echo "ok   bundle-second-start: $(tail -n 1 "$out")"
else
    echo "FAIL bundle-second-start (exit $status):"; sed 's/^/     /' "$out"
    failures=$((failures + 1))
fi

deb=$(ls "$DIST"/endoquiz_*_amd64.deb)
echo "-- $deb into a scratch root"
ROOT="$SCRATCH/root"
dpkg-deb -x "$deb" "$ROOT"
dpkg-deb --info "$deb" | grep -E "Package|Version|Depends" | sed 's/^ */     /'
# The launcher points at /opt/endoquiz; run the scratch copy through it.
sed "s|/opt/endoquiz|$ROOT/opt/endoquiz|" "$ROOT/usr/bin/endoquiz" > "$SCRATCH/launcher"
chmod +x "$SCRATCH/launcher"
grep -q '^exec /opt/endoquiz/endoquiz "\$@"$' "$ROOT/usr/bin/endoquiz" \
    && echo "ok   launcher: /usr/bin/endoquiz runs /opt/endoquiz/endoquiz" \
    || { echo "FAIL launcher"; failures=$((failures + 1)); }
run deb-self-test "$SCRATCH/launcher" --data-dir "$SCRATCH/data-deb" --self-test
# Every check runs: a validator that is missing is a failure, never a skip
# (packaging/system_tools.sh installs them before `make dist` builds).
if command -v desktop-file-validate >/dev/null; then
    run desktop-file desktop-file-validate "$ROOT/usr/share/applications/endoquiz.desktop"
else
    echo "FAIL desktop-file: desktop-file-validate missing (apt install desktop-file-utils)"
    failures=$((failures + 1))
fi
if command -v appstreamcli >/dev/null; then
    run metainfo appstreamcli validate --no-net --pedantic \
        "$ROOT/usr/share/metainfo/org.endoquiz.endoquiz.metainfo.xml"
else
    echo "FAIL metainfo: appstreamcli missing (apt install appstream)"
    failures=$((failures + 1))
fi
icons_missing=0
for icon in scalable/apps/endoquiz.svg \
    {16x16,32x32,48x48,128x128,256x256,512x512}/apps/endoquiz.png; do
    [ -s "$ROOT/usr/share/icons/hicolor/$icon" ] \
        || { echo "FAIL icon $icon missing"; icons_missing=$((icons_missing + 1)); }
done
if [ "$icons_missing" -eq 0 ]; then
    echo "ok   icons: scalable SVG and PNGs from 16 to 512"
fi
failures=$((failures + icons_missing))

if [ "$failures" -gt 0 ]; then echo "smoke test: $failures failure(s)"; exit 1; fi
echo "smoke test: all passed"
