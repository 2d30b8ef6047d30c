/**
 * The server the `serve` bench loads, in its own process so its memory is measured alone and the
 * load generator does not share its event loop: reports its URL, and its RSS after a full garbage
 * collection whenever asked, over IPC; serves until SIGTERM.
 */
import { startServer } from '../src/server/index.js';

const [sam, queueDepth] = process.argv.slice(2);
const server = await startServer({ port: 0, sam: sam!, queueDepth: Number(queueDepth) });
process.send!({ url: server.url });
process.on('message', () => {
  // Without a collection first, RSS swings by tens of MB with the garbage collector's timing.
  (globalThis as { gc?: () => void }).gc?.();
  process.send!({ rss: process.memoryUsage().rss });
});
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
