/**
 * The Redis behind a distributed batch run, named by a URL (`redis://host:port/db`, `rediss://`
 * for TLS, `redis://:password@host:port/db`), and the BullMQ queue name the coordinator and the
 * workers share.
 */
import { InvalidInputError } from '../../core/errors.js';

export const DEFAULT_QUEUE_NAME = 'owseg-batch';

export interface QueueConnection {
  url: string;
  queueName: string;
}

/** BullMQ's connection options for `url`; throws an InvalidInputError naming `field` when it is no Redis URL. */
export function redisConnection(url: string, field = '--queue'): { url: string; maxRetriesPerRequest: null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(field, 'a Redis URL such as redis://127.0.0.1:6379/0', `got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidInputError(field, 'a Redis URL such as redis://127.0.0.1:6379/0', `${parsed.protocol} is not redis: or rediss:`);
  }
  // Workers block on Redis for jobs; BullMQ requires that ioredis never gives up a blocked command.
  return { url, maxRetriesPerRequest: null };
}
