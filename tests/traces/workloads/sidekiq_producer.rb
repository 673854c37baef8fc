# Enqueues N DoubleJob jobs on queue 'default', one every INTERVAL seconds (REDIS_URL from the env).
# Usage: ruby sidekiq_producer.rb N INTERVAL
require_relative "sidekiq_jobs"

n = Integer(ARGV[0])
interval = Float(ARGV[1])
start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
n.times do |i|
  wait = start + i * interval - Process.clock_gettime(Process::CLOCK_MONOTONIC)
  sleep(wait) if wait > 0
  DoubleJob.perform_async(i)
end
