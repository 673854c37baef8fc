# docs/scenario.schema.json against the loader: scenarios and valid cases pass both, invalid cases fail both.
if(NOT EMSCRIPTEN)
  add_test(NAME schema COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_schema.py $<TARGET_FILE:redcast> ${PROJECT_SOURCE_DIR})
endif()
