#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft: broker and controller in one JVM) on 127.0.0.1 for
# tests and development, waits until a metadata call succeeds, and prints the bootstrap address
# (KAFKA_BROKERS) as the last stdout line. Idempotent: reuses a broker that already answers there.
#
#   bash infra/kafka/start.sh           # install jars if needed (install.sh), format once, start, wait
#   bash infra/kafka/start.sh --fresh   # if not running: delete the data dir first (no topics, no offsets)
#
# Environment:
#   KAFKA_PORT              client listener port, 127.0.0.1 only          (default 19092)
#   KAFKA_CONTROLLER_PORT   KRaft controller listener port                (default 19093)
#   KAFKA_DATA              data dir (log.dirs, server.properties, logs)  (default /tmp/crm-test-kafka-$KAFKA_PORT)
#   KAFKA_HEAP              JVM heap (-Xmx)                                (default 512m)
#   KAFKA_START_TIMEOUT     seconds to wait for readiness                  (default 120)
#   KAFKA_JARS              jar folder (see install.sh)
#
# Topics are never created implicitly (auto.create.topics.enable=false): the code and the tests create
# theirs with the admin client. No authentication, no TLS, loopback only: for tests and development, never prod.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${KAFKA_PORT:-19092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
DATA=${KAFKA_DATA:-/tmp/crm-test-kafka-$PORT}
HEAP=${KAFKA_HEAP:-512m}
TIMEOUT=${KAFKA_START_TIMEOUT:-120}
FRESH=0
for arg in "$@"; do
  case "$arg" in
    --fresh) FRESH=1 ;;
    -h | --help)
      sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      printf 'unknown option %s\n' "$arg" >&2
      exit 2
      ;;
  esac
done

log() { printf '[kafka-start] %s\n' "$*" >&2; }
# shellcheck source=../lib.sh
source "$SCRIPT_DIR/../lib.sh"

[[ "$PORT" =~ ^[0-9]+$ ]] || die "KAFKA_PORT must be a number, got '$PORT'"
[[ "$CONTROLLER_PORT" =~ ^[0-9]+$ ]] || die "KAFKA_CONTROLLER_PORT must be a number, got '$CONTROLLER_PORT'"
[[ "$PORT" != "$CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
[[ "$HEAP" =~ ^[0-9]+[mMgG]$ ]] || die "KAFKA_HEAP must look like 512m or 1g, got '$HEAP'"
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "KAFKA_START_TIMEOUT must be a number of seconds, got '$TIMEOUT'"
[[ "$DATA" == /* ]] || DATA="$PWD/$DATA"

BROKERS="127.0.0.1:$PORT"
PIDFILE="$DATA/kafka.pid"
LOGDIR="$DATA/logs"
PROPS="$DATA/server.properties"

JARS=$(bash "$SCRIPT_DIR/install.sh" | tail -n 1)
compgen -G "$JARS/kafka_2.13-*.jar" >/dev/null || die "install.sh did not report a usable jar folder (got '$JARS')"

# Serialise concurrent start/stop calls for the same port (two jest runs started at once).
take_service_lock "/tmp/crm-test-kafka-$PORT.lock" strict

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A metadata call through the Java admin client: the broker answers and has an active controller.
metadata_ok() {
  java -Dlog4j2.level=ERROR -cp "$JARS/*:$JARS/classes" KafkaReady "$BROKERS" "$1" >/dev/null
}

our_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa "kafka.Kafka" "/proc/$pid/cmdline" 2>/dev/null &&
    printf '%s\n' "$pid"
}

show_log_tail() {
  local file
  for file in "$LOGDIR/server.log" "$LOGDIR/stdout.log"; do
    if [[ -s "$file" ]]; then
      log "last lines of $file:"
      tail -n 30 "$file" | sed 's/^/    /' >&2
    fi
  done
}

if port_open "$PORT"; then
  if pid=$(our_pid); then
    log "reusing Kafka already running on $BROKERS (pid $pid, data dir $DATA)"
  else
    log "something already listens on $BROKERS (not started from $DATA); checking that it is a Kafka broker"
  fi
  metadata_ok 30 || die "$BROKERS accepts connections but answers no Kafka metadata call"
  log "ready: $BROKERS"
  printf '%s\n' "$BROKERS"
  exit 0
fi
if port_open "$CONTROLLER_PORT"; then
  die "the controller port 127.0.0.1:$CONTROLLER_PORT is taken by another process; set KAFKA_CONTROLLER_PORT"
fi
if pid=$(our_pid); then
  # Started but not listening yet (another start.sh lost the race for the lock?), or wedged: give it the timeout.
  log "Kafka pid $pid is running but not listening yet; waiting"
else
  if [[ $FRESH -eq 1 && -e "$DATA" ]]; then
    log "deleting $DATA (--fresh)"
    rm -rf -- "$DATA"
  fi
  mkdir -p "$DATA/log" "$LOGDIR"

  # Rewritten on every start so changes here (and the ports) take effect; storage is formatted only once.
  cat >"$PROPS" <<PROPERTIES
# Written by infra/kafka/start.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA/log
# Topics exist only when code or tests create them (admin client), never by a typo in a producer.
auto.create.topics.enable=false
num.partitions=1
# One node: internal topics cannot have more replicas than that; fewer partitions make the first
# consumer group and the first transactional producer start in a fraction of the time.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Tests join and leave consumer groups all the time; do not wait 3 s for more members on the first join.
group.initial.rebalance.delay.ms=0
# Sized for a 2-core CI box.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
PROPERTIES

  if [[ ! -f "$DATA/log/meta.properties" ]]; then
    # A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    log "formatting storage in $DATA/log (cluster id $cluster_id)"
    if ! java -Dlog4j2.level=ERROR -cp "$JARS/*" kafka.tools.StorageTool format --standalone \
      -t "$cluster_id" -c "$PROPS" >"$LOGDIR/format.log" 2>&1; then
      sed 's/^/    /' "$LOGDIR/format.log" >&2
      die "kafka.tools.StorageTool format failed"
    fi
  fi

  log "starting Kafka on $BROKERS (controller 127.0.0.1:$CONTROLLER_PORT, heap $HEAP, data dir $DATA)"
  # setsid + nohup: the broker outlives this script and the terminal or test runner that called it.
  # 9>&-: it must not inherit (and keep holding) our lock.
  setsid nohup java "-Xmx$HEAP" "-Xms$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "-Dkafka.logs.dir=$LOGDIR" "-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2.properties" \
    -cp "$JARS/*" kafka.Kafka "$PROPS" </dev/null >"$LOGDIR/stdout.log" 2>&1 9>&- &
  printf '%s\n' "$!" >"$PIDFILE"
fi

pid=$(cat "$PIDFILE")
deadline=$((SECONDS + TIMEOUT))
until port_open "$PORT"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    show_log_tail
    die "Kafka (pid $pid) exited during start-up"
  fi
  if ((SECONDS >= deadline)); then
    show_log_tail
    die "Kafka did not listen on $BROKERS within ${TIMEOUT}s (pid $pid still running; stop it with infra/kafka/stop.sh)"
  fi
  sleep 0.25
done
left=$((deadline - SECONDS))
if ! metadata_ok $((left > 10 ? left : 10)); then
  show_log_tail
  die "Kafka listens on $BROKERS but no metadata call succeeded within ${TIMEOUT}s"
fi
log "ready: $BROKERS"
printf '%s\n' "$BROKERS"
