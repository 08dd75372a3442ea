import { useTranslation } from 'react-i18next';

export interface TimelineEntry {
  at: string;
  label: string;
  detail?: string | null;
}

/** A status history, oldest first, as a list a screen reader reads in order. */
export function StatusTimeline({ entries, title }: { entries: readonly TimelineEntry[]; title: string }) {
  const { i18n } = useTranslation();
  return (
    <section aria-label={title}>
      <ol className="list-unstyled border-start border-2 ps-3">
        {entries.map((entry, index) => (
          <li key={`${entry.at}-${index}`} className="mb-2">
            <time dateTime={entry.at} className="text-secondary small d-block">
              {new Date(entry.at).toLocaleString(i18n.language)}
            </time>
            <span className="fw-semibold">{entry.label}</span>
            {entry.detail ? <span className="d-block">{entry.detail}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
