import type { CallState } from '../../state/CallState.ts';
import { ConsentPanel } from './ConsentPanel.tsx';
import { ChecklistPanel } from './ChecklistPanel.tsx';

/** What a host has beside the call (issue 9): consent records and the checklist. */
export default function HostSidePanel({ call, consultationId }: { call: CallState; consultationId: string }) {
  return (
    <>
      <ConsentPanel call={call} consultationId={consultationId} />
      <ChecklistPanel
        consultationId={consultationId}
        // "Tick the required items before ending" is answered once none is missing: the banner goes.
        onEndAllowed={() => call.dismissError('CHECKLIST_INCOMPLETE')}
      />
    </>
  );
}
