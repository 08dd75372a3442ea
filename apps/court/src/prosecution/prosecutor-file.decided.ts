import type { CourtOutcome } from '@casenet/contracts';
import type { EntityManager } from 'typeorm';
import { decideProsecution } from './prosecution.rules.js';
import { ProsecutorFile } from './prosecutor-file.entity.js';
import { recordProsecutorHistory } from './prosecutor-history.entity.js';

/**
 * The court decided a petition: the prosecutor's file closes with the order, in the transaction
 * that issues it. The court tells the municipality; the prosecutor's desk sends nothing.
 * Proceedings opened before the prosecutor's desk existed have no file.
 */
export async function recordCourtDecision(manager: EntityManager, id: string, order: CourtOutcome, actor: string, now: Date): Promise<void> {
  const file = await manager.findOne(ProsecutorFile, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!file) return;
  const transition = decideProsecution(file.state, { kind: 'court_decided', order });
  const from = file.state;
  file.state = transition.to;
  file.outcome = order;
  file.updatedAt = now;
  file.closedAt = now;
  await manager.save(file);
  await recordProsecutorHistory(manager, file.id, 'court_decided', actor, { from, to: file.state, order }, now);
}
