// Key patterns: a key with its variable parts folded into placeholders, so the millions of keys
// of a capture group into the handful of key families an application really has:
//
//   order:42                                    -> order:{n}
//   celery-task-meta-0f5c2e1a-...-9d1c           -> celery-task-meta-{uuid}
//   rq:worker:bc0cff2d4ed24e3bb4e4b69615c02c1a   -> rq:worker:{hex}
//   session:eyJhbGciOiJIUzI1NiJ9x7Qk            -> session:{b64}
//
// Works on the escaped bytes straight from the capture (escapes are copied as literal
// separators: "celery\x06\x163" stays as it is) and writes into a caller-provided buffer, so
// folding a key allocates nothing. Single digits are kept unless they follow an id separator
// (: - _ # =) or are the whole key: priorities, db numbers and versions ("/0.celeryev",
// "solo1@vm") have few values, while "order:7" and "acct-1" are ids.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace core::replay {

constexpr std::size_t kMaxPatternBytes = 120;  // longer folded keys are cut and end in "~"

// Folds `escaped` into `out` (room for kMaxPatternBytes + 8 bytes); returns the length written.
std::size_t fold_key(std::string_view escaped, char* out);

inline std::string fold_key(std::string_view escaped) {
  char buf[kMaxPatternBytes + 8];
  return std::string(buf, fold_key(escaped, buf));
}

}  // namespace core::replay
