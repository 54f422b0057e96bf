import { describe, expect, it } from 'vitest';
import { eventSummary, multiLine, oneLine, wrapClipped, wrapText, worldChanges } from '../../src/ui/format.js';

describe('wrapText', () => {
  it.each<[string, string, number, string[]]>([
    ['short text stays one line', 'hello world', 20, ['hello world']],
    ['empty text is one empty line', '', 10, ['']],
    ['breaks at the last space that fits', 'the quick brown fox jumps', 10, ['the quick', 'brown fox', 'jumps']],
    ['collapses whitespace and newlines', 'a  b\n\nc', 10, ['a b c']],
    ['compact JSON breaks after a comma', '{"id":"UA14","departs":"11:45"}', 18, ['{"id":"UA14",', '"departs":"11:45"}']],
    ['a run with no break is split where the line ends', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
  ])('%s', (_name, text, width, lines) => {
    expect(wrapText(text, width)).toEqual(lines);
  });

  it('never makes a line wider than asked, and loses no character but the spaces it breaks at', () => {
    const text = JSON.stringify({ flights: Array.from({ length: 6 }, (_v, i) => ({ id: `UA${i}`, departs: `0${i}:15`, note: 'on time and gate B12' })) });
    for (const width of [7, 13, 40, 67]) {
      const lines = wrapText(text, width);
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(width);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    }
  });
});

describe('wrapClipped', () => {
  it('keeps a text that fits whole, with no marker', () => {
    expect(wrapClipped('one two three', 5, 3)).toEqual(['one', 'two', 'three']);
  });

  it('cuts at maxLines, the last line ending "… (N more chars)" with N the characters not shown', () => {
    const text = 'x'.repeat(100);
    const lines = wrapClipped(text, 30, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('x'.repeat(30));
    const m = /^(x*)… \((\d+) more chars\)$/.exec(lines[1]!);
    expect(m, lines[1]).not.toBeNull();
    expect(30 + m![1]!.length + Number(m![2])).toBe(100);
    expect(lines[1]!.length).toBeLessThanOrEqual(30);
  });
});

describe('worldChanges', () => {
  const world = { bookings: [{ id: 'BK-4411', flight_id: 'UA12', seat: 'window' }], flights: [{ id: 'UA14' }] };
  it.each<[string, unknown, unknown, { path: string; before: unknown; after: unknown }[]]>([
    ['the same world: nothing', world, world, []],
    ['an equal copy: nothing', world, structuredClone(world), []],
    [
      'rebook: the two leaves that changed, by path',
      world,
      { ...world, bookings: [{ id: 'BK-4411', flight_id: 'UA14', seat: 'aisle' }] },
      [
        { path: 'bookings[0].flight_id', before: 'UA12', after: 'UA14' },
        { path: 'bookings[0].seat', before: 'window', after: 'aisle' },
      ],
    ],
    ['a key added', { a: 1 }, { a: 1, b: { c: 2 } }, [{ path: 'b', before: undefined, after: { c: 2 } }]],
    ['an array item removed', { xs: [1, 2] }, { xs: [1] }, [{ path: 'xs[1]', before: 2, after: undefined }]],
  ])('%s', (_name, before, after, changes) => {
    expect(worldChanges(before, after)).toEqual(changes);
  });
});

describe('oneLine and multiLine', () => {
  it.each<[string, string, string]>([
    ['one line stays as it is', 'It is BK-4411.', 'It is BK-4411.'],
    ['a line break is ⏎', 'Sure.\nBK-4411', 'Sure. ⏎ BK-4411'],
    ['a run of breaks and blank lines is one ⏎', 'Sure:\r\n\r\n  \nBK-4411\n', 'Sure: ⏎ BK-4411'],
    ['a lone \\r is a break too', 'a\rb', 'a ⏎ b'],
    ['tabs are spaces, escape codes lose their ESC', 'a\tb\u001b[2Jc', 'a b[2Jc'],
  ])('oneLine: %s', (_name, text, expected) => {
    expect(oneLine(text)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['blank lines inside are kept', 'Para one.\n\nPara two.', 'Para one.\n\nPara two.'],
    ['\\r\\n and \\r become \\n', 'a\r\n\r\nb\rc', 'a\n\nb\nc'],
    ['blank lines around go, and trailing spaces', '\n\n  indented  \nnext \n\n', '  indented\nnext'],
    ['tabs are two spaces, other controls go', '\tx\u0007y', '  xy'],
  ])('multiLine: %s', (_name, text, expected) => {
    expect(multiLine(text)).toBe(expected);
  });

  it('eventSummary is one line, whatever the message', () => {
    expect(eventSummary({ seq: 2, type: 'user_message', text: 'Sure, here it is:\n\nBK-4411', reveals: [] })).toBe('#2 user Sure, here it is: ⏎ BK-4411');
  });
});
