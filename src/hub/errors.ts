/**
 * HubError: a model that could not be had from the Hub or the cache, with the reason a user can act
 * on (a wrong name, a missing token, no network, a damaged download) in one message.
 */

export type HubErrorReason =
  /** The repo, revision or file does not exist (or is private and no token was given). */
  | 'not-found'
  /** 401/403: the repo needs HF_TOKEN, or the token has no access (gated repos). */
  | 'access'
  /** Offline (HF_HUB_OFFLINE=1 or --offline) and the cache does not hold what is needed. */
  | 'offline'
  /** The Hub could not be reached, or kept failing (5xx, resets) after every retry. */
  | 'unreachable'
  /** A download did not match the Hub's size or hash; nothing entered the cache. */
  | 'integrity'
  /** The Hub answered something owseg cannot use (missing headers, a repo of the wrong kind). */
  | 'protocol';

export class HubError extends Error {
  readonly reason: HubErrorReason;
  /** HTTP status when the Hub answered. */
  readonly status?: number;

  constructor(reason: HubErrorReason, message: string, status?: number) {
    super(message);
    this.name = 'HubError';
    this.reason = reason;
    if (status !== undefined) this.status = status;
  }
}
