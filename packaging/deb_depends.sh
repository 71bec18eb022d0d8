#!/usr/bin/env bash
# Prints the Debian packages whose shared libraries the bundle in $1 links to
# from the system (what it does not carry itself), as a Depends: value.
set -euo pipefail
bundle=$1
find "$bundle" -type f \( -name '*.so*' -o -name endoquiz \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> \// { print $3 }' \
  | grep -v "^$(realpath "$bundle")" \
  | sort -u \
  | while read -r lib; do dpkg -S "$(realpath "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; done \
  | cut -d: -f1 | sed 's/,.*//' | sort -u \
  | grep -v -E '^(libc6|libc-bin)$' \
  | { deps=$(paste -sd, - | sed 's/,/, /g'); echo "libc6, ${deps}"; }
