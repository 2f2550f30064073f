import { useId, useState } from 'preact/hooks';
import { useApp } from '../state/AppState.ts';

interface CopyLinkProps {
  label: string;
  url: string;
  expiresAt: string;
}

/** A link shown read-only with a Copy button and its expiry time. */
export function CopyLink({ label, url, expiresAt }: CopyLinkProps) {
  const { i18n } = useApp();
  const t = i18n.t;
  const id = useId();
  const [status, setStatus] = useState('');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('link.copied'));
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): select it for manual copy.
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
      setStatus(t('link.copyManually'));
    }
  };
  return (
    <div class="copy-link">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" class="button" onClick={() => void copy()}>
          {t('link.copy')}
        </button>
      </div>
      <p class="hint">{t('link.expires', { time: i18n.formatDateTime(expiresAt) })}</p>
      <p class="status" role="status">
        {status}
      </p>
    </div>
  );
}
