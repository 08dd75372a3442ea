import { fileURLToPath } from 'node:url';

/** The repository root, from src/ (jest) or dist/ (compiled) alike: both sit four levels down. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const DEV_DIR = `${REPO_ROOT}.dev`;
export const DEV_KEYS = {
  privateKeyPath: `${DEV_DIR}/keys/jwt-dev.key`,
  publicKeyPath: `${DEV_DIR}/keys/jwt-dev.pub`,
};
export const DEV_MASTER_KEY_FILE = `${DEV_DIR}/keys/master-key.b64`;
/** Key-encryption keys of every local vault (files named by id, so vaults never clash). */
export const DEV_KEK_DIR = `${DEV_DIR}/keys/kek`;
export const DEV_SIGNING_DIR = `${DEV_DIR}/keys/signing`;
export const DEV_TRUST_LIST = `${DEV_DIR}/keys/trust-list.json`;

export function serviceEntryPoint(agency: string): string {
  return `${REPO_ROOT}apps/${agency}/dist/main.js`;
}
/** Where `npm run build:ui` writes an agency's caseworkers' UI. */
export function uiBuildDir(agency: string): string {
  return `${REPO_ROOT}apps/${agency}-ui/dist`;
}
/** The Maven project that names the Kafka broker's jars (see ADR 0012). */
export const KAFKA_BROKER_POM = `${REPO_ROOT}tools/kafka-broker/pom.xml`;
