// Adds N jobs {x: i} to Bull queue 'default', one every INTERVAL seconds, then closes.
// Usage: node bull_producer.js N INTERVAL  (REDIS_HOST/REDIS_PORT from the environment)
const Queue = require('bull');
const [n, interval] = [Number(process.argv[2]), Number(process.argv[3])];
const redis = { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT) };
const queue = new Queue('default', { redis });
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
(async () => {
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    await sleep(start + i * interval * 1000 - Date.now());
    await queue.add({ x: i });
  }
  await queue.close();
})();
