#!/bin/sh
# Creates the topics of libs/contracts/src/topics.ts: one inbox per receiving agency and its
# dead-letter topic. The broker runs with auto.create.topics.enable=false, so the services
# depend on this having run. Idempotent (--if-not-exists): safe on every `docker compose up`.
# An existing topic keeps its partitions and configs; change those with kafka-configs.sh.
#
# Defaults fit the single-broker docker-compose.yml. Production: 3 brokers,
# TOPIC_REPLICATION_FACTOR=3 and TOPIC_MIN_INSYNC_REPLICAS=2 (see deploy/README.md).
set -eu

BOOTSTRAP_SERVER="${BOOTSTRAP_SERVER:-kafka:9092}"
TOPIC_PARTITIONS="${TOPIC_PARTITIONS:-6}"
TOPIC_REPLICATION_FACTOR="${TOPIC_REPLICATION_FACTOR:-1}"
TOPIC_MIN_INSYNC_REPLICAS="${TOPIC_MIN_INSYNC_REPLICAS:-1}"
TOPIC_RETENTION_MS="${TOPIC_RETENTION_MS:-2592000000}" # 30 days
AGENCIES="schools municipality police health court"
KAFKA_BIN=/opt/kafka/bin

# compose waits for the broker's health check; this covers running the script by hand.
attempt=0
until "$KAFKA_BIN/kafka-broker-api-versions.sh" --bootstrap-server "$BOOTSTRAP_SERVER" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "create-topics: no Kafka broker at $BOOTSTRAP_SERVER" >&2
    exit 1
  fi
  sleep 2
done

create_topic() {
  echo "create-topics: $1"
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" --create --if-not-exists \
    --topic "$1" \
    --partitions "$TOPIC_PARTITIONS" \
    --replication-factor "$TOPIC_REPLICATION_FACTOR" \
    --config "retention.ms=$TOPIC_RETENTION_MS" \
    --config "min.insync.replicas=$TOPIC_MIN_INSYNC_REPLICAS"
}

for agency in $AGENCIES; do
  create_topic "$agency.inbox.v1"
  create_topic "$agency.inbox.v1.dead-letter"
done

"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" --describe --exclude-internal
