// libFuzzer: cron lines and APScheduler CronTrigger fields, parsed in a zone with DST, then fire
// times evaluated (each must be later than the one before, or never).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "sim/schedule.hpp"
#include "sim/tz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // First byte: which parser and which zone; the rest is the expression.
  std::uint8_t mode = data[0];
  std::string expr(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char* kZones[] = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"};
  auto zone = sim::TimeZone::find(kZones[(mode >> 1) & 3]);
  if (!zone) std::abort();
  sim::Schedule sched;
  if (mode & 1) {
    auto parsed = sim::CronSchedule::parse(expr, *zone);
    if (std::holds_alternative<std::string>(parsed)) return 0;
    sched = std::get<sim::CronSchedule>(parsed);
  } else {
    auto fields = sim::ApsCronSchedule::parse_fields(expr);
    if (std::holds_alternative<std::string>(fields)) return 0;
    auto made = sim::ApsCronSchedule::make(std::get<sim::ApsFields>(fields), *zone);
    if (std::holds_alternative<std::string>(made)) return 0;
    sched = std::get<sim::ApsCronSchedule>(made);
  }
  sim::Time t = 1767225600LL * sim::kSecond - 1;  // 2026-01-01
  for (int i = 0; i < 50; ++i) {
    sim::Time next = sched.next_after(t);
    if (next == sim::kNever) break;
    if (next <= t) std::abort();
    (void)sim::format_iso(next, zone->offset_at(next));
    t = next;
  }
  return 0;
}
