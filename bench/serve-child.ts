/**
 * The server the `serve` bench loads, in its own process so its memory is measured alone and the
 * load generator does not share its event loop: prints its URL, serves until SIGTERM.
 */
import { startServer } from '../src/server/index.js';

const [sam, queueDepth] = process.argv.slice(2);
const server = await startServer({ port: 0, sam: sam!, queueDepth: Number(queueDepth) });
console.log(JSON.stringify({ url: server.url }));
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
