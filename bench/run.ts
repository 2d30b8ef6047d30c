/**
 * `npm run bench`: runs every suite (or those named on the command line) and prints one table.
 */
import os from 'node:os';
import { formatTable, type BenchSuite } from './harness.js';
import { batchSuite } from './batch.bench.js';
import { cocoApSuite } from './coco-ap.bench.js';
import { denseSuite } from './dense.bench.js';
import { everythingSuite } from './everything.bench.js';
import { groundSuite } from './ground.bench.js';
import { hubSuite } from './hub.bench.js';
import { imageSuite } from './image.bench.js';
import { internvlSuite } from './internvl.bench.js';
import { namingSuite } from './naming.bench.js';
import { referSuite } from './refer.bench.js';
import { rleSuite } from './rle.bench.js';
import { serveSuite } from './serve.bench.js';
import { webSuite } from './web.bench.js';

const suites: BenchSuite[] = [rleSuite, imageSuite, cocoApSuite, everythingSuite, hubSuite, internvlSuite, namingSuite, referSuite, groundSuite, denseSuite, batchSuite, serveSuite, webSuite];

const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? suites.filter((s) => wanted.includes(s.name)) : suites;

console.log(`owseg bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
console.log('| suite | figure | value | baseline (same run) | ratio | note |');
console.log('|---|---|---|---|---|---|');
for (const suite of selected) {
  console.log(formatTable(suite.name, await suite.run()));
}
