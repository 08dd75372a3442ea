import { useCan } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { OPEN_STATES, type Proceeding } from '../api/types';
import { AssignmentForm } from './assignment.form';
import { HearingForm } from './hearing.form';
import { InvestigationForm } from './investigation.form';
import { OrderForm } from './order.form';
import { RegisterForm } from './register.form';

/**
 * The court's steps, each only where the API accepts it (proceeding-lifecycle.rules.ts,
 * investigation.rules.ts): register a new petition; open the hearing of a registered one; while it
 * is registered or in hearing, ask social services for an investigation and issue the order — but
 * not while an investigation is open, which the API refuses; supervisors reassign open ones.
 */
export function ProceedingActions({ proceeding, onDone }: { proceeding: Proceeding; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { id, state } = proceeding;
  const deciding = state === 'accepted' || state === 'in_progress';
  const openInvestigation = proceeding.investigations.some((investigation) => OPEN_STATES.includes(investigation.state));
  const forms = [
    state === 'requested' && can('ProceedingsController_register') ? <RegisterForm key="register" id={id} onDone={onDone} /> : null,
    state === 'accepted' && can('ProceedingsController_hearing') ? <HearingForm key="hearing" id={id} onDone={onDone} /> : null,
    deciding && !openInvestigation && can('InvestigationsController_request') ? <InvestigationForm key="investigation" id={id} onDone={onDone} /> : null,
    deciding && !openInvestigation && can('ProceedingsController_issueOrder') ? <OrderForm key="order" id={id} onDone={onDone} /> : null,
    OPEN_STATES.includes(state) && can('ProceedingsController_assign') ? (
      <AssignmentForm key="assign" id={id} current={proceeding.assignee} onDone={onDone} />
    ) : null,
  ].filter(Boolean);
  const waiting = deciding && openInvestigation && can('ProceedingsController_issueOrder');
  if (forms.length === 0 && !waiting) return null;
  return (
    <section aria-labelledby="proceeding-actions" className="my-4">
      <h2 id="proceeding-actions" className="h4">
        {t('proceedingActions.title')}
      </h2>
      {waiting ? <p className="alert alert-warning text-dark">{t('proceedingActions.waitingForReport')}</p> : null}
      <div className="row g-4">{forms}</div>
    </section>
  );
}
