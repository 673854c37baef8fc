// Key patterns: variable parts folded into placeholders, everything else kept as written.
#include <catch2/catch.hpp>

#include "core/replay/key_pattern.hpp"

using core::replay::fold_key;

TEST_CASE("numbers, uuids, hex and base64 runs fold", "[replay][patterns]") {
  CHECK(fold_key("order:42") == "order:{n}");
  CHECK(fold_key("order:7") == "order:{n}");  // a lone digit after ':' is still an id
  CHECK(fold_key("user:1234:cart") == "user:{n}:cart");
  CHECK(fold_key("42") == "{n}");
  CHECK(fold_key("celery-task-meta-66227a84-7735-43eb-83e8-b729f4032d66") == "celery-task-meta-{uuid}");
  CHECK(fold_key("22969918-3df6-33d6-bd9a-1e6d6722b31c.reply.celery.pidbox") == "{uuid}.reply.celery.pidbox");
  CHECK(fold_key("rq:worker:bc0cff2d4ed24e3bb4e4b69615c02c1a") == "rq:worker:{hex}");
  CHECK(fold_key("sha:c3f8721cbb97f72bc19e972846bd7aaf91901658") == "sha:{hex}");
  CHECK(fold_key("session:eyJhbGciOiJIUzI1NiJ9x7QkLm3") == "session:{b64}");
  CHECK(fold_key("tok:aGVsbG8gd29ybGQ/Zm9vYmFyMTIz+w==") == "tok:{b64}");
  CHECK(fold_key("job12345") == "job{n}");
  CHECK(fold_key("1795307769.5597072") == "{n}.{n}");
}

TEST_CASE("names, single digits and escapes stay as written", "[replay][patterns]") {
  CHECK(fold_key("celery") == "celery");
  CHECK(fold_key(R"(celery\x06\x163)") == R"(celery\x06\x163)");  // kombu's priority queue 3
  CHECK(fold_key("/0.celeryev/worker.heartbeat") == "/0.celeryev/worker.heartbeat");
  CHECK(fold_key("solo1@vm.celery.pidbox") == "solo1@vm.celery.pidbox");
  CHECK(fold_key("_kombu.binding.celery") == "_kombu.binding.celery");
  CHECK(fold_key("unacked_mutex") == "unacked_mutex");
  CHECK(fold_key("deadbeef") == "deadbeef");  // a word, not an id: hex needs a digit
  CHECK(fold_key("ProfileData2024") == "ProfileData{n}");
  CHECK(fold_key("") == "");
}

TEST_CASE("the same family folds to one pattern; long keys are cut", "[replay][patterns]") {
  CHECK(fold_key("lastId:acct-1:USD") == fold_key("lastId:acct-2:USD"));
  CHECK(fold_key("rq:job:3d51ee03-b781-4a6e-a1d9-18efcd2ffad6:dependents") ==
        fold_key("rq:job:9347cad3-02cd-4bd6-b6ab-9d88f6c44651:dependents"));
  std::string long_key(500, 'k');
  std::string p = fold_key(long_key);
  CHECK(p.size() == core::replay::kMaxPatternBytes + 1);
  CHECK(p.back() == '~');
}
