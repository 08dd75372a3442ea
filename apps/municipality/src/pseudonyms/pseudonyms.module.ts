import { Module } from '@nestjs/common';
import { PseudonymsBackfill } from './pseudonyms.backfill.js';
import { PseudonymsService } from './pseudonyms.service.js';

/** Per-recipient pseudonyms: every feature that sends to police, ATS or the court names the recipient's. */
@Module({ providers: [PseudonymsService, PseudonymsBackfill], exports: [PseudonymsService] })
export class PseudonymsModule {}
