import { describe, expect, it } from '@jest/globals';
import { loadSharingPolicy } from '@casenet/privacy';
import { citationsOf, explainCitation, explainLegalBasis } from './legal-basis.glossary.js';

describe('legal basis glossary', () => {
  it('splits a basis into its instruments, and the GDPR into its articles, keeping remarks with their citation', () => {
    expect(citationsOf("GDPR art. 6(1)(e), art. 9(2)(h); L. 833/1978; Protocollo d'intesa Milano 2023 (invio ai servizi ATS)")).toEqual([
      'GDPR art. 6(1)(e)',
      'art. 9(2)(h)',
      'L. 833/1978',
      "Protocollo d'intesa Milano 2023 (invio ai servizi ATS)",
    ]);
    // A `;` inside a remark does not split it.
    expect(citationsOf("GDPR art. 6(1)(e); Protocollo d'intesa Milano 2023 (verifiche; la scadenza è un default)")).toEqual([
      'GDPR art. 6(1)(e)',
      "Protocollo d'intesa Milano 2023 (verifiche; la scadenza è un default)",
    ]);
    // Outside the GDPR a comma is part of the citation.
    expect(citationsOf('L. 184/1983 art. 9, comma 2')).toEqual(['L. 184/1983 art. 9, comma 2']);
  });

  it('tells a public task from a legal obligation, and health from judicial data', () => {
    const [task, obligation, health, judicial] = ['GDPR art. 6(1)(e)', 'GDPR art. 6(1)(c)', 'art. 9(2)(h)', 'art. 10'].map(
      (c) => explainCitation(c).explanation?.en,
    );
    expect(task).toMatch(/public interest/);
    expect(obligation).toMatch(/legal obligation/);
    expect(health).toMatch(/Health data/);
    expect(judicial).toMatch(/judicial proceedings/);
    expect(explainCitation('D.Lgs. 76/2005 art. 5 (vigilanza sull’obbligo di istruzione)').explanation?.it).toMatch(/obbligo/);
  });

  it('keeps an unknown citation as written, without an explanation, rather than dropping it', () => {
    expect(explainLegalBasis('GDPR art. 6(1)(e); L. 999/2099')).toEqual([
      { citation: 'GDPR art. 6(1)(e)', explanation: expect.objectContaining({ it: expect.any(String), en: expect.any(String) }) },
      { citation: 'L. 999/2099' },
    ]);
  });

  it('explains every citation of every rule of the sharing policy, in Italian and English', () => {
    const unexplained = loadSharingPolicy()
      .ruleList.flatMap((rule) => explainLegalBasis(rule.legalBasis).map((c) => ({ rule: `${rule.event}→${rule.to}`, ...c })))
      .filter((c) => !c.explanation?.it || !c.explanation.en);
    expect(unexplained).toEqual([]);
  });
});
