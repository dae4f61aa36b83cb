// progress.ts: what the status line says, fitted to the width, and the rate over a moving window.
import { describe, expect, it } from 'vitest';
import { formatClock, RateWindow, renderStatus, type StatusState } from '../../src/cli/progress.js';

const state = (s: Partial<StatusState>): StatusState => ({
  phase: 'transferring',
  filesDone: 0,
  bytesDone: 0,
  elapsedMs: 0,
  ...s,
});

describe('renderStatus', () => {
  it.each<[string, Partial<StatusState>, string]>([
    ['a phase without totals shows its time', { phase: 'listing', elapsedMs: 3200 }, 'listing 0:04'],
    [
      'comparing with a file total',
      { phase: 'comparing', filesDone: 120, filesTotal: 3000, elapsedMs: 1000 },
      'comparing [#-----------------------------] 120/3000 files 4% 0:01',
    ],
    [
      'transferring: files, bytes, fraction by bytes, rate and time left',
      {
        filesDone: 1234,
        filesTotal: 3000,
        bytesDone: 12_300_000,
        bytesTotal: 45_600_000,
        rate: { bytesPerSec: 3_200_000, filesPerSec: 300 },
      },
      'transferring [########----------------------] 1234/3000 files 12 MB/46 MB 26% 3.2 MB/s ETA 0:11',
    ],
    [
      'deleting: by files when there are no bytes',
      { phase: 'deleting', filesDone: 10, filesTotal: 40, rate: { bytesPerSec: 0, filesPerSec: 5 } },
      'deleting [########----------------------] 10/40 files 25% 5 files/s ETA 0:06',
    ],
    [
      'nothing to transfer is done',
      { filesTotal: 0, bytesTotal: 0, elapsedMs: 10 },
      'transferring [##############################] 0/0 files 100% 0:01',
    ],
    [
      'a stall has no time left',
      { filesTotal: 3, bytesTotal: 300, rate: { bytesPerSec: 0, filesPerSec: 0 } },
      'transferring [------------------------------] 0/3 files 0 B/300 B 0% 0 B/s 0:00',
    ],
  ])('%s', (_name, s, expected) => {
    expect(renderStatus(state(s), 119, false)).toBe(expected);
  });

  it('drops the bar, then the least important parts, to fit a narrow terminal', () => {
    const s = state({
      filesDone: 1234,
      filesTotal: 3000,
      bytesDone: 12_300_000,
      bytesTotal: 45_600_000,
      rate: { bytesPerSec: 3_200_000, filesPerSec: 300 },
    });
    const at = (w: number) => renderStatus(s, w, false);
    expect(at(100)).toBe(
      'transferring [########----------------------] 1234/3000 files 12 MB/46 MB 26% 3.2 MB/s ETA 0:11',
    );
    expect(at(80)).toBe('transferring [####-----------] 1234/3000 files 12 MB/46 MB 26% 3.2 MB/s ETA 0:11');
    expect(at(60)).toBe('transferring 1234/3000 files 12 MB/46 MB 26% ETA 0:11');
    expect(at(42)).toBe('transferring 1234/3000 files 26% ETA 0:11');
    expect(at(30)).toBe('transferring 26% ETA 0:11');
    expect(at(20)).toBe('transferring 26%');
    expect(at(12)).toBe('transferring');
    expect(at(5)).toBe('trans');
    for (let w = 1; w <= 120; w++) expect(at(w).length).toBeLessThanOrEqual(w);
  });

  it('colours the phase and the done part of the bar, and nothing without colour', () => {
    const s = state({ filesDone: 1, filesTotal: 2 });
    expect(renderStatus(s, 100, false)).not.toContain('\x1b');
    const coloured = renderStatus(s, 100, true);
    expect(coloured).toContain('\x1b[1mtransferring\x1b[0m');
    expect(coloured).toContain('\x1b[32m###############\x1b[0m');
    // The colour codes take no room.
    expect(coloured.replaceAll('\x1b[1m', '').replaceAll('\x1b[32m', '').replaceAll('\x1b[0m', '')).toBe(
      renderStatus(s, 100, false),
    );
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [999, '0:01'],
    [59_000, '0:59'],
    [61_000, '1:01'],
    [3_723_000, '1:02:03'],
  ])('%d ms is %s', (ms, text) => expect(formatClock(ms)).toBe(text));
});

describe('RateWindow', () => {
  it('says nothing until it has a second of history', () => {
    const w = new RateWindow(5000, 1000);
    w.sample(0, 0, 0);
    w.sample(500, 500, 1);
    expect(w.rate()).toBeUndefined();
    w.sample(1000, 1000, 2);
    expect(w.rate()).toEqual({ bytesPerSec: 1000, filesPerSec: 2 });
  });

  it('follows the last five seconds, not the average of the run', () => {
    const w = new RateWindow(5000, 1000);
    // 10 s at 1 MB/s, then a stall.
    for (let t = 0; t <= 10_000; t += 100) w.sample(t, t * 1000, t / 100);
    expect(w.rate()?.bytesPerSec).toBeCloseTo(1_000_000);
    for (let t = 10_100; t <= 16_000; t += 100) w.sample(t, 10_000_000, 100);
    expect(w.rate()?.bytesPerSec).toBe(0);
    w.reset();
    expect(w.rate()).toBeUndefined();
  });
});
