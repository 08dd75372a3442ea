import { useTranslation } from 'react-i18next';
import { useDate, useLabel } from '../shared/labels';
import type { Tone, WebNode } from './web-model';

/** Light fills with dark strokes and dark text: every label reads at AA contrast on its fill. */
export const TONE_COLOURS: Record<Tone, { fill: string; stroke: string }> = {
  waiting: { fill: '#fff3cd', stroke: '#7a5c00' },
  working: { fill: '#cfe2ff', stroke: '#084298' },
  done: { fill: '#d1e7dd', stroke: '#0f5132' },
  refused: { fill: '#f8d7da', stroke: '#842029' },
  idle: { fill: '#e9ecef', stroke: '#495057' },
  info: { fill: '#e2d9f3', stroke: '#432874' },
};
const OVERDUE = '#b02a37';

const WIDTH = 960;
const NODE_W = 220;
const NODE_H = 72;
const CASE_W = 300;
const CASE_H = 76;
const GAP = 92;
const PER_ROW = 4;

interface Placed {
  node: WebNode;
  x: number;
  y: number;
}

/** Rows of up to four nodes, centred under the case. */
function rows(nodes: readonly WebNode[], top: number): { placed: Placed[]; bottom: number } {
  const placed: Placed[] = [];
  nodes.forEach((node, index) => {
    const row = Math.floor(index / PER_ROW);
    const inRow = Math.min(PER_ROW, nodes.length - row * PER_ROW);
    const column = index % PER_ROW;
    const x = WIDTH / 2 + (column - (inRow - 1) / 2) * (NODE_W + 20);
    placed.push({ node, x, y: top + row * (NODE_H + 40) + NODE_H / 2 });
  });
  const rowCount = Math.ceil(nodes.length / PER_ROW);
  return { placed, bottom: top + rowCount * (NODE_H + 40) };
}

/** A column of nodes at `x`, centred on the case's height. */
function column(nodes: readonly WebNode[], x: number, centre: number): Placed[] {
  return nodes.map((node, index) => ({ node, x, y: centre + (index - (nodes.length - 1) / 2) * GAP }));
}

export function layout(nodes: readonly WebNode[]) {
  const left = nodes.filter((n) => n.lane === 'police' || n.lane === 'signal');
  const right = nodes.filter((n) => n.lane === 'health');
  const court = nodes.filter((n) => n.lane === 'court');
  const orders = nodes.filter((n) => n.lane === 'court-order');
  const tallest = Math.max(left.length, right.length, 1);
  const centre = 24 + ((tallest - 1) * GAP) / 2 + NODE_H / 2;
  const sides = [...column(left, 24 + NODE_W / 2, centre), ...column(right, WIDTH - 24 - NODE_W / 2, centre)];
  const courtTop = centre + ((tallest - 1) * GAP) / 2 + NODE_H / 2 + 48;
  const courtRows = rows(court, courtTop);
  const orderRows = rows(orders, court.length ? courtRows.bottom : courtTop);
  const height = Math.max(orderRows.bottom, courtRows.bottom, centre + CASE_H / 2 + 24) + 8;
  return { centre, placed: [...sides, ...courtRows.placed, ...orderRows.placed], height };
}

/**
 * The web of referrals as a picture: the case in the middle, Polizia Locale on the left, ATS on
 * the right, the prosecutor and the court below with the orders and investigations they sent.
 * Colour says where each loop stands and the words say it too; a red border and "!" mark the
 * overdue. Screen readers get the summary in aria-label and the table that follows.
 */
export function CaseWebPicture({ caseref, nodes, summary }: { caseref: string; nodes: readonly WebNode[]; summary: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const date = useDate();
  const { centre, placed, height } = layout(nodes);
  const at = new Map(placed.map((p) => [p.node.id, p]));
  return (
    <svg
      role="img"
      aria-label={summary}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH }}
      data-testid="case-web"
      fontFamily="Titillium Web, Geneva, Tahoma, sans-serif"
    >
      {placed.map(({ node, x, y }) => {
        const parent = node.parent ? at.get(node.parent) : undefined;
        const from = parent ? { x: parent.x, y: parent.y } : { x: WIDTH / 2, y: centre };
        return (
          <line
            key={`edge-${node.id}`}
            x1={from.x}
            y1={from.y}
            x2={x}
            y2={y}
            stroke={node.overdue ? OVERDUE : '#5c6f82'}
            strokeWidth={node.overdue ? 3 : 2}
            strokeDasharray={node.open ? undefined : '6 4'}
          />
        );
      })}
      <rect x={WIDTH / 2 - CASE_W / 2} y={centre - CASE_H / 2} width={CASE_W} height={CASE_H} rx={38} fill="#06c" stroke="#004080" strokeWidth={2} />
      <text x={WIDTH / 2} y={centre - 6} textAnchor="middle" fill="#ffffff" fontSize={16} fontWeight={700}>
        {t('web.case')}
      </text>
      <text x={WIDTH / 2} y={centre + 16} textAnchor="middle" fill="#ffffff" fontSize={12} fontFamily="monospace">
        {caseref}
      </text>
      {placed.map(({ node, x, y }) => {
        const colour = TONE_COLOURS[node.tone];
        const left = x - NODE_W / 2;
        const top = y - NODE_H / 2;
        return (
          <g key={node.id} data-agency={node.agency} data-state={node.state} data-overdue={node.overdue ? 'true' : 'false'}>
            <rect
              x={left}
              y={top}
              width={NODE_W}
              height={NODE_H}
              rx={10}
              fill={colour.fill}
              stroke={node.overdue ? OVERDUE : colour.stroke}
              strokeWidth={node.overdue ? 4 : 2}
            />
            <text x={left + 12} y={top + 22} fontSize={14} fontWeight={700} fill="#1a1a1a">
              {t(`web.node.${node.agency}`)}
            </text>
            <text x={left + 12} y={top + 42} fontSize={13} fill="#1a1a1a">
              {label(node.stateGroup, node.state)}
            </text>
            {node.overdue ? (
              <>
                <text x={left + 12} y={top + 61} fontSize={12} fontWeight={700} fill={OVERDUE}>
                  {t('web.overdue')}
                </text>
                <circle cx={left + NODE_W - 4} cy={top + 4} r={12} fill={OVERDUE} />
                <text x={left + NODE_W - 4} y={top + 9} textAnchor="middle" fontSize={15} fontWeight={700} fill="#ffffff">
                  !
                </text>
              </>
            ) : node.dueAt ? (
              <text x={left + 12} y={top + 61} fontSize={12} fill="#1a1a1a">
                {t('web.dueOn', { date: date(node.dueAt) })}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** What the colours mean, in words beside a swatch (the picture's legend). */
export function CaseWebLegend() {
  const { t } = useTranslation();
  return (
    <ul className="list-inline small mb-3" aria-label={t('web.legend')}>
      {(Object.keys(TONE_COLOURS) as Tone[]).map((tone) => (
        <li key={tone} className="list-inline-item me-3">
          <span
            aria-hidden="true"
            className="d-inline-block align-middle me-1 rounded"
            style={{ width: 16, height: 16, background: TONE_COLOURS[tone].fill, border: `2px solid ${TONE_COLOURS[tone].stroke}` }}
          />
          {t(`web.tone.${tone}`)}
        </li>
      ))}
      <li className="list-inline-item">
        <span aria-hidden="true" className="d-inline-block align-middle me-1 rounded" style={{ width: 16, height: 16, border: `4px solid ${OVERDUE}` }} />
        {t('web.tone.overdue')}
      </li>
    </ul>
  );
}
