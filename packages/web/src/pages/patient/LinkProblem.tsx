import type { ErrorCode } from '@samtale/protocol';
import { useApp } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';

/**
 * Expired, withdrawn, ended or unknown link. Says what to do and nothing about the consultation
 * (not whether it exists, who holds it, or when).
 */
export function LinkProblem({ code }: { code: ErrorCode | 'NETWORK' }) {
  const { i18n } = useApp();
  const t = i18n.t;
  const isLinkCode =
    code === 'INVITATION_INVALID' ||
    code === 'INVITATION_EXPIRED' ||
    code === 'INVITATION_REVOKED' ||
    code === 'CONSULTATION_ENDED';
  return (
    <Page title={isLinkCode ? t('linkProblem.title') : t('linkProblem.otherTitle')}>
      <p>{i18n.error(code)}</p>
      <p>{isLinkCode ? t('linkProblem.body') : t('linkProblem.retry')}</p>
    </Page>
  );
}
