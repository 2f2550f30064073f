import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml } from './appointment-emails.ts';
import {
  DEFAULT_SMS_TEMPLATES,
  PLACEHOLDERS,
  renderTemplate,
  unknownPlaceholders,
  type TemplateValues,
} from './message-templates.ts';

const values: TemplateValues = {
  organisasjon: 'Legekontoret <Sentrum>',
  tid: 'tirsdag 15. januar 2030 kl. 10:00',
  lenke: 'https://samtale.test/j/abc',
  forberedelse: 'Sitt et stille sted.',
};

describe('message templates', () => {
  it('fills in the four placeholders and refuses any other', () => {
    expect(renderTemplate('Hos {organisasjon} {tid}: {lenke}', values)).toBe(
      'Hos Legekontoret <Sentrum> tirsdag 15. januar 2030 kl. 10:00: https://samtale.test/j/abc',
    );
    expect(unknownPlaceholders('Hei {navn}, {tid} {diagnose} {navn}')).toEqual(['navn', 'diagnose']);
    expect(() => renderTemplate('{pasient}', values)).toThrow(TypeError);
  });

  it('escapes every value in an HTML message', () => {
    expect(renderTemplate('<p>{organisasjon}</p>', values, escapeHtml)).toBe('<p>Legekontoret &lt;Sentrum&gt;</p>');
  });

  it('has valid defaults for every language and purpose', () => {
    for (const byPurpose of Object.values(DEFAULT_SMS_TEMPLATES)) {
      for (const template of Object.values(byPurpose)) expect(unknownPlaceholders(template)).toEqual([]);
    }
  });

  it('renders in one pass: a value that looks like a placeholder stays text, and nothing else changes', () => {
    const known = fc.constantFrom(...PLACEHOLDERS);
    const text = fc.string().map((s) => s.replace(/[{}]/g, ''));
    const piece = fc.oneof(
      text,
      known.map((p) => `{${p}}`),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.record({
          organisasjon: fc.string(),
          tid: fc.string(),
          lenke: fc.string(),
          forberedelse: fc.string(),
        }),
        (pieces, vals) => {
          const template = pieces.join('');
          expect(unknownPlaceholders(template)).toEqual([]);
          const expected = pieces
            .map((p) => (p.startsWith('{') ? vals[p.slice(1, -1) as keyof TemplateValues] : p))
            .join('');
          expect(renderTemplate(template, vals)).toBe(expected);
        },
      ),
    );
  });

  it('finds every unknown placeholder in any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[a-z]{1,10}$/), (prefix, name) => {
        fc.pre(!(PLACEHOLDERS as readonly string[]).includes(name));
        const template = `${prefix.replace(/[{}]/g, '')}{${name}}`;
        expect(unknownPlaceholders(template)).toEqual([name]);
        expect(() => renderTemplate(template, values)).toThrow(TypeError);
      }),
    );
  });
});
