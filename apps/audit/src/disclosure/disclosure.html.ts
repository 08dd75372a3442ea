import type { DisclosureRecord } from './disclosure.record.js';

const COLOURS: Record<string, string> = { schools: '#2f6fb0', municipality: '#b0412f', police: '#2f8f5b', health: '#8a4fb0', court: '#9a7a1f' };
const AGENCY_IT: Record<string, string> = {
  schools: 'Scuole',
  municipality: 'Comune',
  police: 'Polizia Locale',
  health: 'ATS',
  court: 'Tribunale / Procura minorile',
};
const PERSONAL: Record<string, [string, string]> = {
  none: ['nessun dato personale', 'no personal data'],
  sealed: ['dati personali cifrati', 'personal data sealed'],
  erased: ['dati personali cancellati', 'personal data erased'],
  'unknown-key': ['cifrati, chiave sconosciuta', 'sealed, key unknown'],
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const when = (iso: string) => escape(new Date(iso).toLocaleString('it-IT', { timeZone: 'Europe/Rome' }));
const agency = (a: string) => `<span class="agency" style="--c:${COLOURS[a] ?? '#555'}">${escape(AGENCY_IT[a] ?? a)}</span>`;
const both = (it: string, en: string) => `${escape(it)} <span class="en">/ ${escape(en)}</span>`;

/** One self-contained HTML page of the record, like the timeline's: Italian first, English beside it; no value, only who, whom, when, why and what kind. */
export function disclosureHtml(record: DisclosureRecord): string {
  const { integrity, erasure } = record;
  const banner = integrity.verified
    ? `<p class="ok">${both('Verificato: firme e catene integre', `Verified: ${integrity.entriesVerified} disclosure(s), signatures and chains intact`)}</p>`
    : `<p class="bad">${both('NON VERIFICATO: il registro è stato alterato', `NOT VERIFIED: ${integrity.entriesNotVerified} disclosure(s) fail verification; archive ${integrity.archiveIntact ? 'intact' : `not intact (${integrity.breaks.length} break(s))`}`)}</p>
<ul class="breaks">${integrity.breaks
        .slice(0, 20)
        .map((b) => `<li>${escape(b.kind)} — ${escape(b.locator)}: ${escape(b.detail)}</li>`)
        .join('')}</ul>`;
  const erased = erasure.erased
    ? `<p class="erased">${both(`Minore cancellato il ${erasure.erasedAt.map(when).join(', ')}: i valori non esistono più; restano chi, a chi, quando, perché e quali categorie.`, `Child erased at ${erasure.erasedAt.join(', ')}: the values are gone; who, to whom, when, why and which categories remain.`)}</p>`
    : '';
  const pending =
    integrity.pending > 0
      ? `<p class="warn">${both(`${integrity.pending} eventi in transito: ripetere più tardi`, `${integrity.pending} position(s) in flight: run again later`)}</p>`
      : '';
  const rows = record.disclosures
    .map((d) => {
      const [it, en] = PERSONAL[d.personalData] ?? [d.personalData, d.personalData];
      const refs = Object.entries(d.references).map(([k, v]) => `<code>${escape(k)}=${escape(v)}</code>`);
      return `<tr class="${d.verification.verified ? '' : 'tampered'}"><td>${when(d.time)}</td><td>${agency(d.sender)}</td><td>${agency(d.recipient)}</td>
<td><code>${escape(d.type)}</code><br><small>${escape(d.caseref)}${refs.length ? ` · ${refs.join(' ')}` : ''}</small></td><td><code>${escape(d.purpose)}</code></td><td>${escape(d.legalBasis)}</td>
<td>${d.dataCategories.map((c) => `<span class="cat">${escape(c)}</span>`).join(' ')}</td><td class="pd-${escape(d.personalData)}">${both(it, en)}</td>
<td>${d.verification.verified ? both('verificato', 'verified') : `<b>${both('NON verificato', 'NOT verified')}</b><br><small>${escape(d.verification.problems.join('; '))}</small>`}</td></tr>`;
    })
    .join('\n');
  const reads = record.accessLogs
    .map((s) => {
      const whose = s.schoolCodes ? ` <small>(${both('registro delle scuole', 'access log of school(s)')} ${escape(s.schoolCodes.join(', '))})</small>` : '';
      const items = s.reads
        .map(
          (r) =>
            `<tr><td>${when(r.at)}</td><td>${escape(r.reader)}</td><td>${escape(r.roles.join(', '))}</td><td><code>${escape(r.route)}</code></td><td><code>${escape(r.purpose)}</code></td><td>${escape(r.caseref)}</td></tr>`,
        )
        .join('\n');
      return `<h3>${agency(s.agency)}${whose}</h3>${s.note ? `<p class="warn">${both(s.note.it, s.note.en)}</p>` : ''}
<table><thead><tr><th>${both('Quando', 'When')}</th><th>${both('Chi', 'Who')}</th><th>${both('Ruolo', 'Role')}</th><th>${both('Accesso', 'Route')}</th><th>${both('Finalità', 'Purpose')}</th><th>${both('Fascicolo', 'Case')}</th></tr></thead>
<tbody>${items || `<tr><td colspan="6">${both('Nessun accesso registrato', 'No reads recorded')}</td></tr>`}</tbody></table>`;
    })
    .join('\n');
  const bases = Object.entries(record.legalBases)
    .map(
      ([basis, citations]) =>
        `<dt>${escape(basis)}</dt>${citations.map((c) => `<dd><b>${escape(c.citation)}</b>: ${c.explanation ? both(c.explanation.it, c.explanation.en) : both('non presente nel glossario', 'not in the glossary')}</dd>`).join('')}`,
    )
    .join('\n');
  const categories = record.categories
    .map(
      (c) =>
        `<dt><span class="cat">${escape(c.category)}</span></dt><dd>${both(c.explanation.it, c.explanation.en)}${c.special ? ` <b>${escape(c.special)}</b>` : ''}${
          c.retentionDays !== undefined
            ? ` <small>(${both(`conservati ${c.retentionDays} giorni dopo la chiusura`, `kept ${c.retentionDays} days after closure`)})</small>`
            : ''
        }</dd>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Registro delle comunicazioni — disclosure record</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222;background:#fafafa}
h1{font-size:1.3rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin-top:2rem}h3{font-size:1rem}.sub{color:#555;margin-bottom:1rem}
.en{color:#666;font-style:italic}table{border-collapse:collapse;width:100%;font-size:.8rem;background:#fff}
th,td{border-bottom:1px solid #e4e4e4;padding:.3rem .4rem;text-align:left;vertical-align:top}th{background:#f0f0f0}
.agency{border-left:4px solid var(--c);padding-left:.3rem;font-weight:600}.cat{background:#eee;border-radius:3px;padding:0 .3rem}
.ok{color:#1d6b3a;font-weight:600}.bad{color:#fff;background:#a61b1b;padding:.5rem;font-weight:600}.warn{color:#8a5a00}
.erased{background:#f4ecfa;border-left:4px solid #8a4fb0;padding:.5rem}.tampered{background:#fde8e8}.pd-erased{color:#8a4fb0}
dt{margin-top:.6rem;font-weight:600}dd{margin:.2rem 0 .2rem 1.2rem}footer{margin-top:1.5rem;color:#888;font-size:.75rem}
</style></head><body>
<h1>${both('Registro delle comunicazioni sul minore', 'Disclosure record of the child')} (GDPR art. 15)</h1>
<div class="sub">${both('Fascicoli', 'Case references')}: ${escape(record.caserefs.join(', ') || '—')} · ${both('Comunicazioni', 'Disclosures')}: ${record.disclosures.length}. ${both(
    'I valori non sono mai mostrati: solo chi, a chi, quando, perché e quali categorie di dati.',
    'Values are never shown: only who, to whom, when, why and which categories of data.',
  )}</div>
${banner}${erased}${pending}
<h2>${both('Comunicazioni tra enti', 'Disclosures between agencies')}</h2>
<table><thead><tr><th>${both('Quando', 'When')}</th><th>${both('Da', 'From')}</th><th>${both('A', 'To')}</th><th>${both('Evento', 'Event')}</th><th>${both('Finalità', 'Purpose')}</th><th>${both('Base giuridica', 'Legal basis')}</th><th>${both('Categorie', 'Categories')}</th><th>${both('Dati personali', 'Personal data')}</th><th>${both('Verifica', 'Verification')}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="9">${both('Nessuna comunicazione', 'No disclosures')}</td></tr>`}</tbody></table>
<h2>${both('Accessi ai fascicoli in ciascun ente', 'Reads of the case in each agency')}</h2>
${reads || `<p>${both('Nessun ente', 'No agency')}</p>`}
<h2>${both('Basi giuridiche', 'Legal bases')}</h2><dl>${bases}</dl>
<h2>${both('Categorie di dati', 'Data categories')}</h2><dl>${categories}</dl>
<footer>${both('Generato il', 'Generated')} ${escape(record.generatedAt)} — <code>npm run audit -- disclosure</code>, ${both("dall'archivio firmato dei revisori e dai registri accessi degli enti", "from the auditors' signed archive and each agency's access log")}.</footer>
</body></html>
`;
}
