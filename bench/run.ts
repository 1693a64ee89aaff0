import { browseBench } from './browse.bench';
import { featuresBench } from './features.bench';
import { gbdtBench } from './gbdt.bench';
import { type Bench, withScratch } from './harness';
import { importBench } from './import.bench';
import { profileBench } from './profile.bench';
import { runsPageBench } from './runs-page.bench';
import { searchBench } from './search.bench';

const benches: readonly Bench[] = [importBench, browseBench, profileBench, featuresBench, gbdtBench, searchBench, runsPageBench];

/** `npm run bench [-- NAME...]`: runs the benchmarks (all, or those named) one after another. */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !benches.some((b) => b.name === w));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; choose from ${benches.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  let failed = false;
  for (const bench of benches.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    process.stdout.write(`\n# ${bench.name} (issue ${bench.issue})\n`);
    try {
      await withScratch((dir) => bench.run({ dir, report: (line) => process.stdout.write(`${bench.name}: ${line}\n`) }));
    } catch (err) {
      failed = true;
      process.stdout.write(`${bench.name}: FAILED ${(err as Error).message}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
