import { describe, expect, it } from 'vitest';
import { ActiveSpeakerDetector } from './active-speaker.ts';

const levels = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('ActiveSpeakerDetector', () => {
  it('makes the first person heard in a silent room the speaker at once', () => {
    const detector = new ActiveSpeakerDetector();
    expect(detector.update(levels({ a: 0, b: 0 }), 0)).toBeUndefined();
    expect(detector.update(levels({ a: 0.3, b: 0.01 }), 250)).toBe('a');
  });

  it('switches to someone else only after they stayed loudest for the hold time', () => {
    const detector = new ActiveSpeakerDetector({ threshold: 0.02, switchAfterMs: 600 });
    detector.update(levels({ a: 0.3, b: 0 }), 0);
    expect(detector.update(levels({ a: 0.1, b: 0.5 }), 250)).toBeUndefined();
    expect(detector.update(levels({ a: 0.1, b: 0.5 }), 500)).toBeUndefined();
    expect(detector.update(levels({ a: 0.1, b: 0.5 }), 900)).toBe('b');
    expect(detector.speaker).toBe('b');
  });

  it('ignores a short cough from another participant', () => {
    const detector = new ActiveSpeakerDetector({ threshold: 0.02, switchAfterMs: 600 });
    detector.update(levels({ a: 0.3, b: 0 }), 0);
    detector.update(levels({ a: 0.1, b: 0.9 }), 250);
    detector.update(levels({ a: 0.3, b: 0 }), 500);
    expect(detector.update(levels({ a: 0.1, b: 0.9 }), 750)).toBeUndefined();
    expect(detector.speaker).toBe('a');
  });

  it('keeps the last speaker through silence and clears them when they leave', () => {
    const detector = new ActiveSpeakerDetector();
    detector.update(levels({ a: 0.3 }), 0);
    expect(detector.update(levels({ a: 0 }), 5_000)).toBeUndefined();
    expect(detector.speaker).toBe('a');
    expect(detector.update(levels({ b: 0 }), 5_250)).toBeNull();
  });
});
