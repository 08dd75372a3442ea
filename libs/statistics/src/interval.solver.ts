import type { Highs, Model } from 'highs';
import type { LinearSystem, LinearTerms } from './linear-system.js';

/**
 * HiGHS is loaded on the first solve and dropped a minute after the last model is disposed: its
 * WebAssembly instance holds some 25 MB that the service needs only while publishing statistics,
 * which most services never do, and the rest now and then (ADR 0032).
 */
const IDLE_MS = 60_000;
let highs: Promise<Highs> | undefined;
let models = 0;
let idle: NodeJS.Timeout | undefined;

async function acquireHighs(): Promise<Highs> {
  clearTimeout(idle);
  models += 1;
  // highs types its loader as a CommonJS module's default; under ESM the namespace's default is the loader itself.
  highs ??= import('highs').then((module) => (module.default as unknown as () => Promise<Highs>)());
  try {
    return await highs;
  } catch (error) {
    highs = undefined;
    releaseHighs();
    throw error;
  }
}

function releaseHighs(): void {
  models -= 1;
  if (models > 0) return;
  idle = setTimeout(() => (highs = undefined), IDLE_MS);
  idle.unref();
}

/** The values a suppressed figure can take for an observer who knows the system; min = max means it can be recomputed. */
export interface ValueRange {
  min: number;
  max: number;
}

export class InfeasibleSystemError extends Error {}

type Sense = 'maximize' | 'minimize';
const INTEGRAL = 1e-6;

/**
 * Exact bounds over whole numbers (HiGHS): the observer knows counts are whole, so a linear
 * relaxation alone would call some cells safe that are not. One model per system, re-solved per
 * objective (a fresh solver per solve costs more than the solve); the relaxation is tried first and,
 * when its optimal vertex is whole, it is the integer optimum too.
 */
export class SystemSolver {
  private constructor(
    private readonly solver: Highs,
    private readonly model: Model,
    private readonly columns: number[],
  ) {}

  static async open(system: LinearSystem): Promise<SystemSolver> {
    const solver = await acquireHighs();
    let model: Model;
    try {
      model = solver.createModel({ format: 'lp', data: system.lp(new Map(), 'Minimize', false) });
      model.options.set({ output_flag: false });
    } catch (error) {
      releaseHighs();
      throw error;
    }
    const columns = Array.from({ length: system.size }, (_, i) => model.getColByName(`x${i}`) ?? -1);
    return new SystemSolver(solver, model, columns);
  }

  bound(objective: LinearTerms, sense: Sense): number {
    const { model, solver } = this;
    const touched = [...objective].map(([i, c]) => [this.columns[i] ?? -1, c] as const);
    for (const [col, c] of touched) model.changeColCost(col, c);
    model.changeObjectiveSense(solver.constants.objectiveSense[sense]);
    try {
      const relaxed = this.run();
      if (relaxed.whole) return relaxed.value;
      const all = this.columns.map(() => solver.constants.variableType.integer);
      model.changeColsIntegrality({ kind: 'range', from: 0, to: this.columns.length - 1 }, all);
      try {
        return this.run().value;
      } finally {
        model.changeColsIntegrality(
          { kind: 'range', from: 0, to: this.columns.length - 1 },
          all.map(() => solver.constants.variableType.continuous),
        );
      }
    } finally {
      for (const [col] of touched) model.changeColCost(col, 0);
    }
  }

  private run(): { value: number; whole: boolean } {
    const { model, solver } = this;
    model.run();
    const status = model.getModelStatus();
    if (status === solver.constants.modelStatus.infeasible) throw new InfeasibleSystemError('the published figures contradict each other');
    // Nothing published bounds it (every total hidden): no single value, so nothing to recompute.
    if (status === solver.constants.modelStatus.unbounded)
      return { value: model.getObjectiveSense() === solver.constants.objectiveSense.maximize ? Infinity : -Infinity, whole: true };
    if (status !== solver.constants.modelStatus.optimal) throw new Error(`the disclosure audit could not bound a figure: status ${status}`);
    const whole = model.getSolution().colValue.every((v) => Math.abs(v - Math.round(v)) < INTEGRAL);
    return { value: Math.round(model.getObjectiveValue()), whole };
  }

  range(objective: LinearTerms): ValueRange {
    return { min: this.bound(objective, 'minimize'), max: this.bound(objective, 'maximize') };
  }

  /** Whether `objective` can only be `actual`; stops at the first bound that proves otherwise. */
  isDetermined(objective: LinearTerms, actual: number): boolean {
    return this.bound(objective, 'maximize') === actual && this.bound(objective, 'minimize') === actual;
  }

  /** The model holds WebAssembly memory that garbage collection never frees. */
  dispose(): void {
    this.model.dispose();
    releaseHighs();
  }
}

/** Opens a solver for `system`, lends it to `use`, and always frees it. */
export async function withSolver<T>(system: LinearSystem, use: (solver: SystemSolver) => T | Promise<T>): Promise<T> {
  const solver = await SystemSolver.open(system);
  try {
    return await use(solver);
  } finally {
    solver.dispose();
  }
}
