import { DeadlineBadge } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import type { Deadline } from '../api/types';
import { When } from './format';

/** Every timer running on an order or an investigation, with its state in words. */
export function Deadlines({ deadlines }: { deadlines: readonly Deadline[] }) {
  const { t } = useTranslation();
  if (deadlines.length === 0) return null;
  return (
    <table className="table table-sm">
      <caption>{t('deadline.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('deadline.kind')}</th>
          <th scope="col">{t('deadline.dueAt')}</th>
          <th scope="col">{t('deadline.state')}</th>
        </tr>
      </thead>
      <tbody>
        {deadlines.map((deadline) => (
          <tr key={`${deadline.kind}-${deadline.dueAt}`}>
            <td>{t(`deadlineKind.${deadline.kind}`)}</td>
            <td>
              <When at={deadline.dueAt} dateOnly /> {deadline.overdue ? <DeadlineBadge overdue /> : null}
            </td>
            <td>{t(`deadlineState.${deadline.state}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
