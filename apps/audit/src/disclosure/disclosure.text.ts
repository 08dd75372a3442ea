import type { DisclosureRecord } from './disclosure.record.js';

const PERSONAL: Record<string, string> = {
  none: 'no personal data',
  sealed: 'personal data sealed',
  erased: 'personal data erased (key destroyed)',
  'unknown-key': 'personal data sealed under a key the vault does not know',
};

/** The record as plain text for the terminal: Italian headings with English, one line per disclosure and per read. */
export function disclosureText(record: DisclosureRecord): string[] {
  const lines: string[] = [];
  const { integrity, erasure } = record;
  lines.push('REGISTRO DELLE COMUNICAZIONI / DISCLOSURE RECORD (GDPR art. 15)');
  lines.push(
    `generated ${record.generatedAt}; child identified by ${[record.identifiedBy.taxCode ? 'tax code' : '', ...record.identifiedBy.caserefs].filter(Boolean).join(', ')}`,
  );
  lines.push(`case references: ${record.caserefs.join(', ') || '(none)'}; pseudonym spaces: ${record.pseudonymSpaces.join(', ') || '(none)'}`);
  lines.push(
    erasure.erased
      ? `CANCELLATO / ERASED at ${erasure.erasedAt.join(', ')}: the personal values are gone; who, whom, when, why and which categories remain`
      : 'not erased',
  );
  lines.push(
    integrity.verified
      ? `VERIFICATO / VERIFIED: ${integrity.entriesVerified} disclosure(s), signatures and chains intact`
      : `NON VERIFICATO / NOT VERIFIED: ${integrity.entriesNotVerified} disclosure(s) fail verification; archive ${integrity.archiveIntact ? 'intact' : `NOT intact (${integrity.breaks.length} break(s))`}`,
  );
  if (integrity.pending > 0) lines.push(`pending: ${integrity.pending} position(s) still in flight; run again later for a complete record`);
  for (const b of integrity.breaks.slice(0, 10)) lines.push(`  break: ${b.kind} at ${b.locator}: ${b.detail}`);

  lines.push('', `Comunicazioni / Disclosures (${record.disclosures.length})`);
  for (const d of record.disclosures) {
    const refs = Object.entries(d.references).map(([k, v]) => `${k}=${v}`);
    lines.push(
      `${d.time}  ${d.sender} → ${d.recipient}  ${d.type}  case=${d.caseref}  purpose=${d.purpose}  categories=${d.dataCategories.join(',')}  basis="${d.legalBasis}"  ${PERSONAL[d.personalData]}${refs.length ? `  ${refs.join(' ')}` : ''}  ${d.verification.verified ? 'verified' : `NOT VERIFIED: ${d.verification.problems.join('; ')}`}`,
    );
  }

  lines.push('', 'Accessi ai fascicoli / Reads of the case in each agency');
  for (const section of record.accessLogs) {
    const whose = section.schoolCodes ? ` (access log of school(s) ${section.schoolCodes.join(', ') || 'none named by the token'})` : '';
    lines.push(`${section.agency}${whose}: ${section.reads.length} read(s) of ${section.caserefs.join(', ')}`);
    if (section.note) lines.push(`  note: ${section.note.it} / ${section.note.en}`);
    for (const r of section.reads) lines.push(`  ${r.at}  ${r.reader} [${r.roles.join(',')}]  ${r.route}  purpose=${r.purpose}  case=${r.caseref}`);
  }

  lines.push('', 'Basi giuridiche / Legal bases');
  for (const [basis, citations] of Object.entries(record.legalBases)) {
    lines.push(`"${basis}"`);
    for (const c of citations) lines.push(`  ${c.citation}: ${c.explanation ? `${c.explanation.it} / ${c.explanation.en}` : '(not in the glossary)'}`);
  }
  lines.push('', 'Categorie di dati / Data categories');
  for (const c of record.categories) {
    const extra = [c.special, c.retentionDays !== undefined ? `kept ${c.retentionDays} days after closure` : ''].filter(Boolean).join('; ');
    lines.push(`  ${c.category}: ${c.explanation.it} / ${c.explanation.en}${extra ? ` (${extra})` : ''}`);
  }
  return lines;
}
