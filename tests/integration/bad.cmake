# The bad-input suite (tests/bad/run.sh): hostile files and flags, each with its exact message, exit
# code 2 and no output file created or changed.
if(NOT EMSCRIPTEN)
  add_test(NAME bad_input COMMAND bash ${PROJECT_SOURCE_DIR}/tests/bad/run.sh $<TARGET_FILE:redcast>
                                       ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/bad-input)
  # AddressSanitizer's shadow memory and quarantine about triple the peak RSS; the bar is for redcast's
  # own buffers (a 200 MB line is never held whole), so the sanitizer build gets 3x the release bar.
  if(REDCAST_SANITIZE)
    set(REDCAST_BAD_RSS_KB 307200)
  else()
    set(REDCAST_BAD_RSS_KB 102400)
  endif()
  set_tests_properties(bad_input PROPERTIES LABELS bad TIMEOUT 900 ENVIRONMENT "REDCAST_RSS_BAR_KB=${REDCAST_BAD_RSS_KB}")
endif()
