/** The HTML of the test provider's own pages: pick a test person, or read an error. No script. */
import type { IdpProfile, LoginChoice } from './profiles.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem;text-align:left;border:1px solid #1f4e79;border-radius:.4rem;background:#fff;color:#1f4e79;cursor:pointer}
button:focus{outline:3px solid #1f4e79;outline-offset:2px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The login screen: one button per test person. */
export function loginPage(profile: IdpProfile, uid: string, choices: readonly LoginChoice[]): string {
  const title = profile === 'helseid' ? 'Test-HelseID' : 'Test-ID-porten';
  const buttons = choices
    .map(
      (c) => `<button type="submit" name="person" value="${escapeHtml(c.accountId)}">${escapeHtml(c.label)}</button>`,
    )
    .join('');
  return page(
    title,
    `<main><h1>${title}</h1><p>Lokal testleverandør. Velg en testperson:</p><form method="post" action="/interaction/${escapeHtml(uid)}/login">${buttons}</form></main>`,
  );
}

/** An error the provider shows instead of redirecting back (e.g. an authorization request without PAR). */
export function errorPage(message: string): string {
  return page('Feil', `<main><h1>Feil</h1><p id="error">${escapeHtml(message)}</p></main>`);
}
