import { useT } from '../state/AppState.ts';
import { Page } from '../components/Page.tsx';

export default function NotFoundPage() {
  const t = useT();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </Page>
  );
}
