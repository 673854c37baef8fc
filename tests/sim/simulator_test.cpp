// The event queue: time order, then priority, then insertion order; run_until and stop.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/simulator.hpp"

using sim::Simulator;

TEST_CASE("events run in time order, ties by priority then insertion order", "[simulator]") {
  Simulator s(1000);
  std::vector<std::string> log;
  s.at(3000, [&] { log.push_back("t3000"); });
  s.at(2000, [&] { log.push_back("t2000-p0-first"); });
  s.at(2000, [&] { log.push_back("t2000-p-1"); }, -1);
  s.at(2000, [&] { log.push_back("t2000-p0-second"); });
  s.at(2000, [&] { log.push_back("t2000-p5"); }, 5);
  s.at(2000, [&] { log.push_back("t2000-p0-third"); });
  s.at(1000, [&] { log.push_back("t1000"); });
  CHECK(s.pending() == 7);
  CHECK(s.run_until(10'000) == 7);
  CHECK(log == std::vector<std::string>{"t1000", "t2000-p-1", "t2000-p0-first", "t2000-p0-second",
                                        "t2000-p0-third", "t2000-p5", "t3000"});
  CHECK(s.now() == 10'000);
  CHECK(s.empty());
}

TEST_CASE("events scheduled while running keep the order, at the same instant too", "[simulator]") {
  Simulator s;
  std::vector<int> log;
  s.at(10, [&] {
    log.push_back(1);
    s.after(0, [&] { log.push_back(3); });   // same time, scheduled later: runs after 2
    s.after(5, [&] { log.push_back(4); });
  });
  s.at(10, [&] { log.push_back(2); });
  s.run_until(100);
  CHECK(log == std::vector<int>{1, 2, 3, 4});
  CHECK(s.events_run() == 4);
}

TEST_CASE("run_until stops before the end time and advances the clock to it", "[simulator]") {
  Simulator s;
  int ran = 0;
  s.at(5, [&] { ++ran; });
  s.at(10, [&] { ++ran; });  // at the end time: not run
  CHECK(s.run_until(10) == 1);
  CHECK(s.now() == 10);
  CHECK(s.pending() == 1);
  CHECK(s.run_until(11) == 1);
  CHECK(ran == 2);
}

TEST_CASE("stop() ends run_until after the current event", "[simulator]") {
  Simulator s;
  int ran = 0;
  s.at(1, [&] { ++ran; });
  s.at(2, [&] { ++ran; s.stop(); });
  s.at(3, [&] { ++ran; });
  s.run_until(100);
  CHECK(ran == 2);
  CHECK(s.now() == 2);  // not advanced to the end: the run was stopped
  s.run_until(100);
  CHECK(ran == 3);
}

TEST_CASE("step runs one event; scheduling in the past throws", "[simulator]") {
  Simulator s(50);
  CHECK_FALSE(s.step());
  s.at(60, [] {});
  CHECK(s.step());
  CHECK(s.now() == 60);
  CHECK_THROWS_AS(s.at(59, [] {}), std::logic_error);
}

TEST_CASE("many tied events replay in the same order", "[simulator]") {
  // Many ties at few distinct times, interleaved priorities: the order is a pure function of the
  // schedule calls, so two runs produce the same trajectory.
  auto run = [] {
    Simulator s;
    std::uint64_t hash = 1469598103934665603ULL;
    for (int i = 0; i < 20000; ++i) {
      s.at((i * 7919) % 97, [&hash, i] { hash = (hash ^ static_cast<std::uint64_t>(i)) * 1099511628211ULL; }, i % 3);
    }
    s.run_until(1000);
    return hash;
  };
  CHECK(run() == run());
}
