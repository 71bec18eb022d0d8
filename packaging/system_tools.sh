#!/usr/bin/env bash
# Checks the system tools and libraries `make dist` needs before it builds
# anything (run by `make dist`). What is missing is installed with apt-get when
# this runs as root on Debian or Ubuntu; otherwise it stops at once with one
# line naming the Debian packages to install. Usage: packaging/system_tools.sh
set -euo pipefail

# Each command the build and smoke test run (build_dist.sh, deb_depends.sh,
# smoke.sh, and PyInstaller, which calls ldd, objdump and objcopy on Linux),
# with the Debian package that provides it.
COMMANDS=(
    "dpkg-deb dpkg" "dpkg dpkg"
    "desktop-file-validate desktop-file-utils"
    "appstreamcli appstream"
    "ldd libc-bin"
    "objdump binutils" "objcopy binutils"
    "unshare util-linux"
    "tar tar" "gzip gzip"
    "find findutils" "xargs findutils"
    "awk mawk" "sed sed" "grep grep"
    "du coreutils" "sort coreutils" "cut coreutils" "paste coreutils"
    "realpath coreutils" "mktemp coreutils" "touch coreutils" "date coreutils"
    "git git"
)
# Libraries the bundle links to from the system rather than carrying them
# (Qt's GUI and its X11 and Wayland plugins): without them the smoke test
# cannot start the app, and the .deb's Depends, read from what they resolve
# to, would miss them.
LIBRARIES=(
    "libEGL.so.1 libegl1" "libGL.so.1 libgl1" "libOpenGL.so.0 libopengl0"
    "libfontconfig.so.1 libfontconfig1" "libfreetype.so.6 libfreetype6"
    "libglib-2.0.so.0 libglib2.0-0" "libdbus-1.so.3 libdbus-1-3"
    "libxkbcommon.so.0 libxkbcommon0" "libxkbcommon-x11.so.0 libxkbcommon-x11-0"
    "libX11.so.6 libx11-6" "libX11-xcb.so.1 libx11-xcb1" "libxcb.so.1 libxcb1"
    "libxcb-cursor.so.0 libxcb-cursor0" "libxcb-icccm.so.4 libxcb-icccm4"
    "libxcb-image.so.0 libxcb-image0" "libxcb-keysyms.so.1 libxcb-keysyms1"
    "libxcb-randr.so.0 libxcb-randr0" "libxcb-render-util.so.0 libxcb-render-util0"
    "libxcb-shape.so.0 libxcb-shape0" "libxcb-shm.so.0 libxcb-shm0"
    "libxcb-sync.so.1 libxcb-sync1" "libxcb-xfixes.so.0 libxcb-xfixes0"
    "libxcb-xkb.so.1 libxcb-xkb1" "libwayland-client.so.0 libwayland-client0"
    "libwayland-cursor.so.0 libwayland-cursor0" "libwayland-egl.so.1 libwayland-egl1"
)

missing_packages() {
    local entry name package libraries
    libraries=$({ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; } \
        | awk 'NR > 1 { print $1 }')
    for entry in "${COMMANDS[@]}"; do
        read -r name package <<<"$entry"
        command -v "$name" >/dev/null 2>&1 || echo "$package"
    done
    for entry in "${LIBRARIES[@]}"; do
        read -r name package <<<"$entry"
        grep -qxF "$name" <<<"$libraries" || echo "$package"
    done
}

missing=$(missing_packages | sort -u | paste -sd' ' -)
if [ -z "$missing" ]; then
    echo "system tools: all present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "make dist: missing system packages; on Debian or Ubuntu: sudo apt-get install $missing" >&2
    exit 1
fi
echo "system tools: installing $missing"
# shellcheck disable=SC2086  # one word per package
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
    >/dev/null; then
    # The package lists may be missing or stale on a machine just set up.
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
still=$(missing_packages | sort -u | paste -sd' ' -)
if [ -n "$still" ]; then
    echo "make dist: still missing after apt-get install: $still" >&2
    exit 1
fi
echo "system tools: installed $missing"
