#!/usr/bin/env bash
# Builds the local base image of the Relais container images: a minimal Debian root filesystem
# (mmdebstrap, variant essential plus ca-certificates, tzdata and zlib) with a Java 25 runtime made
# by jlink from the installed JDK, and a non-root user (65532). Written as a docker-archive tar that
# Jib takes as base (tar://...). Released images use a public base pinned by digest instead
# (.github/workflows/release.yml); this one lets the build and its tests run with no registry.
#
#   bin/build-base-image.sh BASE          BASE is the Jib base reference the build uses: when it is
#                                         tar:///path/base.tar, that tar is built (or kept when its
#                                         inputs did not change); any other reference needs nothing.
#
# Needs: mmdebstrap, umoci and skopeo (Debian packages), a JDK 25 (JAVA_HOME, or the one running
# Maven), root or unprivileged user namespaces, and Debian's package mirror (RELAIS_DEBIAN_MIRROR).
# Idempotent: the tar is rebuilt only when this script, the JDK or the settings below change.
set -euo pipefail

base="${1:?usage: bin/build-base-image.sh tar:///path/base.tar}"
case "$base" in
  tar://*) out="${base#tar://}" ;;
  *)
    echo "[base-image] $base is pulled by Jib; nothing to build"
    exit 0
    ;;
esac

suite="${RELAIS_DEBIAN_SUITE:-bookworm}"
mirror="${RELAIS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
java_home="${RELAIS_BASE_JDK:-${JAVA_HOME:-}}"
# The JDK modules the operator and the services use (jdeps --print-module-deps over their runtime
# classpaths), plus jdk.crypto.ec, jdk.localedata and jdk.charsets for TLS, French dates and
# imported files in legacy character sets, and jdk.management for JVM metrics.
modules="${RELAIS_BASE_MODULES:-java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.sql,java.xml,jdk.charsets,jdk.crypto.ec,jdk.httpserver,jdk.localedata,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs}"
packages="ca-certificates,tzdata,zlib1g"
user_id=65532
# Fixed timestamps make the root filesystem and the runtime layer byte for byte repeatable.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1767225600}" # 2026-01-01T00:00:00Z

log() { echo "[base-image] $*"; }
die() {
  echo "[base-image] ERROR: $*" >&2
  exit 1
}

[ -n "$java_home" ] && [ -x "$java_home/bin/jlink" ] || die "no jlink: set JAVA_HOME to a JDK 25"
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
[ "$feature" = 25 ] || die "$java_home is JDK $feature; the images run on Java 25"
for tool in mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (apt-get install mmdebstrap umoci skopeo)"
done

script_sum=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
key=$(printf '%s\n' "$script_sum" "$(cat "$java_home/release")" "$suite" "$mirror" "$modules" \
  "$packages" "$user_id" "$SOURCE_DATE_EPOCH" | sha256sum | cut -d' ' -f1)

mkdir -p "$(dirname "$out")"
exec 8>"$out.lock"
flock 8
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
  log "$out is up to date"
  exit 0
fi

started=$(date +%s)
work=$(mktemp -d "$(dirname "$out")/.base-image.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "jlink: Java $(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$java_home/release") runtime with $modules"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$work/runtime"

log "mmdebstrap: Debian $suite ($packages)"
# Documentation, manuals and translations are never read in a container: left out of the rootfs.
mmdebstrap --quiet --variant=essential --include="$packages" --format=tar \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook="mkdir -p \"\$1/opt/java\"" \
  --customize-hook="copy-in $work/runtime /opt/java" \
  --customize-hook="mv \"\$1/opt/java/runtime\" \"\$1/opt/java/openjdk\"" \
  --customize-hook="echo 'nonroot:x:$user_id:$user_id:nonroot:/home/nonroot:/usr/sbin/nologin' >>\"\$1/etc/passwd\"" \
  --customize-hook="echo 'nonroot:x:$user_id:' >>\"\$1/etc/group\"" \
  --customize-hook="mkdir -p \"\$1/home/nonroot\" && chown $user_id:$user_id \"\$1/home/nonroot\"" \
  --customize-hook="rm -rf \"\$1\"/var/cache/* \"\$1\"/var/lib/apt/lists/* \"\$1\"/var/log/*" \
  "$suite" "$work/rootfs.tar" "$mirror"

log "umoci: one-layer image with the runtime on PATH, user $user_id"
umoci init --layout "$work/oci"
umoci new --image "$work/oci:base"
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
umoci raw add-layer --image "$work/oci:base" --history.created="$created" \
  --history.created_by="bin/build-base-image.sh: Debian $suite, Java runtime (jlink)" "$work/rootfs.tar"
umoci config --image "$work/oci:base" --no-history --created="$created" \
  --os=linux --architecture=amd64 --config.user="$user_id:$user_id" \
  --config.workingdir=/home/nonroot \
  --config.env=PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env=JAVA_HOME=/opt/java/openjdk --config.env=LANG=C.UTF-8 \
  --config.env=TZ=UTC
skopeo copy --quiet "oci:$work/oci:base" "docker-archive:$work/base.tar:relais-base:local"

mv -f "$work/base.tar" "$out"
printf '%s\n' "$key" >"$out.key"
log "$out built in $(($(date +%s) - started)) s ($(du -h "$out" | cut -f1))"
