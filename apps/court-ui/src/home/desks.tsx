import { useCan } from '@casenet/ui';

export interface DeskEntry {
  to: '/prosecutor' | '/proceedings' | '/investigations' | '/orders' | '/access-log';
  /** i18n key of the entry: `nav.<key>`, `home.<key>` */
  key: string;
  /** The list operation that decides whether the signed-in role may use it. */
  operation: string;
}

const DESKS: readonly DeskEntry[] = [
  { to: '/prosecutor', key: 'prosecutor', operation: 'ProsecutionController_list' },
  { to: '/proceedings', key: 'proceedings', operation: 'ProceedingsController_list' },
  { to: '/investigations', key: 'investigations', operation: 'InvestigationsController_list' },
  { to: '/orders', key: 'orders', operation: 'OrdersController_list' },
  { to: '/access-log', key: 'accessLog', operation: 'AccessLogController_list' },
];

/** The desks the signed-in role may use: the prosecutor's and the court's never show each other's. */
export function useDesks(): readonly DeskEntry[] {
  const can = useCan();
  return DESKS.filter((desk) => can(desk.operation));
}
