// Bull worker for the recordings: queue 'default', trivial job. argv[2]: JSON {"concurrency": N,
// "settings": {...Bull's AdvancedSettings: stalledInterval, guardInterval, drainDelay, ...}}; defaults
// when absent. Graceful stop on SIGTERM/SIGINT: queue.close() waits for active jobs, then exit.
const Queue = require('bull');
const opts = JSON.parse(process.argv[2] || '{}');
const redis = { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT) };
const queue = new Queue('default', { redis, ...(opts.settings ? { settings: opts.settings } : {}) });
queue.on('error', (e) => console.error('queue error', e));
queue.process(opts.concurrency || 1, async (job) => job.data.x * 2);
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await queue.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
