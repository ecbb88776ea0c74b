// `npm run fidelity`: runs the whole Payments + Order Management flow against a fresh simulator and prints
// how many checks agree with Klarna's published specs (specs/klarna/): "N of M checks match", then the
// ones that do not. Exit code 1 when any check fails. The checks are defined in scripts/fidelity-checks.mjs.
import { startKlarnaSimulator } from '../dist/simulator/index.js';
import { runFidelityChecks } from './fidelity-checks.mjs';

const sim = await startKlarnaSimulator();
try {
  const checks = await runFidelityChecks(sim);
  const failed = checks.filter((check) => !check.ok);
  const kinds = [...new Set(checks.map((check) => check.kind))];
  for (const kind of kinds) {
    const ofKind = checks.filter((check) => check.kind === kind);
    console.log(`  ${kind.padEnd(10)} ${ofKind.filter((check) => check.ok).length} of ${ofKind.length}`);
  }
  for (const check of failed) console.log(`  ✗ [${check.kind}] ${check.name}: ${check.detail}`);
  console.log(`${checks.length - failed.length} of ${checks.length} checks match`);
  process.exitCode = failed.length === 0 ? 0 : 1;
} finally {
  await sim.stop();
}
