# A real single-node Apache Kafka broker (KRaft, broker + controller in one process) on loopback, from the jars
# Maven resolves for scripts/kafka/pom.xml: no Docker, no download beyond the Maven registry. Source it after
# common.sh; the broker joins STARTED_PIDS, so stop_started stops it.
#
#   kafka_start ROOT WORK        formats WORK/kafka/data, starts the broker, waits until it accepts connections,
#                                sets KAFKA_BOOTSTRAP=127.0.0.1:<port> and KAFKA_PID; log in WORK/kafka/broker.log
#   kafka_restart ROOT WORK      starts the broker again on the same port and data directory (after a stop)
#   kafka_create_topic ROOT NAME PARTITIONS   creates a topic and waits until every partition has a leader

kafka_classpath() {
  local root=$1 work=$2
  if [ ! -s "$work/kafka/cp.txt" ]; then
    mkdir -p "$work/kafka"
    (cd "$root" && ./mvnw -B -q -f scripts/kafka/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$work/kafka/cp.txt") >&2 || { echo "FAIL: could not resolve the Kafka broker jars" >&2; return 1; }
  fi
  cat "$work/kafka/cp.txt"
}

kafka_start() {
  local root=$1 work=$2 cp port controller id
  cp=$(kafka_classpath "$root" "$work") || return 1
  port=$(free_port)
  controller=$(free_port)
  mkdir -p "$work/kafka/data"
  cat >"$work/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$work/kafka/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
PROPS
  id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  java -cp "$cp" kafka.tools.StorageTool format -t "$id" -c "$work/kafka/server.properties" \
    >"$work/kafka/format.log" 2>&1 || { echo "FAIL: kafka storage format failed:" >&2; cat "$work/kafka/format.log" >&2; return 1; }
  KAFKA_BOOTSTRAP=127.0.0.1:$port
  kafka_restart "$root" "$work"
}

kafka_restart() {
  local root=$1 work=$2 cp port deadline
  cp=$(kafka_classpath "$root" "$work") || return 1
  port=${KAFKA_BOOTSTRAP##*:}
  java -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile="$root/scripts/kafka/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$work/kafka/server.properties" >>"$work/kafka/broker.log" 2>&1 &
  KAFKA_PID=$!
  STARTED_PIDS+=("$KAFKA_PID")
  deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$KAFKA_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "FAIL: the Kafka broker did not listen on 127.0.0.1:$port; last lines of its log:" >&2
      tail -n 40 "$work/kafka/broker.log" >&2
      return 1
    fi
    sleep 0.25
  done
}

kafka_create_topic() {
  local root=$1 name=$2 partitions=$3 cp
  cp=$(kafka_classpath "$root" "$WORK") || return 1
  java -cp "$cp" "$root/scripts/kafka/KafkaTopics.java" create "$KAFKA_BOOTSTRAP" "$name" "$partitions"
}
