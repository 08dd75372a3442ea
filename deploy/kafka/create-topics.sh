#!/bin/sh
# Creates the topics of libs/contracts/src/topics.ts: one inbox per receiving agency and its
# dead-letter topic. The broker runs with auto.create.topics.enable=false, so the services
# depend on this having run. Idempotent (--if-not-exists): safe on every `docker compose up`.
# An existing topic keeps its partitions and configs; change those with kafka-configs.sh.
#
# Defaults fit the single-broker docker-compose.yml. Production: 3 brokers,
# TOPIC_REPLICATION_FACTOR=3 and TOPIC_MIN_INSYNC_REPLICAS=2 (see deploy/README.md).
#
# Authenticates as the super user casenet-admin (SASL/SCRAM-SHA-512, password from
# KAFKA_ADMIN_PASSWORD) with a client properties file it writes to ADMIN_CLIENT_CONFIG.
# apply-acls.sh, which compose runs next in the same container, uses the same file.
set -eu

BOOTSTRAP_SERVER="${BOOTSTRAP_SERVER:-kafka:9092}"
TOPIC_PARTITIONS="${TOPIC_PARTITIONS:-6}"
TOPIC_REPLICATION_FACTOR="${TOPIC_REPLICATION_FACTOR:-1}"
TOPIC_MIN_INSYNC_REPLICAS="${TOPIC_MIN_INSYNC_REPLICAS:-1}"
TOPIC_RETENTION_MS="${TOPIC_RETENTION_MS:-2592000000}" # 30 days
AGENCIES="schools municipality police health court"
KAFKA_BIN=/opt/kafka/bin
ADMIN_CLIENT_CONFIG="${ADMIN_CLIENT_CONFIG:-/tmp/casenet-admin-client.properties}"

if [ -z "${KAFKA_ADMIN_PASSWORD:-}" ]; then
  echo "create-topics: KAFKA_ADMIN_PASSWORD is not set" >&2
  exit 1
fi
# The password goes into a JAAS quoted string in a .properties file. start-kafka.sh refuses
# passwords with quotes, backslashes, commas or white space, so a working broker has none.
(
  umask 077
  cat >"$ADMIN_CLIENT_CONFIG" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="casenet-admin" password="$KAFKA_ADMIN_PASSWORD";
EOF
)

# compose waits for the broker's health check; this covers running the script by hand.
attempt=0
until "$KAFKA_BIN/kafka-broker-api-versions.sh" --bootstrap-server "$BOOTSTRAP_SERVER" \
  --command-config "$ADMIN_CLIENT_CONFIG" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "create-topics: no Kafka broker at $BOOTSTRAP_SERVER, or casenet-admin cannot log in" >&2
    exit 1
  fi
  sleep 2
done

create_topic() {
  echo "create-topics: $1"
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" --command-config "$ADMIN_CLIENT_CONFIG" \
    --create --if-not-exists \
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

"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" --command-config "$ADMIN_CLIENT_CONFIG" \
  --describe --exclude-internal
