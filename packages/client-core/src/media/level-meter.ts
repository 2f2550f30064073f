/** A running microphone level meter; `close()` releases the audio graph. */
export interface LevelMeter {
  close(): void;
}

/** About 20 updates a second: smooth enough for a bar, cheap enough for a phone. */
const UPDATE_INTERVAL_MS = 50;

/**
 * Reports the loudness of the stream's first audio track as 0..1 through `onLevel`, using a
 * WebAudio AnalyserNode. Used by the device check so a person sees that the microphone hears them.
 */
export function createLevelMeter(stream: MediaStream, onLevel: (level0to1: number) => void): LevelMeter {
  const track = stream.getAudioTracks()[0];
  if (track === undefined) {
    onLevel(0);
    return { close: () => undefined };
  }
  const context = new AudioContext();
  // A stream of only the audio track: the source must not keep a camera track alive.
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  // Autoplay policy may start the context suspended; the device check follows a click, so resume.
  void context.resume().catch(() => undefined);

  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(levelFromSamples(samples));
  }, UPDATE_INTERVAL_MS);

  let isClosed = false;
  return {
    close() {
      if (isClosed) return;
      isClosed = true;
      clearInterval(timer);
      source.disconnect();
      void context.close().catch(() => undefined);
    },
  };
}

/**
 * Maps the RMS of the samples to 0..1 on a decibel scale from -60 dBFS (silence) to 0 dBFS, so
 * that normal speech (around -30 to -15 dBFS) fills a good part of the bar.
 */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sumOfSquares = 0;
  for (const sample of samples) sumOfSquares += sample * sample;
  const rms = Math.sqrt(sumOfSquares / samples.length);
  if (rms === 0) return 0;
  const decibels = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (decibels + 60) / 60));
}
