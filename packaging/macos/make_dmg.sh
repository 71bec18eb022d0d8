#!/usr/bin/env bash
# macOS: wrap the .app that `pyinstaller packaging/endoquiz.spec` builds in a
# .dmg (not run here: see docs/packaging.md). Needs macOS's hdiutil; make
# packaging/macos/endoquiz.icns from packaging/icons/endoquiz.svg first (iconutil).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$(python -c 'import endoquiz; print(endoquiz.__version__)')
STAGE=$(mktemp -d)
cp -R dist/endoquiz.app "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname endoquiz -srcfolder "$STAGE" -ov -format UDZO "dist/endoquiz-$VERSION-macos.dmg"
