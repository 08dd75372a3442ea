import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { DEV_DIR, KAFKA_BROKER_POM } from './paths.js';

export interface KafkaJars {
  /** Folder of every jar the broker needs: its classpath is `<dir>/*`. */
  dir: string;
  /** The Apache Kafka version, read from the core jar's name. */
  version: string;
}

/**
 * The broker's jars, resolved by Maven from tools/kafka-broker/pom.xml into a cache under .dev/
 * keyed by the pom's content: fetched once per pom, reused by every later run. The copy lands in a
 * scratch folder renamed into place, so an interrupted fetch never leaves half a classpath.
 */
export function ensureKafkaJars(cacheRoot = `${DEV_DIR}/kafka-broker`): KafkaJars {
  const pom = readFileSync(KAFKA_BROKER_POM);
  const dir = `${cacheRoot}/${createHash('sha256').update(pom).digest('hex').slice(0, 12)}`;
  if (!existsSync(dir)) {
    const scratch = `${dir}.partial-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    try {
      execFileSync('mvn', ['-q', '-B', '-f', KAFKA_BROKER_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${scratch}`, '-DincludeScope=runtime'], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    } catch (error) {
      rmSync(scratch, { recursive: true, force: true });
      throw new Error(
        `Maven could not fetch the Kafka broker (${error instanceof Error ? error.message : String(error)}): it needs mvn and Maven Central; ` +
          'or set KAFKA_BROKERS to a running cluster.',
      );
    }
    if (!existsSync(dir)) renameSync(scratch, dir);
    else rmSync(scratch, { recursive: true, force: true }); // another process fetched it meanwhile
  }
  const core = readdirSync(dir).find((name) => /^kafka_2\.13-.+\.jar$/.test(name));
  if (!core) throw new Error(`${dir} holds no kafka_2.13 jar: delete it and run again`);
  return { dir, version: core.replace(/^kafka_2\.13-(.+)\.jar$/, '$1') };
}
