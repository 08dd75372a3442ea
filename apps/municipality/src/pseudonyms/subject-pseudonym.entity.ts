import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The one place that relates a child's pseudonyms (ADR 0019): the coordinator's `sk1_` key and the
 * `sk2_<agency>_` pseudonym police, ATS or the court knows the same child by. No other database
 * holds two of them, so only the municipality can join what the agencies know.
 */
@Entity({ name: 'subject_pseudonyms' })
export class SubjectPseudonym {
  @PrimaryColumn({ type: 'text', name: 'subject_key' })
  subjectKey!: string;

  @PrimaryColumn({ type: 'text' })
  agency!: string;

  @Column({ type: 'text' })
  pseudonym!: string;
}
