#!/bin/bash
# Applies the Kafka ACLs of CaseNet: the table below is all of them. The broker denies whatever
# no ACL allows (allow.everyone.if.no.acl.found=false, see start-kafka.sh), so this table is
# the complete list of what each principal may do. docs/kafka-acls.md has the same table with
# the reasons; keep the two in step.
#
# Run by the one-shot kafka-topics container after create-topics.sh, as the super user
# casenet-admin. Idempotent: adding an ACL that exists already changes nothing. It only ADDS:
# an ACL taken out of the table stays on the broker until removed by hand, e.g.
#   kafka-acls.sh --bootstrap-server kafka:9092 --command-config <admin client properties> \
#     --remove --force --allow-principal User:casenet-police --operation Write --topic schools.inbox.v1
# The last step lists every ACL on the broker, so the container's log shows what is in force.
#
# Environment: BOOTSTRAP_SERVER (default kafka:9092), KAFKA_ADMIN_PASSWORD, ADMIN_CLIENT_CONFIG
# (written here if missing, as by create-topics.sh), DRY_RUN=1 to print the kafka-acls.sh
# commands instead of running them.
set -euo pipefail

# ------------------------------------------------------------------------------------------
# THE ACL TABLE. One row: principal, resource type (topic | group | cluster), pattern type
# (literal | prefixed), resource name (kafka-cluster for the cluster), allowed operations.
#
# Writers follow libs/privacy/policy/sharing-policy.yaml (`from` -> inbox of `to`):
#   schools -> municipality; municipality -> police, schools, health, court;
#   police -> municipality; health -> municipality; court -> municipality. Every service reads only its own inbox, in its own consumer
# group (casenet-<agency>-inbox), and writes its own dead-letter topic (inbox.processor.ts
# dead-letters through the service's own outbox relay).
# IdempotentWrite on the cluster: the outbox relay's kafkajs producer is idempotent and starts
# with InitProducerId. Kafka >= 3.0 also allows that to any principal with WRITE on some topic
# (KIP-679), so on this broker the row is redundant; it stays so the services keep working on a
# broker or authorizer that still checks IdempotentWrite. It grants no transactions and no
# access to any topic.
# Describe on every topic a service uses: metadata look-ups (Read and Write imply it; listed so
# the table says it).
# ------------------------------------------------------------------------------------------
ACL_TABLE="$(cat <<'TABLE'
# principal            type     pattern   name                                operations
casenet-schools        topic    literal   schools.inbox.v1                    Read,Describe
casenet-schools        group    literal   casenet-schools-inbox               Read
casenet-schools        topic    literal   schools.inbox.v1.dead-letter        Write,Describe
casenet-schools        topic    literal   municipality.inbox.v1               Write,Describe
casenet-schools        cluster  literal   kafka-cluster                       IdempotentWrite

casenet-municipality   topic    literal   municipality.inbox.v1               Read,Describe
casenet-municipality   group    literal   casenet-municipality-inbox          Read
casenet-municipality   topic    literal   municipality.inbox.v1.dead-letter   Write,Describe
casenet-municipality   topic    literal   police.inbox.v1                     Write,Describe
casenet-municipality   topic    literal   schools.inbox.v1                    Write,Describe
casenet-municipality   topic    literal   health.inbox.v1                     Write,Describe
casenet-municipality   topic    literal   court.inbox.v1                      Write,Describe
casenet-municipality   cluster  literal   kafka-cluster                       IdempotentWrite

casenet-police         topic    literal   police.inbox.v1                     Read,Describe
casenet-police         group    literal   casenet-police-inbox                Read
casenet-police         topic    literal   police.inbox.v1.dead-letter         Write,Describe
casenet-police         topic    literal   municipality.inbox.v1               Write,Describe
casenet-police         cluster  literal   kafka-cluster                       IdempotentWrite

casenet-health         topic    literal   health.inbox.v1                     Read,Describe
casenet-health         group    literal   casenet-health-inbox                Read
casenet-health         topic    literal   health.inbox.v1.dead-letter         Write,Describe
casenet-health         topic    literal   municipality.inbox.v1               Write,Describe
casenet-health         cluster  literal   kafka-cluster                       IdempotentWrite

casenet-court          topic    literal   court.inbox.v1                      Read,Describe
casenet-court          group    literal   casenet-court-inbox                 Read
casenet-court          topic    literal   court.inbox.v1.dead-letter          Write,Describe
casenet-court          topic    literal   municipality.inbox.v1               Write,Describe
casenet-court          cluster  literal   kafka-cluster                       IdempotentWrite

casenet-audit          topic    literal   schools.inbox.v1                    Read,Describe
casenet-audit          topic    literal   schools.inbox.v1.dead-letter        Read,Describe
casenet-audit          topic    literal   municipality.inbox.v1               Read,Describe
casenet-audit          topic    literal   municipality.inbox.v1.dead-letter   Read,Describe
casenet-audit          topic    literal   police.inbox.v1                     Read,Describe
casenet-audit          topic    literal   police.inbox.v1.dead-letter         Read,Describe
casenet-audit          topic    literal   health.inbox.v1                     Read,Describe
casenet-audit          topic    literal   health.inbox.v1.dead-letter         Read,Describe
casenet-audit          topic    literal   court.inbox.v1                      Read,Describe
casenet-audit          topic    literal   court.inbox.v1.dead-letter          Read,Describe
casenet-audit          group    prefixed  casenet-audit                       Read
TABLE
)"
# ------------------------------------------------------------------------------------------

BOOTSTRAP_SERVER="${BOOTSTRAP_SERVER:-kafka:9092}"
ADMIN_CLIENT_CONFIG="${ADMIN_CLIENT_CONFIG:-/tmp/casenet-admin-client.properties}"
DRY_RUN="${DRY_RUN:-}"
KAFKA_BIN=/opt/kafka/bin

fail() {
  echo "apply-acls: $*" >&2
  exit 1
}

# Guards on the table itself, so an edit that breaks the data boundary fails here, loudly,
# rather than on the broker: no wildcards, no prefixed topics, auditors never write, a service
# reads only its own inbox and group, and only the auditors have a prefixed group.
check_row() { # <principal> <type> <pattern> <name> <operations>
  local principal="$1" type="$2" pattern="$3" name="$4" operations="$5" agency op
  case "$principal" in casenet-*) ;; *) fail "unknown principal $principal" ;; esac
  case "$type" in topic | group | cluster) ;; *) fail "$principal: unknown resource type $type" ;; esac
  case "$pattern" in literal | prefixed) ;; *) fail "$principal: unknown pattern type $pattern" ;; esac
  case "$name" in *'*'*) fail "$principal: wildcard resource $name" ;; esac
  [ "$type" != cluster ] || [ "$name" = kafka-cluster ] || fail "$principal: the cluster resource is named kafka-cluster"
  [ "$type" != topic ] || [ "$pattern" = literal ] || fail "$principal: topic ACLs must be literal ($name)"
  for op in ${operations//,/ }; do
    case "$op" in Read | Write | Describe | IdempotentWrite) ;; *) fail "$principal: operation $op is not one CaseNet grants" ;; esac
    if [ "$principal" = casenet-audit ]; then
      case "$op" in Read | Describe) ;; *) fail "casenet-audit may only read and describe, not $op" ;; esac
    elif [ "$op" = Read ]; then
      agency="${principal#casenet-}"
      case "$type:$name" in
        "topic:$agency.inbox.v1" | "group:casenet-$agency-inbox") ;;
        *) fail "$principal may read only its own inbox and group, not $type $name" ;;
      esac
    fi
  done
  [ "$pattern" = literal ] || [ "$principal" = casenet-audit ] || fail "$principal: only casenet-audit has a prefixed ACL"
}

# Rows with the same principal, resource type, pattern type and operations become one
# kafka-acls.sh call with several --topic/--group (each call starts a JVM, ~2 s).
declare -a batch_keys=()
declare -A batch_names=()
rows=0
while read -r principal type pattern name operations extra; do
  case "$principal" in '' | '#'*) continue ;; esac
  [ -n "$operations" ] && [ -z "${extra:-}" ] || fail "malformed row: $principal $type $pattern $name $operations ${extra:-}"
  check_row "$principal" "$type" "$pattern" "$name" "$operations"
  key="$principal $type $pattern $operations"
  if [ -z "${batch_names[$key]+set}" ]; then
    batch_keys+=("$key")
    batch_names[$key]="$name"
  else
    batch_names[$key]+=" $name"
  fi
  rows=$((rows + 1))
done <<<"$ACL_TABLE"
echo "apply-acls: $rows ACL rows in ${#batch_keys[@]} kafka-acls.sh calls"

run() {
  if [ -n "$DRY_RUN" ]; then
    printf '%q ' "$@"
    printf '\n'
  else
    "$@"
  fi
}

if [ -z "$DRY_RUN" ] && [ ! -f "$ADMIN_CLIENT_CONFIG" ]; then
  [ -n "${KAFKA_ADMIN_PASSWORD:-}" ] || fail "KAFKA_ADMIN_PASSWORD is not set and $ADMIN_CLIENT_CONFIG does not exist"
  (
    umask 077
    cat >"$ADMIN_CLIENT_CONFIG" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="casenet-admin" password="$KAFKA_ADMIN_PASSWORD";
EOF
  )
fi
admin=(--bootstrap-server "$BOOTSTRAP_SERVER" --command-config "$ADMIN_CLIENT_CONFIG")

for key in "${batch_keys[@]}"; do
  read -r principal type pattern operations <<<"$key"
  args=(--add --allow-principal "User:$principal" --allow-host '*' --resource-pattern-type "$pattern")
  for op in ${operations//,/ }; do args+=(--operation "$op"); done
  case "$type" in
    cluster) args+=(--cluster) ;;
    *) for name in ${batch_names[$key]}; do args+=("--$type" "$name"); done ;;
  esac
  echo "apply-acls: allow User:$principal $operations on $type ($pattern) ${batch_names[$key]}"
  run "$KAFKA_BIN/kafka-acls.sh" "${admin[@]}" "${args[@]}"
done

echo "apply-acls: every ACL now on the broker:"
run "$KAFKA_BIN/kafka-acls.sh" "${admin[@]}" --list
