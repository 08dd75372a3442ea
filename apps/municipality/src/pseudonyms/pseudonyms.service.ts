import { Inject, Injectable } from '@nestjs/common';
import type { Agency } from '@casenet/contracts';
import { RejectedEventError } from '@casenet/messaging';
import { childPseudonyms, isPseudonymousRecipient, PSEUDONYMOUS_RECIPIENTS } from '@casenet/privacy';
import { SERVICE_CONFIG, type ServiceConfig } from '@casenet/service-runtime';
import type { EntityManager } from 'typeorm';
import { SubjectPseudonym } from './subject-pseudonym.entity.js';

/**
 * The coordinator's side of per-recipient pseudonyms (ADR 0019): it derives every agency's
 * pseudonym of a child from the tax code when a report or signal brings one, keeps the map, and
 * names each recipient's pseudonym when it sends, so no agency ever sees another's.
 */
@Injectable()
export class PseudonymsService {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  /** Records the child's pseudonym in every recipient's space; returns the coordinator's key. */
  async remember(manager: EntityManager, taxCode: string): Promise<string> {
    const all = childPseudonyms(this.config.pseudonymSecrets, taxCode);
    const coordinator = all.coordinator as string;
    await manager.query(
      `INSERT INTO subject_pseudonyms (subject_key, agency, pseudonym)
       SELECT $1::text, agency, pseudonym FROM unnest($2::text[], $3::text[]) AS p(agency, pseudonym) ON CONFLICT DO NOTHING`,
      [coordinator, PSEUDONYMOUS_RECIPIENTS, PSEUDONYMOUS_RECIPIENTS.map((agency) => all[agency] as string)],
    );
    return coordinator;
  }

  /**
   * The coordinator's key of a child an agency sent us under its own pseudonym, with the tax code
   * the event carries: refused when the two do not belong together (a sender with the wrong secret
   * would otherwise attach its signal to nobody, or to another child).
   */
  async fromRecipient(manager: EntityManager, agency: Agency, pseudonym: string, taxCode: string): Promise<string> {
    const coordinator = await this.remember(manager, taxCode);
    const expected = isPseudonymousRecipient(agency) ? await this.forRecipient(manager, coordinator, agency) : coordinator;
    if (expected !== pseudonym) throw new RejectedEventError(`the subject is not ${agency}'s pseudonym of the child the event names`);
    return coordinator;
  }

  /** The pseudonym `to` knows the child by: its own, or the coordinator's key for schools. */
  async forRecipient(manager: EntityManager, subjectKey: string, to: Agency): Promise<string> {
    if (!isPseudonymousRecipient(to)) return subjectKey;
    const row = await manager.findOne(SubjectPseudonym, { where: { subjectKey, agency: to } });
    if (!row) throw new Error(`no ${to} pseudonym is recorded for this child: its report predates per-recipient pseudonyms (ADR 0019)`);
    return row.pseudonym;
  }
}
