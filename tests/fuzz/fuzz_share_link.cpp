// libFuzzer: a pasted URL fragment through the share-link decoder (core/input/share_link), then the
// scenario loader as the browser app does it. base64url must round-trip.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/input/errors.hpp"
#include "core/input/share_link.hpp"
#include "core/scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string fragment(reinterpret_cast<const char*>(data), size);
  auto encoded = core::fragment_value(fragment, "s");
  if (!encoded) return 0;
  auto text = core::base64url_decode(*encoded);
  if (!text) return 0;
  if (core::base64url_decode(core::base64url_encode(*text)) != *text) std::abort();
  try {
    (void)core::load_scenario_text(*text, "shared-link.json");
  } catch (const core::InputError&) {
  }
  return 0;
}
