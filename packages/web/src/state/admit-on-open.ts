/**
 * "Admit" chosen on the dashboard opens the call; the call page admits that person once the host
 * is in. Kept in sessionStorage (this tab only) so no participant id goes into a URL.
 */
export const ADMIT_ON_OPEN_KEY = 'samtale.admitOnOpen';
