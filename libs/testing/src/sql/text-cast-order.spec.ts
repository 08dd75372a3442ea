import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { findTextCastOrders, textCastOrderedBare } from './text-cast-order.js';
import { REPO_ROOT } from '../infra/paths.js';

const column = fc.stringMatching(/^[a-z][a-z_]{1,12}$/).filter((c) => !['as', 'by', 'from', 'order', 'select', 'desc', 'asc', 'limit', 'where'].includes(c));
const table = fc.stringMatching(/^[a-z][a-z_]{1,12}$/);

describe('a text cast ordered by its own name', () => {
  it('is found whatever the names, aliases, directions and neighbours', () => {
    fc.assert(
      fc.property(column, table, fc.boolean(), fc.constantFrom('', ' DESC', ' ASC'), fc.array(column, { maxLength: 3 }), (col, tbl, aliased, dir, others) => {
        const select = [`${col}::text${aliased ? ` AS ${col}` : ''}`, ...others.filter((o) => o !== col)].join(', ');
        const sql = `SELECT ${select} FROM ${tbl} ORDER BY ${col}${dir} LIMIT 1`;
        expect(textCastOrderedBare(sql)).toEqual([col]);
        // Qualified, or cast under another name, it orders by the number and passes.
        expect(textCastOrderedBare(`SELECT ${select} FROM ${tbl} ORDER BY ${tbl}.${col}${dir}`)).toEqual([]);
        expect(textCastOrderedBare(`SELECT ${col}::text AS ${col}_text FROM ${tbl} ORDER BY ${col}${dir}`)).toEqual([]);
      }),
    );
  });

  it('appears nowhere in the project’s SQL', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const offences = files.flatMap((file) =>
      findTextCastOrders(readFileSync(`${REPO_ROOT}${file}`, 'utf8')).map((f) => `${file}:${f.line} ${f.columns.join(',')}`),
    );
    expect(offences).toEqual([]);
  });
});
