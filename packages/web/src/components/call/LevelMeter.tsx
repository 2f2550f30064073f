import { useEffect, useState } from 'preact/hooks';
import { createLevelMeter } from '@samtale/client-core';
import { useT } from '../../state/AppState.ts';

const STEPS = 10;

/**
 * Live microphone level as a row of bars (no inline styles: CSP forbids them, so the level is a
 * count of lit bars). Exposed as a meter for assistive technology.
 */
export function LevelMeter({ stream }: { stream: MediaStream }) {
  const t = useT();
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const meter = createLevelMeter(stream, (value) => setLevel(Math.round(Math.min(1, Math.max(0, value)) * STEPS)));
    return () => meter.close();
  }, [stream]);
  return (
    <div
      class="level-meter"
      role="meter"
      aria-label={t('devices.level')}
      aria-valuemin={0}
      aria-valuemax={STEPS}
      aria-valuenow={level}
    >
      {Array.from({ length: STEPS }, (_, index) => (
        <span key={index} class={index < level ? 'bar lit' : 'bar'} />
      ))}
    </div>
  );
}
