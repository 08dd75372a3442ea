import * as highsPackage from 'highs';
import type { Highs } from 'highs';
import type { LinearSystem, LinearTerms } from './linear-system.js';

// highs types its loader as a CommonJS module's default; under ESM the namespace's default is the loader itself.
const loadHighs = highsPackage.default as unknown as () => Promise<Highs>;
let highs: Promise<Highs> | undefined;

/** The values a suppressed figure can take for an observer who knows the system; min = max means it can be recomputed. */
export interface ValueRange {
  min: number;
  max: number;
}

export class InfeasibleSystemError extends Error {}

type Sense = 'Maximize' | 'Minimize';

/**
 * Exact bounds by integer programming (HiGHS): the observer knows counts are whole numbers, so a
 * linear relaxation would call some cells safe that are not.
 */
async function bound(system: LinearSystem, objective: LinearTerms, sense: Sense): Promise<number> {
  const solver = await (highs ??= loadHighs());
  const result = solver.solve(system.lp(objective, sense), { output_flag: false });
  if (result.Status === 'Infeasible') throw new InfeasibleSystemError('the published figures contradict each other');
  if (result.Status !== 'Optimal') throw new Error(`the disclosure audit could not bound a figure: ${result.Status}`);
  return Math.round(result.ObjectiveValue);
}

export async function rangeOf(system: LinearSystem, objective: LinearTerms): Promise<ValueRange> {
  return { min: await bound(system, objective, 'Minimize'), max: await bound(system, objective, 'Maximize') };
}

/** Whether `objective` can only be `actual`; stops at the first bound that proves otherwise. */
export async function isDetermined(system: LinearSystem, objective: LinearTerms, actual: number): Promise<boolean> {
  if ((await bound(system, objective, 'Maximize')) !== actual) return false;
  return (await bound(system, objective, 'Minimize')) === actual;
}
