/**
 * What a browser does at the test provider, in Node: follows the redirects of an authorization
 * URL with its own cookies, picks a test person on the login page, and stops at the relying
 * party's redirect URI (returned, not fetched).
 */
export class IdpBrowser {
  readonly #cookies = new Map<string, string>();

  /** GET `url`, following redirects within the provider until one leaves for `stopAt`. */
  async #follow(start: Response, stopAt: string): Promise<{ response: Response; url: string } | { callback: URL }> {
    let response = start;
    let url = start.url;
    for (let hops = 0; hops < 10; hops++) {
      this.#remember(response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, url };
      const next = new URL(location, url);
      if (next.href.startsWith(stopAt)) return { callback: next };
      url = next.href;
      response = await this.#fetch(url);
    }
    throw new Error('too many redirects');
  }

  #remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  #fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie } }).then((r) => {
      Object.defineProperty(r, 'url', { value: url });
      return r;
    });
  }

  /** Opens `authorizationUrl` and returns the provider's page (login page or error). */
  async open(
    authorizationUrl: URL,
    redirectUri: string,
  ): Promise<{ status: number; html: string; url: string } | { callback: URL }> {
    const result = await this.#follow(await this.#fetch(authorizationUrl.href), redirectUri);
    if ('callback' in result) return result;
    return { status: result.response.status, html: await result.response.text(), url: result.url };
  }

  /** Logs in as `personId` and returns the callback URL the provider redirects to. */
  async login(authorizationUrl: URL, redirectUri: string, personId: string): Promise<URL> {
    const page = await this.open(authorizationUrl, redirectUri);
    if ('callback' in page) return page.callback;
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
    if (action === undefined)
      throw new Error(`no login form at the provider (${page.status}): ${page.html.slice(0, 300)}`);
    const posted = await this.#fetch(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ person: personId }).toString(),
    });
    const result = await this.#follow(posted, redirectUri);
    if ('callback' in result) return result.callback;
    throw new Error(
      `the provider did not redirect back (${result.response.status}): ${(await result.response.text()).slice(0, 300)}`,
    );
  }
}
