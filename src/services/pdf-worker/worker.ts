// The parser child's entry on plain node: its setup (asset paths, inflate limits) comes as JSON in argv. It always runs
// compiled (from source, pdf-worker-entry.ts transpiles this folder first).
import { serveJobs, type WorkerSetup } from './jobs.ts';

serveJobs(JSON.parse(process.argv[2] ?? '{}') as WorkerSetup);
