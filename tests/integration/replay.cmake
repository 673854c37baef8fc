# Replay integration tests (issue 4), for tests/CMakeLists.txt to include (native builds only):
#   replay_redis        records a capture from a real redis-server on 127.0.0.1 and checks the
#                       replay against its INFO commandstats; fails if redis-server is missing
#   replay_cli          redcast replay / audit / commandstats as a user runs them, bad input included
#   replay_bench_smoke  the benchmark generator and bench on a small capture (no timing bar)
# Paths are relative to this file, so it can be included from anywhere.
set(REDCAST_REPLAY_SCRIPTS ${CMAKE_CURRENT_LIST_DIR})
set(REDCAST_REPLAY_TRACES ${CMAKE_CURRENT_LIST_DIR}/../../../shared/traces)
if(NOT EMSCRIPTEN AND TARGET redcast AND TARGET redcast_replay_tests)
  add_test(NAME replay_redis
           COMMAND bash ${REDCAST_REPLAY_SCRIPTS}/replay_redis.sh $<TARGET_FILE:redcast>
                   $<TARGET_FILE:redcast_replay_tests>)
  set_tests_properties(replay_redis PROPERTIES LABELS "replay;integration" TIMEOUT 120)
  add_test(NAME replay_cli
           COMMAND bash ${REDCAST_REPLAY_SCRIPTS}/replay_cli.sh $<TARGET_FILE:redcast> ${REDCAST_REPLAY_TRACES})
  set_tests_properties(replay_cli PROPERTIES LABELS "replay;integration" TIMEOUT 120)
endif()
if(NOT EMSCRIPTEN AND TARGET gen_capture AND TARGET replay_bench)
  add_test(NAME replay_bench_smoke
           COMMAND sh -c "\"$0\" \"$2\" 20000 && \"$1\" \"$2\" 1"
                   $<TARGET_FILE:gen_capture> $<TARGET_FILE:replay_bench>
                   ${CMAKE_CURRENT_BINARY_DIR}/replay_bench_smoke.monitor)
  set_tests_properties(replay_bench_smoke PROPERTIES LABELS "replay;bench" TIMEOUT 120)
endif()
