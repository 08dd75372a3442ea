import { Transform } from 'class-transformer';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsTaxCode, normaliseTaxCode } from '../tax-code.js';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const SCHOOL_LEVELS = ['primaria', 'secondaria_i', 'secondaria_ii', 'cfp'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const ABSENCE_CATEGORIES = ['never_attended', 'irregular_attendance'] as const;
export type AbsenceCategory = (typeof ABSENCE_CATEGORIES)[number];

export class PupilIdentity {
  @JSONSchema({ examples: ['Giulia'] })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @JSONSchema({ examples: ['Rossi'] })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName!: string;

  @JSONSchema({ examples: ['RSSGLI12A41F205I'], description: 'Codice fiscale' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseTaxCode(value) : value))
  @IsTaxCode()
  taxCode!: string;

  @JSONSchema({ examples: ['2012-01-01'], format: 'date' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date (YYYY-MM-DD)' })
  birthDate!: string;
}

export class Residence {
  @JSONSchema({ examples: ['Via Padova 120'] })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  address!: string;

  @JSONSchema({ examples: ['Milano'] })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  @JSONSchema({ examples: ['20132'] })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode?: string;

  @JSONSchema({ examples: [2], description: 'Municipio of Milan (1–9)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  municipio?: number;
}

/** A Ministry school code (codice meccanografico): province, then eight letters or digits. */
export const SCHOOL_CODE_PATTERN = /^[A-Z]{2}[A-Z0-9]{8}$/;

export class SchoolRef {
  @JSONSchema({ examples: ['MIIC8AB00X'], description: 'Ministry school code (codice meccanografico)' })
  @Matches(SCHOOL_CODE_PATTERN, { message: 'code must be a 10-character codice meccanografico' })
  code!: string;

  @JSONSchema({ examples: ['IC Giacosa'] })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

export class ReportingSchool extends SchoolRef {
  @IsIn(SCHOOL_LEVELS)
  level!: SchoolLevel;
}

export class AbsenceFigures {
  @JSONSchema({ examples: [60], description: 'School days in the period considered' })
  @IsInt()
  @Min(1)
  @Max(366)
  schoolDays!: number;

  @JSONSchema({ examples: [25], description: 'Days absent in that period' })
  @IsInt()
  @Min(0)
  @Max(366)
  absentDays!: number;

  @JSONSchema({ examples: ['2026-09-15'], format: 'date' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'since must be a date (YYYY-MM-DD)' })
  since!: string;
}
