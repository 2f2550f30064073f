import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CallState } from '../../state/CallState.ts';

type Props = { call: CallState; consultationId: string };

/** The host's consent and checklist panel, loaded only when a host needs it (not on the patient's path). */
export function LazyHostSidePanel(props: Props) {
  const [Panel, setPanel] = useState<ComponentType<Props> | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void import('./HostSidePanel.tsx').then((m) => {
      if (isCurrent) setPanel(() => m.default);
    });
    return () => {
      isCurrent = false;
    };
  }, []);
  return Panel === null ? null : <Panel {...props} />;
}
