import { useErrorText } from '../components/ErrorMessage.tsx';
import { usePasskeyT } from '../i18n/passkeys/index.ts';
import { PasskeyCeremonyError } from './webauthn.ts';

/** An error of a passkey step, announced at once: the browser's cancel, or the server's coded refusal. */
export function PasskeyError({ error }: { error: unknown }) {
  const pt = usePasskeyT();
  const errorText = useErrorText();
  if (error === null || error === undefined) return null;
  const text =
    error instanceof PasskeyCeremonyError
      ? pt(error.reason === 'cancelled' ? 'passkey.cancelled' : 'passkey.unsupported')
      : errorText(error);
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}
