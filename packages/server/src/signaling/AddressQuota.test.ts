import { describe, expect, it } from 'vitest';
import { AddressQuota } from './AddressQuota.ts';

describe('AddressQuota', () => {
  it('gives each address up to its cap and a slot back for each release', () => {
    const quota = new AddressQuota(2);
    expect([quota.take('192.0.2.1'), quota.take('192.0.2.1'), quota.take('192.0.2.1')]).toEqual([true, true, false]);
    expect(quota.take('192.0.2.2')).toBe(true);
    quota.release('192.0.2.1');
    expect(quota.openFor('192.0.2.1')).toBe(1);
    expect(quota.take('192.0.2.1')).toBe(true);
  });

  it('forgets an address once it holds nothing', () => {
    const quota = new AddressQuota(1);
    quota.take('2001:db8::1');
    quota.release('2001:db8::1');
    quota.release('2001:db8::1');
    expect(quota.openFor('2001:db8::1')).toBe(0);
    expect(quota.take('2001:db8::1')).toBe(true);
  });

  it('rejects a nonsensical cap', () => {
    expect(() => new AddressQuota(0)).toThrow(TypeError);
  });
});
