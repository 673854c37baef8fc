# Third-party libraries, all from Debian's packages (scripts/install-deps). Under Emscripten the
# system include directory must never be on the include path (glibc headers would shadow
# Emscripten's libc), so header-only libraries are reached through a build-tree folder that holds
# only a symlink to each of them.
set(REDCAST_SYSTEM_INCLUDE /usr/include CACHE PATH "Where Debian installs nlohmann/, CLI/ and catch2/")
set(REDCAST_SHIM ${CMAKE_BINARY_DIR}/include-shim)
file(MAKE_DIRECTORY ${REDCAST_SHIM})

# `install_hint`: the scripts/install-deps target that brings the library.
function(redcast_header_lib target subdir probe install_hint)
  if(NOT EXISTS ${REDCAST_SYSTEM_INCLUDE}/${subdir}/${probe})
    message(FATAL_ERROR "redcast: ${REDCAST_SYSTEM_INCLUDE}/${subdir}/${probe} not found; run scripts/install-deps ${install_hint}")
  endif()
  if(NOT EXISTS ${REDCAST_SHIM}/${subdir})
    file(CREATE_LINK ${REDCAST_SYSTEM_INCLUDE}/${subdir} ${REDCAST_SHIM}/${subdir} SYMBOLIC)
  endif()
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  target_include_directories(${target} SYSTEM INTERFACE ${REDCAST_SHIM})
endfunction()

redcast_header_lib(redcast::json nlohmann json.hpp native)
if(NOT EMSCRIPTEN)
  redcast_header_lib(redcast::cli11 CLI CLI.hpp native)
  find_package(ZLIB)
  set(REDCAST_HAVE_ZLIB ${ZLIB_FOUND})
else()
  set(REDCAST_HAVE_ZLIB OFF)
endif()
# The tests need Catch2 (scripts/install-deps test). A build with the tests on fails here when it is
# missing; a build of the CLI alone (scripts/run: -DREDCAST_TESTS=OFF) never looks for it.
if(REDCAST_TESTS)
  redcast_header_lib(redcast::catch2 catch2 catch.hpp "test (or configure with -DREDCAST_TESTS=OFF to build the CLI alone)")
endif()
