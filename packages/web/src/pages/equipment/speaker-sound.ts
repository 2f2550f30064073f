/**
 * The speaker test's sound, made with WebAudio (no file to download): two soft tones, rising,
 * about a second long. Played on a click, so autoplay rules allow it.
 */
const TONES_HZ = [523.25, 783.99];
const TONE_SECONDS = 0.45;

/** Plays the test sound in `context`; resolves when it has finished. */
export function playTestSound(context: AudioContext): Promise<void> {
  const start = context.currentTime + 0.05;
  const ends: Promise<void>[] = TONES_HZ.map((frequency, i) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    const at = start + i * TONE_SECONDS;
    // A short attack and release: no click at the start or end of each tone.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.3, at + 0.03);
    gain.gain.setValueAtTime(0.3, at + TONE_SECONDS - 0.08);
    gain.gain.linearRampToValueAtTime(0, at + TONE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + TONE_SECONDS);
    return new Promise<void>((resolve) => {
      oscillator.onended = () => {
        gain.disconnect();
        resolve();
      };
    });
  });
  return Promise.all(ends).then(() => undefined);
}

/** A quiet tone as a track, for the test call when there is neither camera nor microphone. */
export function toneTrack(context: AudioContext): MediaStreamTrack | null {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  gain.gain.value = 0.05;
  const destination = context.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  return destination.stream.getAudioTracks()[0] ?? null;
}
