// Bee-Queue worker for the recordings: queue 'default', trivial job. argv[2]: JSON {"concurrency": N,
// "checkStalledJobs": MS (calls queue.checkStalledJobs(MS), as Bee-Queue's README advises; not called
// when absent), ...Bee-Queue settings: stallInterval, activateDelayedJobs, delayedDebounce, ...};
// defaults when absent. Graceful stop on SIGTERM/SIGINT: queue.close(30000) waits for active jobs, then exit.
const Queue = require('bee-queue');
const { concurrency, checkStalledJobs, ...settings } = JSON.parse(process.argv[2] || '{}');
const redis = { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT) };
const queue = new Queue('default', { redis, ...settings });
queue.on('error', (e) => console.error('queue error', e));
queue.process(concurrency || 1, async (job) => job.data.x * 2);
if (checkStalledJobs) queue.checkStalledJobs(checkStalledJobs);
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await queue.close(30000);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
