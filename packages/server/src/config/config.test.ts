import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('signaling limits and proxies in the configuration', () => {
  it('caps signaling sockets per address at 100 and trusts no proxy unless told', () => {
    const config = loadConfig({});
    expect(config.signaling.maxConnectionsPerAddress).toBe(100);
    expect(config.trustProxy).toEqual([]);
  });

  it('reads the cap and the trusted proxies (addresses and CIDR ranges)', () => {
    const config = loadConfig({
      SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '7',
      TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,2001:db8::/32',
    });
    expect(config.signaling.maxConnectionsPerAddress).toBe(7);
    expect(config.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32']);
  });

  it('names the variable of a cap below one or a proxy that is not an address', () => {
    expect(problemsOf({ SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '0' })).toEqual([
      expect.stringMatching(/^SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: /),
    ]);
    expect(problemsOf({ TRUST_PROXY: '127.0.0.1,proxy.example.org,10.0.0.0/33' })).toEqual([
      'TRUST_PROXY: not an IP address or CIDR range: proxy.example.org, 10.0.0.0/33',
    ]);
  });

  it('logs e-mail in development and sends through SMTP_URL as MAIL_FROM when set', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: null, from: 'Samtale <samtale@localhost>' });
    expect(loadConfig({}).timeZone).toBe('Europe/Oslo');
    expect(loadConfig({}).contactRetentionDays).toBe(7);
    const config = loadConfig({
      SMTP_URL: 'smtps://time:secret@smtp.example.no:465',
      MAIL_FROM: 'Legekontoret <time@legekontoret.no>',
      TIME_ZONE: 'Europe/London',
      CONTACT_RETENTION_DAYS: '0',
    });
    expect(config.mail).toEqual({
      smtpUrl: 'smtps://time:secret@smtp.example.no:465',
      from: 'Legekontoret <time@legekontoret.no>',
    });
    expect(config.timeZone).toBe('Europe/London');
    expect(config.contactRetentionDays).toBe(0);
  });

  it('names SMTP_URL, MAIL_FROM, TIME_ZONE and CONTACT_RETENTION_DAYS when they are wrong', () => {
    const problems = (env: Record<string, string>): string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return error instanceof ConfigError ? [...error.problems] : ['not a ConfigError'];
      }
    };
    expect(problems({ SMTP_URL: 'http://mail.example.no' })).toEqual([expect.stringMatching(/^SMTP_URL: /)]);
    expect(problems({ SMTP_URL: 'smtp://mail.example.no' })).toEqual([expect.stringMatching(/^MAIL_FROM: /)]);
    expect(problems({ MAIL_FROM: 'not an address' })).toEqual([expect.stringMatching(/^MAIL_FROM: /)]);
    expect(problems({ TIME_ZONE: 'Norway/Bergen' })).toEqual([expect.stringMatching(/^TIME_ZONE: /)]);
    expect(problems({ CONTACT_RETENTION_DAYS: '-1' })).toEqual([expect.stringMatching(/^CONTACT_RETENTION_DAYS: /)]);
  });
});

describe('SMS and reminders in the configuration', () => {
  it('logs SMS and reminds 24 h and 15 min before by default', () => {
    const config = loadConfig({});
    expect(config.sms).toEqual({ provider: 'log' });
    expect(config.reminderOffsetsMinutes).toEqual([1440, 15]);
  });

  it('reads the Sveve settings and the offsets, latest reminder last', () => {
    const config = loadConfig({
      SMS_PROVIDER: 'sveve',
      SVEVE_USER: 'klinikken',
      SVEVE_PASSWORD: 'hemmelig',
      SVEVE_FROM: 'Legekontor',
      REMINDER_OFFSETS_MINUTES: '30, 2880,30',
    });
    expect(config.sms).toEqual({
      provider: 'sveve',
      url: 'https://sveve.no/SMS/SendMessage',
      user: 'klinikken',
      password: 'hemmelig',
      from: 'Legekontor',
      isTest: false,
      timeoutMs: 10_000,
    });
    expect(config.reminderOffsetsMinutes).toEqual([2880, 30]);
  });

  it('names every missing Sveve variable, a sender with special characters and bad offsets', () => {
    expect(problemsOf({ SMS_PROVIDER: 'sveve' })).toEqual([
      'SVEVE_USER: needs to be set with SMS_PROVIDER=sveve',
      'SVEVE_PASSWORD: needs to be set with SMS_PROVIDER=sveve',
      'SVEVE_FROM: needs to be set with SMS_PROVIDER=sveve',
    ]);
    expect(problemsOf({ SVEVE_FROM: 'Lege&Co!' })[0]).toMatch(/^SVEVE_FROM: /);
    expect(problemsOf({ SMS_PROVIDER: 'twilio' })[0]).toMatch(/^SMS_PROVIDER: /);
    for (const offsets of ['abc', '0', '15,30,45,60,90,120', '99999']) {
      expect(problemsOf({ REMINDER_OFFSETS_MINUTES: offsets })[0]).toMatch(/^REMINDER_OFFSETS_MINUTES: /);
    }
  });
});
