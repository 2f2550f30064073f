import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_EMAIL_TEMPLATES, renderEmail, unknownEmailPlaceholders } from './email-templates.ts';
import type { TemplateValues } from './message-templates.ts';

const values: TemplateValues = {
  organisasjon: 'Legekontoret <Sentrum> & "Co"',
  tid: 'tirsdag 15. januar 2030 kl. 10:00',
  lenke: 'https://samtale.test/j/abc?x=1&y=2',
  forberedelse: 'Sitt et stille sted.',
};

describe('e-mail templates', () => {
  it('has valid defaults for every language and purpose, none with health information', () => {
    for (const byPurpose of Object.values(DEFAULT_EMAIL_TEMPLATES)) {
      for (const template of Object.values(byPurpose)) expect(unknownEmailPlaceholders(template)).toEqual([]);
    }
  });

  it('builds paragraphs, lists and a link, and escapes the values', () => {
    const mail = renderEmail(
      { subject: '{organisasjon}\n{tid}', body: 'Hei\nhos {organisasjon}\n\n- én\n- to\n\nLenke: {lenke}' },
      values,
      'nb',
      [{ label: 'Test', url: 'https://samtale.test/test' }],
    );
    expect(mail.subject).toBe('Legekontoret <Sentrum> & "Co" tirsdag 15. januar 2030 kl. 10:00');
    expect(mail.text).toBe(
      'Hei\nhos Legekontoret <Sentrum> & "Co"\n\n- én\n- to\n\nLenke: https://samtale.test/j/abc?x=1&y=2\n\nTest: https://samtale.test/test',
    );
    expect(mail.html).toBe(
      '<!doctype html><html lang="nb"><body><p>Hei<br>hos Legekontoret &lt;Sentrum&gt; &amp; &quot;Co&quot;</p>' +
        '<ul><li>én</li><li>to</li></ul><p>Lenke: <a href="https://samtale.test/j/abc?x=1&amp;y=2">https://samtale.test/j/abc?x=1&amp;y=2</a></p>' +
        '<p>Test: <a href="https://samtale.test/test">https://samtale.test/test</a></p></body></html>',
    );
  });

  it('never lets the admin’s text or a value open an HTML element', () => {
    const text = fc.string().map((s) => s.replace(/[{}]/g, ''));
    fc.assert(
      fc.property(text, text, (body, organisation) => {
        const { html } = renderEmail(
          { subject: 's', body: `${body}\n{organisasjon}` },
          { ...values, organisasjon: organisation },
          'en',
        );
        const inner = html.replace(/^<!doctype html><html lang="en"><body>/, '').replace(/<\/body><\/html>$/, '');
        const tags = inner.match(/<[^>]*>/g) ?? [];
        expect(tags.every((tag) => /^<\/?(p|br|ul|li)>$/.test(tag))).toBe(true);
      }),
    );
  });
});
