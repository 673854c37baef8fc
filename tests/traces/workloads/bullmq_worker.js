// BullMQ worker for the recordings: queue 'default', trivial job. Worker options (BullMQ's own names,
// e.g. {"concurrency":10,"drainDelay":5,"stalledInterval":30000}) as JSON in argv[2]; defaults when
// absent. Graceful stop on SIGTERM/SIGINT: worker.close() waits for active jobs, then exit.
const { Worker } = require('bullmq');
const opts = JSON.parse(process.argv[2] || '{}');
const connection = { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT) };
const worker = new Worker('default', async (job) => job.data.x * 2, { connection, ...opts });
worker.on('error', (e) => console.error('worker error', e));
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
