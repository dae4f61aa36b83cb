// temps.ts: the names of download temp files, and which ones a later run may remove.
import { describe, expect, it } from 'vitest';
import { isStaleTemp, isTempName, tempNameFor } from '../../src/core/temps.js';

const NOW = 1_700_000_000_000;
const DAY = 24 * 3600 * 1000;
// Above every system's pid_max (Linux allows at most 2^22), so no process has it.
const DEAD_PID = 2_000_000_000;

describe('tempNameFor', () => {
  it('is `.NAME.paras3-PID-RANDOM`, a hidden name beside its target', () => {
    const name = tempNameFor('report.pdf');
    expect(name).toMatch(new RegExp(`^\\.report\\.pdf\\.paras3-${process.pid}-[0-9a-f]{8}$`));
    expect(isTempName(name)).toBe(true);
  });

  it('differs on every call', () => {
    const names = new Set(Array.from({ length: 50 }, () => tempNameFor('a')));
    expect(names.size).toBe(50);
  });

  it.each([
    ['a name of 200 bytes keeps it', 'x'.repeat(200), true],
    ['a name of 201 bytes goes without it', 'x'.repeat(201), false],
    // Bytes, not characters: 67 × 3 bytes = 201.
    ['a long name in UTF-8 bytes', '日'.repeat(67), false],
  ])('%s, and stays within NAME_MAX (255 bytes)', (_name, base, keeps) => {
    const name = tempNameFor(base);
    expect(name.startsWith(`.${base}.paras3-`)).toBe(keeps);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(isTempName(name)).toBe(true);
  });
});

describe('isTempName', () => {
  it.each<[string, boolean]>([
    [`.a.txt.paras3-${process.pid}-0123abcd`, true],
    // A long target's temp goes without its name.
    ['.paras3-42-deadbeef', true],
    ['.notes.paras3-1-cafebabe', true],
    // Names in the target's name: any byte but `/`, a newline too.
    ['.a\nb.paras3-42-deadbeef', true],
    ['..paras3-42-deadbeef', false],
    ['.a.txt.paras3-DEADBEEF', false],
    ['.a.txt.paras3-42-DEADBEEF', false],
    ['.a.txt.paras3-42-deadbee', false],
    ['.a.txt.paras3-42-deadbeef0', false],
    ['.a.txt.paras3-42-deadbeef.bak', false],
    ['.a.txt.paras3-42-deadbeef\n', false],
    ['a.txt', false],
    ['.a.txt.paras3-', false],
    // A user's files that merely resemble one: no leading dot, no pid, a pid that is no pid.
    ['notes.paras3-cafebabe', false],
    ['notes.paras3-42-cafebabe', false],
    ['paras3-42-deadbeef', false],
    ['.paras3-deadbeef', false],
    // The pid-less form of early builds: nothing tells it from a user's hidden file.
    ['.notes.paras3-cafebabe', false],
    ['.a.txt.paras3-0-deadbeef', false],
    ['.a.txt.paras3-042-deadbeef', false],
    ['.a.txt.paras3--42-deadbeef', false],
    ['.a.txt.paras3-12345678901-deadbeef', false],
    ['.a.txt.paras3-x-deadbeef', false],
    ['.a.txt.paras3-42-cafebabe-deadbeef', false],
    // The temp of a file whose own name looks like a temp.
    ['.a.paras3-1-cafebabe.paras3-42-deadbeef', true],
  ])('%j → %s', (name, expected) => {
    expect(isTempName(name)).toBe(expected);
  });
});

describe('isStaleTemp', () => {
  it.each<[string, string, number, boolean]>([
    ['not a temp name', 'a.txt', NOW - 2 * DAY, false],
    ['our own, in flight', `.a.paras3-${process.pid}-0123abcd`, NOW, false],
    ['our own, but a day old (a reused pid)', `.a.paras3-${process.pid}-0123abcd`, NOW - DAY - 1, true],
    ['a process that is gone', `.a.paras3-${DEAD_PID}-0123abcd`, NOW, true],
    // Not ours, however old: no pid to ask, or no leading dot.
    ['the pid-less form of early builds', '.a.paras3-0123abcd', NOW - 2 * DAY, false],
    ['a user file that resembles a temp', 'notes.paras3-cafebabe', NOW - 2 * DAY, false],
    ['a dead pid, but no leading dot', `notes.paras3-${DEAD_PID}-cafebabe`, NOW, false],
    // pid 1 always runs: owned by root, `kill(1, 0)` is EPERM for others, which still means alive.
    ['a live process', '.a.paras3-1-0123abcd', NOW, false],
    ['a live process, a day old', '.a.paras3-1-0123abcd', NOW - DAY - 1, true],
    ['a live process, just under a day old', '.a.paras3-1-0123abcd', NOW - DAY, false],
  ])('%s → %s', (_name, name, mtimeMs, expected) => {
    expect(isStaleTemp(name, mtimeMs, NOW)).toBe(expected);
  });
});
