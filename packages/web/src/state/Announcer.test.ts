import { describe, expect, it } from 'vitest';
import { createAnnouncer } from './Announcer.ts';

describe('Announcer', () => {
  it('changes the live text even when the same thing is said twice, so it is read again', () => {
    const announcer = createAnnouncer();
    announcer.announce('Mikrofonen din er dempet.');
    const first = announcer.message.value;
    announcer.announce('Mikrofonen din er dempet.');
    expect(announcer.message.value).not.toBe(first);
    expect(announcer.message.value.trim()).toBe('Mikrofonen din er dempet.');
    announcer.announce('Mikrofonen din er på.');
    expect(announcer.message.value).toBe('Mikrofonen din er på.');
  });
});
