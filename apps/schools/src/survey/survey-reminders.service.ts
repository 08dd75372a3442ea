import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '@casenet/service-runtime';
import { DataSource } from 'typeorm';
import { completionOf, reminderDue } from './survey.rules.js';
import { type CampaignRow, institutionStates } from './survey.store.js';
import { SURVEY_SETTINGS, type SurveySettings } from './survey.settings.js';

const JOB = 'survey-reminders';

/**
 * Before a campaign's deadline, at each configured number of days before it, records a reminder
 * for every institution that has not completed (part 1 and every track it declared). State lives in
 * PostgreSQL (one row per institution and reminder), so a restart or a second replica never
 * reminds twice, and a poll missed while the service was down is made up at the next one.
 */
@Injectable()
export class SurveyRemindersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SurveyReminders');
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(SURVEY_SETTINGS) private readonly settings: SurveySettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.reminderPollIntervalMs === 0) return;
    const timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error) => this.logger.error({ msg: 'survey reminder poll failed', err: String(error) }))
        .finally(() => (this.running = undefined));
    }, this.settings.reminderPollIntervalMs);
    this.scheduler.addInterval(JOB, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', JOB)) this.scheduler.deleteInterval(JOB);
    await this.running;
  }

  /** One pass over the campaigns still open; `now` is a parameter for tests. */
  async tick(now: Date = this.clock.now()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const campaigns = (await manager.query(
        `SELECT id, school_year AS "schoolYear", deadline_at AS "deadlineAt" FROM survey_campaigns WHERE deadline_at > $1 ORDER BY deadline_at FOR UPDATE SKIP LOCKED`,
        [now],
      )) as Pick<CampaignRow, 'id' | 'schoolYear' | 'deadlineAt'>[];
      let recorded = 0;
      for (const campaign of campaigns) {
        const daysBefore = reminderDue(now, campaign.deadlineAt, this.settings.reminderDaysBefore);
        if (daysBefore === null) continue;
        for (const state of await institutionStates(manager, campaign.id)) {
          const completion = completionOf(
            {
              general: state.general ? { firstAnsweredAt: state.general.firstAnsweredAt, tracks: state.general.tracks } : null,
              tracks: new Map(state.tracks.map((t) => [t.track, t.firstAnsweredAt])),
            },
            campaign.deadlineAt,
          );
          if (completion.status === 'answered' || completion.status === 'late') continue;
          const missing = state.general ? completion.missingTracks : ['general'];
          const inserted = (await manager.query(
            `INSERT INTO survey_reminders (campaign_id, answer_code, days_before, reminded_at, missing) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING RETURNING 1`,
            [campaign.id, state.institution.answerCode, daysBefore, now, missing],
          )) as unknown[];
          recorded += inserted.length;
        }
        if (recorded > 0) this.logger.log({ msg: 'survey reminders recorded', campaignId: campaign.id, schoolYear: campaign.schoolYear, daysBefore, recorded });
      }
      return recorded;
    });
  }
}
