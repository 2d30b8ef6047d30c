/**
 * useState whose latest value is also readable at once through a ref: event handlers that run
 * before the next render (a key pressed right after a click) see the value just set.
 */
import { useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

export function useLatestState<T>(initial: T): [T, (update: T | ((previous: T) => T)) => void, RefObject<T>] {
  const [value, show] = useState(initial);
  const latest = useRef(value);
  const set = (update: T | ((previous: T) => T)) => {
    latest.current = typeof update === 'function' ? (update as (previous: T) => T)(latest.current) : update;
    show(latest.current);
  };
  return [value, set, latest];
}
