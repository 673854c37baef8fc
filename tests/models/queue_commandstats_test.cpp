// The RQ, Sidekiq and django-q recordings (and Celery's worker beside beat) the model tests read: each capture's replay equals the
// server's INFO commandstats of the same run, command by command (admin commands aside: MONITOR
// never logs them), so the traces the models are checked against are complete.
#include <catch2/catch.hpp>

#include <string>

#include "core/replay/analyzer.hpp"
#include "core/replay/commandstats.hpp"

TEST_CASE("queue recordings: every replay equals its INFO commandstats", "[queues][traces]") {
  const std::string dir = std::string(REDCAST_SOURCE_DIR) + "/tests/traces/";
  const char* names[][2] = {
      {"rq-1.13-busy-60jobs-2s", ".monitor.gz"},       {"rq-1.13-producer-60jobs", ".monitor"},
      {"rq-1.13-ttl60-idle-23min", ".monitor"},        {"rq-1.13-idle-35min", ".monitor"},
      {"sidekiq-6.4.1-idle-12min", ".monitor.gz"},
      {"sidekiq-6.4.1-busy-60jobs-2s", ".monitor"},    {"sidekiq-6.4.1-producer-60jobs", ".monitor"},
      {"sidekiq-6.4.1-c2-idle-10min", ".monitor"},     {"sidekiq-6.4.1-2procs-idle-10min", ".monitor.gz"},
      {"sidekiq-6.4.1-c1-busy-60jobs-2s", ".monitor"}, {"django-q-1.3.9-idle-12min", ".monitor.gz"},
      {"django-q-1.3.9-busy-60jobs-2s", ".monitor"},   {"django-q-1.3.9-producer-60jobs", ".monitor"},
      {"django-q-1.3.9-workers4-idle-10min", ".monitor.gz"},
      {"django-q-1.3.9-guard2s-poll5-idle-10min", ".monitor"},
      {"celery-5.2.6-solo-beat10s-240s", ".monitor"},
  };
  for (const auto& n : names) {
    INFO(n[0]);
    const core::replay::ReplayReport r = core::replay::replay_capture(dir + n[0] + n[1], core::replay::ReplayOptions{});
    const core::replay::CommandStatsSnapshot snap = core::replay::load_commandstats(dir + n[0] + ".commandstats");
    const core::replay::CheckReport check = core::replay::check_commandstats(r, snap);
    CHECK(check.passed);
    CHECK(check.differs == 0);
    CHECK(check.ok >= 2);
    CHECK(r.parsed > 50);
  }
}
