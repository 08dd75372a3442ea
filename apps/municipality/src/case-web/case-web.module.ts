import { Module } from '@nestjs/common';
import { CaseWebStore } from './case-web.store.js';

/** A case's history, links and their deadlines, for every feature that moves a case or a link. */
@Module({ providers: [CaseWebStore], exports: [CaseWebStore] })
export class CaseWebModule {}
