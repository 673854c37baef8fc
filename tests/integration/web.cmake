# WebAssembly build only: the native and wasm projections agree byte for byte, and the browser app
# passes its end-to-end test in headless Chromium. Both compare against the native CLI, built by the
# release preset; REDCAST_NATIVE_CLI points at it (scripts/test passes it). Without it both skip.
if(NOT EMSCRIPTEN OR NOT TARGET redcast_project)
  return()
endif()
set(REDCAST_NATIVE_CLI "${PROJECT_SOURCE_DIR}/build/release/redcast" CACHE FILEPATH
    "Native redcast binary the wasm build is compared with")
find_program(REDCAST_NODE NAMES node nodejs REQUIRED)

add_test(NAME native_vs_wasm
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/native-vs-wasm.sh
                 ${REDCAST_NATIVE_CLI} $<TARGET_FILE:redcast_project> ${PROJECT_SOURCE_DIR})
set_tests_properties(native_vs_wasm PROPERTIES LABELS "web" SKIP_RETURN_CODE 77 TIMEOUT 600)

if(TARGET redcast_web)
  add_test(NAME web_e2e
           COMMAND ${REDCAST_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/e2e.mjs
                   --app $<TARGET_FILE_DIR:redcast_web> --redcast ${REDCAST_NATIVE_CLI} --root ${PROJECT_SOURCE_DIR})
  set_tests_properties(web_e2e PROPERTIES LABELS "web" SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
