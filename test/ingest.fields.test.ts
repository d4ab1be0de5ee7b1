// rawFieldsAt, the record a CSV row's cells make through its layout, held to the plain reading of a layout: every
// field empty, then each field the layout names set to its column's cell (empty past the row's end).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRawFields, FIELD_NAMES, fieldColumns, rawFieldsAt, type FieldName, type RawFields } from '../src/ingest/fields.js';

function naive(cells: readonly string[], columns: ReadonlyArray<readonly [FieldName, number]>): RawFields {
  const raw = Object.fromEntries(FIELD_NAMES.map((name) => [name, ''])) as RawFields;
  for (const [field, column] of columns) raw[field] = cells[column] ?? '';
  return raw;
}

describe('rawFieldsAt', () => {
  it('spells out every field, in FIELD_NAMES order', () => {
    expect(Object.keys(emptyRawFields())).toEqual([...FIELD_NAMES]);
    expect(Object.values(emptyRawFields()).every((value) => value === '')).toBe(true);
  });

  it('gives each field its own column, whatever the layout and the row', () => {
    const layout = fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.nat(60)), { selector: ([field]) => field, maxLength: FIELD_NAMES.length });
    fc.assert(
      fc.property(layout, fc.array(fc.string({ maxLength: 4 }), { maxLength: 60 }), (columns, cells) => {
        const raw = rawFieldsAt(cells, fieldColumns(columns));
        expect(raw).toEqual(naive(cells, columns));
        expect(Object.keys(raw)).toEqual([...FIELD_NAMES]);
      }),
      { numRuns: 500 },
    );
  });
});
