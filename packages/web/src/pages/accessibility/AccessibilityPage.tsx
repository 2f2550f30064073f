import { Page } from '../../components/Page.tsx';
import { useAccessibilityT } from '../../i18n/accessibility/index.ts';
import type { AccessibilitySummary } from './summary.ts';
import checked from './checked-screens.json';

const UUTILSYNET = 'https://www.uutilsynet.no/';

/**
 * /tilgjengelighet: the accessibility statement (issue 11 item 5) after uutilsynet's model. What
 * it says was tested comes from checked-screens.json, which the e2e run's axe checks refresh.
 */
export default function AccessibilityPage() {
  const t = useAccessibilityT();
  const summary: AccessibilitySummary = checked;
  const screens = summary.screens;
  const lesserRules = [...new Set(screens.flatMap((s) => s.rules))].sort();
  return (
    <Page title={t('a11y.title')}>
      <p>{t('a11y.intro', { origin: window.location.origin })}</p>

      <section aria-labelledby="a11y-status">
        <h2 id="a11y-status">{t('a11y.statusHeading')}</h2>
        <p>{t('a11y.status')}</p>
      </section>

      <section aria-labelledby="a11y-tested">
        <h2 id="a11y-tested">{t('a11y.testedHeading')}</h2>
        <ul>
          <li>{t('a11y.testedAxe', { count: screens.length, version: summary.axeVersion })}</li>
          <li>{t('a11y.testedKeyboard')}</li>
          <li>{t('a11y.testedLive')}</li>
          <li>{t('a11y.testedMotion')}</li>
          <li>{t('a11y.testedWidth')}</li>
        </ul>
        <details class="a11y-screens">
          <summary>{t('a11y.screensSummary', { count: screens.length })}</summary>
          {/* Focusable, so a keyboard can scroll the table sideways at 390 px (WCAG 2.1.1). */}
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="a11y-screens-caption">
            <table>
              <caption id="a11y-screens-caption">{t('a11y.screensCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('a11y.screen')}</th>
                  <th scope="col">{t('a11y.path')}</th>
                  <th scope="col">{t('a11y.seriousOrCritical')}</th>
                  <th scope="col">{t('a11y.lesser')}</th>
                </tr>
              </thead>
              <tbody>
                {screens.map((s) => (
                  <tr key={s.screen}>
                    <th scope="row">{s.screen}</th>
                    <td>
                      <code>{s.path}</code>
                    </td>
                    <td>{s.serious + s.critical}</td>
                    <td>{s.moderate + s.minor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section aria-labelledby="a11y-deviations">
        <h2 id="a11y-deviations">{t('a11y.deviationsHeading')}</h2>
        <ul>
          <li>{t('a11y.deviationCaptions')}</li>
          <li>{t('a11y.deviationManual')}</li>
          <li>
            {lesserRules.length > 0 ? t('a11y.deviationRules', { rules: lesserRules.join(', ') }) : t('a11y.noLesser')}
          </li>
        </ul>
      </section>

      <section aria-labelledby="a11y-feedback">
        <h2 id="a11y-feedback">{t('a11y.feedbackHeading')}</h2>
        <p>{t('a11y.feedback')}</p>
        <p>
          <a href={UUTILSYNET}>{t('a11y.supervisor')}</a>
        </p>
      </section>

      <p class="hint">{t('a11y.updated', { date: summary.updated })}</p>
    </Page>
  );
}
