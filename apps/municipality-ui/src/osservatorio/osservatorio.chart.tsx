import { useId } from 'react';

export interface ChartGroup {
  label: string;
  /** One value per series; null where the cell is suppressed. */
  values: (number | null)[];
}

/** Bootstrap Italia's palette, dark enough for white gaps and text beside them (WCAG AA). */
const COLOURS = ['#0066CC', '#004D99', '#008055', '#A66300', '#5C6F82', '#D9364F', '#17324D'];

const ROW = 16;
const GAP = 10;
const LABEL = 230;
const WIDTH = 760;

/**
 * Grouped horizontal bars as plain SVG: one group per row of a table, one bar per series. A
 * suppressed value is drawn as an empty outlined bar marked "c", never as zero. The table beside
 * the chart carries the same figures for screen readers; the SVG is one labelled image.
 */
export function BarChart({
  title,
  series,
  groups,
  suppressedLabel,
  mark,
}: {
  title: string;
  series: string[];
  groups: ChartGroup[];
  suppressedLabel: string;
  mark: string;
}) {
  const id = useId();
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const groupHeight = series.length * ROW + GAP;
  const height = groups.length * groupHeight + GAP;
  const scale = (WIDTH - LABEL - 60) / max;
  const description = groups.map((g) => `${g.label}: ${g.values.map((v, i) => `${series[i]} ${v === null ? suppressedLabel : v}`).join(', ')}`).join('; ');
  return (
    <figure className="mb-3">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} style={{ maxWidth: WIDTH }}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {groups.map((group, g) => {
          const top = GAP + g * groupHeight;
          return (
            <g key={group.label}>
              <text x={LABEL - 8} y={top + (series.length * ROW) / 2 + 4} textAnchor="end" fontSize="12" fill="#17324D">
                {group.label}
              </text>
              {group.values.map((value, s) => {
                const y = top + s * ROW;
                const colour = COLOURS[s % COLOURS.length];
                if (value === null) {
                  return (
                    <g key={series[s]}>
                      <rect x={LABEL} y={y + 2} width={24} height={ROW - 4} fill="#FFFFFF" stroke={colour} strokeDasharray="3 2" />
                      <text x={LABEL + 12} y={y + ROW - 5} textAnchor="middle" fontSize="10" fill="#17324D">
                        {mark}
                      </text>
                    </g>
                  );
                }
                return (
                  <g key={series[s]}>
                    <rect x={LABEL} y={y + 2} width={Math.max(value * scale, value > 0 ? 2 : 0)} height={ROW - 4} fill={colour} />
                    <text x={LABEL + value * scale + 6} y={y + ROW - 5} fontSize="10" fill="#17324D">
                      {value}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="list-inline small mb-0">
          {series.map((label, s) => (
            <li key={label} className="list-inline-item me-3">
              <svg width="12" height="12" aria-hidden="true" className="me-1">
                <rect width="12" height="12" fill={COLOURS[s % COLOURS.length]} />
              </svg>
              {label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
