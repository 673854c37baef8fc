# Capture integration test (issue 10), for tests/CMakeLists.txt to include (native builds only):
#   capture_redis  `redcast capture` beside `redis-cli monitor` against a real redis-server, its
#                  replay against INFO commandstats, stops, errors and passwords; fails if
#                  redis-server is missing, left out when the CLI was built without hiredis
set(REDCAST_CAPTURE_SCRIPTS ${CMAKE_CURRENT_LIST_DIR})
if(NOT EMSCRIPTEN AND TARGET redcast AND HIREDIS_FOUND)
  add_test(NAME capture_redis
           COMMAND bash ${REDCAST_CAPTURE_SCRIPTS}/capture_redis.sh $<TARGET_FILE:redcast>)
  set_tests_properties(capture_redis PROPERTIES LABELS "capture;integration" TIMEOUT 120)
endif()
