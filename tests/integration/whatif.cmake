# What-ifs (--set, --sweep) and SVG charts (--chart) from the CLI, as a user runs them.
if(NOT EMSCRIPTEN AND TARGET redcast)
  add_test(NAME cli_whatif COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/../cli/whatif.sh $<TARGET_FILE:redcast> ${PROJECT_SOURCE_DIR})
  set_tests_properties(cli_whatif PROPERTIES LABELS "cli" TIMEOUT 300)
endif()
