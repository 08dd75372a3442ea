import { describe, expect, it } from '@jest/globals';
import { Parser } from '@asyncapi/parser';
import { EVENT_CATALOG, INBOX_TOPICS } from '@casenet/contracts';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { asyncApiYaml } from './print-asyncapi.js';

const PUBLISHED = fileURLToPath(new URL('../../../../docs/asyncapi.yaml', import.meta.url));
const PRINTER = fileURLToPath(new URL('../../dist/asyncapi/print-asyncapi.js', import.meta.url));

describe('AsyncAPI document', () => {
  const generated = asyncApiYaml();

  it('is valid AsyncAPI 3.0 according to the official parser', async () => {
    const { document, diagnostics } = await new Parser().parse(generated);
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    // Every catalogued event is a message on its recipients' inbox channels, with its data schema.
    const channels = document!.channels();
    expect(
      channels
        .all()
        .map((c) => c.address())
        .filter((a) => !a?.endsWith('.dead-letter'))
        .sort(),
    ).toEqual([...INBOX_TOPICS].sort());
    for (const contract of EVENT_CATALOG) {
      for (const recipient of contract.recipients) {
        const channel = channels.all().find((c) => c.address() === `${recipient}.inbox.v1`);
        expect(
          channel
            ?.messages()
            .all()
            .map((m) => m.name()),
        ).toContain(contract.type);
      }
    }
  });

  it('shows, per recipient, the fields the sharing policy lets through', () => {
    const doc = parse(generated) as { components: { messages: Record<string, { 'x-sharing-policy': { to: string; fields: Record<string, string> }[] }> } };
    const toPolice = doc.components.messages.municipalityVerificationRequestedV1?.['x-sharing-policy'][0];
    expect(toPolice?.to).toBe('police');
    expect(toPolice?.fields['pupil.taxCode']).toBe('identity');
    expect(Object.keys(toPolice?.fields ?? {})).not.toContain('notes');
  });

  it('is published, generated, in docs/asyncapi.yaml (run `npm run asyncapi > docs/asyncapi.yaml`)', () => {
    // As `npm run asyncapi` prints it, in a process of its own: class-validator keeps its metadata
    // in one global store, which other spec files of the same jest run fill with their own copies
    // of the contract classes, and the schemas built in-process then lose their JSON Schema notes.
    const printed = spawnSync(process.execPath, [PRINTER], { encoding: 'utf8' });
    expect(printed.status).toBe(0);
    expect(readFileSync(PUBLISHED, 'utf8')).toBe(printed.stdout);
  });
});
