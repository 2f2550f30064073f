import { describe, expect, it } from 'vitest';
import { preferCodec } from './codecs.ts';

describe('preferCodec', () => {
  it('moves every VP8 entry to the front and keeps the others, such as rtx, in order', () => {
    const codecs = [
      { mimeType: 'video/H264', sdpFmtpLine: 'a' },
      { mimeType: 'video/rtx' },
      { mimeType: 'video/VP8' },
      { mimeType: 'video/VP9' },
      { mimeType: 'video/vp8', sdpFmtpLine: 'b' },
    ];
    expect(preferCodec(codecs, 'video/VP8').map((c) => c.mimeType)).toEqual([
      'video/VP8',
      'video/vp8',
      'video/H264',
      'video/rtx',
      'video/VP9',
    ]);
  });

  it('leaves the list as it is when the preferred codec is missing', () => {
    const codecs = [{ mimeType: 'audio/PCMU' }, { mimeType: 'audio/PCMA' }];
    expect(preferCodec(codecs, 'audio/opus')).toEqual(codecs);
  });
});
