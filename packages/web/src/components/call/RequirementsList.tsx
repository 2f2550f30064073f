import type { IdentificationRequirements } from '@samtale/protocol';
import { useT } from '../../state/AppState.ts';
import { requirementRows } from '../identification.ts';

/** What each role needs to be let in (issue 8), as a short definition list. */
export function RequirementsList({ requirements }: { requirements: IdentificationRequirements }) {
  const t = useT();
  return (
    <div class="requirements">
      <h3>{t('req.title')}</h3>
      <dl>
        {requirementRows(t, requirements).map(([who, what]) => (
          <>
            <dt>{who}</dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
    </div>
  );
}
