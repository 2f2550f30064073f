import { describe, expect, it } from 'vitest';
import { failureReason } from './mail-transport.ts';

describe('the stored reason of a failed e-mail', () => {
  it('keeps the SMTP server’s answer but not the recipient’s address', () => {
    const error = Object.assign(new Error('Can’t send mail - all recipients were rejected'), {
      code: 'EENVELOPE',
      response: '550 5.1.1 <Kari@Example.no>: Recipient address rejected: kari@example.no unknown',
    });
    const reason = failureReason(error, 'kari@example.no');
    expect(reason).toBe('EENVELOPE: 550 5.1.1 <recipient>: Recipient address rejected: <recipient> unknown');
  });

  it('has no control characters and at most 300 characters', () => {
    const reason = failureReason({ code: 'ECONNECTION', message: `refused\r\n${'x'.repeat(400)}\u0000` }, 'a@b.no');
    expect(reason).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(reason.length).toBeLessThanOrEqual(300);
    expect(reason.startsWith('ECONNECTION: refused x')).toBe(true);
  });
});
