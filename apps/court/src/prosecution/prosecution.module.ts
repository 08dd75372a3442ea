import { Module } from '@nestjs/common';
import { ProceedingsModule } from '../proceedings/proceedings.module.js';
import { ProsecutionController } from './prosecution.controller.js';
import { ProsecutionInbox } from './prosecution.inbox.js';
import { ProsecutionService } from './prosecution.service.js';

/** The prosecutor's desk: receives the municipality's referrals and archives them or petitions the court. */
@Module({ imports: [ProceedingsModule], controllers: [ProsecutionController], providers: [ProsecutionService, ProsecutionInbox] })
export class ProsecutionModule {}
