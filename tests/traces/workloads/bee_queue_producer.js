// Saves N jobs {x: i} on Bee-Queue queue 'default', one every INTERVAL seconds, then closes. The
// producer is a plain enqueuer as Bee-Queue's README advises: isWorker false, getEvents false.
// Usage: node bee_queue_producer.js N INTERVAL  (REDIS_HOST/REDIS_PORT from the environment)
const Queue = require('bee-queue');
const [n, interval] = [Number(process.argv[2]), Number(process.argv[3])];
const redis = { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT) };
const queue = new Queue('default', { redis, isWorker: false, getEvents: false });
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
(async () => {
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    await sleep(start + i * interval * 1000 - Date.now());
    await queue.createJob({ x: i }).save();
  }
  await queue.close();
})();
