import { Alert } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem.js';

/**
 * What a failed submit means, above the form: the fields it shows carry their own messages;
 * this names the rest (a rule of the domain, a field the form does not show, a network error).
 */
export function ProblemSummary({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiProblem)) return <Alert color="danger">{t('state.offline')}</Alert>;
  const others = error.notIn(fields);
  const shownBeside = error.errors.length > others.length;
  return (
    <Alert color="danger">
      <p className="mb-1 fw-semibold">{shownBeside ? t('form.invalid') : error.detail || error.title}</p>
      {others.length > 0 ? (
        <ul className="mb-0">
          {others.map((problem) => (
            <li key={`${problem.path}:${problem.message}`}>{problem.path ? `${problem.path}: ${problem.message}` : problem.message}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

/** The API's messages about one field, or none. */
export function errorsFor(error: unknown, path: string): string[] {
  return error instanceof ApiProblem ? error.forField(path) : [];
}
