#include "core/replay/tables.hpp"

#include <cmath>

namespace core::replay {

double TinyHll::estimate() const {
  constexpr double m = 64;
  constexpr double alpha = 0.709;  // Flajolet et al., for m = 64
  double sum = 0;
  int zeros = 0;
  for (std::uint8_t r : reg) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    if (r == 0) ++zeros;
  }
  double e = alpha * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / zeros);  // small-range correction
  return e;
}

}  // namespace core::replay
