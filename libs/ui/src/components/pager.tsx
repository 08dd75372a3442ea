import { Button } from 'design-react-kit';
import { useTranslation } from 'react-i18next';

/** Previous / next over a `Page<T>` (`{ items, total }`) read with limit and offset. */
export function PagerNav({ total, limit, offset, onOffset }: { total: number; limit: number; offset: number; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  return (
    <nav aria-label={t('pager.label')} className="d-flex align-items-center gap-3 my-3">
      <Button color="primary" outline size="sm" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {t('pager.previous')}
      </Button>
      <span>
        {t('pager.page', { page, pages })} · {t('pager.total', { count: total })}
      </span>
      <Button color="primary" outline size="sm" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        {t('pager.next')}
      </Button>
    </nav>
  );
}
