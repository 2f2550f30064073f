/**
 * Hands the summary to the organisation's EPJ over FHIR REST: a transaction Bundle POSTed to the
 * base URL (FHIR R4 http.html#transaction). The answer decides what the page shows; the page
 * keeps the note whatever happens, so a failure loses nothing.
 */
import type { Bundle } from '@medplum/fhirtypes';

export type HandoverResult =
  | { kind: 'accepted'; status: number; diagnostics: string | null }
  | { kind: 'refused'; status: number; diagnostics: string | null }
  | { kind: 'timeout' }
  | { kind: 'unreachable' };

/** The first OperationOutcome issue's text, if the answer carries one. */
function diagnosticsOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const outcome =
    (body as { resourceType?: unknown; issue?: unknown }).resourceType === 'OperationOutcome' ? body : null;
  const issues = (outcome as { issue?: unknown } | null)?.issue;
  if (!Array.isArray(issues)) return null;
  const first = issues[0] as { diagnostics?: unknown; details?: { text?: unknown } } | undefined;
  const text = first?.diagnostics ?? first?.details?.text;
  return typeof text === 'string' ? text.slice(0, 500) : null;
}

/** POSTs `bundle` to `baseUrl`; never throws. */
export async function postBundle(
  baseUrl: string,
  bundle: Bundle,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<HandoverResult> {
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 20_000);
  let response: Response;
  try {
    response = await doFetch(baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: JSON.stringify(bundle),
      // No cookies of ours go to the EPJ, and no Referer (the page's path names the consultation).
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal,
    });
  } catch {
    return signal.aborted ? { kind: 'timeout' } : { kind: 'unreachable' };
  }
  const body: unknown = await response.json().catch(() => null);
  const diagnostics = diagnosticsOf(body);
  return response.ok
    ? { kind: 'accepted', status: response.status, diagnostics }
    : { kind: 'refused', status: response.status, diagnostics };
}
