// base64url (RFC 4648 §5, no padding) for share links: the scenario travels in the URL fragment.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace web {

std::string base64url_encode(std::string_view bytes);
// Accepts base64url or standard base64, with or without padding; nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace web
