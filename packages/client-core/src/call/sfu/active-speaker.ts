/** Tuning of the active-speaker choice; defaults suit audioLevel sampled every ~250 ms. */
export interface ActiveSpeakerOptions {
  /** audioLevel (0..1, RFC 6464 scale as getStats reports it) below which nobody speaks. */
  threshold: number;
  /** How long someone must be loudest before the speaker changes (no flicker on a cough). */
  switchAfterMs: number;
}

export const DEFAULT_ACTIVE_SPEAKER: ActiveSpeakerOptions = { threshold: 0.02, switchAfterMs: 600 };

/**
 * Picks the active speaker from audio levels: the loudest participant above the threshold
 * becomes speaker once they have stayed loudest for `switchAfterMs`. The speaker stays the
 * speaker through silence (the speaker layout keeps the last one who talked). Pure: time comes in.
 */
export class ActiveSpeakerDetector {
  readonly #options: ActiveSpeakerOptions;
  #speaker: string | null = null;
  #candidate: { id: string; since: number } | null = null;

  constructor(options: ActiveSpeakerOptions = DEFAULT_ACTIVE_SPEAKER) {
    this.#options = options;
  }

  get speaker(): string | null {
    return this.#speaker;
  }

  /** Feeds one sample of every participant's level; returns the new speaker when it changed. */
  update(levels: ReadonlyMap<string, number>, nowMs: number): string | null | undefined {
    if (this.#speaker !== null && !levels.has(this.#speaker)) {
      // The speaker left: nobody speaks until someone else is heard.
      this.#speaker = null;
      this.#candidate = null;
      return null;
    }
    let loudest: string | null = null;
    let loudestLevel = this.#options.threshold;
    for (const [id, level] of levels) {
      if (level > loudestLevel) {
        loudest = id;
        loudestLevel = level;
      }
    }
    if (loudest === null || loudest === this.#speaker) {
      this.#candidate = null;
      return undefined;
    }
    if (this.#candidate?.id !== loudest) {
      this.#candidate = { id: loudest, since: nowMs };
      // The first voice in a silent room needs no hold time.
      if (this.#speaker !== null) return undefined;
    } else if (nowMs - this.#candidate.since < this.#options.switchAfterMs) {
      return undefined;
    }
    this.#speaker = loudest;
    this.#candidate = null;
    return loudest;
  }
}
