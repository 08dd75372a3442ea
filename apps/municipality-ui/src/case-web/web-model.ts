import type { CaseView, DeadlineView } from '../api/types';
import { text } from '../api/types';

/** Where a node of the web stands, for its colour: waiting, working, done, refused, set aside, or a fact (a police signal). */
export type Tone = 'waiting' | 'working' | 'done' | 'refused' | 'idle' | 'info';

/** One agency's loop the case reached, as the picture and its table show it. */
export interface WebNode {
  id: string;
  /** Which lane of the picture: police left, ATS right, prosecutor/court below, its orders under it. */
  lane: 'police' | 'signal' | 'health' | 'court' | 'court-order';
  /** The node it hangs from (a court referral for its mandates and investigations); the case otherwise. */
  parent: string | null;
  agency: 'police' | 'health' | 'court' | 'mandate' | 'investigation' | 'signal';
  state: string;
  stateGroup: 'referralState' | 'mandateState' | 'stage' | 'signalKind';
  reason: string | null;
  tone: Tone;
  dueAt: string | null;
  overdue: boolean;
  open: boolean;
  since: string | null;
}

const TONES: Record<string, Tone> = {
  requested: 'waiting',
  awaiting_acknowledgement: 'waiting',
  accepted: 'working',
  in_progress: 'working',
  acknowledged: 'working',
  care_started: 'working',
  completed: 'done',
  care_completed: 'done',
  declined: 'refused',
  care_refused: 'refused',
  withdrawn: 'idle',
  not_applicable: 'idle',
};

/** The deadline that matters now: the open one, else the last one set. */
function deadlineOf(deadlines: readonly DeadlineView[]): DeadlineView | undefined {
  return deadlines.find((d) => d.open) ?? deadlines[deadlines.length - 1];
}

export function webOf(view: CaseView): WebNode[] {
  const nodes: WebNode[] = [];
  for (const r of view.referrals ?? []) {
    const deadline = deadlineOf(r.deadlines);
    const court = r.agency === 'court';
    nodes.push({
      id: r.referralId,
      lane: r.agency,
      parent: null,
      agency: r.agency,
      state: court && r.stage ? r.stage : r.state,
      stateGroup: court && r.stage ? 'stage' : 'referralState',
      reason: r.reason,
      tone: TONES[r.state] ?? 'idle',
      dueAt: deadline?.open ? deadline.dueAt : null,
      overdue: r.overdue,
      open: ['requested', 'accepted', 'in_progress'].includes(r.state),
      since: r.requestedAt,
    });
  }
  for (const m of view.mandates ?? []) {
    const deadline = deadlineOf(m.deadlines);
    nodes.push({
      id: m.orderId,
      lane: 'court-order',
      parent: m.referralId,
      agency: 'mandate',
      state: m.state,
      stateGroup: 'mandateState',
      reason: m.order,
      tone: TONES[m.state] ?? 'idle',
      dueAt: deadline?.open ? deadline.dueAt : null,
      overdue: m.overdue,
      open: ['awaiting_acknowledgement', 'acknowledged', 'care_started'].includes(m.state),
      since: m.issuedAt,
    });
  }
  for (const i of view.investigations ?? []) {
    nodes.push({
      id: i.investigationId,
      lane: 'court-order',
      parent: i.referralId,
      agency: 'investigation',
      state: i.state,
      stateGroup: 'referralState',
      reason: null,
      tone: TONES[i.state] ?? 'idle',
      dueAt: ['requested', 'accepted', 'in_progress'].includes(i.state) ? i.reportBy : null,
      overdue: i.overdue,
      open: ['requested', 'accepted', 'in_progress'].includes(i.state),
      since: i.requestedAt,
    });
  }
  for (const s of view.drugSignals ?? []) {
    nodes.push({
      id: s.incidentId,
      lane: 'signal',
      parent: null,
      agency: 'signal',
      state: text(s.kind) ?? 'erased',
      stateGroup: 'signalKind',
      reason: null,
      tone: 'info',
      dueAt: null,
      overdue: false,
      open: false,
      since: text(s.occurredAt),
    });
  }
  return nodes;
}
