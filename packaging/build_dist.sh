#!/usr/bin/env bash
# Builds the offline installers from this checkout (run by `make dist`):
#   dist/endoquiz/                        one-folder app bundle (PyInstaller)
#   dist/endoquiz-<version>-linux-x86_64.tar.gz
#   dist/endoquiz_<version>_amd64.deb
# then runs packaging/smoke.sh on them. Needs: .venv with the dist extra, dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
VERSION=$("$PY" -c 'import endoquiz; print(endoquiz.__version__)')
DIST=dist
BUILD=build/dist
# Reproducible dates: the time of the last commit, not of the build.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)

rm -rf "$DIST" "$BUILD"
mkdir -p "$DIST" "$BUILD"

echo "== bundle (PyInstaller)"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" packaging/endoquiz.spec

echo "== tar.gz"
TARBALL="$DIST/endoquiz-$VERSION-linux-x86_64.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$DIST" -cf - endoquiz | gzip -n -9 > "$TARBALL"

echo "== deb"
ROOT="$BUILD/deb"
mkdir -p "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
    "$ROOT/usr/share/metainfo" "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/DEBIAN"
cp -a "$DIST/endoquiz" "$ROOT/opt/endoquiz"
cat > "$ROOT/usr/bin/endoquiz" <<'LAUNCHER'
#!/bin/sh
# endoquiz launcher: the app is installed in /opt/endoquiz.
exec /opt/endoquiz/endoquiz "$@"
LAUNCHER
chmod 0755 "$ROOT/usr/bin/endoquiz"
cp packaging/linux/endoquiz.desktop "$ROOT/usr/share/applications/endoquiz.desktop"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" packaging/linux/org.endoquiz.endoquiz.metainfo.xml \
    > "$ROOT/usr/share/metainfo/org.endoquiz.endoquiz.metainfo.xml"
cp packaging/icons/endoquiz.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/endoquiz.svg"
"$PY" packaging/render_icons.py "$ROOT/usr/share/icons/hicolor"
DEPENDS=$(packaging/deb_depends.sh "$ROOT/opt/endoquiz")
INSTALLED_KB=$(du -sk "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: endoquiz
Version: $VERSION
Architecture: amd64
Maintainer: endoquiz developers <endoquiz@users.noreply.invalid>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: education
Priority: optional
Homepage: https://endoquiz.invalid/
Description: flashcards and quizzes with spaced repetition (FSRS)
 endoquiz runs spaced-repetition review sessions and auto-graded quizzes on
 decks written in YAML, keeping progress locally in SQLite. It works offline.
 The bundled decks are study material drawn from named articles; they are
 not medical advice.
CONTROL
find "$ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
DEB="$DIST/endoquiz_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" > /dev/null

echo "== sizes"
du -sh "$DIST/endoquiz" | sed 's/^/bundle folder: /'
ls -l "$TARBALL" "$DEB" | awk '{printf "%s: %.1f MB\n", $9, $5 / 1e6}'
echo "largest parts of the bundle:"
du -a "$DIST/endoquiz" | sort -rn | sed -n '3,12p' | awk '{printf "  %6.1f MB  %s\n", $1 / 1024, $2}'

echo "== cold start"
"$PY" packaging/cold_start.py "$DIST/endoquiz/endoquiz"

echo "== smoke test"
packaging/smoke.sh "$DIST"
