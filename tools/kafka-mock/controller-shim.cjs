/*
 * Test/dev harness only: loaded with `node --require` (and as a jest setup file) when the
 * broker is librdkafka's mock cluster, never in production.
 *
 * The mock advertises controller id 0 while its brokers are numbered 1..N, so kafkajs cannot
 * find the controller for InitProducerId (idempotent producer) and admin calls. When the
 * advertised controller is missing from the metadata, fall back to any known broker: the
 * mock answers controller requests on every broker.
 */
'use strict';
const Cluster = require('kafkajs/src/cluster/index.js');

if (!Cluster.prototype.__casenetControllerShim) {
  const original = Cluster.prototype.findControllerBroker;
  Cluster.prototype.findControllerBroker = async function findControllerBrokerWithFallback() {
    try {
      return await original.call(this);
    } catch (error) {
      if (!error || error.name !== 'KafkaJSBrokerNotFound') throw error;
      const brokers = (this.brokerPool.metadata && this.brokerPool.metadata.brokers) || [];
      for (const { nodeId } of brokers) {
        try {
          return await this.findBroker({ nodeId });
        } catch {
          // try the next one
        }
      }
      throw error;
    }
  };
  Cluster.prototype.__casenetControllerShim = true;
}
