/**
 * Which models the server has loaded (GET /v1/models), so the user knows what Segment and the
 * text box will run.
 */
import type { ModelsInfo } from '../api/client.js';

export function LoadedModels({ models }: { models: ModelsInfo | null }) {
  const sam = models?.sam;
  return (
    <p class="models">
      SAM: {sam ? `${sam.name}${sam.layout ? ` (${sam.layout})` : ''}` : models ? 'none loaded' : '…'}
      <br />
      Naming: {models ? (models.naming ? models.naming.name : 'none loaded') : '…'}
    </p>
  );
}
