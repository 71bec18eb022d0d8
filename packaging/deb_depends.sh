#!/usr/bin/env bash
# Prints the Debian packages whose shared libraries the bundle in $1 links to
# from the system (what it does not carry itself), as a Depends: value. Stops
# when a library the bundle links to is not on this machine: its package would
# be missing from Depends (packaging/system_tools.sh installs the known ones).
set -euo pipefail
bundle=$1
links=$(find "$bundle" -type f \( -name '*.so*' -o -name endoquiz \) -print0 | xargs -0 ldd 2>/dev/null || true)
missing=$(awk '/=> not found/ { print $1 }' <<<"$links" | sort -u | paste -sd' ' -)
if [ -n "$missing" ]; then
    echo "deb_depends: the bundle links to libraries this machine lacks: $missing" >&2
    echo "deb_depends: install the packages that provide them and run make dist again" >&2
    exit 1
fi
awk '/=> \// { print $3 }' <<<"$links" \
  | grep -v "^$(realpath "$bundle")" \
  | sort -u \
  | while read -r lib; do dpkg -S "$(realpath "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true; done \
  | cut -d: -f1 | sed 's/,.*//' | sort -u \
  | grep -v -E '^(libc6|libc-bin)$' \
  | { deps=$(paste -sd, - | sed 's/,/, /g'); echo "libc6, ${deps}"; }
