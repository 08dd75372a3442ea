import { useCan } from '@casenet/ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A screen of one desk: shown only to a role that may read it (the API's `x-allowed-roles` on the
 * desk's list operation); anyone else is told so instead of meeting a 403.
 */
export function Desk({ readOperation, children }: { readOperation: string; children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  if (can(readOperation)) return <>{children}</>;
  return (
    <>
      <h1 className="h2">{t('desk.notYoursTitle')}</h1>
      <p>{t('desk.notYours')}</p>
    </>
  );
}
