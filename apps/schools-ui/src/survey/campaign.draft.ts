import type { components } from '../api/schema';

type OpenCampaignBody = components['schemas']['OpenCampaignDto'];

/**
 * The institutions as the UST pastes them, one a line:
 * `CODICE;Nome;milano|citta_metropolitana;statale|paritaria[;ALTRO_CODICE ALTRO_CODICE]`
 * (the last field, a private institution's other codes). Each line becomes one institution as typed;
 * the API judges it and names the line (`institutions[2].code`).
 */
export function institutionsOf(text: string): OpenCampaignBody['institutions'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [code = '', name = '', area = '', kind = '', others = ''] = line.split(';').map((part) => part.trim());
      const group = others.split(/[\s,]+/).filter(Boolean);
      return {
        code,
        name,
        area: area as OpenCampaignBody['institutions'][number]['area'],
        private: kind.toLowerCase() === 'paritaria',
        ...(group.length > 0 ? { codes: [code, ...group] } : {}),
      };
    });
}

/** `institutions[2].code` → line 3: the UST reads lines, not indexes. */
export function lineOf(path: string): number | null {
  const match = /^institutions\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) + 1 : null;
}
