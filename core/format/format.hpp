// The one place numbers become text for people: every text output (projection, recommend, replay,
// audit, commandstats) and the web app's panels use these, so a count, a price or a duration reads
// the same everywhere. JSON numbers are never formatted here; prose inside JSON (audit findings,
// replay caveats) is.
//
// Conventions:
//   grouped   1,234,567          whole numbers with thousands separators (doubles are rounded)
//   compact   97.6 · 950 · 9999 · 12.3K · 1.50M · 2.00B   (K, M, B: thousands, millions, billions)
//   usd       $0.00 · $1,234.56 · -$3.10                  (always cents, grouped)
//   percent   12.3%              (the argument is already in percent; no space before %)
//   duration  350 ms · 4.5 s · 42 s · 12.5 min · 3.2 h · 4.0 days   (or whole seconds below 2 min)
//   bytes     512 B · 1.5 KB · 12.3 MB · 1.25 GB           (powers of 1000)
// A NaN prints as "n/a" and an infinity as "inf" or "-inf" in every function. A value that
// rounds to zero never shows a minus sign. Each step of a ladder is chosen by the rounded value,
// so 999,999 is "1.00M", never "1000.0K".
#pragma once
#include <cstdint>
#include <string>
#include <type_traits>

namespace core::format {

std::string grouped(double n);
std::string grouped_unsigned(std::uint64_t n);
std::string grouped_signed(std::int64_t n);
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
std::string grouped(T n) {
  if constexpr (std::is_signed_v<T>) return grouped_signed(static_cast<std::int64_t>(n));
  else return grouped_unsigned(static_cast<std::uint64_t>(n));
}

std::string compact(double n);
std::string usd(double dollars);
std::string percent(double pct, int decimals = 1);
// `precise` shows milliseconds below 1 s and tenths below 10 s; `whole_seconds` rounds everything
// under two minutes to whole seconds (prose about a capture's length, where tenths are noise).
enum class DurationStyle { precise, whole_seconds };
std::string duration(double seconds, DurationStyle style = DurationStyle::precise);
std::string bytes(double n);
// Stored bytes in the units providers sell them in: Upstash's "256 MB" tier is 256 MiB, so storage
// counts in 1024s and is labelled as the provider does (256 MB, 1 GB).
std::string storage(double n);

// A plain decimal with a fixed number of decimals ("97.6"), for rates and ratios in prose.
std::string fixed(double v, int decimals);

}  // namespace core::format
