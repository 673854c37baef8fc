#include "core/replay/tables.hpp"

#include <cmath>

namespace core::replay {

template <unsigned M>
double Hll<M>::estimate() const {
  constexpr double m = M;
  // Flajolet et al.: alpha for m = 64, and the large-m formula above it.
  constexpr double alpha = M == 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
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

template struct Hll<64>;
template struct Hll<1024>;

}  // namespace core::replay
