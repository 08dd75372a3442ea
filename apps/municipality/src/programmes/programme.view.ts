import { ApiProperty } from '@nestjs/swagger';
import type { Programme } from './catalogue.loader.js';

/** A programme as the catalogue states it, with whether it takes children today (the service's Clock). */
export class ProgrammeView {
  @ApiProperty({ example: 'poli_start' }) id!: string;
  @ApiProperty({ example: 'Poli Start' }) name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, example: 4 }) desks!: number | null;
  @ApiProperty({
    description: 'The catalogue’s rules: age (completed years, inclusive), citizenship, schoolLevels, waysIn, open (dates, inclusive)',
    example: { age: { min: 6, max: 14 }, citizenship: ['non_italian', 'newly_arrived'] },
  })
  eligibility!: object;
  @ApiProperty({ description: 'Whether the programme takes children today (its opening dates, if any)' }) availableNow!: boolean;

  static of(programme: Programme, today: string): ProgrammeView {
    const open = programme.eligibility.open;
    return {
      id: programme.id,
      name: programme.name,
      description: programme.description,
      desks: programme.desks ?? null,
      eligibility: programme.eligibility,
      availableNow: !open || (today >= open.from && (open.until === undefined || today <= open.until)),
    };
  }
}

export class ProgrammePage {
  @ApiProperty({ type: [ProgrammeView] }) items!: ProgrammeView[];
  @ApiProperty({ example: 5 }) total!: number;
}
