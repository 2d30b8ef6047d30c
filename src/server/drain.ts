/**
 * Graceful shutdown: once draining, requests that have not started work are refused with 503,
 * while those already admitted finish every stage; drain() resolves when the last one has answered.
 */
import { HttpError } from './errors.js';

export class Drain {
  private isDraining = false;
  private active = 0;
  private readonly admitted = new WeakSet<object>();
  private readonly waiters: (() => void)[] = [];

  get draining(): boolean {
    return this.isDraining;
  }

  /** A request is open (called for every request; `leave` when its connection's response closes). */
  enter(): void {
    this.active++;
  }

  leave(): void {
    this.active--;
    if (this.active === 0) this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Lets `request` start work, or refuses it with 503 when draining and it has not started any yet. */
  admit(request: object): void {
    if (this.admitted.has(request)) return;
    if (this.isDraining) throw new HttpError(503, 'shutting_down', 'the server is shutting down; retry on another instance', { 'Retry-After': '5' });
    this.admitted.add(request);
  }

  /** Starts draining; resolves when no request is open. */
  drain(): Promise<void> {
    this.isDraining = true;
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
