import { checkEvent, type EventCheck } from '@casenet/contracts';
import { unsealInbound } from '@casenet/messaging';
import { localSubjectKeyVault, type PostgresSubjectKeyVault, SubjectSealer } from '@casenet/privacy';
import pg from 'pg';
import { devMasterKey } from './infra/dev-secrets.js';
import { DEV_KEK_DIR } from './infra/paths.js';
import type { CapturedMessage } from './topic-reader.js';

/** The test's own handle on the key vault, as an auditor or DPO tool would hold it. */
export class TestKeyVault {
  private readonly pool: pg.Pool;
  readonly vault: PostgresSubjectKeyVault;
  readonly sealer: SubjectSealer;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.vault = localSubjectKeyVault(this.pool, devMasterKey(), DEV_KEK_DIR);
    this.sealer = new SubjectSealer(this.vault);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A captured message opened the way its reader opens it: unsealed, then checked. */
export async function openCaptured(message: CapturedMessage, logicalTopic: string, sealer: SubjectSealer): Promise<EventCheck | { ok: 'erased' }> {
  const unsealed = await unsealInbound(message.value, sealer);
  if (unsealed.ok === 'erased') return { ok: 'erased' };
  if (!unsealed.ok) return unsealed;
  return checkEvent(unsealed.plain, logicalTopic);
}
