import { LANGUAGES, type Language } from '../i18n/I18n.ts';
import { useApp } from '../state/AppState.ts';

const NATIVE_NAMES: Record<Language, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

/** Language choice; each option is named in its own language so anyone can find theirs. */
export function LanguageSwitcher() {
  const { i18n } = useApp();
  return (
    <label class="language">
      <span class="visually-hidden">{i18n.t('language.label')}</span>
      <select
        value={i18n.language.value}
        onChange={(event) => {
          // Offline for a moment, the texts may not arrive: the page stays in its language and
          // choosing again tries again.
          i18n.setLanguage(event.currentTarget.value as Language).catch(() => undefined);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {NATIVE_NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
