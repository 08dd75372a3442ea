import type { CategoryDefinition, DataCategory, SharingPolicy } from '@casenet/privacy';
import type { Explanation } from './legal-basis.glossary.js';

/** The categories in Italian, beside the policy's own English descriptions (which stay the source). */
const ITALIAN: Record<DataCategory, string> = {
  case: 'Riferimenti e codici di stato che collegano i fascicoli, nessun dettaglio personale',
  identity: 'Chi è il minore (nome, codice fiscale, data di nascita)',
  contact: 'Dove vive il minore',
  school: 'Scuola frequentata e dati di frequenza',
  social: 'Situazione familiare e sociale, note degli operatori',
  police: 'Fatti accertati dalla Polizia Locale sul minore (amministrativi, non casellario giudiziale)',
  mandate: 'Dispositivo di un provvedimento del Tribunale che il destinatario deve eseguire (senza motivazione né fascicolo)',
  health: 'Dati sanitari e sulle dipendenze',
  judicial: 'Procedimenti e provvedimenti del Tribunale per i minorenni',
  'school-year': 'L’anno scolastico della segnalazione (statistiche dell’Osservatorio)',
  citizenship: 'Categoria di cittadinanza (italiana, non italiana, neo-arrivata), a fini statistici',
  track: 'Indirizzo della secondaria di II grado (liceale, tecnico, professionale) o IeFP, a fini statistici',
  municipio: 'Il Municipio di Milano (1–9) in cui vive il minore, a fini statistici',
};

export interface ExplainedCategory {
  category: string;
  explanation: Explanation;
  /** e.g. "GDPR art. 9": such data never leaves its owning agency. */
  special?: string;
  retentionDays?: number;
}

/** What a data category means, from the sharing policy (English) and this glossary (Italian). */
export function explainCategory(policy: SharingPolicy, category: string): ExplainedCategory {
  const definition = (policy.categories as Partial<Record<string, CategoryDefinition>>)[category];
  const italian = (ITALIAN as Partial<Record<string, string>>)[category];
  if (!definition)
    return { category, explanation: { it: italian ?? 'Categoria non descritta nella policy di condivisione', en: 'Not described in the sharing policy' } };
  return {
    category,
    explanation: { it: italian ?? definition.description, en: definition.description },
    ...(definition.special ? { special: definition.special } : {}),
    ...(definition.retentionDays !== undefined ? { retentionDays: definition.retentionDays } : {}),
  };
}
