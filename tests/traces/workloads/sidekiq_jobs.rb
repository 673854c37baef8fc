# Sidekiq job for the recordings: trivial work, so the capture shows only the library's commands.
# Worker: sidekiq -r $TRACE_WORKLOADS/sidekiq_jobs.rb; producer: ruby sidekiq_producer.rb N INTERVAL.
require "sidekiq"

class DoubleJob
  include Sidekiq::Worker

  def perform(x)
    2 * x
  end
end
