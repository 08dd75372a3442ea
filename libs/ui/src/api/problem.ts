/** An RFC 9457 problem document as every casenet service answers an error. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[],
    readonly type = 'about:blank',
  ) {
    super(detail || title);
    this.name = 'ApiProblem';
  }

  /** The messages about one field (`pupil.taxCode`), to show beside it. */
  forField(path: string): string[] {
    return this.errors.filter((error) => error.path === path).map((error) => error.message);
  }

  /** Messages about fields the form does not show: they go in the summary above the form. */
  notIn(paths: readonly string[]): FieldProblem[] {
    return this.errors.filter((error) => !paths.includes(error.path));
  }
}

export function problemFrom(status: number, body: unknown): ApiProblem {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(doc.errors)
    ? doc.errors.filter((e): e is FieldProblem => typeof e === 'object' && e !== null && typeof (e as FieldProblem).path === 'string')
    : [];
  return new ApiProblem(
    status,
    typeof doc.title === 'string' ? doc.title : `HTTP ${status}`,
    typeof doc.detail === 'string' ? doc.detail : '',
    errors.map((e) => ({ path: e.path, message: String(e.message) })),
    typeof doc.type === 'string' ? doc.type : undefined,
  );
}
