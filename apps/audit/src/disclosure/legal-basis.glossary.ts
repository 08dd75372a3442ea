/**
 * Plain-language explanations for the family and the DPO of what the sharing policy cites, in
 * Italian first and English. The policy states each rule's legal basis as one string of
 * citations ("GDPR art. 6(1)(e); D.Lgs. 76/2005 art. 5; Protocollo d'intesa Milano 2023 (…)");
 * this splits it into its citations and explains each one it knows. An unknown citation is shown
 * as written, never dropped: the record must not hide a basis because the glossary lacks it.
 */
export interface Explanation {
  it: string;
  en: string;
}

export interface ExplainedCitation {
  citation: string;
  explanation?: Explanation;
}

interface GlossaryEntry {
  pattern: RegExp;
  explanation: Explanation;
}

/** Each pattern matches a citation without its parenthesised remark. */
const GLOSSARY: readonly GlossaryEntry[] = [
  {
    pattern: /^(?:GDPR )?art\. 6\(1\)\(c\)$/,
    explanation: {
      it: 'Il trattamento è necessario per adempiere un obbligo di legge al quale è soggetto il titolare.',
      en: 'Processing is necessary to comply with a legal obligation of the controller.',
    },
  },
  {
    pattern: /^(?:GDPR )?art\. 6\(1\)\(e\)$/,
    explanation: {
      it: 'Il trattamento è necessario per eseguire un compito di interesse pubblico o connesso all’esercizio di pubblici poteri.',
      en: 'Processing is necessary for a task carried out in the public interest or in the exercise of official authority.',
    },
  },
  {
    pattern: /^(?:GDPR )?art\. 9\(2\)\(h\)$/,
    explanation: {
      it: 'Dati relativi alla salute (GDPR art. 9): trattati per finalità di assistenza sanitaria o sociale, da professionisti tenuti al segreto.',
      en: 'Health data (GDPR art. 9): processed for health or social care, by professionals bound by secrecy.',
    },
  },
  {
    pattern: /^(?:GDPR )?art\. 10$/,
    explanation: {
      it: 'Dati relativi a procedimenti giudiziari (GDPR art. 10): trattati solo sotto il controllo dell’autorità pubblica o se la legge lo autorizza.',
      en: 'Data on judicial proceedings (GDPR art. 10): processed only under official authority or where the law authorises it.',
    },
  },
  {
    pattern: /^D\.Lgs\. 76\/2005/,
    explanation: {
      it: 'Decreto legislativo 76/2005: diritto-dovere all’istruzione; i Comuni e le scuole vigilano sull’assolvimento dell’obbligo.',
      en: 'Legislative decree 76/2005: the right and duty to education; municipalities and schools oversee compulsory schooling.',
    },
  },
  {
    pattern: /^L\. 184\/1983/,
    explanation: {
      it: 'Legge 184/1983: diritto del minore a una famiglia; i pubblici ufficiali segnalano le situazioni di abbandono o pregiudizio.',
      en: 'Law 184/1983: the child’s right to a family; public officials report situations of neglect or harm.',
    },
  },
  {
    pattern: /^c\.c\. art\. 403$/,
    explanation: {
      it: 'Codice civile art. 403: intervento della pubblica autorità a favore del minore in situazione di grave pregiudizio.',
      en: 'Civil code art. 403: intervention of the public authority for a child in serious danger.',
    },
  },
  {
    pattern: /^c\.c\. art\. 333$/,
    explanation: {
      it: 'Codice civile art. 333: provvedimenti del giudice quando la condotta dei genitori è pregiudizievole per il figlio.',
      en: 'Civil code art. 333: court measures when the parents’ conduct is harmful to the child.',
    },
  },
  {
    pattern: /^c\.c\. art\. 336$/,
    explanation: {
      it: 'Codice civile art. 336: procedimento davanti al Tribunale per i minorenni, che può disporre indagini dei servizi sociali.',
      en: 'Civil code art. 336: proceedings before the juvenile court, which may order social-services investigations.',
    },
  },
  {
    pattern: /^L\. 833\/1978/,
    explanation: {
      it: 'Legge 833/1978: istituzione del Servizio sanitario nazionale (tutela della salute, anche dei minori).',
      en: 'Law 833/1978: the national health service (protection of health, children’s included).',
    },
  },
  {
    pattern: /^L\. 328\/2000/,
    explanation: {
      it: 'Legge 328/2000: sistema integrato di interventi e servizi sociali.',
      en: 'Law 328/2000: the integrated system of social services.',
    },
  },
  {
    pattern: /^L\. 71\/2017/,
    explanation: {
      it: 'Legge 71/2017: prevenzione e contrasto del cyberbullismo; informazione alle famiglie e ai servizi.',
      en: 'Law 71/2017: preventing and countering cyberbullying; informing families and services.',
    },
  },
  {
    pattern: /^DPR 309\/1990/,
    explanation: {
      it: 'DPR 309/1990: testo unico sugli stupefacenti (segnalazioni e interventi di prevenzione per i minori).',
      en: 'Presidential decree 309/1990: the consolidated drugs act (reports and prevention measures for minors).',
    },
  },
  {
    pattern: /^Protocollo d'intesa Milano 2023/,
    explanation: {
      it: 'Protocollo d’intesa 2023 tra Comune di Milano, scuole, Polizia Locale, ATS e autorità giudiziaria minorile: chi segnala cosa a chi.',
      en: 'The 2023 Milan memorandum between the City, schools, local police, ATS and the juvenile justice authorities: who reports what to whom.',
    },
  },
];

/**
 * Splits a legal basis into its citations: `;` separates instruments; within the GDPR, `,` adds
 * articles ("GDPR art. 6(1)(e), art. 9(2)(h)"). A parenthesised remark stays with its citation.
 */
export function citationsOf(legalBasis: string): string[] {
  const out: string[] = [];
  for (const part of splitOutsideParentheses(legalBasis, ';')) {
    const pieces = splitOutsideParentheses(part, ',');
    out.push(...(/^GDPR\b/.test(part) ? pieces : [part]));
  }
  return out.filter((c) => c.length > 0);
}

export function explainCitation(citation: string): ExplainedCitation {
  // A remark follows a space ("art. 5 (vigilanza …)"); the GDPR's paragraph marks do not ("6(1)(e)").
  const bare = citation.replace(/\s\(.*$/su, '').trim();
  const entry = GLOSSARY.find((g) => g.pattern.test(bare));
  return entry ? { citation, explanation: entry.explanation } : { citation };
}

/** Every citation of a legal basis, each with its explanation where the glossary has one. */
export function explainLegalBasis(legalBasis: string): ExplainedCitation[] {
  return citationsOf(legalBasis).map(explainCitation);
}

function splitOutsideParentheses(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}
