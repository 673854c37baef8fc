# Script-level tests: the CLI as a user runs it, real redis-server recordings, the wasm build and the
# browser app. Each area's file adds its own tests when present.
if(NOT EMSCRIPTEN)
  add_test(NAME cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli.sh $<TARGET_FILE:redcast> ${PROJECT_SOURCE_DIR})
  # docs/ci.md's workflow scripts, run against shipped scenarios in a scratch git repository.
  add_test(NAME cli_ci_workflow COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/ci_workflow_test.sh $<TARGET_FILE:redcast> ${PROJECT_SOURCE_DIR})
endif()
file(GLOB REDCAST_INTEGRATION_FILES ${CMAKE_CURRENT_SOURCE_DIR}/integration/*.cmake)
foreach(f IN LISTS REDCAST_INTEGRATION_FILES)
  include(${f})
endforeach()
