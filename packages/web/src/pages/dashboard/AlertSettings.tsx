import { useId } from 'preact/hooks';
import { useT } from '../../state/AppState.ts';
import type { WaitingAlerts } from './waiting-alerts.ts';

/** Turns the waiting chime on or off, and asks for desktop notifications. */
export function AlertSettings({ alerts }: { alerts: WaitingAlerts }) {
  const t = useT();
  const id = useId();
  return (
    <section class="alert-settings" aria-label={t('alerts.heading')}>
      <label for={id} class="checkbox">
        <input
          id={id}
          type="checkbox"
          checked={alerts.isSoundOn}
          onChange={(e) => alerts.setSoundOn(e.currentTarget.checked)}
        />{' '}
        {t('alerts.sound')}
      </label>
      {alerts.desktop === 'default' && (
        <button type="button" class="button" onClick={() => void alerts.askDesktop()}>
          {t('alerts.enableDesktop')}
        </button>
      )}
      {alerts.desktop === 'granted' && <p class="hint">{t('alerts.desktopOn')}</p>}
      {alerts.desktop === 'denied' && <p class="hint">{t('alerts.desktopBlocked')}</p>}
    </section>
  );
}
