import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import { MAX_OFFSET, PageQuery } from '../page.query.js';
import { ProblemException } from './problem.exception.js';
import { httpValidationPipe } from './validation.pipe.js';

class School {
  @IsString()
  code!: string;
}
class Report {
  @ValidateNested()
  @Type(() => School)
  school!: School;
}

const body: ArgumentMetadata = { type: 'body', metatype: Report };
const query: ArgumentMetadata = { type: 'query', metatype: PageQuery };

async function refusal(value: unknown, metadata: ArgumentMetadata): Promise<ProblemException> {
  try {
    await httpValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(value)?.slice(0, 100)}`);
}

describe('the validation pipe answers in problem details', () => {
  it('names each failing field by its path, without a body. prefix', async () => {
    const { problem } = await refusal({ school: { code: 7 }, extra: 1 }, body);
    expect(problem).toMatchObject({ type: 'urn:casenet:problem:invalid-request', status: 400 });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: 'school.code', message: 'code must be a string' },
        { path: 'extra', message: 'property extra should not exist' },
      ]),
    );
    expect(JSON.stringify(problem)).not.toContain('body.');
  });

  it('refuses prototype keys at any depth like any other unknown key, never dropping them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.boolean(), async (key, deep) => {
        const value = JSON.parse(
          deep ? `{"school": {"code": "MIIC8AB00X", "${key}": {"admin": true}}}` : `{"school": {"code": "MIIC8AB00X"}, "${key}": {"admin": true}}`,
        ) as unknown;
        const { problem } = await refusal(value, body);
        expect(problem.errors).toEqual([{ path: deep ? `school.${key}` : key, message: `property ${key} should not exist` }]);
      }),
    );
  });

  it('refuses nesting up to 100k levels with a 400, not a stack overflow', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 40, max: 100_000 }), async (depth) => {
        let value: unknown = 'x';
        for (let i = 0; i < depth; i += 1) value = { school: value };
        expect((await refusal(value, body)).problem.status).toBe(400);
      }),
      { numRuns: 10 },
    );
  });

  it('bounds page offsets and limits to what PostgreSQL can take, naming the field', async () => {
    const outOfRange = fc.oneof(fc.bigInt({ min: BigInt(MAX_OFFSET) + 1n, max: 10n ** 40n }), fc.bigInt({ min: -(10n ** 40n), max: -1n }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('offset', 'limit'), outOfRange, async (field, n) => {
        const { problem } = await refusal({ [field]: n.toString() }, query);
        expect(problem.errors?.map((e) => e.path)).toEqual([field]);
      }),
    );
    await expect(httpValidationPipe().transform({ offset: String(MAX_OFFSET), limit: '200' }, query)).resolves.toMatchObject({
      offset: MAX_OFFSET,
      limit: 200,
    });
  });
});
