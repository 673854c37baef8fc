// BlockedConsumers: Redis hands a pushed job to the client blocked longest, or, when every consumer
// is busy, to the first that frees up.
#include <catch2/catch.hpp>

#include "core/models/blocking_pop.hpp"

TEST_CASE("blocked consumers: the longest wait gets the job, then the first to free up", "[queues]") {
  core::BlockedConsumers c(3, 0, 10);  // three consumers, pops re-sent every 10 us from t = 0
  CHECK(c.pick(5) == 0);               // all waited 5: the lowest index
  c.busy_until(0, 7);                  // 0 re-sends its pop at 7
  CHECK(c.pick(8) == 1);               // 1 and 2 have waited 8, 0 only 1
  c.busy_until(1, 30);
  CHECK(c.pick(9) == 2);               // 2 waited 9, 0 waited 2
  c.busy_until(2, 40);
  CHECK(c.pick(12) == 0);              // only 0 is free (its pop was sent at 7)
  c.busy_until(0, 50);
  CHECK(c.pick(13) == 1);              // none free: 1 frees up first (30)
  c.busy_until(1, 60);
  CHECK(c[1].chain_start == 60);
  CHECK(c.pick(45) == 2);              // 2 (free at 40) is the only one free at 45
  c.busy_until(2, 45);
  CHECK(c.pick(65) == 0);              // all free since 50, 60, 45: at 65 their current pops were
                                       // sent at 60, 60 and 65: 0 and 1 tie, 0 by index
}
