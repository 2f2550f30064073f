import { describe, expect, it } from 'vitest';
import { levelFromSamples } from './level-meter.ts';

describe('levelFromSamples', () => {
  it('shows silence as an empty bar and a full-scale signal as a full one', () => {
    expect(levelFromSamples(new Float32Array(512))).toBe(0);
    expect(levelFromSamples(new Float32Array(512).fill(1))).toBe(1);
  });

  it('shows speech-like loudness (about -20 dBFS) well inside the bar', () => {
    const level = levelFromSamples(new Float32Array(512).fill(0.1));
    expect(level).toBeCloseTo(2 / 3, 5);
  });
});
