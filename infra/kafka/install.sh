#!/usr/bin/env bash
# Makes sure the Apache Kafka broker jars (KRaft mode, see pom.xml) are in the cache folder and prints that
# folder as the last stdout line. Idempotent: when the cache matches pom.xml it only prints (no Maven run).
#
#   bash infra/kafka/install.sh              # resolve the jars from Maven Central if the cache is missing/stale
#   bash infra/kafka/install.sh --no-install # only look; exit 1 if the cache is missing or stale
#
# Also compiles the readiness probe KafkaReady.java into <cache>/classes (start.sh runs it).
# Needs a JDK ≥ 17 (Kafka 4.x; javac for the probe) and Maven. If either is missing and apt-get is available
# (as root or with password-less sudo), installs openjdk-17-jdk-headless / maven.
#
# Environment:
#   KAFKA_JARS         cache folder                               (default infra/.cache/kafka/jars, git-ignored)
#   CRM_APT_UPDATED=1  `apt-get update` was already run by the caller (.ci/run); do not run it again
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
JARS=${KAFKA_JARS:-$REPO_ROOT/infra/.cache/kafka/jars}
POM="$SCRIPT_DIR/pom.xml"
PROBE="$SCRIPT_DIR/KafkaReady.java"

log() { printf '[kafka-install] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

[[ "$JARS" == /* ]] || JARS="$PWD/$JARS"
STAMP="$JARS/.pom.sha256"
# The cache is valid for exactly these inputs: another Kafka version or another probe means a new cache.
want=$(cat "$POM" "$PROBE" | sha256sum | cut -d' ' -f1)

cached() {
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" && -f "$JARS/classes/KafkaReady.class" ]] &&
    compgen -G "$JARS/kafka_2.13-*.jar" >/dev/null
}

if cached; then
  printf '%s\n' "$JARS"
  exit 0
fi
if [[ "${1:-}" == "--no-install" ]]; then
  log "no Kafka jars for the current pom.xml in $JARS"
  exit 1
fi

java_major() {
  # `java -version` prints e.g. 'openjdk version "17.0.15" 2025-04-15' (or "1.8.0_…" for Java 8) on stderr.
  java -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9]+)*.*/\1/p'
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "$* missing and apt-get is not available: install it yourself"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "$* missing and installing needs root (or password-less sudo): sudo apt-get install -y $*"
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [[ "${CRM_APT_UPDATED:-}" != "1" ]]; then
    log "apt-get update"
    "${sudo[@]}" apt-get update -q >&2
  fi
  log "apt-get install $*"
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" </dev/null >&2
}

packages=()
if ! command -v java >/dev/null 2>&1 || [[ "$(java_major)" -lt 17 ]] || ! command -v javac >/dev/null 2>&1; then
  packages+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || packages+=(maven)
if [[ ${#packages[@]} -gt 0 ]]; then apt_install "${packages[@]}"; fi
[[ "$(java_major)" -ge 17 ]] || die "Kafka 4.x needs Java 17 or later; java -version says: $(java -version 2>&1 | head -n 1)"

# Serialise concurrent installs (two jest runs at once) and resolve into a temp folder renamed at the end,
# so a reader never sees half a cache and an interrupted download leaves nothing that looks complete.
mkdir -p "$(dirname "$JARS")"
if command -v flock >/dev/null 2>&1; then
  exec 9>>"$(dirname "$JARS")/.install.lock"
  flock -w 900 9 || die "timed out waiting for $(dirname "$JARS")/.install.lock"
  if cached; then
    printf '%s\n' "$JARS"
    exit 0
  fi
fi

tmp=$(mktemp -d "$(dirname "$JARS")/.jars.XXXXXX")
trap 'rm -rf "$tmp" "$tmp.mvn.log"' EXIT
started=$SECONDS
log "resolving $(sed -nE 's:.*<kafka.version>(.*)</kafka.version>.*:kafka_2.13 \1:p' "$POM") and its runtime dependencies with Maven"
mvn_log="$tmp.mvn.log"
status=0
mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$tmp" >"$mvn_log" 2>&1 || status=$?
# Maven 3.8 writes bare ANSI resets even with -q -B; keep only lines that say something.
sed 's/\x1b\[[0-9;]*m//g' "$mvn_log" | grep -v '^[[:space:]]*$' >&2 || true
rm -f "$mvn_log"
[[ $status -eq 0 ]] || die "mvn dependency:copy-dependencies failed (is Maven Central reachable? see the lines above)"
compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "Maven finished but no kafka_2.13 jar was copied"
javac -nowarn -d "$tmp/classes" -cp "$tmp/*" "$PROBE" >&2 || die "javac could not compile $PROBE"
printf '%s\n' "$want" >"$tmp/.pom.sha256"
rm -rf "$JARS"
mv "$tmp" "$JARS"
trap - EXIT
log "$(find "$JARS" -name '*.jar' | wc -l) jars ($(du -sh "$JARS" | cut -f1)) in $JARS after $((SECONDS - started))s"
printf '%s\n' "$JARS"
