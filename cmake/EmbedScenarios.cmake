# Compiles every shipped scenario under scenarios/ into the core as (path, text) pairs, so the browser
# app's library and the tests see exactly the files the CLI reads.
file(GLOB_RECURSE REDCAST_SCENARIO_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/*.json)
set(REDCAST_EMBEDDED_SCENARIOS_CPP ${CMAKE_BINARY_DIR}/generated/embedded_scenarios.cpp)
add_custom_command(
  OUTPUT ${REDCAST_EMBEDDED_SCENARIOS_CPP}
  COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_SOURCE_DIR} -DOUT=${REDCAST_EMBEDDED_SCENARIOS_CPP}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbedded.cmake
  DEPENDS ${REDCAST_SCENARIO_FILES} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/GenerateEmbedded.cmake
  COMMENT "Embedding shipped scenarios")
