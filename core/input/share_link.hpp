// Share links: the scenario travels in the URL fragment, "#s=" + base64url (RFC 4648 §5, no
// padding) of its compact JSON. Pure decoding, here in the core so it is tested and fuzzed natively;
// the browser app only reads the fragment and hands it over.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace core {

std::string base64url_encode(std::string_view bytes);
// Accepts base64url or standard base64, with or without padding; nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);
// The value of `key` in a fragment such as "s=eyJuYW1lIjoi...&x=1" (other keys ignored).
std::optional<std::string> fragment_value(const std::string& fragment, const std::string& key);

}  // namespace core
