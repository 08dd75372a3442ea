import { HttpException } from '@nestjs/common';
import { type FieldProblem, type Problem, problemOf, type ProblemKind } from '@casenet/contracts';

/** An HTTP answer that is already a problem document; the problem filter writes it as it is. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem & { status: number },
    options?: { cause?: unknown },
  ) {
    super(problem, problem.status, options);
  }

  static of(kind: ProblemKind, status: number, detail: string, errors?: FieldProblem[]): ProblemException {
    return new ProblemException({ ...problemOf(kind, detail, errors), status });
  }

  /** 400 naming each failing field. */
  static invalid(errors: FieldProblem[]): ProblemException {
    const detail = errors.length === 1 ? `${errors[0]!.path || 'the input'}: ${errors[0]!.message}` : `${errors.length} fields are not valid`;
    return ProblemException.of('invalid-request', 400, detail, errors);
  }
}
