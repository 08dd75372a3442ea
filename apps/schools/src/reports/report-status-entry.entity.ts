import type { ReportStatus } from '@casenet/contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Report } from './report.entity.js';

@Entity({ name: 'report_status_history' })
export class ReportStatusEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @ManyToOne(() => Report, (report) => report.history, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report!: Relation<Report>;

  @Column({ type: 'uuid', name: 'report_id' })
  reportId!: string;

  @Column({ type: 'text' })
  status!: ReportStatus;

  @Column({ type: 'timestamptz', name: 'changed_at' })
  changedAt!: Date;

  @Column({ type: 'uuid', name: 'event_id', unique: true })
  eventId!: string;
}
