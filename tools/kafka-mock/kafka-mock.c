/*
 * A Kafka-protocol broker for machines without Docker: librdkafka's mock cluster,
 * driven over stdin so tests can inject faults. Test/dev harness only.
 *
 * Usage: kafka-mock [broker_count]
 * stdout: "bootstrap <host:port,...>" once ready, then "ok" or "error <msg>" per command.
 * stdin commands (one per line):
 *   topic <name> <partitions>      create a topic with a chosen partition count
 *   down <broker_id> | up <broker_id>
 *   rtt <broker_id> <ms>           add latency to a broker
 *   error <api_key> <count> <err>  next <count> requests of <api_key> fail with <err>
 * The cluster lives until stdin closes, so a parent that dies takes the broker with it.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reply(rd_kafka_resp_err_t err) {
  if (err) printf("error %s\n", rd_kafka_err2str(err));
  else printf("ok\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "mock cluster failed\n"); return 1; }
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  char line[1024], a[512];
  while (fgets(line, sizeof line, stdin)) {
    int x = 0, y = 0, z = 0;
    if (sscanf(line, "topic %511s %d", a, &x) == 2) {
      reply(rd_kafka_mock_topic_create(mc, a, x, brokers < 3 ? brokers : 3));
    } else if (sscanf(line, "down %d", &x) == 1) {
      reply(rd_kafka_mock_broker_set_down(mc, x));
    } else if (sscanf(line, "up %d", &x) == 1) {
      reply(rd_kafka_mock_broker_set_up(mc, x));
    } else if (sscanf(line, "rtt %d %d", &x, &y) == 2) {
      reply(rd_kafka_mock_broker_set_rtt(mc, x, y));
    } else if (sscanf(line, "error %d %d %d", &x, &y, &z) == 3) {
      rd_kafka_resp_err_t errs[64];
      if (y > 64) y = 64;
      for (int i = 0; i < y; i++) errs[i] = (rd_kafka_resp_err_t)z;
      rd_kafka_mock_push_request_errors_array(mc, (int16_t)x, (size_t)y, errs);
      reply(RD_KAFKA_RESP_ERR_NO_ERROR);
    } else {
      printf("error unknown command\n");
      fflush(stdout);
    }
  }
  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
