// `redcast plans`: every plan as data (provider, price model, prices, limits, the rules it bills
// under with their dated free-command sets, sources), as JSON and as a table for people. The JSON
// fields are documented in docs/plans.md.
#pragma once
#include <string>

#include "core/billing/billing.hpp"
#include "core/input/reader.hpp"

namespace core {

json plans_to_json();
std::string plans_to_table();

}  // namespace core
