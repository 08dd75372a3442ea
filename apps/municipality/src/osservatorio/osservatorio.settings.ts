import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { describeValidationErrors } from '@casenet/contracts';

/** What the Osservatorio publishes with. */
export interface OsservatorioSettings {
  /**
   * The smallest count a published cell may show (cells from 0 to minCell − 1 are suppressed).
   * 5 is the product's default, a common statistical-office rule: the protocol asks for
   * "aggregated and anonymised" data and sets no threshold.
   */
  minCell: number;
}

export const OSSERVATORIO_SETTINGS = Symbol('OSSERVATORIO_SETTINGS');
export const DEFAULT_MIN_CELL = 5;

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

class OsservatorioEnvironment {
  /** 1 would publish every count; beyond 100 a Milan year's tables would be all suppressed. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  OSSERVATORIO_MIN_CELL!: number;
}

/** Reads and checks OSSERVATORIO_MIN_CELL at start-up; a wrong one is pushed onto `problems`. */
export function readOsservatorioSettings(env: NodeJS.ProcessEnv, problems: string[]): OsservatorioSettings {
  const parsed = plainToInstance(OsservatorioEnvironment, { OSSERVATORIO_MIN_CELL: env.OSSERVATORIO_MIN_CELL || String(DEFAULT_MIN_CELL) });
  problems.push(...describeValidationErrors(validateSync(parsed)).map((line) => line.replace(/^([A-Z_]+): \1 /, '$1 ')));
  return { minCell: parsed.OSSERVATORIO_MIN_CELL };
}
