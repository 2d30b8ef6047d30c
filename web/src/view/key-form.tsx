/**
 * Asks for the server's API key after a 401: `owseg serve --api-key` guards every API route, while
 * the app's own files load without it.
 */
import { useState } from 'preact/hooks';

export function KeyForm({ onKey }: { onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <form
      id="key-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (key) onKey(key);
      }}
    >
      This server needs its API key (owseg serve --api-key):
      <input id="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} />
      <button type="submit" disabled={!key}>
        Use key
      </button>
    </form>
  );
}
