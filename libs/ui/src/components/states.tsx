import { Alert, Button, Spinner } from 'design-react-kit';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problem.js';

/** Loading, failure and emptiness of a query, written for people; children only when there is data. */
export function QueryState<T>({
  query,
  empty,
  isEmpty,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <div className="d-flex align-items-center gap-2 my-3" role="status">
        <Spinner active small />
        <span>{t('state.loading')}</span>
      </div>
    );
  }
  if (query.error || query.data === undefined) {
    const detail = query.error instanceof ApiProblem ? query.error.detail || query.error.title : t('state.offline');
    return (
      <Alert color="danger">
        <p>{t('state.error', { detail })}</p>
        <Button color="primary" size="sm" onClick={() => void query.refetch()}>
          {t('state.retry')}
        </Button>
      </Alert>
    );
  }
  if (isEmpty?.(query.data)) return <p className="text-secondary my-3">{empty ?? t('state.empty')}</p>;
  return <>{children(query.data)}</>;
}
