import { DEFAULT_PORTS, RunningSystem } from '../infra/system.js';

/**
 * The `npm start` system on a dev directory (.dev/ normally; a temp dir in the restart test):
 * databases named casenet_*, its own Kafka broker whose data stays in `<devDir>/kafka`, so a
 * second start carries on with the same topics, offsets and history.
 */
export function startDevSystem(devDir: string, options: { ports?: typeof DEFAULT_PORTS; namespace?: string } = {}): Promise<RunningSystem> {
  return RunningSystem.start({
    namespace: options.namespace ?? 'casenet',
    ports: options.ports ?? DEFAULT_PORTS,
    logDir: `${devDir}/logs/start`,
    kafkaHome: `${devDir}/kafka`,
    kafkaPartitions: 6,
  });
}
