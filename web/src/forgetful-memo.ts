/**
 * A lazily started promise that is kept once it succeeds and forgotten when it fails, so the next
 * use tries again (after the user fixes an API key, or the server comes back).
 */
export function forgetfulMemo<T>(start: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const attempt = start();
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = undefined;
      });
    }
    return pending;
  };
}
