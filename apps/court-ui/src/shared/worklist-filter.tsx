import { CheckboxGroup, SelectField } from '@casenet/ui';
import { useTranslation } from 'react-i18next';

export interface WorklistFilterValue {
  state: string;
  overdue: boolean;
}

/** The filters every worklist shares: a state (in the desk's own words) and "overdue only". */
export function WorklistFilter({
  states,
  scope,
  value,
  onChange,
  stateLabel,
}: {
  states: readonly string[];
  scope: string;
  value: WorklistFilterValue;
  onChange: (next: WorklistFilterValue) => void;
  stateLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <form className="row align-items-end" aria-label={t('filter.label')} onSubmit={(event) => event.preventDefault()}>
      <div className="col-12 col-md-5">
        <SelectField
          label={stateLabel ?? t('filter.state')}
          value={value.state}
          placeholder={t('filter.allStates')}
          options={states.map((state) => ({ value: state, label: t(`${scope}.${state}`) }))}
          onChange={(event) => onChange({ ...value, state: event.target.value })}
        />
      </div>
      <div className="col-12 col-md-5">
        <CheckboxGroup
          legend={t('filter.deadline')}
          options={[{ value: 'overdue', label: t('filter.overdueOnly') }]}
          value={value.overdue ? ['overdue'] : []}
          onChange={(next) => onChange({ ...value, overdue: next.includes('overdue') })}
        />
      </div>
    </form>
  );
}
