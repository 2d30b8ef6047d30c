/**
 * The fake Hub in a process of its own for the hub benchmark, as a real Hub is another machine:
 * serves one repo with a large file from disk and prints its URL; exits when stdin closes.
 */
import { FakeHub } from '../test/helpers/fake-hub.js';
import { samRepo } from '../test/helpers/hub-repos.js';

const [repo, weights, bytes, sha256] = process.argv.slice(2);
const hub = await new FakeHub().start();
hub.commit(repo!, { ...(await samRepo('transformers-sam', 1)), 'onnx/vision_encoder.onnx_data': { path: weights!, bytes: Number(bytes), sha256: sha256! } });
process.stdout.write(`${hub.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void hub.stop().then(() => process.exit(0)));
