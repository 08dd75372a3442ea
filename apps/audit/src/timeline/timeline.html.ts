import type { TimelineEntry, TimelineQuery } from './timeline.js';

const AGENCIES = ['schools', 'municipality', 'police', 'health', 'court'];
const COLOURS: Record<string, string> = { schools: '#2f6fb0', municipality: '#b0412f', police: '#2f8f5b', health: '#8a4fb0', court: '#9a7a1f' };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One self-contained HTML file: a lane per agency, an arrow per disclosure, details on each. */
// `generatedAt`: when the auditor printed the page, on the auditor's wall clock, not a service's domain time.
export function timelineHtml(query: TimelineQuery, entries: TimelineEntry[], generatedAt = new Date()): string {
  const lane = (agency: string) => AGENCIES.indexOf(agency);
  const rows = entries
    .map((e) => {
      const [from, to] = [lane(e.sender), lane(e.recipient)];
      const [left, right] = [Math.min(from, to), Math.max(from, to)];
      const arrow = `<div class="arrow ${from < to ? 'rtl-no' : 'rtl'}" style="grid-column:${left + 2} / ${right + 3};--c:${COLOURS[e.sender] ?? '#555'}"><span>${escape(e.type)}</span></div>`;
      const details = `<div class="details"><b>${escape(new Date(e.time).toLocaleString('it-IT', { timeZone: 'Europe/Rome' }))}</b> · ${escape(e.sender)} → ${escape(e.recipient)} · purpose <i>${escape(e.purpose)}</i> · ${escape(e.legalBasis)} · categories: ${e.dataCategories.map((c) => `<span class="cat">${escape(c)}</span>`).join(' ')}${
        e.sealedPersonalData ? ' · <span class="sealed">personal data sealed</span>' : ''
      }${Object.keys(e.clearData).length ? ` · ${escape(JSON.stringify(e.clearData))}` : ''}</div>`;
      return `<div class="row">${arrow}${details}</div>`;
    })
    .join('\n');
  const scope = [
    query.agency ? `as seen by <b>${escape(query.agency)}</b>` : 'all agencies',
    query.asOf ? `as of ${escape(query.asOf.toISOString())}` : 'to date',
  ].join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Case ${escape(query.caseref)} — casenet audit timeline</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222;background:#fafafa}
h1{font-size:1.3rem;margin:0 0 .2rem}.sub{color:#666;margin-bottom:1.5rem}
.lanes,.row{display:grid;grid-template-columns:0 repeat(${AGENCIES.length},1fr) 0;align-items:center}
.lanes div{text-align:center;font-weight:600;padding:.4rem;border-bottom:3px solid var(--c)}
.row{position:relative;padding:.5rem 0;border-bottom:1px solid #e4e4e4}
.arrow{grid-row:1;height:1.8rem;position:relative;margin:0 8%}
.arrow:before{content:"";position:absolute;left:0;right:0;top:50%;border-top:2px solid var(--c)}
.arrow span{position:relative;background:#fafafa;padding:0 .4rem;font-size:.8rem;color:var(--c);display:block;width:max-content;margin:0 auto;font-weight:600}
.details{grid-row:2;grid-column:2 / ${AGENCIES.length + 2};font-size:.8rem;color:#444;padding:0 .5rem}
.cat{background:#eee;border-radius:3px;padding:0 .3rem}.sealed{color:#8a4fb0}
footer{margin-top:1.5rem;color:#888;font-size:.75rem}
</style></head><body>
<h1>Case ${escape(query.caseref)}</h1><div class="sub">${entries.length} disclosure(s), ${scope}. Sensitive values are never shown: only who, when, why and which categories.</div>
<div class="lanes"><span></span>${AGENCIES.map((a) => `<div style="--c:${COLOURS[a]}">${a}</div>`).join('')}<span></span></div>
${rows || '<p>No events.</p>'}
<footer>Generated ${escape(generatedAt.toISOString())} by <code>npm run audit -- timeline</code> from the auditors' archive.</footer>
</body></html>
`;
}
