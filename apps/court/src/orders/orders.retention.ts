import type { RetentionTarget } from '@casenet/compliance';

/**
 * The operative part is kept for the judicial period from the order's issue. A report of social
 * services counts from when it arrived (the order's last update): a mandate has no closing date
 * of its own, and a later report replaces the earlier one anyway.
 */
export const ORDERS_RETENTION: RetentionTarget[] = [
  {
    name: 'court_orders.operative_part',
    category: 'judicial',
    sql: `UPDATE court_orders SET operative_part = $2 WHERE operative_part LIKE 'sealed:%' AND issued_at < $1`,
  },
  {
    name: 'court_orders.last_report',
    category: 'social',
    sql: `UPDATE court_orders SET last_report = $2 WHERE last_report LIKE 'sealed:%' AND updated_at < $1`,
  },
];
