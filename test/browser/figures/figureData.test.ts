import { assert } from '@esm-bundle/chai';
import { csvColumns, csvField, toCsv, toJson } from '../../../src/plots/figureData.ts';
import { figureSlug, uniqueFigureNames } from '../../../src/plots/figureNames.ts';

describe('figure data as CSV and JSON', () => {
  it('quotes fields holding commas, quotes, CR or LF, doubling inner quotes (RFC 4180)', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField('plain text'), 'plain text');
    assert.equal(csvField(-1.5), '-1.5');
  });

  it('writes a header of all keys in first-seen order and CRLF-terminated records', () => {
    const csv = toCsv([{ x: 1, label: 'a, b' }, { x: 2, extra: true }]);
    assert.equal(csv, 'x,label,extra\r\n1,"a, b",\r\n2,,true\r\n');
  });

  it('writes missing values as empty fields, dates as ISO and nested values as quoted JSON', () => {
    const csv = toCsv([{ a: null, b: undefined, c: new Date(Date.UTC(2020, 0, 2)), d: { k: [1, 2] } }]);
    assert.equal(csv, 'a,b,c,d\r\n,,2020-01-02T00:00:00.000Z,"{""k"":[1,2]}"\r\n');
  });

  it('a header-only CSV for no rows, and quoted header names when they need it', () => {
    assert.equal(toCsv([]), '\r\n');
    assert.equal(toCsv([{ 'key, query': 1 }]), '"key, query"\r\n1\r\n');
    assert.deepEqual(csvColumns([{ b: 1 }, { a: 1, b: 2 }]), ['b', 'a']);
  });

  it('round-trips a field with every special character through a minimal RFC 4180 reader', () => {
    const nasty = 'q"u,o\r\nte';
    const csv = toCsv([{ v: nasty, w: 'ok' }]);
    const record = csv.split('\r\n').slice(1).join('\r\n'); // header is 'v,w'
    const match = /^"((?:[^"]|"")*)",ok\r\n$/.exec(record);
    assert.isNotNull(match, record);
    assert.equal(match![1].replaceAll('""', '"'), nasty);
  });

  it('JSON is the rows array, pretty-printed, ending in a newline', () => {
    const rows = [{ relative: -1, bucket: 17, direction: 'encoder (bidirectional)' }];
    const json = toJson(rows);
    assert.deepEqual(JSON.parse(json), rows);
    assert.isTrue(json.endsWith('}\n]\n'));
  });
});

describe('figure file names', () => {
  it('are lower-case and file-system safe, with a fallback for a missing name', () => {
    assert.equal(figureSlug('Bucket Curve / v2'), 'bucket-curve-v2');
    assert.equal(figureSlug('../etc/passwd'), 'etc-passwd');
    assert.equal(figureSlug(''), 'figure');
    assert.equal(figureSlug(null), 'figure');
  });

  it('repeated names get -2, -3, … and never take a name another figure has', () => {
    assert.deepEqual(uniqueFigureNames(['a', 'a', 'b', 'a']), ['a', 'a-2', 'b', 'a-3']);
    assert.deepEqual(uniqueFigureNames(['a', 'a', 'a-2']), ['a', 'a-3', 'a-2']);
    assert.deepEqual(uniqueFigureNames([null, undefined]), ['figure', 'figure-2']);
  });
});
