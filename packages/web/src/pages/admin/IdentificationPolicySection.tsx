import { useEffect, useId, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import {
  Audience,
  IDENTIFICATION_FLOORS,
  OrganisationIdentificationPolicy,
  type IdentificationProof,
  type PolicyKey,
} from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useAdminIdentityT } from '../../i18n/admin-identity/index.ts';
import {
  choicesOf,
  isSameTable,
  isTightened,
  organisationPolicyOf,
  tableOf,
  toggledRequirement,
  VISIBLE_POLICY_KEYS,
  type PolicyTable,
} from './identification-policy-table.ts';

/** GET/PUT /api/admin/identification-policy answer the floors too; the page uses the protocol's. */
const PolicyAnswer = z.object({ organisation: OrganisationIdentificationPolicy });

/**
 * "Krav til identifisering" (issue 8): per kind of call and personal data, which identification
 * each role needs. Proofs below the kind's floor are shown disabled with the reason; the server
 * refuses the same (POLICY_BELOW_FLOOR), shown as the coded message.
 */
export function IdentificationPolicySection({ isHelseIdConfigured }: { isHelseIdConfigured: boolean | null }) {
  const { api } = useApp();
  const it = useAdminIdentityT();
  const id = useId();
  const [saved, setSaved] = useState<PolicyTable | null>(null);
  const [table, setTable] = useState<PolicyTable | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    api
      .get('/api/admin/identification-policy', (v) => PolicyAnswer.parse(v))
      .then((answer) => {
        setSaved(tableOf(answer.organisation));
        setTable(tableOf(answer.organisation));
      })
      .catch(setError);
  }, [api]);

  const toggle = (key: PolicyKey, audience: Audience, proof: IdentificationProof): void => {
    setStatus('');
    setTable((current) => {
      if (current === null) return current;
      const floor = IDENTIFICATION_FLOORS[key][audience];
      const next = toggledRequirement(audience, current[key][audience], floor, proof);
      return { ...current, [key]: { ...current[key], [audience]: next } };
    });
  };
  const resetRow = (key: PolicyKey): void => {
    setStatus('');
    setTable((current) => current && { ...current, [key]: IDENTIFICATION_FLOORS[key] });
  };
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (table === null) return;
    setError(null);
    setStatus('');
    try {
      const answer = await api.put('/api/admin/identification-policy', organisationPolicyOf(table), (v) =>
        PolicyAnswer.parse(v),
      );
      setSaved(tableOf(answer.organisation));
      setTable(tableOf(answer.organisation));
      setStatus(it('policy.saved'));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} class="card" id="identifisering">
      <h2 id={`${id}-heading`}>{it('policy.title')}</h2>
      <p class="hint">{it('policy.intro')}</p>
      {isHelseIdConfigured === false && <p class="hint">{it('policy.helseIdMissing')}</p>}
      {table === null || saved === null ? (
        <ErrorMessage error={error} />
      ) : (
        <form class="form" onSubmit={(event) => void submit(event)}>
          {VISIBLE_POLICY_KEYS.map((key) => {
            const rowName = it(`policy.row.${key}`);
            const tightened = isTightened(key, table[key]);
            return (
              <fieldset key={key} class="policy-row">
                <legend>{rowName}</legend>
                <div class="policy-row-state">
                  <span class={tightened ? 'badge badge-active' : 'badge'}>
                    {it(tightened ? 'policy.state.tightened' : 'policy.state.floor')}
                  </span>
                  {tightened && (
                    <button
                      type="button"
                      class="link-button"
                      aria-label={it('policy.resetRowNamed', { row: rowName })}
                      onClick={() => resetRow(key)}
                    >
                      {it('policy.resetRow')}
                    </button>
                  )}
                </div>
                <div class="policy-cells">
                  {Audience.options.map((audience) => (
                    <fieldset key={audience} class="policy-cell">
                      <legend>{it(`policy.audience.${audience}`)}</legend>
                      {choicesOf(audience, table[key][audience], IDENTIFICATION_FLOORS[key][audience]).map((c) => {
                        const reasonId = `${id}-${key}-${audience}-${c.proof}`;
                        return (
                          <div key={c.proof} class="policy-choice">
                            <label class="checkbox">
                              <input
                                type="checkbox"
                                checked={c.isChecked}
                                disabled={c.refusal !== null}
                                {...(c.refusal === null ? {} : { 'aria-describedby': reasonId })}
                                onChange={() => toggle(key, audience, c.proof)}
                              />
                              {it(`policy.proof.${c.proof}`)}
                            </label>
                            {c.refusal !== null && (
                              <span id={reasonId} class="hint policy-reason">
                                {it(c.refusal === 'belowFloor' ? 'policy.belowFloor' : 'policy.lastOne')}
                              </span>
                            )}
                          </div>
                        );
                      })}
                    </fieldset>
                  ))}
                </div>
              </fieldset>
            );
          })}
          <ErrorMessage error={error} />
          {!isSameTable(table, saved) && <p class="hint">{it('policy.unsaved')}</p>}
          <div class="actions">
            <button type="submit" class="button primary">
              {it('policy.save')}
            </button>
          </div>
          <p class="status" role="status">
            {status}
          </p>
        </form>
      )}
    </section>
  );
}
