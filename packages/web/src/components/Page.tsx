import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../state/AppState.ts';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

interface PageProps {
  /** The page's h1; also the browser tab title unless `documentTitle` is given. */
  title: string;
  documentTitle?: string;
  /** Extra header content (user menu, navigation). */
  headerExtra?: ComponentChildren;
  /** Wide layout (dashboard, call). */
  isWide?: boolean;
  /** Hide the h1 visually (call page) while keeping it for screen readers. */
  isTitleHidden?: boolean;
  children: ComponentChildren;
}

/**
 * Frame of every screen: banner with the language switcher, one main landmark, one h1, and a
 * footer with the accessibility statement (required of every page by the universal design rules).
 * Focus moves to the h1 when the page (or patient step) changes, so screen-reader and keyboard
 * users start at the new content.
 */
export function Page({
  title,
  documentTitle,
  headerExtra,
  isWide = false,
  isTitleHidden = false,
  children,
}: PageProps) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  useEffect(() => {
    document.title = documentTitle ?? `${title} – Samtale`;
  }, [title, documentTitle]);
  return (
    <div class="page">
      <header class="banner">
        <span class="brand">{t('app.name')}</span>
        <div class="banner-tools">
          {headerExtra}
          <LanguageSwitcher />
        </div>
      </header>
      <main class={isWide ? 'main main-wide' : 'main'}>
        <h1 ref={heading} tabIndex={-1} class={isTitleHidden ? 'visually-hidden' : undefined}>
          {title}
        </h1>
        {children}
      </main>
      <footer class="page-footer">
        {/* A new tab: leaving the page would take a patient out of the waiting room or the call. */}
        <a href="/tilgjengelighet" target="_blank" rel="noopener">
          {t('footer.accessibility')}
        </a>
      </footer>
    </div>
  );
}
