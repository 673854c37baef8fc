# The bad-input suite (tests/bad/run.sh): hostile files and flags, each with its exact message, exit
# code 2 and no output file created or changed.
if(NOT EMSCRIPTEN)
  add_test(NAME bad_input COMMAND bash ${PROJECT_SOURCE_DIR}/tests/bad/run.sh $<TARGET_FILE:redcast>
                                       ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/bad-input)
  set_tests_properties(bad_input PROPERTIES LABELS bad TIMEOUT 900)
endif()
