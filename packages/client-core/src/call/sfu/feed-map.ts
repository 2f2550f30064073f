import type { FeedView, SubscriberStream } from '@samtale/protocol';

/**
 * Which participant each subscriber m-line carries: the server's `streams` list names the feed
 * behind each mid, and `sfuFeeds` names the participant behind each feed. A mid whose feed is
 * gone (or unknown yet) maps to nothing, so its track is not shown under a wrong name.
 */
export function participantsByMid(
  streams: readonly SubscriberStream[],
  feeds: readonly FeedView[],
): Map<string, { participantId: string; kind: 'audio' | 'video' }> {
  const participantOfFeed = new Map(feeds.map((feed) => [feed.feedId, feed.participantId]));
  const result = new Map<string, { participantId: string; kind: 'audio' | 'video' }>();
  for (const stream of streams) {
    const participantId = participantOfFeed.get(stream.feedId);
    if (participantId !== undefined) result.set(stream.mid, { participantId, kind: stream.kind });
  }
  return result;
}

/** The feed each participant publishes (the latest one wins after a republish). */
export function feedOfParticipant(feeds: readonly FeedView[]): Map<string, string> {
  return new Map(feeds.map((feed) => [feed.participantId, feed.feedId]));
}
