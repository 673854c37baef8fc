#include "core/format/format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace core::format {
namespace {

// NaN and infinities: the same words for every format.
bool not_finite(double v, std::string& out) {
  if (std::isnan(v)) out = "n/a";
  else if (std::isinf(v)) out = v < 0 ? "-inf" : "inf";
  else return false;
  return true;
}

std::string printf_fixed(double v, int decimals) {
  char buf[400];  // 1e308 printed in full fits
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

bool all_zero(const std::string& digits) {
  for (char c : digits)
    if (c >= '1' && c <= '9') return false;
  return true;
}

// "1234567.89" -> "1,234,567.89" (digits only, no sign).
std::string group_digits(const std::string& digits) {
  std::size_t dot = digits.find('.');
  std::size_t int_len = dot == std::string::npos ? digits.size() : dot;
  std::string out;
  for (std::size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(int_len);
}

std::string signed_text(bool negative, const std::string& magnitude, const std::string& prefix = "") {
  return (negative && !all_zero(magnitude) ? "-" : "") + prefix + magnitude;
}

// One rung of a unit ladder: magnitudes below `below` print as value/divisor with `decimals`
// decimals and `suffix` — unless rounding carries them up to `below`, then the next rung does.
struct Rung {
  double below, divisor;
  int decimals;
  const char* suffix;
};

template <std::size_t N>
std::string climb(double magnitude, const Rung (&ladder)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    const Rung& r = ladder[i];
    if (magnitude >= r.below && i + 1 < N) continue;
    std::string s = printf_fixed(magnitude / r.divisor, r.decimals);
    if (i + 1 < N && std::strtod(s.c_str(), nullptr) * r.divisor >= r.below) continue;
    return s + r.suffix;
  }
  return {};
}

}  // namespace

std::string grouped_unsigned(std::uint64_t n) { return group_digits(std::to_string(n)); }

std::string grouped_signed(std::int64_t n) {
  std::uint64_t m = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  std::string s = grouped_unsigned(m);
  if (n < 0) s.insert(s.begin(), '-');
  return s;
}

std::string grouped(double n) {
  std::string s;
  if (not_finite(n, s)) return s;
  // Halves round away from zero, as people count (printf alone would round them to even).
  return signed_text(n < 0, group_digits(printf_fixed(std::round(std::fabs(n)), 0)));
}

std::string compact(double n) {
  std::string s;
  if (not_finite(n, s)) return s;
  double a = std::fabs(n);
  // Small fractional values keep one decimal ("97.6"); whole ones print as they are.
  static const Rung fractional[] = {{100, 1, 1, ""}, {1e4, 1, 0, ""}, {1e6, 1e3, 1, "K"}, {1e9, 1e6, 2, "M"}, {0, 1e9, 2, "B"}};
  static const Rung whole[] = {{1e4, 1, 0, ""}, {1e6, 1e3, 1, "K"}, {1e9, 1e6, 2, "M"}, {0, 1e9, 2, "B"}};
  return signed_text(n < 0, a < 100 && a == std::floor(a) ? climb(a, whole) : climb(a, fractional));
}

std::string usd(double dollars) {
  std::string s;
  if (not_finite(dollars, s)) return s;
  return signed_text(dollars < 0, group_digits(printf_fixed(std::fabs(dollars), 2)), "$");
}

std::string percent(double pct, int decimals) {
  std::string s;
  if (not_finite(pct, s)) return s;
  return signed_text(pct < 0, printf_fixed(std::fabs(pct), decimals)) + "%";
}

std::string duration(double seconds, DurationStyle style) {
  std::string s;
  if (not_finite(seconds, s)) return s;
  static const Rung precise[] = {{1, 1e-3, 0, " ms"},   {10, 1, 1, " s"},         {120, 1, 0, " s"},
                                 {7200, 60, 1, " min"}, {2 * 86400, 3600, 1, " h"}, {0, 86400, 1, " days"}};
  // The same ladder from its third rung on.
  static const Rung whole_seconds[] = {{120, 1, 0, " s"}, {7200, 60, 1, " min"}, {2 * 86400, 3600, 1, " h"}, {0, 86400, 1, " days"}};
  double a = std::fabs(seconds);
  return signed_text(seconds < 0, style == DurationStyle::precise ? climb(a, precise) : climb(a, whole_seconds));
}

std::string bytes(double n) {
  std::string s;
  if (not_finite(n, s)) return s;
  static const Rung ladder[] = {{1e3, 1, 0, " B"}, {1e6, 1e3, 1, " KB"}, {1e9, 1e6, 1, " MB"}, {0, 1e9, 2, " GB"}};
  return signed_text(n < 0, climb(std::fabs(n), ladder));
}

std::string storage(double n) {
  std::string s;
  if (not_finite(n, s)) return s;
  // Three significant digits, as providers print their tiers: "256 MB", "1 GB", "12.3 KB".
  constexpr double k = 1024, m = k * k, g = m * k, t = g * k;
  const double a = std::fabs(n);
  const char* unit = a >= t ? " TB" : a >= g ? " GB" : a >= m ? " MB" : a >= k ? " KB" : " B";
  const double v = a >= t ? a / t : a >= g ? a / g : a >= m ? a / m : a >= k ? a / k : a;
  char buf[32];
  std::snprintf(buf, sizeof buf, a >= k ? "%.3g" : "%.0f", v);
  return signed_text(n < 0, std::string(buf) + unit);
}

std::string fixed(double v, int decimals) {
  std::string s;
  if (not_finite(v, s)) return s;
  return signed_text(v < 0, printf_fixed(std::fabs(v), decimals));
}

}  // namespace core::format
