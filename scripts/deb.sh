#!/usr/bin/env bash
# Build the Debian package: bash scripts/deb.sh <path-to-ucarp-binary> [output-dir]
# Writes <output-dir>/ucarp_<version>_amd64.deb (default dist/). The version is
# Directory.Build.props' <Version> (1.5.2.1 sorts above Debian's
# 1.5.2+git20192404.1a9aaf7-1, so dpkg and apt see an upgrade, not a downgrade).
# The man page is man/ucarp.8 (UCARP_MAN overrides the path).
set -euo pipefail

die() { printf 'deb.sh: %s\n' "$*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then die "usage: deb.sh <ucarp-binary> [output-dir]"; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$1
OUT=${2:-$ROOT/dist}
MAN=${UCARP_MAN:-$ROOT/man/ucarp.8}
PKG=$ROOT/packaging

if [ ! -f "$BIN" ] || [ ! -x "$BIN" ]; then die "$BIN is not an executable file"; fi
[ -f "$MAN" ] || die "missing man page $MAN"
command -v dpkg-deb > /dev/null || die "dpkg-deb is required"

VERSION=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$ROOT/Directory.Build.props" | head -1)
[ -n "$VERSION" ] || die "no <Version> in Directory.Build.props"
# The changelog's newest entry must describe this version (a native package: no Debian revision).
CHANGELOG_VERSION=$(sed -n '1s/^ucarp (\([^)]*\)).*/\1/p' "$PKG/debian/changelog")
[ "$CHANGELOG_VERSION" = "$VERSION" ] || \
    die "packaging/debian/changelog starts at ${CHANGELOG_VERSION:-nothing}, not $VERSION: add an entry"

umask 022
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
chmod 0755 "$STAGE"

install -D -m 0755 "$BIN" "$STAGE/usr/sbin/ucarp"
install -D -m 0755 "$PKG/ifupdown/ucarp" "$STAGE/etc/network/if-up.d/ucarp"
install -D -m 0755 "$PKG/ifupdown/ucarp" "$STAGE/etc/network/if-down.d/ucarp"
install -D -m 0644 "$PKG/etc/example.conf" "$STAGE/etc/ucarp/example.conf"
install -D -m 0755 "$PKG/share/vip-up" "$STAGE/usr/share/ucarp/vip-up"
install -D -m 0755 "$PKG/share/vip-down" "$STAGE/usr/share/ucarp/vip-down"
install -D -m 0755 "$PKG/lib/ucarp-instance" "$STAGE/usr/lib/ucarp/ucarp-instance"
install -D -m 0644 "$PKG/systemd/ucarp@.service" "$STAGE/lib/systemd/system/ucarp@.service"
install -D -m 0644 "$PKG/systemd/ucarp-instances.service" "$STAGE/lib/systemd/system/ucarp-instances.service"
install -d -m 0755 "$STAGE/usr/share/man/man8"
gzip -9n < "$MAN" > "$STAGE/usr/share/man/man8/ucarp.8.gz"
chmod 0644 "$STAGE/usr/share/man/man8/ucarp.8.gz"

DOC=$STAGE/usr/share/doc/ucarp
install -D -m 0644 "$ROOT/README.md" "$DOC/README.md"
install -D -m 0644 "$PKG/debian/copyright" "$DOC/copyright"
gzip -9n < "$PKG/debian/changelog" > "$DOC/changelog.gz"
chmod 0644 "$DOC/changelog.gz"
install -D -m 0644 "$PKG/debian/lintian-overrides" "$STAGE/usr/share/lintian/overrides/ucarp"
install -D -m 0755 "$PKG/examples/init.d/ucarp" "$DOC/examples/init.d/ucarp"
install -D -m 0644 "$PKG/examples/default/ucarp" "$DOC/examples/default/ucarp"
install -D -m 0644 "$PKG/examples/interface/vip-3" "$DOC/examples/interface/vip-3"
install -D -m 0644 "$PKG/examples/monitoring/README" "$DOC/examples/monitoring/README"
install -D -m 0644 "$PKG/examples/instances.conf" "$DOC/examples/instances.conf"

SIZE=$(du -k -s --apparent-size "$STAGE" | cut -f1)
install -d -m 0755 "$STAGE/DEBIAN"
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$SIZE/" \
    "$PKG/debian/control.in" > "$STAGE/DEBIAN/control"
install -m 0644 "$PKG/debian/conffiles" "$STAGE/DEBIAN/conffiles"
install -m 0755 "$PKG/debian/postinst" "$PKG/debian/postrm" "$STAGE/DEBIAN/"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$STAGE/DEBIAN/md5sums"

mkdir -p "$OUT"
DEB=$OUT/ucarp_${VERSION}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" > /dev/null
printf '==> %s\n' "$DEB"
