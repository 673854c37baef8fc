// Recommendations (core/recommend.hpp) on the shipped scenarios: the seed's options with their exact
// monthly figures, patches that re-load and re-project to the stated "after", ranking by saving,
// the staleness constraint, the greedy combination, and the Celery worker's levers.
#include <catch2/catch.hpp>

#include <string>

#include "core/projection/projection.hpp"
#include "core/recommend/recommend.hpp"

namespace {

core::Scenario load(const std::string& rel) {
  return core::load_scenario_file(std::string(REDCAST_SOURCE_DIR) + "/scenarios/" + rel);
}

const core::Recommendation* find(const core::Recommendations& r, const std::string& pointer_suffix, const core::json& value) {
  for (const auto& x : r.ranked) {
    const auto& p = x.pointer;
    if (p.size() >= pointer_suffix.size() && p.compare(p.size() - pointer_suffix.size(), pointer_suffix.size(), pointer_suffix) == 0)
      for (const auto& op : x.patch)
        if (op.path == x.pointer && op.value == value) return &x;
  }
  return nullptr;
}

double monthly_after(const core::Scenario& s, const std::vector<core::PatchOp>& patch) {
  core::Scenario patched = core::load_scenario_json(core::apply_patch(s.document, patch), "patched");
  return core::project(patched).monthly_billable.mean;
}

// Every recommendation's patch re-loads and re-projects to its "after"; ranked by saving.
void check_consistent(const core::Scenario& s, const core::Recommendations& r) {
  double before = core::project(s).monthly_billable.mean;
  CHECK(r.before == Approx(before));
  for (std::size_t i = 0; i < r.ranked.size(); ++i) {
    const auto& x = r.ranked[i];
    INFO(x.component << ": " << x.label);
    CHECK(x.saving > 0);
    CHECK(x.saving == Approx(x.before - x.after));
    CHECK(x.usd_saved == Approx(x.saving * 0.20 / 100000));
    CHECK(monthly_after(s, x.patch) == Approx(x.after));
    if (i > 0) CHECK(r.ranked[i - 1].saving >= x.saving);
  }
  if (!r.best.patch.empty()) CHECK(monthly_after(s, r.best.patch) == Approx(r.best.after));
}

}  // namespace

TEST_CASE("recommend: seed 002 current.json finds the seed's options with their figures", "[recommend]") {
  core::Scenario s = load("seed-002/current.json");
  core::Recommendations r = core::recommend(s);
  CHECK(r.before == Approx(691200));
  CHECK_FALSE(r.before_fits);
  REQUIRE(r.plan);
  CHECK(*r.plan == "upstash-free");
  check_consistent(s, r);

  const auto* cron5 = find(r, "/schedule/cron", "*/5 * * * *");
  REQUIRE(cron5);
  CHECK(cron5->after == Approx(138240));
  CHECK(cron5->saving == Approx(552960));
  CHECK(cron5->fits);
  CHECK(cron5->staleness_s == 300);
  CHECK(cron5->cost == "transfers seen up to 5 min later instead of 1 min");
  CHECK(cron5->patch.size() == 1);
  CHECK(cron5->patch[0].op == "replace");
  CHECK(cron5->patch[0].path == "/components/0/schedule/cron");

  const auto* cron10 = find(r, "/schedule/cron", "*/10 * * * *");
  REQUIRE(cron10);
  CHECK(cron10->after == Approx(69120));

  // Option 3 keeps the broadcast XADD in current.json: 3 per poll, not the seed's 2.
  const auto* single = find(r, "/state/layout", "single_hash");
  REQUIRE(single);
  CHECK(single->after == Approx(129600));
  CHECK(single->staleness_s == 0);
  const auto* group = find(r, "/state/layout", "hash_per_group");
  REQUIRE(group);
  CHECK(group->after == Approx(259200));
  const auto* prod = find(r, "/accounts", "production");
  REQUIRE(prod);
  CHECK(prod->after == Approx(432000));
  const auto* bc = find(r, "/broadcast", false);
  REQUIRE(bc);
  CHECK(bc->after == Approx(648000));

  // Single hash and no broadcast: the seed's own 86,400 (2 per poll).
  std::vector<core::PatchOp> both = single->patch;
  both.insert(both.end(), bc->patch.begin(), bc->patch.end());
  CHECK(monthly_after(s, both) == Approx(86400));

  // The combination under the free plan's 500K: the layout change alone, no loss of freshness.
  CHECK(r.best.fits);
  CHECK(r.best.after < 500000);
  CHECK(r.best.after == Approx(129600));
  REQUIRE(r.best.labels.size() == 1);
  CHECK(r.best.labels[0].find("one hash") != std::string::npos);

  auto j = core::recommendation_to_json(r);
  CHECK(j["recommendations"].size() == r.ranked.size());
  CHECK(j["best"]["patch"][0]["op"] == "replace");
  CHECK(j["best"]["patch"][0]["path"] == "/components/0/state/layout");
  CHECK(j["best"]["patch"][0]["value"] == "single_hash");
  CHECK(core::recommendation_to_table(r).find("138,240") != std::string::npos);
}

TEST_CASE("recommend: a budget the layout alone cannot meet takes more levers", "[recommend]") {
  core::Scenario s = load("seed-002/current.json");
  core::RecommendOptions o;
  o.budget = 50000;
  core::Recommendations r = core::recommend(s, o);
  check_consistent(s, r);
  CHECK(r.best.fits);
  CHECK(r.best.after <= 50000);
  CHECK(r.best.labels.size() >= 2);
  // Freshness-free levers are taken before a slower cron.
  CHECK(r.best.labels[0].find("one hash") != std::string::npos);
}

TEST_CASE("recommend: max staleness removes the slower crons", "[recommend]") {
  core::Scenario s = load("seed-002/current.json");
  core::RecommendOptions o;
  o.max_staleness_s = 120;
  core::Recommendations r = core::recommend(s, o);
  CHECK_FALSE(find(r, "/schedule/cron", "*/5 * * * *"));
  CHECK_FALSE(find(r, "/schedule/cron", "*/10 * * * *"));
  bool dropped = false;
  for (const auto& d : r.left_out)
    if (d.label.find("every 5 min") != std::string::npos && d.reason == "constraint staleness<=2m") dropped = true;
  CHECK(dropped);
  CHECK(find(r, "/state/layout", "single_hash"));
  for (const auto& x : r.ranked) CHECK(x.staleness_s <= 120);
  CHECK(r.best.fits);
  CHECK(r.best.after == Approx(129600));
}

TEST_CASE("recommend: the Celery worker's polling_interval and flags", "[recommend]") {
  core::Scenario s = load("seed-001/celery-dev.json");
  core::Recommendations r = core::recommend(s);
  check_consistent(s, r);
  CHECK_FALSE(r.before_fits);

  const core::Recommendation* poll = nullptr;
  for (const auto& x : r.ranked)
    if (x.pointer == "/components/0/polling_interval" && x.patch.back().value == "10s") poll = &x;
  REQUIRE(poll);
  // kombu < 5.6 ignores polling_interval: the patch upgrades it too.
  REQUIRE(poll->patch.size() == 2);
  CHECK(poll->patch[0].path == "/components/0/kombu_version");
  CHECK(poll->patch[0].value == "5.6");
  CHECK(poll->saving > 1000000);  // 60 BRPOP a minute become about 6

  const auto* hb = find(r, "/heartbeat", false);
  REQUIRE(hb);
  CHECK(hb->saving == Approx(30.0 * 60 * 24 * 30).epsilon(0.01));  // 30 PUBLISH a minute
  CHECK(hb->cost.find("heartbeat") != std::string::npos);
  CHECK(find(r, "/remote_control", false));
  // health_check_interval is already 120 s: no lever for it.
  for (const auto& x : r.ranked) CHECK(x.pointer != "/components/0/health_check_interval");
  // Without a staleness cost the worker gets under the free quota.
  CHECK(r.best.fits);
  CHECK(r.best.after <= 500000);
}

TEST_CASE("recommend: keyed_state and poller_pages levers re-project as stated", "[recommend]") {
  for (const char* f : {"seed-000/order-bot.json", "seed-002/merchant-hub.json"}) {
    INFO(f);
    core::Scenario s = load(f);
    core::Recommendations r = core::recommend(s);
    CHECK_FALSE(r.ranked.empty());
    check_consistent(s, r);
  }
  core::Recommendations bot = core::recommend(load("seed-000/order-bot.json"));
  const auto* setex = find(bot, "/save", "set-ex");
  REQUIRE(setex);
  CHECK(setex->cost == "none");
  core::Recommendations hub = core::recommend(load("seed-002/merchant-hub.json"));
  CHECK(find(hub, "/sync/debug", false));
  CHECK(find(hub, "/sync/block", "10s"));
}
