/**
 * The entry of a local batch run's child process: loads the models once, then processes the
 * pictures the parent sends one at a time. It ends when the parent goes away, so a killed run
 * leaves no orphans.
 */
import type { FromChild, ToChild } from './child-messages.js';
import { openProcessor, type ImageProcessor } from './processor.js';

const send = (message: FromChild) => process.send!(message);
let processor: ImageProcessor | undefined;

process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToChild) => {
  void handle(message);
});

async function handle(message: ToChild): Promise<void> {
  if (message.type === 'init') {
    try {
      processor = await openProcessor(message.settings, message.threads === undefined ? {} : { threads: message.threads });
      send({ type: 'ready' });
    } catch (error) {
      send({ type: 'fatal', message: errorMessage(error) });
    }
    return;
  }
  try {
    send({ type: 'done', key: message.image.key, result: await processor!.process(message.image) });
  } catch (error) {
    send({ type: 'failed', key: message.image.key, reason: errorMessage(error) });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
